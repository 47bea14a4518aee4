package proofread

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// lexiconRulesForTest builds the rules once per test binary.
var testLexRules = func() []LineRule {
	lr, _, _, err := newLexiconRules(Config{})
	if err != nil {
		panic(err)
	}
	return lr
}()

// checkText runs every lexicon line rule over one line of a report on year.
func checkText(year int, text string) []Finding {
	d := &Doc{Year: year, Lines: []Line{{No: 1, Text: text}}}
	var out []Finding
	for _, r := range testLexRules {
		r.CheckLine(d, d.Lines[0], func(f Finding) { out = append(out, f) })
	}
	return out
}

func findingsOf(fs []Finding, rule string) []Finding {
	var out []Finding
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestNewLexiconRules_LoadsEveryList(t *testing.T) {
	conf, err := loadConfusables(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(conf) < 100 {
		t.Errorf("confusables: %d entries, want at least 100", len(conf))
	}
	out, err := loadOutdated(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) < 40 {
		t.Errorf("outdated: %d entries, want at least 40", len(out))
	}
	laws, _, err := loadLaws(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(laws) < 400 {
		t.Errorf("laws: %d titles, want at least 400", len(laws))
	}
	for _, l := range laws {
		if strings.HasPrefix(l.title, "中华人民共和国中华人民共和国") {
			t.Errorf("doubled prefix: %s", l.title)
		}
	}
}

// TestConfusableExamples runs every entry's own examples: the trigger example
// must produce this entry's finding, the silent one no word.confusable at all.
func TestConfusableExamples(t *testing.T) {
	conf, err := loadConfusables(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range conf {
		wrong := string([]rune(c.pattern)[c.spanStart:c.spanEnd])
		t.Run(c.pattern, func(t *testing.T) {
			if c.hitExample == "" || c.okExample == "" {
				t.Fatalf("%s: entry lacks examples", c.where)
			}
			hits := findingsOf(checkText(2022, c.hitExample), "word.confusable")
			found := false
			for _, f := range hits {
				if f.Excerpt == wrong && f.Suggestion == c.right {
					found = true
					if got := string([]rune(c.hitExample)[f.Column-1 : f.Column-1+len([]rune(wrong))]); got != wrong {
						t.Errorf("column %d points at %q, want %q", f.Column, got, wrong)
					}
				}
			}
			if !found {
				t.Errorf("%s: trigger example %q: want %q→%q, got %+v", c.where, c.hitExample, wrong, c.right, hits)
			}
			if fs := findingsOf(checkText(2022, c.okExample), "word.confusable"); len(fs) > 0 {
				t.Errorf("%s: silent example %q fired: %+v", c.where, c.okExample, fs)
			}
		})
	}
}

func TestConfusable_LongestOverlappingWins(t *testing.T) {
	fs := findingsOf(checkText(2022, "推行村级小微权利清单。"), "word.confusable")
	if len(fs) != 1 || fs[0].Excerpt != "权利" || fs[0].Column != 7 {
		t.Fatalf("got %+v, want one finding on 权利 at column 7", fs)
	}
}

func TestOutdated_ByReportYear(t *testing.T) {
	tests := []struct {
		name    string
		year    int
		text    string
		excerpt string // "" means silent
		sugg    string
	}{
		{"宪法日 renamed 2014, 2021 report", 2021, "在“12.4”全国法制宣传日开展活动。", "全国法制宣传日", "国家宪法日"},
		{"宪法日 before renaming", 2013, "在“12.4”全国法制宣传日开展活动。", "", ""},
		{"unknown year is not judged", 0, "在全国法制宣传日开展活动。", "", ""},
		{"七五普法 in 2022", 2022, "深入推进七五普法工作。", "七五普法", "八五普法"},
		{"七五普法 in 2019", 2019, "深入推进七五普法工作。", "", ""},
		{"七五普法 summary is historical", 2021, "完成七五普法总结验收。", "", ""},
		{"十九大 latest until 2022", 2022, "全面贯彻党的十九大精神。", "", ""},
		{"十九大 outdated from 2023", 2023, "全面贯彻党的十九大精神。", "党的十九大精神", "党的二十大精神"},
		{"十九大以来 is history", 2023, "党的十九大以来，我镇法治建设取得成效。", "", ""},
		{"新理念新思想新战略 after 2020", 2021, "坚持以习近平总书记全面依法治国新理念新思想新战略为指导。", "全面依法治国新理念新思想新战略", "习近平法治思想"},
		{"新理念新思想新战略 in 2019", 2019, "坚持以习近平总书记全面依法治国新理念新思想新战略为指导。", "", ""},
		{"法制宣传教育 2021", 2021, "开展法制宣传教育活动。", "法制宣传教育", "法治宣传教育"},
		{"法制审核 is the official term", 2023, "严格落实重大执法决定法制审核制度。", "", ""},
		{"法制办 after reform", 2020, "县政府法制办审查。", "政府法制办", "司法局（司法行政部门）"},
		{"劳动合同法 is not 合同法", 2022, "学习《劳动合同法》。", "", ""},
		{"合同法 repealed 2021", 2021, "学习《合同法》。", "《合同法》", "《中华人民共和国民法典》合同编"},
		{"农业部门 is not 农业部", 2020, "农业部门开展执法。", "", ""},
		{"农业局面 is not an office", 2020, "形成现代农业局面，环保局势向好。", "", ""},
		{"农业局 after reform", 2020, "县农业局开展执法。", "农业局", "农业农村局"},
		{"一府两院 after 2018", 2019, "主动接受一府两院监督。", "一府两院", "一府一委两院"},
		{"扫黑除恶成果 stays", 2021, "巩固扫黑除恶专项斗争成果。", "", ""},
		{"扫黑除恶 专项 2022", 2022, "深入开展扫黑除恶专项斗争。", "扫黑除恶专项斗争", "常态化扫黑除恶斗争"},
		{"法治纲要 dash variants", 2022, "贯彻《法治政府建设实施纲要（2015-2020年）》。", "法治政府建设实施纲要（2015-2020年）", "法治政府建设实施纲要（2021—2025年）"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fs := findingsOf(checkText(tt.year, tt.text), "term.outdated")
			if tt.excerpt == "" {
				if len(fs) > 0 {
					t.Fatalf("want silence, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Excerpt != tt.excerpt || fs[0].Suggestion != tt.sugg {
				t.Fatalf("got %+v, want %q → %q", fs, tt.excerpt, tt.sugg)
			}
			if !strings.Contains(fs[0].Message, "年") {
				t.Errorf("message %q lacks the date of the change", fs[0].Message)
			}
		})
	}
}

func TestOutdated_EveryEntryHasDateAndSource(t *testing.T) {
	out, err := loadOutdated(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.date.Year() < 1949 || o.date.Year() > 2030 || len([]rune(o.source)) < 6 {
			t.Errorf("%s: implausible date %v or source %q", o.where, o.date, o.source)
		}
		// each variant must fire in a report of the year of the change
		for _, v := range o.olds {
			fs := findingsOf(checkText(o.date.Year(), "我镇"+v+"工作。"), "term.outdated")
			if len(fs) == 0 {
				t.Errorf("%s: variant %q does not fire in %d", o.where, v, o.date.Year())
			}
			if fs := findingsOf(checkText(o.date.Year()-1, "我镇"+v+"工作。"), "term.outdated"); len(fs) > 0 {
				t.Errorf("%s: variant %q fires before its date: %+v", o.where, v, fs)
			}
		}
	}
}

func TestExtraFiles_ExtendAndRemove(t *testing.T) {
	dir := t.TempDir()
	conf := filepath.Join(dir, "conf.tsv")
	os.WriteFile(conf, []byte("# 本地补充\n-其它\n普法责任[值]\t制\terror\t落实普法责任值\t落实普法责任制\t-\t应为“普法责任制”\n"), 0o644)
	out := filepath.Join(dir, "out.tsv")
	os.WriteFile(out, []byte("乡镇综治办\t乡镇平安办\t2020-01-01\t本省机构改革方案（2019年12月）\t机构\n"), 0o644)
	lr, _, _, err := newLexiconRules(Config{ExtraFiles: map[string]string{"confusables": conf, "outdated": out}})
	if err != nil {
		t.Fatal(err)
	}
	run := func(text string) []Finding {
		d := &Doc{Year: 2021, Lines: []Line{{No: 1, Text: text}}}
		var fs []Finding
		for _, r := range lr {
			r.CheckLine(d, d.Lines[0], func(f Finding) { fs = append(fs, f) })
		}
		return fs
	}
	if fs := findingsOf(run("对其它事项一并研究。"), "word.confusable"); len(fs) != 0 {
		t.Errorf("removed entry 其它 still fires: %+v", fs)
	}
	if fs := findingsOf(run("落实普法责任值。"), "word.confusable"); len(fs) != 1 || fs[0].Suggestion != "制" {
		t.Errorf("added entry does not fire: %+v", fs)
	}
	if fs := findingsOf(run("由乡镇综治办负责。"), "term.outdated"); len(fs) != 1 {
		t.Errorf("added outdated entry does not fire: %+v", fs)
	}
}

func TestExtraFiles_ErrorsNameFileAndLine(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		kind, content, want string
	}{
		{"confusables", "# c\n[权利\t权力\terror\n", "第2行"},
		{"confusables", "abc\n", "至少 3 列"},
		{"confusables", "甲乙\t甲乙\terror\n", "相同"},
		{"confusables", "甲乙\t丙\tfatal\n", "严重程度"},
		{"outdated", "旧\t新\t2018/03/01\t某文件\n", "YYYY-MM-DD"},
		{"outdated", "旧\t新\t2018-03-01\t\n", "依据"},
		{"documents", "纲要\t规划（2020—2025年）\n", "不含关键词"},
		{"laws", "\xff\xfe\n", "UTF-8"},
	}
	for i, tt := range tests {
		p := filepath.Join(dir, tt.kind+string(rune('a'+i))+".tsv")
		os.WriteFile(p, []byte(tt.content), 0o644)
		_, _, _, err := newLexiconRules(Config{ExtraFiles: map[string]string{tt.kind: p}})
		if err == nil || !strings.Contains(err.Error(), p) || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %q: got %v, want an error naming %s and %q", tt.kind, tt.content, err, p, tt.want)
		}
	}
	_, _, _, err := newLexiconRules(Config{ExtraFiles: map[string]string{"laws": filepath.Join(dir, "missing.tsv")}})
	if err == nil || !strings.Contains(err.Error(), "missing.tsv") {
		t.Errorf("missing file: got %v", err)
	}
}

func TestExtraFiles_LawsDocumentsReduplications(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	cfg := Config{ExtraFiles: map[string]string{
		// a title the built-in list lacks, one edit from 行政处罚法
		"laws": write("laws.tsv", "中华人民共和国行政处理法\t法律\n"),
		// drop every version of the 法治政府 outline; add a provincial plan
		"documents":      write("docs.tsv", "-法治政府建设实施纲要\n法治某省建设规划\t法治某省建设规划（2021—2025年）\t\t2021-05-01\t某省委\n"),
		"reduplications": write("redup.txt", "在在意\n"),
		"doubled_starts": write("starts.tsv", "普法\t-\n"),
	}}
	lr, _, _, err := newLexiconRules(cfg)
	if err != nil {
		t.Fatal(err)
	}
	run := func(text string) []Finding {
		d := &Doc{Year: 2022, Lines: []Line{{No: 1, Text: text}}}
		var fs []Finding
		for _, r := range lr {
			r.CheckLine(d, d.Lines[0], func(f Finding) { fs = append(fs, f) })
		}
		return fs
	}
	if fs := run("学习《行政处理法》。"); len(fs) != 0 {
		t.Errorf("title added by file is still reported: %+v", fs)
	}
	if fs := run("落实《法治政府建设实施纲要（2021—2026年）》。"); len(fs) != 0 {
		t.Errorf("removed document is still checked: %+v", fs)
	}
	if fs := run("落实《法治某省建设规划（2021—2026年）》。"); len(fs) != 1 || fs[0].Rule != "cite.document-title" {
		t.Errorf("added document not checked: %+v", fs)
	}
	if fs := run("他很在在意。"); len(fs) != 0 {
		t.Errorf("reduplication added by file is still reported: %+v", fs)
	}
	if fs := run("开展普普法活动。"); len(fs) != 1 || fs[0].Excerpt != "普普" {
		t.Errorf("doubled start added by file not reported: %+v", fs)
	}
}
