package proofread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzListRows feeds arbitrary bytes to the list-file reader and to every
// list parser: they must return rows or a Chinese error naming the line, and
// never panic.
func FuzzListRows(f *testing.F) {
	f.Add("行政[权利]\t权力\terror\t例\t例\t-\t说明\n")
	f.Add("# c\n-其它\n\n[a\tb\tc\n")
	f.Add("全国法制宣传日|法制宣传日\t国家宪法日\t2014-11-01\t决定\t节日\n")
	f.Add("法治政府建设实施纲要\t法治政府建设实施纲要（2021—2025年）\t\t2021-08-11\t中共中央\n")
	f.Add("\ufeff中华人民共和国宪法\t法律\t宪法\r\n")
	f.Add("\xff\xfe")
	f.Fuzz(func(t *testing.T, s string) {
		for _, cols := range [][2]int{{3, 7}, {4, 6}, {1, 3}, {2, 5}, {1, 1}} {
			rows, err := readListRows("x.tsv", []byte(s), cols[0], cols[1])
			if err != nil {
				if !strings.Contains(err.Error(), "x.tsv") {
					t.Fatalf("error does not name the file: %v", err)
				}
				continue
			}
			for _, r := range mergeRows(rows) {
				if len(r.cols) == 0 {
					t.Fatal("row without columns")
				}
				switch cols {
				case [2]int{3, 7}:
					if c, err := parseConfusable(r); err == nil {
						if c.spanStart < 0 || c.spanEnd > utf8.RuneCountInString(c.pattern) || c.spanStart >= c.spanEnd {
							t.Fatalf("bad span %d..%d in %q", c.spanStart, c.spanEnd, c.pattern)
						}
						// a parsed entry must work in the automaton
						s := newLexiconScan([]confusable{c}, nil)
						s.CheckLine(&Doc{Year: 2022}, Line{No: 1, Text: c.pattern}, func(Finding) {})
					}
				case [2]int{4, 6}:
					parseOutdated(r)
				}
			}
			switch cols {
			case [2]int{1, 3}:
				if laws, aliases, err := parseLaws(rows); err == nil {
					c := newCiteRule(laws, aliases, nil)
					c.CheckLine(&Doc{Year: 2022}, Line{No: 1, Text: "《" + s + "》"}, func(Finding) {})
				}
			case [2]int{2, 5}:
				if docs, err := parseDocuments(rows); err == nil {
					c := newCiteRule(nil, nil, docs)
					c.CheckLine(&Doc{Year: 2022}, Line{No: 1, Text: "《" + s + "》"}, func(Finding) {})
				}
			}
		}
	})
}

// FuzzLexiconRules runs every lexicon rule over arbitrary text: no panic,
// and every finding's column and excerpt must point into the line.
func FuzzLexiconRules(f *testing.F) {
	f.Add("学习《行政处法法》和《法治政府建设实施纲要（2020-2025年）》的的 and XX。")
	f.Add("《《》》《")
	f.Add("法制宣传日，其它，行政权利")
	f.Add("\xe4\xb8")
	f.Fuzz(func(t *testing.T, s string) {
		for _, year := range []int{0, 2022} {
			for _, f := range checkText(year, s) {
				runes := []rune(s)
				ex := []rune(f.Excerpt)
				if f.Column < 1 || f.Column-1+len(ex) > len(runes) {
					t.Fatalf("%s: column %d excerpt %q outside %q", f.Rule, f.Column, f.Excerpt, s)
				}
				if got := string(runes[f.Column-1 : f.Column-1+len(ex)]); got != f.Excerpt && utf8.ValidString(s) {
					t.Fatalf("%s: column %d points at %q, excerpt %q", f.Rule, f.Column, got, f.Excerpt)
				}
			}
		}
	})
}
