package indicator_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// memory is the fixture as a Source: the units' paths and the records,
// closed ones in state done with the close step's values.
type memory struct {
	ids   map[string]int64
	paths map[int64]string
	recs  []ledger.Record
}

func newMemory() *memory {
	m := &memory{
		ids:   map[string]int64{indicatortest.County: 1, indicatortest.A: 2, indicatortest.B: 3, indicatortest.Village: 4},
		paths: map[int64]string{1: "/1/", 2: "/1/2/", 3: "/1/3/", 4: "/1/2/4/"},
	}
	for i, c := range indicatortest.Cases() {
		r := ledger.Record{ID: int64(i + 1), Kind: indicatortest.KindName, UnitID: m.ids[c.Unit], State: "open", Data: ledger.Values{}}
		for k, v := range c.Values {
			r.Data[k] = v
		}
		if c.Close != nil {
			r.State = "done"
			for k, v := range c.Close {
				r.Data[k] = v
			}
		}
		r.Year = int((r.Data["received"][0]-'0'))*1000 + int(r.Data["received"][1]-'0')*100 + int(r.Data["received"][2]-'0')*10 + int(r.Data["received"][3]-'0')
		m.recs = append(m.recs, r)
	}
	return m
}

func (m *memory) IndicatorRecords(_ context.Context, kind string, unit int64, _ []string) ([]ledger.Record, error) {
	var out []ledger.Record
	for _, r := range m.recs {
		if r.Kind == kind && strings.HasPrefix(m.paths[r.UnitID], m.paths[unit]) {
			out = append(out, r)
		}
	}
	return out, nil
}

func testEngine(t *testing.T) *indicator.Engine {
	t.Helper()
	reg, err := ledger.NewRegistry(indicatortest.Kind())
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, indicatortest.Catalogue())
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestEngine_HandWorkedFixture(t *testing.T) {
	e, m := testEngine(t), newMemory()
	res, err := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2022, To: 2025, Paths: m.paths})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range indicatortest.Wants {
		v := res.Value(m.ids[w.Unit], w.Year, w.ID)
		if v.Value != w.Value {
			t.Errorf("%s %d %s = %v, want %v", w.Unit, w.Year, w.ID, v.Value, w.Value)
		}
		if v.Unit == "%" && (v.Numerator == nil || *v.Numerator != w.Num || *v.Denominator != w.Den) {
			t.Errorf("%s %d %s: numerator/denominator %v/%v, want %v/%v", w.Unit, w.Year, w.ID, v.Numerator, v.Denominator, w.Num, w.Den)
		}
	}
}

// A township's own evaluation reads only its subtree and gives the same
// values as the county's for that township.
func TestEngine_SubtreeEqualsCountyView(t *testing.T) {
	e, m := testEngine(t), newMemory()
	county, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2024, To: 2025, Paths: m.paths})
	a, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 2, From: 2024, To: 2025, Paths: m.paths})
	for _, y := range []int{2024, 2025} {
		for _, in := range e.Catalogue() {
			if got, want := a.Value(2, y, in.ID), county.Value(2, y, in.ID); got.Value != want.Value {
				t.Errorf("%d %s: township view %v, county view %v", y, in.ID, got.Value, want.Value)
			}
		}
	}
	if a.Value(1, 2025, "t.received").Value != 0 {
		t.Error("a township's evaluation counted the county")
	}
}

// Counts and sums of a parent equal the sum of its children (no records
// at the county itself); distinct persons do not.
func TestEngine_RollUpIsSumOfChildren(t *testing.T) {
	e, m := testEngine(t), newMemory()
	res, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2023, To: 2025, Paths: m.paths})
	for _, id := range []string{"t.received", "t.closed", "t.pending", "t.amount", "t.hours", "t.favourable"} {
		for y := 2023; y <= 2025; y++ {
			if c, a, b := res.Value(1, y, id).Value, res.Value(2, y, id).Value, res.Value(3, y, id).Value; c != a+b {
				t.Errorf("%d %s: county %v ≠ A %v + B %v", y, id, c, a, b)
			}
		}
	}
}

func TestEngine_DrillCountEqualsValue(t *testing.T) {
	e, m := testEngine(t), newMemory()
	for _, id := range []string{"t.received", "t.closed", "t.pending", "t.favourable", "t.amount", "t.persons"} {
		res, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2025, To: 2025, Paths: m.paths, Drill: id})
		d := res.Records(1, 2025)
		v := res.Value(1, 2025, id).Value
		switch id {
		case "t.amount":
			var sum float64
			for _, rid := range d.IDs {
				sum += d.Part[rid]
			}
			if sum != v {
				t.Errorf("%s: drilled parts sum to %v, value %v", id, sum, v)
			}
		case "t.persons":
			if len(d.IDs) != 3 || v != 2 {
				t.Errorf("%s: %d records for %v persons, want 3 records (X twice, one without ID) for 2", id, len(d.IDs), v)
			}
		default:
			if float64(len(d.IDs)) != v {
				t.Errorf("%s: drill lists %d records, value %v", id, len(d.IDs), v)
			}
		}
	}
}

func TestEngine_ReportListsEveryCatalogueEntry(t *testing.T) {
	e, m := testEngine(t), newMemory()
	res, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2020, To: 2020, Paths: m.paths})
	rep := res.Report(1, 2020)
	if len(rep) != len(indicatortest.Catalogue()) || res.HasData(1, 2020) {
		t.Fatalf("report of an empty year: %d entries, HasData %v", len(rep), res.HasData(1, 2020))
	}
	for _, v := range rep {
		if v.Value != 0 || (v.ID == "t.unmeasured") == v.Measured {
			t.Errorf("%+v", v)
		}
	}
}

// Every indicator the real kinds declare is in the embedded catalogue.
func TestEngine_KindsMatchCatalogue(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"petition.received", "petition.closed", "petition.pending", "legality_review.total", "major_decision.total"} {
		if !e.Measured(id) {
			t.Errorf("%s is not computed from any ledger", id)
		}
	}
}

// The default 考核 scheme reads catalogue indicators only; a line the
// ledgers measure is not marked manual.
func TestDefaultScheme_ReadsTheCatalogue(t *testing.T) {
	reg, _ := kinds.Registry()
	e, _ := indicator.NewEngine(reg, nil)
	if err := e.CheckScheme(indicator.DefaultScheme()); err != nil {
		t.Error(err)
	}
	for _, it := range indicator.DefaultScheme() {
		if _, err := indicator.Lookup(it.Indicator); it.Indicator != "" && err != nil {
			t.Errorf("%s reads %s: %v", it.ID, it.Indicator, err)
		}
		if it.Rule == indicator.Manual && e.Measured(it.Indicator) {
			t.Errorf("%s is scored by hand but %s is computed from the ledgers", it.ID, it.Indicator)
		}
		if it.Rule != indicator.Manual && !e.Measured(it.Indicator) {
			t.Errorf("%s: %s is not computed from any ledger; mark it manual", it.ID, it.Indicator)
		}
	}
}

func TestEngine_RefusesUndeclaredCatalogueIDs(t *testing.T) {
	reg, _ := ledger.NewRegistry(indicatortest.Kind())
	if _, err := indicator.NewEngine(reg, indicatortest.Catalogue()[:3]); err == nil {
		t.Error("an engine was built with indicators missing from its catalogue")
	}
}

// A row without hours of its own counts the session's hours: 2 + 3 + 3.
func TestEngine_RowsSumWithDefault(t *testing.T) {
	k := &ledger.Kind{Name: "s", Label: "学法", YearField: "d", TitleField: "d",
		Fields: []ledger.Field{{Name: "d", Label: "日期", Type: ledger.TypeDate}, {Name: "hours", Label: "学时", Type: ledger.TypeDecimal},
			{Name: "rows", Label: "人员", Type: ledger.TypeTable, Columns: []ledger.Field{{Name: "who", Label: "姓名", Type: ledger.TypeText},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal}}}},
		Workflow:   ledger.Workflow{States: []ledger.State{{Name: "held", Label: "已举办"}}},
		Indicators: []ledger.Indicator{{ID: "s.hours", Measure: ledger.SumRows, Field: "rows", Column: "hours", Default: "hours"}}}
	reg, err := ledger.NewRegistry(k)
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, []indicator.Indicator{{ID: "s.hours", Name: "学时", Unit: "学时"}})
	if err != nil {
		t.Fatal(err)
	}
	src := indicator.SourceFunc(func(context.Context, string, int64, []string) ([]ledger.Record, error) {
		return []ledger.Record{{ID: 1, UnitID: 1, State: "held", Year: 2025, Data: ledger.Values{"d": "2025-05-01", "hours": "3",
			"rows": `[{"hours":"2","who":"甲"},{"who":"乙"},{"who":"丙"}]`}}}, nil
	})
	res, err := e.Compute(context.Background(), src, indicator.Query{UnitID: 1, From: 2025, To: 2025, Paths: map[int64]string{1: "/1/"}})
	if err != nil {
		t.Fatal(err)
	}
	if v := res.Value(1, 2025, "s.hours").Value; v != 8 {
		t.Errorf("hours %v, want 8", v)
	}
}
