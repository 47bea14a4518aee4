package ledger

import (
	"strings"

	"fazhi/internal/access"
)

// Actor is who takes a step, placed against the record's unit. Roles say
// what a user may do; some steps also depend on where the user sits: a
// problem's 销号 is checked by the county above the township that
// rectified it, never by the township itself. The store fills it on every
// transition, correction and import step.
type Actor struct {
	// System: the command-line tools and the demo set-up, acting for no
	// unit (guards that need a place let them through).
	System bool
	UnitID int64 // the user's home unit
	// Level is the home unit's level; a department (部门/科室) is placed,
	// in Level and Relation, as the unit it belongs to (the county's
	// 司法局 acts as the county).
	Level access.Level
	// Relation is the home unit against the record's unit.
	Relation Relation
}

// Relation is a unit's place against another's in the unit tree.
type Relation string

const (
	SameUnit  Relation = "same"  // the record's own unit
	AboveUnit Relation = "above" // an ancestor of the record's unit
	BelowUnit Relation = "below" // a unit below the record's
	OtherUnit Relation = "other" // neither: a unit elsewhere in the tree (by a grant)
)

// RelationOf places the unit with materialised path actor ("/1/4/")
// against the unit with path record. An unknown path is OtherUnit.
func RelationOf(actor, record string) Relation {
	switch {
	case actor == "" || record == "":
		return OtherUnit
	case actor == record:
		return SameUnit
	case strings.HasPrefix(record, actor):
		return AboveUnit
	case strings.HasPrefix(actor, record):
		return BelowUnit
	}
	return OtherUnit
}

// AboveAtLevel reports whether the actor acts from an ancestor of the
// record's unit of one of levels (or is the system actor).
func (a Actor) AboveAtLevel(levels ...access.Level) bool {
	if a.System {
		return true
	}
	if a.Relation != AboveUnit {
		return false
	}
	for _, l := range levels {
		if a.Level == l {
			return true
		}
	}
	return false
}
