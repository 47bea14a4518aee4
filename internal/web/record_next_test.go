package web

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// The record page's sentence says who acts next and by when, from the
// declaration: a legality review under way waits for the reviewer's
// opinion within the statutory time.
func TestNextStep_SaysWhoActsNextAndByWhen(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	k := reg.Kind(kinds.LegalityReviewKind)
	today := calendar.Date{Year: 2025, Month: 3, Day: 3}
	rec := &ledger.Record{Kind: k.Name, State: "reviewing"}
	clock := ledger.Clock{Period: "review_limit", Type: ledger.Deadline, Status: ledger.ClockRunning,
		Start: calendar.Date{Year: 2025, Month: 3, Day: 1}, Due: calendar.Date{Year: 2025, Month: 3, Day: 14}}
	got, mine := nextStep(k, rec, []ledger.Clock{clock}, []access.Role{access.RoleClerk}, today)
	// The review's reviewers are its 审核员 or 法律顾问.
	if !strings.HasPrefix(got, "待审核员") || !strings.HasSuffix(got, "出具审查意见，法定期限至2025年3月14日。") || mine {
		t.Errorf("the clerk reads %q (mine %v)", got, mine)
	}
	got, mine = nextStep(k, rec, []ledger.Clock{clock}, []access.Role{access.RoleReviewer}, today.AddDays(14))
	if !mine || !strings.Contains(got, "您可在下方办理") || !strings.Contains(got, "已逾期3日") {
		t.Errorf("the reviewer, past due, reads %q (mine %v)", got, mine)
	}
	clock.Due = calendar.Date{}
	if got, _ = nextStep(k, rec, []ledger.Clock{clock}, nil, today); !strings.Contains(got, "届满日待定") {
		t.Errorf("an unknown due date reads %q", got)
	}
	rec.State = kinds.ReviewOpined
	if got, _ = nextStep(k, rec, nil, nil, today); !strings.Contains(got, "最终状态「已出具意见」") {
		t.Errorf("a final record reads %q", got)
	}

	// A major decision under legality review waits for the head's
	// collective decision, not for 修改草案后重新论证.
	md := reg.Kind(kinds.MajorDecisionKind)
	if got, _ = nextStep(md, &ledger.Record{State: "reviewing"}, nil, nil, today); got != "待负责人集体讨论决定。" {
		t.Errorf("major decision under review reads %q", got)
	}
}

// Every state of every kind has a sentence, in Chinese, ending in 。.
func TestNextStep_EveryStateOfEveryKind(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	latin := regexp.MustCompile(`[A-Za-z_]{2,}`)
	today := calendar.Date{Year: 2025, Month: 3, Day: 3}
	for _, k := range reg.Kinds() {
		for _, st := range k.Workflow.States {
			got, _ := nextStep(k, &ledger.Record{Kind: k.Name, State: st.Name}, nil, access.AllRoles, today)
			if !strings.HasSuffix(got, "。") || latin.MatchString(got) || strings.Contains(got, "待。") {
				t.Errorf("%s in %s reads %q", k.Label, st.Label, got)
			}
			for _, t0 := range k.Workflow.Transitions {
				if n := doneNotice(k, &ledger.Record{State: st.Name}, url.Values{"done": {t0.Event}}); latin.MatchString(n) || n == "" {
					t.Errorf("notice after %s reads %q", t0.Label, n)
				}
			}
		}
	}
	if n := doneNotice(reg.Kinds()[0], &ledger.Record{}, url.Values{"done": {"请转账到某账户"}}); n != "" {
		t.Errorf("a notice from URL text: %q", n)
	}
}
