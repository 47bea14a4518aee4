package kinds

import "fazhi/internal/ledger"

// demos is what the demo generator reads of each kind (ledger.Demo): a
// township's records in a year — hundreds of disputes and publicity
// events, dozens of petitions, contracts and certified staff, tens of
// correction subjects (issue 7, modelled on the seed reports' yearly
// figures) — the share still under way at the year's end and the share
// that missed a clock, the values records prefer so that their gates open
// (a review found lawful, a written agreement before judicial
// confirmation), and the officers of a case taken from the certified
// staff (行政处罚法第四十二条).
var demos = map[string]ledger.Demo{
	LegalityReviewKind: {Volume: 40, Open: 5, Late: 8,
		Values: map[string][]string{"opinion": {OpinionLawful, OpinionLawful, OpinionLawful, OpinionLawfulRevised}}},
	MajorDecisionKind: {Volume: 6, Open: 15, Late: 5},
	NormativeDocumentKind: {Volume: 3, Open: 10, Late: 10,
		Values:   map[string][]string{"provisional": {"否"}, "validity_years": {"5", "5", "3"}},
		Settings: map[string]string{SettingUnitCode: "{单位}政"}},
	ContractKind:       {Volume: 30, Open: 10, Late: 5},
	LegalAdviserKind:   {Volume: 2, InForce: true},
	AdviserOpinionKind: {Volume: 30, Open: 3, Late: 5},
	EnforcementOfficerKind: {Volume: 25, Open: 2, InForce: true,
		Values: map[string][]string{"post_type": {PostEnforcement, PostEnforcement, PostEnforcement, PostNonEnforcement}}},
	EnforcementCaseKind: {Volume: 60, Open: 8, Late: 6,
		Rows: map[string]ledger.DemoRows{"officers": {Kind: EnforcementOfficerKind,
			Columns: map[string]string{"name": "name", "cert_no": "cert_no"}}}},
	AdminDisputeKind:       {Volume: 4, Open: 20, Late: 5},
	PetitionKind:           {Volume: 40, Open: 5, Late: 8},
	LawStudyKind:           {Volume: 12, Open: 2},
	ExamKind:               {Volume: 6, Open: 2},
	PublicityEventKind:     {Volume: 150, Open: 2},
	PublicityDutyKind:      {Volume: 10, Open: 10, InForce: true},
	ModelVillageKind:       {Volume: 2, Open: 5, InForce: true},
	VillageTalentKind:      {Volume: 30, Open: 3, InForce: true},
	MediationCommitteeKind: {Volume: 3, InForce: true},
	DisputeScreeningKind:   {Volume: 12, Open: 2},
	DisputeCaseKind: {Volume: 250, Open: 4, Late: 6,
		Values: map[string][]string{"agreement_form": {agreementWritten, agreementWritten, agreementOral}}},
	DisputeZeroKind: {Volume: 2, Open: 5},
	CorrectionKind: {Volume: 15, Open: 30,
		Values: map[string][]string{"group.sex": {"女", "男"}}},
	AftercareKind:         {Volume: 12, Open: 30, InForce: true},
	DisclosureItemKind:    {Volume: 60, Open: 2, Late: 5},
	DisclosureRequestKind: {Volume: 5, Open: 10, Late: 10},
	SuggestionKind:        {Volume: 8, Open: 10, Late: 5},
	MeetingKind: {Volume: 12, Open: 2,
		Values: map[string][]string{"topics.category": {TopicLawBuilding, TopicLawStudy, "其他"}}},
	LawReportKind:     {Volume: 3, Open: 5},
	WorkPlanKind:      {Volume: 1, AtYearEnd: []string{"conclude"}},
	PlanTaskKind:      {Volume: 15, Open: 10, Late: 10},
	CatalogueItemKind: {Volume: 5, Open: 10},
	RectificationKind: {Volume: 5, Open: 20, Late: 10},
}

// withDemo sets each kind's Demo from the table.
func withDemo(ks []*ledger.Kind) []*ledger.Kind {
	for _, k := range ks {
		k.Demo = demos[k.Name]
	}
	return ks
}
