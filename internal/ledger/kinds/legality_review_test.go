package kinds_test

import (
	"errors"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func reviewForm(subject, received string) ledger.Values {
	return ledger.Values{
		"subject_type": subject, "subject_title": "青山县城区停车收费标准调整方案（草案）",
		"department": "县发展和改革局", "reviewer_type": "审核专班", "reviewer_name": "林一帆",
		"received_date": received,
	}
}

func opinion(op, date string) ledger.Values {
	return ledger.Values{"opinion": op, "opinion_text": "制定主体、权限、程序符合规定，内容不违反上位法。", "opinion_date": date,
		"adviser_opinion": "法律顾问周律师：无不同意见。"}
}

func TestLegalityReview_FormNamesEveryFieldToFix(t *testing.T) {
	k := kinds.LegalityReview()
	_, errs := k.Normalize(ledger.Values{"subject_type": "决定", "received_date": "2024年13月1日"}, nil)
	want := map[string]string{
		"subject_type":  "「审查事项类型」应从以下选项中选择：重大行政决策、规范性文件、合同、重大执法决定、其他",
		"subject_title": "请填写「送审事项名称」",
		"department":    "请填写「送审单位（科室）」",
		"reviewer_type": "请选择「审查主体」",
		"received_date": "「收到送审材料日期」格式应为 2024-03-15，请重新填写",
	}
	for f, m := range want {
		if errs[f] != m {
			t.Errorf("errs[%s] = %q, want %q", f, errs[f], m)
		}
	}
}

// 条例第二十六条: the review of a major decision takes at least 7 working
// days, unless a reason for the shorter time is recorded; other subjects
// have no national minimum.
func TestLegalityReview_MinimumSevenWorkingDaysForMajorDecisions(t *testing.T) {
	// Received Fri 27 Sep 2024. Working days after it: Sun 29 Sep (make-up),
	// 30 Sep, 8, 9, 10, 11 Oct and Sat 12 Oct (make-up) = 7th.
	cases := []struct {
		name, subject, date, reason string
		wantErr                     string // "" = allowed
	}{
		{"seventh working day", kinds.SubjectMajorDecision, "2024-10-12", "", ""},
		{"sixth working day", kinds.SubjectMajorDecision, "2024-10-11", "", "最早于2024年10月12日届满"},
		{"inside the holiday", kinds.SubjectMajorDecision, "2024-10-05", "", "第二十六条"},
		{"shortened with a reason", kinds.SubjectMajorDecision, "2024-10-08", "防汛应急，县政府要求3日内完成审查", ""},
		{"normative document has no minimum", "规范性文件", "2024-10-08", "", ""},
		{"contract has no minimum", "合同", "2024-09-30", "", ""},
		{"opinion before receipt", "合同", "2024-09-20", "", "不能早于「收到送审材料日期」"},
		{"opinion in the future", "合同", "2024-12-01", "", "晚于今天"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.LegalityReview(), 1, reviewForm(c.subject, "2024-09-27"), nil)
			m.must("start_review", nil, "2024-09-27", review)
			in := opinion(kinds.OpinionLawful, c.date)
			in["shorten_reason"] = c.reason
			err := m.try("give_opinion", in, "2024-11-01", review)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if m.r.State != kinds.ReviewOpined {
					t.Errorf("state = %s", m.r.State)
				}
				return
			}
			if c.wantErr == "晚于今天" { // date sanity, before any rule
				fieldErr(t, err, "opinion_date", c.wantErr)
				return
			}
			ruleErr(t, err, c.wantErr)
		})
	}
}

// 条例第二十八条: legal advisers or public-sector lawyers give a legal opinion
// in the review of a major decision.
func TestLegalityReview_AdviserOpinionRequiredForMajorDecisions(t *testing.T) {
	cases := []struct {
		subject, reviewer, adviserOpinion string
		refused                           bool
	}{
		{kinds.SubjectMajorDecision, "审核专班", "", true},
		{kinds.SubjectMajorDecision, "审核专班", "法律顾问意见：合法。", false},
		{kinds.SubjectMajorDecision, "法律顾问", "", false},
		{"规范性文件", "审核专班", "", false},
	}
	for _, c := range cases {
		form := reviewForm(c.subject, "2024-03-01")
		form["reviewer_type"] = c.reviewer
		m := newMachine(t, kinds.LegalityReview(), 1, form, nil)
		m.must("start_review", nil, "2024-03-01", review)
		in := opinion(kinds.OpinionLawful, "2024-03-20")
		in["adviser_opinion"] = c.adviserOpinion
		err := m.try("give_opinion", in, "2024-03-20", review)
		if c.refused {
			ruleErr(t, err, "第二十八条", "法律顾问、公职律师")
		} else if err != nil {
			t.Errorf("%s/%s: refused: %v", c.subject, c.reviewer, err)
		}
	}
}

func TestLegalityReview_OnlyReviewersGiveOpinions(t *testing.T) {
	m := newMachine(t, kinds.LegalityReview(), 1, reviewForm("合同", "2024-03-01"), nil)
	if err := m.try("start_review", nil, "2024-03-01", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("clerk started a review: %v", err)
	}
	m.must("start_review", nil, "2024-03-01", adviser)
	for _, roles := range [][]access.Role{clerk, head, {access.RoleInspector}, {access.RoleAdmin}} {
		if err := m.try("give_opinion", opinion(kinds.OpinionLawful, "2024-03-05"), "2024-03-05", roles); !errors.Is(err, ledger.ErrRole) {
			t.Errorf("%v gave an opinion: %v", roles, err)
		}
	}
	m.must("give_opinion", opinion(kinds.OpinionUnlawful, "2024-03-05"), "2024-03-05", adviser)
	if m.r.Data["opinion"] != kinds.OpinionUnlawful {
		t.Errorf("opinion = %q", m.r.Data["opinion"])
	}
	if err := m.try("withdraw", ledger.Values{"withdraw_reason": "x"}, "2024-03-06", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("a final review was withdrawn: %v", err)
	}
}

// 条例第二十六条: incomplete materials may be returned for supplement.
func TestLegalityReview_ReturnForSupplementLoop(t *testing.T) {
	m := newMachine(t, kinds.LegalityReview(), 1, reviewForm("规范性文件", "2024-03-01"), nil)
	m.must("start_review", nil, "2024-03-01", review)
	fieldErr(t, m.try("return_materials", nil, "2024-03-04", review), "return_reason", "请填写「退回理由及需补充的材料」")
	m.must("return_materials", ledger.Values{"return_reason": "缺少起草说明和征求意见情况"}, "2024-03-04", review)
	if m.r.State != "returned" {
		t.Fatalf("state = %s", m.r.State)
	}
	ruleErr(t, m.try("resubmit", ledger.Values{"supplement_date": "2024-02-01"}, "2024-03-08", clerk), "不能早于")
	m.must("resubmit", ledger.Values{"supplement_date": "2024-03-08"}, "2024-03-08", clerk)
	m.must("give_opinion", opinion(kinds.OpinionLawfulRevised, "2024-03-12"), "2024-03-12", review)
	if m.r.State != kinds.ReviewOpined || m.r.Data["return_reason"] == "" {
		t.Errorf("state %s, data %v", m.r.State, m.r.Data)
	}
}

// The review time limit is local (no national figure): it runs only when
// the record states one, and stops with the opinion.
func TestLegalityReview_ReviewTimeLimitFromLocalRule(t *testing.T) {
	form := reviewForm("合同", "2024-03-01")
	m := newMachine(t, kinds.LegalityReview(), 1, form, nil)
	if m.clock("review_limit") != nil {
		t.Error("a time limit runs though none was stated")
	}
	form["review_limit_days"] = "10"
	m = newMachine(t, kinds.LegalityReview(), 2, form, nil)
	c := m.clock("review_limit")
	// Fri 1 Mar 2024 + 10 working days = Fri 15 Mar.
	if c == nil || c.Due != d("2024-03-15") || c.Type != ledger.Deadline {
		t.Fatalf("review_limit = %+v", c)
	}
	if !c.Overdue(d("2024-03-18")) {
		t.Error("not overdue after its due date")
	}
	m.must("start_review", nil, "2024-03-01", review)
	m.must("give_opinion", opinion(kinds.OpinionLawful, "2024-03-18"), "2024-03-18", review)
	if c := m.clock("review_limit"); c.Status != ledger.ClockStopped || !c.Late() {
		t.Errorf("after the opinion: %+v", c)
	}
	// An opinion given in time but recorded later is not late: the clock
	// stops on the opinion date.
	m = newMachine(t, kinds.LegalityReview(), 4, form, nil)
	m.must("start_review", nil, "2024-03-01", review)
	m.must("give_opinion", opinion(kinds.OpinionLawful, "2024-03-14"), "2024-04-10", review)
	if c := m.clock("review_limit"); c.StoppedOn != d("2024-03-14") || c.Late() {
		t.Errorf("opinion in time, recorded late: %+v", c)
	}
	// A major decision also carries the 7-working-day minimum, stopped by the opinion.
	m = newMachine(t, kinds.LegalityReview(), 3, reviewForm(kinds.SubjectMajorDecision, "2024-03-01"), nil)
	if c := m.clock("review_time"); c == nil || c.Type != ledger.Minimum || c.Due != d("2024-03-12") {
		t.Errorf("review_time = %+v", c)
	}
}
