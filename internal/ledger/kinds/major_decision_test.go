package kinds_test

import (
	"errors"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// decisionForm is decision 1, from item 120 of the 2024 catalogue.
func decisionForm() ledger.Values {
	return ledger.Values{
		"catalogue_year": "2024", "catalogue_item": "2024-03", "catalogue_id": "120", "title": "青山县农村生活垃圾分类处理实施方案",
		"department": "县住房和城乡建设局", "description": "推行农村生活垃圾分类、收运和处理体系建设。",
	}
}

// outsideCatalogue is a decision taken up outside the catalogue, with its
// reason: for machines that read no linked records.
func outsideCatalogue(form ledger.Values) ledger.Values {
	delete(form, "catalogue_id")
	form["outside_reason"] = "上级交办的紧急事项，已报请调整年度目录"
	return form
}

// passedReviews holds legality reviews a decision may link to.
func reviewRecord(id int64, state, subject, op, date string) *ledger.Record {
	// Bound to decision 1, the record the decision machines drive.
	data := ledger.Values{"subject_type": subject, "subject_title": "x", "received_date": "2024-04-01", "subject_id": "1"}
	if op != "" {
		data["opinion"], data["opinion_date"] = op, date
	}
	return &ledger.Record{ID: id, Kind: kinds.LegalityReviewKind, State: state, Data: data}
}

func testLinks() links {
	return links{
		100: reviewRecord(100, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2024-05-06"),
		101: reviewRecord(101, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawfulRevised, "2024-05-06"),
		102: reviewRecord(102, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionUnlawful, "2024-05-06"),
		103: reviewRecord(103, "reviewing", kinds.SubjectMajorDecision, "", ""),
		104: reviewRecord(104, kinds.ReviewOpined, "合同", kinds.OpinionLawful, "2024-05-06"),
		105: {ID: 105, Kind: kinds.MajorDecisionKind, State: "drafting", Data: ledger.Values{}},
		// Received Mon 29 Apr 2024, opinion Mon 6 May: 2 working days (30 Apr, 6 May; 1–5 May are the May Day holiday).
		106: shortReview(106, ""),
		107: shortReview(107, "县政府要求限期完成审查"),
		// Passed reviews of another decision, and of no recorded decision.
		109: boundReview(109, "2"),
		110: boundReview(110, ""),
		// The published 2024 catalogue item of decision 1.
		120: catalogueItem(120, "2024", "1", "published"),
	}
}

// catalogueItem is an item of year's catalogue, bound to decision (or to
// none), in state.
func catalogueItem(id int64, year, decision, state string) *ledger.Record {
	data := ledger.Values{"catalogue_year": year, "catalogue_item": year + "-03", "title": "青山县农村生活垃圾分类处理实施方案"}
	if decision != "" {
		data["decision_id"] = decision
	}
	return &ledger.Record{ID: id, Kind: kinds.CatalogueItemKind, State: state, Data: data}
}

func boundReview(id int64, subject string) *ledger.Record {
	r := reviewRecord(id, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2024-05-06")
	if subject == "" {
		delete(r.Data, "subject_id")
	} else {
		r.Data["subject_id"] = subject
	}
	return r
}

func shortReview(id int64, reason string) *ledger.Record {
	r := reviewRecord(id, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2024-05-06")
	r.Data["received_date"] = "2024-04-29"
	if reason != "" {
		r.Data["shorten_reason"] = reason
	}
	return r
}

// toEvaluating creates a decision and runs its public participation:
// comment from 1 March to 31 March 2024 (30 days).
func toEvaluating(t *testing.T) *machine {
	m := newMachine(t, kinds.MajorDecision(), 1, decisionForm(), testLinks())
	m.must("start_comment", ledger.Values{"comment_start": "2024-03-01", "comment_channel": "县政府网站"}, "2024-03-01", clerk)
	m.must("finish_comment", ledger.Values{"comment_end": "2024-03-31", "comment_summary": "收到意见12条，采纳8条。"}, "2024-04-01", clerk)
	return m
}

// toReviewing also records expert review and risk assessment and submits
// the draft for legality review.
func toReviewing(t *testing.T) *machine {
	m := toEvaluating(t)
	m.must("expert_done", ledger.Values{"expert_date": "2024-04-03", "expert_summary": "专家5人论证，认为可行。"}, "2024-04-03", clerk)
	m.must("risk_na", ledger.Values{"risk_na_reason": "不涉及社会稳定和公共安全风险。"}, "2024-04-03", clerk)
	m.must("submit_review", ledger.Values{"review_submitted": "2024-04-08"}, "2024-04-08", clerk)
	return m
}

func meeting(date string) ledger.Values {
	return ledger.Values{"meeting_type": "常务会议", "meeting_date": date, "head_last": "是", "dissent": "无",
		"decision_summary": "原则通过，按审查意见修改后印发。"}
}

// 条例第十五条: the comment period is at least 30 days; a shorter one needs
// its reason published with the call for comments.
func TestMajorDecision_CommentPeriodAtLeastThirtyDays(t *testing.T) {
	cases := []struct {
		name         string
		days, reason string
		end          string
		wantErr      string
	}{
		{"30 days", "", "", "2024-03-31", ""},
		{"29 days", "", "", "2024-03-30", "最早于2024年3月31日届满"},
		{"shortened without a reason", "15", "", "2024-03-16", "须在「缩短征求意见期限的理由」中说明理由"},
		{"shortened with a published reason", "15", "防汛救灾需要，情况紧急", "2024-03-16", ""},
		{"shorter than even the shortened period", "15", "防汛救灾需要，情况紧急", "2024-03-15", "最早于2024年3月16日届满"},
		{"end before start", "", "", "2024-02-28", "不能早于起算日期"},
		{"end in the future", "", "", "2024-05-01", "晚于今天"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.MajorDecision(), 1, outsideCatalogue(decisionForm()), nil)
			m.must("start_comment", ledger.Values{"comment_start": "2024-03-01", "comment_channel": "县政府网站",
				"comment_days": c.days, "shorten_reason": c.reason}, "2024-03-01", clerk)
			if cl := m.clock("comment_period"); cl == nil || cl.Type != ledger.Minimum {
				t.Fatalf("comment clock not started: %+v", m.clocks)
			}
			err := m.try("finish_comment", ledger.Values{"comment_end": c.end, "comment_summary": "无意见"}, "2024-04-02", clerk)
			if c.wantErr == "" {
				if err != nil || m.r.State != "evaluating" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			if c.wantErr == "晚于今天" { // date sanity, before any rule
				fieldErr(t, err, "comment_end", c.wantErr)
				return
			}
			ruleErr(t, err, c.wantErr)
			if strings.Contains(c.wantErr, "届满") || strings.Contains(c.wantErr, "理由") {
				ruleErr(t, err, "《重大行政决策程序暂行条例》第十五条")
			}
		})
	}
}

// Public participation cannot be skipped: from the draft only the comment
// call (or termination) is open.
func TestMajorDecision_PublicParticipationCannotBeSkipped(t *testing.T) {
	m := newMachine(t, kinds.MajorDecision(), 1, decisionForm(), testLinks())
	for _, ev := range []string{"finish_comment", "expert_done", "expert_na", "risk_na", "submit_review", "decide", "publish"} {
		if err := m.try(ev, nil, "2024-03-01", append(clerk, head...)); !errors.Is(err, ledger.ErrNoTransition) {
			t.Errorf("%s from the draft: err = %v, want ErrNoTransition", ev, err)
		}
	}
	var open []string
	for _, tr := range m.k.Available(m.r, append(clerk, head...)) {
		open = append(open, tr.Event)
	}
	if strings.Join(open, ",") != "start_comment,terminate" {
		t.Errorf("open from the draft: %v", open)
	}
}

// 条例第十九条、第二十二条: expert review and risk assessment, in either
// order, each done or stated not to be needed, before legality review.
func TestMajorDecision_ExpertReviewAndRiskAssessmentBeforeLegalityReview(t *testing.T) {
	expertDone := step{"expert_done", ledger.Values{"expert_date": "2024-04-03", "expert_summary": "可行"}}
	expertNA := step{"expert_na", ledger.Values{"expert_na_reason": "事项专业性、技术性不强"}}
	riskDone := step{"risk_done", ledger.Values{"risk_date": "2024-04-05", "risk_summary": "风险可控"}}
	riskNA := step{"risk_na", ledger.Values{"risk_na_reason": "不涉及社会稳定风险"}}
	cases := []struct {
		name    string
		steps   []step
		wantErr string
	}{
		{"neither", nil, "第十九条"},
		{"expert only", []step{expertDone}, "第二十二条"},
		{"risk only", []step{riskDone}, "第十九条"},
		{"both done", []step{expertDone, riskDone}, ""},
		{"risk first", []step{riskDone, expertDone}, ""},
		{"both not needed, with reasons", []step{expertNA, riskNA}, ""},
		{"mixed", []step{riskNA, expertDone}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := toEvaluating(t)
			for _, s := range c.steps {
				m.must(s.event, s.in, "2024-04-05", clerk)
			}
			err := m.try("submit_review", ledger.Values{"review_submitted": "2024-04-08"}, "2024-04-08", clerk)
			if c.wantErr == "" {
				if err != nil || m.r.State != "reviewing" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.wantErr)
		})
	}
	m := toEvaluating(t)
	fieldErr(t, m.try("expert_na", ledger.Values{"expert_na_reason": " "}, "2024-04-05", clerk), "expert_na_reason", "请填写「无需专家论证的理由」")
	m.must("expert_done", expertDone.in, "2024-04-05", clerk)
	ruleErr(t, m.try("expert_na", expertNA.in, "2024-04-05", clerk), "专家论证已记录为已完成")
}

type step struct {
	event string
	in    ledger.Values
}

// 条例第二十五条: a draft that was not reviewed, or failed review, may not be
// put to collective discussion.
func TestMajorDecision_NoCollectiveDiscussionWithoutPassedReview(t *testing.T) {
	cases := []struct {
		name     string
		reviewID string
		meeting  string
		wants    []string // "" = allowed
	}{
		{"no linked review", "", "2024-05-10", []string{"未经合法性审查", "第二十五条"}},
		{"linked review not found or out of scope", "999", "2024-05-10", []string{"不存在或您无权查看", "第二十五条"}},
		{"linked record is not a review", "105", "2024-05-10", []string{"不是合法性审查台账记录"}},
		{"review still in progress", "103", "2024-05-10", []string{"尚未出具审查意见", "第二十五条"}},
		{"review found it unlawful", "102", "2024-05-10", []string{"意见为“不合法”", "第二十五条"}},
		{"review of a contract", "104", "2024-05-10", []string{"不是重大行政决策草案"}},
		{"passed review of another decision", "109", "2024-05-10", []string{"另一决策事项（编号 2）", "不是对本决策草案的审查", "第二十五条"}},
		{"passed review naming no decision", "110", "2024-05-10", []string{"未载明所审查的决策事项", "第二十五条"}},
		{"meeting before the opinion", "100", "2024-05-05", []string{"早于合法性审查意见的出具日期", "第二十五条"}},
		{"review shorter than 7 working days without a reason", "106", "2024-05-10", []string{"不足7个工作日", "第二十六条"}},
		{"review shortened with a recorded reason", "107", "2024-05-10", nil},
		{"lawful", "100", "2024-05-10", nil},
		{"lawful after revision", "101", "2024-05-06", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := toReviewing(t)
			m.r.Data["review_id"] = c.reviewID // linked through the edit form
			if c.reviewID == "" {
				delete(m.r.Data, "review_id")
			}
			err := m.try("decide", meeting(c.meeting), "2024-05-20", head)
			if c.wants == nil {
				if err != nil || m.r.State != "decided" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.wants...)
			if m.r.State != "reviewing" {
				t.Errorf("state changed to %s on refusal", m.r.State)
			}
		})
	}
	m := toReviewing(t)
	m.r.Data["review_id"] = "100"
	if err := m.try("decide", meeting("2024-05-10"), "2024-05-20", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk decided: %v", err)
	}
}

// 条例第三十条: the head speaks last; reasons are given when the head
// decides against the majority; dissent is recorded.
func TestMajorDecision_HeadSpeaksLastAndDissentIsRecorded(t *testing.T) {
	cases := []struct {
		name  string
		edit  func(v ledger.Values)
		field string // FieldErrors key, or "rule"
		want  string
	}{
		{"head did not speak last", func(v ledger.Values) { v["head_last"] = "否" }, "head_last", "第三十条"},
		{"head order not stated", func(v ledger.Values) { delete(v, "head_last") }, "head_last", "请选择「行政首长最后发表意见」"},
		{"dissent not recorded", func(v ledger.Values) { delete(v, "dissent") }, "dissent", "请填写「不同意见」"},
		{"against the majority without reasons", func(v ledger.Values) { v["head_differs"] = "是" }, "rule", "在会上说明理由"},
		{"unknown meeting type", func(v ledger.Values) { v["meeting_type"] = "碰头会" }, "meeting_type", "常务会议、全体会议、党政联席会议"},
		{"meeting in the future", func(v ledger.Values) { v["meeting_date"] = "2024-06-01" }, "meeting_date", "晚于今天（2024年5月20日）"},
		{"against the majority with reasons", func(v ledger.Values) {
			v["head_differs"] = "是"
			v["head_reason"] = "考虑到财政承受能力，分两年实施。"
			v["dissent"] = "王委员认为应一次性实施。"
		}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := toReviewing(t)
			m.r.Data["review_id"] = "100"
			in := meeting("2024-05-10")
			c.edit(in)
			err := m.try("decide", in, "2024-05-20", head)
			switch c.field {
			case "":
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if m.r.Data["dissent"] != "王委员认为应一次性实施。" {
					t.Error("dissent not kept verbatim")
				}
			case "rule":
				ruleErr(t, err, c.want)
			default:
				fieldErr(t, err, c.field, c.want)
			}
		})
	}
}

// 条例第三十二条、第三十三条 and the full path: publication after the
// decision, archiving after publication, and nothing after archiving.
func TestMajorDecision_FullPathToArchive(t *testing.T) {
	m := toReviewing(t)
	ruleErr(t, m.try("decide", meeting("2024-05-10"), "2024-05-20", head), "未经合法性审查")
	m.r.Data["review_id"] = "102"
	ruleErr(t, m.try("decide", meeting("2024-05-10"), "2024-05-20", head), "不合法")
	m.must("revise", ledger.Values{"revise_reason": "按审查意见删除收费条款"}, "2024-05-11", clerk)
	m.must("submit_review", ledger.Values{"review_submitted": "2024-05-12"}, "2024-05-12", clerk)
	m.r.Data["review_id"] = "100"
	m.must("decide", meeting("2024-05-10"), "2024-05-20", head)
	ruleErr(t, m.try("publish", ledger.Values{"publish_date": "2024-05-01", "publish_channel": "县政府网站"}, "2024-05-21", clerk), "第三十二条")
	m.must("publish", ledger.Values{"publish_date": "2024-05-15", "publish_channel": "县政府网站"}, "2024-05-21", clerk)
	ruleErr(t, m.try("archive", ledger.Values{"archive_date": "2024-05-14"}, "2024-06-01", clerk), "第三十三条")
	m.must("archive", ledger.Values{"archive_date": "2024-06-01", "archive_no": "QS-2024-ZD-03"}, "2024-06-01", clerk)
	if m.r.State != "archived" || !m.k.State("archived").Final || len(m.k.Available(m.r, append(clerk, head...))) != 0 {
		t.Errorf("archived record still open: %s", m.r.State)
	}
	if c := m.clock("comment_period"); c == nil || c.Status != ledger.ClockStopped {
		t.Errorf("comment clock = %+v", c)
	}
	if m.r.Data["comment_summary"] == "" || m.r.Data["expert_summary"] == "" || m.r.Data["risk_na_reason"] == "" {
		t.Error("the process record lost a procedure's data")
	}
}

func TestMajorDecision_SubmitReviewChecksTheLink(t *testing.T) {
	m := toEvaluating(t)
	m.must("expert_na", ledger.Values{"expert_na_reason": "不需要"}, "2024-04-03", clerk)
	m.must("risk_na", ledger.Values{"risk_na_reason": "不需要"}, "2024-04-03", clerk)
	m.r.Data["review_id"] = "104"
	ruleErr(t, m.try("submit_review", ledger.Values{"review_submitted": "2024-04-08"}, "2024-04-08", clerk), "不是重大行政决策草案")
	m.r.Data["review_id"] = "103" // a review still in progress may be linked at submission
	m.must("submit_review", ledger.Values{"review_submitted": "2024-04-08"}, "2024-04-08", clerk)
}
