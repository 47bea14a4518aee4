package store

import (
	"context"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// placeOf is actor a placed against the unit with path recordPath, for
// the guards (ledger.GuardContext.Actor): a's home unit, its level and
// whether it is the record's unit, above it or elsewhere.
func (db *DB) placeOf(ctx context.Context, a Actor, recordPath string) (ledger.Actor, error) {
	if a.System {
		return ledger.Actor{System: true}, nil
	}
	var path, level string
	if err := db.queryRow(ctx, "SELECT path, level FROM units WHERE id = ?", a.UnitID).Scan(&path, &level); err != nil {
		return ledger.Actor{}, db.translate(err)
	}
	return ledger.Actor{UnitID: a.UnitID, Level: access.Level(level), Relation: ledger.RelationOf(path, recordPath)}, nil
}
