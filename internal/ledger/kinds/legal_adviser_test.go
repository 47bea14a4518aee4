package kinds_test

import (
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func adviserForm() ledger.Values {
	return ledger.Values{"name": "刘律师", "adviser_type": kinds.AdviserVillage, "firm": "青山县正平律师事务所",
		"licence_no": "13301201810123456", "term_start": "2025-01-01", "term_end": "2025-12-31",
		"villages": ledger.EncodeRows([]ledger.Values{{"village": "东山村", "since": "2025-01-01"}, {"village": "西岭村"}, {"village": "南湖社区"}})}
}

// 一村（社区）一法律顾问: a village adviser names the villages served, as
// rows the coverage is counted from; the term's clock reminds 30 days ahead
// and ends the engagement by itself.
func TestLegalAdviser_VillagesServedAndTerm(t *testing.T) {
	k := kinds.LegalAdviser()
	m := newMachine(t, k, 1, adviserForm(), nil)
	if m.r.Data["villages_served"] != "3" {
		t.Errorf("villages served %q", m.r.Data["villages_served"])
	}
	if rows := m.r.Data.Rows("villages"); len(rows) != 3 || rows[2]["village"] != "南湖社区" {
		t.Errorf("village rows %v", rows)
	}
	c := m.clock("term")
	if c == nil || c.Due != d("2025-12-31") || c.RemindOn != d("2025-12-01") || k.DueTransitions()["term"] != "expire" {
		t.Fatalf("term clock %+v", c)
	}
	f := adviserForm()
	delete(f, "villages")
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["villages"], "服务村（社区）") {
		t.Errorf("village adviser without villages: %v", errs)
	}
	f = adviserForm()
	f["term_end"] = "2024-12-31"
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["term_end"], "应晚于「聘期起」") {
		t.Errorf("term ending before it starts: %v", errs)
	}
	ruleErr(t, m.try("dismiss", ledger.Values{"end_date": "2024-12-01", "end_reason": "不再续聘"}, "2025-06-01", clerk), "不能早于「聘期起」")
	m.must("dismiss", ledger.Values{"end_date": "2025-06-01", "end_reason": "本人申请解除"}, "2025-06-01", clerk)
	if c := m.clock("term"); m.r.State != "dismissed" || c.Status != ledger.ClockStopped {
		t.Errorf("dismissed: %s %+v", m.r.State, c)
	}
}

// An opinion records when it was given and whether it was adopted; not
// adopting it needs the reason.
func TestAdviserOpinion_AdoptionNeedsReasonWhenNotAdopted(t *testing.T) {
	form := ledger.Values{"matter": "集镇停车管理办法（草案）", "matter_type": "规范性文件", "requested_date": "2025-04-01"}
	m := newMachine(t, kinds.AdviserOpinion(), 1, form, nil)
	ruleErr(t, m.try("give_opinion", ledger.Values{"opinion_date": "2025-04-08", "opinion_text": "建议删除第八条"}, "2025-04-08", adviser), "请先在「法律顾问」中选定")
	m.r.Data["adviser_id"] = "7" // chosen on the edit form
	ruleErr(t, m.try("give_opinion", ledger.Values{"opinion_date": "2025-03-31", "opinion_text": "建议删除第八条"}, "2025-04-08", adviser), "不能早于「提请日期」")
	m.must("give_opinion", ledger.Values{"opinion_date": "2025-04-08", "opinion_text": "建议删除第八条罚款规定"}, "2025-04-08", adviser)
	ruleErr(t, m.try("record_adoption", ledger.Values{"adoption": "部分采纳"}, "2025-04-10", clerk), "写明理由")
	m.must("record_adoption", ledger.Values{"adoption": "部分采纳", "adoption_reason": "第八条已改为引用上位法"}, "2025-04-10", clerk)
	if m.r.State != "closed" {
		t.Errorf("state %s", m.r.State)
	}
	if got := kinds.AdviserOpinion().Field("subject_id").Referenced(); len(got) < 5 {
		t.Errorf("an opinion may name only %v", got)
	}
}
