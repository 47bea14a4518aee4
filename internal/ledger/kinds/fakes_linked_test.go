package kinds_test

import (
	"strconv"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// fakeIDs are the ids the no-stuck test links for references to the
// decision catalogue, decisions, work plans and plan tasks.
var fakeIDs = map[string]int64{kinds.MajorDecisionKind: 902, kinds.CatalogueItemKind: 903, kinds.WorkPlanKind: 904, kinds.PlanTaskKind: 905}

// fakeLinked answers those ids with a record that passes the gate of the
// record 1 built from form (its year, its catalogue number), or nil.
func fakeLinked(id int64, form ledger.Values) *ledger.Record {
	year := form["year"] + form["catalogue_year"]
	switch id {
	case fakeIDs[kinds.MajorDecisionKind]:
		return &ledger.Record{ID: id, Kind: kinds.MajorDecisionKind, State: "archived",
			Data: ledger.Values{"catalogue_id": "1", "meeting_date": "2001-01-05"}}
	case fakeIDs[kinds.CatalogueItemKind]:
		return &ledger.Record{ID: id, Kind: kinds.CatalogueItemKind, State: "published",
			Data: ledger.Values{"catalogue_year": year, "catalogue_item": form["catalogue_item"], "decision_id": "1"}}
	case fakeIDs[kinds.WorkPlanKind]:
		return &ledger.Record{ID: id, Kind: kinds.WorkPlanKind, State: "issued", Data: ledger.Values{"year": year}}
	case fakeIDs[kinds.PlanTaskKind]:
		n, _ := strconv.Atoi(year)
		return &ledger.Record{ID: id, Kind: kinds.PlanTaskKind, State: "open",
			Data: ledger.Values{"year": strconv.Itoa(n + 1), "carried_from": "1"}}
	}
	return nil
}
