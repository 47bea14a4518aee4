package store

import (
	"context"
	"fmt"

	"fazhi/internal/ledger"
)

// Tally evaluates the kind's tally name over the records of year in unitID's
// subtree that a may read, with the unit's settings (its minimums).
func (db *DB) Tally(ctx context.Context, a Actor, k *ledger.Kind, name string, unitID int64, year int) (_ []ledger.TallyRow, err error) {
	defer wrap(&err, "store.Tally(%s %s %d %d)", k.Name, name, unitID, year)
	t := k.TallyOf(name)
	if t == nil {
		return nil, ErrNotFound
	}
	unit, err := db.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Scope.CanRead(unit.Path) {
		return nil, ErrNotFound
	}
	var recs []ledger.Record
	for page := 1; ; page++ {
		batch, _, err := db.ListRecords(ctx, a, ListQuery{Kind: k.Name, UnitID: unitID, Year: year, Sort: "id", Page: page, PerPage: 200})
		if err != nil {
			return nil, err
		}
		for _, r := range batch {
			if st := k.State(r.State); st != nil && !st.Abandon {
				recs = append(recs, r)
			}
		}
		if len(batch) < 200 {
			break
		}
		if page >= MaxPage {
			return nil, fmt.Errorf("more than %d pages", MaxPage)
		}
	}
	set, err := db.settingsFor(ctx, k, unit.Path)
	if err != nil {
		return nil, err
	}
	return k.Tally(t, recs, set), nil
}
