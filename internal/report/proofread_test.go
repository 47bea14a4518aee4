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
	for name, in := range map[string]Input{"rich": richInput(t), "sparse": sparseInput(t), "empty": emptyInput(t)} {
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
