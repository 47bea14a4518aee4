package proofread

import (
	"fmt"
	"strings"
)

// Part is one of the five parts the 督察工作规定 (厅字〔2019〕28号) requires of
// the annual report, and whether the report has it.
type Part struct {
	Part  string `json:"part"`
	Found bool   `json:"found"`
	Line  int    `json:"line"` // where it starts; 0 when not found
}

// MandatedParts are the five parts, in order.
var MandatedParts = []string{
	"主要举措和成效",
	"存在的不足和原因",
	"党政主要负责人履行推进法治建设第一责任人职责情况",
	"下一年度主要安排",
	"其他需要报告的情况",
}

// partOfHeading classifies a level-1 heading title: 0-based part index or -1.
// Real reports rarely use the mandated words, so each part has the words
// townships actually write.
func partOfHeading(title string, reportYear int) int {
	t := title
	switch {
	case containsAny(t, "其他需要报告", "其它需要报告", "其他情况", "其它情况", "其他事项", "其他需要说明"):
		return 4
	case containsAny(t, "第一责任人", "主要负责人", "一把手", "述法", "主体责任", "主要领导"):
		return 2
	case containsAny(t, "不足", "短板", "差距", "薄弱") ||
		strings.Contains(t, "问题") && containsAny(t, "存在", "主要问题", "突出问题", "困难", "原因"):
		return 1
	case containsAny(t, "下一年", "下一步", "下步", "明年", "今后", "工作安排", "主要安排", "工作计划", "工作打算", "工作思路", "努力方向", "工作展望", "下阶段", "改进措施", "整改措施", "工作重点") ||
		reportYear > 0 && strings.Contains(t, fmt.Sprintf("%d年", reportYear+1)):
		return 3
	case containsAny(t, "举措", "成效", "主要工作", "工作开展", "工作情况", "主要做法", "做法", "成绩", "工作措施"):
		return 0
	}
	return -1
}

// partOfPassage classifies the lead clause of a paragraph without a heading:
// "还存在一些问题和不足：一是……" carries part 2 as clearly as a heading.
func partOfPassage(text string) int {
	lead := text
	colon := false
	if i := strings.IndexAny(lead, "：:。"); i >= 0 {
		colon = lead[i] != "。"[0]
		lead = lead[:i]
	}
	// A part opens with a lead that announces it ("存在的问题主要有：") or a
	// short line of its own; a body sentence that mentions 存在的问题 does not.
	if runeLen(lead) > 80 || !colon && runeLen(text) > 30 {
		return -1
	}
	switch {
	case containsAny(lead, "存在", "仍有", "还有", "面临") && containsAny(lead, "问题", "不足", "短板", "差距"):
		return 1
	case containsAny(lead, "下一步", "下步", "明年", "下一年度") && containsAny(lead, "将", "计划", "打算", "安排", "重点"):
		return 3
	case strings.Contains(lead, "第一责任人") && containsAny(lead, "履行", "职责"):
		return 2
	}
	return -1
}

// findParts maps the report to the five parts.
func findParts(d *Doc) []Part {
	parts := make([]Part, len(MandatedParts))
	for i, p := range MandatedParts {
		parts[i].Part = p
	}
	mark := func(i, line int) {
		if !parts[i].Found || line < parts[i].Line {
			parts[i].Found, parts[i].Line = true, line
		}
	}
	headingLines := map[int]bool{}
	var unassigned []Heading // level-1 headings that name no part: thematic work sections
	for _, h := range d.outline {
		headingLines[h.Line] = true
		p := d.headingPart(h.Title)
		switch {
		case h.Level == 1 && p >= 0:
			mark(p, h.Line)
			// "存在的问题及改进措施" carries the plan too.
			if p == 1 && partOfHeading(strings.ReplaceAll(strings.ReplaceAll(h.Title, "问题", ""), "不足", ""), d.Year) == 3 {
				mark(3, h.Line)
			}
		case h.Level == 1:
			unassigned = append(unassigned, h)
		case h.Level == 2 && (p == 2 || p == 3 && containsAny(h.Title, "改进措施", "整改措施", "下一步", "下步")):
			mark(p, h.Line)
		}
	}
	// A passage opens a part only when no heading names it: "下一步，我镇将……"
	// inside part 1 is a misplaced plan, not part 4.
	byHeading := [5]bool{}
	for i := range parts {
		byHeading[i] = parts[i].Found
	}
	for _, l := range d.Lines {
		if headingLines[l.No] {
			continue
		}
		if p := partOfPassage(l.Text); p >= 0 && !byHeading[p] {
			mark(p, l.No)
		}
	}
	// Thematic work sections before the shortcomings or the plan are part 1.
	{
		end := 1 << 30
		for _, p := range parts[1:4] {
			if p.Found && p.Line < end {
				end = p.Line
			}
		}
		for _, h := range unassigned {
			if h.Line < end {
				mark(0, h.Line)
				break
			}
		}
		if !parts[0].Found && len(d.outline) == 0 && len(d.Lines) > 3 {
			mark(0, d.Lines[min(2, len(d.Lines)-1)].No) // a report without headings: its body is the work done
		}
	}
	return parts
}

// partsRule reports missing parts: 1–4 are errors, 5 is info.
type partsRule struct{}

func (partsRule) ID() string { return "outline.missing-part" }

func (partsRule) CheckDoc(d *Doc, emit func(Finding)) {
	note := ""
	if len(d.outline) == 0 {
		note = "；全文没有“一、（一）1.”之类的序号标题，各部分无法分清"
	}
	for i, p := range d.parts {
		if p.Found {
			continue
		}
		sev := Error
		if i == 4 {
			sev = Info
		}
		emit(Finding{Rule: "outline.missing-part", Severity: sev,
			Message:    fmt.Sprintf("缺少第%d部分“%s”（《法治政府建设与责任落实督察工作规定》要求年度报告包括五部分）%s", i+1, p.Part, note),
			Suggestion: fmt.Sprintf("增加“%s”一节", p.Part), Specificity: 60})
	}
}
