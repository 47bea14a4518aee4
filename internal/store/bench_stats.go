package store

import "context"

// DataStats is the size of what the store holds, for benchmark reports.
type DataStats struct {
	Units, Records   int64
	Running, Overdue int64 // running deadlines, and those past due today
	Bytes            int64 // PostgreSQL: the database's size; SQLite: 0 (the file says)
}

// BenchStats counts units, records and running deadlines.
func (db *DB) BenchStats(ctx context.Context) (_ DataStats, err error) {
	defer wrap(&err, "store.BenchStats")
	var s DataStats
	today := db.today().String()
	if err := db.queryRow(ctx, "SELECT (SELECT COUNT(*) FROM units), (SELECT COUNT(*) FROM records),"+
		" (SELECT COUNT(*) FROM clocks WHERE status = 'running' AND type = 'deadline'),"+
		" (SELECT COUNT(*) FROM clocks WHERE status = 'running' AND type = 'deadline' AND due <> '' AND due < ?)", today).
		Scan(&s.Units, &s.Records, &s.Running, &s.Overdue); err != nil {
		return s, db.translate(err)
	}
	if db.dialect == postgres {
		if err := db.queryRow(ctx, "SELECT pg_database_size(current_database())").Scan(&s.Bytes); err != nil {
			return s, db.translate(err)
		}
	}
	return s, nil
}
