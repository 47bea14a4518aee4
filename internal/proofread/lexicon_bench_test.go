package proofread

import (
	"os"
	"path/filepath"
	"testing"
)

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
}
