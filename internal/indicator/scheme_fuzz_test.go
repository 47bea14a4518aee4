package indicator_test

import (
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger/kinds"
)

// FuzzParseScheme: any file either parses into lines that satisfy the
// scheme's rules (and the engine's check answers without panicking), or
// is refused with a Chinese message naming a line.
func FuzzParseScheme(f *testing.F) {
	def, _ := os.ReadFile("scheme.tsv")
	f.Add(string(def))
	f.Add("S1\t甲\tt.rate\tthreshold\t60\t10\t\t\n")
	f.Add("S1\t甲\t\tmanual\t\t10\t\t说明\r\nS2\t乙\tpetition.pending\tdeduction\t\t5\t0.5\t\n")
	f.Add("S1\t甲\tpetition.pending\tdeduction\t\t5\t-1\t\n")
	f.Add("\t\t\t\t\t\t\t\n# only a comment")
	f.Add("S1\t甲\tno.such\tproportional\t1e309\t10\t\t\n")
	f.Add("S1\t甲\tpetition.closed\tproportional\tNaN\tInf\t\t\n")
	reg, err := kinds.Registry()
	if err != nil {
		f.Fatal(err)
	}
	eng, err := indicator.NewEngine(reg, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, tsv string) {
		items, err := indicator.ParseScheme(tsv)
		if err != nil {
			if msg := err.Error(); !strings.HasPrefix(msg, "考核方案第") || !utf8.ValidString(msg[:len("考核方案第")]) {
				t.Fatalf("refusal without its line: %q", msg)
			}
			return
		}
		seen := map[string]bool{}
		for _, it := range items {
			for _, n := range []float64{it.Target, it.Points, it.PerCase} {
				if math.IsNaN(n) || math.IsInf(n, 0) || n < 0 {
					t.Fatalf("accepted the number %v: %+v", n, it)
				}
			}
			if it.ID == "" || it.Name == "" || it.Points <= 0 || it.Line <= 0 || seen[it.ID] {
				t.Fatalf("accepted a bad line: %+v", it)
			}
			seen[it.ID] = true
			switch it.Rule {
			case indicator.Proportional, indicator.Threshold:
				if it.Target <= 0 || it.Indicator == "" {
					t.Fatalf("accepted %+v", it)
				}
			case indicator.Deduction:
				if it.PerCase <= 0 || it.Indicator == "" {
					t.Fatalf("accepted %+v", it)
				}
			case indicator.Manual:
			default:
				t.Fatalf("accepted rule %q", it.Rule)
			}
		}
		if err := eng.CheckScheme(items); err != nil && !strings.HasPrefix(err.Error(), "考核方案") {
			t.Fatalf("check message %q", err)
		}
	})
}
