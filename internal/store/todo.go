package store

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
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

// Wait is a kind's state in which records wait for one of Roles
// (ledger.Kind.WaitingStates).
type Wait struct {
	Kind, State string
	Roles       []access.Role
}

// TodoQuery selects and pages a to-do list.
type TodoQuery struct {
	Waits []Wait
	// DueBy, when set, keeps the records whose next due date is known and
	// on or before it (overdue and due soon).
	DueBy calendar.Date
	// Limit and Offset page the list in its order; Limit 0 (or more than
	// MaxTodo) reads MaxTodo records.
	Limit, Offset int
}

// MaxTodo is how many records a to-do query reads at most at a time.
const MaxTodo = 500

// todoUnion selects (id, next_due) of the records waiting for a: in one of
// the waits' kind and state, in a's scope, in a unit where a holds one of
// the wait's roles (roles held in a unit extend to its descendants). Each
// kind and state is one arm of a UNION ALL, read from the records_todo
// index alone (kind, state, unit_path, next_due); an OR of them would make
// SQLite fetch every matching record's row before sorting. ok is false when
// nothing can wait for a.
func (db *DB) todoUnion(a Actor, q TodoQuery) (union string, args []any, ok bool) {
	if a.System {
		return "", nil, false
	}
	var arms []string
	for _, w := range q.Waits {
		var paths []string
		for id, held := range a.Scope.WriteUnits {
			if slices.ContainsFunc(held, func(r access.Role) bool { return slices.Contains(w.Roles, r) }) {
				if p := db.unitPath(id); p != "" {
					paths = append(paths, p)
				}
			}
		}
		// Within the read scope (scopeWhere), as one set of subtrees.
		paths = intersectPaths(paths, a.Scope.ReadPaths)
		if len(paths) == 0 {
			continue
		}
		units, uargs := scopeSQL("r.unit_path", paths)
		arm := "SELECT r.id, r.next_due FROM records r WHERE r.kind = ? AND r.state = ? AND " + units
		args = append(append(args, w.Kind, w.State), uargs...)
		if !q.DueBy.IsZero() {
			arm, args = arm+" AND r.next_due <> '' AND r.next_due <= ?", append(args, q.DueBy.String())
		}
		arms = append(arms, arm)
	}
	if len(arms) == 0 {
		return "", nil, false
	}
	return strings.Join(arms, " UNION ALL "), args, true
}

// Todo returns the records waiting for a (todoUnion) by their next due
// date (records.next_due: overdue first, then due soonest, then those with
// no known due date), from q.Offset on, at most q.Limit (or MaxTodo), each
// with its running clocks: two queries whatever the number of kinds,
// states and records, the page's ids picked from the index before any
// record is read. The system actor waits for nothing.
func (db *DB) Todo(ctx context.Context, a Actor, q TodoQuery) (_ []TodoRecord, err error) {
	defer wrap(&err, "store.Todo")
	union, args, ok := db.todoUnion(a, q)
	if !ok {
		return nil, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxTodo {
		limit = MaxTodo
	}
	const order = " ORDER BY w.next_due = '', w.next_due, w.id"
	rows, err := db.query(ctx, "SELECT r.id, r.kind, r.state, r.title, r.unit_id, r.unit_path, r.created_by, r.updated_by"+
		" FROM (SELECT w.id, w.next_due FROM ("+union+") w"+order+" LIMIT "+strconv.Itoa(limit)+" OFFSET "+strconv.Itoa(max(q.Offset, 0))+") w"+
		" JOIN records r ON r.id = w.id"+order, args...)
	if err != nil {
		return nil, err
	}
	var out []TodoRecord
	at := map[int64]int{}
	var ids []any
	for rows.Next() {
		var t TodoRecord
		var path string
		if err := rows.Scan(&t.RecordID, &t.Kind, &t.State, &t.Title, &t.UnitID, &path, &t.CreatedBy, &t.UpdatedBy); err != nil {
			rows.Close()
			return nil, err
		}
		t.Roles = db.rolesIn(a, t.UnitID, path)
		at[t.RecordID] = len(out)
		out = append(out, t)
		ids = append(ids, t.RecordID)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	// The running clocks of the same records, by their primary key: the
	// status is tested here, since with it in SQL SQLite walks every
	// running clock of the county (clocks_remind) to match the ids.
	crows, err := db.query(ctx, "SELECT "+clockCols+", c.record_id FROM clocks c"+
		" WHERE c.record_id IN ("+placeholders(len(ids))+") ORDER BY c.record_id, c.period", ids...)
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
		if i, ok := at[id]; ok && c.Status == ledger.ClockRunning {
			out[i].Clocks = append(out[i].Clocks, c)
		}
	}
	return out, crows.Err()
}

// TodoCount counts the records Todo pages through (q's Limit and Offset
// aside).
func (db *DB) TodoCount(ctx context.Context, a Actor, q TodoQuery) (n int, err error) {
	defer wrap(&err, "store.TodoCount")
	union, args, ok := db.todoUnion(a, q)
	if !ok {
		return 0, nil
	}
	err = db.queryRow(ctx, "SELECT COUNT(*) FROM ("+union+") w", args...).Scan(&n)
	return n, err
}

// intersectPaths is the set of subtrees in both a's and b's subtrees
// (unit path prefixes), sorted, none inside another.
func intersectPaths(a, b []string) []string {
	var out []string
	for _, p := range a {
		for _, q := range b {
			switch {
			case strings.HasPrefix(p, q):
				out = append(out, p)
			case strings.HasPrefix(q, p):
				out = append(out, q)
			}
		}
	}
	slices.Sort(out)
	out = slices.Compact(out)
	var outer []string
	for _, p := range out { // sorted: a subtree's root comes before what lies inside it
		if !slices.ContainsFunc(outer, func(q string) bool { return strings.HasPrefix(p, q) }) {
			outer = append(outer, p)
		}
	}
	return outer
}
