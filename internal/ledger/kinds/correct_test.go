package kinds_test

import (
	"context"
	"errors"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// A comment start typed as 3 June instead of 3 March leaves the decision
// unable to finish its 30-day comment period; 更正 fixes the date with a
// reason, the clock follows, and the step can be taken.
func TestMajorDecision_WrongCommentStartCorrected(t *testing.T) {
	m := newMachine(t, kinds.MajorDecision(), 1, decisionForm(), testLinks())
	m.must("start_comment", ledger.Values{"comment_start": "2024-06-03", "comment_channel": "县政府网站"}, "2024-06-03", clerk)
	err := m.try("finish_comment", ledger.Values{"comment_end": "2024-06-20", "comment_summary": "无意见"}, "2024-06-20", clerk)
	ruleErr(t, err, "第十五条")

	correct := func(c ledger.Correction, today string) (*ledger.Outcome, error) {
		g := &ledger.GuardContext{Ctx: context.Background(), Record: m.r, Event: c.Event, Today: d(today), Calendar: m.cal, Links: m.links, Clocks: m.clocks}
		return m.k.Correct(g, clerk, c)
	}
	fix := ledger.Correction{Event: "start_comment", Input: ledger.Values{"comment_start": "2024-03-03"}, Reason: "原录入月份有误，以公告为准"}

	// The reason is required; the step must have been taken; a date is
	// still checked; a reference is not corrected this way.
	noReason := fix
	noReason.Reason = " "
	if _, err := correct(noReason, "2024-06-20"); !hasField(err, "reason") {
		t.Errorf("correction without a reason: %v", err)
	}
	if _, err := correct(ledger.Correction{Event: "decide", Input: ledger.Values{"meeting_date": "2024-06-01"}, Reason: "x"}, "2024-06-20"); err == nil {
		t.Error("corrected a step not taken")
	}
	if _, err := correct(ledger.Correction{Event: "start_comment", Input: ledger.Values{"comment_start": "2099-03-03"}, Reason: "x"}, "2024-06-20"); !hasField(err, "comment_start") {
		t.Errorf("corrected to 2099: %v", err)
	}
	if _, err := correct(ledger.Correction{Input: ledger.Values{"review_id": "100"}, Reason: "x"}, "2024-06-20"); !hasField(err, "review_id") {
		t.Errorf("corrected a reference: %v", err)
	}
	// An inspector may not correct.
	g := &ledger.GuardContext{Ctx: context.Background(), Record: m.r, Today: d("2024-06-20"), Calendar: m.cal, Clocks: m.clocks}
	if _, err := m.k.Correct(g, nil, fix); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("correction without a role: %v", err)
	}

	out, err := correct(fix, "2024-06-20")
	if err != nil {
		t.Fatalf("correction refused: %v", err)
	}
	if out.To != "consulting" || out.Data["comment_start"] != "2024-03-03" || m.r.Data["comment_start"] != "2024-06-03" {
		t.Fatalf("outcome %+v (record must not change until stored)", out)
	}
	if c := out.Clocks[0]; c.Start != d("2024-03-03") || c.Due != d("2024-04-02") {
		t.Errorf("clock not recomputed from the corrected start: %+v", c)
	}
	m.r.Data, m.clocks = out.Data, out.Clocks
	m.must("finish_comment", ledger.Values{"comment_end": "2024-06-20", "comment_summary": "无意见"}, "2024-06-20", clerk)

	// A correction that would break the step's own rule is refused: the
	// comment period cannot be corrected to end after 10 days.
	_, err = correct(ledger.Correction{Event: "finish_comment", Input: ledger.Values{"comment_end": "2024-03-13"}, Reason: "x"}, "2024-06-21")
	ruleErr(t, err, "第十五条")
	// The stopped clock follows a corrected end.
	out, err = correct(ledger.Correction{Event: "finish_comment", Input: ledger.Values{"comment_end": "2024-04-10"}, Reason: "截止日期录入有误"}, "2024-06-21")
	if err != nil {
		t.Fatal(err)
	}
	if c := out.Clocks[0]; c.Status != ledger.ClockStopped || c.StoppedOn != d("2024-04-10") {
		t.Errorf("stopped clock not moved to the corrected end: %+v", c)
	}
}

func hasField(err error, field string) bool {
	var fe ledger.FieldErrors
	return errors.As(err, &fe) && fe[field] != ""
}
