package proofread

import (
	"fmt"
	"strings"
)

// partHeadingRule (outline.part-heading): a part's heading must carry the
// mandated item whole. "主要举措" without 成效, "存在的问题" without 原因, or a
// first heading that is only a topic ("一、加强组织领导") leave the reader to
// guess where the mandated part is.
type partHeadingRule struct{}

func (partHeadingRule) ID() string { return "outline.part-heading" }

// partConcepts: each mandated part's heading needs a word of every group.
var partConcepts = [4][][]string{
	{{"举措", "措施", "做法", "工作"}, {"成效", "成绩", "成果", "效果"}},
	{{"不足", "问题", "短板", "差距"}, {"原因"}},
	{{"第一责任人", "主要负责人", "一把手", "主要领导"}, {"职责", "主体责任", "履职"}},
	{{"安排", "计划", "打算", "思路", "重点", "措施"}},
}

func (partHeadingRule) CheckDoc(d *Doc, emit func(Finding)) {
	var firstTopic *Heading
	seen := [5]bool{}
	for k, h := range d.outline {
		if h.Level != 1 {
			continue
		}
		p := d.headingPart(h.Title)
		if p < 0 {
			if firstTopic == nil && !seen[0] && !seen[1] {
				firstTopic = &d.outline[k]
			}
			continue
		}
		if p > 3 || seen[p] {
			continue
		}
		seen[p] = true
		// "存在的问题及改进措施" carries parts 2 and 4: judge it as part 2.
		var missing []string
		for _, group := range partConcepts[p] {
			if !containsAny(h.Title, group...) {
				missing = append(missing, group[0])
			}
		}
		if p == 0 && strings.Contains(h.Title, "主要工作") && containsAny(h.Title, partConcepts[0][1]...) {
			missing = nil
		}
		if len(missing) == 0 {
			continue
		}
		emit(headingFinding("outline.part-heading", Warning, h,
			fmt.Sprintf("第%d部分标题“%s”缺少“%s”，未完整写明“%s”", p+1, h.Title, strings.Join(missing, "”“"), MandatedParts[p]),
			MandatedParts[p]))
	}
	if firstTopic != nil && !seen[0] {
		emit(headingFinding("outline.part-heading", Warning, *firstTopic,
			fmt.Sprintf("第一个一级标题“%s”只是专题，未写明第1部分“%s”", firstTopic.Title, MandatedParts[0]),
			"在专题标题前加“一、"+MandatedParts[0]+"”，专题改为二级标题"))
	}
}

// bracketRule (outline.bracket): a heading number with half its bracket:
// "一）加强学习" or "（一加强学习".
type bracketRule struct{}

func (bracketRule) ID() string { return "outline.bracket" }

// oneWords start with 一 without being a heading number.
var oneWords = []string{"是", "些", "般", "定", "起", "直", "致", "体", "系列", "律", "样", "同", "次", "批", "年", "季度", "个", "项", "站", "揽子", "把手", "线", "网", "门", "并", "切"}

func (bracketRule) CheckDoc(d *Doc, emit func(Finding)) {
	hasLevel2 := false
	for _, h := range d.outline {
		if h.Level == 2 {
			hasLevel2 = true
			break
		}
	}
	for _, l := range d.Lines {
		rs := l.runes()
		if len(rs) < 3 {
			continue
		}
		bad := func(n int, msg, sugg string) {
			emit(Finding{Rule: "outline.bracket", Severity: Error, Line: l.No, Column: 1, Excerpt: string(rs[:n]),
				Message: msg, Suggestion: sugg, Specificity: 51})
		}
		switch r := rs[0]; {
		case chineseDigit(r) > 0 || r == '十':
			v, n := parseChineseSmall(rs, 0)
			if n > 0 && n+1 < len(rs) && (rs[n] == '）' || rs[n] == ')') && isHanChar(rs[n+1]) && v <= 30 {
				bad(n+1, fmt.Sprintf("序号“%s”缺少前括号", string(rs[:n+1])), "（"+string(rs[:n])+"）")
			}
		case r == '（' || r == '(':
			v, n := parseChineseSmall(rs, 1)
			if n == 0 || v > 30 || 1+n >= len(rs) {
				continue
			}
			nx := rs[1+n]
			if nx == '）' || nx == ')' || !isHanChar(nx) || !hasLevel2 {
				continue
			}
			if rs[1] == '一' && prefixIn(rs, 2, oneWords) != "" {
				continue
			}
			if strings.ContainsAny(string(rs[1+n:min(len(rs), 1+n+12)]), "）)") {
				continue
			}
			bad(1+n, fmt.Sprintf("序号“%s”缺少后括号", string(rs[:1+n])), "（"+string(rs[1:1+n])+"）")
		}
	}
}
