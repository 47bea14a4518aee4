package store

import (
	"context"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// placeOf is actor a placed against the unit with path recordPath, for
// the guards (ledger.GuardContext.Actor): a's home unit, its level and
// whether it is the record's unit, above it or elsewhere. A department
// (部门/科室) is placed as the unit it belongs to.
func (db *DB) placeOf(ctx context.Context, a Actor, recordPath string) (ledger.Actor, error) {
	if a.System {
		return ledger.Actor{System: true}, nil
	}
	var path, level, parentPath, parentLevel string
	if err := db.queryRow(ctx, "SELECT u.path, u.level, COALESCE(p.path, ''), COALESCE(p.level, '') FROM units u"+
		" LEFT JOIN units p ON p.id = u.parent_id WHERE u.id = ?", a.UnitID).Scan(&path, &level, &parentPath, &parentLevel); err != nil {
		return ledger.Actor{}, db.translate(err)
	}
	if access.Level(level) == access.LevelDepartment && parentPath != "" {
		// A department acts for the unit it belongs to: the county's
		// 司法局 checks a township's work as the county.
		path, level = parentPath, parentLevel
	}
	return ledger.Actor{UnitID: a.UnitID, Level: access.Level(level), Relation: ledger.RelationOf(path, recordPath)}, nil
}
