package store

import (
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The writer's pipeline. A create writes about eight statements whose
// results nobody reads (the record with an id the writer reserved, its
// values, filter row, clocks, count, audit entry). On PostgreSQL each
// statement was a network round trip, serialised through the one writer;
// queued instead and sent as one pgx.Batch when something must be read (the
// audit head) or before COMMIT, a group of creates costs about five round
// trips in all. On SQLite the queue is not used (statements run in process).
//
// Jobs that queue (job.pipe: creates) run without a savepoint each: a
// failing one rolls back the whole transaction, and the others of its
// group are replayed, each in its own savepoint as before (writer.runTx).

// queued is one statement waiting to be sent, with the index of the job
// (in its group) that queued it, or -1 for the writer's own statements.
type queued struct {
	sql  string
	args []any
	job  int
}

// pipeline holds a transaction's queued statements.
type pipeline struct {
	q   []queued
	job int // the running job's index
	// err is the first failure of a sent batch, kept so runTx blames the
	// job that queued the statement even when that job's later read (on an
	// aborted transaction) returned another error.
	err *pipeError
}

// pipeError is a queued statement's failure.
type pipeError struct {
	job int
	err error
}

func (e *pipeError) Error() string { return e.err.Error() }
func (e *pipeError) Unwrap() error { return e.err }

// queue runs query later, in the transaction's next batch, when the
// transaction pipelines; otherwise now. Only statements whose result is not
// read go through it.
func (t *wtx) queue(query string, args ...any) error {
	if t.pipe == nil {
		_, err := t.exec(query, args...)
		return err
	}
	t.pipe.q = append(t.pipe.q, queued{sql: t.db.dialect.q(query), args: args, job: t.pipe.job})
	return nil
}

// flush sends the queued statements in one round trip and reads their
// results; the first failure is returned (and kept in t.pipe.err).
func (t *wtx) flush() error {
	if t.pipe == nil {
		return nil
	}
	if t.pipe.err != nil {
		return t.pipe.err
	}
	if len(t.pipe.q) == 0 {
		return nil
	}
	q := t.pipe.q
	t.pipe.q = t.pipe.q[:0]
	failed := -1
	var ferr error
	err := t.conn.Raw(func(dc any) error {
		c, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("store: pipeline on a %T connection", dc)
		}
		b := &pgx.Batch{QueuedQueries: make([]*pgx.QueuedQuery, 0, len(q))}
		for _, s := range q {
			b.Queue(s.sql, s.args...)
		}
		br := c.Conn().SendBatch(t.ctx, b)
		for i := range q {
			if _, err := br.Exec(); err != nil {
				failed, ferr = i, err
				break
			}
		}
		return br.Close()
	})
	switch {
	case ferr != nil:
		t.pipe.err = &pipeError{job: q[failed].job, err: t.db.translate(ferr)}
	case err != nil:
		t.pipe.err = &pipeError{job: -1, err: t.db.translate(err)}
	default:
		return nil
	}
	return t.pipe.err
}

// reservedIDs hands out record ids reserved from the records' sequence, so a create
// on PostgreSQL need not read its id back before queueing the rest.
// Sequences are not transactional: an id reserved by a transaction that
// rolls back is simply never used (as with any identity column).
type reservedIDs struct{ free []int64 }

// idBlock is how many ids one reservation takes.
const idBlock = 128

// nextRecordID returns an unused record id (PostgreSQL).
func (t *wtx) nextRecordID() (int64, error) {
	w := t.db.w
	if len(w.ids.free) == 0 {
		rows, err := t.query("SELECT nextval(pg_get_serial_sequence('records', 'id')) FROM generate_series(1, ?)", idBlock)
		if err != nil {
			return 0, err
		}
		defer rows.Close()
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				return 0, err
			}
			w.ids.free = append(w.ids.free, id)
		}
		if err := rows.Err(); err != nil {
			return 0, t.db.translate(err)
		}
		if len(w.ids.free) == 0 {
			return 0, fmt.Errorf("store: no record id reserved")
		}
	}
	id := w.ids.free[0]
	w.ids.free = w.ids.free[1:]
	return id, nil
}
