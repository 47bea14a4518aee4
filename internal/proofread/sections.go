package proofread

import (
	"fmt"
	"strings"
)

// sectionParts says for every line which mandated part (0–4) its section
// belongs to: the part of the last level-1 heading above it (a thematic
// heading counts as part 1, the work done), or of the passage that opened a
// part ("存在的问题主要有：……"); -1 before the first.
func sectionParts(d *Doc) []int {
	heads := map[int]int{}
	for _, h := range d.outline {
		if h.Level == 1 {
			p := d.headingPart(h.Title)
			if p < 0 {
				p = 0
			}
			heads[h.Line] = p
		}
	}
	for i, p := range d.parts {
		if _, ok := heads[p.Line]; p.Found && !ok {
			heads[p.Line] = i
		}
	}
	out := make([]int, len(d.Lines))
	cur := -1
	for i, l := range d.Lines {
		if p, ok := heads[l.No]; ok {
			cur = p
		}
		out[i] = cur
	}
	return out
}

// planRule finds plans inside the results and results inside the plan:
//
//   - plan.in-results: "下一步，我镇将……" or "明年将……" in part 1, the work
//     done;
//   - plan.results-in-plan: "全年共开展……12次" or "已完成" in part 4, next
//     year's plan.
type planRule struct{}

func (planRule) ID() string { return "plan" }

var (
	planLeads    = []string{"下一步", "下步", "下阶段", "下一阶段", "明年", "下一年度", "下一年", "今后"}
	planMarks    = []string{"将", "要", "计划", "拟", "打算", "力争", "争取", "继续"}
	resultVerbs  = []string{"开展", "办理", "召开", "举办", "调解", "受理", "化解", "组织", "培训", "发放", "排查", "办结", "审查"}
	futureMarks  = []string{"将", "要", "计划", "力争", "确保", "争取", "目标", "拟", "不少于", "至少", "每年", "每季度", "每月", "达到"}
	countedUnits = "次场件起份人户期"
)

func (planRule) CheckDoc(d *Doc, emit func(Finding)) {
	heading := map[int]bool{}
	for _, h := range d.outline {
		heading[h.Line] = true
	}
	for i, l := range d.Lines {
		p := d.partOf[i]
		if p != 0 && p != 3 {
			continue
		}
		if heading[l.No] {
			continue
		}
		for _, s := range l.sentences() {
			rs := s.rs
			switch p {
			case 0:
				lead := prefixIn(rs, 0, planLeads)
				if y := fmt.Sprintf("%d年", d.Year+1); d.Year > 0 && lead == "" && hasPrefixAt(rs, 0, y) {
					lead = y
				}
				if lead == "" {
					continue
				}
				head := string(rs[:min(len(rs), runeLen(lead)+10)])
				if !containsAny(head[len(lead):], planMarks...) {
					continue
				}
				emit(Finding{Rule: "plan.in-results", Severity: Warning, Line: l.No, Column: s.start + 1, Excerpt: lead,
					Message:    "“主要举措和成效”部分写入了下一步打算，应移至“下一年度主要安排”",
					Suggestion: "移至第四部分", Specificity: 39})
			case 3:
				if containsAny(string(rs), futureMarks...) {
					continue
				}
				at := -1
				for k := 0; k+2 < len(rs); k++ {
					if rs[k] == '共' || rs[k] == '已' || hasPrefixAt(rs, k, "累计") {
						j := k + 1
						if rs[k] == '累' {
							j++
						}
						if v := prefixIn(rs, j, resultVerbs); v != "" || rs[k] == '已' && prefixIn(rs, j, []string{"完成", "建成", "办结", "实现"}) != "" {
							if rs[k] == '已' || hasCount(rs[j:]) {
								at = k
								break
							}
						}
					}
				}
				if at < 0 {
					continue
				}
				emit(Finding{Rule: "plan.results-in-plan", Severity: Warning, Line: l.No, Column: s.start + at + 1, Excerpt: string(rs[at:min(len(rs), at+4)]),
					Message:    "“下一年度主要安排”部分写入了已完成的工作，应移至“主要举措和成效”",
					Suggestion: "移至第一部分，或改写为下一年度的安排", Specificity: 39})
			}
		}
	}
}

// hasCount: the clause has a number with a counted unit (12次, 3件).
func hasCount(rs []rune) bool {
	for k := 0; k+1 < len(rs) && !isClauseEnd(rs[k]); k++ {
		if isDigit(rs[k]) && strings.ContainsRune(countedUnits, rs[k+1]) {
			return true
		}
	}
	return false
}
