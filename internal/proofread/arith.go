package proofread

import (
	"fmt"
	"math"
	"strings"
)

// arithRule checks the arithmetic a sentence states: totals against their
// parts (arith.sum) and rates against the counts they come from
// (arith.percent).
type arithRule struct{}

func (arithRule) ID() string { return "arith" }

// sentence is a run of a line up to 。；！？ with its quantities and the
// clause (since the previous ，；：) each quantity sits in.
type sentence struct {
	rs    []rune
	start int // rune offset in the line
	qs    []Quantity
	cl    [][2]int // its clauses (see clauses), found once for every rule
}

func splitSentences(rs []rune) []sentence {
	var out []sentence
	s := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || isSentenceEnd(rs[i]) {
			if i > s {
				seg := rs[s:i]
				out = append(out, sentence{rs: seg, start: s, qs: parseQuantities(seg), cl: clauses(seg)})
			}
			s = i + 1
		}
	}
	return out
}

// lead returns the words of the clause before quantity k: from the end of
// the previous quantity or clause mark, whichever is later.
func (s sentence) lead(k int) string {
	q := s.qs[k]
	from := 0
	if k > 0 {
		from = s.qs[k-1].End
	}
	for i := q.Start - 1; i >= from; i-- {
		if isClauseEnd(s.rs[i]) {
			from = i + 1
			break
		}
	}
	return string(s.rs[from:q.Start])
}

// clause returns the whole clause around quantity k.
func (s sentence) clause(k int) string {
	q := s.qs[k]
	a, b := q.Start, q.End
	for a > 0 && !isClauseEnd(s.rs[a-1]) {
		a--
	}
	for b < len(s.rs) && !isClauseEnd(s.rs[b]) {
		b++
	}
	return string(s.rs[a:b])
}

func (arithRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	if !strings.ContainsAny(l.Text, "0123456789") {
		return
	}
	for _, s := range l.sentences() {
		if len(s.qs) < 2 {
			continue
		}
		checkBreakdown(l, s, emit)
		checkBalance(l, s, emit)
		checkRates(l, s, emit)
	}
}

func (s sentence) finding(l Line, rule string, a, b int, msg, sugg string) Finding {
	return Finding{Rule: rule, Severity: Error, Line: l.No, Column: s.start + a + 1,
		Excerpt: string(s.rs[a:b]), Message: msg, Suggestion: sugg}
}

// checkBreakdown: "共52次，其中进学校8次、进企业60次" — parts after 其中 must
// not exceed the total, and must equal it when introduced by 分别.
func checkBreakdown(l Line, s sentence, emit func(Finding)) {
	text := string(s.rs)
	at := strings.Index(text, "其中")
	if at < 0 {
		return
	}
	at = runeLen(text[:at])
	t := -1
	for k, q := range s.qs {
		if q.End <= at {
			t = k
		}
	}
	if t < 0 || s.qs[t].Approx != "" || s.qs[t].Unit == "%" {
		return
	}
	total := s.qs[t]
	sum, n, approx := 0.0, 0, false
	var last Quantity
	for _, q := range s.qs[t+1:] {
		if q.Unit != total.Unit {
			continue
		}
		sum += q.Value
		n++
		last = q
		approx = approx || q.Approx != ""
	}
	if n == 0 {
		return
	}
	exhaustive := strings.Contains(string(s.rs[at:]), "分别") && n >= 2
	switch {
	case sum > total.Value+1e-9:
		emit(s.finding(l, "arith.sum", total.Start, last.End,
			fmt.Sprintf("“其中”各项之和为%s%s，超过总数%s%s", fmtNum(sum), total.Unit, fmtNum(total.Value), total.Unit),
			"核对总数与各分项"))
	case exhaustive && !approx && math.Abs(sum-total.Value) > 1e-9:
		emit(s.finding(l, "arith.sum", total.Start, last.End,
			fmt.Sprintf("各分项之和为%s%s，与总数%s%s不符", fmtNum(sum), total.Unit, fmtNum(total.Value), total.Unit),
			"核对总数与各分项"))
	}
}

var (
	receivedWords = []string{"交办", "受理", "收到", "接收", "登记", "接待", "排查出", "共有"}
	closedWords   = []string{"办结", "结案", "化解", "调结", "调处成功", "调解成功", "解决"}
	pendingWords  = []string{"剩余", "未办结", "未结", "在办", "正在办理", "尚未", "待办"}
)

// checkBalance: "交办88件，办结77件，剩余11件" — received = closed + pending.
func checkBalance(l Line, s sentence, emit func(Finding)) {
	ti, ci, pi := -1, -1, -1
	for k, q := range s.qs {
		if q.Unit == "%" || q.Approx != "" {
			continue
		}
		lead := s.lead(k)
		switch {
		case ti < 0 && containsAny(lead, receivedWords...) && !containsAny(lead, closedWords...) && !containsAny(lead, pendingWords...):
			ti = k
		case ti >= 0 && ci < 0 && containsAny(lead, closedWords...) && !containsAny(lead, pendingWords...):
			ci = k
		case ci >= 0 && pi < 0 && containsAny(lead, pendingWords...):
			pi = k
		}
	}
	if ti < 0 || ci < 0 || pi < 0 {
		return
	}
	t, c, p := s.qs[ti], s.qs[ci], s.qs[pi]
	if t.Unit != c.Unit || c.Unit != p.Unit || t.Value == c.Value+p.Value {
		return
	}
	emit(s.finding(l, "arith.sum", t.Start, p.End,
		fmt.Sprintf("总数与分项不符：%s%s ≠ 已办%s%s + 剩余%s%s", fmtNum(t.Value), t.Unit, fmtNum(c.Value), c.Unit, fmtNum(p.Value), p.Unit),
		fmt.Sprintf("剩余应为%s%s，或核对总数", fmtNum(t.Value-c.Value), t.Unit)))
}

// checkRates: "安置帮教共146人，安置146人，安置率100%" — a rate must equal
// the count of its stem over the total.
func checkRates(l Line, s sentence, emit func(Finding)) {
	for k, q := range s.qs {
		if q.Unit != "%" || q.Approx != "" {
			continue
		}
		lead := []rune(strings.TrimRight(s.lead(k), "为达到是均"))
		if len(lead) < 3 || lead[len(lead)-1] != '率' {
			continue
		}
		stem := string(lead[len(lead)-3 : len(lead)-1])
		num, total := -1, -1
		for j := k - 1; j >= 0; j-- {
			if s.qs[j].Unit == "%" {
				continue
			}
			if num < 0 && strings.Contains(s.lead(j), stem) {
				num = j
				continue
			}
		}
		if num < 0 {
			continue
		}
		for j := 0; j < num; j++ {
			if s.qs[j].Unit == s.qs[num].Unit && containsAny(s.lead(j), "共", "总", "全部", "现有", "在册", "合计") {
				total = j
				break
			}
		}
		if total < 0 || s.qs[num].Approx != "" || s.qs[total].Approx != "" || s.qs[total].Value == 0 {
			continue
		}
		want := s.qs[num].Value / s.qs[total].Value * 100
		if math.Abs(want-q.Value) <= 1.0 {
			continue
		}
		emit(s.finding(l, "arith.percent", q.Start, q.End,
			fmt.Sprintf("比率与数字不符：%s%s ÷ %s%s = %.1f%%，文中写%s%%", fmtNum(s.qs[num].Value), s.qs[num].Unit,
				fmtNum(s.qs[total].Value), s.qs[total].Unit, want, fmtNum(q.Value)),
			fmt.Sprintf("%.1f%%", want)))
	}
}

func fmtNum(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%.0f", v)
	}
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.2f", v), "0"), ".")
}
