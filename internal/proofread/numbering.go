package proofread

import (
	"fmt"
	"strings"
)

// levelMarks are the standard markers of GB/T 9704-2012 7.3.3, per level.
var levelMarks = [5]string{"", "一、", "（一）", "1.", "（1）"}

var standardStyle = [5]string{"", "N、", "（N）", "n.", "（n）"}

// render writes a marker of the given style and value.
func renderMarker(style string, v int) string {
	switch {
	case strings.Contains(style, "N"):
		return strings.Replace(style, "N", chineseNumeral(v), 1)
	case strings.Contains(style, "ｎ"):
		return strings.Replace(style, "ｎ", formatNum("decimalFullWidth", v), 1)
	}
	return strings.Replace(style, "n", fmt.Sprint(v), 1)
}

// numberingRule checks the heading hierarchy: skipped and repeated numbers,
// jumped levels, and mixed marker styles at one level.
type numberingRule struct{}

func (numberingRule) ID() string { return "numbering" }

func (numberingRule) CheckDoc(d *Doc, emit func(Finding)) {
	hs := d.outline
	checkSequence(hs, emit)
	checkStyles(hs, emit)
	checkRuns(d, emit)
}

func headingFinding(rule string, sev Severity, h Heading, msg, sugg string) Finding {
	return Finding{Rule: rule, Severity: sev, Line: h.Line, Column: h.col, Excerpt: h.Number,
		Message: msg, Suggestion: sugg, Specificity: 50}
}

// checkSequence walks the headings keeping the last number at each level
// under the current parent.
func checkSequence(hs []Heading, emit func(Finding)) {
	var last [5]int       // last number seen at each level under the current parent
	var seenLevel [5]bool // a heading of this level is open above the current one
	for _, h := range hs {
		L := h.Level
		// numbering.level: a heading whose parent level is missing.
		if L > 1 && !seenLevel[L-1] && last[L] == 0 {
			parent := 0
			for k := L - 1; k >= 1; k-- {
				if seenLevel[k] {
					parent = k
					break
				}
			}
			if parent > 0 {
				emit(headingFinding("numbering.level", Warning, h,
					fmt.Sprintf("标题层级跳跃：“%s”直接出现在第%d级标题下，缺少第%d级（%s）", h.Number, parent, L-1, levelMarks[L-1]),
					fmt.Sprintf("按“一、→（一）→1.→（1）”顺序改用%s", renderMarker(standardStyle[parent+1], h.num))))
			}
		}
		switch want := last[L] + 1; {
		case last[L] == 0 && h.num != 1:
			emit(headingFinding("numbering.skip", Error, h,
				fmt.Sprintf("序号从“%s”开始，缺少“%s”", h.Number, renderMarker(h.style, 1)), renderMarker(h.style, 1)))
		case last[L] > 0 && h.num == last[L]:
			emit(headingFinding("numbering.duplicate", Error, h,
				fmt.Sprintf("序号“%s”与上一个同级标题重复", h.Number), renderMarker(h.style, want)))
		case last[L] > 0 && h.num > want:
			var miss []string
			for v := want; v < h.num && len(miss) < 5; v++ {
				miss = append(miss, renderMarker(h.style, v))
			}
			emit(headingFinding("numbering.skip", Error, h,
				fmt.Sprintf("序号跳号：上一个同级标题是第%d个，此处为“%s”，缺少“%s”", last[L], h.Number, strings.Join(miss, "”“")),
				renderMarker(h.style, want)))
		case last[L] > 0 && h.num < last[L] && h.num != 1:
			emit(headingFinding("numbering.duplicate", Error, h,
				fmt.Sprintf("序号倒退：上一个同级标题是第%d个，此处为“%s”", last[L], h.Number), renderMarker(h.style, want)))
		}
		last[L] = h.num
		seenLevel[L] = true
		for k := L + 1; k < len(last); k++ {
			last[k] = 0
			seenLevel[k] = false
		}
	}
}

// checkStyles flags, at each level where more than one marker form is used,
// the headings whose form is not the preferred one (the standard form when it
// is used, otherwise the most frequent); "（一）、" is always flagged.
func checkStyles(hs []Heading, emit func(Finding)) {
	count := [5]map[string]int{}
	for _, h := range hs {
		if count[h.Level] == nil {
			count[h.Level] = map[string]int{}
		}
		count[h.Level][h.style]++
	}
	pref := [5]string{}
	for L := 1; L <= 4; L++ {
		if count[L][standardStyle[L]] > 0 {
			pref[L] = standardStyle[L]
			continue
		}
		best := 0
		for s, n := range count[L] {
			if n > best || n == best && s < pref[L] {
				best, pref[L] = n, s
			}
		}
	}
	for _, h := range hs {
		L := h.Level
		switch {
		case (L == 2 || L == 4) && (strings.HasSuffix(h.style, "、") || strings.HasSuffix(h.style, ".") || strings.HasSuffix(h.style, "．")):
			emit(headingFinding("numbering.style", Warning, h,
				fmt.Sprintf("括号序号“%s”后不再加标点（GB/T 9704-2012 7.3.3）", h.Number),
				renderMarker(strings.TrimRight(h.style, "、.．"), h.num)))
		case len(count[L]) > 1 && h.style != pref[L] && strings.TrimRight(h.style, "、.．") != pref[L]:
			emit(headingFinding("numbering.style", Warning, h,
				fmt.Sprintf("同级序号写法不一致：“%s”与本文其他第%d级标题的“%s”不同", h.Number, L, renderMarker(pref[L], h.num)),
				renderMarker(pref[L], h.num)))
		}
	}
}

// checkRuns checks "一是……二是……" and "第一，……第二，……" enumerations:
// a run starts at 一是 (第一) and must continue without gaps or repeats.
func checkRuns(d *Doc, emit func(Finding)) {
	headingLines := map[int]bool{}
	for _, h := range d.outline {
		headingLines[h.Line] = true
	}
	for _, kind := range []struct{ pre, post string }{{"", "是"}, {"第", "，"}} {
		last := 0
		for _, l := range d.Lines {
			if headingLines[l.No] {
				last = 0
			}
			rs := l.runes()
			for i := 0; i < len(rs); i++ {
				if i > 0 && !(isClauseEnd(rs[i-1]) || rs[i-1] == '、' || rs[i-1] == '）' || rs[i-1] == ')') {
					continue
				}
				k := i
				if kind.pre != "" {
					if !hasPrefixAt(rs, k, kind.pre) {
						continue
					}
					k++
				} else if i > 0 && rs[i-1] == '、' {
					continue
				}
				v, n := parseChineseSmall(rs, k)
				if n == 0 || !hasPrefixAt(rs, k+n, kind.post) {
					continue
				}
				ex := string(rs[i : k+n+1])
				f := Finding{Line: l.No, Column: i + 1, Excerpt: ex, Specificity: 50}
				switch {
				case v == 1:
					last = 1
					continue
				case last == 0:
					continue
				case v == last:
					f.Rule, f.Severity = "numbering.duplicate", Warning
					f.Message = fmt.Sprintf("列举序号“%s”重复", ex)
				case v > last+1:
					f.Rule, f.Severity = "numbering.skip", Warning
					f.Message = fmt.Sprintf("列举序号跳号：前一项是第%d项，此处为“%s”", last, ex)
				case v < last:
					last = 0
					continue
				}
				if f.Rule != "" {
					f.Suggestion = kind.pre + chineseNumeral(last+1) + kind.post
					emit(f)
				}
				last = v
			}
		}
	}
}
