package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
)

// writer runs every write of the store on one goroutine and commits in
// groups: the jobs queued while a transaction runs are taken together into
// the next one, each inside its own savepoint, so one commit (and, on
// SQLite, one WAL append) serves many writers, and a failing job rolls
// back alone. Audit appends are serialised by construction.
type writer struct {
	db   *DB
	jobs chan *job
	quit chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

type job struct {
	ctx  context.Context
	fn   func(t *wtx) error
	done chan error
}

// maxBatch bounds how many jobs share one transaction.
const maxBatch = 128

func newWriter(db *DB) *writer {
	w := &writer{db: db, jobs: make(chan *job, 4*maxBatch), quit: make(chan struct{})}
	w.wg.Add(1)
	go w.loop()
	return w
}

func (w *writer) close() {
	w.once.Do(func() { close(w.quit) })
	w.wg.Wait()
}

var errClosed = errors.New("store closed")

// write runs fn in a write transaction and returns its error, or the
// commit's.
func (db *DB) write(ctx context.Context, fn func(t *wtx) error) error {
	j := &job{ctx: ctx, fn: fn, done: make(chan error, 1)}
	select {
	case db.w.jobs <- j:
	case <-db.w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-j.done:
		return err
	case <-db.w.quit:
		// The loop finishes the batch it holds before quitting.
		return <-j.done
	}
}

func (w *writer) loop() {
	defer w.wg.Done()
	for {
		select {
		case <-w.quit:
			for {
				select {
				case j := <-w.jobs:
					j.done <- errClosed
				default:
					return
				}
			}
		case j := <-w.jobs:
			batch := []*job{j}
		drain:
			for len(batch) < maxBatch {
				select {
				case j := <-w.jobs:
					batch = append(batch, j)
				default:
					break drain
				}
			}
			w.run(batch)
		}
	}
}

// run executes a batch in one transaction.
func (w *writer) run(batch []*job) {
	live := batch[:0:0]
	for _, j := range batch {
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			continue
		}
		live = append(live, j)
	}
	if len(live) == 0 {
		return
	}
	errs := make([]error, len(live))
	commitErr := w.runTx(live, errs)
	for i, j := range live {
		if errs[i] == nil {
			errs[i] = commitErr
		}
		j.done <- errs[i]
	}
}

func (w *writer) runTx(live []*job, errs []error) (err error) {
	db := w.db
	ctx := context.Background()
	tx, err := db.wdb.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("store: begin: %w", db.translate(err))
	}
	defer func() {
		if err != nil {
			tx.Rollback()
		}
	}()
	t := &wtx{db: db, tx: tx, ctx: ctx}
	single := len(live) == 1
	ok := 0
	for i, j := range live {
		t.ctx = context.WithoutCancel(j.ctx)
		if single {
			errs[i] = t.call(j.fn)
			if errs[i] != nil {
				tx.Rollback()
				return nil
			}
			ok++
			break
		}
		if _, err := tx.ExecContext(ctx, "SAVEPOINT job"); err != nil {
			return fmt.Errorf("store: savepoint: %w", err)
		}
		saved := t.head
		if errs[i] = t.call(j.fn); errs[i] != nil {
			t.head = saved
			if _, err := tx.ExecContext(ctx, "ROLLBACK TO SAVEPOINT job"); err != nil {
				return fmt.Errorf("store: rollback to savepoint: %w", err)
			}
		} else {
			ok++
		}
		if _, err := tx.ExecContext(ctx, "RELEASE SAVEPOINT job"); err != nil {
			return fmt.Errorf("store: release savepoint: %w", err)
		}
	}
	if ok == 0 {
		tx.Rollback()
		return nil
	}
	t.ctx = ctx
	if err := t.flushHead(); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("store: commit: %w", db.translate(err))
	}
	return nil
}

// wtx is a write transaction as a job sees it.
type wtx struct {
	db   *DB
	tx   *sql.Tx
	ctx  context.Context
	head auditHead
}

// call runs fn, turning a panic into an error so the writer survives.
func (t *wtx) call(fn func(t *wtx) error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("store: panic in write: %v", r)
		}
	}()
	return fn(t)
}

func (t *wtx) exec(query string, args ...any) (sql.Result, error) {
	res, err := t.tx.ExecContext(t.ctx, t.db.dialect.q(query), args...)
	return res, t.db.translate(err)
}

func (t *wtx) queryRow(query string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(t.ctx, t.db.dialect.q(query), args...)
}

func (t *wtx) query(query string, args ...any) (*sql.Rows, error) {
	rows, err := t.tx.QueryContext(t.ctx, t.db.dialect.q(query), args...)
	return rows, t.db.translate(err)
}

// insertID runs an INSERT … RETURNING id and returns the id.
func (t *wtx) insertID(query string, args ...any) (int64, error) {
	var id int64
	err := t.queryRow(query+" RETURNING id", args...).Scan(&id)
	return id, t.db.translate(err)
}

// Read helpers on the read pool.

func (db *DB) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return db.read.QueryRowContext(ctx, db.dialect.q(query), args...)
}

func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.q(query), args...)
	return rows, db.translate(err)
}
