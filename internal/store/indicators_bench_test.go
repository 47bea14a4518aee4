package store

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
)

// BenchmarkIndicators evaluates every indicator of the fixture kind
// (count, sum, rows, persons, open at year end, rate) for a county of 30
// townships over five years, and for one township-year, from stored
// records:
//
//	go test -run XXX -bench BenchmarkIndicators -benchtime 20x ./internal/store
//
// FAZHI_BENCH_PER sets records per township and year (default 100, so
// 15,000 records).
func BenchmarkIndicators(b *testing.B) {
	per := 100
	if s, err := strconv.Atoi(os.Getenv("FAZHI_BENCH_PER")); err == nil && s > 0 {
		per = s
	}
	benchDBs(b, func(b *testing.B, e *testEnv) {
		ctx := context.Background()
		e.clock.t = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		sys := SystemActor("bench")
		county := access.Unit{Name: "基准县", Level: access.LevelCounty}
		must(b, e.db.CreateUnit(ctx, sys, &county))
		var towns []access.Unit
		for i := range 30 {
			u := access.Unit{ParentID: county.ID, Name: fmt.Sprintf("第%d镇", i+1), Level: access.LevelTownship}
			must(b, e.db.CreateUnit(ctx, sys, &u))
			towns = append(towns, u)
		}
		k := e.db.cfg.Kinds.Kind(indicatortest.KindName)
		total := 30 * 5 * per
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= total {
						return
					}
					if err := benchFixtureRecord(ctx, e, k, towns[i%30].ID, i, 2021+(i/30)%5); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		eng, err := indicator.NewEngine(e.db.cfg.Kinds, indicatortest.Catalogue())
		must(b, err)
		units, err := e.db.Units(ctx)
		must(b, err)
		src := indicator.SourceFunc(func(ctx context.Context, kind string, unit int64, persons []string) ([]ledger.Record, error) {
			return e.db.IndicatorRecords(ctx, sys, kind, unit, persons)
		})
		paths := indicator.Paths(units)
		b.Run(fmt.Sprintf("county-30x5-%d-records", total), func(b *testing.B) {
			for b.Loop() {
				res, err := eng.Compute(ctx, src, indicator.Query{UnitID: county.ID, From: 2021, To: 2025, Paths: paths})
				if err != nil {
					b.Fatal(err)
				}
				if v := res.Value(county.ID, 2025, "t.received").Value; v != float64(30*per) {
					b.Fatalf("county 2025 received %v, want %d", v, 30*per)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/county")
		})
		// Between writes the dashboard's repeated reads are served from
		// the cache (indicator.Cache, keyed by the write generation).
		cache := indicator.NewCache(time.Minute, 16)
		b.Run("county-cached", func(b *testing.B) {
			q := indicator.Query{UnitID: county.ID, From: 2021, To: 2025, Paths: paths}
			if _, err := cache.Compute(ctx, eng, src, q, indicator.CacheKey("bench", q), e.db.WriteGen()); err != nil {
				b.Fatal(err) // the first read after a write computes (the county run above)
			}
			for b.Loop() {
				if _, err := cache.Compute(ctx, eng, src, q, indicator.CacheKey("bench", q), e.db.WriteGen()); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/county")
		})
		// From the units' own parts (indicator.Parts): warm (every part
		// kept), after a write (one township's parts of the kind
		// recomputed; the write itself not timed) and cold (every part
		// computed, as after a restart).
		parts := indicator.NewParts()
		county25 := indicator.Query{UnitID: county.ID, From: 2021, To: 2025, Paths: paths}
		town25 := indicator.Query{UnitID: towns[0].ID, From: 2025, To: 2025, Paths: paths}
		if _, err := parts.Compute(ctx, eng, e.db, county25, nil); err != nil {
			b.Fatal(err)
		}
		write := func(b *testing.B, i int) {
			b.StopTimer()
			v := ledger.Values{"title": fmt.Sprintf("写后第%d号", i), "received": "2025-06-01", "amount": "1"}
			if _, err := e.db.CreateRecord(ctx, sys, k, towns[i%30].ID, v); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		for _, c := range []struct {
			name  string
			q     indicator.Query
			write bool
			unit  string
		}{
			{"parts-county-warm", county25, false, "ms/county"},
			{"parts-county-after-write", county25, true, "ms/county"},
			{"parts-township-year-warm", town25, false, "ms/township"},
			{"parts-township-year-after-write", town25, true, "ms/township"},
		} {
			b.Run(c.name, func(b *testing.B) {
				i := 0
				for b.Loop() {
					if c.write {
						write(b, i*30) // the township read
						i++
					}
					if _, err := parts.Compute(ctx, eng, e.db, c.q, nil); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), c.unit)
			})
		}
		b.Run("parts-county-cold", func(b *testing.B) {
			for b.Loop() {
				if _, err := indicator.NewParts().Compute(ctx, eng, e.db, county25, nil); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Milliseconds())/float64(b.N), "ms/county")
		})
		b.Run("township-year", func(b *testing.B) {
			for b.Loop() {
				if _, err := eng.Compute(ctx, src, indicator.Query{UnitID: towns[0].ID, From: 2025, To: 2025, Paths: paths}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/township")
		})
	})
}

// BenchmarkIndicatorsTownship reads one township-year from the units' own
// parts (indicator.Parts) after a write, on a township shaped like the
// demo county's for its largest kind (disputes: about 1,250 records over
// five years): 1,250 records of the fixture kind, three in four closed,
// created among three times as many records of another kind, so that they
// lie scattered over the table's pages as a township's disputes lie among
// its other ledgers. Each round writes one record of the kind (not timed)
// and reads the township's 2025 from the parts:
//
//	go test -run XXX -bench BenchmarkIndicatorsTownship -benchtime 50x ./internal/store
//
// "first-write" is the first write of the kind since the parts were made
// (they read the township's records of the kind in full, and keep them);
// "after-write" every later one (only the records written are read).
// "full" is Engine.Compute of the same township-year.
func BenchmarkIndicatorsTownship(b *testing.B) {
	benchDBs(b, func(b *testing.B, e *testEnv) {
		ctx := context.Background()
		e.clock.t = time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
		sys := SystemActor("bench")
		county := access.Unit{Name: "基准县", Level: access.LevelCounty}
		must(b, e.db.CreateUnit(ctx, sys, &county))
		town := access.Unit{ParentID: county.ID, Name: "基准镇", Level: access.LevelTownship}
		must(b, e.db.CreateUnit(ctx, sys, &town))
		k, other := e.db.cfg.Kinds.Kind(indicatortest.KindName), kindOf(e)
		const n = 1250
		var next atomic.Int64
		var wg sync.WaitGroup
		for range 16 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := int(next.Add(1)) - 1
					if i >= 4*n {
						return
					}
					if i%4 != 3 {
						if _, err := e.db.CreateRecord(ctx, sys, other, town.ID, benchValues(int64(i))); err != nil {
							b.Error(err)
							return
						}
						continue
					}
					if err := benchFixtureRecord(ctx, e, k, town.ID, i/4, 2021+(i/4)%5); err != nil {
						b.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		eng, err := indicator.NewEngine(e.db.cfg.Kinds, indicatortest.Catalogue())
		must(b, err)
		units, err := e.db.Units(ctx)
		must(b, err)
		q := indicator.Query{UnitID: town.ID, From: 2025, To: 2025, Paths: indicator.Paths(units)}
		i := 0
		write := func(b *testing.B) {
			b.StopTimer()
			i++
			v := ledger.Values{"title": fmt.Sprintf("写后第%d号", i), "received": "2025-06-01", "amount": "1"}
			if _, err := e.db.CreateRecord(ctx, sys, k, town.ID, v); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		read := func(b *testing.B, p *indicator.Parts) {
			res, err := p.Compute(ctx, eng, e.db, q, nil)
			if err != nil {
				b.Fatal(err)
			}
			if v := res.Value(town.ID, 2025, "t.received").Value; v < n/5 {
				b.Fatalf("2025 received %v, want at least %d", v, n/5)
			}
		}
		b.Run("full", func(b *testing.B) {
			src := indicator.SourceFunc(func(ctx context.Context, kind string, unit int64, persons []string) ([]ledger.Record, error) {
				return e.db.IndicatorRecords(ctx, sys, kind, unit, persons)
			})
			for b.Loop() {
				if _, err := eng.Compute(ctx, src, q); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/township")
		})
		b.Run("parts-first-write", func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				p := indicator.NewParts()
				read(b, p) // the parts made, not timed
				b.StartTimer()
				write(b)
				read(b, p)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/township")
		})
		b.Run("parts-after-write", func(b *testing.B) {
			p := indicator.NewParts()
			read(b, p)
			write(b)
			read(b, p) // the records kept
			for b.Loop() {
				write(b)
				read(b, p)
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/township")
		})
	})
}

// benchFixtureRecord creates the i-th record of the indicator fixture kind
// in unit, received in year, three in four of them closed (in that year or
// the next, at most 2025); one in three names a personal value.
func benchFixtureRecord(ctx context.Context, e *testEnv, k *ledger.Kind, unit int64, i, year int) error {
	sys := SystemActor("bench")
	v := ledger.Values{"title": fmt.Sprintf("基准第%d号", i), "received": fmt.Sprintf("%d-%02d-%02d", year, i%12+1, i%28+1),
		"amount": strconv.Itoa(i % 50), "attendance": fmt.Sprintf(`[{"hours":"2","person":"p%d"},{"hours":"3","person":"q%d"}]`, i%40, i%7)}
	if i%3 == 0 {
		v["applicant_id"] = "11010119900307803X"
	}
	r, err := e.db.CreateRecord(ctx, sys, k, unit, v)
	if err != nil || i%4 == 0 {
		return err
	}
	closed := fmt.Sprintf("%d-12-%02d", min(year+i%2, 2025), i%28+1)
	_, err = e.db.Transition(ctx, sys, k, r.ID, r.Version, "close", ledger.Values{"result": "支持", "closed": closed})
	return err
}
