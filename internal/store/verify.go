package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"iter"

	"fazhi/internal/audit"
)

// head reads the audit head with its seal.
func (db *DB) head(ctx context.Context) (audit.Anchor, error) {
	var a audit.Anchor
	err := db.queryRow(ctx, "SELECT seq, hash, seal FROM audit_head WHERE id = 1").Scan(&a.Seq, &a.Hash, &a.Seal)
	return a, db.translate(err)
}

// sealUnsealedHead seals a head written before heads were sealed (the
// upgrade to migration 0004): the chain as found is trusted from then on.
func (db *DB) sealUnsealedHead(ctx context.Context) error {
	h, err := db.head(ctx)
	if err != nil || h.Seal != "" {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("UPDATE audit_head SET seal = ? WHERE id = 1 AND seal = '' AND seq = ? AND hash = ?",
			audit.SealAnchor(db.cfg.Keys.AuditKey(), h.Seq, h.Hash), h.Seq, h.Hash)
		return err
	})
}

// headBreak names a head whose seal does not verify: rewritten without the
// key (the newest entries deleted and the head moved back, or the log
// emptied and the head reset).
func (db *DB) headBreak(h audit.Anchor) *audit.Break {
	if h.Valid(db.cfg.Keys.AuditKey()) {
		return nil
	}
	return &audit.Break{Seq: h.Seq, Reason: fmt.Sprintf("链头（第%d条）的封签不符：链头被改写，末尾的记录可能已被删除或日志被清空后重置", h.Seq)}
}

// VerifyAudit walks the whole audit chain in seq order and checks it
// against the sealed head; it returns the first break, or nil when it
// holds.
func (db *DB) VerifyAudit(ctx context.Context) (_ *audit.Break, err error) {
	defer wrap(&err, "store.VerifyAudit")
	h, err := db.head(ctx)
	if err != nil {
		return nil, err
	}
	if b := db.headBreak(h); b != nil {
		return b, nil
	}
	return db.verifyFrom(ctx, 0, audit.VerifyOptions{Count: h.Seq, Head: h.Hash})
}

// verifyFrom checks the entries after seq after (0: all) against opts.
func (db *DB) verifyFrom(ctx context.Context, after int64, opts audit.VerifyOptions) (*audit.Break, error) {
	rows, err := db.query(ctx, "SELECT "+auditCols+" FROM audit WHERE seq > ? ORDER BY seq", after)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	entries := iter.Seq2[*audit.Entry, error](func(yield func(*audit.Entry, error) bool) {
		for rows.Next() {
			e, err := scanAudit(rows)
			if !yield(&e, err) || err != nil {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(nil, err)
		}
	})
	if after == 0 {
		return audit.Verify(db.cfg.Keys.AuditKey(), entries, opts)
	}
	// The tail: the entry at after is the start, checked by its hash only.
	var start audit.Entry
	row := db.queryRow(ctx, "SELECT "+auditCols+" FROM audit WHERE seq = ?", after)
	if start, err = scanAudit(row); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return &audit.Break{Seq: after, Reason: fmt.Sprintf("第%d条记录被删除", after)}, nil
		}
		return nil, err
	}
	return audit.VerifyTail(db.cfg.Keys.AuditKey(), &start, entries, opts)
}

// VerifyAuditTail checks the sealed head and the newest n entries: what
// `serve` runs at start and periodically, in milliseconds however long
// the log.
func (db *DB) VerifyAuditTail(ctx context.Context, n int64) (_ *audit.Break, err error) {
	defer wrap(&err, "store.VerifyAuditTail")
	h, err := db.head(ctx)
	if err != nil {
		return nil, err
	}
	if b := db.headBreak(h); b != nil {
		return b, nil
	}
	if h.Seq <= n {
		return db.verifyFrom(ctx, 0, audit.VerifyOptions{Count: h.Seq, Head: h.Hash})
	}
	return db.verifyFrom(ctx, h.Seq-n, audit.VerifyOptions{Count: h.Seq, Head: h.Hash})
}

// AuditAnchor returns the current head as a sealed checkpoint, after
// checking that the head's own seal holds.
func (db *DB) AuditAnchor(ctx context.Context) (_ audit.Anchor, err error) {
	defer wrap(&err, "store.AuditAnchor")
	h, err := db.head(ctx)
	if err != nil {
		return audit.Anchor{}, err
	}
	if b := db.headBreak(h); b != nil {
		return audit.Anchor{}, fmt.Errorf("%s", b.Reason)
	}
	return h, nil
}

// VerifyAuditAnchor checks that the chain still holds the checkpoint cp
// (printed earlier by `fazhi audit anchor` and kept elsewhere): its seal
// is this key's, and the entry it names is still there with its hash. A
// log truncated below it, or a database rolled back as a whole, fails.
func (db *DB) VerifyAuditAnchor(ctx context.Context, cp audit.Anchor) (_ *audit.Break, err error) {
	defer wrap(&err, "store.VerifyAuditAnchor")
	if !cp.Valid(db.cfg.Keys.AuditKey()) {
		return &audit.Break{Seq: cp.Seq, Reason: "检查点的封签不符：检查点被改动，或不是用本系统的主密钥签发的"}, nil
	}
	if cp.Seq == 0 {
		return nil, nil
	}
	var hash string
	switch err := db.queryRow(ctx, "SELECT hash FROM audit WHERE seq = ?", cp.Seq).Scan(&hash); {
	case errors.Is(err, sql.ErrNoRows):
		return &audit.Break{Seq: cp.Seq, Reason: fmt.Sprintf("检查点记录的第%d条已不在审计日志中：日志被截断或数据库被整体回退", cp.Seq)}, nil
	case err != nil:
		return nil, db.translate(err)
	}
	if hash != cp.Hash {
		return &audit.Break{Seq: cp.Seq, Reason: fmt.Sprintf("第%d条记录与检查点不符：该条及其之前的日志被改写", cp.Seq)}, nil
	}
	return nil, nil
}
