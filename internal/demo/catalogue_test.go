package demo_test

import (
	"strconv"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// Every demo decision comes from a published item of its township's
// catalogue of its year, and the item names it back; a decided one's item
// is marked decided.
func TestSeed_DecisionsComeFromTheirCatalogue(t *testing.T) {
	e := seeded(t)
	insp := e.actor(t, "inspector")
	items := map[string]ledger.Record{}
	for _, it := range e.all(t, insp, store.ListQuery{Kind: kinds.CatalogueItemKind}) {
		items[strconv.FormatInt(it.ID, 10)] = it
	}
	decisions := e.all(t, insp, store.ListQuery{Kind: kinds.MajorDecisionKind})
	if len(decisions) == 0 || len(items) != len(decisions) {
		t.Fatalf("%d decisions, %d catalogue items", len(decisions), len(items))
	}
	for _, d := range decisions {
		it, ok := items[d.Data["catalogue_id"]]
		if !ok {
			t.Errorf("decision %s names no catalogue item (%q)", d.Title, d.Data["catalogue_id"])
			continue
		}
		if it.UnitID != d.UnitID || it.Data["catalogue_year"] != d.Data["catalogue_year"] || it.Data["decision_id"] != strconv.FormatInt(d.ID, 10) {
			t.Errorf("decision %s and item %s do not match: %v / %v", d.Title, it.Title, d.Data, it.Data)
		}
		if it.State == "drafting" {
			t.Errorf("item %s is unpublished", it.Title)
		}
		if d.Data["meeting_date"] != "" && d.State != "terminated" && it.State != "decided" {
			t.Errorf("decided %s: item %s is %s", d.Title, it.Title, it.State)
		}
	}
}
