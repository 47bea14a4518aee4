package store

import (
	"context"
	"database/sql"
	"errors"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
)

// openPostgres opens one pool for readers and the writer.
func (db *DB) openPostgres(ctx context.Context, url string) error {
	p, err := sql.Open("pgx", url)
	if err != nil {
		return err
	}
	p.SetMaxOpenConns(32)
	p.SetMaxIdleConns(32)
	if err := p.PingContext(ctx); err != nil {
		p.Close()
		return err
	}
	db.wdb, db.read = p, p
	return nil
}

// translatePostgres maps PostgreSQL error codes to the store's sentinel
// errors.
func translatePostgres(err error) error {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return err
	}
	switch e.Code {
	case "23505": // unique_violation
		return errors.Join(ErrDuplicate, err)
	case "23503": // foreign_key_violation
		return errors.Join(ErrNotFound, err)
	case "40001", "40P01": // serialization_failure, deadlock_detected
		return errors.Join(ErrConflict, err)
	}
	return err
}

// translate maps a driver error of db's dialect to a sentinel error.
func (db *DB) translate(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	if db.dialect == postgres {
		return translatePostgres(err)
	}
	return translateSQLite(err)
}
