package proofread

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

var seedYearRe = regexp.MustCompile(`(20\d\d)\s*年`)

// seedDoc splits a seed report into lines and takes the year from the first
// "20xx年" near the top (the title), as the core engine does for real input.
func seedDoc(t testing.TB, path string) *Doc {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	d := &Doc{File: filepath.Base(path)}
	for i, s := range strings.Split(strings.ReplaceAll(string(data), "\r\n", "\n"), "\n") {
		d.Lines = append(d.Lines, Line{No: i + 1, Text: s})
		if d.Year == 0 && i < 15 {
			if m := seedYearRe.FindStringSubmatch(s); m != nil {
				d.Year, _ = strconv.Atoi(m[1])
			}
		}
	}
	return d
}

// lexLabel is one hand label of testdata/labels/lexicon.tsv.
type lexLabel struct {
	file, rule string
	line       int
	excerpt    string
	verdict    string
	reason     string
}

func (l lexLabel) key() string {
	return fmt.Sprintf("%s\t%s\t%d\t%s", l.file, l.rule, l.line, l.excerpt)
}

func readLexLabels(t *testing.T) map[string]lexLabel {
	f, err := os.Open("testdata/labels/lexicon.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]lexLabel{}
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
			t.Fatalf("lexicon.tsv line %d: %d columns, want 6", n, len(c))
		}
		line, err := strconv.Atoi(c[2])
		if err != nil || (c[4] != "tp" && c[4] != "fp") || c[5] == "" {
			t.Fatalf("lexicon.tsv line %d: bad line number, verdict or empty reason: %q", n, s)
		}
		l := lexLabel{c[0], c[1], line, c[3], c[4], c[5]}
		out[l.key()] = l
	}
	return out
}

// seedLexFindings runs this file's rules over every seed.
func seedLexFindings(t *testing.T) []lexLabel {
	shared := sharedDir(t)
	paths, _ := filepath.Glob(filepath.Join(shared, "seeds", "*.txt"))
	if len(paths) == 0 {
		t.Skip("no seeds in ../shared/seeds")
	}
	var out []lexLabel
	for _, p := range paths {
		d := seedDoc(t, p)
		for _, l := range d.Lines {
			for _, r := range testLexRules {
				r.CheckLine(d, l, func(f Finding) {
					out = append(out, lexLabel{file: d.File, rule: f.Rule, line: f.Line, excerpt: f.Excerpt, reason: f.Message})
				})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key() < out[j].key() })
	return out
}

// TestLexiconSeeds_LabelledAndPrecise reads the five real reports in
// ../shared/seeds: every finding of the lexicon rules must carry a hand label
// in testdata/labels/lexicon.tsv, no label may be stale, and the labelled
// precision must be at least 90%. LEXICON_CANDIDATES=path writes the current
// findings (to be judged by hand) to path.
func TestLexiconSeeds_LabelledAndPrecise(t *testing.T) {
	found := seedLexFindings(t)
	if p := os.Getenv("LEXICON_CANDIDATES"); p != "" {
		var b strings.Builder
		for _, f := range found {
			fmt.Fprintf(&b, "%s\t%s\t%d\t%s\t?\t%s\n", f.file, f.rule, f.line, f.excerpt, f.reason)
		}
		os.WriteFile(p, []byte(b.String()), 0o644)
	}
	labels := readLexLabels(t)
	tp, fp := 0, 0
	seen := map[string]bool{}
	for _, f := range found {
		l, ok := labels[f.key()]
		if !ok {
			t.Errorf("unlabelled finding: %s (%s)", f.key(), f.reason)
			continue
		}
		seen[f.key()] = true
		if l.verdict == "tp" {
			tp++
		} else {
			fp++
		}
	}
	for k := range labels {
		if !seen[k] {
			t.Errorf("stale label (no such finding now): %s", k)
		}
	}
	if tp+fp == 0 {
		t.Fatal("the lexicon rules found nothing in the seeds")
	}
	prec := float64(tp) / float64(tp+fp)
	t.Logf("lexicon rules on seeds: %d findings, %d tp, %d fp, precision %.1f%%", tp+fp, tp, fp, 100*prec)
	if prec < 0.9 {
		t.Errorf("precision %.1f%% < 90%%", 100*prec)
	}
}
