package store

import (
	"context"
	"strconv"
	"strings"
)

// BoardQuery filters the deadline board.
type BoardQuery struct {
	Kind   string // "" every kind
	UnitID int64  // 0 every unit in scope; else the unit and its subtree
	UserID int64  // 0 anyone; else records created or last changed by this user
}

// BoardClock is a running deadline on the board, with who handles it.
type BoardClock struct {
	DueClock
	State     string
	CreatedBy int64
	UpdatedBy int64
}

// MaxBoard is how many clocks the board reads at most.
const MaxBoard = 5000

// Board returns every running deadline in a's scope matching q, overdue
// first and then by due date (so simply by due date, earliest first), those
// whose due date is pending last; truncated reports that more than MaxBoard
// matched.
func (db *DB) Board(ctx context.Context, a Actor, q BoardQuery) (_ []BoardClock, truncated bool, err error) {
	defer wrap(&err, "store.Board(%s)", q.Kind)
	scope, args := scopeWhere(a)
	where := []string{"c.status = 'running'", "c.type = 'deadline'", scope}
	if q.Kind != "" {
		where, args = append(where, "r.kind = ?"), append(args, q.Kind)
	}
	if q.UnitID != 0 {
		p := db.unitPath(q.UnitID)
		if p == "" {
			return nil, false, nil
		}
		lo, hi := pathRange(p)
		where, args = append(where, "r.unit_path >= ? AND r.unit_path < ?"), append(args, lo, hi)
	}
	if q.UserID != 0 {
		where, args = append(where, "(r.created_by = ? OR r.updated_by = ?)"), append(args, q.UserID, q.UserID)
	}
	rows, err := db.query(ctx, "SELECT "+clockCols+", r.id, r.kind, r.title, r.unit_id, r.state, r.created_by, r.updated_by"+
		" FROM clocks c JOIN records r ON r.id = c.record_id WHERE "+strings.Join(where, " AND ")+
		" ORDER BY CASE WHEN c.due = '' THEN 1 ELSE 0 END, c.due, r.id, c.period LIMIT "+strconv.Itoa(MaxBoard+1), args...)
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
	if len(out) > MaxBoard {
		return out[:MaxBoard], true, nil
	}
	return out, false, nil
}
