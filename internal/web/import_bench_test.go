package web

import (
	"bytes"
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/blob"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger/importer"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// TestImportExportFigures measures the import and the export of
// FAZHI_BENCH_ROWS 合法性审查 rows (one in ten replayed to 已出具意见) on
// SQLite and, with FAZHI_TEST_POSTGRES, on PostgreSQL: wall time and the
// peak Go heap above the heap before the run. Skipped unless
// FAZHI_BENCH_ROWS is set (docs/benchmarks.md has the command).
func TestImportExportFigures(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FAZHI_BENCH_ROWS"))
	if n <= 0 {
		t.Skip("set FAZHI_BENCH_ROWS (e.g. 100000) to measure the import and export")
	}
	file := filepath.Join(t.TempDir(), "bench.xlsx")
	writeBenchBook(t, file, n)
	st, _ := os.Stat(file)
	fmt.Printf("workbook: %d rows, %.1f MB\n", n, float64(st.Size())/(1<<20))
	t.Run("sqlite", func(t *testing.T) { benchImportExport(t, "", file, n) })
	if pg := os.Getenv("FAZHI_TEST_POSTGRES"); pg != "" {
		t.Run("postgres", func(t *testing.T) { benchImportExport(t, pg, file, n) })
	}
}

// writeBenchBook streams n rows into an .xlsx.
func writeBenchBook(t *testing.T, path string, n int) {
	k := kinds.LegalityReview()
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	cols := importer.Columns(k)
	header := make([]any, len(cols))
	for i, c := range cols {
		header[i] = c.Header
	}
	if err := sw.SetRow("A1", header); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		d := reviewData(fmt.Sprintf("压测导入第%d号规范性文件", i))
		d["materials"] = "送审材料包括起草说明、征求意见情况和依据文件。"
		if i%10 == 0 {
			d["opinion"], d["opinion_text"], d["opinion_date"] = "合法", "制定主体、权限、程序和内容均合法。", "2025-02-20"
		}
		row := make([]any, len(cols))
		for j, c := range cols {
			switch {
			case c.Field != nil:
				row[j] = d[c.Field.Name]
			case c.Header == importer.HeaderState && i%10 == 0:
				row[j] = "已出具意见"
			default:
				row[j] = ""
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// heapPeak samples the live heap until stopped and reports its peak above
// the heap at the start.
type heapPeak struct {
	base, peak atomic.Uint64
	stop       chan struct{}
	done       chan struct{}
}

func heapNow() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapPeak() *heapPeak {
	runtime.GC()
	h := &heapPeak{stop: make(chan struct{}), done: make(chan struct{})}
	h.base.Store(heapNow())
	go func() {
		defer close(h.done)
		tick := time.NewTicker(2 * time.Millisecond)
		defer tick.Stop()
		for {
			if v := heapNow(); v > h.peak.Load() {
				h.peak.Store(v)
			}
			select {
			case <-h.stop:
				return
			case <-tick.C:
			}
		}
	}()
	return h
}

func (h *heapPeak) end() float64 {
	close(h.stop)
	<-h.done
	p, b := h.peak.Load(), h.base.Load()
	if p < b {
		return 0
	}
	return float64(p-b) / (1 << 20)
}

func benchImportExport(t *testing.T, pgURL, file string, n int) {
	ctx := context.Background()
	dir := t.TempDir()
	url := filepath.Join(dir, "fazhi.db")
	if pgURL != "" {
		var b [6]byte
		rand.Read(b[:])
		prefix := os.Getenv("FAZHI_BENCH_DB_PREFIX") // as fazhi bench's, letters, digits and _
		if prefix == "" || strings.Trim(prefix, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			prefix = "fazhi_bench_"
		}
		name := prefix + hex.EncodeToString(b[:])
		admin, err := sql.Open("pgx", pgURL)
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.ExecContext(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'"); err != nil {
			t.Fatal(err)
		}
		defer admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		base, query, _ := strings.Cut(pgURL, "?")
		url = base[:strings.LastIndex(base, "/")+1] + name
		if query != "" {
			url += "?" + query
		}
	}
	keys, _ := secure.ParseKeyRing("1:" + strings.Repeat("ab", secure.MasterKeySize))
	blobs, _ := blob.NewDir(filepath.Join(dir, "blobs"))
	reg, _ := kinds.Registry()
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, calendar.China)
	db, err := store.Open(ctx, store.Config{URL: url, DataDir: dir, Keys: keys, Blobs: blobs, Kinds: reg,
		Calendar: calendar.Builtin(), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	sys := store.SystemActor("bench")
	county := access.Unit{Name: "压测县", Level: access.LevelCounty}
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.CreateUnit(ctx, sys, &county))
	town := access.Unit{ParentID: county.ID, Name: "压测镇", Level: access.LevelTownship}
	must(db.CreateUnit(ctx, sys, &town))
	u := &access.User{Username: "bench", Name: "压测员", UnitID: town.ID, Roles: []access.Role{access.RoleClerk, access.RoleReviewer}, PasswordHash: "x"}
	must(db.CreateUser(ctx, sys, u))
	a, err := db.ActorFor(ctx, u, "127.0.0.1")
	must(err)
	k := reg.Kind("legality_review")

	src, err := os.Open(file)
	must(err)
	defer src.Close()
	h := startHeapPeak()
	start := time.Now()
	imp := db.Import(a, k, town.ID, "bench.xlsx")
	writers, _ := strconv.Atoi(os.Getenv("FAZHI_BENCH_WRITERS"))
	rep, err := importer.Run(ctx, src, k, imp, imp, importer.Options{Unit: town.ID, Writers: writers})
	must(err)
	took, peak := time.Since(start), h.end()
	if rep.Imported != n {
		t.Fatalf("imported %d of %d: %v", rep.Imported, n, rep.Problems[:min(3, len(rep.Problems))])
	}
	fmt.Printf("%s import: %d rows in %.1f s (%.0f rows/s), peak heap +%.0f MB\n", t.Name(), n, took.Seconds(), float64(n)/took.Seconds(), peak)

	s := New(Config{Password: cheapPassword}, db, reg, nil, nil)
	h = startHeapPeak()
	start = time.Now()
	q := store.ListQuery{Kind: k.Name, PerPage: exportPageSize, Page: 1}
	l, err := s.lookup(ctx, a)
	must(err)
	var out countWriter
	rows, _, err := s.writeExport(ctx, &out, a, l, k, q, n)
	must(err)
	took, peak = time.Since(start), h.end()
	if rows != n {
		t.Fatalf("exported %d rows of %d", rows, n)
	}
	fmt.Printf("%s export: %d rows in %.1f s (%.0f rows/s), %.1f MB, peak heap +%.0f MB\n", t.Name(), rows, took.Seconds(),
		float64(rows)/took.Seconds(), float64(out.n)/(1<<20), peak)
	_ = bytes.MinRead
}

// countWriter counts what is written.
type countWriter struct{ n int64 }

func (w *countWriter) Write(p []byte) (int, error) { w.n += int64(len(p)); return len(p), nil }

var _ io.Writer = (*countWriter)(nil)

func TestImportCheckOnlyFigure(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("FAZHI_BENCH_ROWS"))
	if n <= 0 || os.Getenv("FAZHI_BENCH_CHECK") == "" {
		t.Skip()
	}
	file := filepath.Join(t.TempDir(), "bench.xlsx")
	writeBenchBook(t, file, n)
	e := apiEnv(t)
	k := e.srv.kinds.Kind("legality_review")
	src, _ := os.Open(file)
	defer src.Close()
	start := time.Now()
	a := store.SystemActor("x")
	imp := e.db.Import(a, k, e.units["A"].ID, "b.xlsx")
	rep, err := importer.Run(context.Background(), src, k, imp, imp, importer.Options{Unit: e.units["A"].ID, DryRun: true})
	fmt.Println(time.Since(start), rep.Total, err)
}
