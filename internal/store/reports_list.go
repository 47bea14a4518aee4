package store

import (
	"context"
	"strings"
)

// ReportQuery selects reports for a list: those of a unit's subtree (0:
// every unit) and a year (0: every year), always within the reader's
// scope.
type ReportQuery struct {
	UnitID int64
	Year   int
}

// ReportByID reads report id at its current version: ErrNotFound when
// there is none or its unit is outside a's scope.
func (db *DB) ReportByID(ctx context.Context, a Actor, id int64) (_ *Report, err error) {
	defer wrap(&err, "store.ReportByID(%d)", id)
	return db.reportWhere(ctx, a, "r.id = ?", id)
}

// Reports lists the reports q selects that a may read, newest year first,
// then in the order of the unit tree. A unit outside a's scope is
// ErrNotFound, like its report.
func (db *DB) Reports(ctx context.Context, a Actor, q ReportQuery) (_ []Report, err error) {
	defer wrap(&err, "store.Reports(%d %d)", q.UnitID, q.Year)
	var conds []string
	var args []any
	if q.UnitID != 0 {
		u, err := db.readableUnit(ctx, a, q.UnitID)
		if err != nil {
			return nil, err
		}
		lo, hi := pathRange(u.Path)
		conds = append(conds, "n.path >= ? AND n.path < ?")
		args = append(args, lo, hi)
	}
	if q.Year != 0 {
		conds = append(conds, "r.year = ?")
		args = append(args, q.Year)
	}
	sc, sargs := readScope(a, "n.path")
	conds = append(conds, sc)
	args = append(args, sargs...)
	rows, err := db.query(ctx, "SELECT "+reportCols+reportFrom+" WHERE "+strings.Join(conds, " AND ")+" ORDER BY r.year DESC, n.path", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}
