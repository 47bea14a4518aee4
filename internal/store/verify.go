package store

import (
	"context"
	"iter"

	"fazhi/internal/audit"
)

// VerifyAudit walks the whole audit chain in seq order and checks it
// against the head; it returns the first break, or nil when it holds.
func (db *DB) VerifyAudit(ctx context.Context) (_ *audit.Break, err error) {
	defer wrap(&err, "store.VerifyAudit")
	var head audit.VerifyOptions
	if err := db.queryRow(ctx, "SELECT seq, hash FROM audit_head WHERE id = 1").Scan(&head.Count, &head.Head); err != nil {
		return nil, db.translate(err)
	}
	rows, err := db.query(ctx, "SELECT "+auditCols+" FROM audit ORDER BY seq")
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
	return audit.Verify(db.cfg.Keys.AuditKey(), entries, head)
}
