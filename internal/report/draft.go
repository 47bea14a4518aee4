package report

import (
	"hash/fnv"
	"math"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// LinesOf is how each indicator of e reads in the report, by id, as its
// kind declares (ledger.Indicator.Report).
func LinesOf(e *indicator.Engine) map[string]*ledger.ReportLine {
	out := map[string]*ledger.ReportLine{}
	for _, in := range e.Catalogue() {
		if d, ok := e.Def(in.ID); ok && d.Report != nil {
			out[in.ID] = d.Report
		}
	}
	return out
}

// Draft writes the report of in.Unit for in.Year in the five parts of the
// outline (DefaultOutline when in.Outline has no title): part 1 has a
// sub-section for each declared section that some figure reaches, part 3
// the paragraphs of its sections; parts 2 and 4 are left to people with a
// hint, part 4 with last year's plan item by item. Each figure printed is
// traced in its section's Figures. The wording varies between units and
// years but the same input always gives the same text.
func Draft(in Input) Document {
	if in.Outline.Title == "" {
		in.Outline = DefaultOutline()
	}
	d := Document{
		Unit:      in.Unit,
		Year:      in.Year,
		Title:     fill(in.Outline.Title, in),
		Signature: governmentName(in.Unit),
	}
	if in.Parent != "" { // the root unit: the addressee is for people to write
		d.Addressee = fill(in.Outline.Addressee, in)
	}
	w := writer{in: in, last: map[string]indicator.Value{}}
	for _, v := range in.LastYear {
		w.last[v.ID] = v
	}
	groups := w.groups()
	d.Sections = append(d.Sections, w.preamble())

	part := func(i int) Section {
		return Section{Key: strconv.Itoa(i + 1), Level: 1, Title: partNumbers[i] + "、" + fill(in.Outline.Parts[i], in)}
	}
	noData := "本年度" + shortName(in.Unit) + "尚无台账记录，"

	// Part 1: main measures and results.
	p1 := part(0)
	var subs []Section
	for _, g := range groups {
		if g.sec.Part != 1 {
			continue
		}
		key := "1." + strconv.Itoa(len(subs)+1)
		s := Section{Key: key, Level: 2, Title: subNumber(len(subs)) + g.sec.Title,
			Hint: "数字取自台账指标，点击可查看所依据的记录；可补充本项工作的典型做法和成效。"}
		s.Body, s.Figures = w.paragraph(g)
		subs = append(subs, s)
	}
	switch {
	case !in.HasData:
		p1.Body = noData + "主要举措和成效请根据实际工作情况填写。"
		p1.ByPeople, p1.Hint = true, "台账中没有本年度的记录，请写明本年度推进法治政府建设的主要举措和成效。"
	case len(subs) == 0:
		p1.Body = "本年度台账记录尚不足以形成统计数据，主要举措和成效请根据实际工作情况填写。"
		p1.ByPeople, p1.Hint = true, "台账中的记录未形成可写入报告的数据，请写明本年度的主要举措和成效。"
	}
	d.Sections = append(d.Sections, p1)
	d.Sections = append(d.Sections, subs...)

	// Part 2: shortcomings, by people.
	p2 := part(1)
	p2.ByPeople = true
	p2.Hint = "请写明本年度推进法治政府建设存在的不足和原因，如台账中逾期未办、在办积压的事项。"
	d.Sections = append(d.Sections, p2)

	// Part 3: the principals as first responsible persons.
	p3 := part(2)
	p3.Hint = "请补充党政主要负责人研究部署法治建设、带头学法、年终述法等情况。"
	var paras []string
	for _, g := range groups {
		if g.sec.Part == 3 {
			body, figs := w.paragraph(g)
			paras = append(paras, body)
			p3.Figures = append(p3.Figures, figs...)
		}
	}
	p3.Body = strings.Join(paras, "\n")
	if len(paras) == 0 {
		p3.ByPeople = true
		if !in.HasData {
			p3.Body = noData + "本部分请根据实际情况填写。"
		} else {
			p3.Body = "台账中尚无本年度研究法治建设的会议、述法和学法记录，本部分请根据实际情况填写。"
		}
	}
	d.Sections = append(d.Sections, p3)

	// Part 4: next year's plan, by people, beside last year's.
	p4 := part(3)
	p4.ByPeople = true
	p4.LastPlan = PlanItems(in.LastPlan)
	p4.Hint = "请写明" + strconv.Itoa(in.Year+1) + "年度推进法治政府建设的主要安排。"
	if len(p4.LastPlan) > 0 {
		var b strings.Builder
		b.WriteString(p4.Hint + "上年度报告的安排逐项如下，请对照写明完成情况：")
		for i, item := range p4.LastPlan {
			b.WriteString("\n" + strconv.Itoa(i+1) + ". " + item)
		}
		p4.Hint = b.String()
	} else {
		p4.Hint += "没有上年度的报告可供对照。"
	}
	d.Sections = append(d.Sections, p4)

	// Part 5: other matters.
	p5 := part(4)
	p5.ByPeople = true
	p5.Body = "无其他需要报告的情况。"
	p5.Hint = "如有其他需要报告的情况请写明，没有的保留“无其他需要报告的情况”。"
	d.Sections = append(d.Sections, p5)
	return d
}

// writer holds what the sentences of one draft are written from.
type writer struct {
	in   Input
	last map[string]indicator.Value
}

// group is one declared section and the figures of the unit it receives.
type group struct {
	sec   ledger.ReportSection
	lines []placed
}

type placed struct {
	v    indicator.Value
	line *ledger.ReportLine
	pos  int // catalogue position
}

// groups are the declared sections with the non-zero figures placed in
// them, in declaration order, each sorted by the lines' Order.
func (w *writer) groups() []group {
	if !w.in.HasData {
		return nil
	}
	idx := map[string]int{}
	out := make([]group, len(w.in.Sections))
	for i, s := range w.in.Sections {
		out[i].sec = s
		idx[s.Key] = i
	}
	for pos, v := range w.in.Values {
		l := w.in.Lines[v.ID]
		if l == nil || !v.Measured || v.Value == 0 || math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Value < 0 {
			continue
		}
		if isRate(v.Unit) && v.Denominator != nil && *v.Denominator == 0 {
			continue
		}
		i, ok := idx[l.Section]
		if !ok {
			continue
		}
		out[i].lines = append(out[i].lines, placed{v: v, line: l, pos: pos})
	}
	kept := out[:0]
	for _, g := range out {
		if len(g.lines) == 0 {
			continue
		}
		slices.SortStableFunc(g.lines, func(a, b placed) int {
			if a.line.Order != b.line.Order {
				return a.line.Order - b.line.Order
			}
			return a.pos - b.pos
		})
		kept = append(kept, g)
	}
	return kept
}

// pick chooses one of n variants for what key names, the same for the
// same unit, year and key.
func (w *writer) pick(key string, n int) int {
	if n <= 1 {
		return 0
	}
	h := fnv.New32a()
	h.Write([]byte(w.in.Unit))
	h.Write([]byte{0})
	h.Write([]byte(strconv.Itoa(w.in.Year)))
	h.Write([]byte{0})
	h.Write([]byte(key))
	return int(h.Sum32() % uint32(n))
}

var (
	openers    = []string{"{年}年，", "{年}年以来，", "全年", "年内，"}
	connectors = []string{"同时，", "此外，", "", "另外，"}
	// Part-3 paragraphs open with their section's lead and no year.
)

// preamble is the opening paragraph before part 1.
func (w *writer) preamble() Section {
	in := w.in
	name := shortName(in.Unit)
	leads := []string{
		"{年}年，" + name + "坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，认真贯彻落实上级关于法治政府建设的决策部署，扎实推进依法行政各项工作。",
		"{年}年，" + name + "深入学习贯彻习近平法治思想，在上级党委、政府的领导下，统筹推进法治政府建设各项工作，依法行政水平不断提升。",
		"{年}年，" + name + "坚持运用法治思维和法治方式推动工作，认真落实法治政府建设各项任务。",
	}
	body := fill(leads[w.pick("preamble", len(leads))], in) + "现将有关情况报告如下："
	return Section{Key: "0", Level: 0, Body: body}
}

// clause is one line's phrase with its figures: the figure and, when last
// year is known, the change (an unchanged figure says so only when it
// opens its section).
type clause struct {
	text      string
	dependent bool     // a rate or a "其中…": continues the sentence before it
	figs      []Figure // Sentence filled when the sentence is complete
	change    string   // "比上年增加3件"
	changeFig *Figure
}

func (w *writer) clause(p placed, first bool) clause {
	v := p.v
	text, withUnit := figureText(v.Value, v.Unit)
	phrase := p.line.Phrases[w.pick(v.ID, len(p.line.Phrases))]
	c := clause{text: strings.Replace(phrase, "{n}", withUnit, 1)}
	c.figs = append(c.figs, Figure{ID: v.ID, Value: v.Value, Text: text})
	c.dependent = isRate(v.Unit) || strings.HasPrefix(phrase, "其中")
	if ch, fig, ok := w.change(v); ok && (fig.Change || first) {
		c.change = ch
		if fig.Change {
			c.changeFig = &fig
		}
	}
	return c
}

// full is the clause's text with its change, and its figures.
func (c clause) full() (string, []Figure) {
	if c.change == "" {
		return c.text, c.figs
	}
	figs := c.figs
	if c.changeFig != nil {
		figs = append(figs[:len(figs):len(figs)], *c.changeFig)
	}
	return c.text + "，" + c.change, figs
}

// change says how v compares with last year, when last year is known and
// measured and either year is not zero.
func (w *writer) change(v indicator.Value) (string, Figure, bool) {
	l, ok := w.last[v.ID]
	if !ok || !l.Measured || l.Value == 0 || math.IsNaN(l.Value) {
		return "", Figure{}, false
	}
	if isRate(v.Unit) && l.Denominator != nil && *l.Denominator == 0 {
		return "", Figure{}, false
	}
	delta := changeOf(v.Value, l.Value, v.Unit)
	if delta == 0 || math.Abs(delta) < 1e-9 {
		same := []string{"与上年持平", "与上年基本持平"}
		return same[w.pick(v.ID+"=", len(same))], Figure{}, true
	}
	var text, s string
	if isRate(v.Unit) {
		text = pointsText(delta)
		if delta > 0 {
			s = "比上年提高" + text + "个百分点"
		} else {
			s = "比上年下降" + text + "个百分点"
		}
	} else {
		text = countText(math.Abs(delta))
		up := []string{"比上年增加", "较上年增加", "同比增加"}
		down := []string{"比上年减少", "较上年减少", "同比减少"}
		if delta > 0 {
			s = up[w.pick(v.ID+"+", len(up))] + text + v.Unit
		} else {
			s = down[w.pick(v.ID+"-", len(down))] + text + v.Unit
		}
	}
	return s, Figure{ID: v.ID, Value: delta, Text: text, Change: true, Base: l.Value}, true
}

// paragraph writes a group's figures as one paragraph of sentences of
// about four clauses (a change counts as one; a dependent clause stays
// with the sentence before it), the first opening with the section's lead.
func (w *writer) paragraph(g group) (string, []Figure) {
	var b strings.Builder
	var figs []Figure
	lead := ""
	if len(g.sec.Leads) > 0 {
		lead = fill(g.sec.Leads[w.pick("lead:"+g.sec.Key, len(g.sec.Leads))], w.in)
	}
	var sent []clause
	weight := 0
	nth := 0
	flush := func() {
		if len(sent) == 0 {
			return
		}
		var s strings.Builder
		switch {
		case nth == 0 && g.sec.Part == 1:
			s.WriteString(lead + fill(openers[w.pick("open:"+g.sec.Key, len(openers))], w.in))
		case nth == 0:
			s.WriteString(lead)
		default:
			s.WriteString(connectors[w.pick("conn:"+g.sec.Key+strconv.Itoa(nth), len(connectors))])
		}
		var figsOf [][]Figure
		for i, c := range sent {
			if i > 0 {
				s.WriteString("，")
			}
			text, fs := c.full()
			s.WriteString(text)
			figsOf = append(figsOf, fs)
		}
		s.WriteString("。")
		sentence := s.String()
		for _, fs := range figsOf {
			for _, f := range fs {
				f.Sentence = sentence
				figs = append(figs, f)
			}
		}
		b.WriteString(sentence)
		sent, weight = sent[:0], 0
		nth++
	}
	clauses := make([]clause, len(g.lines))
	for i, p := range g.lines {
		clauses[i] = w.clause(p, i == 0)
	}
	// A change between a total and its "其中…" would read as the total.
	for i := 0; i+1 < len(clauses); i++ {
		if strings.HasPrefix(clauses[i+1].text, "其中") {
			clauses[i].change, clauses[i].changeFig = "", nil
		}
	}
	for _, c := range clauses {
		n := 1 + strings.Count(c.text, "，")
		if c.change != "" {
			n++
		}
		if weight > 0 && weight+n > 4 && !c.dependent {
			flush()
		}
		sent = append(sent, c)
		weight += n
	}
	flush()
	return b.String(), figs
}

// PlanItems are the items of part 4 of a report: its sub-sections' titles
// with their text, or its paragraphs, or the 一是…二是… of one paragraph.
func PlanItems(d *Document) []string {
	if d == nil {
		return nil
	}
	var items []string
	in4 := false
	for _, s := range d.Sections {
		switch {
		case s.Level == 1:
			in4 = s.Key == "4"
			if in4 {
				items = append(items, paragraphItems(s.Body)...)
			}
		case in4 && s.Level >= 2:
			item := strings.TrimSpace(s.Title)
			if body := strings.TrimSpace(strings.ReplaceAll(s.Body, "\n", "")); body != "" {
				item += body
			}
			if item != "" {
				items = append(items, item)
			}
		}
	}
	return items
}

var ordinals = []string{"一是", "二是", "三是", "四是", "五是", "六是", "七是", "八是", "九是", "十是"}

func paragraphItems(body string) []string {
	var out []string
	for _, p := range strings.Split(body, "\n") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		if !strings.Contains(p, ordinals[0]) || !strings.Contains(p, ordinals[1]) {
			out = append(out, p)
			continue
		}
		rest := p[strings.Index(p, ordinals[0]):]
		for i := 1; i <= len(ordinals); i++ {
			j := -1
			if i < len(ordinals) {
				j = strings.Index(rest, ordinals[i])
			}
			if j < 0 {
				out = append(out, strings.TrimSpace(rest))
				break
			}
			out = append(out, strings.TrimSpace(rest[:j]))
			rest = rest[j:]
		}
	}
	return out
}

// changeOf is this year's value minus last year's, for a rate in
// percentage points to one decimal as printed.
func changeOf(now, last float64, unit string) float64 {
	if isRate(unit) {
		return math.Round((now-last)*10) / 10
	}
	return now - last
}
