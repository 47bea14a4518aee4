package kinds_test

import (
	"errors"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func proactiveForm(made string) ledger.Values {
	return ledger.Values{"title": "2025年秋冬季农田水利建设项目安排", "category": "农田水利工程建设运营",
		"department": "农业农村办", "made_date": made, "channel": "政府网站"}
}

// 第二十六条: 20 working days from the day the information was made — from
// Friday 26 September 2025 across the National Day holiday (1–8 October
// off, Sunday 28 September and Saturday 11 October worked) to 30 October.
func TestDisclosureItem_Article26_TwentyWorkingDaysAcrossNationalDay(t *testing.T) {
	m := newMachine(t, kinds.DisclosureItem(), 1, proactiveForm("2025-09-26"), nil)
	c := m.clock("publish_limit")
	if c == nil || c.Due != d("2025-10-30") {
		t.Fatalf("publish clock %+v, want due 2025-10-30", c)
	}
	publish := ledger.Values{"publish_date": "2025-10-31", "publish_place": "https://www.example.gov.cn/xxgk/1"}
	ruleErr(t, m.try("publish", publish, "2025-11-03", clerk), "20个工作日内公开", "应于2025年10月30日前公开", "第二十六条")
	ruleErr(t, m.try("publish", ledger.Values{"publish_date": "2025-09-25", "publish_place": "x"}, "2025-11-03", clerk), "不能早于", "第二十六条")
	publish["late_reason"] = "涉及资金数额待县农业农村局核定"
	m.must("publish", publish, "2025-11-03", clerk)
	if c := m.clock("publish_limit"); !c.Late() || c.LateDays() != 1 {
		t.Errorf("published a day late: %+v", c)
	}
	if !m.k.State(m.r.State).Public {
		t.Error("a published item is not on the public pages")
	}

	on := newMachine(t, kinds.DisclosureItem(), 2, proactiveForm("2025-09-26"), nil)
	on.must("publish", ledger.Values{"publish_date": "2025-10-30", "publish_place": "镇政务公开栏"}, "2025-10-30", clerk)
	if c := on.clock("publish_limit"); c.Late() || c.Status != ledger.ClockStopped {
		t.Errorf("published on the last day: %+v", c)
	}
	w := newMachine(t, kinds.DisclosureItem(), 3, proactiveForm("2025-09-26"), nil)
	if err := w.try("withhold", ledger.Values{"withhold_reason": "涉及个人隐私（第十五条）"}, "2025-10-08", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk withholding: %v", err)
	}
	w.must("withhold", ledger.Values{"withhold_reason": "涉及个人隐私（第十五条）"}, "2025-10-08", head)
}

func requestForm(received string) ledger.Values {
	return ledger.Values{"received_date": received, "receipt_way": "邮寄", "applicant_type": "公民", "applicant_name": "陈某某",
		"applicant_id": "11010519491231002X", "applicant_phone": "13800138000", "content": "2024年东山村土地征收补偿标准及发放明细",
		"department": "自然资源所"}
}

// 第三十三条: reply within 20 working days of receipt; the head of the
// disclosure office may extend it by at most 20 more.
func TestDisclosureRequest_Article33_ReplyIn20WorkingDaysPlus20(t *testing.T) {
	k := kinds.DisclosureRequest()
	m := newMachine(t, k, 1, requestForm("2025-09-26"), nil)
	c := m.clock("reply_limit")
	if c == nil || c.Due != d("2025-10-30") {
		t.Fatalf("reply clock %+v, want 2025-10-30", c)
	}
	ext := ledger.ClockAdjustment{Action: "extend", On: d("2025-10-20"), Days: 20, Reason: "需调取征收档案", Basis: "经政府信息公开工作机构负责人同意，已告知申请人"}
	if _, err := k.AdjustClock(*c, ext, cal, clerk); !errors.Is(err, ledger.ErrRole) {
		t.Fatalf("a clerk extending: %v", err)
	}
	over := ext
	over.Days = 21
	if _, err := k.AdjustClock(*c, over, cal, head); err == nil {
		t.Fatal("an extension of 21 working days was accepted")
	}
	got, err := k.AdjustClock(*c, ext, cal, head)
	if err != nil || got.Due != d("2025-11-27") {
		t.Fatalf("extended clock %+v, %v; want due 2025-11-27", got, err)
	}
	if _, err := k.AdjustClock(got, ledger.ClockAdjustment{Action: "extend", On: d("2025-10-21"), Days: 1, Reason: "x", Basis: "y"}, cal, head); err == nil {
		t.Error("a second extension past 20 working days was accepted")
	}
}

// 第三十条: supplements are asked for once, within 7 working days; the
// reply period then runs from the supplement.
func TestDisclosureRequest_Article30_SupplementOnceWithinSevenWorkingDays(t *testing.T) {
	m := newMachine(t, kinds.DisclosureRequest(), 1, requestForm("2025-09-26"), nil)
	ask := ledger.Values{"supplement_request_date": "2025-10-14", "supplement_items": "请明确所申请信息的具体地块"}
	ruleErr(t, m.try("request_supplement", ask, "2025-10-14", clerk), "7个工作日内一次性告知", "最迟应在2025年10月13日", "第三十条")
	ask["supplement_request_date"] = "2025-10-13"
	m.must("request_supplement", ask, "2025-10-13", clerk)
	if c := m.clock("reply_limit"); c.Status != ledger.ClockStopped {
		t.Errorf("the first reply clock still runs: %+v", c)
	}
	m.must("supplemented", ledger.Values{"supplement_date": "2025-10-20"}, "2025-10-20", clerk)
	if c := m.clock("reply_after_supplement"); c == nil || c.Due != d("2025-11-17") || c.Status != ledger.ClockRunning {
		t.Fatalf("reply clock after the supplement %+v, want 2025-11-17", c)
	}
	if err := m.try("request_supplement", ask, "2025-10-21", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("a second request for supplements: %v", err)
	}
	reply := ledger.Values{"reply_date": "2025-10-19", "outcome": kinds.DisclosureGranted, "reply_way": "书面答复", "reply_text": "予以公开，见附件"}
	ruleErr(t, m.try("reply", reply, "2025-11-10", clerk), "不能早于「收到补正申请日期」")
	reply["reply_date"] = "2025-11-10"
	m.must("reply", reply, "2025-11-10", clerk)
	if c := m.clock("reply_after_supplement"); c.Status != ledger.ClockStopped || c.Late() {
		t.Errorf("replied in time: %+v", c)
	}

	lapse := newMachine(t, kinds.DisclosureRequest(), 2, requestForm("2025-09-26"), nil)
	lapse.must("request_supplement", ask, "2025-10-13", clerk)
	ruleErr(t, lapse.try("lapse", ledger.Values{"lapse_date": "2025-10-01"}, "2025-11-10", clerk), "不能早于「告知补正日期」")
	lapse.must("lapse", ledger.Values{"lapse_date": "2025-11-10"}, "2025-11-10", clerk)
	if s := lapse.k.State(lapse.r.State); !s.Final || s.Abandon {
		t.Errorf("a lapsed request ends the matter: %+v", s)
	}
}

// 第三十六条、第三十七条: each outcome tells the applicant what the
// article requires.
func TestDisclosureRequest_Article36_OutcomesSayWhatTheyMust(t *testing.T) {
	for _, c := range []struct {
		outcome, missing, article string
	}{
		{kinds.DisclosureRefused, "refuse_basis", "第三十六条第三项"},
		{kinds.DisclosurePartial, "refuse_basis", "第三十七条"},
		{kinds.DisclosureNotOurs, "other_agency", "第三十六条第五项"},
	} {
		t.Run(c.outcome, func(t *testing.T) {
			m := newMachine(t, kinds.DisclosureRequest(), 1, requestForm("2025-09-26"), nil)
			reply := ledger.Values{"reply_date": "2025-10-20", "outcome": c.outcome, "reply_way": "书面答复", "reply_text": "答复如下"}
			err := m.try("reply", reply, "2025-10-20", clerk)
			ruleErr(t, err, c.article)
			var re *ledger.RuleError
			if errors.As(err, &re) && re.Field != c.missing {
				t.Errorf("refusal about %q, want %q", re.Field, c.missing)
			}
			reply[c.missing] = "属于个人隐私，依据第十五条不予公开；县自然资源局，0570-1234567"
			m.must("reply", reply, "2025-10-20", clerk)
		})
	}
	m := newMachine(t, kinds.DisclosureRequest(), 1, requestForm("2025-09-26"), nil)
	m.must("reply", ledger.Values{"reply_date": "2025-09-29", "outcome": kinds.DisclosureAlreadyOpen, "reply_way": "网络平台",
		"reply_text": "已在镇政府网站主动公开，网址见答复书"}, "2025-09-29", clerk)
}

func TestDisclosureRequest_ApplicantTypeAndPersonalData(t *testing.T) {
	k := kinds.DisclosureRequest()
	org := requestForm("2025-09-26")
	org["applicant_type"] = "法人或其他组织"
	if _, errs := k.Normalize(org, nil); errs == nil || errs["applicant_org"] == "" {
		t.Errorf("an organisation without its name: %v", errs)
	}
	for _, n := range []string{"applicant_name", "applicant_id", "applicant_phone", "applicant_address"} {
		if f := k.Field(n); f.Type != ledger.TypePersonal || f.Search {
			t.Errorf("%s is not personal data kept out of search", n)
		}
	}
}
