package report

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/proofread"
)

// TestDraft_PassesProofreading: a draft's plain text, run through the 审校
// engine as `fazhi check` runs it, has no error-severity finding — rich,
// sparse and empty years alike, issued or not.
func TestDraft_PassesProofreading(t *testing.T) {
	inputs := map[string]Input{"rich": richInput(t), "sparse": sparseInput(t), "empty": emptyInput(t)}
	// Every wording the variants give: the rich year of twenty townships.
	for _, town := range []string{"青龙镇", "白马镇", "桃源镇", "东湖街道", "西山乡", "南坪镇", "北岭镇", "柳溪镇", "枫林镇", "金竹乡",
		"银河镇", "红岩镇", "石门镇", "龙潭镇", "凤凰镇", "梅花乡", "太平镇", "长乐镇", "安宁镇", "永和镇"} {
		in := richInput(t)
		in.Unit = town
		inputs[town] = in
	}
	for name, in := range inputs {
		for _, date := range []string{"", strconv.Itoa(in.Year+1) + "-01-20"} {
			d := Draft(in)
			d.Date = date
			c, err := proofread.NewChecker(proofread.Config{Year: in.Year, Today: strconv.Itoa(in.Year+1) + "-02-01"})
			if err != nil {
				t.Fatal(err)
			}
			res, err := c.Check(context.Background(), "draft.txt", []byte(PlainText(d)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range res.Findings {
				if f.Severity == proofread.Error {
					t.Errorf("%s (date %q): line %d %s: %s «%s»", name, date, f.Line, f.Rule, f.Message, f.Excerpt)
				} else {
					t.Logf("%s: %s %s: %s «%s»", name, f.Severity, f.Rule, f.Message, f.Excerpt)
				}
			}
			for _, p := range res.Parts {
				if !p.Found {
					t.Errorf("%s: 审校 does not find part %s", name, p.Part)
				}
			}
		}
	}
}

// TestDraft_EveryLinePassesProofreading: a year in which every figure the
// kinds place in the report is non-zero (parts no larger than their
// wholes) drafts to a text 审校 finds no error in — every phrase declared
// beside an indicator is checked, those of kinds added later too.
func TestDraft_EveryLinePassesProofreading(t *testing.T) {
	e := engine(t)
	// Each figure of a section is about half the one before it, so any
	// "其中" parts stay within the total they follow.
	set := map[string]float64{}
	bySection := map[string][]string{}
	for id, l := range LinesOf(e) {
		bySection[l.Section] = append(bySection[l.Section], id)
	}
	for _, ids := range bySection {
		slices.SortFunc(ids, func(a, b string) int { return cmp.Or(LinesOf(e)[a].Order-LinesOf(e)[b].Order, strings.Compare(a, b)) })
		for i, id := range ids {
			set[id] = float64(max(1, 4000>>i))
		}
	}
	// A rate's numerator is at most its denominator.
	for _, c := range e.Catalogue() {
		if d, ok := e.Def(c.ID); ok && d.Num != "" && set[d.Num] > set[d.Den] {
			set[d.Num] = set[d.Den] - 1
		}
	}
	in := richInput(t)
	in.Values, in.LastYear = values(e, set), nil
	d := Draft(in)
	lines := 0
	for _, s := range d.Sections {
		lines += len(s.Figures)
	}
	if placed := len(LinesOf(e)); lines < placed/2 {
		t.Errorf("the draft traces %d figures of the %d the kinds place in the report", lines, placed)
	}
	c, err := proofread.NewChecker(proofread.Config{Year: in.Year, Today: strconv.Itoa(in.Year+1) + "-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), "draft.txt", []byte(PlainText(d)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == proofread.Error {
			t.Errorf("line %d %s: %s «%s»", f.Line, f.Rule, f.Message, f.Excerpt)
		}
	}
}
