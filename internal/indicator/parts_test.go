package indicator_test

import (
	"context"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
)

// memParts is the fixture as a PartsSource: a generation per (unit, kind)
// and a mark per record, both moved by write, and the records read by id
// counted.
type memParts struct {
	*memory
	gens  map[indicator.UnitKind]int64
	marks map[int64]int64
	byID  int // records returned by IndicatorRecordsByID
	units int // IndicatorUnitRecords calls
}

func newMemParts() *memParts {
	m := &memParts{memory: newMemory(), gens: map[indicator.UnitKind]int64{}, marks: map[int64]int64{}}
	for _, r := range m.recs {
		uk := indicator.UnitKind{Unit: r.UnitID, Kind: r.Kind}
		m.gens[uk]++
		m.marks[r.ID] = m.gens[uk]
	}
	return m
}

// write replaces record id's data field f by v, as a store's write does.
func (m *memParts) write(id int64, f, v string) {
	for i := range m.recs {
		if r := &m.recs[i]; r.ID == id {
			r.Data = maps.Clone(r.Data) // the parts may hold the old one
			r.Data[f] = v
			uk := indicator.UnitKind{Unit: r.UnitID, Kind: r.Kind}
			m.gens[uk]++
			m.marks[id] = m.gens[uk]
		}
	}
}

func (m *memParts) IndicatorGens(_ context.Context, unit int64) (map[indicator.UnitKind]int64, error) {
	out := map[indicator.UnitKind]int64{}
	for uk, g := range m.gens {
		if strings.HasPrefix(m.paths[uk.Unit], m.paths[unit]) {
			out[uk] = g
		}
	}
	return out, nil
}

func (m *memParts) IndicatorUnitRecords(_ context.Context, kind string, _ int64, units []int64, _ []string) ([]ledger.Record, error) {
	m.units++
	var out []ledger.Record
	for _, r := range m.recs {
		if r.Kind == kind && slices.Contains(units, r.UnitID) {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memParts) IndicatorMarks(_ context.Context, kind string, unit int64) (map[int64]int64, error) {
	out := map[int64]int64{}
	for _, r := range m.recs {
		if r.Kind == kind && r.UnitID == unit {
			out[r.ID] = m.marks[r.ID]
		}
	}
	return out, nil
}

func (m *memParts) IndicatorRecordsByID(_ context.Context, kind string, unit int64, ids []int64, _ []string) ([]ledger.Record, []int64, error) {
	var out []ledger.Record
	var marks []int64
	for _, r := range m.recs {
		if r.Kind == kind && r.UnitID == unit && (ids == nil || slices.Contains(ids, r.ID)) {
			out, marks = append(out, r), append(marks, m.marks[r.ID])
		}
	}
	m.byID += len(out)
	return out, marks, nil
}

// TestParts_RereadsOnlyWhatMoved: after the first write of a unit's
// records of a kind its part reads them all and keeps them; after the next
// only the record written; past the bound on records kept, the part kept
// longest drops its records and reads them all again after its next
// write. The figures equal the full evaluation after every write.
func TestParts_RereadsOnlyWhatMoved(t *testing.T) {
	e, src := testEngine(t), newMemParts()
	p := indicator.NewParts()
	p.SetMaxKept(3)
	units := []access.Unit{{ID: 1, Path: "/1/"}, {ID: 2, Path: "/1/2/"}, {ID: 3, Path: "/1/3/"}, {ID: 4, Path: "/1/2/4/"}}
	q := indicator.Query{UnitID: 1, From: 2022, To: 2026, Paths: src.paths}
	// check evaluates the county from the parts, compares it with the full
	// evaluation, and returns the records the parts read by id.
	check := func(after string, wantByID int) {
		t.Helper()
		src.byID = 0
		got, err := p.Compute(context.Background(), e, src, q, nil)
		if err != nil {
			t.Fatal(err)
		}
		full, err := e.Compute(context.Background(), src, q)
		if err != nil {
			t.Fatal(err)
		}
		if d := indicatortest.Diff(e, full, got, units, q.From, q.To); len(d) > 0 {
			t.Fatalf("after %s: %d figures differ from the full evaluation, first %s", after, len(d), d[0])
		}
		if src.byID != wantByID {
			t.Errorf("after %s: %d records read by id, want %d", after, src.byID, wantByID)
		}
	}
	check("the first evaluation", 0)
	if src.units != 1 {
		t.Errorf("the first evaluation read the kind %d times, want once for every unit", src.units)
	}
	// B holds cases three, four and five (ids 3, 4, 5); A case one (id 1).
	src.write(4, "amount", "9")
	check("B's first write", 3)
	src.write(3, "amount", "11")
	check("B's second write", 1)
	src.write(1, "amount", "6") // A keeps 1 more: 4 > 3, B's are dropped
	check("A's first write", 1)
	src.write(1, "amount", "8")
	check("A's second write", 1)
	src.write(5, "amount", "2")
	check("B's write after its records were dropped", 3)
}

// slowParts reads the fixture's records slowly enough that readers
// overlap, counting the reads.
type slowParts struct {
	*memParts
	reads atomic.Int64
}

func (s *slowParts) IndicatorUnitRecords(ctx context.Context, kind string, root int64, units []int64, persons []string) ([]ledger.Record, error) {
	s.reads.Add(1)
	time.Sleep(50 * time.Millisecond)
	return s.memParts.IndicatorUnitRecords(ctx, kind, root, units, persons)
}

// TestParts_ConcurrentReadersEvaluateOnce: 20 readers of the same figures
// at once, none kept yet, get them from one read of the records.
func TestParts_ConcurrentReadersEvaluateOnce(t *testing.T) {
	e, src := testEngine(t), &slowParts{memParts: newMemParts()}
	p := indicator.NewParts()
	q := indicator.Query{UnitID: 1, From: 2022, To: 2026, Paths: src.paths}
	var wg sync.WaitGroup
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := p.Compute(context.Background(), e, src, q, nil)
			if err != nil {
				t.Error(err)
				return
			}
			if v := res.Value(1, 2025, "t.received").Value; v != 3 {
				t.Errorf("county 2025 received %v, want 3", v)
			}
		}()
	}
	wg.Wait()
	if n := src.reads.Load(); n != 1 {
		t.Errorf("20 concurrent readers read the records %d times, want once", n)
	}
}
