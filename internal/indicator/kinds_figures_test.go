package indicator_test

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// The figures of the real kinds, each worked out by hand from the records
// below (county 1 with townships A = 2 and B = 3). Personal fields hold
// what the store hands the engine: the keyed hash ("h1" stands for one).

const (
	uCounty, uA, uB = 1, 2, 3
)

type rec struct {
	kind, state string
	unit        int64
	data        ledger.Values
}

// figureRecords are the hand-made records; the comments give what each
// contributes.
func figureRecords() []rec {
	rows := func(s ...string) string { return "[" + strings.Join(s, ",") + "]" }
	return []rec{
		// contracts: A signs two in 2025 (one reviewed, one disputed), B one
		// in 2024 (reviewed, performed in 2025) and one in 2025 (reviewed);
		// B's draft is not signed.
		{kinds.ContractKind, "signed", uA, ledger.Values{"draft_date": "2025-02-01", "sign_date": "2025-03-01", "review_id": "7", "amount": "1000"}},
		{kinds.ContractKind, "disputed", uA, ledger.Values{"draft_date": "2025-04-01", "sign_date": "2025-05-01", "amount": "500", "dispute_date": "2025-08-01"}},
		{kinds.ContractKind, "performed", uB, ledger.Values{"draft_date": "2024-10-01", "sign_date": "2024-11-01", "review_id": "9", "amount": "200", "perform_date": "2025-02-01"}},
		{kinds.ContractKind, "signed", uB, ledger.Values{"draft_date": "2025-05-01", "sign_date": "2025-06-01", "review_id": "11", "amount": "300"}},
		{kinds.ContractKind, "drafting", uB, ledger.Values{"draft_date": "2025-07-01", "amount": "999"}},
		// advisers: A's engaged 2024–2025 (term to 31 Dec 2025), B's
		// dismissed mid-2024
		{kinds.LegalAdviserKind, "engaged", uA, ledger.Values{"term_start": "2024-01-01", "term_end": "2025-12-31"}},
		{kinds.LegalAdviserKind, "dismissed", uB, ledger.Values{"term_start": "2023-01-01", "term_end": "2026-12-31", "end_date": "2024-06-30"}},
		{kinds.AdviserOpinionKind, "closed", uA, ledger.Values{"requested_date": "2025-03-20", "opinion_date": "2025-04-01", "adoption": "采纳"}},
		{kinds.AdviserOpinionKind, "closed", uA, ledger.Values{"requested_date": "2025-04-20", "opinion_date": "2025-05-01", "adoption": "未采纳"}},
		{kinds.AdviserOpinionKind, "opined", uB, ledger.Values{"requested_date": "2025-05-20", "opinion_date": "2025-06-01"}},
		{kinds.AdviserOpinionKind, "requested", uB, ledger.Values{"requested_date": "2025-07-01"}},
		// officers: e1 valid to 31 Dec 2025; e2 renewed to 2029; e3 on an
		// enforcement post without a certificate; e4 certified on a
		// non-enforcement post; e5 expired mid-2025; e6 revoked in 2025
		{kinds.EnforcementOfficerKind, "valid", uA, ledger.Values{"post_type": kinds.PostEnforcement, "entry_date": "2020-01-01", "issue_date": "2020-02-01", "valid_until": "2025-12-31",
			"training": rows(`{"date":"2025-03-01","hours":"8"}`, `{"date":"2024-05-01","hours":"4"}`)}},
		{kinds.EnforcementOfficerKind, "valid", uA, ledger.Values{"post_type": kinds.PostEnforcement, "entry_date": "2020-01-01", "issue_date": "2020-02-01", "valid_until": "2024-06-30",
			"renew_date": "2024-06-01", "renew_valid_until": "2029-06-30"}},
		{kinds.EnforcementOfficerKind, "uncertified", uA, ledger.Values{"post_type": kinds.PostEnforcement, "entry_date": "2021-01-01"}},
		{kinds.EnforcementOfficerKind, "valid", uB, ledger.Values{"post_type": kinds.PostNonEnforcement, "entry_date": "2022-01-01", "issue_date": "2022-01-01", "valid_until": "2027-01-01",
			"training": rows(`{"date":"2025-07-01","hours":"6"}`)}},
		{kinds.EnforcementOfficerKind, "expired", uB, ledger.Values{"post_type": kinds.PostEnforcement, "entry_date": "2019-01-01", "issue_date": "2019-03-01", "valid_until": "2025-06-30"}},
		{kinds.EnforcementOfficerKind, "revoked", uB, ledger.Values{"post_type": kinds.PostEnforcement, "entry_date": "2019-01-01", "issue_date": "2019-03-01", "valid_until": "2028-01-01", "revoke_date": "2025-03-01"}},
		// enforcement cases
		{kinds.EnforcementCaseKind, "closed", uA, ledger.Values{"case_type": kinds.CasePenalty, "opened_date": "2025-01-10", "review_case": "涉及重大公共利益",
			"review_date": "2025-02-20", "decision_date": "2025-03-01", "disclose_date": "2025-03-05", "fine": "500", "land_case": "是", "land_area": "3.25", "close_date": "2025-04-01"}},
		{kinds.EnforcementCaseKind, "decided", uA, ledger.Values{"case_type": kinds.CasePenalty, "opened_date": "2025-02-01", "review_case": "案件情况疑难复杂、涉及多个法律关系",
			"decision_date": "2025-04-01", "fine": "200"}},
		{kinds.EnforcementCaseKind, "decided", uB, ledger.Values{"case_type": kinds.CaseInspection, "opened_date": "2024-12-01", "review_case": kinds.Review58None, "decision_date": "2025-01-15"}},
		{kinds.EnforcementCaseKind, "opened", uB, ledger.Values{"case_type": kinds.CasePenalty, "opened_date": "2025-06-01", "land_case": "是", "land_area": "1.5"}},
		// administrative disputes
		{kinds.AdminDisputeKind, "concluded", uA, ledger.Values{"proceeding": kinds.ProceedingReconsideration, "received_date": "2025-01-05", "conclude_date": "2025-03-01", "outcome": "撤销"}},
		{kinds.AdminDisputeKind, "concluded", uA, ledger.Values{"proceeding": kinds.ProceedingLitigation, "received_date": "2025-02-01", "hearing_date": "2025-05-01",
			"appearance": kinds.AppearHead, "conclude_date": "2025-07-01", "outcome": "维持"}},
		{kinds.AdminDisputeKind, "concluded", uB, ledger.Values{"proceeding": kinds.ProceedingLitigation, "received_date": "2024-10-01", "hearing_date": "2025-01-10",
			"appearance": kinds.AppearDelegate, "conclude_date": "2025-03-01", "outcome": "确认违法"}},
		{kinds.AdminDisputeKind, "replied", uB, ledger.Values{"proceeding": kinds.ProceedingLitigation, "received_date": "2025-08-01", "hearing_date": "2025-10-01", "appearance": kinds.AppearHead}},
		// exams: A 3 expected, 2 sat (95, 70), B 2 sat (50, 92); B's exam
		// still being scored does not count
		{kinds.ExamKind, "published", uA, ledger.Values{"exam_date": "2025-06-01", "pass_mark": "60", "excellent_mark": "90",
			"participants": rows(`{"name":"甲","score":"95"}`, `{"name":"乙","score":"70"}`, `{"name":"丙","absent":"是"}`)}},
		{kinds.ExamKind, "published", uB, ledger.Values{"exam_date": "2025-09-01", "pass_mark": "60", "excellent_mark": "90",
			"participants": rows(`{"name":"丁","score":"50"}`, `{"name":"戊","score":"92"}`)}},
		{kinds.ExamKind, "scoring", uB, ledger.Values{"exam_date": "2025-10-01", "pass_mark": "60", "excellent_mark": "90",
			"participants": rows(`{"name":"己","score":"99"}`)}},
		// publicity
		{kinds.PublicityEventKind, "held", uA, ledger.Values{"event_date": "2025-03-15", "setting": "进校园", "reached": "200", "materials": "1000", "banners": "5", "consultations": "30"}},
		{kinds.PublicityEventKind, "confirmed", uA, ledger.Values{"event_date": "2025-12-04", "setting": "进机关", "reached": "100", "materials": "500"}},
		{kinds.PublicityEventKind, "planned", uB, ledger.Values{"event_date": "2025-06-26", "setting": "进企业", "materials": "999"}},
		{kinds.PublicityEventKind, "held", uB, ledger.Values{"event_date": "2025-06-26", "setting": "进军营", "consultations": "10"}},
		{kinds.PublicityDutyKind, "published", uA, ledger.Values{"year": "2025",
			"items": rows(`{"status":"已完成"}`, `{"status":"推进中"}`, `{"status":"已完成"}`)}},
		{kinds.PublicityDutyKind, "drafting", uB, ledger.Values{"year": "2025", "items": rows(`{"status":"已完成"}`, `{"status":"已完成"}`)}},
		// model villages: A's municipal since 2020 and national lost in
		// March 2025; B's municipal named in November 2025
		{kinds.ModelVillageKind, "named", uA, ledger.Values{"level": "市级", "named_date": "2020-05-01"}},
		{kinds.ModelVillageKind, "lost", uA, ledger.Values{"level": "全国", "named_date": "2019-05-01", "lose_date": "2025-03-01"}},
		{kinds.ModelVillageKind, "named", uB, ledger.Values{"level": "市级", "named_date": "2025-11-01"}},
		// village rosters: A's first village 3 法律明白人 (covered), its
		// second 2 on the roll and 1 adjusted (not covered); B's reported
		// roster 4 (covered), its draft not counted
		{kinds.VillageTalentKind, "reported", uA, ledger.Values{"year": "2025", "talents": rows(
			`{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`,
			`{"category":"法治带头人","status":"在册"}`, `{"category":"学法用法示范户","status":"在册"}`)}},
		{kinds.VillageTalentKind, "reported", uA, ledger.Values{"year": "2025", "talents": rows(
			`{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"已调整"}`)}},
		{kinds.VillageTalentKind, "drafting", uB, ledger.Values{"year": "2025", "talents": rows(`{"category":"法律明白人","status":"在册"}`)}},
		{kinds.VillageTalentKind, "reported", uB, ledger.Values{"year": "2025", "talents": rows(
			`{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`, `{"category":"法律明白人","status":"在册"}`)}},
		// mediation committees: A's active (1 full-time, 2 part-time); B's
		// dissolved in 2025 (2 mediators) and one still forming
		{kinds.MediationCommitteeKind, "active", uA, ledger.Values{"founded_date": "2020-01-01",
			"members": rows(`{"mediator":"专职"}`, `{"mediator":"兼职"}`, `{"mediator":"兼职"}`)}},
		{kinds.MediationCommitteeKind, "dissolved", uB, ledger.Values{"founded_date": "2018-01-01", "dissolve_date": "2025-05-01",
			"members": rows(`{"mediator":"专职"}`, `{"mediator":"兼职"}`)}},
		{kinds.MediationCommitteeKind, "forming", uB, ledger.Values{"founded_date": "2025-01-01", "members": rows(`{"mediator":"兼职"}`)}},
		// disputes
		{kinds.DisputeCaseKind, "closed", uA, ledger.Values{"intake_date": "2025-01-05", "agreement_date": "2025-01-20"}},
		{kinds.DisputeCaseKind, "concluded", uA, ledger.Values{"intake_date": "2025-02-01", "conclude_date": "2025-03-01"}},
		{kinds.DisputeCaseKind, "agreed", uB, ledger.Values{"intake_date": "2024-12-20", "agreement_date": "2025-01-05"}},
		{kinds.DisputeCaseKind, "mediating", uB, ledger.Values{"intake_date": "2025-11-01"}},
		{kinds.DisputeScreeningKind, "confirmed", uA, ledger.Values{"screening_date": "2025-03-01", "found": "10", "resolved": "4", "prevented": "3"}},
		{kinds.DisputeScreeningKind, "recorded", uB, ledger.Values{"screening_date": "2025-06-01", "found": "5", "resolved": "1", "prevented": "2"}},
		{kinds.DisputeZeroKind, "submitted", uA, ledger.Values{"month": "2025-03"}},
		{kinds.DisputeZeroKind, "drafting", uA, ledger.Values{"month": "2025-04"}},
		{kinds.DisputeZeroKind, "submitted", uB, ledger.Values{"month": "2024-12"}},
		// correction: person h1 on the roll in A since 2024 and in B since
		// June 2025 (one person at the county); h2 released in May 2025; h3
		// committed in September 2025
		{kinds.CorrectionKind, "in_correction", uA, ledger.Values{"id_number": "h1", "effective_date": "2024-02-20", "report_date": "2024-03-01"}},
		{kinds.CorrectionKind, "released", uA, ledger.Values{"id_number": "h2", "effective_date": "2022-12-20", "report_date": "2023-01-01", "release_date": "2025-05-01"}},
		{kinds.CorrectionKind, "in_correction", uB, ledger.Values{"id_number": "h1", "effective_date": "2025-05-25", "report_date": "2025-06-01"}},
		{kinds.CorrectionKind, "committed", uB, ledger.Values{"id_number": "h3", "effective_date": "2025-01-25", "report_date": "2025-02-01", "revoke_date": "2025-09-01"}},
		// aftercare: g1 (until 2027) resettled and helped; g2's three years
		// ended in June 2024; g3 helped only; g4 reoffended in April 2025
		{kinds.AftercareKind, "in_aftercare", uA, ledger.Values{"id_number": "g1", "release_type": "刑满释放", "release_date": "2022-01-01", "handover_date": "2022-01-05", "resettled": "是", "helped": "是"}},
		{kinds.AftercareKind, "completed", uA, ledger.Values{"id_number": "g2", "release_type": "缓刑考验期满", "release_date": "2021-06-01", "handover_date": "2021-06-05"}},
		{kinds.AftercareKind, "in_aftercare", uB, ledger.Values{"id_number": "g3", "release_type": "刑满释放", "release_date": "2023-01-01", "handover_date": "2023-01-02", "resettled": "否", "helped": "是"}},
		{kinds.AftercareKind, "reoffended", uB, ledger.Values{"id_number": "g4", "release_type": "刑满释放", "release_date": "2023-01-01", "handover_date": "2023-01-02", "reoffend_date": "2025-04-01"}},
	}
}

// figures is the county of figureRecords as a Source; computed fields are
// set as the store sets them on every write.
func figures(t *testing.T) (*indicator.Engine, *memory) {
	t.Helper()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	m := &memory{paths: map[int64]string{uCounty: "/1/", uA: "/1/2/", uB: "/1/3/"}}
	for i, r := range figureRecords() {
		k := reg.Kind(r.kind)
		lr := ledger.Record{ID: int64(i + 1), Kind: r.kind, UnitID: r.unit, State: r.state, Data: r.data}
		k.Compute(&lr)
		lr.Year = k.YearOf(lr.Data)
		m.recs = append(m.recs, lr)
	}
	return e, m
}

func TestFigures_OfEveryKindByHand(t *testing.T) {
	e, m := figures(t)
	res, err := e.Compute(context.Background(), m, indicator.Query{UnitID: uCounty, From: 2023, To: 2026, Paths: m.paths})
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		id   string
		year int
		a, b float64 // townships A and B
		c    float64 // the county
	}
	for _, w := range []want{
		{"contract.signed", 2025, 2, 1, 3}, {"contract.signed", 2024, 0, 1, 1},
		{"contract.reviewed", 2025, 1, 1, 2},
		// 1/2 and 1/1: the county is 2/3, not the mean 75
		{"contract.review_rate", 2025, 50, 100, 66.67}, {"contract.review_rate", 2024, 0, 100, 100},
		{"contract.amount", 2025, 1500, 300, 1800}, {"contract.disputes", 2025, 1, 0, 1},
		{"contract.performing", 2025, 2, 1, 3}, {"contract.performing", 2024, 0, 1, 1},

		{"legal_adviser.count", 2025, 1, 0, 1}, {"legal_adviser.count", 2024, 1, 1, 2}, {"legal_adviser.count", 2026, 0, 0, 0},
		{"legal_adviser.opinions", 2025, 2, 1, 3}, {"legal_adviser.recorded", 2025, 2, 0, 2},
		{"legal_adviser.adopted", 2025, 1, 0, 1}, {"legal_adviser.adoption_rate", 2025, 50, 0, 50},

		{"enforcement.certified_staff", 2025, 2, 1, 3}, {"enforcement.certified_staff", 2024, 2, 3, 5},
		{"enforcement.certified_posts", 2025, 2, 0, 2}, {"enforcement.posts", 2025, 3, 1, 4},
		{"enforcement.certificate_rate", 2025, 66.67, 0, 50}, {"enforcement.certificate_rate", 2024, 66.67, 100, 80},
		{"enforcement.training_hours", 2025, 8, 6, 14}, {"enforcement.training_hours", 2024, 4, 0, 4},

		{"enforcement.cases", 2025, 2, 1, 3}, {"enforcement.penalty_cases", 2025, 2, 1, 3},
		{"enforcement.decided", 2025, 2, 1, 3}, {"enforcement.review_required", 2025, 2, 0, 2},
		{"enforcement.review_done", 2025, 1, 0, 1}, {"enforcement.review_rate", 2025, 50, 0, 50},
		{"enforcement.disclosed", 2025, 1, 0, 1}, {"enforcement.disclosure_rate", 2025, 50, 0, 33.33},
		{"enforcement.fines", 2025, 700, 0, 700}, {"enforcement.land_area", 2025, 3.25, 1.5, 4.75},
		{"enforcement.pending", 2025, 1, 2, 3}, {"enforcement.pending", 2024, 0, 1, 1},

		{"reconsideration.cases", 2025, 1, 0, 1}, {"litigation.cases", 2025, 1, 1, 2}, {"litigation.cases", 2024, 0, 1, 1},
		{"litigation.hearings", 2025, 1, 2, 3}, {"litigation.head_appearances", 2025, 1, 1, 2},
		{"litigation.appearance_rate", 2025, 100, 50, 66.67},
		{"reconsideration.concluded", 2025, 1, 0, 1}, {"reconsideration.corrected", 2025, 1, 0, 1},
		{"reconsideration.correction_rate", 2025, 100, 0, 100},
		{"litigation.concluded", 2025, 1, 1, 2}, {"litigation.lost", 2025, 0, 1, 1}, {"litigation.loss_rate", 2025, 0, 100, 50},

		{"exam.count", 2025, 1, 1, 2}, {"exam.expected", 2025, 3, 2, 5}, {"exam.sat", 2025, 2, 2, 4},
		{"enforcement.exam_passed", 2025, 2, 1, 3}, {"exam.excellent", 2025, 1, 1, 2},
		// 2/3 and 2/2: the county is 4/5, not the mean 83.33
		{"exam.turnout_rate", 2025, 66.67, 100, 80}, {"exam.pass_rate", 2025, 100, 50, 75}, {"exam.excellent_rate", 2025, 50, 50, 50},

		{"publicity.events", 2025, 2, 1, 3}, {"publicity.materials", 2025, 1500, 0, 1500}, {"publicity.banners", 2025, 5, 0, 5},
		{"publicity.people_reached", 2025, 300, 0, 300}, {"publicity.consultations", 2025, 30, 10, 40},
		{"publicity.to_schools", 2025, 1, 0, 1}, {"publicity.to_agencies", 2025, 1, 0, 1}, {"publicity.to_army", 2025, 0, 1, 1},
		{"publicity.to_enterprises", 2025, 0, 0, 0},
		{"publicity.duty_items", 2025, 3, 0, 3}, {"publicity.duty_done", 2025, 2, 0, 2}, {"publicity.duty_rate", 2025, 66.67, 0, 66.67},

		{"model_village.municipal", 2025, 1, 1, 2}, {"model_village.municipal", 2024, 1, 0, 1},
		{"model_village.national", 2025, 0, 0, 0}, {"model_village.national", 2024, 1, 0, 1},

		{"law_literate.persons", 2025, 5, 4, 9}, {"law_literate.leaders", 2025, 1, 0, 1}, {"law_literate.households", 2025, 1, 0, 1},
		{"law_literate.villages", 2025, 2, 1, 3}, {"law_literate.covered_villages", 2025, 1, 1, 2},
		// 1/2 and 1/1: the county is 2/3
		{"law_literate.coverage", 2025, 50, 100, 66.67},

		{"mediation.committees", 2025, 1, 0, 1}, {"mediation.committees", 2024, 1, 1, 2},
		{"mediation.mediators", 2025, 3, 0, 3}, {"mediation.mediators", 2024, 3, 2, 5},
		{"mediation.full_time_mediators", 2024, 1, 1, 2},

		{"dispute.cases", 2025, 2, 1, 3}, {"dispute.resolved", 2025, 1, 1, 2}, {"dispute.ended", 2025, 2, 1, 3},
		{"dispute.success_rate", 2025, 50, 100, 66.67}, {"dispute.pending", 2025, 0, 1, 1}, {"dispute.pending", 2024, 0, 1, 1},
		{"dispute.screenings", 2025, 1, 1, 2}, {"dispute.found", 2025, 10, 5, 15}, {"dispute.prevented", 2025, 3, 2, 5},
		{"dispute.resolved_on_site", 2025, 4, 1, 5},
		{"dispute.zero_reports", 2025, 1, 0, 1}, {"dispute.zero_reports", 2024, 0, 1, 1},

		// h1 is on A's roll and on B's: one person at the county
		{"correction.current", 2025, 1, 1, 1}, {"correction.current", 2024, 2, 0, 2},
		{"correction.entered", 2025, 0, 2, 2}, {"correction.entered", 2024, 1, 0, 1},
		{"correction.released", 2025, 1, 0, 1}, {"correction.committed", 2025, 0, 1, 1},

		{"aftercare.total", 2025, 1, 1, 2}, {"aftercare.total", 2024, 1, 2, 3},
		{"aftercare.resettled", 2025, 1, 0, 1}, {"aftercare.assisted", 2025, 1, 1, 2},
		{"aftercare.resettlement_rate", 2025, 100, 0, 50}, {"aftercare.assistance_rate", 2025, 100, 100, 100},
		{"aftercare.reoffended", 2025, 0, 1, 1},
	} {
		for _, u := range []struct {
			id   int64
			want float64
		}{{uA, w.a}, {uB, w.b}, {uCounty, w.c}} {
			if got := res.Value(u.id, w.year, w.id); !got.Measured || got.Value != u.want {
				t.Errorf("%s %d unit %d = %v (measured %v), want %v", w.id, w.year, u.id, got.Value, got.Measured, u.want)
			}
		}
	}
}

// Every figure of every kind: a drill-down lists as many records as the
// value counts (a sum: the parts add up to it).
func TestFigures_DrillMatchesValue(t *testing.T) {
	e, m := figures(t)
	for _, in := range e.Catalogue() {
		d, ok := e.Def(in.ID)
		if !ok || d.Measure == ledger.Rate || d.Kind.Name == "icase" {
			continue
		}
		res, err := e.Compute(context.Background(), m, indicator.Query{UnitID: uCounty, From: 2025, To: 2025, Paths: m.paths, Drill: in.ID})
		if err != nil {
			t.Fatal(err)
		}
		v, dr := res.Value(uCounty, 2025, in.ID).Value, res.Records(uCounty, 2025)
		switch d.Measure {
		case ledger.Count:
			if float64(len(dr.IDs)) != v {
				t.Errorf("%s: %d records listed, value %v", in.ID, len(dr.IDs), v)
			}
		case ledger.Sum, ledger.SumRows:
			var sum float64
			for _, id := range dr.IDs {
				sum += dr.Part[id]
			}
			if sum != v {
				t.Errorf("%s: parts sum to %v, value %v", in.ID, sum, v)
			}
		case ledger.Persons:
			if float64(len(dr.IDs)) < v {
				t.Errorf("%s: %d records for %v persons", in.ID, len(dr.IDs), v)
			}
		}
	}
}

// Each figure the five seed reports state (000–004 in ../shared/seeds) is
// computed from a ledger, except those no ledger holds yet, which the
// catalogue lists as measured by hand.
func TestFigures_SeedFiguresAreMeasured(t *testing.T) {
	e, _ := figures(t)
	for _, id := range []string{
		"enforcement.certified_staff", "enforcement.certificate_rate", "enforcement.training_hours", "model_village.municipal",
		"law_literate.leaders", "law_literate.persons", "law_literate.households", "major_decision.total",
		"legality_review.normative_document", "legality_review.contract", // 000
		"legal_adviser.count", "dispute.resolved", "publicity.events", "publicity.materials", // 001
		"publicity.to_schools", "enforcement.exam_passed", "enforcement.land_area", "petition.received", "petition.closed",
		"petition.pending", "correction.current", "correction.released", "correction.entered", "aftercare.total",
		"aftercare.resettled", "aftercare.resettlement_rate", "aftercare.assisted", "aftercare.assistance_rate", // 002
		"study.sessions", "legal_adviser.opinions", "publicity.banners", "publicity.consultations", "exam.count",
		"exam.turnout_rate", "exam.excellent_rate", "publicity.to_agencies", "publicity.to_army", "publicity.to_enterprises",
		"publicity.people_reached", "mediation.committees", "mediation.mediators", "mediation.full_time_mediators",
		"dispute.screenings", "dispute.found", // 003
	} {
		if !e.Measured(id) {
			t.Errorf("%s (a figure of the seed reports) is computed from no ledger", id)
		}
	}
}
