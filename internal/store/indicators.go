package store

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// IndicatorRecords returns every record of kind in the subtree of unitID
// that a may read, for indicator evaluation (internal/indicator): id,
// unit, state, year and the fields the kind's indicators read
// (Kind.IndicatorFields), with the personal fields named in persons
// holding their keyed hash from pii_index (one person, one hash, across
// units) and every other personal value left out — nothing is decrypted.
// One range of the (kind, unit_path) index.
func (db *DB) IndicatorRecords(ctx context.Context, a Actor, kind string, unitID int64, persons []string) (_ []ledger.Record, err error) {
	defer wrap(&err, "store.IndicatorRecords(%s, %d)", kind, unitID)
	k := db.kind(kind)
	if k == nil {
		return nil, ErrNotFound
	}
	p := db.unitPath(unitID)
	if p == "" {
		return nil, ErrNotFound
	}
	scope, args := scopeWhere(a)
	lo, hi := pathRange(p)
	recs, _, err := db.indicatorRecords(ctx, k, persons, "r.unit_path >= ? AND r.unit_path < ? AND "+scope, append([]any{lo, hi}, args...), nil, false)
	return recs, err
}

// IndicatorUnitRecords returns the records of kind whose own unit is one
// of units (of rootID's subtree), read as IndicatorRecords reads them and
// whoever may read them, for indicator.Parts (kept per unit, shared by
// every reader, which the engine limits to the reader's units). A unit's
// path is read in the same statement as its records, so a unit moved
// meanwhile is read at its new place.
func (db *DB) IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) (_ []ledger.Record, err error) {
	defer wrap(&err, "store.IndicatorUnitRecords(%s, %d units)", kind, len(units))
	k := db.kind(kind)
	if k == nil {
		return nil, ErrNotFound
	}
	if len(units) <= 4 {
		// A few units (the parts one write made stale): one index range
		// each.
		var out []ledger.Record
		for _, u := range units {
			recs, _, err := db.indicatorRecords(ctx, k, persons,
				"r.unit_path = (SELECT path FROM units WHERE id = ?) AND r.unit_id = ?", []any{u, u}, nil, false)
			if err != nil {
				return nil, err
			}
			out = append(out, recs...)
		}
		return out, nil
	}
	// Many (the first evaluation): the root's subtree in one range, its
	// other units' records left out.
	want := make(map[int64]bool, len(units))
	for _, u := range units {
		want[u] = true
	}
	recs, _, err := db.indicatorRecords(ctx, k, persons,
		"r.unit_path >= (SELECT path FROM units WHERE id = ?) AND r.unit_path < (SELECT substr(path, 1, length(path) - 1) || '0' FROM units WHERE id = ?)",
		[]any{rootID, rootID}, want, false)
	return recs, err
}

// IndicatorMarks returns the mark of every record of kind whose own unit
// is unitID, by record id: from indicator_marks, set by the triggers that
// bump indicator_gens (migration 0025) with every write of what an
// evaluation reads of the record. One range of its primary key.
func (db *DB) IndicatorMarks(ctx context.Context, kind string, unitID int64) (_ map[int64]int64, err error) {
	defer wrap(&err, "store.IndicatorMarks(%s, %d)", kind, unitID)
	return db.indicatorMarks(ctx, kind, unitID)
}

// indicatorMarks is IndicatorMarks, its errors not wrapped.
func (db *DB) indicatorMarks(ctx context.Context, kind string, unitID int64) (map[int64]int64, error) {
	rows, err := db.query(ctx, `SELECT record_id, gen FROM indicator_marks WHERE unit_id = ? AND kind = ?`, unitID, kind)
	if err != nil {
		return nil, db.translate(err)
	}
	defer rows.Close()
	out := map[int64]int64{}
	for rows.Next() {
		var id, gen int64
		if err := rows.Scan(&id, &gen); err != nil {
			return nil, err
		}
		out[id] = gen
	}
	return out, rows.Err()
}

// IndicatorRecordsByID returns those of the records ids that are of kind
// and whose own unit is unitID (a record deleted or moved meanwhile is left
// out; ids nil: all of them, one index range), read as
// IndicatorUnitRecords reads them, with each one's mark (indicator_marks):
// read in the same statement, or for all of them just before.
func (db *DB) IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) (_ []ledger.Record, _ []int64, err error) {
	defer wrap(&err, "store.IndicatorRecordsByID(%s, %d, %d ids)", kind, unitID, len(ids))
	k := db.kind(kind)
	if k == nil {
		return nil, nil, ErrNotFound
	}
	if ids == nil {
		// The marks first, in a range of their own (cheaper than a lookup
		// beside each record), then the records: a record written between
		// the two reads has a mark other than the one returned (0 for one
		// created meanwhile, since a write's mark is at least 1), so it is
		// read again at the next generation.
		now, err := db.indicatorMarks(ctx, kind, unitID)
		if err != nil {
			return nil, nil, err
		}
		recs, _, err := db.indicatorRecords(ctx, k, persons,
			"r.unit_path = (SELECT path FROM units WHERE id = ?) AND r.unit_id = ?", []any{unitID, unitID}, nil, false)
		if err != nil {
			return nil, nil, err
		}
		marks := make([]int64, len(recs))
		for i, r := range recs {
			marks[i] = now[r.ID]
		}
		return recs, marks, nil
	}
	var out []ledger.Record
	var marks []int64
	for chunk := range slices.Chunk(ids, 500) { // well under SQLite's bound on parameters
		args := []any{unitID}
		for _, id := range chunk {
			args = append(args, id)
		}
		marks1 := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		recs, m, err := db.indicatorRecords(ctx, k, persons, "r.unit_id = ? AND r.id IN ("+marks1+")", args, nil, true)
		if err != nil {
			return nil, nil, err
		}
		out, marks = append(out, recs...), append(marks, m...)
	}
	return out, marks, nil
}

// IndicatorGens returns the write generation of every (unit, kind) of
// unitID's subtree with records, from indicator_gens (bumped by triggers
// on records and pii_index in every writing transaction: migration 0022).
func (db *DB) IndicatorGens(ctx context.Context, unitID int64) (_ map[indicator.UnitKind]int64, err error) {
	defer wrap(&err, "store.IndicatorGens(%d)", unitID)
	rows, err := db.query(ctx, `SELECT g.unit_id, g.kind, g.gen FROM units t, units u, indicator_gens g
		WHERE t.id = ? AND u.path >= t.path AND u.path < substr(t.path, 1, length(t.path) - 1) || '0' AND g.unit_id = u.id`, unitID)
	if err != nil {
		return nil, db.translate(err)
	}
	defer rows.Close()
	out := map[indicator.UnitKind]int64{}
	for rows.Next() {
		var uk indicator.UnitKind
		var gen int64
		if err := rows.Scan(&uk.Unit, &uk.Kind, &gen); err != nil {
			return nil, err
		}
		out[uk] = gen
	}
	return out, rows.Err()
}

// indicatorRecords reads the records of k matching where (on records r)
// for an evaluation; only is the units kept (nil: all). withMarks reads
// each record's mark (indicator_marks, 0 if none) beside it.
func (db *DB) indicatorRecords(ctx context.Context, k *ledger.Kind, persons []string, where string, wargs []any, only map[int64]bool, withMarks bool) ([]ledger.Record, []int64, error) {
	var cols strings.Builder
	var pargs []any
	for _, f := range persons {
		if fd := k.Field(f); fd == nil || fd.Type != ledger.TypePersonal {
			return nil, nil, fmt.Errorf("%s is not a personal field", f)
		}
		cols.WriteString(", COALESCE((SELECT p.hash FROM pii_index p WHERE p.record_id = r.id AND p.field = ?), '')")
		pargs = append(pargs, f)
	}
	if withMarks {
		cols.WriteString(", COALESCE((SELECT m.gen FROM indicator_marks m WHERE m.unit_id = r.unit_id AND m.kind = r.kind AND m.record_id = r.id), 0)")
	}
	q := "SELECT r.id, r.unit_id, r.state, r.year, r.data" + cols.String() +
		" FROM records r WHERE r.kind = ? AND " + where
	rows, err := db.query(ctx, q, append(append(pargs, k.Name), wargs...)...)
	if err != nil {
		return nil, nil, db.translate(err)
	}
	defer rows.Close()
	// Only the fields the kind's indicators read, never a personal value
	// (a person is counted by the hash read beside).
	want := map[string]bool{}
	for _, f := range k.IndicatorFields() {
		if fd := k.Field(f); fd != nil && fd.Type != ledger.TypePersonal {
			want[f] = true
		}
	}
	var out []ledger.Record
	var marks []int64
	hashes := make([]string, len(persons))
	dest := make([]any, 0, 6+len(persons))
	for rows.Next() {
		r := ledger.Record{Kind: k.Name}
		var data string
		var mark int64
		dest = append(dest[:0], &r.ID, &r.UnitID, &r.State, &r.Year, &data)
		for i := range hashes {
			dest = append(dest, &hashes[i])
		}
		if withMarks {
			dest = append(dest, &mark)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, nil, err
		}
		if only != nil && !only[r.UnitID] {
			continue
		}
		var ok bool
		if r.Data, ok = ledger.PickFields(data, want); !ok {
			if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
				return nil, nil, fmt.Errorf("record %d: data: %w", r.ID, err)
			}
			if r.Data == nil {
				r.Data = ledger.Values{}
			}
			for f := range r.Data {
				if !want[f] {
					delete(r.Data, f)
				}
			}
		}
		for i, f := range persons {
			if hashes[i] != "" {
				r.Data[f] = hashes[i]
			}
		}
		out = append(out, r)
		if withMarks {
			marks = append(marks, mark)
		}
	}
	return out, marks, rows.Err()
}

// RecordsByID returns the records of ids that a may read, in the order of
// ids (a drill-down page's records); ids outside the scope are left out.
// Personal data is masked unless a.SeePersonal.
func (db *DB) RecordsByID(ctx context.Context, a Actor, ids []int64) (_ []ledger.Record, err error) {
	defer wrap(&err, "store.RecordsByID(%d ids)", len(ids))
	if len(ids) == 0 {
		return nil, nil
	}
	scope, sargs := scopeWhere(a)
	var recs []ledger.Record
	for chunk := range slices.Chunk(ids, 500) { // well under SQLite's bound on parameters
		args := slices.Clone(sargs)
		for _, id := range chunk {
			args = append(args, id)
		}
		marks := strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")
		part, err := db.readRecords(ctx, a, "SELECT "+recordCols+" FROM records r WHERE "+scope+" AND r.id IN ("+marks+")", args...)
		if err != nil {
			return nil, db.translate(err)
		}
		recs = append(recs, part...)
	}
	at := make(map[int64]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	out := make([]ledger.Record, len(ids))
	for i := range recs {
		out[at[recs[i].ID]] = *db.present(db.kind(recs[i].Kind), &recs[i], a)
	}
	kept := out[:0]
	for _, r := range out {
		if r.ID != 0 {
			kept = append(kept, r)
		}
	}
	return kept, nil
}

// IndicatorReader is what an indicator evaluation reads (an
// indicator.Source): the records of st in a's scope.
type IndicatorReader struct {
	st Contract
	a  Actor
}

// IndicatorSource is the reader of st's records in a's scope.
func IndicatorSource(st Contract, a Actor) IndicatorReader { return IndicatorReader{st, a} }

// IndicatorRecords reads one kind.
func (r IndicatorReader) IndicatorRecords(ctx context.Context, kind string, unitID int64, persons []string) ([]ledger.Record, error) {
	return r.st.IndicatorRecords(ctx, r.a, kind, unitID, persons)
}

// IndicatorGens reads the write generations (indicator.PartsSource).
func (r IndicatorReader) IndicatorGens(ctx context.Context, unitID int64) (map[indicator.UnitKind]int64, error) {
	return r.st.IndicatorGens(ctx, unitID)
}

// IndicatorUnitRecords reads units' own records for their parts
// (indicator.PartsSource); the engine keeps the reader to its scope.
func (r IndicatorReader) IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) ([]ledger.Record, error) {
	return r.st.IndicatorUnitRecords(ctx, kind, rootID, units, persons)
}

// IndicatorMarks reads a unit's records' marks (indicator.PartsSource).
func (r IndicatorReader) IndicatorMarks(ctx context.Context, kind string, unitID int64) (map[int64]int64, error) {
	return r.st.IndicatorMarks(ctx, kind, unitID)
}

// IndicatorRecordsByID reads a unit's records whose marks moved
// (indicator.PartsSource).
func (r IndicatorReader) IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) ([]ledger.Record, []int64, error) {
	return r.st.IndicatorRecordsByID(ctx, kind, unitID, ids, persons)
}
