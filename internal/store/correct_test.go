package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// A date entered wrongly on a record whose form is closed is corrected with
// a reason: the value and its clock change, the history says so with the
// reason, and the audit keeps old and new.
func testCorrectRecord(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk, inspector := f.actors["clerkA"], f.actors["inspector"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("收件日期录错的案件", "received", "2025-01-03"))
	must(t, err)
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "submit", nil)
	must(t, err)
	if _, err := e.db.UpdateRecord(ctx, clerk, k, r.ID, r.Version, ledger.Values{"received": "2025-02-03"}); err == nil {
		t.Fatal("the closed form was edited")
	}
	fix := ledger.Correction{Input: ledger.Values{"received": "2025-02-03"}, Reason: "收件登记簿载明2月3日收件"}
	_, err = e.db.CorrectRecord(ctx, inspector, k, r.ID, r.Version, fix)
	wantErr(t, err, ErrForbidden, "inspector corrects")
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, r.Version, ledger.Correction{Input: fix.Input})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || fe["reason"] == "" {
		t.Fatalf("correction without a reason: %v", err)
	}
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, r.Version+5, fix)
	wantErr(t, err, ErrConflict, "stale version")

	got, err := e.db.CorrectRecord(ctx, clerk, k, r.ID, r.Version, fix)
	must(t, err)
	if got.Data["received"] != "2025-02-03" || got.State != "review" || got.Version != r.Version+1 {
		t.Fatalf("after correction: %+v", got)
	}
	clocks, err := e.db.Clocks(ctx, clerk, r.ID)
	must(t, err)
	due, err := testCalendar{}.Add(clocks[0].Start, 60, calendar.CalendarDays)
	must(t, err)
	if len(clocks) != 1 || clocks[0].Start.String() != "2025-02-03" || clocks[0].Due != due {
		t.Fatalf("clock not recomputed from the corrected date: %+v", clocks)
	}
	hist, err := e.db.History(ctx, clerk, r.ID)
	must(t, err)
	last := hist[len(hist)-1]
	if last.Action != "correct" || !strings.Contains(last.Summary, "收件日期") || !strings.Contains(last.Summary, "收件登记簿载明2月3日收件") {
		t.Fatalf("history: %+v", last)
	}
	before, after, err := audit.ParseDiff(last.Diff)
	must(t, err)
	if before["received"] != "2025-01-03" || after["received"] != "2025-02-03" {
		t.Fatalf("audit diff old → new: %v → %v", before, after)
	}
	// The step's value is corrected too, and a wrong value keeps the record.
	got, err = e.db.Transition(ctx, f.actors["reviewerA"], k, r.ID, got.Version, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, got.Version, ledger.Correction{Event: "decide", Input: ledger.Values{"opinion": "违法"}, Reason: "x"})
	if !errors.As(err, &fe) || fe["opinion"] == "" {
		t.Fatalf("a wrong option was accepted: %v", err)
	}
	got, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, got.Version, ledger.Correction{Event: "decide", Input: ledger.Values{"opinion": "不合法"}, Reason: "意见书载明不合法"})
	must(t, err)
	if got.Data["opinion"] != "不合法" || got.State != "done" {
		t.Fatalf("step correction: %+v", got)
	}
}

// Where a kind declares an approver, a clerk's correction waits as a
// request, unchanged record; only the approver in the unit decides, once;
// an approved correction is applied and both steps are in the history.
func testCorrectionApproval(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := e.db.cfg.Kinds.Kind("matter")
	clerk, head := f.actors["clerkA"], f.actors["headA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "甲镇集镇改遭方案"})
	must(t, err)
	fix := ledger.Correction{Input: ledger.Values{"title": "甲镇集镇改造方案"}, Reason: "错别字"}
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, r.Version, fix)
	var pending *PendingError
	if !errors.As(err, &pending) {
		t.Fatalf("clerk's correction: %v, want a pending request", err)
	}
	if now, _ := e.db.Record(ctx, clerk, r.ID); now.Title != r.Title || now.Version != r.Version {
		t.Fatalf("the record changed before approval: %+v", now)
	}
	reqs, err := e.db.CorrectionRequests(ctx, head, r.ID)
	must(t, err)
	if len(reqs) != 1 || reqs[0].Status != "pending" || reqs[0].Input["title"] != "甲镇集镇改造方案" || reqs[0].RequestedBy != "clerkA" {
		t.Fatalf("requests %+v", reqs)
	}
	_, err = e.db.DecideCorrection(ctx, clerk, r.ID, pending.ID, true, "")
	wantErr(t, err, ErrForbidden, "the clerk approves her own request")
	_, err = e.db.DecideCorrection(ctx, f.actors["clerkB"], r.ID, pending.ID, true, "")
	wantErr(t, err, ErrNotFound, "township B decides")
	got, err := e.db.DecideCorrection(ctx, head, r.ID, pending.ID, true, "")
	must(t, err)
	if got.Title != "甲镇集镇改造方案" || got.Version != r.Version+1 {
		t.Fatalf("after approval: %+v", got)
	}
	if _, err := e.db.DecideCorrection(ctx, head, r.ID, pending.ID, false, "重复"); err == nil {
		t.Error("a decided request was decided again")
	}
	// The head's own correction applies at once; a rejected one changes nothing.
	got, err = e.db.CorrectRecord(ctx, head, k, r.ID, got.Version, ledger.Correction{Input: ledger.Values{"title": "甲镇集镇改造实施方案"}, Reason: "按会议纪要"})
	must(t, err)
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, got.Version, ledger.Correction{Input: ledger.Values{"title": "错误标题"}, Reason: "x"})
	if !errors.As(err, &pending) {
		t.Fatal(err)
	}
	_, err = e.db.DecideCorrection(ctx, head, r.ID, pending.ID, false, "与原始材料不符")
	must(t, err)
	if now, _ := e.db.Record(ctx, clerk, r.ID); now.Title != "甲镇集镇改造实施方案" {
		t.Fatalf("a rejected correction changed the record: %q", now.Title)
	}
	hist, err := e.db.History(ctx, head, r.ID)
	must(t, err)
	var lines []string
	for _, h := range hist {
		lines = append(lines, h.Summary)
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{"申请更正：事项名称（理由：错别字），待负责人批准", "批准更正申请（编号", "驳回更正申请"} {
		if !strings.Contains(all, want) {
			t.Errorf("history lacks %q:\n%s", want, all)
		}
	}
	// The audit still accounts for every row: requests, approvals and
	// rejections replay to the record as it is.
	if ms, err := e.db.VerifyState(ctx); err != nil || len(ms) != 0 {
		t.Errorf("audit replay after corrections: %v %v", ms, err)
	}
}
