package web

import (
	"context"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Figures are kept between writes and current after every one: a second
// read without a write reads no record, nor does a unit's other reader
// (another scope: the units' parts are shared, each reader's scope
// decides which units are summed); after a new record and after a
// correction (更正) that moves a record out of the year, the figures are
// as the records now stand, and only the written unit's parts are read.
func TestIndicators_CurrentAfterEveryWrite(t *testing.T) {
	e := indicatorEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	a := e.units["A"]
	api := e.api("inspector")
	if v := apiValue(t, api, a.ID, 2025, "legality_review.received"); v != 3 {
		t.Fatalf("received %v, want 3", v)
	}
	before := e.st.reads.Load()
	if v := apiValue(t, api, a.ID, 2025, "legality_review.received"); v != 3 || e.st.reads.Load() != before {
		t.Errorf("a second read without a write: %v, %d record reads", v, e.st.reads.Load()-before)
	}
	if v := apiValue(t, e.api("clerkA"), a.ID, 2025, "legality_review.received"); v != 3 || e.st.reads.Load() != before {
		t.Errorf("another scope's read: %v, %d record reads", v, e.st.reads.Load()-before)
	}
	k := e.srv.kinds.Kind("legality_review")
	r, err := e.db.CreateRecord(ctx, sys, k, a.ID, ledger.Values{"subject_type": "合同", "subject_title": "第六号合同审查",
		"department": "党政办", "reviewer_type": "法律顾问", "reviewer_name": "王律师", "received_date": "2025-02-10"})
	if err != nil {
		t.Fatal(err)
	}
	before = e.st.reads.Load()
	if v := apiValue(t, api, a.ID, 2025, "legality_review.received"); v != 4 || e.st.reads.Load() != before+1 {
		t.Errorf("after a new record: %v (want 4), %d record reads (want 1: A's legality reviews)", v, e.st.reads.Load()-before)
	}
	if _, err := e.db.CorrectRecord(ctx, sys, k, r.ID, r.Version, ledger.Correction{Input: ledger.Values{"received_date": "2024-12-30"},
		Reason: "收件日期登记有误，按收文登记簿更正"}); err != nil {
		t.Fatal(err)
	}
	if v, w := apiValue(t, api, a.ID, 2025, "legality_review.received"), apiValue(t, api, a.ID, 2024, "legality_review.received"); v != 3 || w != 1 {
		t.Errorf("after the correction: 2025 %v (want 3), 2024 %v (want 1)", v, w)
	}
}
