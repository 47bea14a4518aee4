package kinds_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// committeeRoster is a committee's members: n members (the first the chair), women
// of them, plus appointed mediators.
func committeeRoster(n, women, appointed int) string {
	var rows []ledger.Values
	for i := range n {
		pos, sex := kinds.PositionMember, "男"
		if i == 0 {
			pos = kinds.PositionChair
		}
		if i < women {
			sex = "女"
		}
		rows = append(rows, ledger.Values{"name": fmt.Sprintf("委员%d", i+1), "sex": sex, "position": pos, "mediator": "兼职"})
	}
	for i := range appointed {
		rows = append(rows, ledger.Values{"name": fmt.Sprintf("调解员%d", i+1), "sex": "男", "position": kinds.PositionAppointed, "mediator": "专职"})
	}
	return ledger.EncodeRows(rows)
}

func committeeForm(members string) ledger.Values {
	return ledger.Values{"name": "坪田村人民调解委员会", "committee_type": "村（居）民委员会人民调解委员会",
		"founded_date": "2019-03-01", "members": members}
}

// 人民调解法第八条: three to nine members, one chair, a woman among them —
// checked when the committee is constituted. Appointed mediators are not
// members.
func TestMediationCommittee_ThreeToNineMembersWithAWoman_Article8(t *testing.T) {
	twoChairs := `[{"name":"甲","sex":"女","position":"主任","mediator":"兼职"},{"name":"乙","sex":"男","position":"主任","mediator":"兼职"},{"name":"丙","sex":"男","position":"委员","mediator":"兼职"}]`
	cases := []struct {
		name    string
		members string
		want    string
	}{
		{"three with a woman", committeeRoster(3, 1, 0), ""},
		{"nine with a woman and three appointed", committeeRoster(9, 2, 3), ""},
		{"ten members", committeeRoster(10, 2, 0), "委员（主任、副主任、委员）现为10人"},
		{"two members and five appointed", committeeRoster(2, 1, 5), "现为2人"},
		{"no woman", committeeRoster(5, 0, 0), "应当有妇女成员"},
		{"the only woman is appointed, not a member", committeeRoster(4, 0, 0)[:len(committeeRoster(4, 0, 0))-1] + `,{"name":"王女","sex":"女","position":"聘任调解员","mediator":"专职"}]`, "应当有妇女成员"},
		{"two chairs", twoChairs, "设主任一人"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.MediationCommittee(), 1, committeeForm(c.members), nil)
			err := m.try("constitute", ledger.Values{"term_start": "2022-03-01"}, "2022-03-01", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ruleErr(t, err, c.want, "人民调解法》第八条")
		})
	}
}

// 第九条: a three-year term, reminded three months ahead; re-election starts
// the next term; a serving committee's roster cannot be edited out of
// 第八条.
func TestMediationCommittee_ThreeYearTerm_Article9(t *testing.T) {
	k := kinds.MediationCommittee()
	m := newMachine(t, k, 1, committeeForm(committeeRoster(5, 1, 2)), nil)
	if m.r.Data["member_count"] != "5" || m.r.Data["fulltime_count"] != "2" || m.r.Data["mediator_count"] != "7" {
		t.Fatalf("counts %v", m.r.Data)
	}
	m.must("constitute", ledger.Values{"term_start": "2023-03-01"}, "2023-03-01", clerk)
	// Three years end on Sunday 1 March 2026: the clock, counted like every
	// calendar-day period, falls due on the next working day.
	c := m.clock("term")
	if c == nil || c.Due != d("2026-03-02") || c.RemindOn != d("2025-12-02") || m.r.Data["term_end"] != "2026-03-01" {
		t.Fatalf("term clock %+v, term_end %q", c, m.r.Data["term_end"])
	}
	if _, errs := k.Normalize(ledger.Values{"members": committeeRoster(10, 1, 0)}, m.r); !strings.Contains(errs["members"], "第八条") {
		t.Errorf("a serving committee edited to 10 members: %v", errs)
	}
	if _, errs := k.Normalize(ledger.Values{"members": committeeRoster(6, 1, 0)}, m.r); errs != nil {
		t.Errorf("adding a member refused: %v", errs)
	}
	ruleErr(t, m.try("re_elect", ledger.Values{"reelect_date": "2023-01-01"}, "2026-02-20", clerk), "不能早于「本届任期开始日期」")
	m.r.Data["members"] = committeeRoster(4, 0, 0)
	ruleErr(t, m.try("re_elect", ledger.Values{"reelect_date": "2026-02-20"}, "2026-02-20", clerk), "妇女成员")
	m.r.Data["members"] = committeeRoster(4, 1, 0)
	m.must("re_elect", ledger.Values{"reelect_date": "2026-02-20"}, "2026-02-20", clerk)
	if m.clock("term").Status != ledger.ClockStopped || m.r.Data["term_end"] != "2029-02-20" {
		t.Errorf("after re-election: %+v %q", m.clock("term"), m.r.Data["term_end"])
	}
	if c := m.clock("next_term"); c == nil || c.Start != d("2026-02-20") || c.Status != ledger.ClockRunning {
		t.Errorf("next term %+v", c)
	}
}

func mediationForm(intake string) ledger.Values {
	return ledger.Values{"intake_date": intake, "source": "当事人申请", "dispute_type": "房屋宅基地",
		"summary": "坪田村两户宅基地边界纠纷", "details": "双方因院墙位置发生争执",
		"parties":      `[{"name":"张甲","side":"申请人","id_number":"11010519491231002X","phone":"13800138000"},{"name":"李乙","side":"被申请人","address":"坪田村3组"}]`,
		"committee_id": "50", "mediator": "委员1"}
}

func mediationLinks() links {
	sitting := &ledger.Record{ID: 50, Kind: kinds.MediationCommitteeKind, State: "active", Data: ledger.Values{"name": "坪田村人民调解委员会", "members": committeeRoster(3, 1, 1)}}
	forming := &ledger.Record{ID: 51, Kind: kinds.MediationCommitteeKind, State: "forming", Data: ledger.Values{"name": "新村人民调解委员会", "members": committeeRoster(3, 1, 0)}}
	review := reviewRecord(52, kinds.ReviewOpined, "合同", kinds.OpinionLawful, "2025-01-05")
	return links{50: sitting, 51: forming, 52: review}
}

// A dispute has two parties at least, each a row of personal data.
func TestDisputeCase_PartiesAreRows(t *testing.T) {
	f := mediationForm("2025-03-03")
	f["parties"] = `[{"name":"张甲","side":"申请人"}]`
	if _, errs := kinds.DisputeCase().Normalize(f, nil); !strings.Contains(errs["parties"], "至少") {
		t.Errorf("one party accepted: %v", errs)
	}
	for _, c := range kinds.DisputeCase().Field("parties").Columns {
		if c.Name != "side" && c.Type != ledger.TypePersonal {
			t.Errorf("party column %s is not personal data", c.Name)
		}
	}
}

// 人民调解法第八条、第十三条: mediation is by a constituted committee, and
// the mediator is on its roster (members and the mediators it appoints).
func TestDisputeCase_MediatorOnTheCommitteeRoster_Articles8And13(t *testing.T) {
	cases := []struct {
		name, committee, mediator, want string
	}{
		{"a member", "50", "委员1", ""},
		{"an appointed mediator", "50", "调解员1", ""},
		{"not on the roster", "50", "王五", "第十三条"},
		{"a committee still forming", "51", "委员1", "第八条"},
		{"a legality review picked by mistake", "52", "委员1", "不是人民调解委员会"},
		{"a record out of scope", "77", "委员1", "不存在或您无权查看"},
		{"no committee chosen at intake", "", "委员1", "请选择受理本纠纷的人民调解委员会"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := mediationForm("2025-03-03")
			f["committee_id"], f["mediator"] = c.committee, c.mediator
			if c.committee == "" {
				delete(f, "committee_id")
			}
			m := newMachine(t, kinds.DisputeCase(), 1, f, mediationLinks())
			err := m.try("mediate", ledger.Values{"mediation_date": "2025-03-04"}, "2025-03-04", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ruleErr(t, err, c.want)
		})
	}
}

// 《人民调解工作若干规定》第三十三条: generally concluded within one month
// of intake. Taken up on 1 September 2024, the month ends on 1 October, in
// the National Day holiday: the clock ends on the next working day, 8
// October.
func TestDisputeCase_OneMonthAcrossNationalDay(t *testing.T) {
	m := newMachine(t, kinds.DisputeCase(), 1, mediationForm("2024-09-01"), mediationLinks())
	c := m.clock("mediation_time")
	if c == nil || c.Due != d("2024-10-08") || !strings.Contains(kinds.DisputeCase().Period("mediation_time").Basis, "第三十三条") {
		t.Fatalf("mediation clock %+v", c)
	}
	m.must("mediate", ledger.Values{"mediation_date": "2024-09-02"}, "2024-09-02", clerk)
	m.must("succeed", ledger.Values{"agreement_date": "2024-10-08", "agreement_form": "书面协议", "agreement_signed": "是",
		"agreement": "院墙按原址重建，费用各半"}, "2024-10-08", clerk)
	if c := m.clock("mediation_time"); c.Status != ledger.ClockStopped || c.Late() || m.r.Data["result"] != kinds.OutcomeMediated {
		t.Errorf("agreement on the due date: %+v, result %q", c, m.r.Data["result"])
	}
}

// 人民调解法第二十九条、第三十三条: a written agreement is signed and sealed;
// only a written agreement is confirmed by a court, on an application
// within 30 days of its taking effect.
func TestDisputeCase_JudicialConfirmationWithin30Days_Article33(t *testing.T) {
	agree := func(form, signed string) *machine {
		m := newMachine(t, kinds.DisputeCase(), 1, mediationForm("2025-03-03"), mediationLinks())
		m.must("mediate", ledger.Values{"mediation_date": "2025-03-04"}, "2025-03-04", clerk)
		m.must("succeed", ledger.Values{"agreement_date": "2025-03-20", "agreement_form": form, "agreement_signed": signed,
			"agreement": "李乙赔偿张甲2000元"}, "2025-03-20", clerk)
		return m
	}
	m := newMachine(t, kinds.DisputeCase(), 1, mediationForm("2025-03-03"), mediationLinks())
	m.must("mediate", ledger.Values{"mediation_date": "2025-03-04"}, "2025-03-04", clerk)
	ruleErr(t, m.try("succeed", ledger.Values{"agreement_date": "2025-03-20", "agreement_form": "书面协议", "agreement": "x"}, "2025-03-20", clerk),
		"人民调解法》第二十九条")

	oral := agree("口头协议", "")
	ruleErr(t, oral.try("apply_confirmation", ledger.Values{"confirm_apply_date": "2025-03-25", "court": "龙泉市人民法院"}, "2025-03-25", clerk),
		"口头调解协议不能申请司法确认", "第三十三条")
	oral.must("close", ledger.Values{"close_date": "2025-04-20", "performance": "已履行"}, "2025-04-20", clerk)

	late := agree("书面协议", "是")
	ruleErr(t, late.try("apply_confirmation", ledger.Values{"confirm_apply_date": "2025-04-20", "court": "龙泉市人民法院"}, "2025-04-20", clerk),
		"已超过协议生效（2025年3月20日）后30日", "人民调解法》第三十三条")
	ruleErr(t, late.try("apply_confirmation", ledger.Values{"confirm_apply_date": "2025-03-19", "court": "龙泉市人民法院"}, "2025-04-20", clerk),
		"不能早于「达成协议日期」")
	late.must("apply_confirmation", ledger.Values{"confirm_apply_date": "2025-04-19", "court": "龙泉市人民法院"}, "2025-04-20", clerk)
	late.must("record_confirmation", ledger.Values{"confirm_date": "2025-05-06", "confirm_result": "确认有效"}, "2025-05-06", clerk)
	if late.r.State != "closed" {
		t.Errorf("state %s", late.r.State)
	}
}

// The other outcomes: 调解未成功 only after mediation and with the parties
// told of their other remedies (第二十六条); 预防化解 before mediation; each
// is the record's 结果.
func TestDisputeCase_OtherOutcomes_Article26(t *testing.T) {
	failed := ledger.Values{"conclude_date": "2025-03-25", "conclusion": kinds.OutcomeFailed, "conclude_note": "双方分歧较大"}
	m := newMachine(t, kinds.DisputeCase(), 1, mediationForm("2025-03-03"), mediationLinks())
	ruleErr(t, m.try("conclude", failed, "2025-03-25", clerk), "尚未开始调解")
	m.must("mediate", ledger.Values{"mediation_date": "2025-03-04"}, "2025-03-04", clerk)
	ruleErr(t, m.try("conclude", failed, "2025-03-25", clerk), "人民调解法》第二十六条")
	failed["rights_told"] = "是"
	m.must("conclude", failed, "2025-03-25", clerk)
	if m.r.State != "concluded" || m.r.Data["result"] != kinds.OutcomeFailed {
		t.Errorf("failed: %s %q", m.r.State, m.r.Data["result"])
	}
	for _, out := range []string{kinds.OutcomePrevented, kinds.OutcomeLitigation, kinds.OutcomePetition, kinds.OutcomeToCriminal} {
		m := newMachine(t, kinds.DisputeCase(), 1, mediationForm("2025-03-03"), mediationLinks())
		ruleErr(t, m.try("conclude", ledger.Values{"conclude_date": "2025-03-01", "conclusion": out, "conclude_note": "x"}, "2025-03-05", clerk), "不能早于「受理日期」")
		m.must("conclude", ledger.Values{"conclude_date": "2025-03-05", "conclusion": out, "conclude_note": "已移交"}, "2025-03-05", clerk)
		if m.r.Data["result"] != out || m.clock("mediation_time").StoppedOn != d("2025-03-05") {
			t.Errorf("%s: result %q clock %+v", out, m.r.Data["result"], m.clock("mediation_time"))
		}
	}
}

// counts is a Finder answering counts by kind and month.
type counts map[string]int

func (c counts) Count(_ context.Context, kind string, f ledger.Values) (int, error) {
	key := kind
	for _, n := range slices.Sorted(maps.Keys(f)) {
		key += " " + n + "=" + f[n]
	}
	return c[key], nil
}
func (counts) ByPersonal(context.Context, string, string, string) ([]ledger.Record, error) {
	return nil, nil
}
func (counts) Records(context.Context, string, ledger.Values, int) ([]ledger.Record, error) {
	return nil, nil
}

// 零上报 says a month had no dispute: refused for a month with disputes
// registered, a month not yet begun, or a second report of a month.
func TestDisputeZero_OnlyForAMonthWithoutDisputes(t *testing.T) {
	k := kinds.DisputeZero()
	if _, errs := k.Normalize(ledger.Values{"month": "2025-13", "organisation": "x"}, nil); !strings.Contains(errs["month"], "2025-03") {
		t.Errorf("month 2025-13 accepted: %v", errs)
	}
	cases := []struct {
		name      string
		month     string
		committee string
		find      counts
		report    string
		want      string
	}{
		{"a quiet month", "2025-02", "", counts{kinds.DisputeZeroKind + " month=2025-02 organisation=某镇人民调解委员会": 1}, "2025-03-01", ""},
		{"disputes registered that month", "2025-02", "", counts{kinds.DisputeCaseKind + " month=2025-02": 2}, "2025-03-01", "已登记矛盾纠纷调解2件（本单位及下级单位登记的）"},
		{"disputes of another committee", "2025-02", "50", counts{kinds.DisputeCaseKind + " month=2025-02": 2}, "2025-03-01", ""},
		{"disputes of the committee reporting", "2025-02", "50", counts{kinds.DisputeCaseKind + " committee_id=50 month=2025-02": 1}, "2025-03-01", "所选人民调解委员会受理的"},
		{"already reported", "2025-02", "", counts{kinds.DisputeZeroKind + " month=2025-02 organisation=某镇人民调解委员会": 2}, "2025-03-01", "同一组织同一月份只上报一次"},
		{"a month not begun", "2025-04", "", counts{}, "2025-03-31", "尚未开始"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			form := ledger.Values{"month": c.month, "organisation": "某镇人民调解委员会"}
			if c.committee != "" {
				form["committee_id"] = c.committee
			}
			m := newMachine(t, k, 1, form, nil)
			m.find = c.find
			err := m.try("submit", ledger.Values{"report_date": c.report}, "2025-03-31", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ruleErr(t, err, c.want)
		})
	}
}

// A screening round cannot resolve more disputes than it found.
func TestDisputeScreening_CountsAddUp(t *testing.T) {
	f := ledger.Values{"screening_date": "2025-03-10", "title": "3月定期排查", "round": "定期排查", "scope": "全镇12个村",
		"organizer": "综治中心", "found": "5", "resolved": "3", "prevented": "2", "to_mediation": "1"}
	if _, errs := kinds.DisputeScreening().Normalize(f, nil); !strings.Contains(errs["found"], "共6件，多于") {
		t.Errorf("6 of 5 accepted: %v", errs)
	}
	f["to_mediation"] = "0"
	m := newMachine(t, kinds.DisputeScreening(), 1, f, nil)
	ruleErr(t, m.try("confirm", ledger.Values{"confirm_date": "2025-03-09"}, "2025-03-12", head), "不能早于「排查日期」")
	m.must("confirm", ledger.Values{"confirm_date": "2025-03-12"}, "2025-03-12", head)
}

// The one month is "generally": the head may extend it, by at most 30 days
// in all, with a reason; a clerk may not.
func TestDisputeCase_OneMonthExtendedByTheHead(t *testing.T) {
	k := kinds.DisputeCase()
	m := newMachine(t, k, 1, mediationForm("2025-03-03"), mediationLinks())
	c := *m.clock("mediation_time")
	if c.Due != d("2025-04-03") {
		t.Fatalf("due %s", c.Due)
	}
	ext := func(days int) ledger.ClockAdjustment {
		return ledger.ClockAdjustment{Action: "extend", On: d("2025-03-28"), Days: days, Reason: "涉及多户，需实地测量", Basis: "《人民调解工作若干规定》第三十三条"}
	}
	if _, err := k.AdjustClock(c, ext(15), cal, clerk); !errors.Is(err, ledger.ErrRole) {
		t.Fatalf("a clerk extended the mediation: %v", err)
	}
	c, err := k.AdjustClock(c, ext(15), cal, head)
	if err != nil || c.Due != d("2025-04-18") {
		t.Fatalf("extended by 15 days: %s, %v", c.Due, err)
	}
	if _, err := k.AdjustClock(c, ext(16), cal, head); err == nil || !strings.Contains(err.Error(), "最多还可延长15") {
		t.Fatalf("46 days in all accepted: %v", err)
	}
}
