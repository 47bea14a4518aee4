package proofread

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// seedLabel is one hand label of testdata/labels/*.tsv.
type seedLabel struct {
	file, rule string
	line       int
	excerpt    string
	verdict    string
}

func (l seedLabel) key() string {
	return fmt.Sprintf("%s\t%s\t%d\t%s", l.file, l.rule, l.line, l.excerpt)
}

// labelKey is how a finding is looked up: a whole-document finding
// (outline.missing-part) has no excerpt and is known by the part it names.
func labelKey(file string, f Finding) string {
	ex := f.Excerpt
	if ex == "" {
		if a := strings.Index(f.Message, "“"); a >= 0 {
			if b := strings.Index(f.Message[a:], "”"); b >= 0 {
				ex = f.Message[a+len("“") : a+b]
			}
		}
	}
	return seedLabel{file: file, rule: f.Rule, line: f.Line, excerpt: ex}.key()
}

func readSeedLabels(t *testing.T) map[string]seedLabel {
	paths, err := filepath.Glob("testdata/labels/*.tsv")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no label files in testdata/labels: %v", err)
	}
	out := map[string]seedLabel{}
	for _, p := range paths {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		n := 0
		for sc.Scan() {
			n++
			s := sc.Text()
			if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "file\t") {
				continue
			}
			c := strings.Split(s, "\t")
			if len(c) != 6 {
				t.Fatalf("%s line %d: %d columns, want 6", p, n, len(c))
			}
			line, err := strconv.Atoi(c[2])
			if err != nil || (c[4] != "tp" && c[4] != "fp") || strings.TrimSpace(c[5]) == "" {
				t.Fatalf("%s line %d: bad line number, verdict or empty reason: %q", p, n, s)
			}
			l := seedLabel{c[0], c[1], line, c[3], c[4]}
			out[l.key()] = l
		}
		f.Close()
	}
	return out
}

// TestSeeds_EveryFindingLabelledAndPrecise runs the full engine (every rule,
// the lexicon ones included) over the five real reports in ../shared/seeds.
// Every finding must carry a hand label in testdata/labels/*.tsv; the
// precision over the labelled findings must be at least 90%.
func TestSeeds_EveryFindingLabelledAndPrecise(t *testing.T) {
	shared := sharedDir(t)
	paths, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	if len(paths) == 0 {
		t.Skip("no seed reports in ../shared/seeds")
	}
	labels := readSeedLabels(t)
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	var inputs []Input
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{Name: filepath.Base(p), Data: data})
	}
	results, errs := c.CheckCorpus(context.Background(), inputs, nil)
	tp, fp := 0, 0
	perRule := map[string][2]int{}
	var unlabelled []string
	for i, r := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		for _, f := range r.Findings {
			k := labelKey(r.File, f)
			l, ok := labels[k]
			if !ok {
				unlabelled = append(unlabelled, k+"\t("+f.Message+")")
				continue
			}
			c := perRule[f.Rule]
			if l.verdict == "tp" {
				tp++
				c[0]++
			} else {
				fp++
				c[1]++
			}
			perRule[f.Rule] = c
		}
	}
	sort.Strings(unlabelled)
	for _, u := range unlabelled {
		t.Errorf("unlabelled finding: %s", u)
	}
	if tp+fp == 0 {
		t.Fatal("the engine found nothing in the seeds")
	}
	var rules []string
	for r := range perRule {
		rules = append(rules, r)
	}
	sort.Strings(rules)
	for _, r := range rules {
		t.Logf("  %-22s tp %3d  fp %3d", r, perRule[r][0], perRule[r][1])
	}
	prec := float64(tp) / float64(tp+fp)
	t.Logf("engine on seeds: %d labelled findings, %d tp, %d fp, precision %.1f%%", tp+fp, tp, fp, 100*prec)
	if prec < 0.9 {
		t.Errorf("precision %.1f%% is below 90%%", 100*prec)
	}
}

// TestSeeds_Structure checks what a reader of the seeds sees: unit, year,
// level and the parts each report has.
func TestSeeds_Structure(t *testing.T) {
	shared := sharedDir(t)
	c, _ := NewChecker(Config{})
	for _, tc := range []struct {
		file, unit string
		year       int
		parts      string // found flags of the five parts
	}{
		{"000_8dbce776ff42a122.txt", "屏南镇", 2022, "11110"},
		{"001_1b87885d80e1077b.txt", "昭化镇", 2021, "11110"},
		{"002_a6f007c1eaff930b.txt", "北和镇", 2022, "11010"},
		{"003_af069d6e93bb6dba.txt", "大柳镇", 2023, "11010"},
		{"004_36a972dc84b9d279.txt", "泉掌镇", 2021, "10000"},
	} {
		data, err := os.ReadFile(filepath.Join(shared, "seeds", tc.file))
		if err != nil {
			t.Skipf("seed %s absent: %v", tc.file, err)
		}
		r, err := c.Check(context.Background(), tc.file, data)
		if err != nil {
			t.Fatal(err)
		}
		parts := ""
		for _, p := range r.Parts {
			if p.Found {
				parts += "1"
			} else {
				parts += "0"
			}
		}
		if r.Unit != tc.unit || r.Year != tc.year || r.Level != "乡镇" || parts != tc.parts {
			t.Errorf("%s: unit %s year %d level %s parts %s, want %s %d 乡镇 %s", tc.file, r.Unit, r.Year, r.Level, parts, tc.unit, tc.year, tc.parts)
		}
	}
}
