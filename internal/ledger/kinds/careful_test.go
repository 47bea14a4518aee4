package kinds_test

import (
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// refID is the id the no-stuck test links for a reference to kind; the
// fake reader answers each with a record that passes its gate.
func refID(kind string) int64 {
	if kind == kinds.MediationCommitteeKind {
		return 901
	}
	if id, ok := fakeIDs[kind]; ok {
		return id
	}
	return 900
}

// sittingCommittee is a constituted committee with the declared example
// roster, on which the example dispute's mediator sits.
func sittingCommittee(id int64) *ledger.Record {
	k := kinds.MediationCommittee()
	return &ledger.Record{ID: id, Kind: kinds.MediationCommitteeKind, State: "active",
		Data: ledger.Values{"name": "示例村人民调解委员会", "members": ledger.ExampleValue(k.Field("members"), calendar.Date{Year: 2020, Month: 1, Day: 2})}}
}
