package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"fazhi/internal/blob"
	"fazhi/internal/ledger"
	"fazhi/internal/secure"
)

// Config is how Open finds and wires the database.
type Config struct {
	// URL is "" or a SQLite path ("fazhi.db", "sqlite:///var/lib/fazhi.db")
	// for the embedded database, or "postgres://…" for PostgreSQL. An empty
	// URL means DataDir/fazhi.db.
	URL     string
	DataDir string
	// Keys encrypts personal data and keys the audit chain.
	Keys *secure.KeyRing
	// Blobs holds attachment contents.
	Blobs blob.Store
	// Kinds are the declared ledger kinds.
	Kinds    *ledger.Registry
	Calendar ledger.Calendar
	Now      func() time.Time
	Log      *slog.Logger
	// NoMigrate skips running migrations on Open.
	NoMigrate bool
	// TokenTTL is how long a new API token lives (default DefaultTokenTTL,
	// 90 days).
	TokenTTL time.Duration
}

// DB is the store. It is safe for concurrent use.
type DB struct {
	cfg     Config
	dialect dialect
	path    string  // SQLite file path
	read    *sql.DB // readers
	wdb     *sql.DB // the writer's pool (one connection on SQLite)
	w       *writer
	// Prepared statements of the readers (SQLite; pgx caches statements
	// per connection itself). The writer keeps its own.
	rstmts *stmtCache
	// epochRead coalesces the requests' reads of the shared auth epoch.
	epochRead sharedRead
	log       *slog.Logger

	counts *countCache
	// settings caches the units' setting overrides (settings.go).
	settings settingsCache

	// inserted counts records created by this process; analyzeAt is the
	// count at which PostgreSQL's statistics are refreshed next.
	inserted, analyzeAt atomic.Int64

	// slots maps kind → field → filter slot (filters.go); set by Open.
	// noSlots makes lists ignore the slots (tests compare both paths).
	slots   map[string]map[string]int
	noSlots bool

	unitMu    sync.RWMutex
	units     map[int64]cachedUnit // unit id → unit, under the shared auth epoch read with it (units.go)
	unitPaths map[int64]cachedPath // unit id → path, cleared by a move, kept unitPathTTL (units.go)
	// unitGen counts unit moves and closures of this process, so a record
	// write loaded before one re-reads its unit inside the transaction.
	unitGen atomic.Uint64
}

// Open opens (and by default migrates) the database named by cfg.URL.
func Open(ctx context.Context, cfg Config) (db *DB, err error) {
	defer wrap(&err, "store.Open")
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	db = &DB{cfg: cfg, log: cfg.Log, units: map[int64]cachedUnit{}, unitPaths: map[int64]cachedPath{}, counts: newCountCache()}
	db.epochRead.read = db.readAuthEpoch
	if isPostgresURL(cfg.URL) {
		db.dialect = postgres
		if err := db.openPostgres(ctx, cfg.URL); err != nil {
			return nil, err
		}
	} else {
		db.dialect = sqlite
		path := sqlitePath(cfg.URL, cfg.DataDir)
		if dir := filepath.Dir(path); dir != "" {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, err
			}
		}
		if err := restrictSQLiteFiles(path); err != nil {
			return nil, err
		}
		db.path = path
		if err := db.openSQLite(ctx, path); err != nil {
			return nil, err
		}
	}
	if db.dialect == sqlite {
		db.rstmts = newStmtCache(db.read.PrepareContext)
	}
	db.analyzeAt.Store(1000)
	db.w = newWriter(db)
	if !cfg.NoMigrate {
		if err := db.Migrate(ctx); err != nil {
			db.Close()
			return nil, err
		}
	}
	if err := db.syncFilterSlots(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := db.sealUnsealedHead(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

func isPostgresURL(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// sqlitePath turns a URL or path into a file path.
func sqlitePath(url, dataDir string) string {
	p := strings.TrimPrefix(strings.TrimPrefix(url, "sqlite://"), "file:")
	if p == "" {
		if dataDir == "" {
			dataDir = "."
		}
		return filepath.Join(dataDir, "fazhi.db")
	}
	return p
}

// Close stops the writer and closes the pools.
func (db *DB) Close() error {
	if db.w != nil {
		db.w.close()
	}
	if db.rstmts != nil {
		db.rstmts.close()
	}
	var errs []error
	if db.read != nil && db.read != db.wdb {
		errs = append(errs, db.read.Close())
	}
	if db.wdb != nil {
		errs = append(errs, db.wdb.Close())
	}
	return errors.Join(errs...)
}

// Dialect names the database in use: "sqlite" or "postgres".
func (db *DB) Dialect() string { return string(db.dialect) }

func (db *DB) now() time.Time { return db.cfg.Now() }

// wrap adds context to a non-nil error once, keeping sentinel errors
// matchable with errors.Is.
func wrap(errp *error, format string, args ...any) {
	if *errp != nil {
		*errp = fmt.Errorf("%s: %w", fmt.Sprintf(format, args...), *errp)
	}
}

// micros and fromMicros convert times to the stored unix microseconds.
func micros(t time.Time) int64 { return t.UnixMicro() }

func fromMicros(us int64) time.Time { return time.UnixMicro(us).UTC() }

// restrictSQLiteFiles makes the database file (created empty if missing)
// and any WAL and shared-memory files beside it readable by the owner
// only: they hold the records in clear except personal
// fields. SQLite creates the WAL and -shm files with the database file's
// mode, so they stay 0600 from then on. (The data directory is made 0700
// by the command that owns it.)
func restrictSQLiteFiles(path string) error {
	if path == ":memory:" || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600)
	if err != nil {
		return err
	}
	f.Close()
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if err := os.Chmod(p, 0o600); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}
