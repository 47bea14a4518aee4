package store

import (
	"context"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// TodoRecord is a record waiting in a state for the caller (see
// ledger.Kind.WaitingStates), with its running clocks.
type TodoRecord struct {
	RecordID  int64
	Kind      string
	State     string
	Title     string
	UnitID    int64
	CreatedBy int64
	UpdatedBy int64
	Roles     []access.Role  // the caller's roles for the record's unit
	Clocks    []ledger.Clock // running clocks, by period
}

// MaxTodo is how many records of one kind and state the to-do list reads.
const MaxTodo = 500

// Waiting returns the records of kind in state, in a's scope, whose unit
// lies where a holds one of roles (roles held in a unit extend to its
// descendants), oldest change first, at most MaxTodo, each with its running
// clocks: one query for the kind and state, whatever the number of records.
// The system actor waits for nothing.
func (db *DB) Waiting(ctx context.Context, a Actor, kind, state string, roles []access.Role) (_ []TodoRecord, err error) {
	defer wrap(&err, "store.Waiting(%s %s)", kind, state)
	if a.System {
		return nil, nil
	}
	var paths []string
	for id, held := range a.Scope.WriteUnits {
		if slices.ContainsFunc(held, func(r access.Role) bool { return slices.Contains(roles, r) }) {
			if p := db.unitPath(id); p != "" {
				paths = append(paths, p)
			}
		}
	}
	if len(paths) == 0 {
		return nil, nil
	}
	slices.Sort(paths)
	scope, sargs := scopeWhere(a)
	units, uargs := scopeSQL("r.unit_path", paths)
	args := append([]any{kind, state}, sargs...)
	args = append(args, uargs...)
	where := "r.kind = ? AND r.state = ? AND " + scope + " AND " + units
	rows, err := db.query(ctx, "SELECT r.id, r.title, r.unit_id, r.unit_path, r.created_by, r.updated_by FROM records r"+
		" WHERE "+where+" ORDER BY r.updated_at, r.id LIMIT "+strconv.Itoa(MaxTodo), args...)
	if err != nil {
		return nil, err
	}
	var out []TodoRecord
	at := map[int64]int{}
	for rows.Next() {
		t := TodoRecord{Kind: kind, State: state}
		var path string
		if err := rows.Scan(&t.RecordID, &t.Title, &t.UnitID, &path, &t.CreatedBy, &t.UpdatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		t.Roles = db.rolesIn(a, t.UnitID, path)
		at[t.RecordID] = len(out)
		out = append(out, t)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The running clocks of the same records, in one more query.
	crows, err := db.query(ctx, "SELECT "+clockCols+", r.id FROM clocks c JOIN records r ON r.id = c.record_id"+
		" WHERE c.status = 'running' AND "+where+" ORDER BY r.id, c.period", args...)
	if err != nil {
		return nil, err
	}
	defer crows.Close()
	for crows.Next() {
		var id int64
		c, err := scanClock(crows, &id)
		if err != nil {
			return nil, err
		}
		if i, ok := at[id]; ok {
			out[i].Clocks = append(out[i].Clocks, c)
		}
	}
	return out, crows.Err()
}
