package store

import (
	"context"
	"strconv"
	"strings"

	"fazhi/internal/calendar"
)

// BoardQuery filters and pages the deadline board.
type BoardQuery struct {
	Kind   string // "" every kind
	UnitID int64  // 0 every unit in scope; else the unit and its subtree
	UserID int64  // 0 anyone; else records created or last changed by this user
	// Before, when set, keeps the deadlines due before it and those whose
	// due date is pending (a dashboard's past due and due soon).
	Before calendar.Date
	// Limit and Offset page the board in its order; Limit 0 (or more than
	// MaxBoard) reads MaxBoard clocks.
	Limit, Offset int
}

// BoardClock is a running deadline on the board, with who handles it.
type BoardClock struct {
	DueClock
	State     string
	CreatedBy int64
	UpdatedBy int64
}

// MaxBoard is how many clocks the board reads at most at a time.
const MaxBoard = 5000

// boardWhere is the board's WHERE over clocks c (joined to records r when
// needsRecords): running deadlines in a's scope — the same read scope as
// every record list (scopeWhere), on the clock's copy of its record's unit
// path — narrowed by q. ok is false when q's unit does not exist.
func (db *DB) boardWhere(a Actor, q BoardQuery) (where string, args []any, needsRecords, ok bool) {
	scope, args := scopeWhereOn(a, "c.unit_path")
	conds := []string{"c.status = 'running'", "c.type = 'deadline'", scope}
	if q.Kind != "" {
		conds, args, needsRecords = append(conds, "r.kind = ?"), append(args, q.Kind), true
	}
	if q.UnitID != 0 {
		p := db.unitPath(q.UnitID)
		if p == "" {
			return "", nil, false, false
		}
		lo, hi := pathRange(p)
		conds, args = append(conds, "c.unit_path >= ? AND c.unit_path < ?"), append(args, lo, hi)
	}
	if !q.Before.IsZero() {
		conds, args = append(conds, "(c.due = '' OR c.due < ?)"), append(args, q.Before.String())
	}
	if q.UserID != 0 {
		conds = append(conds, "(r.created_by = ? OR r.updated_by = ?)")
		args, needsRecords = append(args, q.UserID, q.UserID), true
	}
	return strings.Join(conds, " AND "), args, needsRecords, true
}

// Board returns the running deadlines in a's scope matching q, overdue
// first and then by due date (so simply by due date, earliest first), those
// whose due date is pending last, from q.Offset on, at most q.Limit (or
// MaxBoard); truncated reports that more matched. The order is the
// clocks_board index's (migration 0023): a page reads its rows and the
// ones it skips, never the whole board.
func (db *DB) Board(ctx context.Context, a Actor, q BoardQuery) (_ []BoardClock, truncated bool, err error) {
	defer wrap(&err, "store.Board(%s)", q.Kind)
	where, args, _, ok := db.boardWhere(a, q)
	if !ok {
		return nil, false, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > MaxBoard {
		limit = MaxBoard
	}
	// SQLite, without statistics, answers a unit's board from
	// clocks_board_unit's range and sorts all of it: for a county's 11,000
	// deadlines 55 ms a page against 0.1 ms walking clocks_board in order
	// (a township's deep page 7 ms against 4 ms).
	from := "clocks c"
	if db.dialect == sqlite {
		from += " INDEXED BY clocks_board"
	}
	rows, err := db.query(ctx, "SELECT "+clockCols+", r.id, r.kind, r.title, r.unit_id, r.state, r.created_by, r.updated_by"+
		" FROM "+from+" JOIN records r ON r.id = c.record_id WHERE "+where+
		" ORDER BY c.due = '', c.due, c.record_id, c.period LIMIT "+strconv.Itoa(limit+1)+" OFFSET "+strconv.Itoa(max(q.Offset, 0)), args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	var out []BoardClock
	for rows.Next() {
		var b BoardClock
		c, err := scanClock(rows, &b.RecordID, &b.Kind, &b.Title, &b.UnitID, &b.State, &b.CreatedBy, &b.UpdatedBy)
		if err != nil {
			return nil, false, err
		}
		b.Clock = c
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, false, err
	}
	if len(out) > limit {
		return out[:limit], true, nil
	}
	return out, false, nil
}

// BoardSummary counts the whole board of a query, whatever page is read.
type BoardSummary struct {
	Running, Overdue int
	ByUnit           []BoardUnitCount // the units with running deadlines, in the board's order of their first
}

// BoardUnitCount is one unit's running and overdue deadlines.
type BoardUnitCount struct {
	UnitID           int64
	Running, Overdue int
	FirstDue         string // the unit's earliest known due date, "" when all are pending
}

// BoardSummary counts the running deadlines of q (its Limit and Offset
// aside) in a's scope, and those due before today, per unit: one grouped
// read of the clocks_board_unit index unless q filters on the records'
// kind or people.
func (db *DB) BoardSummary(ctx context.Context, a Actor, q BoardQuery, today calendar.Date) (_ BoardSummary, err error) {
	defer wrap(&err, "store.BoardSummary(%s)", q.Kind)
	var s BoardSummary
	where, args, needsRecords, ok := db.boardWhere(a, q)
	if !ok {
		return s, nil
	}
	from := "clocks c"
	if needsRecords {
		from += " JOIN records r ON r.id = c.record_id"
	}
	rows, err := db.query(ctx, "SELECT c.unit_path, COUNT(*), SUM(CASE WHEN c.due <> '' AND c.due < ? THEN 1 ELSE 0 END),"+
		" COALESCE(MIN(NULLIF(c.due, '')), '') FROM "+from+" WHERE "+where+" GROUP BY c.unit_path",
		append([]any{today.String()}, args...)...)
	if err != nil {
		return s, err
	}
	defer rows.Close()
	for rows.Next() {
		var path string
		var u BoardUnitCount
		if err := rows.Scan(&path, &u.Running, &u.Overdue, &u.FirstDue); err != nil {
			return s, err
		}
		u.UnitID = pathUnit(path)
		s.Running += u.Running
		s.Overdue += u.Overdue
		s.ByUnit = append(s.ByUnit, u)
	}
	return s, rows.Err()
}

// pathUnit is the unit a unit path ends with ("/1/4/" → 4).
func pathUnit(path string) int64 {
	p := strings.TrimSuffix(path, "/")
	id, _ := strconv.ParseInt(p[strings.LastIndexByte(p, '/')+1:], 10, 64)
	return id
}
