package indicator_test

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// slowCounting is the fixture's records, read slowly enough that readers
// overlap, counting the reads.
type slowCounting struct {
	*memory
	reads atomic.Int64
}

func (s *slowCounting) IndicatorRecords(ctx context.Context, kind string, unit int64, persons []string) ([]ledger.Record, error) {
	s.reads.Add(1)
	time.Sleep(50 * time.Millisecond)
	return s.memory.IndicatorRecords(ctx, kind, unit, persons)
}

// TestCache_ConcurrentReadersEvaluateOnce: 50 readers of a dashboard whose
// figures are not cached (or just expired) get the same figures from one
// evaluation, not fifty; after a write (a new generation) the next reader
// evaluates again.
func TestCache_ConcurrentReadersEvaluateOnce(t *testing.T) {
	e, src := testEngine(t), &slowCounting{memory: newMemory()}
	c := indicator.NewCache(time.Minute, 16)
	q := indicator.Query{UnitID: 1, From: 2022, To: 2025, Paths: src.paths}
	key := indicator.CacheKey("county", q)
	var wg sync.WaitGroup
	results := make([]*indicator.Result, 50)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res, err := c.Compute(context.Background(), e, src, q, key, 7)
			if err != nil {
				t.Error(err)
			}
			results[i] = res
		}()
	}
	wg.Wait()
	if n := src.reads.Load(); n != 1 {
		t.Errorf("50 concurrent readers read the records %d times, want once", n)
	}
	for i, r := range results {
		if r != results[0] {
			t.Fatalf("reader %d got another evaluation", i)
		}
	}
	if _, err := c.Compute(context.Background(), e, src, q, key, 8); err != nil || src.reads.Load() != 2 {
		t.Errorf("after a write: %v, %d reads, want 2", err, src.reads.Load())
	}
}

// TestCache_WaiterOutlivesALeavingFirstReader: the reader evaluating goes
// away (its request cancelled); one waiting for it still gets figures.
func TestCache_WaiterOutlivesALeavingFirstReader(t *testing.T) {
	e, src := testEngine(t), &slowCounting{memory: newMemory()}
	c := indicator.NewCache(time.Minute, 16)
	q := indicator.Query{UnitID: 1, From: 2022, To: 2025, Paths: src.paths}
	key := indicator.CacheKey("county", q)
	ctx, cancel := context.WithCancel(context.Background())
	first := make(chan error, 1)
	go func() { _, err := c.Compute(ctx, e, src, q, key, 1); first <- err }()
	time.Sleep(10 * time.Millisecond) // the first reader is evaluating
	second := make(chan error, 1)
	go func() {
		res, err := c.Compute(context.Background(), e, src, q, key, 1)
		if err == nil && res.Value(1, 2025, "t.received").ID == "" {
			err = context.Canceled
		}
		second <- err
	}()
	time.Sleep(10 * time.Millisecond)
	cancel()
	<-first
	if err := <-second; err != nil {
		t.Errorf("the waiting reader: %v", err)
	}
}
