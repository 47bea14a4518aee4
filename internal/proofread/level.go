package proofread

import (
	"fmt"
	"strings"
)

// signature is the closing block of a report: the unit that signs it and the
// date, read from the last lines.
type signature struct {
	unit      string // e.g. 屏南镇人民政府
	unitLine  int
	y, m, day int
	dateLine  int
	dateText  string
}

// signatureUnitEnds end a line that is a signing unit.
var signatureUnitEnds = []string{"人民政府", "党委", "党工委", "办事处", "委员会", "局", "政府", "办公室"}

// readSignature looks at the last six lines for a date line and a unit line.
func readSignature(lines []Line) signature {
	var s signature
	for k := len(lines) - 1; k >= 0 && k >= len(lines)-6; k-- {
		l := lines[k]
		t := strings.TrimSpace(l.Text)
		rs := []rune(t)
		if len(rs) == 0 || len(rs) > 30 {
			continue
		}
		if s.dateLine == 0 {
			if y, m, dd, ok := parseDate(rs); ok {
				s.y, s.m, s.day, s.dateLine, s.dateText = y, m, dd, l.No, t
				continue
			}
		}
		if s.unit == "" && !strings.ContainsAny(t, "。，：:") {
			for _, e := range signatureUnitEnds {
				if strings.HasSuffix(t, e) && len(rs) >= 4 {
					s.unit, s.unitLine = t, l.No
					break
				}
			}
		}
	}
	return s
}

// parseDate reads a whole line that is a date: 2024年1月10日 or
// 二〇二四年一月十日.
func parseDate(rs []rune) (y, m, d int, ok bool) {
	i := 0
	num := func() (int, bool) {
		v, n := 0, 0
		if i < len(rs) && isDigit(rs[i]) {
			for i < len(rs) && isDigit(rs[i]) {
				v = v*10 + int(rs[i]-'0')
				i++
				n++
			}
			return v, n > 0
		}
		// Chinese: 二〇二四 digit by digit, or 十二 / 二十三
		start := i
		for i < len(rs) && (chineseDigit(rs[i]) >= 0 || rs[i] == '〇' || rs[i] == '零' || rs[i] == '十') {
			i++
		}
		if i == start {
			return 0, false
		}
		seg := rs[start:i]
		if strings.ContainsRune(string(seg), '十') {
			v, n := parseChineseSmall(seg, 0)
			return v, n == len(seg)
		}
		for _, r := range seg {
			dg := chineseDigit(r)
			if r == '〇' || r == '零' {
				dg = 0
			}
			if dg < 0 {
				return 0, false
			}
			v = v*10 + dg
		}
		return v, true
	}
	var okY, okM, okD bool
	if y, okY = num(); !okY || i >= len(rs) || rs[i] != '年' {
		return 0, 0, 0, false
	}
	i++
	if m, okM = num(); !okM || i >= len(rs) || rs[i] != '月' {
		return 0, 0, 0, false
	}
	i++
	if d, okD = num(); !okD || i >= len(rs) || rs[i] != '日' || i+1 != len(rs) {
		return 0, 0, 0, false
	}
	if y < 1950 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, false
	}
	return y, m, d, true
}

// levelRule checks that the report speaks as its own level:
//
//   - level.self-reference: a township report that says 我县, a street's that
//     says 我镇, a county's that says 我镇, a bureau's that says 我镇;
//   - level.scope: a township or street that holds the county's meetings as
//     its own (召开县委理论学习中心组学习会);
//   - level.party-body: one report calling its party body 党委 in one place
//     and 党工委 in another;
//   - level.unit-mismatch: the unit in the title differs from the unit in
//     the opening paragraph or the signature, or a clause has another
//     township's party committee or government as its subject
//     ("白沙镇党委高度重视……" in 绿水镇's report).
type levelRule struct{ g *lang }

func (levelRule) ID() string { return "level" }

// wrongSelf returns the self-references a unit of this level and name
// cannot use.
func wrongSelf(level, unit string) []string {
	switch level {
	case "乡镇":
		if strings.HasSuffix(unit, "乡") {
			return []string{"我县", "我区", "我市", "我街道", "我镇"}
		}
		return []string{"我县", "我区", "我市", "我街道", "我乡"}
	case "街道":
		return []string{"我镇", "我乡", "我县", "我区"}
	case "县":
		if strings.HasSuffix(unit, "区") {
			return []string{"我镇", "我乡", "我街道", "我县"}
		}
		if strings.HasSuffix(unit, "县") {
			return []string{"我镇", "我乡", "我街道", "我区"}
		}
		return []string{"我镇", "我乡", "我街道"}
	case "部门":
		return []string{"我镇", "我乡", "我街道"}
	case "省":
		return []string{"我镇", "我乡", "我街道", "我县", "我区"}
	}
	return nil
}

func (r levelRule) CheckDoc(d *Doc, emit func(Finding)) {
	wrong := wrongSelf(d.Level, d.Unit)
	var partyA, partyB []Finding // 党工委, 党委 as the unit's own body
	for _, l := range d.Lines {
		rs := l.runes()
		for i := 0; i+1 < len(rs); i++ {
			if rs[i] == '我' {
				if w := prefixIn(rs, i, wrong); w != "" && !(w == "我市" && hasPrefixAt(rs, i, "我市场")) {
					own := ownSelf(d)
					emit(Finding{Rule: "level.self-reference", Severity: Error, Line: l.No, Column: i + 1, Excerpt: w,
						Message:    fmt.Sprintf("本报告是%s（%s）的报告，“%s”与报告主体的层级不符", d.Unit, d.Level, w),
						Suggestion: own, Specificity: 45})
				}
			}
			if (d.Level == "乡镇" || d.Level == "街道") && (rs[i] == '召' || rs[i] == '组') {
				if v := prefixIn(rs, i, []string{"召开", "组织召开", "组织"}); v != "" {
					j := i + runeLen(v)
					if b := prefixIn(rs, j, []string{"县委", "区委", "市委", "县政府", "区政府"}); b != "" {
						k := j + runeLen(b)
						if m := prefixIn(rs, k, []string{"理论学习中心组", "常委会", "常务会议", "全会"}); m != "" {
							emit(Finding{Rule: "level.scope", Severity: Warning, Line: l.No, Column: j + 1, Excerpt: b + m,
								Message:    fmt.Sprintf("%s的报告把“%s”写成本单位召开的会议，层级不符", d.Unit, b+m),
								Suggestion: "本级党委（党工委）理论学习中心组或党政班子会议", Specificity: 45})
						}
					}
				}
			}
			if rs[i] == '党' && (d.Level == "乡镇" || d.Level == "街道") {
				if hasPrefixAt(rs, i, "党工委") && !precededByOtherBody(rs, i) {
					partyA = append(partyA, Finding{Line: l.No, Column: i + 1, Excerpt: "党工委"})
				} else if hasPrefixAt(rs, i, "党委") && !precededByOtherBody(rs, i) && ownPartyContext(rs, i) {
					partyB = append(partyB, Finding{Line: l.No, Column: i + 1, Excerpt: "党委"})
				}
			}
		}
	}
	if len(partyA) > 0 && len(partyB) > 0 {
		bad, right := partyB, "党工委"
		if len(partyA) < len(partyB) || len(partyA) == len(partyB) && d.Level == "乡镇" {
			bad, right = partyA, "党委"
		}
		for _, f := range bad {
			f.Rule, f.Severity, f.Specificity = "level.party-body", Warning, 45
			f.Message = fmt.Sprintf("本报告对本级党组织的称呼不一：“党工委”%d处、“党委”%d处", len(partyA), len(partyB))
			f.Suggestion = right
			emit(f)
		}
	}
	checkUnitMismatch(d, r.g, emit)
}

func ownSelf(d *Doc) string {
	switch {
	case d.Level == "街道":
		return "我街道"
	case strings.HasSuffix(d.Unit, "乡"):
		return "我乡"
	case d.Level == "乡镇":
		return "我镇"
	case strings.HasSuffix(d.Unit, "区"):
		return "我区"
	case strings.HasSuffix(d.Unit, "县"):
		return "我县"
	case d.Level == "省":
		return "我省"
	}
	return "本单位"
}

// precededByOtherBody: 县委/村党委/社区党委 are other bodies.
func precededByOtherBody(rs []rune, i int) bool {
	if i == 0 {
		return false
	}
	switch rs[i-1] {
	case '县', '区', '市', '省', '村', '州', '旗', '部', '支', '总', '委', '司', '院', '局', '业', '校', '企', '组', '会':
		return true
	}
	return i >= 2 && (string(rs[i-2:i]) == "社区" || string(rs[i-2:i]) == "机关")
}

// ownPartyContext: 党委 as the unit's own body (镇党委、街道党委、党委书记, 党委会).
func ownPartyContext(rs []rune, i int) bool {
	if i > 0 && strings.ContainsRune("镇乡道我本", rs[i-1]) {
		return true
	}
	return prefixIn(rs, i+2, []string{"书记", "副书记", "班子", "会议", "中心组", "、政府", "、办事处", "政府", "委员"}) != "" || i+2 < len(rs) && rs[i+2] == '会'
}

// checkUnitMismatch compares the title's unit with the one named in the
// opening paragraph ("现将XX镇……") and the signature.
func checkUnitMismatch(d *Doc, g *lang, emit func(Finding)) {
	if d.Unit == "" || d.Level != "乡镇" && d.Level != "街道" {
		return
	}
	suffix := "镇"
	switch {
	case strings.HasSuffix(d.Unit, "街道"):
		suffix = "街道"
	case strings.HasSuffix(d.Unit, "乡"):
		suffix = "乡"
	}
	report := func(l, col int, name string) {
		emit(Finding{Rule: "level.unit-mismatch", Severity: Error, Line: l, Column: col, Excerpt: name,
			Message:    fmt.Sprintf("此处单位“%s”与标题中的“%s”不一致", name, d.Unit),
			Suggestion: d.Unit, Specificity: 45})
	}
	// the opening paragraph
	for _, l := range d.Lines[:min(len(d.Lines), 8)] {
		i := strings.Index(l.Text, "现将")
		if i < 0 {
			continue
		}
		rs := []rune(l.Text[i+len("现将"):])
		base := runeLen(l.Text[:i]) + 2
		if name, at := unitNameAt(rs, suffix); name != "" && name != d.Unit && !strings.HasSuffix(d.Unit, name) && !strings.HasSuffix(name, d.Unit) {
			report(l.No, base+at+1, name)
		}
		break
	}
	// the body: another unit's party committee or government as the subject
	// of a clause (a paragraph taken from another township's report)
	skip := map[int]bool{d.sign.unitLine: true, d.sign.dateLine: true}
	for _, l := range titleLines(d.Lines) {
		skip[l.No] = true
	}
	for _, l := range d.Lines {
		if skip[l.No] || !strings.Contains(l.Text, suffix) {
			continue
		}
		rs := l.runes()
		for c := 0; c < len(rs); c++ {
			if c > 0 && !isClauseEnd(rs[c-1]) && !isSentenceEnd(rs[c-1]) {
				continue
			}
			if name := unitSubjectAt(g, rs, c, suffix); name != "" && name != d.Unit && !strings.HasSuffix(d.Unit, name) && !strings.HasSuffix(name, d.Unit) {
				report(l.No, c+1, name)
			}
		}
	}
	if s := d.sign; s.unit != "" {
		rs := []rune(s.unit)
		if name, at := unitNameAt(rs, suffix); name != "" && name != d.Unit && !strings.HasSuffix(d.Unit, name) && !strings.HasSuffix(name, d.Unit) {
			report(s.unitLine, at+1, name)
		}
	}
}

// unitNameAt finds the first "XX镇" (2–4 Han characters and the suffix) in
// rs, as in unitIn.
func unitNameAt(rs []rune, suffix string) (string, int) {
	for i := 1; i < len(rs) && i < 20; i++ {
		if !hasPrefixAt(rs, i, suffix) {
			continue
		}
		if suffix == "镇" && rs[i-1] == '乡' || suffix == "乡" && i+1 < len(rs) && rs[i+1] == '镇' {
			continue
		}
		j := i
		for j > 0 && isHanChar(rs[j-1]) && i-j < 4 && !strings.ContainsRune("省市区县州旗盟共于将本我全", rs[j-1]) {
			j--
		}
		if i-j >= 2 {
			return string(rs[j:i]) + suffix, j
		}
		return "", -1
	}
	return "", -1
}

// unitSubjectAt reads "XX镇党委" / "XX镇人民政府" starting at rs[c]: a unit
// name of two to four Han characters, the suffix and its party committee or
// government. It returns the unit name, or "".
func unitSubjectAt(g *lang, rs []rune, c int, suffix string) string {
	// a clause that starts with a verb, preposition or adverb (建立镇政府…,
	// 与白沙镇…, 协助绿水镇…) has no unit as its subject
	if c+2 > len(rs) || isFunctionChar(rs[c]) || strings.ContainsRune("同向从由把被给跟", rs[c]) {
		return ""
	}
	if g != nil {
		switch g.shortPos(rs[c : c+2]) {
		case "v", "vn", "vd", "p", "d", "ad", "c":
			return ""
		case "ns": // a place name
		default:
			// a common word (利用, 结合) is no town's name
			if g.shortFreq(rs[c:c+2]) >= 500 {
				return ""
			}
		}
	}
	n := runeLen(suffix)
	for k := 2; k <= 4; k++ {
		e := c + k
		if e+n > len(rs) || !hasPrefixAt(rs, e, suffix) || !allHan(rs[c:e]) {
			continue
		}
		if strings.ContainsAny(string(rs[c:e]), "我本全各该省市区县州旗乡镇") {
			return ""
		}
		if prefixIn(rs, e+n, []string{"党委", "党工委", "人民政府", "政府", "办事处"}) == "" {
			return ""
		}
		return string(rs[c:e]) + suffix
	}
	return ""
}
