package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL file.
type migration struct {
	Num  int
	Name string
	SQL  string
}

// migrations returns the dialect's migrations in order.
func migrations(d dialect) ([]migration, error) {
	dir := "migrations/" + string(d)
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, err
	}
	var out []migration
	for _, e := range entries {
		num, err := strconv.Atoi(strings.SplitN(e.Name(), "_", 2)[0])
		if err != nil || !strings.HasSuffix(e.Name(), ".sql") {
			return nil, fmt.Errorf("migration %s: name must be NNNN_what.sql", e.Name())
		}
		b, err := migrationFiles.ReadFile(path.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		out = append(out, migration{Num: num, Name: e.Name(), SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Num < out[j].Num })
	for i := 1; i < len(out); i++ {
		if out[i].Num == out[i-1].Num {
			return nil, fmt.Errorf("migrations %s and %s share a number", out[i-1].Name, out[i].Name)
		}
	}
	return out, nil
}

// Migrate applies the migrations not yet recorded in schema_migrations,
// each in its own transaction, on the writer's connection.
func (db *DB) Migrate(ctx context.Context) (err error) {
	defer wrap(&err, "store.Migrate")
	ms, err := migrations(db.dialect)
	if err != nil {
		return err
	}
	return db.writeRaw(ctx, func(ctx context.Context, conn *sql.Conn) error {
		if _, err := conn.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
			num INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)`); err != nil {
			return db.translate(err)
		}
		for _, m := range ms {
			if err := db.apply(ctx, conn, m); err != nil {
				return err
			}
		}
		return nil
	})
}

// apply runs one migration in a transaction unless it is recorded.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) error {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return db.translate(err)
	}
	defer tx.Rollback()
	if db.dialect == postgres {
		// Two processes migrating at once wait for each other.
		if _, err := tx.ExecContext(ctx, "SELECT pg_advisory_xact_lock(7231)"); err != nil {
			return db.translate(err)
		}
	}
	var n int
	if err := tx.QueryRowContext(ctx, db.dialect.q("SELECT COUNT(*) FROM schema_migrations WHERE num = ?"), m.Num).Scan(&n); err != nil {
		return db.translate(err)
	}
	if n > 0 {
		return nil
	}
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("%s: %w", m.Name, db.translate(err))
	}
	if _, err := tx.ExecContext(ctx, db.dialect.q("INSERT INTO schema_migrations (num, name, applied_at) VALUES (?, ?, ?)"),
		m.Num, m.Name, micros(db.now())); err != nil {
		return db.translate(err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("%s: %w", m.Name, db.translate(err))
	}
	db.log.Info("migrated", "dialect", string(db.dialect), "migration", m.Name)
	return nil
}
