package kinds_test

import (
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func docForm(business string) ledger.Values {
	return ledger.Values{"title": "云溪镇农村人居环境长效管护办法", "drafting_unit": "村建办", "provisional": "否",
		"business_related": business, "summary": "明确管护责任和经费保障"}
}

func docReview(id int64, doc, opinion, date string) *ledger.Record {
	r := reviewRecord(id, kinds.ReviewOpined, kinds.SubjectNormativeDocument, opinion, date)
	delete(r.Data, "subject_id")
	if doc != "" {
		r.Data["document_id"] = doc
	}
	return r
}

// toDeliberation runs public comment from 3 March 2025 (a Monday) to the end
// given, on day end.
func toReviewingDoc(t *testing.T, business, end string) *machine {
	l := links{
		200: docReview(200, "1", kinds.OpinionLawful, "2025-04-10"),
		201: docReview(201, "2", kinds.OpinionLawful, "2025-04-10"),
		202: docReview(202, "1", kinds.OpinionUnlawful, "2025-04-10"),
		203: reviewRecord(203, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2025-04-10"),
		204: docReview(204, "", kinds.OpinionLawful, "2025-04-10"),
	}
	m := newMachine(t, kinds.NormativeDocument(), 1, docForm(business), l)
	m.must("start_comment", ledger.Values{"comment_start": "2025-03-03", "comment_channel": "镇政府网站"}, "2025-03-03", clerk)
	m.must("finish_comment", ledger.Values{"comment_end": end, "comment_summary": "收到意见5条，采纳3条"}, end, clerk)
	return m
}

// Public comment lasts at least 7 working days, or 30 days where the
// document bears closely on business.
func TestNormativeDocument_CommentPeriod(t *testing.T) {
	for _, c := range []struct {
		business, end, want string
	}{
		{"否", "2025-03-11", "最早于2025年3月12日届满"}, // 7 working days after Mon 3 March
		{"否", "2025-03-12", ""},
		{"是", "2025-03-20", "不少于30日"},
		{"是", "2025-04-02", ""},
	} {
		m := newMachine(t, kinds.NormativeDocument(), 1, docForm(c.business), nil)
		m.must("start_comment", ledger.Values{"comment_start": "2025-03-03", "comment_channel": "镇政府网站"}, "2025-03-03", clerk)
		err := m.try("finish_comment", ledger.Values{"comment_end": c.end, "comment_summary": "无意见"}, c.end, clerk)
		if c.want == "" {
			if err != nil {
				t.Errorf("%s %s refused: %v", c.business, c.end, err)
			}
			continue
		}
		ruleErr(t, err, c.want, "7个工作日")
	}
}

// The deliberation gate accepts only a passed legality review of this very
// document, given before the meeting.
func TestNormativeDocument_DeliberationNeedsItsOwnPassedReview(t *testing.T) {
	meeting := ledger.Values{"meeting_type": "政府常务会议", "meeting_date": "2025-04-15"}
	for _, c := range []struct {
		name, review, meeting string
		wants                 []string
	}{
		{"no review", "", "2025-04-15", []string{"未经合法性审核的，不得提交审议"}},
		{"review of another document", "201", "2025-04-15", []string{"审核的不是本文件"}},
		{"review naming no document", "204", "2025-04-15", []string{"审核的不是本文件"}},
		{"review of a major decision", "203", "2025-04-15", []string{"不是对规范性文件的合法性审核"}},
		{"unlawful", "202", "2025-04-15", []string{"意见为“不合法”"}},
		{"meeting before the opinion", "200", "2025-04-08", []string{"早于合法性审核意见的出具日期"}},
		{"passed review of this document", "200", "2025-04-15", nil},
	} {
		m := toReviewingDoc(t, "否", "2025-03-14")
		if c.review != "" {
			m.r.Data["review_id"] = c.review
		}
		in := ledger.Values{"meeting_type": meeting["meeting_type"], "meeting_date": c.meeting}
		err := m.try("deliberate", in, "2025-04-20", head)
		if c.wants == nil {
			if err != nil || m.r.State != "deliberated" {
				t.Errorf("%s: refused: %v", c.name, err)
			}
			continue
		}
		if err == nil {
			t.Errorf("%s: deliberated", c.name)
			continue
		}
		ruleErr(t, err, c.wants...)
	}
}

// Issued with a validity of at most 5 years (暂行/试行 2); 有效期至 is
// computed; the filing clock runs from issue; the validity clock reminds
// 6 months before it ends.
func TestNormativeDocument_IssueValidityAndFiling(t *testing.T) {
	m := toReviewingDoc(t, "否", "2025-03-14")
	m.r.Data["review_id"] = "200"
	m.must("deliberate", ledger.Values{"meeting_type": "党政联席会议", "meeting_date": "2025-04-15"}, "2025-04-15", head)
	m.r.Data["provisional"] = "是"
	ruleErr(t, m.try("issue", ledger.Values{"issue_date": "2025-04-18", "validity_years": "3"}, "2025-04-18", clerk), "不超过2年")
	fieldErr(t, m.try("issue", ledger.Values{"issue_date": "2025-04-18", "validity_years": "6"}, "2025-04-18", clerk), "validity_years", "不能大于5")
	m.r.Data["provisional"] = "否"
	m.must("issue", ledger.Values{"issue_date": "2025-04-18", "validity_years": "5"}, "2025-04-18", clerk)
	if m.r.Data["valid_until"] != "2030-04-17" || m.r.State != "in_force" {
		t.Fatalf("valid until %q, state %s", m.r.Data["valid_until"], m.r.State)
	}
	// 30 days after 18 April is Sunday 18 May: the deadline moves to Monday.
	if c := m.clock("filing"); c == nil || c.Due != d("2025-05-19") {
		t.Errorf("filing clock %+v, want due 30 days after issue (a Sunday, so the Monday)", c)
	}
	if c := m.clock("validity"); c == nil || c.Due != d("2030-04-17") || c.RemindOn != d("2029-10-17") {
		t.Errorf("validity clock %+v, want due 2030-04-17 with a reminder 6 months ahead", c)
	}
	ruleErr(t, m.try("file", ledger.Values{"filing_date": "2025-04-10", "filing_body": "县司法局"}, "2025-05-10", clerk), "不能早于")
	m.must("file", ledger.Values{"filing_date": "2025-05-10", "filing_body": "县司法局"}, "2025-05-10", clerk)
	m.must("keep", ledger.Values{"cleanup_round": "2026年度规范性文件清理", "cleanup_date": "2026-11-20"}, "2026-11-20", clerk)
	m.must("repeal", ledger.Values{"repeal_round": "2027年度清理", "repeal_date": "2027-06-01", "repeal_result": "废止"}, "2027-06-01", clerk)
	if m.r.State != "repealed" {
		t.Errorf("state %s", m.r.State)
	}
}
