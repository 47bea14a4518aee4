package kinds_test

import (
	"errors"
	"testing"

	"fazhi/internal/access"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func petitionForm() ledger.Values {
	return ledger.Values{"received_date": "2025-03-03", "channel": "来访", "source": "本级受理", "category": "申诉求决",
		"matter": "反映村道硬化工程质量问题", "content": "要求返工维修", "petitioner_name": "李四",
		"petitioner_id": "11010519491231002X", "petitioner_phone": "13800138000", "handling_unit": "镇村建办",
		"visitors": "8", "representatives": "3"}
}

// 《信访工作条例》: registered and accepted within 15 days, the petitioner
// told in writing within 15 days, answered within 60 days of acceptance,
// review and recheck requested within 30 days of each answer.
func TestPetition_DeadlinesAndOrder(t *testing.T) {
	m := newMachine(t, kinds.Petition(), 1, petitionForm(), nil)
	if c := m.clock("register_limit"); c == nil || c.Due != d("2025-03-18") {
		t.Fatalf("register clock %+v, want due 18 March (15 days)", c)
	}
	if c := m.clock("notify_limit"); c == nil || c.Due != d("2025-03-18") {
		t.Fatalf("notify clock %+v", c)
	}
	m.must("accept", ledger.Values{"accept_date": "2025-03-10"}, "2025-03-10", clerk)
	if c := m.clock("register_limit"); c.Status != ledger.ClockStopped || c.StoppedOn != d("2025-03-10") {
		t.Errorf("register clock not stopped on the acceptance date: %+v", c)
	}
	if c := m.clock("handle_limit"); c == nil || c.Start != d("2025-03-10") || c.Due != d("2025-05-09") {
		t.Fatalf("handling clock %+v, want 60 days from 10 March", c)
	}
	in := ledger.Values{"reply_date": "2025-04-20", "reply_outcome": "部分支持", "reply_opinion": "责成施工方返工"}
	ruleErr(t, m.try("reply", in, "2025-04-20", clerk), "书面告知信访人", "第二十三条")
	m.must("notify", ledger.Values{"notify_date": "2025-03-12", "notify_way": "书面告知书"}, "2025-03-12", clerk)
	m.must("reply", in, "2025-04-20", clerk)
	if c := m.clock("handle_limit"); c.Status != ledger.ClockStopped || c.StoppedOn != d("2025-04-20") {
		t.Errorf("handling clock: %+v", c)
	}
	ruleErr(t, m.try("request_review", ledger.Values{"review_request_date": "2025-05-21"}, "2025-05-21", clerk), "30日内请求复查", "第三十五条")
	m.must("request_review", ledger.Values{"review_request_date": "2025-05-20"}, "2025-05-20", clerk)
	if c := m.clock("review_limit"); c == nil || c.Due != d("2025-06-19") {
		t.Fatalf("review clock %+v", c)
	}
	m.must("review_decide", ledger.Values{"review_date": "2025-06-10", "review_result": "维持原处理意见"}, "2025-06-10", clerk)
	m.must("close", ledger.Values{"satisfaction": "基本满意", "close_date": "2025-06-12"}, "2025-06-12", clerk)
	if m.r.State != "closed" {
		t.Fatalf("state %s", m.r.State)
	}
}

// A group visit elects at most 5 representatives (第二十条); representatives
// are recorded only for visits.
func TestPetition_GroupVisitRepresentatives(t *testing.T) {
	k := kinds.Petition()
	f := petitionForm()
	f["representatives"] = "6"
	if _, errs := k.NormalizeOn(f, nil, calendar.Date{Year: 2025, Month: 3, Day: 3}); errs["representatives"] == "" {
		t.Error("6 representatives accepted")
	}
	f = petitionForm()
	f["channel"] = "来信"
	if _, errs := k.NormalizeOn(f, nil, calendar.Date{Year: 2025, Month: 3, Day: 3}); errs["representatives"] == "" {
		t.Error("representatives accepted for a letter")
	}
}

// A petition out of the township's remit is routed; one that must go
// through litigation or reconsideration is refused with the reason; both
// end the register clock on their own date.
func TestPetition_RoutedOrRefused(t *testing.T) {
	m := newMachine(t, kinds.Petition(), 1, petitionForm(), nil)
	m.must("route", ledger.Values{"route_date": "2025-03-05", "route_to": "县交通运输局"}, "2025-03-05", clerk)
	if c := m.clock("register_limit"); m.r.State != "routed" || c.StoppedOn != d("2025-03-05") {
		t.Errorf("routed: %s %+v", m.r.State, c)
	}
	m = newMachine(t, kinds.Petition(), 2, petitionForm(), nil)
	fieldErr(t, m.try("reject", ledger.Values{"reject_date": "2025-03-05"}, "2025-03-05", clerk), "reject_reason", "不予受理的理由")
	m.must("reject", ledger.Values{"reject_date": "2025-03-05", "reject_reason": "已进入行政复议程序"}, "2025-03-05", clerk)
	if m.r.State != "rejected" {
		t.Errorf("state %s", m.r.State)
	}
}

// The 60-day handling period may be extended by at most 30 days, with the
// head's approval (第三十四条); the registration period not at all.
func TestPetition_ExtensionCappedAndApprovedByTheHead(t *testing.T) {
	k := kinds.Petition()
	m := newMachine(t, k, 1, petitionForm(), nil)
	m.must("accept", ledger.Values{"accept_date": "2025-03-10"}, "2025-03-10", clerk)
	c := *m.clock("handle_limit")
	ext := func(days int, who []access.Role) (ledger.Clock, error) {
		return k.AdjustClock(c, ledger.ClockAdjustment{Action: "extend", Days: days, On: d("2025-05-01"),
			Reason: "情况复杂", Basis: "经镇长批准"}, cal, who)
	}
	if _, err := ext(10, clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk extended: %v", err)
	}
	if _, err := ext(31, head); err == nil {
		t.Error("extended by 31 days")
	}
	got, err := ext(30, head)
	if err != nil {
		t.Fatalf("head's 30-day extension refused: %v", err)
	}
	// 90 days from 10 March is Sunday 8 June: the last day moves to Monday.
	if got.Due != d("2025-06-09") {
		t.Errorf("due after extension %s, want 9 June (90 days, the rest day moved)", got.Due)
	}
	if _, err := k.AdjustClock(*m.clock("notify_limit"), ledger.ClockAdjustment{Action: "extend", Days: 5, On: d("2025-03-12"),
		Reason: "x", Basis: "y"}, cal, head); err == nil {
		t.Error("the written-notice period was extended")
	}
}
