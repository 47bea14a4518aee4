package report

import (
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func section(t testing.TB, d Document, key string) Section {
	t.Helper()
	for _, s := range d.Sections {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("no section %s", key)
	return Section{}
}

func sectionTitled(t testing.TB, d Document, title string) Section {
	t.Helper()
	for _, s := range d.Sections {
		if strings.Contains(s.Title, title) {
			return s
		}
	}
	t.Fatalf("no section titled %s", title)
	return Section{}
}

// TestDraft_FiveParts_Article24: the five parts of 督察工作规定第二十四条,
// numbered, with the years filled in; title, addressee and signature in the
// usual form.
func TestDraft_FiveParts_Article24(t *testing.T) {
	for _, in := range []Input{richInput(t), sparseInput(t), emptyInput(t)} {
		d := Draft(in)
		var parts []string
		for _, s := range d.Sections {
			if s.Level == 1 {
				parts = append(parts, s.Title)
			}
		}
		y, next := in.Year, in.Year+1
		want := []string{
			"一、" + itoa(y) + "年度推进法治政府建设的主要举措和成效",
			"二、" + itoa(y) + "年度推进法治政府建设存在的不足和原因",
			"三、" + itoa(y) + "年度党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况",
			"四、" + itoa(next) + "年度推进法治政府建设的主要安排",
			"五、其他需要报告的情况",
		}
		if !reflect.DeepEqual(parts, want) {
			t.Errorf("%s: parts\n%q\nwant\n%q", in.Unit, parts, want)
		}
		if !strings.HasSuffix(d.Title, "关于"+itoa(y)+"年度法治政府建设情况的报告") || strings.Contains(d.Title, "人民政府关于") {
			t.Errorf("title %q", d.Title)
		}
		if d.Addressee != "青山县人民政府：" {
			t.Errorf("addressee %q", d.Addressee)
		}
		for _, key := range []string{"2", "4"} {
			if s := section(t, d, key); !s.ByPeople || s.Hint == "" {
				t.Errorf("%s: part %s should be left to people with a hint: %+v", in.Unit, key, s)
			}
		}
	}
	d := Draft(richInput(t))
	if d.Title != "云溪镇关于2025年度法治政府建设情况的报告" || d.Signature != "云溪镇人民政府" {
		t.Errorf("title %q signature %q", d.Title, d.Signature)
	}
	root := richInput(t)
	root.Unit, root.Parent = "青山县", ""
	if d := Draft(root); d.Addressee != "" || d.Title != "青山县关于2025年度法治政府建设情况的报告" || d.Signature != "青山县人民政府" {
		t.Errorf("the root unit: addressee %q, title %q, signature %q", d.Addressee, d.Title, d.Signature)
	}
	if d := Draft(sparseInput(t)); d.Signature != "石桥乡人民政府" {
		t.Errorf("a unit named by its place signs as its government: %q", d.Signature)
	}
}

// TestDraft_EveryFigureTraced: every number in a section's body is a
// figure of that section whose sentence is in the body and holds its text,
// with the indicator's value.
func TestDraft_EveryFigureTraced(t *testing.T) {
	in := richInput(t)
	byID := map[string]float64{}
	for _, v := range in.Values {
		byID[v.ID] = v.Value
	}
	d := Draft(in)
	total := 0
	for _, s := range d.Sections {
		traced := map[string]int{}
		for _, f := range s.Figures {
			if !strings.Contains(s.Body, f.Sentence) || !hasNumber(numbers(f.Sentence), f.Text) {
				t.Errorf("%s: figure %s %q not in its sentence %q", s.Key, f.ID, f.Text, f.Sentence)
			}
			if !f.Change && f.Value != byID[f.ID] {
				t.Errorf("%s: figure %s value %v, indicator %v", s.Key, f.ID, f.Value, byID[f.ID])
			}
			traced[f.Sentence+"\x00"+f.Text]++
		}
		for _, sent := range splitSentences(s.Body) {
			for _, n := range numbers(sent) {
				if strings.HasPrefix(s.Body, sent) && n.text == itoa(in.Year) || strings.Contains(sent, n.text+"年") {
					continue // the year
				}
				if traced[sent+"\x00"+n.text] == 0 {
					t.Errorf("%s: number %q in %q is not traced", s.Key, n.text, sent)
				}
				total++
			}
		}
	}
	if total < 20 {
		t.Errorf("only %d numbers in the rich draft", total)
	}
}

// TestDraft_HouseStyle: 万 for large counts, one decimal for rates, last
// year compared, zero figures left out.
func TestDraft_HouseStyle(t *testing.T) {
	d := Draft(richInput(t))
	text := PlainText(d)
	for _, want := range []string{"1.25万人次", "90.9%", "100%", "比上年减少9件", "436.5学时", "（一）", "（五）"} {
		if !strings.Contains(text, want) {
			t.Errorf("draft lacks %q:\n%s", want, text)
		}
	}
	for _, bad := range []string{"12500", "90.91", "{n}", "{单位}", "{年}"} {
		if strings.Contains(text, bad) {
			t.Errorf("draft holds %q:\n%s", bad, text)
		}
	}
	if zero := regexp.MustCompile(`(^|[^0-9.])0[件项人场]`).FindString(text); zero != "" {
		t.Errorf("a zero figure is written: %q", zero)
	}
	if got := []string{countText(12000), countText(123456), countText(9999), rateText(96.54), rateText(100), rateText(90)}; !reflect.DeepEqual(got,
		[]string{"1.2万", "12.35万", "9999", "96.5%", "100%", "90.0%"}) {
		t.Errorf("house style: %q", got)
	}
	// The sparse township has neither decisions nor reviews: no such section.
	for _, s := range Draft(sparseInput(t)).Sections {
		if strings.Contains(s.Title, "行政决策") {
			t.Errorf("section without figures drafted: %s", s.Title)
		}
	}
}

// TestDraft_Deterministic_Varied: the same input gives the same document;
// other townships' drafts read differently.
func TestDraft_Deterministic_Varied(t *testing.T) {
	in := richInput(t)
	if a, b := Draft(in), Draft(in); !reflect.DeepEqual(a, b) {
		t.Fatal("two drafts of one input differ")
	}
	seen := map[string]string{}
	sentences := map[string]bool{}
	for _, unit := range []string{"云溪镇", "石桥乡", "青龙镇", "白马镇", "桃源镇", "东湖街道"} {
		in.Unit = unit
		d := Draft(in)
		body := strings.ReplaceAll(sectionTitled(t, d, "矛盾纠纷").Body, unit, "")
		seen[body] = unit
		for _, s := range splitSentences(body) {
			sentences[s] = true
		}
	}
	if len(seen) < 4 {
		t.Errorf("six townships, only %d different wordings of one section", len(seen))
	}
	if len(sentences) < 8 {
		t.Errorf("only %d different sentences across six townships", len(sentences))
	}
}

// TestDraft_NoData: a unit with no record in the year says so in parts 1
// and 3 and keeps the whole outline.
func TestDraft_NoData(t *testing.T) {
	d := Draft(emptyInput(t))
	for _, key := range []string{"1", "3"} {
		s := section(t, d, key)
		if !strings.Contains(s.Body, "尚无台账记录") || !s.ByPeople || len(s.Figures) != 0 {
			t.Errorf("part %s: %+v", key, s)
		}
	}
	for _, s := range d.Sections {
		if s.Level == 2 {
			t.Errorf("sub-section drafted without data: %s", s.Title)
		}
	}
	// Records but no figure reaching the report.
	in := richInput(t)
	in.Values = values(engine(t), nil)
	d = Draft(in)
	if s := section(t, d, "1"); !s.ByPeople || !strings.Contains(s.Body, "请根据实际工作情况填写") {
		t.Errorf("part 1 without figures: %+v", s)
	}
}

// TestDraft_LastPlanItemByItem: part 4 shows last year's part 4 item by
// item, from its sub-sections or its 一是…二是….
func TestDraft_LastPlanItemByItem(t *testing.T) {
	last := Draft(richInput(t))
	for i, s := range last.Sections {
		if s.Key == "4" {
			last.Sections[i].Body = "一是深化法治宣传教育，开展送法进村12场。二是规范合同管理。三是推进综合执法。"
		}
	}
	in := richInput(t)
	in.LastPlan = &last
	p4 := section(t, Draft(in), "4")
	want := []string{"一是深化法治宣传教育，开展送法进村12场。", "二是规范合同管理。", "三是推进综合执法。"}
	if !reflect.DeepEqual(p4.LastPlan, want) {
		t.Errorf("last plan %q", p4.LastPlan)
	}
	if !strings.Contains(p4.Hint, "1. 一是深化") || !strings.Contains(p4.Hint, "3. 三是推进综合执法") {
		t.Errorf("hint %q", p4.Hint)
	}
	for i, s := range last.Sections {
		if s.Key == "4" {
			last.Sections = slices.Insert(last.Sections, i+1, Section{Key: "4.1", Level: 2, Title: "（一）加强执法队伍建设。", Body: "组织培训2次。"})
			break
		}
	}
	if items := PlanItems(&last); len(items) != 4 || items[3] != "（一）加强执法队伍建设。组织培训2次。" {
		t.Errorf("items with a sub-section: %q", items)
	}
	if PlanItems(nil) != nil {
		t.Error("no last report, no items")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
