package kinds_test

import (
	"errors"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func contractForm() ledger.Values {
	return ledger.Values{"title": "甲镇集镇保洁服务采购合同", "category": "委托服务", "department": "党政办",
		"counterparty": "青山县洁美环境服务有限公司", "counterparty_type": "法人", "amount": "286000",
		"content": "集镇区域道路保洁、垃圾清运，服务期一年。", "draft_date": "2025-03-03", "term_end": "2026-03-31"}
}

// contractReview is a legality review of subject type typ bound to record
// subject ("" none), with opinion op given on date.
func contractReview(id int64, state, typ, subject, op, date string) *ledger.Record {
	data := ledger.Values{"subject_type": typ, "subject_title": "保洁服务采购合同", "received_date": "2025-03-05"}
	if subject != "" {
		data["subject_id"] = subject
	}
	if op != "" {
		data["opinion"], data["opinion_date"] = op, date
	}
	return &ledger.Record{ID: id, Kind: kinds.LegalityReviewKind, State: state, Data: data}
}

func contractLinks() links {
	return links{
		200: contractReview(200, kinds.ReviewOpined, kinds.SubjectContract, "1", kinds.OpinionLawful, "2025-03-12"),
		201: contractReview(201, kinds.ReviewOpined, kinds.SubjectContract, "1", kinds.OpinionLawfulRevised, "2025-03-12"),
		202: contractReview(202, kinds.ReviewOpined, kinds.SubjectContract, "1", kinds.OpinionUnlawful, "2025-03-12"),
		203: contractReview(203, "reviewing", kinds.SubjectContract, "1", "", ""),
		// Wrong but valid-looking: a passed review of another contract, of
		// no recorded contract, and a passed review of a major decision
		// that happens to be bound to the same id.
		204: contractReview(204, kinds.ReviewOpined, kinds.SubjectContract, "2", kinds.OpinionLawful, "2025-03-12"),
		205: contractReview(205, kinds.ReviewOpined, kinds.SubjectContract, "", kinds.OpinionLawful, "2025-03-12"),
		206: contractReview(206, kinds.ReviewOpined, kinds.SubjectMajorDecision, "1", kinds.OpinionLawful, "2025-03-12"),
		207: {ID: 207, Kind: kinds.MajorDecisionKind, State: "drafting", Data: ledger.Values{}},
	}
}

func signing(date string) ledger.Values {
	return ledger.Values{"sign_date": date, "signatory": "镇长 王某"}
}

// The signing gate: a contract is signed only after a legality review of
// this very contract found it lawful, dated no later than the signing.
func TestContract_SigningNeedsPassedReviewOfThisContract(t *testing.T) {
	cases := []struct {
		name   string
		review string
		sign   string
		wants  []string // nil: signed
	}{
		{"no review linked", "", "2025-03-20", []string{"合同签订前须经合法性审查", "合法性审查全覆盖"}},
		{"review not found or out of scope", "999", "2025-03-20", []string{"不存在或您无权查看"}},
		{"linked record is not a review", "207", "2025-03-20", []string{"不是合法性审查台账记录"}},
		{"passed review of a major decision", "206", "2025-03-20", []string{"审查的是“重大行政决策”，不是合同"}},
		{"passed review of another contract", "204", "2025-03-20", []string{"审查的是另一合同（编号 2）", "不是对本合同的审查", "不得签订"}},
		{"passed review naming no contract", "205", "2025-03-20", []string{"未载明所审查的合同"}},
		{"review still in progress", "203", "2025-03-20", []string{"尚未出具审查意见"}},
		{"review found it unlawful", "202", "2025-03-20", []string{"审查意见为“不合法”", "不得签订"}},
		{"signed before the opinion", "200", "2025-03-11", []string{"早于合法性审查意见的出具日期（2025年3月12日）"}},
		{"lawful, signed on the opinion day", "200", "2025-03-12", nil},
		{"lawful after revision", "201", "2025-03-20", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.Contract(), 1, contractForm(), contractLinks())
			m.must("submit_review", ledger.Values{"review_submitted": "2025-03-05"}, "2025-03-05", clerk)
			if c.review != "" {
				m.r.Data["review_id"] = c.review // linked on the edit form
			}
			err := m.try("sign", signing(c.sign), "2025-03-25", clerk)
			if c.wants == nil {
				if err != nil || m.r.State != "signed" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.wants...)
			if m.r.State != "reviewing" || m.r.Data["sign_date"] != "" {
				t.Errorf("refusal changed the record: %s %v", m.r.State, m.r.Data["sign_date"])
			}
		})
	}
}

// The amount from which a contract needs review is a local setting; 0 (the
// default) means every contract.
func TestContract_ReviewThresholdIsALocalSetting(t *testing.T) {
	set := ledger.SettingValues{kinds.SettingContractReviewMinAmount: "300000"}
	m := newMachine(t, kinds.Contract(), 1, contractForm(), contractLinks())
	m.set = set
	m.must("sign", signing("2025-03-20"), "2025-03-25", clerk) // 286,000 < 300,000
	f := contractForm()
	f["amount"] = "300000"
	m = newMachine(t, kinds.Contract(), 1, f, contractLinks())
	m.set = set
	ruleErr(t, m.try("sign", signing("2025-03-20"), "2025-03-25", clerk), "须经合法性审查")
	m = newMachine(t, kinds.Contract(), 1, contractForm(), contractLinks())
	ruleErr(t, m.try("sign", signing("2025-03-20"), "2025-03-25", clerk), "须经合法性审查")
}

// The workflow table: what is open in each state, and steps out of order
// refused.
func TestContract_WorkflowTable(t *testing.T) {
	k := kinds.Contract()
	open := func(state string) string {
		var out []string
		for _, tr := range k.Available(&ledger.Record{State: state}, clerk) {
			out = append(out, tr.Event)
		}
		return strings.Join(out, ",")
	}
	for state, want := range map[string]string{
		"drafting":  "submit_review,sign,abandon",
		"reviewing": "revise,sign,abandon",
		"signed":    "change,dispute,perform,terminate",
		"disputed":  "settle,terminate",
	} {
		if got := open(state); got != want {
			t.Errorf("open in %s: %s, want %s", state, got, want)
		}
	}
	m := newMachine(t, kinds.Contract(), 1, contractForm(), contractLinks())
	for _, ev := range []string{"perform", "change", "dispute", "settle", "terminate"} {
		if err := m.try(ev, nil, "2025-03-25", clerk); !errors.Is(err, ledger.ErrNoTransition) {
			t.Errorf("%s before signing: %v", ev, err)
		}
	}
	if err := m.try("sign", signing("2025-03-20"), "2025-03-25", review); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a reviewer signed: %v", err)
	}
}

// After signing, the performance clock runs to 履行期限至 and reminds 30
// days ahead; a dispute goes to litigation and back; a change is dated
// after the signing.
func TestContract_PerformanceClockAndDispute(t *testing.T) {
	m := newMachine(t, kinds.Contract(), 1, contractForm(), contractLinks())
	m.r.Data["review_id"] = "200"
	m.must("sign", signing("2025-03-20"), "2025-03-25", clerk)
	c := m.clock("performance")
	if c == nil || c.Due != d("2026-03-31") || c.RemindOn != d("2026-03-01") {
		t.Fatalf("performance clock %+v", c)
	}
	ruleErr(t, m.try("change", ledger.Values{"change_date": "2025-03-19", "change_content": "增加保洁面积"}, "2025-04-01", clerk), "不能早于「签订日期」")
	m.must("change", ledger.Values{"change_date": "2025-04-01", "change_content": "增加保洁面积"}, "2025-04-01", clerk)
	m.must("dispute", ledger.Values{"dispute_date": "2025-06-03", "dispute_way": "诉讼", "dispute_summary": "对方未按约履行"}, "2025-06-03", clerk)
	m.must("settle", ledger.Values{"settle_date": "2025-07-15", "settle_result": "调解结案，继续履行"}, "2025-07-15", clerk)
	m.must("perform", ledger.Values{"perform_date": "2026-03-31"}, "2026-04-02", clerk)
	if c := m.clock("performance"); m.r.State != "performed" || c.Status != ledger.ClockStopped {
		t.Fatalf("performed: %s %+v", m.r.State, c)
	}
}

// A natural person as counterparty gives a name (personal data); an
// organisation gives none; every personal field is encrypted, masked and
// out of search.
func TestContract_CounterpartyPersonalData(t *testing.T) {
	k := kinds.Contract()
	f := contractForm()
	f["counterparty_type"] = "自然人"
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["person_name"], "请填写「自然人相对方姓名」") {
		t.Errorf("natural person without a name: %v", errs)
	}
	f = contractForm()
	f["person_id"] = "11010519491231002X"
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["person_id"], "不填「自然人相对方身份证号」") {
		t.Errorf("organisation with an ID number: %v", errs)
	}
	for _, n := range []string{"person_name", "person_id", "person_phone"} {
		if fd := k.Field(n); fd.Type != ledger.TypePersonal || fd.Search {
			t.Errorf("%s is not protected personal data", n)
		}
	}
	if k.Field("review_id").Bind.Match["subject_type"] != kinds.SubjectContract {
		t.Error("the contract's review is not bound as a contract review")
	}
}
