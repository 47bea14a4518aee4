package kinds_test

import (
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// The review time limit is a local rule: a unit's setting starts the clock
// for every review, a record's own limit overrides it, 0 (the default)
// counts none, and an extension is capped.
func TestLegalityReview_ReviewLimitFromLocalSetting(t *testing.T) {
	k := kinds.LegalityReview()
	if _, err := kinds.Registry(); err != nil {
		t.Fatal(err)
	}
	data := ledger.Values{"subject_type": "合同", "subject_title": "采购合同", "department": "党政办",
		"reviewer_type": "法律顾问", "reviewer_name": "王律师", "received_date": "2025-03-03"}
	r := &ledger.Record{ID: 1, Kind: k.Name, State: "received", Data: data}
	limit := func(set ledger.SettingValues) *ledger.Clock {
		cs, err := k.StartClocksIn(r, cal, set)
		if err != nil {
			t.Fatal(err)
		}
		for i := range cs {
			if cs[i].Period == "review_limit" {
				return &cs[i]
			}
		}
		return nil
	}
	if c := limit(nil); c != nil {
		t.Fatalf("default setting 0 started a limit: %+v", c)
	}
	c := limit(ledger.SettingValues{kinds.SettingReviewLimitDays: "10"})
	if c == nil || c.Days != 10 || c.Setting != kinds.SettingReviewLimitDays || c.Due != (calendar.Date{Year: 2025, Month: 3, Day: 17}) {
		t.Fatalf("setting 10: %+v", c)
	}
	data["review_limit_days"] = "5"
	if c := limit(ledger.SettingValues{kinds.SettingReviewLimitDays: "10"}); c == nil || c.Days != 5 {
		t.Fatalf("record's own limit: %+v", c)
	}
	ext := ledger.ClockAdjustment{Action: "extend", Days: 31, On: c.Start, Reason: "材料复杂", Basis: "本地规则"}
	if _, err := k.AdjustClock(*c, ext, cal, []access.Role{access.RoleHead}); err == nil {
		t.Fatal("extension past the 30-day cap accepted")
	}
}
