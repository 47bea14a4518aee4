package proofread

import "strings"

// Heading is one numbered heading of the report's outline.
type Heading struct {
	Level  int    `json:"level"`  // 1 一、 · 2 （一） · 3 1. · 4 （1）
	Number string `json:"number"` // the marker as written, e.g. "（一）"
	Title  string `json:"title"`  // text after the marker up to the first 。
	Line   int    `json:"line"`

	num   int    // its value: 一 → 1
	style string // the marker's form with the number replaced, e.g. "（N）"
	col   int    // 1-based rune column of the marker in the normalised line
}

// headingMark is a heading marker found at the start of a line.
type headingMark struct {
	level, num, n int
	style         string
}

// parseChineseSmall reads 一…九十九 at rs[i:]; it returns the value and the
// number of runes read, or 0, 0.
func parseChineseSmall(rs []rune, i int) (int, int) {
	v, n, tens := 0, 0, false
	for i+n < len(rs) && n < 3 {
		r := rs[i+n]
		if r == '十' {
			if tens {
				break
			}
			tens = true
			if v == 0 {
				v = 1
			}
			v *= 10
			n++
			continue
		}
		d := chineseDigit(r)
		if d <= 0 || r == '两' {
			break
		}
		if n > 0 && !tens {
			break // 一二 is not a number
		}
		v += d
		n++
		if tens {
			break
		}
	}
	return v, n
}

// parseArabicSmall reads one or two ASCII or full-width digits.
func parseArabicSmall(rs []rune, i int) (int, int, bool) {
	v, n, full := 0, 0, false
	for i+n < len(rs) && n < 3 {
		r := rs[i+n]
		switch {
		case isDigit(r):
			v = v*10 + int(r-'0')
		case isFullDigit(r):
			v = v*10 + int(r-'０')
			full = true
		default:
			return v, n, full
		}
		n++
	}
	if n == 3 {
		return 0, 0, false // 100+ is a figure, not a heading number
	}
	return v, n, full
}

// headingAt recognises a heading marker at the start of rs.
func headingAt(rs []rune) *headingMark {
	if len(rs) < 2 {
		return nil
	}
	next := func(k int) rune {
		if k < len(rs) {
			return rs[k]
		}
		return 0
	}
	textAfter := func(k int) bool { // a heading has words after its marker
		r := next(k)
		if k > 0 && rs[k-1] == '、' { // 一、2021年度…: a year may follow 、
			return r != 0 && r != '、'
		}
		return r != 0 && !isDigit(r) && r != '%' && r != '.' && r != '．'
	}
	r := rs[0]
	switch {
	case r == '（' || r == '(':
		if v, n := parseChineseSmall(rs, 1); n > 0 && (next(1+n) == '）' || next(1+n) == ')') {
			style := string(r) + "N" + string(next(1+n))
			k := 2 + n
			if next(k) == '、' || next(k) == '.' || next(k) == '．' {
				style += string(next(k))
				k++
			}
			if textAfter(k) {
				return &headingMark{level: 2, num: v, n: k, style: style}
			}
		}
		if v, n, full := parseArabicSmall(rs, 1); n > 0 && v > 0 && (next(1+n) == '）' || next(1+n) == ')') {
			style := string(r) + "n" + string(next(1+n))
			if full {
				style = string(r) + "ｎ" + string(next(1+n))
			}
			k := 2 + n
			if next(k) == '、' || next(k) == '.' || next(k) == '．' {
				style += string(next(k))
				k++
			}
			if textAfter(k) {
				return &headingMark{level: 4, num: v, n: k, style: style}
			}
		}
	case r == '第':
		if v, n := parseChineseSmall(rs, 1); n > 0 && hasPrefixAt(rs, 1+n, "部分") {
			k := 3 + n
			for next(k) == '、' || next(k) == '：' || next(k) == ' ' || next(k) == '　' {
				k++
			}
			if textAfter(k) {
				return &headingMark{level: 1, num: v, n: k, style: "第N部分"}
			}
		}
	case chineseDigit(r) > 0 || r == '十':
		v, n := parseChineseSmall(rs, 0)
		if n > 0 {
			if p := next(n); (p == '、' || p == '.' || p == '．') && textAfter(n+1) {
				return &headingMark{level: 1, num: v, n: n + 1, style: "N" + string(p)}
			}
		}
	case isDigit(r) || isFullDigit(r):
		v, n, full := parseArabicSmall(rs, 0)
		if n > 0 && v > 0 {
			p := next(n)
			// "5、6月份" is a list of numbers, not a heading; "1、2022年…" is.
			if p == '、' && isDigit(next(n+1)) {
				if _, ok := yearAt(rs, n+1); !ok {
					return nil
				}
			}
			if (p == '.' || p == '．' || p == '、') && textAfter(n+1) && !isFullDigit(next(n+1)) {
				num := "n"
				if full {
					num = "ｎ"
				}
				return &headingMark{level: 3, num: v, n: n + 1, style: num + string(p)}
			}
		}
	}
	return nil
}

// parseOutline finds every numbered heading.
func parseOutline(lines []Line) []Heading {
	var out []Heading
	for _, l := range lines {
		rs := l.runes()
		m := headingAt(rs)
		if m == nil {
			continue
		}
		title := string(rs[m.n:])
		if i := strings.IndexAny(title, "。；"); i >= 0 {
			title = title[:i]
		}
		if runeLen(title) > 60 {
			title = string([]rune(title)[:60])
		}
		out = append(out, Heading{Level: m.level, Number: string(rs[:m.n]), Title: strings.TrimSpace(title),
			Line: l.No, num: m.num, style: m.style, col: 1})
	}
	return out
}
