package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"slices"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// writeRoles are the roles that may change records of a kind in some way:
// create, edit or take any transition. They may attach files.
func writeRoles(k *ledger.Kind) []access.Role {
	out := slices.Concat(k.CreateRoles, k.EditRoles)
	for _, t := range k.Workflow.Transitions {
		out = append(out, t.Roles...)
	}
	return out
}

// AddAttachment stores a file's content in the blob store and its
// metadata with the record, audited. Size and type limits are the
// caller's (the web layer) to enforce before reading.
func (db *DB) AddAttachment(ctx context.Context, a Actor, recordID int64, name, contentType string, r io.Reader) (_ *Attachment, err error) {
	defer wrap(&err, "store.AddAttachment(%d)", recordID)
	l, err := db.loadRecord(ctx, a, recordID)
	if err != nil {
		return nil, err
	}
	k := db.kind(l.rec.Kind)
	if !a.System && !hasAny(db.rolesIn(a, l.rec.UnitID, l.path), writeRoles(k)) {
		return nil, ErrForbidden
	}
	if err := finalRefusal(k, l.rec.State); err != nil {
		return nil, err
	}
	if l.closed {
		return nil, errUnitClosed
	}
	sha, size, err := db.cfg.Blobs.Put(ctx, r, 0)
	if err != nil {
		return nil, err
	}
	at := &Attachment{RecordID: recordID, Name: name, ContentType: contentType, Size: size, SHA256: sha,
		CreatedAt: fromMicros(micros(db.now())), CreatedBy: a.UserID}
	err = db.write(ctx, func(t *wtx) error {
		// Again in the writer: a transition to a final state may have
		// committed while the file was stored.
		var state string
		if err := t.queryRow("SELECT state FROM records WHERE id = ?", recordID).Scan(&state); err != nil {
			return t.db.translate(err)
		}
		if err := finalRefusal(k, state); err != nil {
			return err
		}
		if err := t.recheckUnit(l); err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO attachments (record_id, name, content_type, size, sha256, created_at, created_by)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, recordID, name, contentType, size, sha, micros(at.CreatedAt), a.UserID)
		if err != nil {
			return err
		}
		at.ID = id
		_, err = t.audit(a, "attach", object("record", recordID), change{After: map[string]any{
			"name": name, "content_type": contentType, "size": size, "sha256": sha}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return at, nil
}

// finalRefusal refuses a file for a record in a final state: what was
// concluded is not added to, as it is not edited.
func finalRefusal(k *ledger.Kind, state string) error {
	if st := k.State(state); st != nil && st.Final {
		return &ledger.RuleError{Reason: "记录处于「" + st.Label + "」状态，已经办结，不能再上传附件（办结的记录与其材料一并锁定，如同不能再修改）"}
	}
	return nil
}

const attachmentCols = "id, record_id, name, content_type, size, sha256, created_at, created_by"

func scanAttachment(row interface{ Scan(...any) error }) (Attachment, error) {
	var at Attachment
	var created int64
	err := row.Scan(&at.ID, &at.RecordID, &at.Name, &at.ContentType, &at.Size, &at.SHA256, &created, &at.CreatedBy)
	at.CreatedAt = fromMicros(created)
	return at, err
}

// Attachments lists the files of a record a may read, oldest first.
func (db *DB) Attachments(ctx context.Context, a Actor, recordID int64) (_ []Attachment, err error) {
	defer wrap(&err, "store.Attachments(%d)", recordID)
	if err := db.visible(ctx, a, recordID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, "SELECT "+attachmentCols+" FROM attachments WHERE record_id = ? ORDER BY id", recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Attachment
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, at)
	}
	return out, rows.Err()
}

// OpenAttachment opens a file of a record a may read.
func (db *DB) OpenAttachment(ctx context.Context, a Actor, recordID int64, sha string) (_ *Attachment, _ io.ReadCloser, err error) {
	defer wrap(&err, "store.OpenAttachment(%d)", recordID)
	if err := db.visible(ctx, a, recordID); err != nil {
		return nil, nil, err
	}
	at, err := scanAttachment(db.queryRow(ctx, "SELECT "+attachmentCols+" FROM attachments WHERE record_id = ? AND sha256 = ? ORDER BY id LIMIT 1", recordID, sha))
	if err != nil {
		return nil, nil, db.translate(err)
	}
	rc, err := db.cfg.Blobs.Open(ctx, sha)
	if err != nil {
		return nil, nil, err
	}
	// The bytes are checked against the recorded SHA-256 before any is
	// handed out: a blob edited on disk is refused, not served.
	if err := checkBlob(rc, at); err != nil {
		rc.Close()
		return nil, nil, err
	}
	if sk, ok := rc.(io.Seeker); ok {
		if _, err := sk.Seek(0, io.SeekStart); err != nil {
			rc.Close()
			return nil, nil, err
		}
		return &at, rc, nil
	}
	rc.Close()
	if rc, err = db.cfg.Blobs.Open(ctx, sha); err != nil {
		return nil, nil, err
	}
	return &at, rc, nil
}

// checkBlob reads r whole and compares its SHA-256 and size with at's.
func checkBlob(r io.Reader, at Attachment) error {
	h := sha256.New()
	n, err := io.Copy(h, r)
	if err != nil {
		return err
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != at.SHA256 || n != at.Size {
		return fmt.Errorf("%w: attachment %d of record %d: content hashes to %s (%d bytes), recorded %s (%d bytes)",
			ErrTampered, at.ID, at.RecordID, got, n, at.SHA256, at.Size)
	}
	return nil
}
