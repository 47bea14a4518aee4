package store

import (
	"context"
	"fmt"

	"fazhi/internal/ledger"
)

// Count counts the records of kind in the reader's scope whose fields
// equal filters (fields declared Filter), for guards.
func (l linkedReader) Count(ctx context.Context, kind string, filters ledger.Values) (int, error) {
	k := l.db.kind(kind)
	if k == nil {
		return 0, fmt.Errorf("store.Count: unknown kind %q", kind)
	}
	_, total, err := l.db.ListRecords(ctx, l.a, ListQuery{Kind: kind, Filters: filters, Page: 1, PerPage: 1})
	return total, err
}

// Records lists up to limit records of kind in the reader's scope whose
// fields equal filters (fields declared Filter), newest first, for guards
// that read what they find (a certificate's validity on a date).
func (l linkedReader) Records(ctx context.Context, kind string, filters ledger.Values, limit int) ([]ledger.Record, error) {
	if l.db.kind(kind) == nil {
		return nil, fmt.Errorf("store.Records: unknown kind %q", kind)
	}
	if limit <= 0 || limit > 200 {
		limit = 200
	}
	recs, _, err := l.db.ListRecords(ctx, l.a, ListQuery{Kind: kind, Filters: filters, Sort: "-updated_at", Page: 1, PerPage: limit})
	return recs, err
}

// ByPersonal lists the records of kind in the reader's scope whose personal
// field holds value, for guards; personal values are as the reader may see
// them.
func (l linkedReader) ByPersonal(ctx context.Context, kind, field, value string) ([]ledger.Record, error) {
	k := l.db.kind(kind)
	if k == nil {
		return nil, fmt.Errorf("store.ByPersonal: unknown kind %q", kind)
	}
	return l.db.FindByPersonal(ctx, l.a, k, field, value)
}

// SamePerson lists the other records of the same kind, in a's scope, whose
// personal field holds the same value as record id's (matched by the keyed
// hash stored with each record; nobody types or sees the value to match).
func (db *DB) SamePerson(ctx context.Context, a Actor, id int64, field string) (_ []ledger.Record, err error) {
	defer wrap(&err, "store.SamePerson(%d %s)", id, field)
	l, err := db.loadRecord(ctx, a, id)
	if err != nil {
		return nil, err
	}
	k := db.kind(l.rec.Kind)
	if f := k.Field(field); f == nil || f.Type != ledger.TypePersonal {
		return nil, ledger.FieldErrors{field: "「" + field + "」不是个人信息字段"}
	}
	scope, args := scopeWhere(a)
	return db.readRecords(ctx, a, "SELECT "+recordCols+" FROM pii_index me JOIN pii_index p ON p.kind = me.kind AND p.field = me.field AND p.hash = me.hash"+
		" JOIN records r ON r.id = p.record_id WHERE me.record_id = ? AND me.field = ? AND p.record_id <> me.record_id AND "+scope+" ORDER BY r.id",
		append([]any{id, field}, args...)...)
}
