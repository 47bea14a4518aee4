package store

import (
	"context"
	"database/sql"
	"errors"
	"runtime"

	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqliteDSN is the connection string of the embedded database: WAL so
// readers never block the writer, synchronous=NORMAL (durable at each
// checkpoint, safe against corruption), a busy timeout, foreign keys on.
func sqliteDSN(path string, readOnly bool) string {
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=synchronous(NORMAL)&_pragma=foreign_keys(1)&_pragma=temp_store(MEMORY)"
	if readOnly {
		// Readers keep 16 MiB of pages (default 2 MiB): an indicator
		// evaluation walks every record of a county. They do not map the
		// file: a read transaction that finds the WAL changed since its
		// last one drops its pages and, when mapped, unmaps the whole file
		// (sqlite3PagerSharedLock), so under steady writes every read paid
		// an munmap and the page faults after it — 16% of the creates per
		// second and 7% of the list pages in `fazhi bench`.
		dsn += "&_pragma=query_only(1)&_pragma=cache_size(-16384)"
	} else {
		// The one writer inserts into every index of a growing file: a
		// 64 MiB page cache (default 2 MiB) keeps their inner pages
		// resident, and checkpoints every 32 MiB of WAL (default 4 MiB)
		// copy a page rewritten by many commits once.
		dsn += "&_txlock=immediate&_pragma=cache_size(-65536)&_pragma=wal_autocheckpoint(8192)"
	}
	return dsn
}

// openSQLite opens the single-connection write pool and the read pool.
func (db *DB) openSQLite(ctx context.Context, path string) error {
	w, err := sql.Open("sqlite", sqliteDSN(path, false))
	if err != nil {
		return err
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return translateSQLite(err)
	}
	r, err := sql.Open("sqlite", sqliteDSN(path, true))
	if err != nil {
		w.Close()
		return err
	}
	n := max(4, 2*runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	db.wdb, db.read = w, r
	return nil
}

// translateSQLite maps SQLite errors to the store's sentinel errors.
func translateSQLite(err error) error {
	var e *msqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		return errors.Join(ErrDuplicate, err)
	case sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY:
		return errors.Join(ErrNotFound, err)
	}
	return err
}
