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
)

// Benchmarks of the store itself, with audit and data scope on, 64
// concurrent callers (SetParallelism over GOMAXPROCS). The API-level
// figures for docs/benchmarks.md come from the load test; these isolate
// the store:
//
//	go test -run XXX -bench . -benchtime 5s ./internal/store
//
// FAZHI_BENCH_RECORDS sets the list benchmark's table size (default
// 100000).

func benchDBs(b *testing.B, fn func(b *testing.B, e *testEnv)) {
	b.Run("sqlite", func(b *testing.B) { fn(b, openSQLiteEnv(b)) })
	b.Run("postgres", func(b *testing.B) {
		url := postgresAdminURL(b)
		if url == "" {
			b.Skip("PostgreSQL unreachable")
		}
		fn(b, openPostgresEnv(b, url))
	})
}

const benchClients = 64

func parallelism() int {
	n := benchClients / max(1, runtimeProcs())
	return max(n, 1)
}

func BenchmarkCreateRecord(b *testing.B) {
	benchDBs(b, func(b *testing.B, e *testEnv) {
		e.db.cfg.Now = time.Now // distinct update times, as in real use
		f := seed(b, e)
		k := kindOf(e)
		ctx := context.Background()
		var n atomic.Int64
		b.SetParallelism(parallelism())
		b.ResetTimer()
		b.RunParallel(func(pb *testing.PB) {
			for pb.Next() {
				i := n.Add(1)
				if _, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, benchValues(i)); err != nil {
					b.Error(err)
					return
				}
			}
		})
		b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "creates/s")
	})
}

func benchValues(i int64) map[string]string {
	cats := []string{"行政复议", "行政诉讼", "其他"}
	depts := []string{"司法所", "综合执法办", "党政办", "社会事务办"}
	return map[string]string{
		"title":    fmt.Sprintf("关于第%d号行政执法案件的合法性审查", i),
		"dept":     depts[i%4],
		"category": cats[i%3],
		"received": fmt.Sprintf("2025-%02d-%02d", i%12+1, i%28+1),
		"amount":   strconv.FormatInt(i%5000, 10),
		"summary":  "当事人未经批准擅自搭建建筑物，依据《城乡规划法》第六十五条作出处理。",
	}
}

func BenchmarkListRecords(b *testing.B) {
	size := 100000
	if s, err := strconv.Atoi(os.Getenv("FAZHI_BENCH_RECORDS")); err == nil && s > 0 {
		size = s
	}
	dbs := []struct {
		name string
		open func(b *testing.B) *testEnv
	}{
		{"sqlite", func(b *testing.B) *testEnv { return openSQLiteEnv(b) }},
		{"postgres", func(b *testing.B) *testEnv {
			if url := postgresAdminURL(b); url != "" {
				return openPostgresEnv(b, url)
			}
			return nil
		}},
	}
	outer := b
	for _, d := range dbs {
		// Filled once per database, not per round: the store belongs to
		// the outer benchmark, so it outlives the rounds.
		var e *testEnv
		var f *fixture
		b.Run(d.name, func(b *testing.B) {
			if e == nil {
				if e = d.open(outer); e == nil {
					b.Skip("PostgreSQL unreachable")
				}
				f = fillForList(b, e, size)
			}
			listPages(b, e, f)
		})
	}
}

// fillForList creates size records: a third each in township A, its
// village and township B, with field values independent of the unit.
func fillForList(b testing.TB, e *testEnv, size int) *fixture {
	e.db.cfg.Now = time.Now // distinct update times, as in real use
	f := seed(b, e)
	k := kindOf(e)
	ctx := context.Background()
	var wg sync.WaitGroup
	var next atomic.Int64
	for range benchClients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > int64(size) {
					return
				}
				unit, actor := f.townA.ID, f.actors["clerkA"]
				switch i % 3 {
				case 1:
					unit = f.villageA.ID
				case 2:
					unit, actor = f.townB.ID, f.actors["clerkB"]
				}
				if _, err := e.db.CreateRecord(ctx, actor, k, unit, benchValues(i/3)); err != nil {
					b.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	return f
}

// listPages is a list page of a user: default order, some with a state,
// year or field filters, paged, by three users of different scopes.
func listPages(b *testing.B, e *testEnv, f *fixture) {
	ctx := context.Background()
	queries := []ListQuery{
		{Kind: "case", PerPage: 20},
		{Kind: "case", State: "draft", PerPage: 20, Page: 3},
		{Kind: "case", Filters: map[string]string{"category": "行政复议"}, PerPage: 20},
		{Kind: "case", Filters: map[string]string{"dept": "司法所", "category": "其他"}, PerPage: 20, Page: 2},
		{Kind: "case", Year: 2025, State: "draft", PerPage: 20, Page: 2},
	}
	actors := []Actor{f.actors["clerkA"], f.actors["clerkB"], f.actors["inspector"]}
	var n atomic.Int64
	b.SetParallelism(parallelism())
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			i := n.Add(1)
			q := queries[i%int64(len(queries))]
			if _, total, err := e.db.ListRecords(ctx, actors[i%int64(len(actors))], q); err != nil || total == 0 {
				b.Errorf("list %+v: total %d, %v", q, total, err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "pages/s")
}
