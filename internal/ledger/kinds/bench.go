package kinds

// BenchKind is the kind `fazhi bench` writes and lists, side by side with
// PocketBase: a legality review, whose create form has an enum filtered
// on, a text, a department, a reviewer and a date.
const BenchKind = LegalityReviewKind

// BenchFields names the fields of BenchKind the benchmark fills in.
var BenchFields = struct {
	SubjectType, Department, Reviewer, ReviewerBy, Received string
}{"subject_type", "department", "reviewer_type", "reviewer_name", "received_date"}

// CountyVolumes is how many records of each kind a township makes in a
// year, for `fazhi bench pages`' generated county (issue 7: hundreds of
// disputes and publicity events, dozens of petitions, contracts and
// certified staff, tens of correction subjects), modelled on the seed
// reports' yearly figures. A kind missing here gets none.
var CountyVolumes = map[string]int{
	LegalityReviewKind: 40, MajorDecisionKind: 6, NormativeDocumentKind: 3, ContractKind: 30,
	LegalAdviserKind: 2, AdviserOpinionKind: 30, EnforcementOfficerKind: 25, EnforcementCaseKind: 60,
	AdminDisputeKind: 4, PetitionKind: 40, LawStudyKind: 12, ExamKind: 6,
	PublicityEventKind: 150, PublicityDutyKind: 10, ModelVillageKind: 2, VillageTalentKind: 30,
	MediationCommitteeKind: 3, DisputeScreeningKind: 12, DisputeCaseKind: 250, DisputeZeroKind: 2,
	CorrectionKind: 15, AftercareKind: 12, DisclosureItemKind: 60, DisclosureRequestKind: 5,
	SuggestionKind: 8, MeetingKind: 12, LawReportKind: 3, WorkPlanKind: 1, PlanTaskKind: 15,
	CatalogueItemKind: 5, RectificationKind: 5,
}
