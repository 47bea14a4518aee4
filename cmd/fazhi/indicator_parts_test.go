package main

import (
	"context"
	"io"
	"path/filepath"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/store"
)

// TestIndicatorParts_EqualFullEvaluationOnGeneratedCounty: on the bench's
// generated county (every kind, its townships and their villages), on
// SQLite and PostgreSQL, every indicator of the catalogue, for every unit
// and year, rolled up from the units' own parts (indicator.Parts) equals
// the full evaluation — for the county's user and for a township's, the
// first time (every part computed) and the second (every part kept).
func TestIndicatorParts_EqualFullEvaluationOnGeneratedCounty(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a county")
	}
	dbs := []struct{ name, url string }{{"SQLite", ""}}
	if pg := testPostgres(t); pg != "" {
		dbs = append(dbs, struct{ name, url string }{"PostgreSQL", pg})
	}
	for _, d := range dbs {
		t.Run(d.name, func(t *testing.T) {
			ctx := context.Background()
			dir := filepath.Join(t.TempDir(), "data")
			cfg := &config{Data: dir, KeyFile: filepath.Join(dir, "master.key")}
			if d.url != "" {
				u, drop, err := freshPostgres(ctx, d.url)
				if err != nil {
					t.Fatal(err)
				}
				defer drop()
				cfg.DB = u
			}
			a, err := openApp(ctx, cfg, io.Discard, true)
			if err != nil {
				t.Fatal(err)
			}
			defer a.Close()
			users, towns, err := countyPeople(ctx, a.store, 3)
			if err != nil {
				t.Fatal(err)
			}
			today := calendar.FromTime(time.Now().In(calendar.China))
			spec := demo.Spec{Years: []int{today.Year - 2, today.Year - 1, today.Year}, Volume: 20, Today: today, Seed: 8, Workers: 3}
			for _, u := range towns {
				spec.Townships = append(spec.Townships, u.Name)
			}
			if _, err := demo.Generate(ctx, a.store, a.kinds, a.cal, spec); err != nil {
				t.Fatal(err)
			}
			eng, err := indicator.NewEngine(a.kinds, nil)
			if err != nil {
				t.Fatal(err)
			}
			units, err := a.store.Units(ctx)
			if err != nil {
				t.Fatal(err)
			}
			parts := indicator.NewParts()
			for round, who := range []struct {
				label string
				u     int
			}{{"county, first", -1}, {"county, again", -1}, {"township", 0}, {"township, again", 0}} {
				user := users.County
				if who.u >= 0 {
					user = users.Towns[who.u]
				}
				actor, err := a.store.ActorFor(ctx, user, "127.0.0.1")
				if err != nil {
					t.Fatal(err)
				}
				q := indicator.Query{UnitID: user.UnitID, From: today.Year - 3, To: today.Year, Paths: indicator.Paths(units)}
				src := store.IndicatorSource(a.store, actor)
				full, err := eng.Compute(ctx, src, q)
				if err != nil {
					t.Fatal(err)
				}
				got, err := parts.Compute(ctx, eng, src, q, actor.Scope.CanRead)
				if err != nil {
					t.Fatal(err)
				}
				if diff := indicatortest.Diff(eng, full, got, units, q.From, q.To); len(diff) > 0 {
					t.Fatalf("%s: %d figures differ, first: %v", who.label, len(diff), diff[:min(len(diff), 5)])
				}
				if round == 0 {
					nonzero := 0
					for _, id := range eng.Catalogue() {
						if full.Value(user.UnitID, today.Year-1, id.ID).Value != 0 {
							nonzero++
						}
					}
					if nonzero < 20 {
						t.Errorf("only %d indicators of the county are not 0: the generated county tests little", nonzero)
					}
				}
			}
		})
	}
}
