package kinds_test

import (
	"maps"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// What a careful clerk enters where the generic plausible value would be
// wrong for the kind (the no-stuck test's form and step values).

// carefulValues are values of fields, by name, given the day they are
// entered on.
var carefulValues = map[string]func(on calendar.Date) string{
	"month":    func(calendar.Date) string { return "2022-11" }, // a month before every date of the test
	"end_date": func(on calendar.Date) string { return on.AddDays(365).String() },
}

// carefulRows are rows of table fields, by name: cells that differ from
// the generic plausible value of their column.
var carefulRows = map[string][]ledger.Values{
	"participants": {{"absent": "否", "score": "1"}},
	"members": {
		{"name": "测试调解员", "sex": "女", "position": kinds.PositionChair},
		{"name": "乙委员", "sex": "男", "position": kinds.PositionMember},
		{"name": "丙委员", "sex": "男", "position": kinds.PositionMember},
	},
	"items": {{"status": "已完成"}},
}

// plausibleRows is a table of careful rows, or of MinRows (at least one)
// generic rows, each cell plausible for its column.
func plausibleRows(f *ledger.Field, on calendar.Date) string {
	over := carefulRows[f.Name]
	if over == nil {
		over = make([]ledger.Values, max(f.MinRows, 1))
	}
	rows := make([]ledger.Values, len(over))
	for i, o := range over {
		row := ledger.Values{}
		for j := range f.Columns {
			if v := plausible(&f.Columns[j], on); v != "" {
				row[f.Columns[j].Name] = v
			}
		}
		maps.Copy(row, o)
		rows[i] = row
	}
	return ledger.EncodeRows(rows)
}

// refID is the id the no-stuck test links for a reference to kind; the
// fake reader answers each with a record that passes its gate.
func refID(kind string) int64 {
	switch kind {
	case kinds.MediationCommitteeKind:
		return 901
	case kinds.DisputeScreeningKind:
		return 902
	}
	return 900
}

// sittingCommittee is a constituted committee whose roster holds the
// plausible mediator.
func sittingCommittee(id int64) *ledger.Record {
	members := plausibleRows(kinds.MediationCommittee().Field("members"), calendar.Date{Year: 2020, Month: 1, Day: 2})
	return &ledger.Record{ID: id, Kind: kinds.MediationCommitteeKind, State: "active",
		Data: ledger.Values{"name": "测试村人民调解委员会", "members": members}}
}
