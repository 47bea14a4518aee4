package store

import (
	"context"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/audit"
)

// AuditQuery filters the audit log for the audit page: every field is
// optional. Entries come newest first; Before pages back (entries with a
// smaller sequence number).
type AuditQuery struct {
	Before   int64     // 0: from the newest
	UnitPath string    // the entries about this unit's subtree
	ActorID  int64     // who acted
	Kind     string    // entries about records of this kind
	RecordID int64     // entries about this record
	Action   string    // exact action, e.g. "transition"
	From, To time.Time // From ≤ at < To; zero: open
	Limit    int       // default and maximum 1000
}

// AuditRow is an audit entry with the kind of the record it is about ("" when
// it is not about a record), so the page can name the record's fields.
type AuditRow struct {
	audit.Entry
	Kind string
}

// SearchAudit returns the entries matching q within the caller's scope (by
// the unit the entry is about, as AuditEntries), newest first.
func (db *DB) SearchAudit(ctx context.Context, a Actor, q AuditQuery) (_ []AuditRow, err error) {
	defer wrap(&err, "store.SearchAudit")
	if q.Limit <= 0 || q.Limit > 1000 {
		q.Limit = 1000
	}
	var where []string
	var args []any
	if !a.System {
		if !hasAny(a.Roles, []access.Role{access.RoleAdmin, access.RoleInspector}) {
			return nil, ErrForbidden
		}
		w, sargs := scopeSQL("scope_path", a.Scope.ReadPaths)
		where = append(where, "scope_path <> ''", w)
		args = append(args, sargs...)
	}
	if q.Before > 0 {
		where, args = append(where, "seq < ?"), append(args, q.Before)
	}
	if q.UnitPath != "" {
		w, sargs := scopeSQL("scope_path", []string{q.UnitPath})
		where, args = append(where, w), append(args, sargs...)
	}
	if q.ActorID != 0 {
		where, args = append(where, "actor_id = ?"), append(args, q.ActorID)
	}
	if q.RecordID != 0 {
		where, args = append(where, "object = ?"), append(args, object("record", q.RecordID))
	}
	if q.Kind != "" {
		where, args = append(where, "object IN (SELECT 'record:' || id FROM records WHERE kind = ?)"), append(args, q.Kind)
	}
	if q.Action != "" {
		where, args = append(where, "action = ?"), append(args, q.Action)
	}
	if !q.From.IsZero() {
		where, args = append(where, "at >= ?"), append(args, micros(q.From))
	}
	if !q.To.IsZero() {
		where, args = append(where, "at < ?"), append(args, micros(q.To))
	}
	sqlText := "SELECT " + auditCols + " FROM audit"
	if len(where) > 0 {
		sqlText += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := db.query(ctx, sqlText+" ORDER BY seq DESC LIMIT ?", append(args, q.Limit)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRow
	ids := map[int64][]int{}
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		if id, ok := strings.CutPrefix(e.Object, "record:"); ok {
			if n, err := strconv.ParseInt(id, 10, 64); err == nil {
				ids[n] = append(ids[n], len(out))
			}
		}
		out = append(out, AuditRow{Entry: e})
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows.Close()
	// The kinds of the records the entries are about, in one query.
	if len(ids) > 0 {
		ph := make([]string, 0, len(ids))
		kargs := make([]any, 0, len(ids))
		for id := range ids {
			ph, kargs = append(ph, "?"), append(kargs, id)
		}
		krows, err := db.query(ctx, "SELECT id, kind FROM records WHERE id IN ("+strings.Join(ph, ",")+")", kargs...)
		if err != nil {
			return nil, err
		}
		defer krows.Close()
		for krows.Next() {
			var id int64
			var kind string
			if err := krows.Scan(&id, &kind); err != nil {
				return nil, err
			}
			for _, i := range ids[id] {
				out[i].Kind = kind
			}
		}
		if err := krows.Err(); err != nil {
			return nil, err
		}
	}
	return out, nil
}
