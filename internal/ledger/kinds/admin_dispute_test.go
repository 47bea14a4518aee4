package kinds_test

import (
	"errors"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func disputeForm(proceeding, received string) ledger.Values {
	return ledger.Values{"proceeding": proceeding, "case_no": "（2025）青行初12号", "body": "青山县人民法院",
		"act": "青综执罚决〔2025〕12号行政处罚决定", "act_type": "行政处罚", "applicant_type": "自然人",
		"applicant_name": "陈某某", "applicant_id": "11010519491231002X", "received_date": received}
}

func replyIn(date string) ledger.Values {
	return ledger.Values{"reply_date": date, "evidence_submitted": "是", "reply_summary": "事实清楚、程序合法"}
}

// 行政复议法第四十八条: the respondent answers within 10 working days of
// receiving the copy (十日 are working days, 第八十八条), across National
// Day and its make-up Saturday; 5 under the simplified procedure.
func TestAdminDispute_ReconsiderationReplyWithinTenWorkingDays(t *testing.T) {
	m := newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingReconsideration, "2025-09-30"), nil)
	c := m.clock("reply_limit")
	// 9, 10, 11 (make-up Saturday), 13–17, 20, 21 October.
	if c == nil || c.Due != d("2025-10-21") || c.Counting != "working" || !strings.Contains(m.k.Period("reply_limit").Basis, "第四十八条") {
		t.Fatalf("reply clock %+v", c)
	}
	if m.clock("defence_limit") != nil || m.clock("reply_limit_simple") != nil {
		t.Error("a reconsideration runs other clocks")
	}
	m.must("reply", replyIn("2025-10-22"), "2025-10-22", clerk)
	if c := m.clock("reply_limit"); c.Status != ledger.ClockStopped || c.StoppedOn != d("2025-10-22") {
		t.Errorf("reply clock after a late reply: %+v", c)
	}
	f := disputeForm(kinds.ProceedingReconsideration, "2025-09-30")
	f["simplified"] = "是"
	m = newMachine(t, kinds.AdminDispute(), 2, f, nil)
	if c := m.clock("reply_limit_simple"); c == nil || c.Due != d("2025-10-14") || m.clock("reply_limit") != nil {
		t.Fatalf("simplified reply clock %+v", c)
	}
	f = disputeForm(kinds.ProceedingLitigation, "2025-09-30")
	f["simplified"] = "是"
	if _, errs := m.k.Normalize(f, nil); !strings.Contains(errs["simplified"], "只在案件类别为“行政复议”时填写") {
		t.Errorf("simplified procedure in a lawsuit: %v", errs)
	}
}

// 行政诉讼法第六十七条: the defence within 15 days of receiving the
// complaint; a period ending in the National Day holiday ends on the next
// working day.
func TestAdminDispute_DefenceWithinFifteenDays(t *testing.T) {
	m := newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingLitigation, "2025-09-16"), nil)
	if c := m.clock("defence_limit"); c == nil || c.Due != d("2025-10-09") || !strings.Contains(m.k.Period("defence_limit").Basis, "第六十七条") {
		t.Fatalf("defence clock %+v, want 1 October → 9 October", c)
	}
	m = newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingLitigation, "2025-03-03"), nil)
	if c := m.clock("defence_limit"); c.Due != d("2025-03-18") {
		t.Errorf("defence clock %+v", c)
	}
	ruleErr(t, m.try("reply", replyIn("2025-03-02"), "2025-03-10", clerk), "不能早于")
}

func hearing(appearance string, extra ledger.Values) ledger.Values {
	v := ledger.Values{"hearing_date": "2025-04-15", "appearance": appearance}
	for k, x := range extra {
		v[k] = x
	}
	return v
}

// 行政诉讼法第三条第三款 and the 2018 interpretation: the head appears, or an
// agency staff member — never a lawyer alone — with a written explanation.
func TestAdminDispute_HeadAppearsInCourtOrExplains(t *testing.T) {
	cases := []struct {
		name  string
		in    ledger.Values
		wants []string // nil: recorded
	}{
		{"head with name and post", hearing(kinds.AppearHead, ledger.Values{"head_name": "王某", "head_post": "副镇长"}), nil},
		{"head without post", hearing(kinds.AppearHead, ledger.Values{"head_name": "王某"}), []string{"出庭负责人职务", "第三条第三款"}},
		{"a lawyer alone", hearing(kinds.AppearDelegate, ledger.Values{"delegate_name": "某律师事务所张律师", "delegate_is_staff": "否",
			"absence_explanation": "外出开会"}), []string{"不得仅委托律师出庭", "第一百二十八条"}},
		{"staff without the written explanation", hearing(kinds.AppearDelegate, ledger.Values{"delegate_name": "司法所李某", "delegate_is_staff": "是"}),
			[]string{"书面情况说明"}},
		{"staff with the explanation", hearing(kinds.AppearDelegate, ledger.Values{"delegate_name": "司法所李某", "delegate_is_staff": "是",
			"absence_explanation": "镇长参加县防汛紧急会议"}), nil},
		{"nobody, no explanation", hearing(kinds.AppearNone, nil), []string{"写明原因"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingLitigation, "2025-03-03"), nil)
			m.must("reply", replyIn("2025-03-14"), "2025-03-14", clerk)
			err := m.try("hearing", c.in, "2025-04-16", clerk)
			if c.wants == nil {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.wants...)
		})
	}
	// A reconsideration hearing cites 行政复议法第五十一条.
	m := newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingReconsideration, "2025-03-03"), nil)
	m.must("reply", replyIn("2025-03-14"), "2025-03-14", clerk)
	ruleErr(t, m.try("hearing", hearing(kinds.AppearNone, nil), "2025-04-16", clerk), "行政复议法》第五十一条")
}

// Outcomes: a judgment needs the appearance recorded first; a corrected act
// (败诉) is closed only after its rectification; the correction flag is
// derived, never typed.
func TestAdminDispute_OutcomeAppearanceAndRectification(t *testing.T) {
	m := newMachine(t, kinds.AdminDispute(), 1, disputeForm(kinds.ProceedingLitigation, "2025-03-03"), nil)
	if err := m.try("conclude", nil, "2025-03-10", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("concluded before the defence: %v", err)
	}
	m.must("reply", replyIn("2025-03-14"), "2025-03-14", clerk)
	judgment := ledger.Values{"conclude_date": "2025-05-20", "outcome": "撤销", "outcome_text": "判决撤销被诉处罚决定"}
	ruleErr(t, m.try("conclude", judgment, "2025-05-21", clerk), "记录开庭（听证）与出庭情况", "第三条第三款")
	m.must("hearing", hearing(kinds.AppearHead, ledger.Values{"head_name": "王某", "head_post": "镇长"}), "2025-04-15", clerk)
	m.must("conclude", judgment, "2025-05-21", clerk)
	if m.r.Data["lost"] != "是" {
		t.Errorf("撤销 not counted as corrected: %q", m.r.Data["lost"])
	}
	ruleErr(t, m.try("close", ledger.Values{"archive_date": "2025-06-01"}, "2025-06-01", clerk), "须整改", "请先“记录整改”")
	ruleErr(t, m.try("rectify", ledger.Values{"rectify_date": "2025-05-19", "rectify_measures": "重新调查"}, "2025-06-01", clerk), "不能早于「结案日期」")
	m.must("rectify", ledger.Values{"rectify_date": "2025-05-30", "rectify_measures": "重新调查后依法作出决定"}, "2025-06-01", clerk)
	m.must("close", ledger.Values{"archive_date": "2025-06-01"}, "2025-06-01", clerk)

	// A withdrawn lawsuit needs no hearing and no rectification.
	m = newMachine(t, kinds.AdminDispute(), 2, disputeForm(kinds.ProceedingLitigation, "2025-03-03"), nil)
	m.must("reply", replyIn("2025-03-14"), "2025-03-14", clerk)
	m.must("conclude", ledger.Values{"conclude_date": "2025-04-01", "outcome": "撤回", "outcome_text": "原告撤诉"}, "2025-04-01", clerk)
	if m.r.Data["lost"] != "否" {
		t.Errorf("撤回 counted as corrected: %q", m.r.Data["lost"])
	}
	m.must("close", ledger.Values{"archive_date": "2025-04-02"}, "2025-04-02", clerk)
	for _, n := range []string{"applicant_name", "applicant_id", "applicant_phone", "applicant_address"} {
		if fd := m.k.Field(n); fd.Type != ledger.TypePersonal || fd.Search {
			t.Errorf("%s is not protected personal data", n)
		}
	}
}
