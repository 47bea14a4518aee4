package kinds_test

import (
	"context"
	"errors"
	"net/url"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// FuzzKinds_FormsAndSteps posts arbitrary form bodies to the create form and
// to each step of every kind: the only failures are the user-facing ones
// (FieldErrors, RuleError, ErrNoTransition, ErrRole) — never anything that
// would surface as a server error — and nothing panics.
func FuzzKinds_FormsAndSteps(f *testing.F) {
	f.Add(0, "subject_type=%E5%90%88%E5%90%8C&subject_title=x&department=y&reviewer_type=%E5%AE%A1%E6%A0%B8%E4%B8%93%E7%8F%AD&reviewer_name=z&received_date=2024-3-1", "give_opinion", "opinion=%E5%90%88%E6%B3%95&opinion_text=t&opinion_date=2024-03-20")
	f.Add(1, "catalogue_year=2024&catalogue_item=1&title=t&department=d&description=x&review_id=100", "decide", "meeting_type=%E5%B8%B8%E5%8A%A1%E4%BC%9A%E8%AE%AE&meeting_date=2024-05-10&head_last=%E6%98%AF&dissent=%E6%97%A0&decision_summary=x")
	f.Add(1, "catalogue_year=abc&review_id=-1", "finish_comment", "comment_end=2024%E5%B9%B42%E6%9C%8830%E6%97%A5")
	f.Add(0, "received_date=%00", "resubmit", "supplement_date=9999-99-99")
	f.Add(6, "case_type=%E8%A1%8C%E6%94%BF%E5%A4%84%E7%BD%9A&cause=c&opened_date=2024-05-01&party_type=%E6%B3%95%E4%BA%BA%E6%88%96%E5%85%B6%E4%BB%96%E7%BB%84%E7%BB%87&party_org=o&review_case=%E4%B8%8D%E5%B1%9E%E4%BA%8E%E6%B3%95%E5%88%B6%E5%AE%A1%E6%A0%B8%E6%83%85%E5%BD%A2&officers.0.name=a&officers.0.cert_no=1&officers.1.name=b&officers.1.cert_no=2",
		"investigate", "investigate_date=2024-05-20&evidence_summary=x")
	f.Add(2, "title=t&category=%E5%85%B6%E4%BB%96&department=d&counterparty=c&counterparty_type=%E6%B3%95%E4%BA%BA&amount=1e9&content=x&draft_date=2024-05-01&review_id=104",
		"sign", "sign_date=2024-05-20&signatory=s")
	all := kinds.All()
	index := func(name string) int {
		for i, k := range all {
			if k.Name == name {
				return i
			}
		}
		panic(name)
	}
	f.Add(index(kinds.CorrectionKind), "case_no=1&name=%E8%B5%B5&sex=%E5%A5%B3&correction_type=%E7%BC%93%E5%88%91&deciding_body=x&effective_date=2024-09-25&start_date=2024-09-25&end_date=2025-01-01",
		"report", "report_date=2024-10-09&announced=1")
	f.Add(index(kinds.CorrectionKind), "case_no=1&name=%E8%B5%B5&sex=%E7%94%B7&correction_type=%E7%AE%A1%E5%88%B6&deciding_body=x&effective_date=2024-09-25&start_date=2024-09-25&end_date=2025-01-01",
		"approve_absence", "absences=%5B%7B%22from%22%3A%222024-10-01%22%2C%22to%22%3A%221900-01-01%22%7D%5D")
	f.Add(index(kinds.DisputeCaseKind), "intake_date=2024-09-01&source=%E5%85%B6%E4%BB%96&dispute_type=%E9%82%BB%E9%87%8C&summary=s&details=d&committee_id=100&mediator=m&parties=%5B%7B%22name%22%3A%22a%22%2C%22side%22%3A%22%E7%94%B3%E8%AF%B7%E4%BA%BA%22%7D%2C%7B%22name%22%3A%22b%22%2C%22side%22%3A%22%E5%BD%93%E4%BA%8B%E4%BA%BA%22%7D%5D",
		"mediate", "mediation_date=2024-09-02")
	f.Add(index(kinds.ExamKind), "exam_type=%E5%85%B6%E4%BB%96&title=t&exam_date=2024-05-01&organizer=o&form=%E9%97%AD%E5%8D%B7&full_mark=100&pass_mark=60&excellent_mark=90&participants=%5B%7B%22name%22%3A%22a%22%2C%22score%22%3A%22-1e9%22%7D%5D",
		"publish", "publish_date=2024-05-02")
	f.Add(index(kinds.DisclosureRequestKind), "received_date=2025-09-26&receipt_way=%E9%82%AE%E5%AF%84&applicant_type=%E5%85%AC%E6%B0%91&applicant_name=%E9%99%88&content=c&department=d",
		"request_supplement", "supplement_request_date=2025-10-14&supplement_items=x")
	f.Add(index(kinds.PlanTaskKind), "plan_id=-3&year=2025&title=t&department=d&due_date=2025-11-30&next_task_id=999999999999999999999",
		"carry_over", "carry_date=2099-01-01")
	f.Add(index(kinds.MajorDecisionKind), "catalogue_year=2024&catalogue_id=120&title=t&department=d&description=x",
		"start_comment", "comment_start=2024-03-01&comment_channel=c")
	everyone := []access.Role{access.RoleClerk, access.RoleHead, access.RoleReviewer, access.RoleAdviser}
	f.Fuzz(func(t *testing.T, which int, formBody, event, stepBody string) {
		k := all[uint(which)%uint(len(all))]
		form, err := url.ParseQuery(formBody)
		if err != nil {
			return
		}
		data, errs := k.Normalize(ledger.ValuesFromForm(k, form, ""), nil)
		if errs != nil {
			return
		}
		stepForm, err := url.ParseQuery(stepBody)
		if err != nil {
			return
		}
		tr := k.Transition(event)
		if tr == nil {
			return
		}
		for _, state := range tr.From {
			r := &ledger.Record{ID: 1, Kind: k.Name, State: state, Data: data}
			g := &ledger.GuardContext{Ctx: context.Background(), Record: r, Input: ledger.ValuesFromForm(k, stepForm, event),
				Event: event, Today: d("2024-06-01"), Calendar: cal, Links: testLinks(), Find: roster{}}
			_, err := k.Apply(g, everyone)
			var fe ledger.FieldErrors
			var re *ledger.RuleError
			if err != nil && !errors.As(err, &fe) && !errors.As(err, &re) &&
				!errors.Is(err, ledger.ErrNoTransition) && !errors.Is(err, ledger.ErrRole) {
				t.Fatalf("%s/%s from %s: unexpected error %v", k.Name, event, state, err)
			}
		}
	})
}
