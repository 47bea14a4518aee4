package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"strings"
	"sync"

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
	var cols strings.Builder
	var pargs []any
	for _, f := range persons {
		if fd := k.Field(f); fd == nil || fd.Type != ledger.TypePersonal {
			return nil, fmt.Errorf("%s is not a personal field", f)
		}
		cols.WriteString(", COALESCE((SELECT p.hash FROM pii_index p WHERE p.record_id = r.id AND p.field = ?), '')")
		pargs = append(pargs, f)
	}
	q := "SELECT r.id, r.unit_id, r.state, r.year, r.data" + cols.String() +
		" FROM records r WHERE r.kind = ? AND r.unit_path >= ? AND r.unit_path < ? AND " + scope
	rows, err := db.query(ctx, q, append(append(pargs, kind, lo, hi), args...)...)
	if err != nil {
		return nil, db.translate(err)
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
	hashes := make([]string, len(persons))
	dest := make([]any, 0, 5+len(persons))
	for rows.Next() {
		r := ledger.Record{Kind: kind}
		var data string
		dest = append(dest[:0], &r.ID, &r.UnitID, &r.State, &r.Year, &data)
		for i := range hashes {
			dest = append(dest, &hashes[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		var ok bool
		if r.Data, ok = ledger.PickFields(data, want); !ok {
			if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
				return nil, fmt.Errorf("record %d: data: %w", r.ID, err)
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
	}
	return out, rows.Err()
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

// IndicatorRecordsKinds is IndicatorRecords for several kinds at once
// (kind → its personal fields read as hashes): one pass over the subtree
// instead of one per kind. Kinds are mixed on the table's pages, so a
// county read kind by kind visits every page once per kind; here each
// record is read once, and the data of the records is decoded on every
// core.
func (db *DB) IndicatorRecordsKinds(ctx context.Context, a Actor, kinds map[string][]string, unitID int64) (_ map[string][]ledger.Record, err error) {
	defer wrap(&err, "store.IndicatorRecordsKinds(%d kinds, %d)", len(kinds), unitID)
	p := db.unitPath(unitID)
	if p == "" {
		return nil, ErrNotFound
	}
	names := slices.Sorted(maps.Keys(kinds))
	want := map[string]map[string]bool{} // by kind: the fields read, never a personal one
	var personFields []string
	for _, name := range names {
		k := db.kind(name)
		if k == nil {
			return nil, ErrNotFound
		}
		w := map[string]bool{}
		for _, f := range k.IndicatorFields() {
			if fd := k.Field(f); fd != nil && fd.Type != ledger.TypePersonal {
				w[f] = true
			}
		}
		want[name] = w
		for _, f := range kinds[name] {
			if fd := k.Field(f); fd == nil || fd.Type != ledger.TypePersonal {
				return nil, fmt.Errorf("%s.%s is not a personal field", name, f)
			}
			if !slices.Contains(personFields, f) {
				personFields = append(personFields, f)
			}
		}
	}
	if len(names) == 0 {
		return map[string][]ledger.Record{}, nil
	}
	scope, sargs := scopeWhere(a)
	lo, hi := pathRange(p)
	where := " r.unit_path >= ? AND r.unit_path < ? AND r.kind IN (" + marks(len(names)) + ") AND " + scope
	args := []any{lo, hi}
	for _, n := range names {
		args = append(args, n)
	}
	args = append(args, sargs...)

	type raw struct {
		rec  ledger.Record
		data string
	}
	var raws []raw
	rows, err := db.query(ctx, "SELECT r.id, r.kind, r.unit_id, r.state, r.year, r.data FROM records r WHERE"+where, args...)
	if err != nil {
		return nil, db.translate(err)
	}
	for rows.Next() {
		var x raw
		if err := rows.Scan(&x.rec.ID, &x.rec.Kind, &x.rec.UnitID, &x.rec.State, &x.rec.Year, &x.data); err != nil {
			rows.Close()
			return nil, err
		}
		raws = append(raws, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}

	// Personal fields: their keyed hashes, in one more pass.
	hashes := map[int64]map[string]string{}
	if len(personFields) > 0 {
		pargs := slices.Clone(args)
		for _, f := range personFields {
			pargs = append(pargs, f)
		}
		prow, err := db.query(ctx, "SELECT p.record_id, p.field, p.hash FROM pii_index p JOIN records r ON r.id = p.record_id WHERE"+
			where+" AND p.field IN ("+marks(len(personFields))+")", pargs...)
		if err != nil {
			return nil, db.translate(err)
		}
		for prow.Next() {
			var id int64
			var f, h string
			if err := prow.Scan(&id, &f, &h); err != nil {
				prow.Close()
				return nil, err
			}
			if hashes[id] == nil {
				hashes[id] = map[string]string{}
			}
			hashes[id][f] = h
		}
		prow.Close()
		if err := prow.Err(); err != nil {
			return nil, err
		}
	}

	// Decode on every core, each worker a contiguous share.
	errs := make([]error, runtime.GOMAXPROCS(0))
	var wg sync.WaitGroup
	share := (len(raws) + len(errs) - 1) / len(errs)
	for w := range errs {
		part := raws[min(w*share, len(raws)):min((w+1)*share, len(raws))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range part {
				x := &part[i]
				errs[w] = decodeIndicatorData(&x.rec, x.data, want[x.rec.Kind])
				if errs[w] != nil {
					return
				}
				for _, f := range kinds[x.rec.Kind] {
					if h := hashes[x.rec.ID][f]; h != "" {
						x.rec.Data[f] = h
					}
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := make(map[string][]ledger.Record, len(names))
	for _, n := range names {
		out[n] = []ledger.Record{} // a kind with no records is read, and empty
	}
	for i := range raws {
		out[raws[i].rec.Kind] = append(out[raws[i].rec.Kind], raws[i].rec)
	}
	return out, nil
}

// decodeIndicatorData sets r.Data to the fields of want in data.
func decodeIndicatorData(r *ledger.Record, data string, want map[string]bool) error {
	var ok bool
	if r.Data, ok = ledger.PickFields(data, want); ok {
		return nil
	}
	if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
		return fmt.Errorf("record %d: data: %w", r.ID, err)
	}
	if r.Data == nil {
		r.Data = ledger.Values{}
	}
	for f := range r.Data {
		if !want[f] {
			delete(r.Data, f)
		}
	}
	return nil
}

func marks(n int) string { return strings.TrimSuffix(strings.Repeat("?, ", n), ", ") }

// IndicatorReader is what an indicator evaluation reads (the methods of
// indicator.KindsSource): the records of st in a's scope.
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

// IndicatorRecordsKinds reads several kinds in one pass.
func (r IndicatorReader) IndicatorRecordsKinds(ctx context.Context, kinds map[string][]string, unitID int64) (map[string][]ledger.Record, error) {
	return r.st.IndicatorRecordsKinds(ctx, r.a, kinds, unitID)
}
