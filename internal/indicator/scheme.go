package indicator

import (
	_ "embed"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
)

// 考核 scoring: a county's scheme is data (scheme.tsv by default): items
// with the indicator they read, a rule, a target, points and, for a
// deduction, the points per case. Score scores one unit-year from a
// Result, every line keeping the value it read so the page can link it to
// the records behind it; a line the ledgers cannot measure is scored by
// hand and says so.

// Rule is how an item turns a value into points.
type Rule string

const (
	Proportional Rule = "proportional" // points × min(value ÷ target, 1)
	Threshold    Rule = "threshold"    // all points when value ≥ target, else none
	Deduction    Rule = "deduction"    // points − value × per case, not below 0
	Manual       Rule = "manual"       // scored by hand with its evidence
)

// Item is one line of a scheme.
type Item struct {
	ID        string
	Name      string
	Indicator string
	Rule      Rule
	Target    float64
	Points    float64
	PerCase   float64
	Note      string
	Line      int // the line of the scheme file (for messages)
}

//go:embed scheme.tsv
var schemeTSV string

// DefaultScheme is the embedded scheme.
func DefaultScheme() []Item {
	s, err := ParseScheme(schemeTSV)
	if err != nil {
		panic("indicator: embedded scheme: " + err.Error())
	}
	return s
}

// ParseScheme reads a scheme in TSV: id, name, indicator, rule, target,
// points, per case, note; # starts a comment. Messages are Chinese and
// name the line and column.
func ParseScheme(tsv string) ([]Item, error) {
	var out []Item
	for i, line := range strings.Split(tsv, "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 8 {
			return nil, fmt.Errorf("考核方案第%d行：应有8列（编号、项目、指标编号、规则、目标、分值、每件扣分、说明），实有%d列", i+1, len(f))
		}
		it := Item{ID: f[0], Name: f[1], Indicator: f[2], Rule: Rule(f[3]), Note: f[7], Line: i + 1}
		num := func(col, s string) (float64, error) {
			if s == "" {
				return 0, nil
			}
			n, err := strconv.ParseFloat(s, 64)
			if err != nil || n < 0 || math.IsNaN(n) || math.IsInf(n, 0) {
				return 0, fmt.Errorf("考核方案第%d行「%s」应为非负数（收到 %q）", i+1, col, s)
			}
			return n, nil
		}
		var err error
		if it.Target, err = num("目标", f[4]); err != nil {
			return nil, err
		}
		if it.Points, err = num("分值", f[5]); err != nil {
			return nil, err
		}
		if it.PerCase, err = num("每件扣分", f[6]); err != nil {
			return nil, err
		}
		if it.ID == "" || it.Name == "" || it.Points == 0 {
			return nil, fmt.Errorf("考核方案第%d行：编号、项目和分值不能为空", i+1)
		}
		switch it.Rule {
		case Proportional, Threshold:
			if it.Target == 0 || it.Indicator == "" {
				return nil, fmt.Errorf("考核方案第%d行：规则 %s 需要指标编号和大于0的目标", i+1, it.Rule)
			}
		case Deduction:
			if it.PerCase == 0 || it.Indicator == "" {
				return nil, fmt.Errorf("考核方案第%d行：规则 deduction 需要指标编号和每件扣分", i+1)
			}
		case Manual:
		default:
			return nil, fmt.Errorf("考核方案第%d行：规则应为 proportional、threshold、deduction 或 manual（收到 %q）", i+1, it.Rule)
		}
		if slices.ContainsFunc(out, func(o Item) bool { return o.ID == it.ID }) {
			return nil, fmt.Errorf("考核方案第%d行：编号 %s 重复", i+1, it.ID)
		}
		out = append(out, it)
	}
	return out, nil
}

// CheckScheme checks the indicator of every line of scheme against the
// engine: it is in the catalogue, and a line scored from the ledgers reads
// one a ledger computes (else the line is to be scored by hand). Messages
// are Chinese and name the line and the column.
func (e *Engine) CheckScheme(scheme []Item) error {
	if len(scheme) == 0 {
		return fmt.Errorf("考核方案没有任何项目：每行一项，8列（编号、项目、指标编号、规则、目标、分值、每件扣分、说明），以制表符分隔")
	}
	for _, it := range scheme {
		if it.Indicator == "" {
			continue
		}
		if _, ok := e.info[it.Indicator]; !ok {
			return fmt.Errorf("考核方案第%d行「指标编号」：指标目录中没有 %q；请改为目录中的编号（如 petition.pending），或留空并把规则改为 manual", it.Line, it.Indicator)
		}
		if it.Rule != Manual && !e.Measured(it.Indicator) {
			return fmt.Errorf("考核方案第%d行「规则」：指标 %s（%s）尚无台账计算，不能按 %s 计分；请把规则改为 manual（人工评分并附佐证）", it.Line, it.Indicator, e.info[it.Indicator].Name, it.Rule)
		}
	}
	return nil
}

// ScoreUnits scores each of units in year by scheme and ranks them.
func (res *Result) ScoreUnits(scheme []Item, units []access.Unit, year int) []Scorecard {
	cards := make([]Scorecard, 0, len(units))
	for _, u := range units {
		cards = append(cards, res.Score(scheme, u, year))
	}
	Rank(cards)
	return cards
}

// Scored are the units a 考核 of u scores: the townships directly below it
// that visible admits, or u itself when it has none (a township scores
// itself).
func Scored(all []access.Unit, u access.Unit, visible func(access.Unit) bool) []access.Unit {
	var out []access.Unit
	for _, c := range all {
		if c.ParentID == u.ID && c.Level == access.LevelTownship && visible(c) {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		out = append(out, u)
	}
	return out
}

// Line is one item scored.
type Line struct {
	Item
	Value  Value   // the value read (zero for a manual line)
	Score  float64 // points awarded
	Lost   float64
	ByHand bool // scored by hand: Score is 0 until the county enters it
}

// Scorecard is one unit's score for a year.
type Scorecard struct {
	Unit  access.Unit
	Lines []Line
	Total float64 // of the lines the ledgers measure
	Max   float64 // their points
	Rank  int
}

// Score scores unit in year by the scheme. A line naming an indicator no
// ledger computes is scored by hand.
func (res *Result) Score(scheme []Item, u access.Unit, year int) Scorecard {
	sc := Scorecard{Unit: u}
	for _, it := range scheme {
		l := Line{Item: it}
		if it.Rule == Manual || !res.e.Measured(it.Indicator) {
			l.ByHand = true
			if it.Indicator != "" {
				l.Value = res.Value(u.ID, year, it.Indicator)
			}
			sc.Lines = append(sc.Lines, l)
			continue
		}
		l.Value = res.Value(u.ID, year, it.Indicator)
		v := l.Value.Value
		switch it.Rule {
		case Proportional:
			l.Score = it.Points * math.Min(v/it.Target, 1)
		case Threshold:
			if v >= it.Target {
				l.Score = it.Points
			}
			if l.Value.Denominator != nil && *l.Value.Denominator == 0 {
				l.Score = it.Points // nothing to review: the rate is not failed
			}
		case Deduction:
			l.Score = math.Max(it.Points-v*it.PerCase, 0)
		}
		l.Score = math.Round(l.Score*100) / 100
		l.Lost = math.Round((it.Points-l.Score)*100) / 100
		sc.Total += l.Score
		sc.Max += it.Points
		sc.Lines = append(sc.Lines, l)
	}
	sc.Total = math.Round(sc.Total*100) / 100
	return sc
}

// Rank orders scorecards by total, highest first, and numbers them (equal
// totals share a rank).
func Rank(cards []Scorecard) {
	slices.SortStableFunc(cards, func(a, b Scorecard) int {
		switch {
		case a.Total > b.Total:
			return -1
		case a.Total < b.Total:
			return 1
		}
		return strings.Compare(a.Unit.Name, b.Unit.Name)
	})
	for i := range cards {
		cards[i].Rank = i + 1
		if i > 0 && cards[i].Total == cards[i-1].Total {
			cards[i].Rank = cards[i-1].Rank
		}
	}
}
