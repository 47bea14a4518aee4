package store

import (
	"context"
	"testing"
	"time"

	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
)

// testIndicators evaluates the hand-worked fixture from stored records:
// the values equal the hand-worked ones, a drill-down reads as many
// records as it counts, a person in two units is one at the county, and a
// township reads nothing of another.
func testIndicators(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	units, _ := storeIndicatorCases(t, e, f)
	eng, err := indicator.NewEngine(e.db.cfg.Kinds, indicatortest.Catalogue())
	must(t, err)
	all, err := e.db.Units(ctx)
	must(t, err)
	paths := map[int64]string{}
	for _, u := range all {
		paths[u.ID] = u.Path
	}
	compute := func(a Actor, unit int64, drill string) *indicator.Result {
		t.Helper()
		src := indicator.SourceFunc(func(ctx context.Context, kind string, unit int64, persons []string) ([]ledger.Record, error) {
			return e.db.IndicatorRecords(ctx, a, kind, unit, persons)
		})
		res, err := eng.Compute(ctx, src, indicator.Query{UnitID: unit, From: 2022, To: 2025, Paths: paths, Drill: drill})
		must(t, err)
		return res
	}
	inspector := f.actors["inspector"]
	res := compute(inspector, f.county.ID, "")
	for _, w := range indicatortest.Wants {
		if v := res.Value(units[w.Unit], w.Year, w.ID); v.Value != w.Value {
			t.Errorf("%s %d %s = %v, want %v", w.Unit, w.Year, w.ID, v.Value, w.Value)
		}
	}
	// The same figures through the reader the web and the CLI use.
	one, err := eng.Compute(ctx, IndicatorSource(e.db, inspector), indicator.Query{UnitID: f.county.ID, From: 2022, To: 2025, Paths: paths})
	must(t, err)
	for _, w := range indicatortest.Wants {
		if v := one.Value(units[w.Unit], w.Year, w.ID); v.Value != w.Value {
			t.Errorf("IndicatorSource: %s %d %s = %v, want %v", w.Unit, w.Year, w.ID, v.Value, w.Value)
		}
	}
	for _, id := range []string{"t.received", "t.closed", "t.pending", "t.favourable"} {
		d := compute(inspector, f.county.ID, id).Records(f.county.ID, 2025)
		recs, err := e.db.RecordsByID(ctx, inspector, d.IDs)
		must(t, err)
		if v := res.Value(f.county.ID, 2025, id).Value; float64(len(recs)) != v {
			t.Errorf("%s: drill-down reads %d records, value %v", id, len(recs), v)
		}
	}
	// Township A's clerk: B's records do not exist for them.
	clerkA := f.actors["clerkA"]
	if v := compute(clerkA, f.townB.ID, "").Value(f.townB.ID, 2025, "t.received").Value; v != 0 {
		t.Errorf("township A's clerk counted %v of B's records", v)
	}
	if v := compute(clerkA, f.townA.ID, "").Value(f.townA.ID, 2025, "t.received").Value; v != 1 {
		t.Errorf("township A's clerk counts %v of A's records, want 1", v)
	}
	d := compute(inspector, f.county.ID, "t.received").Records(f.county.ID, 2025)
	if recs, _ := e.db.RecordsByID(ctx, clerkA, d.IDs); len(recs) != 1 {
		t.Errorf("township A's clerk read %d of the county's drill-down, want only A's 1", len(recs))
	}
}

// storeIndicatorCases stores the fixture's records (indicatortest.Cases,
// closed where the case says) in f's units, and returns the units by the
// fixture's names and the records' ids in the order of the cases.
func storeIndicatorCases(t *testing.T, e *testEnv, f *fixture) (map[string]int64, []int64) {
	t.Helper()
	ctx := context.Background()
	e.clock.t = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	sys := SystemActor("test")
	k := e.db.cfg.Kinds.Kind(indicatortest.KindName)
	units := map[string]int64{indicatortest.County: f.county.ID, indicatortest.A: f.townA.ID,
		indicatortest.B: f.townB.ID, indicatortest.Village: f.villageA.ID}
	var ids []int64
	for _, c := range indicatortest.Cases() {
		r, err := e.db.CreateRecord(ctx, sys, k, units[c.Unit], c.Values)
		must(t, err)
		if c.Close != nil {
			_, err = e.db.Transition(ctx, sys, k, r.ID, r.Version, "close", c.Close)
			must(t, err)
		}
		ids = append(ids, r.ID)
	}
	return units, ids
}
