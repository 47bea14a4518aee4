package store

import (
	"context"
	"fmt"

	"fazhi/internal/ledger"
)

// FillPendingDues computes the due dates that were left pending because the
// working-day calendar did not know their year (ledger.Clock.DueUnknown),
// now that it may: a deployment loads the next year's holidays with
// --holidays and restarts. serve calls it at start. Each record filled is
// audited as a system change. It returns how many records changed.
func (db *DB) FillPendingDues(ctx context.Context) (n int, err error) {
	defer wrap(&err, "store.FillPendingDues")
	if db.cfg.Calendar == nil {
		return 0, nil
	}
	rows, err := db.query(ctx, "SELECT DISTINCT record_id FROM clocks WHERE due = '' AND status <> ?", string(ledger.ClockStopped))
	if err != nil {
		return 0, err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return 0, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return 0, err
	}
	sys := SystemActor("期限重算")
	for _, id := range ids {
		clocks, err := db.clocksOf(ctx, id)
		if err != nil {
			return n, err
		}
		filled, changed, err := ledger.RecomputeUnknown(clocks, db.cfg.Calendar)
		if err != nil {
			return n, err
		}
		if !changed {
			continue
		}
		err = db.write(ctx, func(t *wtx) error {
			var path string
			if err := t.queryRow("SELECT unit_path FROM records WHERE id = ?", id).Scan(&path); err != nil {
				return t.db.translate(err)
			}
			if err := t.writeClocks(id, path, filled, false); err != nil {
				return err
			}
			_, err := t.audit(sys, "clock", fmt.Sprintf("record:%d", id), map[string]string{"summary": "节假日安排已载入，补算期限届满日"})
			return err
		})
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}
