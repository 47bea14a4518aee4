package proofread

import (
	"fmt"
	"strings"
)

// titleLines returns the report's title block: the leading lines before the
// first body paragraph or heading.
func titleLines(lines []Line) []Line {
	var out []Line
	for _, l := range lines {
		if headingAt(l.runes()) != nil || strings.ContainsAny(l.Text, "。，,") && runeLen(l.Text) > 30 {
			break
		}
		out = append(out, l)
		if len(out) == 4 {
			break
		}
	}
	return out
}

// firstParagraph is the first line with a sentence in it.
func firstParagraph(lines []Line) string {
	for _, l := range lines {
		if strings.ContainsAny(l.Text, "。，,") && runeLen(l.Text) > 30 {
			return l.Text
		}
	}
	return ""
}

// yearIn finds the first year 19xx/20xx followed by 年 in s, skipping ranges
// (2021-2025年) and years inside 《》.
func yearIn(s string) int {
	rs := []rune(s)
	depth := 0
	for i := 0; i+4 < len(rs); i++ {
		switch rs[i] {
		case '《':
			depth++
		case '》':
			if depth > 0 {
				depth--
			}
		}
		if depth > 0 {
			continue
		}
		y, ok := yearAt(rs, i)
		if !ok || rs[i+4] != '年' {
			continue
		}
		if i > 0 && (rs[i-1] == '-' || rs[i-1] == '—' || rs[i-1] == '～' || rs[i-1] == '至' || rs[i-1] == '－') {
			continue
		}
		return y
	}
	return 0
}

// yearAt reads a four-digit year 1950–2099 at rs[i] not inside a longer number.
func yearAt(rs []rune, i int) (int, bool) {
	if i+4 > len(rs) || i > 0 && (isDigit(rs[i-1]) || rs[i-1] == '.') || i+4 < len(rs) && isDigit(rs[i+4]) {
		return 0, false
	}
	y := 0
	for k := 0; k < 4; k++ {
		if !isDigit(rs[i+k]) {
			return 0, false
		}
		y = y*10 + int(rs[i+k]-'0')
	}
	if y < 1950 || y > 2099 {
		return 0, false
	}
	return y, true
}

// detect fills the report's unit, year and level from its title block and
// first paragraph.
func detect(d *Doc, override int) {
	title := ""
	for _, l := range titleLines(d.Lines) {
		title += l.Text
	}
	d.Year = override
	if d.Year == 0 {
		d.Year = yearIn(title)
	}
	if d.Year == 0 {
		d.Year = yearIn(firstParagraph(d.Lines))
	}
	d.Unit, d.Level = unitIn(title)
	d.sign = readSignature(d.Lines)
	if d.Unit == "" && d.sign.unit != "" {
		d.Unit, d.Level = unitIn(d.sign.unit)
	}
	if override == 0 {
		checkTitleYear(d)
	}
}

// yearAt0 is a year and where it is written.
type yearAt0 struct {
	year, line, col int
}

// checkTitleYear: when the title's year disagrees with every year the body
// gives to its own parts (the opening "现将……年", the part headings), the
// title is the one that is wrong; the report year becomes the body's, so the
// other rules do not report every correct year of the body.
func checkTitleYear(d *Doc) {
	tl := titleLines(d.Lines)
	if d.Year == 0 || len(tl) == 0 {
		return
	}
	votes := map[int]int{}
	for _, l := range d.Lines[len(tl):] {
		rs := l.runes()
		if m := headingAt(rs); m != nil && m.level == 1 {
			t := string(rs[m.n:])
			if y := yearIn(t); y > 0 {
				switch p := partOfHeading(t, 0); {
				case containsAny(t, "安排", "计划", "打算", "思路", "下一年", "明年"):
					votes[y-1]++
				case p == 0 || p == 1 || p == 2 || containsAny(t, "举措", "成效", "工作"):
					votes[y]++
				}
			}
			continue
		}
		if i := strings.Index(l.Text, "现将"); i >= 0 {
			if y := yearIn(l.Text[i:]); y > 0 {
				votes[y] += 2
			}
		}
	}
	best, n, total := 0, 0, 0
	for y, v := range votes {
		total += v
		if v > n {
			best, n = y, v
		}
	}
	if best == 0 || best == d.Year || n < 2 || votes[d.Year] > 0 || n < total {
		return
	}
	for _, l := range tl {
		if i := strings.Index(l.Text, fmt.Sprintf("%d年", d.Year)); i >= 0 {
			d.titleYear = yearAt0{d.Year, l.No, runeLen(l.Text[:i])}
			break
		}
	}
	d.Year = best
}

// unitIn finds the reporting unit in a title: the last administrative
// segment before 人民政府/党委/关于/the year, e.g. 广元市昭化区昭化镇人民政府 → 昭化镇.
func unitIn(title string) (unit, level string) {
	rs := []rune(strings.TrimPrefix(strings.TrimSpace(title), "中共"))
	if s := string(rs); strings.Contains(s, "省人民政府") && !strings.Contains(s[:strings.Index(s, "省人民政府")], "市") {
		return s[:strings.Index(s, "省人民政府")] + "省", "省"
	}
	for _, suffix := range []struct{ s, level string }{{"街道", "街道"}, {"镇", "乡镇"}, {"乡", "乡镇"}} {
		for i := 0; i < len(rs); i++ {
			if !hasPrefixAt(rs, i, suffix.s) || i == 0 {
				continue
			}
			// 乡镇 (as in 法治乡镇) is not a unit name.
			if suffix.s == "镇" && rs[i-1] == '乡' || suffix.s == "乡" && i+1 < len(rs) && rs[i+1] == '镇' {
				continue
			}
			j := i
			for j > 0 && isHanChar(rs[j-1]) && i-j < 5 && !strings.ContainsRune("省市区县州旗盟共于", rs[j-1]) {
				j--
			}
			if i-j < 1 {
				continue
			}
			return string(rs[j:i]) + suffix.s, suffix.level
		}
	}
	// A department: ……局/委员会/办公室 before 关于 or the year.
	s := string(rs)
	for _, cut := range []string{"关于", "20", "19", "法治"} {
		if i := strings.Index(s, cut); i > 0 {
			head := []rune(strings.TrimSpace(s[:i]))
			for _, dep := range []string{"局", "委员会", "办公室", "厅", "委", "中心", "办"} {
				if strings.HasSuffix(string(head), dep) && !strings.HasSuffix(string(head), "党委") {
					return lastSegment(head), "部门"
				}
			}
			for _, gov := range []string{"县人民政府", "区人民政府", "市人民政府", "县委", "区委"} {
				if strings.HasSuffix(string(head), gov) {
					name := []rune(strings.TrimSuffix(strings.TrimSuffix(string(head), "人民政府"), "委"))
					return lastSegment(name), "县"
				}
			}
		}
	}
	return "", ""
}

// lastSegment keeps the name after the last 省/市 of a full name.
func lastSegment(rs []rune) string {
	for i := len(rs) - 2; i > 0; i-- {
		if rs[i] == '省' || rs[i] == '市' && i < len(rs)-2 {
			return string(rs[i+1:])
		}
	}
	return string(rs)
}
