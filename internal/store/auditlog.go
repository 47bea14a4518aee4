package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/audit"
)

// auditHead is the chain's head as the running write transaction sees it.
type auditHead struct {
	loaded bool
	dirty  bool
	seq    int64
	hash   string
}

// loadHead reads (and on PostgreSQL locks) the audit head.
func (t *wtx) loadHead() error {
	if t.head.loaded {
		return nil
	}
	q := "SELECT seq, hash FROM audit_head WHERE id = 1"
	if t.db.dialect == postgres {
		q += " FOR UPDATE"
	}
	if err := t.queryRow(q).Scan(&t.head.seq, &t.head.hash); err != nil {
		return t.db.translate(err)
	}
	t.head.loaded = true
	return nil
}

// flushHead writes the head back once per transaction.
func (t *wtx) flushHead() error {
	if !t.head.dirty {
		return nil
	}
	err := t.queue("UPDATE audit_head SET seq = ?, hash = ?, seal = ? WHERE id = 1", t.head.seq, t.head.hash,
		audit.SealAnchor(t.db.cfg.Keys.AuditKey(), t.head.seq, t.head.hash))
	t.head.dirty = false
	return err
}

// appendAudit chains e after the head and inserts it. It sets e.Seq,
// e.PrevHash and e.Hash; e.At defaults to now.
func (t *wtx) appendAudit(e *audit.Entry) error {
	return t.appendAuditIn(e, nil)
}

// appendAuditIn is appendAudit with the entry's scope path given (nil: look
// it up), as a create knows its record's unit path.
func (t *wtx) appendAuditIn(e *audit.Entry, scope *string) error {
	if err := t.loadHead(); err != nil {
		return err
	}
	if e.At.IsZero() {
		e.At = t.db.now()
	}
	e.At = fromMicros(micros(e.At)) // the stored precision, so the hash verifies
	e.Seq = t.head.seq + 1
	e.PrevHash = t.head.hash
	e.Hash = t.db.entryHash(e.PrevHash, e)
	if scope == nil {
		path, err := t.scopePath(e)
		if err != nil {
			return err
		}
		scope = &path
	}
	if err := t.queue(`INSERT INTO audit (seq, at, actor_id, actor, unit_id, addr, action, object, diff, prev_hash, hash, scope_path)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		e.Seq, micros(e.At), e.ActorID, e.Actor, e.UnitID, e.Addr, e.Action, e.Object, e.Diff, e.PrevHash, e.Hash, *scope); err != nil {
		return err
	}
	t.head.seq, t.head.hash, t.head.dirty = e.Seq, e.Hash, true
	return nil
}

// scopePath is the path of the unit entry e is about, which decides who
// reads it on the audit page: a record's unit, a user's (or a token
// owner's) home unit, a unit itself; for anything else the actor's unit.
// "" (no unit) is read by the command line only.
func (t *wtx) scopePath(e *audit.Entry) (string, error) {
	kind, idText, _ := strings.Cut(e.Object, ":")
	id, err := strconv.ParseInt(idText, 10, 64)
	q := ""
	switch {
	case err != nil:
	case kind == "record":
		q = "SELECT unit_path FROM records WHERE id = ?"
	case kind == "user":
		q = "SELECT n.path FROM users u JOIN units n ON n.id = u.unit_id WHERE u.id = ?"
	case kind == "token":
		q = "SELECT n.path FROM api_tokens k JOIN users u ON u.id = k.user_id JOIN units n ON n.id = u.unit_id WHERE k.id = ?"
	case kind == "unit":
		q = "SELECT path FROM units WHERE id = ?"
	case kind == "report":
		q = "SELECT n.path FROM reports r JOIN units n ON n.id = r.unit_id WHERE r.id = ?"
	}
	if q == "" {
		q, id = "SELECT path FROM units WHERE id = ?", e.UnitID
	}
	var path string
	switch err := t.queryRow(q, id).Scan(&path); {
	case errors.Is(err, sql.ErrNoRows):
		return "", nil
	case err != nil:
		return "", err
	}
	return path, nil
}

// audit appends an entry for actor a.
func (t *wtx) audit(a Actor, action, object string, diff any) (int64, error) {
	return t.auditIn(a, action, object, diff, nil)
}

// auditIn is audit with the entry's scope path given (see appendAuditIn).
func (t *wtx) auditIn(a Actor, action, object string, diff any, scope *string) (int64, error) {
	e := &audit.Entry{ActorID: a.UserID, Actor: a.UserName, UnitID: a.UnitID, Addr: a.Addr, Action: action, Object: object}
	switch d := diff.(type) {
	case nil:
		e.Diff = "{}"
	case string:
		e.Diff = d
	default:
		b, err := json.Marshal(d)
		if err != nil {
			return 0, err
		}
		e.Diff = string(b)
	}
	if err := t.appendAuditIn(e, scope); err != nil {
		return 0, err
	}
	return e.Seq, nil
}

// change is the before/after diff of an audit entry.
type change struct {
	Before any `json:"before,omitempty"`
	After  any `json:"after,omitempty"`
}

func object(kind string, id int64) string { return kind + ":" + strconv.FormatInt(id, 10) }

// AppendAudit appends an entry for an event that changes no stored data
// (login, failed login, logout). Seq, PrevHash and Hash are set.
func (db *DB) AppendAudit(ctx context.Context, e *audit.Entry) (err error) {
	defer wrap(&err, "store.AppendAudit(%s)", e.Action)
	if e.Diff == "" {
		e.Diff = "{}"
	}
	return db.write(ctx, func(t *wtx) error { return t.appendAudit(e) })
}

const auditCols = "seq, at, actor_id, actor, unit_id, addr, action, object, diff, prev_hash, hash"

func scanAudit(rows interface{ Scan(...any) error }) (audit.Entry, error) {
	var e audit.Entry
	var at int64
	err := rows.Scan(&e.Seq, &at, &e.ActorID, &e.Actor, &e.UnitID, &e.Addr, &e.Action, &e.Object, &e.Diff, &e.PrevHash, &e.Hash)
	e.At = fromMicros(at)
	return e, err
}

// AuditEntries returns up to limit entries after seq, oldest first. Admins
// and inspectors see the entries of actors in their scope; the system
// actor sees all; others are forbidden.
func (db *DB) AuditEntries(ctx context.Context, a Actor, after int64, limit int) (_ []audit.Entry, err error) {
	defer wrap(&err, "store.AuditEntries")
	if limit <= 0 || limit > 1000 {
		limit = 1000
	}
	q := "SELECT " + auditCols + " FROM audit WHERE seq > ?"
	args := []any{after}
	if !a.System {
		if !hasAny(a.Roles, []access.Role{access.RoleAdmin, access.RoleInspector}) {
			return nil, ErrForbidden
		}
		// By the unit the entry is about (scope_path), not the actor's.
		where, sargs := scopeSQL("scope_path", a.Scope.ReadPaths)
		q += " AND scope_path <> '' AND " + where
		args = append(args, sargs...)
	}
	rows, err := db.query(ctx, q+" ORDER BY seq LIMIT ?", append(args, limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}
