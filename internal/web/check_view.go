package web

import (
	"fazhi/internal/indicator"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/proofread"
)

// checkRuleLabel is a rule's Chinese name for the filter and the list; a
// rule without a name is not shown by its id.
func checkRuleLabel(id string) string {
	if n := proofread.RuleName(id); n != id {
		return n
	}
	return "其他问题"
}

// checkSeverities in the order they are shown.
var checkSeverities = []proofread.Severity{proofread.Error, proofread.Warning, proofread.Info}

func checkSeverityLabel(s proofread.Severity) string {
	switch s {
	case proofread.Error:
		return "错误"
	case proofread.Warning:
		return "警告"
	case proofread.Info:
		return "提示"
	}
	return string(s)
}

func countFindings(fs []proofread.Finding) CheckCounts {
	var c CheckCounts
	for _, f := range fs {
		switch f.Severity {
		case proofread.Error:
			c.Error++
		case proofread.Warning:
			c.Warning++
		default:
			c.Info++
		}
	}
	return c
}

func findingView(id int, f proofread.Finding) CheckFindingView {
	return CheckFindingView{ID: id, Rule: f.Rule, RuleLabel: checkRuleLabel(f.Rule),
		Severity: string(f.Severity), SeverityLabel: checkSeverityLabel(f.Severity),
		Line: f.Line, Column: f.Column, Excerpt: f.Excerpt, Message: f.Message, Suggestion: f.Suggestion}
}

// checkFilterOptions lists the rules and severities present in fs with
// their counts, the selected ones marked. A value not present is not
// offered.
func checkFilterOptions(fs []proofread.Finding, rule, severity string) (rules, sevs []Option) {
	byRule := map[string]int{}
	bySev := map[proofread.Severity]int{}
	for _, f := range fs {
		byRule[f.Rule]++
		bySev[f.Severity]++
	}
	ids := make([]string, 0, len(byRule))
	for id := range byRule {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	rules = []Option{{Value: "", Label: fmt.Sprintf("全部规则（%d）", len(fs)), Selected: rule == ""}}
	for _, id := range ids {
		rules = append(rules, Option{Value: id, Label: fmt.Sprintf("%s（%d）", checkRuleLabel(id), byRule[id]), Selected: id == rule})
	}
	sevs = []Option{{Value: "", Label: "全部", Selected: severity == ""}}
	for _, s := range checkSeverities {
		sevs = append(sevs, Option{Value: string(s), Label: fmt.Sprintf("%s（%d）", checkSeverityLabel(s), bySev[s]), Selected: string(s) == severity})
	}
	return rules, sevs
}

// A page shows at most this many lines and findings: an annual report has
// a few hundred of each, and a pathological upload must not make a page of
// hundreds of megabytes. The exports always carry everything.
const (
	checkMaxLines = 5000
	checkMaxItems = 3000
)

// buildCheckFindings marks the findings that pass the filter in the text,
// line by line, and lists them. A finding's id is its index in the full
// list, so links stay the same under every filter.
func buildCheckFindings(lines []proofread.Line, fs []proofread.Finding, rule, severity string) CheckFindings {
	out := CheckFindings{Total: len(fs), Filtered: rule != "" || severity != ""}
	byLine := map[int][]int{}
	for id, f := range fs {
		if (rule != "" && f.Rule != rule) || (severity != "" && string(f.Severity) != severity) {
			continue
		}
		out.Shown++
		byLine[f.Line] = append(byLine[f.Line], id)
	}
	placed := map[int]bool{}
	onLine := map[int]bool{}
	if len(lines) > checkMaxLines {
		out.HiddenLines = len(lines) - checkMaxLines
		lines = lines[:checkMaxLines]
	}
	for _, l := range lines {
		ids := byLine[l.No]
		onLine[l.No] = true
		lv := CheckLineView{No: l.No}
		var spans []checkSpan
		runes := []rune(l.Text)
		for _, id := range ids {
			start, end, ok := proofread.Locate(l.Text, fs[id])
			if !ok {
				lv.Unplaced = append(lv.Unplaced, findingView(id, fs[id]))
				continue
			}
			placed[id] = true
			spans = append(spans, checkSpan{start, end, id})
		}
		lv.Segments = markSegments(runes, spans, fs)
		lv.Marked = len(spans) > 0 || len(lv.Unplaced) > 0
		out.Lines = append(out.Lines, lv)
	}
	for id, f := range fs {
		if (rule != "" && f.Rule != rule) || (severity != "" && string(f.Severity) != severity) {
			continue
		}
		if len(out.Whole)+len(out.List) >= checkMaxItems {
			out.HiddenItems++
			continue
		}
		v := findingView(id, f)
		v.Placed = placed[id]
		if f.Line <= 0 || !onLine[f.Line] {
			out.Whole = append(out.Whole, v)
			continue
		}
		out.List = append(out.List, v)
	}
	return out
}

// checkSpan is a finding's range of a line, in runes.
type checkSpan struct{ start, end, id int }

// markSegments cuts a line at every span boundary. A covered piece is
// marked and links to the shortest finding covering it (the most precise
// one); its hover lists them all.
func markSegments(runes []rune, spans []checkSpan, fs []proofread.Finding) []CheckSegment {
	if len(spans) == 0 {
		return []CheckSegment{{Text: string(runes)}}
	}
	cuts := []int{0, len(runes)}
	for _, s := range spans {
		cuts = append(cuts, s.start, s.end)
	}
	slices.Sort(cuts)
	cuts = slices.Compact(cuts)
	var segs []CheckSegment
	for k := 0; k+1 < len(cuts); k++ {
		a, b := cuts[k], cuts[k+1]
		seg := CheckSegment{Text: string(runes[a:b]), Target: -1}
		var titles []string
		for _, s := range spans {
			if s.start == a {
				seg.Anchors = append(seg.Anchors, s.id)
			}
			if s.start <= a && b <= s.end {
				f := fs[s.id]
				titles = append(titles, findingTitle(f))
				if seg.Target < 0 || s.end-s.start < spanLen(spans, seg.Target) {
					seg.Target, seg.Severity = s.id, string(f.Severity)
				}
			}
		}
		if seg.Target >= 0 {
			seg.Mark = true
			seg.Title = strings.Join(titles, "\n")
		}
		segs = append(segs, seg)
	}
	return segs
}

func spanLen(spans []checkSpan, id int) int {
	for _, s := range spans {
		if s.id == id {
			return s.end - s.start
		}
	}
	return 1 << 30
}

// findingTitle is a finding in one line of text: severity, rule, message
// and the fix.
func findingTitle(f proofread.Finding) string {
	t := fmt.Sprintf("【%s·%s】%s", checkSeverityLabel(f.Severity), checkRuleLabel(f.Rule), f.Message)
	if f.Suggestion != "" {
		t += " 建议：" + f.Suggestion
	}
	return t
}

// partViews are the five mandated parts with where the report has them.
func partViews(parts []proofread.Part) []CheckPartView {
	out := make([]CheckPartView, len(parts))
	for i, p := range parts {
		out[i] = CheckPartView{No: i + 1, Part: p.Part, Found: p.Found, Line: p.Line, Required: i < 4}
	}
	return out
}

func figureViews(gs []proofread.Figure) []CheckFigureView {
	out := make([]CheckFigureView, len(gs))
	for i, g := range gs {
		v := strconv.FormatFloat(g.Value, 'f', -1, 64)
		if g.Approx != "" {
			v += "（" + g.Approx + "）"
		}
		name := "（未对应指标）"
		if ind, err := indicator.Lookup(g.Indicator); err == nil {
			name = ind.Name // the catalogue's Chinese name, not its id
		}
		out[i] = CheckFigureView{Indicator: name, Label: g.Label, Value: v, Unit: g.Unit, Line: g.Line, Excerpt: g.Excerpt}
	}
	return out
}

func yearText(y int) string {
	if y == 0 {
		return "未识别"
	}
	return strconv.Itoa(y)
}

func orUnknown(s string) string {
	if s == "" {
		return "未识别"
	}
	return s
}
