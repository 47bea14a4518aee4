package proofread

import (
	"context"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// seedTexts reads the five seed reports from ../shared (skipping when absent).
func seedTexts(tb testing.TB) []string {
	shared := sharedDir(tb)
	paths, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	if len(paths) == 0 {
		tb.Skip("no seed reports in ../shared/seeds")
	}
	var out []string
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, string(b))
	}
	return out
}

// BenchmarkCheck runs every rule over the seeds. "seeds" checks the five
// reports one by one (run with -benchtime=1200x to pass 50 MB); "big" checks
// one report of the seeds repeated to 48 MB, to show the cost is linear.
func BenchmarkCheck(b *testing.B) {
	seeds := seedTexts(b)
	c, err := NewChecker(Config{})
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.Run("seeds", func(b *testing.B) {
		total := 0
		for _, s := range seeds {
			total += len(s)
		}
		b.SetBytes(int64(total))
		b.ReportAllocs()
		for b.Loop() {
			for i, s := range seeds {
				if _, err := c.Check(ctx, fmt.Sprintf("s%d.txt", i), []byte(s)); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(b.N*len(seeds))/b.Elapsed().Seconds(), "reports/s")
	})
	b.Run("big", func(b *testing.B) {
		var sb strings.Builder
		for sb.Len() < 48<<20 {
			for _, s := range seeds {
				sb.WriteString(s)
				sb.WriteString("\n")
			}
		}
		data := []byte(sb.String())
		b.SetBytes(int64(len(data)))
		for b.Loop() {
			if _, err := c.Check(ctx, "big.txt", data); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// shuffledCorpus makes n reports from the seeds' paragraphs: report i is
// seed i%5 with its body paragraphs shuffled and three paragraphs of other
// seeds mixed in (fixed random seed, so every run checks the same corpus).
func shuffledCorpus(seeds []string, n int) []Input {
	rng := rand.New(rand.NewSource(20240401))
	var paras [][]string
	var pool []string
	for _, s := range seeds {
		var ps []string
		for _, p := range strings.Split(s, "\n") {
			if strings.TrimSpace(p) != "" {
				ps = append(ps, p)
			}
		}
		paras = append(paras, ps)
		pool = append(pool, ps[2:]...)
	}
	out := make([]Input, n)
	for i := range out {
		ps := paras[i%len(paras)]
		head := append([]string(nil), ps[:2]...)
		rest := append([]string(nil), ps[2:]...)
		for k := 0; k < 3; k++ {
			rest = append(rest, pool[rng.Intn(len(pool))])
		}
		rng.Shuffle(len(rest), func(a, b int) { rest[a], rest[b] = rest[b], rest[a] })
		out[i] = Input{Name: fmt.Sprintf("r%05d.txt", i), Data: []byte(strings.Join(append(head, rest...), "\n"))}
	}
	return out
}

// BenchmarkCorpus checks 10,000 reports generated from the seeds, with
// cross-report copying (run with -benchtime=1x).
func BenchmarkCorpus(b *testing.B) {
	inputs := shuffledCorpus(seedTexts(b), 10000)
	total := 0
	for _, in := range inputs {
		total += len(in.Data)
	}
	c, _ := NewChecker(Config{})
	b.SetBytes(int64(total))
	for b.Loop() {
		res, _ := c.CheckCorpus(context.Background(), inputs, nil)
		if len(coreOnly(res[0], "copy.similar")) == 0 {
			b.Fatal("a shuffled report shares nothing with the others")
		}
	}
	b.ReportMetric(float64(b.N*len(inputs))/b.Elapsed().Seconds(), "reports/s")
}

// TestWriteShuffledCorpus writes the generated corpus to $FAZHI_CORPUS_DIR
// for timing `fazhi check --corpus`; it is skipped unless that is set.
func TestWriteShuffledCorpus(t *testing.T) {
	dir := os.Getenv("FAZHI_CORPUS_DIR")
	if dir == "" {
		t.Skip("set FAZHI_CORPUS_DIR to write the 10,000-report corpus built from ../shared/seeds")
	}
	n := 10000
	if s := os.Getenv("FAZHI_CORPUS_N"); s != "" {
		fmt.Sscan(s, &n)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, in := range shuffledCorpus(seedTexts(t), n) {
		if err := os.WriteFile(filepath.Join(dir, in.Name), in.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestWriteBenchText writes the seeds repeated to $FAZHI_BENCH_MB megabytes
// to $FAZHI_BENCH_FILE, the same text given to autocorrect and zhlint.
func TestWriteBenchText(t *testing.T) {
	path := os.Getenv("FAZHI_BENCH_FILE")
	if path == "" {
		t.Skip("set FAZHI_BENCH_FILE to write the seeds repeated for the linter comparison")
	}
	mb := 50
	if s := os.Getenv("FAZHI_BENCH_MB"); s != "" {
		fmt.Sscan(s, &mb)
	}
	var sb strings.Builder
	seeds := seedTexts(t)
	for sb.Len() < mb<<20 {
		for _, s := range seeds {
			sb.WriteString(s + "\n")
		}
	}
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}
