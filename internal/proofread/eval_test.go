package proofread

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// evalReport is a clean report of one unit on 2024, into which the labelled
// set (testdata/eval) puts its passages.
type evalReport struct {
	title, open  string
	h            [5]string // part headings; "-" drops the part and its body
	body         [5][]string
	sign, date   string
	insertedPart int // where the passage went
}

func newEvalReport(unit string) *evalReport {
	const y = 2024
	self, titleUnit, sign, boss, party := "我镇", unit, unit+"人民政府", "镇党委书记", "镇党委"
	leaders := "县委、县政府"
	switch {
	case strings.HasSuffix(unit, "街道"):
		self, titleUnit, sign, boss, party = "我街道", unit+"办事处", unit+"办事处", "街道党工委书记", "街道党工委"
	case strings.HasSuffix(unit, "乡"):
		self, boss, party = "我乡", "乡党委书记", "乡党委"
	case strings.HasSuffix(unit, "局"):
		self, boss, party = "我局", "局党组书记", "局党组"
		sign = unit
	case strings.HasSuffix(unit, "县"):
		self, titleUnit, boss, party, leaders = "我县", unit+"人民政府", "县委书记", "县委", "市委、市政府"
	}
	r := &evalReport{sign: sign, date: fmt.Sprintf("%d年1月15日", y+1)}
	r.title = fmt.Sprintf("%s%d年法治政府建设工作报告", titleUnit, y)
	r.open = fmt.Sprintf("%d年，%s在%s的坚强领导下，深入学习贯彻习近平法治思想，扎实推进法治政府建设。现将%s%d年法治政府建设工作情况报告如下。", y, unit, leaders, unit, y)
	r.h = [5]string{
		fmt.Sprintf("一、%d年度推进法治政府建设的主要举措和成效", y),
		"二、存在的不足和原因",
		"三、党政主要负责人履行推进法治建设第一责任人职责情况",
		fmt.Sprintf("四、%d年度推进法治政府建设的主要安排", y+1),
		"五、其他需要报告的情况",
	}
	r.body = [5][]string{
		{"（一）加强组织领导", party + "定期研究法治建设工作，推动各项任务落实。", "（二）推进依法行政"},
		{"部分干部运用法治思维解决问题的能力还不够强，主要原因是学法培训的针对性不足。"},
		{boss + "认真履行第一责任人职责，带头学法、带头述法。"},
		{fmt.Sprintf("%d年，%s将继续深化法治宣传教育，推动法治政府建设再上新台阶。", y+1, self)},
		{"无。"},
	}
	return r
}

// evalDoc builds the report for one passage of the labelled set: plain text
// goes into part 1, "key=value" pieces joined by "||" change the report.
func evalDoc(passage string) (text string, inserted []string) {
	unit := "青山镇"
	var pieces []string
	for _, p := range strings.Split(passage, "||") {
		if strings.HasPrefix(p, "unit=") {
			unit = strings.TrimPrefix(p, "unit=")
			continue
		}
		pieces = append(pieces, p)
	}
	r := newEvalReport(unit)
	for _, p := range pieces {
		k, v, ok := strings.Cut(p, "=")
		if !ok || strings.ContainsAny(k, "，。") || len(k) > 6 {
			lines := strings.Split(strings.ReplaceAll(p, `\n`, "\n"), "\n")
			r.body[0] = append(r.body[0], lines...)
			inserted = append(inserted, lines...)
			continue
		}
		switch k {
		case "title":
			r.title = v
		case "open":
			r.open = v
		case "h1", "h2", "h3", "h4", "h5":
			r.h[k[1]-'1'] = v
			if v != "-" {
				inserted = append(inserted, v)
			}
		case "body4":
			r.body[3] = append(r.body[3], v)
			inserted = append(inserted, v)
		case "sign":
			r.sign = v
		case "date":
			r.date = v
		default:
			panic("evalDoc: unknown key " + k)
		}
	}
	var b strings.Builder
	b.WriteString(r.title + "\n" + r.open + "\n")
	for i := range r.h {
		if r.h[i] == "-" {
			continue
		}
		b.WriteString(r.h[i] + "\n")
		for _, l := range r.body[i] {
			b.WriteString(l + "\n")
		}
	}
	b.WriteString(r.sign + "\n" + r.date + "\n")
	return b.String(), inserted
}

type evalDefect struct {
	category, rule, excerpt, passage string
	line                             int
}

func readEvalDefects(t *testing.T, path string) []evalDefect {
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []evalDefect
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		s := sc.Text()
		if s == "" || strings.HasPrefix(s, "#") || strings.HasPrefix(s, "category\t") {
			continue
		}
		c := strings.Split(s, "\t")
		if len(c) != 4 {
			t.Fatalf("%s line %d: %d columns, want 4", path, n, len(c))
		}
		out = append(out, evalDefect{c[0], c[1], c[2], c[3], n})
	}
	return out
}

func readEvalClean(t *testing.T) []string {
	data, err := os.ReadFile("testdata/eval/clean.txt")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	return out
}

// TestEval_RecallAndPrecision runs the engine on the labelled set written for
// it (testdata/eval): every defect passage must raise its expected finding
// (recall per category at least 90%), and no clean sentence may raise any
// finding, nor may the clean report of any level that holds them.
func TestEval_RecallAndPrecision(t *testing.T) {
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	check := func(text string) *Result {
		r, err := c.Check(ctx, "eval.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	for _, unit := range []string{"青山镇", "青山乡", "青山街道", "青山县", "青山县司法局"} {
		text, _ := evalDoc("unit=" + unit)
		for _, f := range check(text).Findings {
			t.Errorf("clean report of %s: %s %d:%d «%s» %s", unit, f.Rule, f.Line, f.Column, f.Excerpt, f.Message)
		}
	}

	recall := func(path string) (found, total map[string]int) {
		found, total = map[string]int{}, map[string]int{}
		for _, d := range readEvalDefects(t, path) {
			total[d.category]++
			text, _ := evalDoc(d.passage)
			hit := false
			for _, f := range check(text).Findings {
				if f.Rule == d.rule && (d.excerpt == "-" || strings.Contains(f.Excerpt, d.excerpt) || strings.Contains(d.excerpt, f.Excerpt) && f.Excerpt != "") {
					hit = true
					break
				}
			}
			if hit {
				found[d.category]++
			} else {
				t.Logf("missed (%s line %d, %s): %s «%s» in %q", path, d.line, d.category, d.rule, d.excerpt, d.passage)
			}
		}
		return found, total
	}
	found, total := recall("testdata/eval/defects.tsv")
	hFound, hTotal := recall("testdata/eval/holdout.tsv")
	h2Found, h2Total := recall("testdata/eval/holdout2.tsv")
	for k, v := range h2Found {
		hFound[k] += v
	}
	for k, v := range h2Total {
		hTotal[k] += v
	}
	h2All, h2AllFound := 0, 0
	for k := range h2Total {
		h2All += h2Total[k]
		h2AllFound += h2Found[k]
	}
	fmt.Printf("holdout2 (written last) recall %d/%d\n", h2AllFound, h2All)

	clean := readEvalClean(t)
	flagged := 0
	for _, s := range clean {
		text, inserted := evalDoc(s)
		bad := false
		for _, f := range check(text).Findings {
			bad = true
			t.Errorf("clean sentence %q: %s «%s» %s (inserted %d lines)", s, f.Rule, f.Excerpt, f.Message, len(inserted))
		}
		if bad {
			flagged++
		}
	}

	var cats []string
	for k := range total {
		cats = append(cats, k)
	}
	sort.Strings(cats)
	all, allFound := 0, 0
	for _, k := range cats {
		rec := float64(found[k]) / float64(total[k])
		all += total[k]
		allFound += found[k]
		fmt.Printf("eval %-9s recall %3d/%3d = %5.1f%%\n", k, found[k], total[k], 100*rec)
		if total[k] < 20 {
			t.Errorf("category %s has %d labelled defects, want at least 20", k, total[k])
		}
		if rec < 0.9 {
			t.Errorf("category %s: recall %.1f%% is below 90%%", k, 100*rec)
		}
	}
	hAll, hAllFound := 0, 0
	for _, k := range cats {
		hAll += hTotal[k]
		hAllFound += hFound[k]
		fmt.Printf("holdout %-9s recall %3d/%3d\n", k, hFound[k], hTotal[k])
	}
	fmt.Printf("holdout all       recall %3d/%3d = %5.1f%%\n", hAllFound, hAll, 100*float64(hAllFound)/float64(hAll))
	if float64(hAllFound) < 0.6*float64(hAll) {
		t.Errorf("recall on the held-out defects %d/%d is below 60%%", hAllFound, hAll)
	}
	fmt.Printf("eval all       recall %3d/%3d = %5.1f%%; clean sentences %d, flagged %d (precision on clean %.1f%%)\n",
		allFound, all, 100*float64(allFound)/float64(all), len(clean), flagged, 100*float64(len(clean)-flagged)/float64(len(clean)))
	if len(clean) < 300 {
		t.Errorf("%d clean sentences, want at least 300", len(clean))
	}
}

// TestEval_CleanReports: whole reports written for this test (testdata/eval/
// reports: a street, a township, a county and a bureau, with their own
// headings, openings and signatures) raise no finding at all.
func TestEval_CleanReports(t *testing.T) {
	paths, err := filepath.Glob("testdata/eval/reports/*.txt")
	if err != nil || len(paths) < 4 {
		t.Fatalf("clean reports: %v %v", paths, err)
	}
	c, err := NewChecker(Config{Today: "2026-12-07"})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		r, err := c.Check(context.Background(), filepath.Base(p), data)
		if err != nil {
			t.Fatal(err)
		}
		if r.Unit == "" || r.Level == "" || r.Year == 0 {
			t.Errorf("%s: unit %q level %q year %d", p, r.Unit, r.Level, r.Year)
		}
		for _, f := range r.Findings {
			t.Errorf("%s:%d:%d %s «%s» %s", filepath.Base(p), f.Line, f.Column, f.Rule, f.Excerpt, f.Message)
		}
	}
}
