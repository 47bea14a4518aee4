package store

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"

	"fazhi/internal/ledger"
)

// bind is a record to be tied back to the record being saved: its field
// gets the saved record's id, in the same transaction (ledger.Binding).
type bind struct {
	kind  *ledger.Kind
	l     *loaded
	field string
}

// bindsFor checks the bound references of data (the record self, 0 while
// it is created) and returns the binds to write, or FieldErrors:
//   - a reference field with Bind names a record that must be unbound or
//     bound to self, and hold the Match values; unbound and final, it can no
//     longer be bound;
//   - a reference field that another kind binds back to (a review naming its
//     decision) fills that kind's field when it is still empty and the
//     record editable — linked both ways; the record must hold that
//     binding's Match values (a review naming a contract is of type 合同).
func (db *DB) bindsFor(ctx context.Context, a Actor, k *ledger.Kind, data ledger.Values, self int64, refs map[string]*loaded) ([]bind, ledger.FieldErrors) {
	var out []bind
	errs := ledger.FieldErrors{}
	for i := range k.Fields {
		f := &k.Fields[i]
		ref := refs[f.Name]
		if ref == nil {
			continue
		}
		rk := db.kind(ref.rec.Kind)
		if f.Bind != nil {
			ok, reason := f.BoundTo(ref.rec, self)
			switch {
			case !ok:
				errs[f.Name] = reason
			case ref.rec.Data[f.Bind.Back] != "":
				// Already bound to self.
			case rk.State(ref.rec.State) == nil || rk.State(ref.rec.State).Final:
				errs[f.Name] = fmt.Sprintf("「%s」所选记录（编号 %d）已办结，但未载明其所针对的事项，不能用于本事项；请选择或新建针对本事项的记录",
					f.Label, ref.rec.ID)
			default:
				out = append(out, bind{kind: rk, l: ref, field: f.Bind.Back})
			}
			continue
		}
		for j := range rk.Fields {
			g := &rk.Fields[j]
			if g.Bind == nil || g.RefKind != k.Name || g.Bind.Back != f.Name {
				continue
			}
			// The subject's binding says what a record naming it must
			// hold: a review naming a contract reviews a contract.
			if n, v, ok := mismatch(g.Bind.Match, data); ok {
				errs[f.Name] = fmt.Sprintf("「%s」所选记录（编号 %d）是%s台账记录，本记录的「%s」应为“%s”；请改选「%s」或所选记录",
					f.Label, ref.rec.ID, rk.Label, k.Field(n).Label, v, k.Field(n).Label)
				break
			}
			if ref.rec.Data[g.Name] != "" {
				continue
			}
			if s := rk.State(ref.rec.State); s != nil && s.Editable {
				out = append(out, bind{kind: rk, l: ref, field: g.Name})
			}
		}
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// mismatch returns the first (in name order) of match's fields whose value
// data does not hold.
func mismatch(match, data ledger.Values) (field, want string, ok bool) {
	for _, n := range slices.Sorted(maps.Keys(match)) {
		if data[n] != match[n] {
			return n, match[n], true
		}
	}
	return "", "", false
}

// writeBinds sets each bind's field to id, checking the bound record is
// unchanged since it was read (ErrConflict otherwise: two records binding
// the same review at once — one wins).
func (t *wtx) writeBinds(a Actor, binds []bind, id int64) error {
	for _, b := range binds {
		defer t.db.counts.bump(b.kind.Name)
		old := b.l.rec
		r := *old
		r.Data = maps.Clone(old.Data)
		r.Data[b.field] = strconv.FormatInt(id, 10)
		r.Version, r.UpdatedBy, r.UpdatedAt = old.Version+1, a.UserID, t.db.now()
		if err := t.saveRecord(b.kind, &r, old.Version, b.l.path); err != nil {
			return err
		}
		if _, err := t.audit(a, "update", object("record", r.ID), auditDiff(b.kind, old.Data, r.Data)); err != nil {
			return err
		}
	}
	return nil
}
