package proofread

import (
	"fmt"
	"strings"
)

// relativeYearRule flags 今年/明年/去年 in an annual report: the report is
// read (and published) the following year, so the year must be written out.
type relativeYearRule struct{}

func (relativeYearRule) ID() string { return "year.relative" }

func (relativeYearRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	if !strings.Contains(l.Text, "年") {
		return
	}
	rs := l.runes()
	for i := 0; i+1 < len(rs); i++ {
		if rs[i+1] != '年' {
			continue
		}
		off := 0
		switch rs[i] {
		case '今':
		case '明':
			off = 1
		case '去':
			off = -1
		default:
			continue
		}
		if i > 0 && (rs[i-1] == '至' || rs[i-1] == '从') && rs[i] != '今' {
			continue
		}
		end := i + 2
		for _, tail := range []string{"以来", "来"} {
			if hasPrefixAt(rs, end, tail) && (rs[i] == '今') {
				end += runeLen(tail)
				break
			}
		}
		ex := string(rs[i:end])
		sugg := ""
		if d.Year > 0 {
			sugg = strings.Replace(ex, string(rs[i:i+2]), fmt.Sprintf("%d年", d.Year+off), 1)
			sugg = strings.Replace(sugg, "年来", "年以来", 1)
		}
		emit(Finding{Rule: "year.relative", Severity: Warning, Line: l.No, Column: i + 1, Excerpt: ex,
			Message:    fmt.Sprintf("年度报告在次年阅读和公开，“%s”指代不明，应写明年份", ex),
			Suggestion: sugg})
		i = end - 1
	}
}

// yearRule reports years that contradict the report year: the opening
// paragraph, the part headings (this year's work, next year's plan), and
// sentences of the work part dated after the report year or of the plan part
// dated this year.
type yearRule struct{}

func (yearRule) ID() string { return "year.mismatch" }

// leadingYears finds years at the start of a clause: "2022年，", "2022年以来",
// "2022年度" — where a year dates what the clause says.
func leadingYears(rs []rune) []int {
	var at []int
	for i := 0; i+4 < len(rs); i++ {
		if i > 0 && !isClauseEnd(rs[i-1]) && rs[i-1] != '、' && rs[i-1] != '“' {
			continue
		}
		if _, ok := yearAt(rs, i); ok && rs[i+4] == '年' {
			at = append(at, i)
		}
	}
	return at
}

func (yearRule) CheckDoc(d *Doc, emit func(Finding)) {
	if d.Year == 0 {
		return
	}
	bad := func(l Line, i int, want int, msg string) {
		rs := l.runes()
		y, _ := yearAt(rs, i)
		emit(Finding{Rule: "year.mismatch", Severity: Error, Line: l.No, Column: i + 1, Excerpt: string(rs[i : i+5]),
			Message: fmt.Sprintf("%s：此处写%d年，报告年度为%d年", msg, y, d.Year), Suggestion: fmt.Sprintf("%d年", want)})
	}
	headingAtLine := map[int]Heading{}
	for _, h := range d.outline {
		headingAtLine[h.Line] = h
	}
	// Sections: which part each line belongs to, from the level-1 headings.
	part := -1
	first := true
	for _, l := range d.Lines {
		rs := l.runes()
		if h, ok := headingAtLine[l.No]; ok && h.Level == 1 {
			part = d.headingPart(h.Title)
			if part < 0 {
				part = 0 // a thematic work section
			}
			if y := yearIn(h.Title); y > 0 {
				i := strings.Index(l.Text, fmt.Sprint(y))
				col := runeLen(l.Text[:i])
				switch {
				case part == 3 && y != d.Year+1 && !strings.Contains(h.Title, "问题"):
					bad(l, col, d.Year+1, "下一年度安排的年份不对")
				case (part == 0 || part == 1 || part == 2) && y != d.Year:
					bad(l, col, d.Year, "本年度工作部分的年份与报告年度不符")
				}
			}
			continue
		}
		if first && part < 0 && strings.Contains(l.Text, "。") {
			// The opening paragraph: "2022年，我镇……现将我镇2022年……报告如下".
			first = false
			if i := strings.Index(l.Text, "现将"); i >= 0 {
				tail := []rune(l.Text[i:])
				for k := 0; k+4 < len(tail); k++ {
					if y, ok := yearAt(tail, k); ok && tail[k+4] == '年' {
						if y != d.Year && y != d.Year+1 {
							bad(l, runeLen(l.Text[:i])+k, d.Year, "开头段的年份与报告标题不符")
						}
						break
					}
				}
			}
			if at := leadingYears(rs); len(at) > 0 && at[0] == 0 {
				if y, _ := yearAt(rs, 0); y != d.Year {
					bad(l, 0, d.Year, "开头段的年份与报告标题不符")
				}
			}
			continue
		}
		for _, i := range leadingYears(rs) {
			y, _ := yearAt(rs, i)
			clause := string(rs[i:min(len(rs), i+30)])
			switch {
			case part == 0 && y > d.Year && !strings.Contains(clause, "将"):
				bad(l, i, d.Year, "本年度工作写成了以后的年份")
			case part == 3 && y == d.Year && strings.Contains(clause, "将") && !strings.Contains(clause, "以来"):
				bad(l, i, d.Year+1, "下一年度安排写成了本年度")
			}
		}
	}
}
