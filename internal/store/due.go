package store

import (
	"context"
	"errors"
	"fmt"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// RunDueTransitions takes every date-driven transition that is due: for a
// transition declaring OnDue, each record whose running clock of that period
// is past its due date (e.g. in force → expired after 有效期至). It is
// idempotent — the transition stops the clock and moves the record on, so a
// second run finds nothing — and catches up after downtime, since it asks
// for every clock due before today rather than those due today. Each change
// is an audited transition by the system. serve runs it at start and then
// periodically. It returns how many records changed.
func (db *DB) RunDueTransitions(ctx context.Context) (n int, err error) {
	defer wrap(&err, "store.RunDueTransitions")
	if db.cfg.Kinds == nil {
		return 0, nil
	}
	today := db.today()
	sys := SystemActor("到期自动办理")
	for _, k := range db.cfg.Kinds.Kinds() {
		for period, event := range k.DueTransitions() {
			rows, err := db.query(ctx, `SELECT r.id, r.version FROM clocks c JOIN records r ON r.id = c.record_id
				WHERE r.kind = ? AND c.period = ? AND c.status = 'running' AND c.due <> '' AND c.due < ? ORDER BY r.id`,
				k.Name, period, today.String())
			if err != nil {
				return n, err
			}
			type due struct {
				id      int64
				version int
			}
			var todo []due
			for rows.Next() {
				var d due
				if err := rows.Scan(&d.id, &d.version); err != nil {
					rows.Close()
					return n, err
				}
				todo = append(todo, d)
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return n, err
			}
			for _, d := range todo {
				_, err := db.Transition(ctx, sys, k, d.id, d.version, event, nil)
				var re *ledger.RuleError
				switch {
				case err == nil:
					n++
				case errors.Is(err, ErrConflict), errors.Is(err, ledger.ErrNoTransition), errors.As(err, &re):
					// Changed meanwhile, or no longer in a state the
					// transition leaves: the next run looks again.
				default:
					return n, fmt.Errorf("record %d %s: %w", d.id, event, err)
				}
			}
		}
	}
	return n, nil
}

// Reminders returns the running clocks in a's scope whose reminder is due
// on today (Period.RemindDays/RemindMonths ahead of the due date, up to the
// due date itself), soonest due first, at most 500: the dashboard's and the
// to-do list's "coming up" list.
func (db *DB) Reminders(ctx context.Context, a Actor, today calendar.Date) (_ []DueClock, err error) {
	defer wrap(&err, "store.Reminders")
	scope, args := scopeWhereOn(a, "c.unit_path")
	rows, err := db.query(ctx, "SELECT "+clockCols+", r.id, r.kind, r.title, r.unit_id FROM clocks c JOIN records r ON r.id = c.record_id"+
		" WHERE c.status = 'running' AND c.remind_on <> '' AND c.remind_on <= ? AND c.due >= ? AND "+scope+" ORDER BY c.due, r.id LIMIT 500",
		append([]any{today.String(), today.String()}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DueClock
	for rows.Next() {
		var d DueClock
		c, err := scanClock(rows, &d.RecordID, &d.Kind, &d.Title, &d.UnitID)
		if err != nil {
			return nil, err
		}
		d.Clock = c
		out = append(out, d)
	}
	return out, rows.Err()
}

// LateNotes returns, for those of ids that have a deadline met after its
// due date, how it reads ("逾期3日办结"; the latest first when several were),
// for the lists and exports. Records outside a's scope are left out.
func (db *DB) LateNotes(ctx context.Context, a Actor, ids []int64) (_ map[int64]string, err error) {
	defer wrap(&err, "store.LateNotes")
	out := map[int64]string{}
	for len(ids) > 0 {
		n := min(len(ids), 500)
		if err := db.lateNotes(ctx, a, ids[:n], out); err != nil {
			return nil, err
		}
		ids = ids[n:]
	}
	return out, nil
}

func (db *DB) lateNotes(ctx context.Context, a Actor, ids []int64, out map[int64]string) error {
	scope, sargs := scopeWhere(a)
	args := make([]any, 0, len(ids)+len(sargs))
	for _, id := range ids {
		args = append(args, id)
	}
	// Every clock of the ids by primary key, the late ones picked here
	// (Clock.LateDays): with the status in SQL, SQLite walks every stopped
	// deadline of the county (a status index) to match the ids.
	rows, err := db.query(ctx, "SELECT "+clockCols+", r.id FROM clocks c JOIN records r ON r.id = c.record_id"+
		" WHERE c.record_id IN ("+placeholders(len(ids))+") AND "+scope, append(args, sargs...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	worst := map[int64]int{}
	for rows.Next() {
		var id int64
		c, err := scanClock(rows, &id)
		if err != nil {
			return err
		}
		if n := c.LateDays(); n > worst[id] {
			worst[id], out[id] = n, c.LateNote()
		}
	}
	return rows.Err()
}
