package store

import (
	"context"
	"time"
)

// RecordLoginFailure notes a failed login of username from addr.
func (db *DB) RecordLoginFailure(ctx context.Context, username, addr string, at time.Time) (err error) {
	defer wrap(&err, "store.RecordLoginFailure")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("INSERT INTO login_failures (username, addr, at) VALUES (?, ?, ?)", username, addr, micros(at))
		return err
	})
}

// LoginFailures counts failures since a time for the user and for the
// address.
func (db *DB) LoginFailures(ctx context.Context, username, addr string, since time.Time) (byUser, byAddr int, err error) {
	defer wrap(&err, "store.LoginFailures")
	err = db.queryRow(ctx, `SELECT
		(SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?),
		(SELECT COUNT(*) FROM login_failures WHERE addr = ? AND at >= ?)`,
		username, micros(since), addr, micros(since)).Scan(&byUser, &byAddr)
	return byUser, byAddr, db.translate(err)
}

// ClearLoginFailures forgets a user's failures (after a success or an
// admin unlock).
func (db *DB) ClearLoginFailures(ctx context.Context, username string) (err error) {
	defer wrap(&err, "store.ClearLoginFailures")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("DELETE FROM login_failures WHERE username = ?", username)
		return err
	})
}
