package demo_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// Once the next year's holidays are loaded (fazhi serve --holidays …), the
// due dates left pending are filled in at start, without anyone editing the
// records, and the fill is in the audit log.
func TestFillPendingDues_AfterTheNextYearIsLoaded(t *testing.T) {
	e, err := seededAt(t, time.Date(2026, 12, 30, 2, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clerk := e.actor(t, "yunxi.clerk")
	k := e.reg.Kind(kinds.LegalityReviewKind)
	r, err := e.db.CreateRecord(ctx, clerk, k, clerk.UnitID, ledger.Values{"subject_type": "合同", "subject_title": "云溪镇绿化养护合同",
		"department": "党政办公室", "reviewer_type": "审核专班", "reviewer_name": "林一帆", "received_date": "2026-12-28", "review_limit_days": "7"})
	if err != nil {
		t.Fatal(err)
	}
	if n, err := e.db.FillPendingDues(ctx); err != nil || n != 0 {
		t.Fatalf("before 2027 is known: filled %d, %v; want 0", n, err)
	}
	if err := e.cal.Load(strings.NewReader("year\t2027\t测试日历\n2027-01-01\t元旦\t1\n")); err != nil {
		t.Fatal(err)
	}
	n, err := e.db.FillPendingDues(ctx)
	if err != nil || n < 1 {
		t.Fatalf("after loading 2027: filled %d, %v; want at least this record", n, err)
	}
	cs, err := e.db.Clocks(ctx, clerk, r.ID)
	if err != nil || len(cs) != 1 {
		t.Fatalf("clocks: %+v %v", cs, err)
	}
	// 7 working days after 28 Dec: 29–31 Dec, (元旦 off) 4–7 Jan.
	if cs[0].DueUnknown() || cs[0].Due != d(t, "2027-01-07") {
		t.Errorf("due = %s, want 2027-01-07", cs[0].Due)
	}
	if n, err := e.db.FillPendingDues(ctx); err != nil || n != 0 {
		t.Errorf("second run filled %d, %v; want nothing left", n, err)
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Errorf("audit chain after filling: %+v %v", brk, err)
	}
}
