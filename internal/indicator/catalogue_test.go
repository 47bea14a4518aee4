package indicator

import "testing"

func TestCatalogue_SeedIndicatorsPresent(t *testing.T) {
	for _, id := range []string{
		"enforcement.certified_staff", "enforcement.certificate_rate", "enforcement.training_hours",
		"legality_review.total", "legality_review.normative_document", "legality_review.contract",
		"major_decision.total", "legal_adviser.opinions", "publicity.events", "publicity.materials",
		"publicity.people_reached", "law_literate.persons", "law_literate.households",
		"model_village.provincial", "dispute.screenings", "dispute.found", "dispute.prevented",
		"dispute.resolved", "mediation.committees", "mediation.mediators", "petition.received",
		"petition.closed", "petition.pending", "correction.current", "correction.entered",
		"correction.released", "aftercare.resettlement_rate", "reconsideration.cases",
		"litigation.cases", "disclosure.items", "study.sessions",
	} {
		in, err := Lookup(id)
		if err != nil {
			t.Errorf("Lookup(%q): %v", id, err)
			continue
		}
		if in.Name == "" || in.Unit == "" || in.Definition == "" {
			t.Errorf("%s: incomplete entry %+v", id, in)
		}
	}
	if _, err := Lookup("petition.nonexistent"); err == nil {
		t.Error("Lookup of an unknown id succeeded")
	}
}

func TestParse_RejectsBadCatalogues(t *testing.T) {
	for name, tsv := range map[string]string{
		"three columns": "a.b\t名称\t件\n",
		"uppercase id":  "Petition.received\t受理\t件\t定义\n",
		"no dot":        "petition\t受理\t件\t定义\n",
		"duplicate":     "a.b\t甲\t件\t定义\na.b\t乙\t件\t定义\n",
		"missing unit":  "a.b\t甲\t\t定义\n",
		"two dots":      "a.b.c\t甲\t件\t定义\n",
	} {
		if _, err := Parse(tsv); err == nil {
			t.Errorf("%s: Parse accepted %q", name, tsv)
		}
	}
	list, err := Parse("# comment\na.b\t甲\t件\t定义\r\n")
	if err != nil || len(list) != 1 || list[0].Unit != "件" {
		t.Fatalf("Parse(valid) = %v, %v", list, err)
	}
}
