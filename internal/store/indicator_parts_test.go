package store

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
)

// testIndicatorParts: the figures rolled up from each unit's own parts
// (indicator.Parts, kept under indicator_gens) equal the full evaluation
// for every indicator, unit and year, for the county's inspector and for
// a township's clerk; and after each way of writing — a create, a step, a
// 更正, an import and its undo, SQL run directly on records and on
// pii_index, a unit moved, SQL moving a record to another unit and
// deleting one — they equal a full recompute again and have changed where
// the write changed them; after a second write of a unit's records of a
// kind, only the record written is read again.
func testIndicatorParts(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := e.db.cfg.Kinds.Kind(indicatortest.KindName)
	units, ids := storeIndicatorCases(t, e, f)
	eng, err := indicator.NewEngine(e.db.cfg.Kinds, indicatortest.Catalogue())
	must(t, err)
	parts := indicator.NewParts()
	inspector, clerkA := f.actors["inspector"], f.actors["clerkA"]

	// check evaluates the county for the inspector and township A for its
	// clerk both ways, fails on any difference, and returns the
	// inspector's figures from the parts.
	var reread partsReads
	check := func(after string) *indicator.Result {
		t.Helper()
		reread = partsReads{}
		all, err := e.db.Units(ctx)
		must(t, err)
		paths := indicator.Paths(all)
		var out *indicator.Result
		for _, c := range []struct {
			a    Actor
			unit int64
		}{{inspector, f.county.ID}, {clerkA, f.townA.ID}, {clerkA, f.county.ID}} {
			q := indicator.Query{UnitID: c.unit, From: 2022, To: 2026, Paths: paths}
			src := IndicatorSource(e.db, c.a)
			full, err := eng.Compute(ctx, src, q)
			must(t, err)
			got, err := parts.Compute(ctx, eng, &countingParts{src, &reread}, q, c.a.Scope.CanRead)
			must(t, err)
			if d := indicatortest.Diff(eng, full, got, all, q.From, q.To); len(d) > 0 {
				t.Fatalf("after %s, %s reading unit %d: %d figures of the parts differ from the full evaluation, first %s",
					after, c.a.Scope.ReadPaths, c.unit, len(d), d[0])
			}
			if out == nil {
				out = got
			}
		}
		return out
	}
	want := func(res *indicator.Result, after string, unit int64, year int, id string, v float64) {
		t.Helper()
		if got := res.Value(unit, year, id).Value; got != v {
			t.Errorf("after %s: unit %d %d %s = %v, want %v", after, unit, year, id, got, v)
		}
	}
	res := check("the fixture")
	for _, w := range indicatortest.Wants {
		want(res, "the fixture", units[w.Unit], w.Year, w.ID, w.Value)
	}
	check("nothing (every part kept)")

	// A create in the village counts for the village, A and the county.
	r, err := e.db.CreateRecord(ctx, sys, k, f.villageA.ID, ledger.Values{"title": "六号", "received": "2025-08-01", "amount": "4"})
	must(t, err)
	res = check("a create")
	want(res, "a create", f.county.ID, 2025, "t.received", 4)
	want(res, "a create", f.townA.ID, 2025, "t.amount", 11)
	want(res, "a create", f.county.ID, 2025, "t.pending", 3)
	// The village's part, read with every other at first, kept no
	// records: its two are read (and kept).
	if reread != (partsReads{byID: 1, records: 2}) {
		t.Errorf("after a create: %+v read again, want the village's two records", reread)
	}

	// A step closes it: no longer pending, closed and favourable.
	_, err = e.db.Transition(ctx, sys, k, r.ID, r.Version, "close", ledger.Values{"result": "支持", "closed": "2025-09-01"})
	must(t, err)
	res = check("a step")
	want(res, "a step", f.county.ID, 2025, "t.pending", 2)
	want(res, "a step", f.county.ID, 2025, "t.closed", 4)
	want(res, "a step", f.county.ID, 2025, "t.rate", 75)
	if reread != (partsReads{byID: 1, records: 1}) {
		t.Errorf("after a step: %+v read again, want the one record stepped", reread)
	}

	// A 更正 of case one's received date moves it from 2024 into 2025.
	one, err := e.db.Record(ctx, sys, ids[0])
	must(t, err)
	_, err = e.db.CorrectRecord(ctx, sys, k, one.ID, one.Version, ledger.Correction{Input: ledger.Values{"received": "2025-01-02"}, Reason: "收件登记簿载明1月2日收件"})
	must(t, err)
	res = check("a correction")
	want(res, "a correction", f.county.ID, 2024, "t.received", 0)
	want(res, "a correction", f.county.ID, 2025, "t.received", 5)
	want(res, "a correction", f.townA.ID, 2024, "t.pending", 0)

	// An import into B, then its undo.
	clerkB := f.actors["clerkB"]
	imp := e.db.Import(clerkB, k, f.townB.ID, "导入.xlsx")
	file := workbook(t, k, []map[string]string{{"标题": "导入甲", "收件日期": "2025-07-01", "金额": "3"}, {"标题": "导入乙", "收件日期": "2025-07-02"}})
	rep, err := importer.Run(ctx, bytes.NewReader(file), k, imp, imp, importer.Options{Unit: f.townB.ID})
	must(t, err)
	if rep.Imported != 2 {
		t.Fatalf("import: %+v", rep)
	}
	res = check("an import")
	want(res, "an import", f.townB.ID, 2025, "t.received", 4)
	want(res, "an import", f.townB.ID, 2025, "t.amount", 13)
	_, err = e.db.UndoImport(ctx, clerkB, rep.Batch)
	must(t, err)
	res = check("the import's undo")
	want(res, "the import's undo", f.townB.ID, 2025, "t.received", 2)
	want(res, "the import's undo", f.townB.ID, 2025, "t.amount", 10)

	// SQL run directly: an amount changed in the data, and the applicant
	// of case three (the same person as case two's) given another hash.
	rawExec(t, e, "UPDATE records SET data = replace(data, '\"amount\":\"10\"', '\"amount\":\"12\"') WHERE id = "+formatInt(ids[2]))
	res = check("an UPDATE of records")
	want(res, "an UPDATE of records", f.county.ID, 2025, "t.amount", 28)
	rawExec(t, e, "UPDATE pii_index SET hash = 'another' WHERE field = 'applicant_id' AND record_id = "+formatInt(ids[2]))
	res = check("an UPDATE of pii_index")
	want(res, "an UPDATE of pii_index", f.county.ID, 2025, "t.persons", 5)

	// The village moved under B: its records count for B now, not A.
	must(t, e.db.MoveUnit(ctx, f.actors["admin"], f.villageA.ID, f.townB.ID))
	res = check("a unit move")
	want(res, "a unit move", f.townA.ID, 2025, "t.received", 1)
	want(res, "a unit move", f.townB.ID, 2025, "t.received", 4)

	// SQL moving case three (B, received 2025, amount 12) to A, where case
	// one (amount 5) is received in 2025 since its 更正; then SQL deleting
	// case four (B, 2025, closed 支持).
	three, four := formatInt(ids[2]), formatInt(ids[3])
	rawExec(t, e, "UPDATE records SET unit_id = "+formatInt(f.townA.ID)+", unit_path = (SELECT path FROM units WHERE id = "+formatInt(f.townA.ID)+") WHERE id = "+three)
	res = check("an UPDATE moving a record to another unit")
	want(res, "an UPDATE moving a record", f.townA.ID, 2025, "t.received", 2)
	want(res, "an UPDATE moving a record", f.townB.ID, 2025, "t.received", 3)
	want(res, "an UPDATE moving a record", f.townA.ID, 2025, "t.amount", 17) // and case one's 5
	rawExec(t, e, "DELETE FROM records WHERE id = "+four)
	res = check("a DELETE of a record")
	want(res, "a DELETE of a record", f.townB.ID, 2025, "t.received", 2)
	want(res, "a DELETE of a record", f.county.ID, 2025, "t.closed", 3)
}

// partsReads counts what an evaluation from parts read of records.
type partsReads struct {
	units, byID, records int // IndicatorUnitRecords and IndicatorRecordsByID calls, records they returned
}

// countingParts is a PartsSource counting its record reads.
type countingParts struct {
	IndicatorReader
	n *partsReads
}

func (c *countingParts) IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) ([]ledger.Record, error) {
	recs, err := c.IndicatorReader.IndicatorUnitRecords(ctx, kind, rootID, units, persons)
	c.n.units++
	c.n.records += len(recs)
	return recs, err
}

func (c *countingParts) IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) ([]ledger.Record, []int64, error) {
	recs, marks, err := c.IndicatorReader.IndicatorRecordsByID(ctx, kind, unitID, ids, persons)
	c.n.byID++
	c.n.records += len(recs)
	return recs, marks, err
}

// testMigration0025Backfill: on records written before migration 0025
// (their marks removed, then its backfill run), the parts equal the full
// evaluation after a first and a second write of a unit's records of the
// kind — the second lists the unit's marks, so a record the backfill
// missed would be dropped from its figures.
func testMigration0025Backfill(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := e.db.cfg.Kinds.Kind(indicatortest.KindName)
	storeIndicatorCases(t, e, f)
	rawExec(t, e, "DELETE FROM indicator_marks")
	sql := migrationSQL(t, e, 25)
	i := strings.Index(sql, "INSERT INTO indicator_marks")
	j := strings.Index(sql[max(i, 0):], ";")
	if i < 0 || j < 0 {
		t.Fatal("migration 0025's backfill not found")
	}
	rawExec(t, e, sql[i:i+j])
	eng, err := indicator.NewEngine(e.db.cfg.Kinds, indicatortest.Catalogue())
	must(t, err)
	parts := indicator.NewParts()
	inspector := f.actors["inspector"]
	check := func(after string) {
		t.Helper()
		all, err := e.db.Units(ctx)
		must(t, err)
		q := indicator.Query{UnitID: f.county.ID, From: 2022, To: 2026, Paths: indicator.Paths(all)}
		src := IndicatorSource(e.db, inspector)
		full, err := eng.Compute(ctx, src, q)
		must(t, err)
		got, err := parts.Compute(ctx, eng, src, q, inspector.Scope.CanRead)
		must(t, err)
		if d := indicatortest.Diff(eng, full, got, all, q.From, q.To); len(d) > 0 {
			t.Fatalf("after %s: %d figures of the parts differ from the full evaluation, first %s", after, len(d), d[0])
		}
		if v := got.Value(f.townB.ID, 2025, "t.received").Value; v < 2 {
			t.Fatalf("after %s: B's 2025 received %v, want at least the fixture's 2", after, v)
		}
	}
	check("the backfill")
	for _, title := range []string{"回填后一", "回填后二"} {
		_, err := e.db.CreateRecord(ctx, sys, k, f.townB.ID, ledger.Values{"title": title, "received": "2025-09-01"})
		must(t, err)
		check("a create in B (" + title + ")")
	}
}
