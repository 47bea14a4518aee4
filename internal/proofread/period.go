package proofread

import (
	"fmt"
	"strings"
)

// periodRule checks the years and periods of an annual report:
//
//   - year.title: the title's year differs from the year the whole body
//     reports on (one finding; the body's year is used for the other rules);
//   - year.since: "2024年来" for "2024年以来";
//   - period.partial: figures "截至11月底" of the report year without saying
//     why the year is not complete;
//   - year.stale: "2023年全年" in the report on 2025 (a previous report's text);
//   - year.signature: a signature dated before the report year, before its
//     last two months, more than a year after it, or after Config.Today.
type periodRule struct{ today string }

func (periodRule) ID() string { return "period" }

func (r periodRule) CheckDoc(d *Doc, emit func(Finding)) {
	if t := d.titleYear; t.year != 0 {
		emit(Finding{Rule: "year.title", Severity: Error, Line: t.line, Column: t.col + 1, Excerpt: fmt.Sprintf("%d年", t.year),
			Message:    fmt.Sprintf("标题写%d年，正文各部分均为%d年度的内容，标题年份有误", t.year, d.Year),
			Suggestion: fmt.Sprintf("%d年", d.Year), Specificity: 47})
	}
	for _, l := range d.Lines {
		if !strings.Contains(l.Text, "年") && !strings.Contains(l.Text, "截至") {
			continue
		}
		rs := l.runes()
		for i := 0; i+5 < len(rs); i++ {
			y, ok := yearAt(rs, i)
			if !ok || rs[i+4] != '年' {
				continue
			}
			switch {
			case rs[i+5] == '来':
				emit(Finding{Rule: "year.since", Severity: Warning, Line: l.No, Column: i + 1, Excerpt: string(rs[i : i+6]),
					Message: "“年来”表示若干年以来，指某一年起应写“年以来”", Suggestion: fmt.Sprintf("%d年以来", y), Specificity: 33})
			case d.Year > 0 && y < d.Year && (hasPrefixAt(rs, i+5, "全年") || hasPrefixAt(rs, i+5, "1-12月") || hasPrefixAt(rs, i+5, "1—12月") || hasPrefixAt(rs, i+5, "1至12月")) &&
				!comparative(rs, i) && !(y == d.Year-1 && comparesYears(rs)):
				emit(Finding{Rule: "year.stale", Severity: Error, Line: l.No, Column: i + 1, Excerpt: string(rs[i : i+7]),
					Message:    fmt.Sprintf("%d年度报告中写“%d年全年”的数字，疑为沿用往年报告", d.Year, y),
					Suggestion: fmt.Sprintf("%d年", d.Year), Specificity: 35})
			}
		}
		if d.Year > 0 {
			checkPartial(d, l, rs, emit)
		}
	}
	r.checkSignature(d, emit)
}

// comparative: "较2023年全年增长" compares, it does not report.
func comparative(rs []rune, i int) bool {
	lead := string(rs[max(0, i-3):i])
	return containsAny(lead, "较", "比", "与", "同", "相比", "对比", "超过", "高于", "低于")
}

// comparesYears: the previous year's figure in a sentence that compares it
// ("2023年全年发生30件，2024年下降至20件") is a baseline, not a stale copy.
func comparesYears(rs []rune) bool {
	return containsAny(string(rs), "较", "比", "同比", "下降", "增长", "上升", "减少", "增加", "提高", "降低", "持平")
}

// checkPartial: "截至11月底" of the report year, in a sentence that gives no
// reason (报送时间, 统计口径).
func checkPartial(d *Doc, l Line, rs []rune, emit func(Finding)) {
	for i := 0; i+3 < len(rs); i++ {
		if !hasPrefixAt(rs, i, "截至") && !hasPrefixAt(rs, i, "截止") {
			continue
		}
		j := i + 2
		if hasPrefixAt(rs, j, "到") {
			j++
		}
		if y, ok := yearAt(rs, j); ok && j+4 < len(rs) && rs[j+4] == '年' {
			if y != d.Year {
				continue
			}
			j += 5
		}
		m, n := 0, 0
		for j+n < len(rs) && isDigit(rs[j+n]) && n < 2 {
			m = m*10 + int(rs[j+n]-'0')
			n++
		}
		if n == 0 {
			if v, k := parseChineseSmall(rs, j); k > 0 {
				m, n = v, k
			}
		}
		if n == 0 || j+n >= len(rs) || rs[j+n] != '月' || m < 1 || m > 11 {
			continue
		}
		end := j + n + 1
		// 截至11月 followed by a day (截至11月20日) is as partial as 11月底.
		sent := string(rs)
		if containsAny(sent, "因", "由于", "报送", "统计时间", "统计口径", "数据截至", "截稿") {
			continue
		}
		emit(Finding{Rule: "period.partial", Severity: Warning, Line: l.No, Column: i + 1, Excerpt: string(rs[i:end]),
			Message:    fmt.Sprintf("年度报告的数字只统计到%d月，未说明原因", m),
			Suggestion: "补齐全年数据（截至12月31日），或注明统计截止时间的原因", Specificity: 37})
		return
	}
}

func (r periodRule) checkSignature(d *Doc, emit func(Finding)) {
	s := d.sign
	if s.dateLine == 0 || d.Year == 0 {
		return
	}
	bad := func(sev Severity, msg string) {
		emit(Finding{Rule: "year.signature", Severity: sev, Line: s.dateLine, Column: 1, Excerpt: s.dateText,
			Message: msg, Suggestion: "核对落款日期", Specificity: 47})
	}
	date := fmt.Sprintf("%04d-%02d-%02d", s.y, s.m, s.day)
	switch {
	case r.today != "" && date > r.today:
		bad(Error, fmt.Sprintf("落款日期%s晚于今天（%s）", s.dateText, r.today))
	case s.y < d.Year:
		bad(Error, fmt.Sprintf("落款日期%s早于报告年度%d年", s.dateText, d.Year))
	case s.y == d.Year && s.m < 11:
		bad(Warning, fmt.Sprintf("落款日期%s在%d年结束前两个月以上，全年情况尚未发生", s.dateText, d.Year))
	case s.y > d.Year+1:
		bad(Warning, fmt.Sprintf("落款日期%s比报告年度%d年晚一年以上", s.dateText, d.Year))
	}
}
