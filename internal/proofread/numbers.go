package proofread

import (
	"fmt"
	"math"
	"strings"
)

// doubledPunctRule (punct.doubled): two marks where one belongs: "，，",
// "。。", "、、", "，。", "100%%".
type doubledPunctRule struct{}

func (doubledPunctRule) ID() string { return "punct.doubled" }

func isDoublable(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '！', '？', '%':
		return true
	}
	return false
}

func (doubledPunctRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	rs := l.runes()
	for i := 0; i+1 < len(rs); i++ {
		a, b := rs[i], rs[i+1]
		if !isDoublable(a) || !isDoublable(b) || a == '%' && b != '%' || b == '%' && a != '%' {
			continue
		}
		if (a == '！' || a == '？') && (b == '！' || b == '？') {
			continue // 。。。 stays for ellipsis below; ！！ is emphasis, not a report's
		}
		end := i + 2
		for end < len(rs) && isDoublable(rs[end]) && rs[end] != '%' {
			end++
		}
		if a == '。' && end-i >= 3 && rs[i+2] == '。' {
			i = end - 1
			continue // 。。。 as a makeshift ellipsis is punct.* elsewhere
		}
		keep := string(b)
		if a == b {
			keep = string(a)
		}
		emit(Finding{Rule: "punct.doubled", Severity: Error, Line: l.No, Column: i + 1, Excerpt: string(rs[i:end]),
			Message: fmt.Sprintf("标点“%s”重复", string(rs[i:end])), Suggestion: keep, Specificity: 41})
		i = end - 1
	}
}

// numbersRule checks figures beyond a sentence's own arithmetic:
//
//   - arith.sum: parts listed before their total ("召开会议4次、专题会3次，共计8次");
//   - arith.frequency: a yearly count below what a stated frequency implies
//     ("每季度开展1次……全年开展3次");
//   - arith.percent: a rate above 100% (a growth may be; a 办结率 may not), and
//     a rate whose total is a 受理/收到 count (extends arith's own check);
//   - arith.numeral-style: 二万余 in a report that writes 2万余 elsewhere.
type numbersRule struct{}

func (numbersRule) ID() string { return "numbers" }

func (numbersRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	if !strings.ContainsAny(l.Text, "0123456789") {
		return
	}
	total := strings.Contains(l.Text, "共") || strings.Contains(l.Text, "合计") || strings.Contains(l.Text, "总计")
	freq := strings.Contains(l.Text, "每")
	rate := strings.Contains(l.Text, "%")
	for _, s := range l.sentences() {
		if total {
			checkPartsBeforeTotal(l, s, emit)
		}
		if freq {
			checkFrequency(l, s, emit)
		}
		if rate {
			checkRateBounds(l, s, emit)
		}
	}
}

var totalWords = []string{"共计", "合计", "总计", "累计共", "共"}

func checkPartsBeforeTotal(l Line, s sentence, emit func(Finding)) {
	for k, q := range s.qs {
		if k < 2 || q.Approx != "" || q.Unit == "%" {
			continue
		}
		lead := strings.TrimSpace(s.lead(k))
		tw := ""
		for _, w := range totalWords {
			if strings.HasPrefix(lead, w) {
				tw = w
				break
			}
		}
		// the total counts the same thing: nothing but a verb after 共计
		// ("共计研究法治议题5次" counts topics, not the meetings before it)
		if tw == "" || runeLen(strings.TrimPrefix(lead, tw)) > 3 {
			continue
		}
		// the total's clause must follow a clause end: "……3次，共计8次"
		if q.Start-runeLen(s.lead(k)) <= 0 || !isClauseEnd(s.rs[q.Start-runeLen(s.lead(k))-1]) {
			continue
		}
		sum, n := 0.0, 0
		approx := false
		first := -1
		for j := k - 1; j >= 0; j-- {
			p := s.qs[j]
			if p.Unit != q.Unit {
				break
			}
			if strings.Contains(s.lead(j), "其中") || containsAny(s.lead(j), totalWords...) {
				break
			}
			sum += p.Value
			n++
			first = j
			approx = approx || p.Approx != ""
		}
		if n < 2 || approx || math.Abs(sum-q.Value) < 1e-9 {
			continue
		}
		emit(s.finding(l, "arith.sum", s.qs[first].Start, q.End,
			fmt.Sprintf("各项之和为%s%s，与“%s%s%s”不符", fmtNum(sum), q.Unit, tw, fmtNum(q.Value), q.Unit),
			"核对总数与各分项"))
	}
}

var frequencies = []struct {
	word string
	per  float64
}{{"每季度", 4}, {"每月", 12}, {"每半年", 2}, {"每双月", 6}, {"每两个月", 6}, {"每周", 52}}

func checkFrequency(l Line, s sentence, emit func(Finding)) {
	text := string(s.rs)
	for _, f := range frequencies {
		at := strings.Index(text, f.word)
		if at < 0 {
			continue
		}
		at = runeLen(text[:at])
		per := -1
		for k, q := range s.qs {
			if q.Start > at && q.Unit == "次" && per < 0 && q.Start-at < 15 {
				per = k
				continue
			}
			// the yearly count of the same activity: "全年共召开3次", not
			// "全年开展普法活动10次" (another activity)
			lead := s.lead(k)
			if y := strings.Index(lead, "全年"); per >= 0 && q.Unit == "次" && q.Approx == "" && y >= 0 && runeLen(lead[y+len("全年"):]) <= 4 {
				want := f.per * s.qs[per].Value
				if q.Value < want && !strings.Contains(text, "至少") {
					emit(s.finding(l, "arith.frequency", s.qs[per].Start, q.End,
						fmt.Sprintf("“%s%s次”全年应不少于%s次，文中写全年%s次", f.word, fmtNum(s.qs[per].Value), fmtNum(want), fmtNum(q.Value)),
						"核对频次与全年次数"))
				}
				return
			}
		}
	}
}

var growthWords = []string{"增长", "增幅", "同比", "提高", "上升", "提升", "增加", "超额", "完成率"}

func checkRateBounds(l Line, s sentence, emit func(Finding)) {
	for k, q := range s.qs {
		if q.Unit != "%" || q.Value <= 100 || q.Approx != "" {
			continue
		}
		lead := strings.TrimRight(s.lead(k), "为达到是均")
		if !strings.HasSuffix(lead, "率") || containsAny(s.lead(k), growthWords...) {
			continue
		}
		emit(s.finding(l, "arith.percent", q.Start, q.End,
			fmt.Sprintf("“%s”为%s%%，超过100%%", lead, fmtNum(q.Value)), "核对比率"))
	}
	// the rate's total is a received count: "受理50件，办结45件，办结率100%"
	for k, q := range s.qs {
		if q.Unit != "%" || q.Approx != "" || k < 2 {
			continue
		}
		lead := []rune(strings.TrimRight(s.lead(k), "为达到是均"))
		if len(lead) < 3 || lead[len(lead)-1] != '率' {
			continue
		}
		stem := string(lead[len(lead)-3 : len(lead)-1])
		if !containsAny(stem, closedWords...) && !strings.Contains(strings.Join(closedWords, ""), stem) {
			continue
		}
		num, total := s.qs[k-1], s.qs[k-2]
		if !strings.Contains(s.lead(k-1), stem) || !containsAny(s.lead(k-2), receivedWords...) || containsAny(s.lead(k-2), "共", "总", "合计") {
			continue
		}
		if num.Unit != total.Unit || num.Approx != "" || total.Approx != "" || total.Value == 0 {
			continue
		}
		want := num.Value / total.Value * 100
		if math.Abs(want-q.Value) <= 1.0 {
			continue
		}
		emit(s.finding(l, "arith.percent", q.Start, q.End,
			fmt.Sprintf("比率与数字不符：%s%s ÷ %s%s = %.1f%%，文中写%s%%", fmtNum(num.Value), num.Unit, fmtNum(total.Value), total.Unit, want, fmtNum(q.Value)),
			fmt.Sprintf("%.1f%%", want)))
	}
}

// numeralStyleRule (arith.numeral-style): 二万余 where the same report writes
// 2万余 (两万 is the spoken form and is left alone).
type numeralStyleRule struct{}

func (numeralStyleRule) ID() string { return "arith.numeral-style" }

func (numeralStyleRule) CheckDoc(d *Doc, emit func(Finding)) {
	arabic := false
	type hit struct {
		line, col int
		text      string
	}
	var cn []hit
	for _, l := range d.Lines {
		rs := l.runes()
		for i := 0; i+1 < len(rs); i++ {
			if rs[i+1] != '万' && rs[i+1] != '千' {
				continue
			}
			if isDigit(rs[i]) {
				arabic = true
			} else if v := chineseDigit(rs[i]); v >= 1 && rs[i] != '两' && (i == 0 || !isHanNumeral(rs[i-1])) && i+2 < len(rs) && (rs[i+2] == '余' || rs[i+2] == '多') {
				cn = append(cn, hit{l.No, i + 1, string(rs[i : i+3])})
			}
		}
	}
	if !arabic {
		return
	}
	for _, h := range cn {
		emit(Finding{Rule: "arith.numeral-style", Severity: Info, Line: h.line, Column: h.col, Excerpt: h.text,
			Message: "同一报告中数字写法不一：别处用阿拉伯数字（如“2万余”），此处用汉字", Suggestion: "统一用阿拉伯数字", Specificity: 30})
	}
}

func isHanNumeral(r rune) bool {
	return chineseDigit(r) >= 0 || strings.ContainsRune("十百千万亿〇零第", r)
}
