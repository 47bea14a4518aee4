package kinds_test

import (
	"errors"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func eventForm(date string) ledger.Values {
	return ledger.Values{"event_date": date, "title": "12·4国家宪法日宪法宣传进校园", "theme": "宪法宣传周（12·4）",
		"setting": "进校园", "organizer": "司法所", "place": "镇中心小学"}
}

// A planned event may be entered ahead of its date; it is recorded as held
// only from that date, with the people reached; the head confirms it.
func TestPublicityEvent_HeldOnlyFromItsDate(t *testing.T) {
	k := kinds.PublicityEvent()
	if _, errs := k.NormalizeOn(eventForm("2025-12-04"), nil, d("2025-11-20")); errs != nil {
		t.Fatalf("planned event refused: %v", errs)
	}
	if _, errs := k.NormalizeOn(eventForm("2099-12-04"), nil, d("2025-11-20")); errs["event_date"] == "" {
		t.Error("an event in 2099 accepted")
	}
	m := newMachine(t, k, 1, eventForm("2025-12-04"), nil)
	held := ledger.Values{"reached": "320", "materials": "500", "banners": "2", "consultations": "15", "summary": "开展宪法晨读和法治讲座"}
	ruleErr(t, m.try("record_held", held, "2025-12-03", clerk), "尚未开展")
	fieldErr(t, m.try("record_held", ledger.Values{"summary": "开展宪法晨读"}, "2025-12-04", clerk), "reached", "受众人数")
	m.must("record_held", held, "2025-12-04", clerk)
	if err := m.try("confirm", nil, "2025-12-05", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Fatalf("a clerk confirmed: %v", err)
	}
	m.must("confirm", nil, "2025-12-05", head)
	if m.r.State != "confirmed" || m.r.Data["reached"] != "320" {
		t.Errorf("after confirm: %s %v", m.r.State, m.r.Data)
	}
}

// 谁执法谁普法: at the year's end each item of the 普法责任清单 not completed
// says why; the counts follow the rows.
func TestPublicityDuty_ConcludeExplainsUnfinishedItems(t *testing.T) {
	rows := `[{"content":"民法典","office":"司法所","status":"已完成"},{"content":"安全生产法","office":"应急办","status":"推进中"}]`
	m := newMachine(t, kinds.PublicityDuty(), 1, ledger.Values{"year": "2025", "title": "2025年度普法责任清单", "items": rows}, nil)
	if m.r.Data["item_count"] != "2" || m.r.Data["done_count"] != "1" {
		t.Fatalf("counts %q/%q", m.r.Data["done_count"], m.r.Data["item_count"])
	}
	if err := m.try("conclude", ledger.Values{"conclude_date": "2025-12-20", "conclusion": "x"}, "2025-12-20", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Fatalf("concluded before publication: %v", err)
	}
	m.must("publish", ledger.Values{"publish_date": "2025-02-10", "publish_channel": "镇政府网站"}, "2025-02-10", clerk)
	in := ledger.Values{"conclude_date": "2025-12-20", "conclusion": "完成清单事项1项"}
	ruleErr(t, m.try("conclude", in, "2025-12-20", clerk), "第2行（安全生产法）推进中", "谁执法谁普法")
	fixed := `[{"content":"民法典","office":"司法所","status":"已完成"},{"content":"安全生产法","office":"应急办","status":"推进中","note":"企业集中培训延至次年一季度"}]`
	if _, errs := kinds.PublicityDuty().Normalize(ledger.Values{"items": fixed}, m.r); errs != nil {
		t.Fatal(errs)
	}
	m.r.Data["items"] = fixed
	m.must("conclude", in, "2025-12-20", clerk)
}
