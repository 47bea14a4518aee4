package proofread

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the process's user+system CPU time: on a machine shared with
// other work, wall-clock MB/s understates the rules' own speed.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkLexiconRules measures the lexicon rules alone over the seed
// reports (from ../shared/seeds); the engine's goal is ≥ 9 MB/s per CPU
// second with every rule on, so these rules must be far faster than that.
func BenchmarkLexiconRules(b *testing.B) {
	shared := sharedDir(b)
	paths, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	var docs []*Doc
	size := 0
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			b.Fatal(err)
		}
		size += int(st.Size())
		docs = append(docs, seedDoc(b, p))
	}
	b.SetBytes(int64(size))
	b.ResetTimer()
	start := cpuTime()
	n := 0
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			for _, l := range d.Lines {
				for _, r := range testLexRules {
					r.CheckLine(d, l, func(Finding) { n++ })
				}
			}
		}
	}
	if cpu := cpuTime() - start; cpu > 0 {
		b.ReportMetric(float64(size)*float64(b.N)/1e6/cpu.Seconds(), "MB/cpu-s")
	}
}

// BenchmarkParseDict: the one-off cost of the dictionary, paid by the first
// check of a process.
func BenchmarkParseDict(b *testing.B) {
	data, err := lexiconData.ReadFile("data/words.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := parseDict(data, "words.txt"); err != nil {
			b.Fatal(err)
		}
	}
}
