package store

import (
	"context"
	"time"
)

// PostgreSQL plans list pages by its statistics; right after a bulk load
// (an import, the demo, a benchmark) they still describe an empty table
// and it sorts a whole scope where it should walk an index. So the store
// runs ANALYZE in the background as the records table grows: once after
// 1,000 new records and again each time their number doubles (autovacuum
// keeps them fresh in steady state); record_filters is vacuumed as well.
// SQLite lists do not depend on statistics (see listIndex).

// noteInserts counts created records and starts an ANALYZE when due.
func (db *DB) noteInserts(n int64) {
	if db.dialect != postgres {
		return
	}
	total := db.inserted.Add(n)
	next := db.analyzeAt.Load()
	if total < next || !db.analyzeAt.CompareAndSwap(next, 2*next) {
		return
	}
	go db.analyze()
}

func (db *DB) analyze() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if _, err := db.read.ExecContext(ctx, "ANALYZE records, record_values, record_counts, clocks"); err != nil {
		db.log.Warn("analyze", "err", err)
	}
	// VACUUM also marks record_filters' pages all-visible, so filtered
	// lists read the slot indexes alone (index-only scans), not the heap.
	if _, err := db.read.ExecContext(ctx, "VACUUM (ANALYZE) record_filters"); err != nil {
		db.log.Warn("vacuum record_filters", "err", err)
	}
}
