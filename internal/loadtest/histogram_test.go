package loadtest

import (
	"math/rand/v2"
	"testing"
	"time"
)

func TestHistogram_BucketsCoverEveryValueWithin1Point6Percent(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	prev := -1
	check := func(v uint64) {
		i := bucketOf(v)
		if i < 0 || i >= nBuckets {
			t.Fatalf("bucketOf(%d) = %d, outside 0..%d", v, i, nBuckets)
		}
		hi := bucketHigh(i)
		if hi < v {
			t.Fatalf("bucketHigh(bucketOf(%d)) = %d, below the value", v, hi)
		}
		if v >= subCount && float64(hi-v) > float64(v)/halfCount {
			t.Fatalf("bucket of %d reaches %d: more than 1/%d above", v, hi, halfCount)
		}
	}
	// Every value up to 1<<16 in order: bucket indexes never go down.
	for v := uint64(0); v < 1<<16; v++ {
		check(v)
		if i := bucketOf(v); i < prev {
			t.Fatalf("bucketOf(%d) = %d < bucketOf(%d) = %d", v, i, v-1, prev)
		} else {
			prev = i
		}
	}
	for range 100000 {
		check(rng.Uint64() >> rng.IntN(64))
	}
	check(1<<63 - 1)
}

func TestHistogram_Quantiles(t *testing.T) {
	var h Histogram
	// 1µs .. 10000µs, each once, shuffled with a fixed seed.
	vals := make([]time.Duration, 10000)
	for i := range vals {
		vals[i] = time.Duration(i+1) * time.Microsecond
	}
	rand.New(rand.NewPCG(7, 7)).Shuffle(len(vals), func(i, j int) { vals[i], vals[j] = vals[j], vals[i] })
	for _, v := range vals {
		h.Record(v)
	}
	tests := []struct {
		q    float64
		want time.Duration
	}{
		{0.50, 5000 * time.Microsecond},
		{0.90, 9000 * time.Microsecond},
		{0.99, 9900 * time.Microsecond},
		{1.00, 10000 * time.Microsecond},
		{0.00, 1 * time.Microsecond},
	}
	for _, tt := range tests {
		got := h.Quantile(tt.q)
		if got < tt.want || float64(got-tt.want) > float64(tt.want)/halfCount {
			t.Errorf("Quantile(%v) = %v, want %v (at most 1/%d above)", tt.q, got, tt.want, halfCount)
		}
	}
	if h.Count() != 10000 || h.Max() != 10*time.Millisecond {
		t.Errorf("Count, Max = %d, %v; want 10000, 10ms", h.Count(), h.Max())
	}
	if got, want := h.Mean(), 5000500*time.Nanosecond; got != want {
		t.Errorf("Mean = %v, want %v", got, want)
	}
}

func TestHistogram_MergeEqualsRecordingTogether(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	var all, a, b Histogram
	for i := range 5000 {
		d := time.Duration(rng.ExpFloat64() * float64(3*time.Millisecond))
		all.Record(d)
		if i%3 == 0 {
			a.Record(d)
		} else {
			b.Record(d)
		}
	}
	var m Histogram
	m.Merge(&a)
	m.Merge(&b)
	m.Merge(&Histogram{}) // empty merge changes nothing
	for _, q := range []float64{0, 0.5, 0.9, 0.99, 0.999, 1} {
		if m.Quantile(q) != all.Quantile(q) {
			t.Errorf("Quantile(%v): merged %v, together %v", q, m.Quantile(q), all.Quantile(q))
		}
	}
	if m.Count() != all.Count() || m.Mean() != all.Mean() || m.Max() != all.Max() {
		t.Errorf("merged count/mean/max %d/%v/%v, together %d/%v/%v",
			m.Count(), m.Mean(), m.Max(), all.Count(), all.Mean(), all.Max())
	}
}

func TestHistogram_EmptyAndNegative(t *testing.T) {
	var h Histogram
	if h.Quantile(0.5) != 0 || h.Mean() != 0 {
		t.Errorf("empty histogram: p50 %v mean %v, want 0", h.Quantile(0.5), h.Mean())
	}
	h.Record(-time.Second)
	if h.Count() != 1 || h.Quantile(0.99) != 0 {
		t.Errorf("negative latency: count %d p99 %v, want 1 and 0", h.Count(), h.Quantile(0.99))
	}
}
