package demo_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// genYears are the years the tests generate; the store's today (now) is
// in the second.
var genYears = []int{2024, 2025}

// generated is the scripted county with two years of generated records in
// its generated townships and one new township, at 5% of the declared
// volumes.
func generated(t *testing.T, workers int, townships ...string) (*env, *demo.Stats) {
	t.Helper()
	e := seeded(t)
	if townships == nil {
		townships = append(demo.GeneratedTownships(), "新桥镇")
	}
	st, err := demo.Generate(context.Background(), e.db, e.reg, e.cal, demo.Spec{Townships: townships, Years: genYears,
		Volume: 5, Seed: 7, Today: calendar.FromTime(now.In(calendar.China)), Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return e, st
}

// unitRecords are every record of every kind in the unit (and below).
func (e *env) unitRecords(t *testing.T, name string) (*access.Unit, []ledger.Record) {
	t.Helper()
	ctx := context.Background()
	u, err := e.db.UnitByRef(ctx, name)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	var out []ledger.Record
	for _, k := range e.reg.Kinds() {
		recs, err := e.db.IndicatorRecords(ctx, store.SystemActor("test"), k.Name, u.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, recs...)
	}
	return u, out
}

func TestGenerate(t *testing.T) {
	if testing.Short() {
		t.Skip("generates two years of three townships")
	}
	before := seeded(t)
	_, scripted := before.unitRecords(t, "云溪镇")
	e, st := generated(t, 2)
	towns := append(demo.GeneratedTownships(), "新桥镇")
	t.Logf("%d records, %d steps, %d refused, %d made for gates: %s", st.Records, st.Steps, st.Refused, st.ForGates,
		strings.Join(st.TopRefusals(6), ", "))

	t.Run("EveryKindInEveryTownshipYear", func(t *testing.T) {
		for _, name := range towns {
			_, recs := e.unitRecords(t, name)
			have := map[string]bool{}
			for _, r := range recs {
				have[fmt.Sprint(r.Kind, r.Year)] = true
			}
			for _, k := range e.reg.Kinds() {
				for _, y := range genYears {
					if !have[fmt.Sprint(k.Name, y)] {
						t.Errorf("%s has no %s（%s）record of %d", name, k.Label, k.Name, y)
					}
				}
			}
		}
	})

	t.Run("ScriptedTownshipUntouched", func(t *testing.T) {
		_, after := e.unitRecords(t, "云溪镇")
		if len(after) != len(scripted) {
			t.Errorf("云溪镇 has %d records after generating, %d scripted", len(after), len(scripted))
		}
	})

	t.Run("ValidAndEveryOpenOneHasAWayForward", func(t *testing.T) {
		today := calendar.FromTime(now.In(calendar.China))
		all := []access.Role{access.RoleClerk, access.RoleReviewer, access.RoleHead, access.RoleAdviser}
		for _, name := range towns {
			_, recs := e.unitRecords(t, name)
			for _, r := range recs {
				k := e.reg.Kind(r.Kind)
				full, err := e.db.Record(context.Background(), store.SystemActor("test"), r.ID)
				if err != nil {
					t.Fatal(err)
				}
				r := *full
				form := ledger.Values{}
				for _, f := range k.FormFields() {
					if !f.Derived() && f.Type != ledger.TypePersonal {
						form[f.Name] = r.Data[f.Name]
					}
				}
				if _, errs := k.NormalizeOn(form, &r, today); len(errs) > 0 {
					t.Errorf("%s %d (%s) does not pass its own field checks: %v", r.Kind, r.ID, name, errs)
				}
				if s := k.State(r.State); s != nil && !s.Final && len(k.Available(&r, all)) == 0 {
					t.Errorf("%s %d (%s) is stuck in %s: no step is allowed", r.Kind, r.ID, name, s.Label)
				}
			}
		}
	})

	t.Run("MostClosedInTimeSomeLateSomeOpen", func(t *testing.T) {
		ctx := context.Background()
		var inTime, late, open, closed int
		for _, name := range towns {
			_, recs := e.unitRecords(t, name)
			for _, r := range recs {
				if s := e.reg.Kind(r.Kind).State(r.State); s != nil && s.Final {
					closed++
				} else {
					open++
				}
				clocks, err := e.db.Clocks(ctx, store.SystemActor("test"), r.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, c := range clocks {
					if c.Type != ledger.Deadline || c.Status != ledger.ClockStopped || c.Due.IsZero() || c.StoppedOn.IsZero() {
						continue
					}
					if c.StoppedOn.After(c.Due) {
						late++
					} else {
						inTime++
					}
				}
			}
		}
		t.Logf("%d closed, %d open; deadlines met %d, missed %d", closed, open, inTime, late)
		if late == 0 || inTime < 4*late {
			t.Errorf("deadlines met %d, missed %d: want most met and some missed", inTime, late)
		}
		if open == 0 || closed < open {
			t.Errorf("%d records closed, %d open: want most closed and some open", closed, open)
		}
	})

	t.Run("EveryDrillDownListsItsValue", func(t *testing.T) {
		ctx := context.Background()
		eng, err := indicator.NewEngine(e.reg, nil)
		if err != nil {
			t.Fatal(err)
		}
		units, err := e.db.Units(ctx)
		if err != nil {
			t.Fatal(err)
		}
		county := units[0]
		src := store.IndicatorSource(e.db, store.SystemActor("test"))
		measured := 0
		for _, in := range eng.Catalogue() {
			d, ok := eng.Def(in.ID)
			if !ok || d.Measure == ledger.Rate {
				continue
			}
			res, err := eng.Compute(ctx, src, indicator.Query{UnitID: county.ID, From: 2024, To: 2024, Paths: indicator.Paths(units), Drill: in.ID})
			if err != nil {
				t.Fatal(err)
			}
			v, dr := res.Value(county.ID, 2024, in.ID).Value, res.Records(county.ID, 2024)
			if v != 0 {
				measured++
			}
			switch d.Measure {
			case ledger.Count:
				if float64(len(dr.IDs)) != v {
					t.Errorf("%s（%s）: %d records listed, value %v", in.ID, in.Name, len(dr.IDs), v)
				}
			case ledger.Sum, ledger.SumRows:
				var sum float64
				for _, id := range dr.IDs {
					sum += dr.Part[id]
				}
				if sum != v {
					t.Errorf("%s（%s）: parts sum to %v, value %v", in.ID, in.Name, sum, v)
				}
			case ledger.Persons:
				if float64(len(dr.IDs)) < v {
					t.Errorf("%s（%s）: %d records for %v persons", in.ID, in.Name, len(dr.IDs), v)
				}
			}
		}
		if measured == 0 {
			t.Error("no indicator has a value on the generated data")
		}
		t.Logf("%d indicators with a value in 2024", measured)
	})
}

// TestGenerate_SameSeedSameData: two empty databases, the same seed and
// one worker give the same records, field for field.
func TestGenerate_SameSeedSameData(t *testing.T) {
	if testing.Short() {
		t.Skip("generates twice")
	}
	var got [2][]string
	for i := range got {
		e, _ := generated(t, 1, "石门镇")
		_, recs := e.unitRecords(t, "石门镇")
		for _, r := range recs {
			got[i] = append(got[i], fmt.Sprintf("%d %s %s %d %q %v", r.ID, r.Kind, r.State, r.Year, r.Title, r.Data))
		}
		slices.Sort(got[i])
	}
	if len(got[0]) == 0 || !slices.Equal(got[0], got[1]) {
		t.Errorf("two runs with seed 7 differ: %d and %d records", len(got[0]), len(got[1]))
		for i := range min(len(got[0]), len(got[1])) {
			if got[0][i] != got[1][i] {
				t.Errorf("first difference:\n%s\n%s", got[0][i], got[1][i])
				break
			}
		}
	}
}

// TestGenerate_RefusesTheScriptedTownship: the township the scripted days
// act on gets no generated records.
func TestGenerate_RefusesTheScriptedTownship(t *testing.T) {
	e := seeded(t)
	_, err := demo.Generate(context.Background(), e.db, e.reg, e.cal, demo.Spec{Townships: []string{"云溪镇"}, Years: genYears,
		Volume: 5, Seed: 7, Today: calendar.FromTime(now.In(calendar.China)), Workers: 1})
	if err == nil || !strings.Contains(err.Error(), "演示脚本") {
		t.Errorf("generating into 云溪镇: %v", err)
	}
}
