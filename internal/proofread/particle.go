package proofread

import "fmt"

// particleRule (sentence.missing-particle) finds the frames of report prose
// written without their first half:
//
//   - 以……为: "坚持习近平法治思想为指导" lacks 以 — 为 followed by a frame
//     noun (指导, 主线, 抓手, 契机 …) that ends its clause or is followed by
//     的, with no 以 earlier in the clause or the clause before, and 为 not
//     the end of a word (作为, 成为, 列为, 视为 …);
//   - 在……下: "县委、县政府的坚强领导下，" lacks 在 — a clause ending in
//     领导下, 努力下, 支持下 … that has no 在 (nor 经, 于) in it.
type particleRule struct{ g *lang }

func (particleRule) ID() string { return "sentence.missing-particle" }

var (
	frameNouns = []string{"根本遵循", "突破口", "切入点", "指导", "指引", "引领", "统领", "主线", "抓手", "契机", "载体", "重点",
		"核心", "导向", "依托", "主题", "中心", "主体", "牵引", "龙头", "目标", "单元"}
	// characters that with a following 为 make a word or a verb of naming:
	// 作为, 成为, 列为, 评为, 认定为 …
	weiVerbs    = "作成列评定视称改转分认设选命誉树确更较最极尤广大以因行为称奉尊"
	underHeads  = []string{"领导下", "指导下", "带领下", "支持下", "帮助下", "关心下", "关怀下", "努力下", "推动下", "指引下", "引领下", "统筹下", "协调下", "督导下", "重视下", "关注下"}
	underNoZai  = "在经于"
	frameFirsts = firstRunes(frameNouns)
)

func (r particleRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	for _, s := range l.sentences() {
		rs := s.rs
		if len(rs) < 6 {
			continue
		}
		cs := s.cl
		for k, c := range cs {
			if at, end := yiWei(r.g, rs, cs, k); end > 0 {
				noun := string(rs[at+1 : end])
				emit(Finding{Rule: "sentence.missing-particle", Severity: Warning, Line: l.No, Column: s.start + c[0] + 1,
					Excerpt: string(rs[c[0]:end]), Message: fmt.Sprintf("“……为%s”缺少介词“以”（成分残缺）", noun),
					Suggestion: "补“以”：以……为" + noun, Specificity: 41})
				continue
			}
			if k+1 < len(cs) && rs[c[1]] == '，' && rs[c[1]-1] == '下' {
				if h := suffixIn(rs, c[1], underHeads); h != "" && !clauseHasAny(rs[c[0]:c[1]], underNoZai) {
					emit(Finding{Rule: "sentence.missing-particle", Severity: Warning, Line: l.No, Column: s.start + c[0] + 1,
						Excerpt: string(rs[c[0]:c[1]]), Message: fmt.Sprintf("“……%s”缺少介词“在”（成分残缺）", h),
						Suggestion: "在" + string(rs[c[0]:c[1]]), Specificity: 41})
				}
			}
		}
	}
}

// clauseHasAny reports whether the clause holds one of the runes of set.
func clauseHasAny(cl []rune, set string) bool {
	for _, r := range cl {
		for _, x := range set {
			if r == x {
				return true
			}
		}
	}
	return false
}

// yiWei finds in clause k a 为 + frame noun without its 以: the index of 为
// and the end of the noun, or end 0.
func yiWei(g *lang, rs []rune, cs [][2]int, k int) (at, end int) {
	c := cs[k]
	for i := c[0] + 2; i < c[1]-1; i++ {
		if rs[i] != '为' || !frameFirsts.has(rs[i+1]) {
			continue
		}
		n := prefixIn(rs, i+1, frameNouns)
		if n == "" {
			continue
		}
		e := i + 1 + runeLen(n)
		if e < c[1] && rs[e] != '的' {
			continue
		}
		p := rs[i-1]
		if !(isHanChar(p) || p == '”' || p == '》' || p == '）') || clauseHasAny([]rune{p}, weiVerbs) {
			continue
		}
		if g != nil && isHanChar(p) && g.shortFreq(rs[i-1:i+1]) >= minExplainFreq {
			continue // 为 ends a word
		}
		if clauseHasAny(rs[c[0]:i], "以") || k > 0 && clauseHasAny(rs[cs[k-1][0]:cs[k-1][1]], "以") {
			continue
		}
		return i, e
	}
	return 0, 0
}
