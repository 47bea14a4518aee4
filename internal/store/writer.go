package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
)

// writer runs every write of the store on one goroutine and commits in
// groups: the jobs queued while a transaction runs are taken together into
// the next one, each inside its own savepoint, so one commit (and, on
// SQLite, one WAL append) serves many writers, and a failing job rolls
// back alone. Audit appends are serialised by construction.
type writer struct {
	db *DB
	// conn is the writer's own connection, taken from the write pool at
	// the first batch (after migrations) and kept: transactions are begun
	// and committed on it by statement, so statements prepared on it once
	// serve every transaction.
	conn  *sql.Conn
	stmts *stmtCache
	jobs  chan *job
	quit  chan struct{}
	wg    sync.WaitGroup
	once  sync.Once
	// authEpoch counts the writes that may change who a credential is or
	// what it may see (everything but record data writes); see AuthEpoch.
	authEpoch atomic.Uint64
	// writes counts the write transactions of this process, bumped after
	// each commits (WriteGen).
	writes atomic.Uint64
	// ids are record ids reserved for pipelined creates (PostgreSQL).
	ids reservedIDs
}

type job struct {
	ctx  context.Context
	fn   func(t *wtx) error
	raw  func(ctx context.Context, conn *sql.Conn) error // runs alone, outside a transaction
	done chan error
	// dataOnly marks a job that changes record data only: no user, token,
	// grant, unit or session; it leaves AuthEpoch as it is.
	dataOnly bool
	// moves marks a job that moves or closes units: db.unitGen is bumped
	// once more after its commit (units.go, recheckUnit).
	moves bool
	// pipe marks a job that may run without a savepoint of its own, its
	// statements queued (pipeline.go): it can be run again from the start
	// when another job of its transaction fails.
	pipe bool
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
	w.dropConn()
}

// dropConn gives the connection back (after a failure, or on close).
func (w *writer) dropConn() {
	if w.stmts != nil {
		w.stmts.close()
		w.stmts = nil
	}
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}

// ensureConn takes the writer's connection from the pool if needed.
func (w *writer) ensureConn(ctx context.Context) error {
	if w.conn != nil {
		return nil
	}
	c, err := w.db.wdb.Conn(ctx)
	if err != nil {
		return err
	}
	w.conn = c
	if w.db.dialect == sqlite {
		w.stmts = newStmtCache(c.PrepareContext)
	}
	return nil
}

// begin starts a transaction on the writer's connection.
func (w *writer) begin(ctx context.Context) error {
	if err := w.ensureConn(ctx); err != nil {
		return err
	}
	q := "BEGIN"
	if w.db.dialect == sqlite {
		q = "BEGIN IMMEDIATE"
	}
	if _, err := w.conn.ExecContext(ctx, q); err != nil {
		w.dropConn()
		return err
	}
	return nil
}

func (w *writer) rollback(ctx context.Context) {
	if _, err := w.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		w.dropConn()
	}
}

var errClosed = errors.New("store closed")

// write runs fn in a write transaction and returns its error, or the
// commit's.
func (db *DB) write(ctx context.Context, fn func(t *wtx) error) error {
	return db.submit(ctx, &job{ctx: ctx, fn: fn, done: make(chan error, 1)})
}

// writeData is write for a job that changes record data only (see
// job.dataOnly).
func (db *DB) writeData(ctx context.Context, fn func(t *wtx) error) error {
	return db.submit(ctx, &job{ctx: ctx, fn: fn, done: make(chan error, 1), dataOnly: true})
}

// writeCreate is writeData for a create (pipeline.go): fn must be
// safe to run again, from the start, in a new transaction.
func (db *DB) writeCreate(ctx context.Context, fn func(t *wtx) error) error {
	return db.submit(ctx, &job{ctx: ctx, fn: fn, done: make(chan error, 1), dataOnly: true, pipe: true})
}

// writeUnits is write for a job that moves or closes units.
func (db *DB) writeUnits(ctx context.Context, fn func(t *wtx) error) error {
	return db.submit(ctx, &job{ctx: ctx, fn: fn, done: make(chan error, 1), moves: true})
}

// AuthEpoch returns a number that changes whenever a write of this
// process may have changed a user, API token, grant, unit or session: every
// write except those of record data. Callers caching what a credential
// resolves to read it before resolving and drop entries made under an
// older epoch, so a revoked token or locked user is refused at once.
// Writes by other processes on the same database are not seen.
func (db *DB) AuthEpoch() uint64 { return db.w.authEpoch.Load() }

// WriteGen is a number that grows after every write transaction of this
// process commits (records, corrections, imports, units). A cache of
// figures computed from the records keys its entries by the value read
// before computing, so an entry made before a write is never used after
// it. Writes by other processes are not seen (bound such a cache in time).
func (db *DB) WriteGen() uint64 { return db.w.writes.Load() }

// SharedAuthEpoch is the database's count of committed writes that may
// have changed a user, API token, grant, unit or session, by any process
// on the database (the CLI beside the server included). A cache of token
// resolutions keyed by it is dropped on the next request after such a
// write anywhere.
//
// Requests that ask at the same time share one read that began after all
// of them asked (sharedRead).
func (db *DB) SharedAuthEpoch(ctx context.Context) (n uint64, err error) {
	defer wrap(&err, "store.SharedAuthEpoch")
	return db.epochRead.get(ctx)
}

// readAuthEpoch reads the shared auth epoch from the database.
func (db *DB) readAuthEpoch(ctx context.Context) (n uint64, err error) {
	err = db.queryRow(ctx, "SELECT n FROM auth_epoch WHERE id = 1").Scan(&n)
	return n, db.translate(err)
}

// writeRaw runs fn on the writer's connection with no transaction around
// it (migrations, which manage their own).
func (db *DB) writeRaw(ctx context.Context, fn func(ctx context.Context, conn *sql.Conn) error) error {
	return db.submit(ctx, &job{ctx: ctx, raw: fn, done: make(chan error, 1)})
}

func (db *DB) submit(ctx context.Context, j *job) error {
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

// run executes a batch: raw jobs alone, in order, the others grouped
// into transactions.
func (w *writer) run(batch []*job) {
	var group []*job
	for _, j := range batch {
		if j.raw == nil {
			group = append(group, j)
			continue
		}
		w.runGroup(group)
		group = nil
		if err := j.ctx.Err(); err != nil {
			j.done <- err
			continue
		}
		if err := w.ensureConn(j.ctx); err != nil {
			j.done <- err
			continue
		}
		err := j.raw(j.ctx, w.conn)
		w.authEpoch.Add(1)
		w.writes.Add(1)
		j.done <- err
	}
	w.runGroup(group)
}

// runGroup executes jobs in one transaction.
func (w *writer) runGroup(batch []*job) {
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
	commitErr := w.runJobs(live, errs)
	w.writes.Add(1) // after the commit, before any job hears back
	for _, j := range live {
		if j.moves {
			// A record write that read its unit's path after the move
			// began but before this commit sees the change of generation.
			w.db.unitGen.Add(1)
			break
		}
	}
	for _, j := range live {
		if !j.dataOnly {
			// Before any job hears back, so a caller of RevokeToken or
			// LockUser finds the new epoch when it returns.
			w.authEpoch.Add(1)
			break
		}
	}
	for i, j := range live {
		if errs[i] == nil {
			errs[i] = commitErr
		}
		j.done <- errs[i]
	}
}

// runJobs runs live in one transaction: without savepoints when every job
// is a create (job.pipe), and should one of them fail, the transaction is
// rolled back and the others run again, each in its own savepoint.
func (w *writer) runJobs(live []*job, errs []error) error {
	for _, j := range live {
		if !j.pipe {
			return w.runTx(live, errs, false)
		}
	}
	err := w.runTx(live, errs, true)
	failed := -1
	for i := range errs {
		if errs[i] != nil {
			failed = i
			break
		}
	}
	if failed < 0 {
		return err
	}
	if len(live) == 1 {
		return err
	}
	// The transaction was rolled back: replay the others.
	rest := make([]*job, 0, len(live)-1)
	restErrs := make([]error, len(live)-1)
	rest = append(append(rest, live[:failed]...), live[failed+1:]...)
	err = w.runTx(rest, restErrs, false)
	copy(errs[:failed], restErrs[:failed])
	copy(errs[failed+1:], restErrs[failed:])
	return err
}

// runTx runs live in one transaction, each job inside its own savepoint
// unless pipelined, when the first failing job (its error set in errs)
// rolls back the whole transaction and stops it.
func (w *writer) runTx(live []*job, errs []error, pipelined bool) (err error) {
	db := w.db
	ctx := context.Background()
	if err := w.begin(ctx); err != nil {
		return fmt.Errorf("store: begin: %w", db.translate(err))
	}
	defer func() {
		if err != nil {
			w.rollback(ctx)
		}
	}()
	t := &wtx{db: db, conn: w.conn, stmts: w.stmts, ctx: ctx}
	if pipelined && db.dialect == postgres {
		t.pipe = &pipeline{job: -1}
	}
	single := len(live) == 1
	ok, bump := 0, false
	for i, j := range live {
		bump = bump || !j.dataOnly
		t.ctx = context.WithoutCancel(j.ctx)
		if pipelined {
			if t.pipe != nil {
				t.pipe.job = i
			}
			errs[i] = t.call(j.fn)
			if t.pipe != nil && t.pipe.err != nil && t.pipe.err.job >= 0 {
				// A statement this job, or an earlier one, queued failed.
				errs[i] = nil
				errs[t.pipe.err.job] = t.pipe.err.err
			}
			if errs[i] != nil || (t.pipe != nil && t.pipe.err != nil) {
				if errs[i] == nil && t.pipe.err.job < 0 {
					return t.pipe.err.err
				}
				w.rollback(ctx)
				return nil
			}
			ok++
			continue
		}
		if single {
			if errs[i] = t.call(j.fn); errs[i] != nil {
				w.rollback(ctx)
				return nil
			}
			ok++
			break
		}
		if _, err := w.conn.ExecContext(ctx, "SAVEPOINT job"); err != nil {
			return fmt.Errorf("store: savepoint: %w", err)
		}
		saved, savedFTS := t.head, len(t.fts)
		if errs[i] = t.call(j.fn); errs[i] != nil {
			t.head, t.fts = saved, t.fts[:savedFTS]
			if _, err := w.conn.ExecContext(ctx, "ROLLBACK TO SAVEPOINT job"); err != nil {
				return fmt.Errorf("store: rollback to savepoint: %w", err)
			}
		} else {
			ok++
		}
		if _, err := w.conn.ExecContext(ctx, "RELEASE SAVEPOINT job"); err != nil {
			return fmt.Errorf("store: release savepoint: %w", err)
		}
	}
	if t.pipe != nil {
		// The jobs' last statements, sent before the writer's own.
		t.pipe.job = -1
		if err := t.flush(); err != nil {
			if pe := t.pipe.err; pe.job >= 0 {
				errs[pe.job] = pe.err
				w.rollback(ctx)
				return nil
			}
			return err
		}
	}
	if ok == 0 {
		w.rollback(ctx)
		return nil
	}
	t.ctx = ctx
	if err := t.flushFTS(); err != nil {
		return err
	}
	if bump || t.scopes {
		// The database's epoch, read by every process before it trusts a
		// cached credential (SharedAuthEpoch).
		if _, err := t.exec("UPDATE auth_epoch SET n = n + 1 WHERE id = 1"); err != nil {
			return err
		}
	}
	if err := t.flushHead(); err != nil {
		return err
	}
	if err := t.flush(); err != nil {
		return err
	}
	if _, err := w.conn.ExecContext(ctx, "COMMIT"); err != nil {
		return fmt.Errorf("store: commit: %w", db.translate(err))
	}
	return nil
}

// wtx is a write transaction as a job sees it.
type wtx struct {
	db    *DB
	conn  *sql.Conn
	stmts *stmtCache // nil: run unprepared
	ctx   context.Context
	head  auditHead
	fts   []ftsOp // full-text changes, applied by flushFTS before commit
	// scopes: a record's grants changed (writeGrants), so the auth epoch
	// is bumped as for a change of users or grants.
	scopes bool
	// pipe queues the statements of pipelined jobs (PostgreSQL; nil
	// otherwise): every other statement sends the queue first.
	pipe *pipeline
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

// stmt returns the transaction's prepared statement for query, or nil to
// run it unprepared.
func (t *wtx) stmt(query string) (*sql.Stmt, error) {
	if t.stmts == nil {
		return nil, nil
	}
	return t.stmts.get(t.ctx, query)
}

func (t *wtx) exec(query string, args ...any) (sql.Result, error) {
	if err := t.flush(); err != nil {
		return nil, err
	}
	query = t.db.dialect.q(query)
	st, err := t.stmt(query)
	if err != nil {
		return nil, t.db.translate(err)
	}
	var res sql.Result
	if st != nil {
		res, err = st.ExecContext(t.ctx, args...)
	} else {
		res, err = t.conn.ExecContext(t.ctx, query, args...)
	}
	return res, t.db.translate(err)
}

// queryRow runs a one-row query; errors surface from Scan.
func (t *wtx) queryRow(query string, args ...any) *sql.Row {
	// A failed batch leaves PostgreSQL's transaction aborted, so the query
	// fails too; runTx blames the job that queued the failed statement.
	_ = t.flush()
	query = t.db.dialect.q(query)
	if st, err := t.stmt(query); err == nil && st != nil {
		return st.QueryRowContext(t.ctx, args...)
	}
	return t.conn.QueryRowContext(t.ctx, query, args...)
}

func (t *wtx) query(query string, args ...any) (*sql.Rows, error) {
	if err := t.flush(); err != nil {
		return nil, err
	}
	query = t.db.dialect.q(query)
	st, err := t.stmt(query)
	if err != nil {
		return nil, t.db.translate(err)
	}
	var rows *sql.Rows
	if st != nil {
		rows, err = st.QueryContext(t.ctx, args...)
	} else {
		rows, err = t.conn.QueryContext(t.ctx, query, args...)
	}
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
	query = db.dialect.q(query)
	if db.rstmts != nil {
		if st, err := db.rstmts.get(ctx, query); err == nil && st != nil {
			return st.QueryRowContext(ctx, args...)
		}
	}
	return db.read.QueryRowContext(ctx, query, args...)
}

func (db *DB) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	query = db.dialect.q(query)
	if db.rstmts != nil {
		st, err := db.rstmts.get(ctx, query)
		if err != nil {
			return nil, db.translate(err)
		}
		if st != nil {
			rows, err := st.QueryContext(ctx, args...)
			return rows, db.translate(err)
		}
	}
	rows, err := db.read.QueryContext(ctx, query, args...)
	return rows, db.translate(err)
}
