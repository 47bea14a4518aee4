package kinds_test

import (
	"errors"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func suggestionForm(assigned string) ledger.Values {
	return ledger.Values{"source": "人大代表建议", "number": "第12号", "title": "关于硬化东山村至西岭村道路的建议",
		"proposer": "王某某等5名代表", "session": "镇第十八届人民代表大会第三次会议", "received_date": "2025-06-20",
		"assigned_date": assigned, "department": "村镇建设办"}
}

// 代表法第五十一条: reply within three months of assignment — from 1 July
// 2025 to 1 October, a holiday, so the last day is 9 October — six months
// for a complex matter, and the months are the unit's settings.
func TestSuggestion_Article51_ThreeMonthsOrSixIfComplex(t *testing.T) {
	k := kinds.Suggestion()
	m := newMachine(t, k, 1, suggestionForm("2025-07-01"), nil)
	if c := m.clock("reply_limit"); c == nil || c.Due != d("2025-10-09") || c.Months != 3 {
		t.Fatalf("reply clock %+v, want due 2025-10-09 (1 October is National Day)", c)
	}
	if m.clock("reply_limit_complex") != nil {
		t.Fatal("a plain suggestion has the complex clock")
	}

	// Declared complex on the form: the six-month clock replaces it.
	form := suggestionForm("2025-07-01")
	form["complex"] = "是"
	if _, errs := k.Normalize(form, nil); errs["complex_reason"] == "" {
		t.Fatalf("complex without a reason: %v", errs)
	}
	form["complex_reason"] = "涉及两村土地调整和县级资金，需列入下年度计划"
	data, errs := k.Normalize(form, m.r)
	if errs != nil {
		t.Fatal(errs)
	}
	m.r.Data = data
	clocks, err := k.ReconcileClocks(m.r, m.clocks, cal)
	if err != nil {
		t.Fatal(err)
	}
	m.clocks = clocks
	if m.clock("reply_limit") != nil {
		t.Error("the three-month clock still runs on a complex suggestion")
	}
	if c := m.clock("reply_limit_complex"); c == nil || c.Due != d("2026-01-04") || c.Months != 6 {
		// 1 July + 6 months = 1 January 2026, New Year's Day; 2–3 January
		// are rest days too (the 2026 arrangement), so 4 January.
		t.Errorf("complex clock %+v", c)
	}

	// A county whose rule says two months.
	set := ledger.SettingValues{kinds.SettingSuggestionMonths: "2"}
	data, _ = k.Normalize(suggestionForm("2025-07-01"), nil)
	cs, err := k.StartClocksIn(&ledger.Record{Kind: k.Name, Data: data}, cal, set)
	if err != nil || len(cs) != 1 || cs[0].Due != d("2025-09-01") || cs[0].Setting != kinds.SettingSuggestionMonths {
		t.Errorf("two-month clock %+v, %v; want due 2025-09-01", cs, err)
	}
}

func TestSuggestion_ReplyEvaluateRehandlePublish(t *testing.T) {
	m := newMachine(t, kinds.Suggestion(), 1, suggestionForm("2025-07-01"), nil)
	reply := ledger.Values{"reply_date": "2025-06-30", "result": "列入计划逐步解决", "reply_text": "已列入2026年村道建设计划"}
	ruleErr(t, m.try("reply", reply, "2025-09-10", clerk), "不能早于「交办日期」")
	reply["reply_date"] = "2025-09-10"
	m.must("reply", reply, "2025-09-10", clerk)
	if c := m.clock("reply_limit"); c.Status != ledger.ClockStopped || c.Late() {
		t.Errorf("replied in time: %+v", c)
	}
	if err := m.try("publish", ledger.Values{"publish_date": "2025-09-20", "publish_channel": "镇政府网站"}, "2025-09-20", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("published before the proposer was asked: %v", err)
	}
	m.must("evaluate", ledger.Values{"satisfaction": "不满意", "evaluate_date": "2025-09-15"}, "2025-09-15", clerk)
	m.must("rehandle", ledger.Values{"rehandle_reason": "代表要求明确开工时间"}, "2025-09-16", clerk)
	reply["reply_date"], reply["reply_text"] = "2025-09-30", "已明确2026年3月开工"
	m.must("reply", reply, "2025-09-30", clerk)
	m.must("evaluate", ledger.Values{"satisfaction": "基本满意", "evaluate_date": "2025-10-10"}, "2025-10-10", clerk)
	ruleErr(t, m.try("rehandle", ledger.Values{"rehandle_reason": "x"}, "2025-10-11", clerk), "无需再次办理")
	ruleErr(t, m.try("publish", ledger.Values{"publish_date": "2025-09-01", "publish_channel": "镇政府网站"}, "2025-10-20", clerk), "不能早于「答复日期」")
	m.must("publish", ledger.Values{"publish_date": "2025-10-20", "publish_channel": "镇政府网站"}, "2025-10-20", clerk)
	if m.r.State != "published" {
		t.Fatalf("state %s", m.r.State)
	}
	if f := m.k.Field("proposer"); f.Type == ledger.TypePersonal {
		t.Error("a deputy is named as personal data")
	}
}
