package report

import (
	"context"
	"strconv"
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
