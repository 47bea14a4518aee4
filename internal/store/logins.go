package store

import (
	"context"
	"time"
)

// The temporary lockout is kept in the login-failure log as a marker row
// under a name no account can have (usernames are letters, digits, '_' and
// '.'), with no address so no address throttle counts it. Its time is when
// the lock began, so the lock lasts exactly LockoutFor from the failure
// that triggered it, however the earlier failures were spread.
func lockMarker(username string) string { return "#lock#" + username }

// LoginPolicy is the lockout and throttle a login attempt is admitted by.
type LoginPolicy struct {
	Window       time.Duration // failures counted within it
	LockFor      time.Duration // a lock lasts this long
	UserFailures int           // failures of one username that lock it
	AddrFailures int           // failures from one address that throttle it
}

// LoginAttempt is the outcome of BeginLogin.
type LoginAttempt struct {
	Throttled bool // the address is over its limit: the password is not checked
	Locked    bool // the account is locked: the password is not checked
	// Failures counts the username's failures in the window including this
	// attempt, which is recorded as a failure until a success clears it.
	Failures int
}

// BeginLogin admits or refuses one login attempt in a single write
// transaction, so concurrent attempts cannot all read the count before any
// is written: an admitted attempt is recorded as a failure up front (a
// success clears it), so at most UserFailures passwords of one account are
// ever checked in a window. On PostgreSQL the transaction also locks the
// audit head row, which serialises attempts of every process on the
// database; on SQLite BEGIN IMMEDIATE does.
func (db *DB) BeginLogin(ctx context.Context, username, addr string, now time.Time, p LoginPolicy) (a LoginAttempt, err error) {
	defer wrap(&err, "store.BeginLogin")
	err = db.write(ctx, func(t *wtx) error {
		a = LoginAttempt{}
		if t.db.dialect == postgres {
			if err := t.loadHead(); err != nil {
				return err
			}
		}
		var locks, byUser, byAddr int
		if err := t.queryRow(`SELECT
			(SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?),
			(SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?),
			(SELECT COUNT(*) FROM login_failures WHERE addr = ? AND at >= ?)`,
			lockMarker(username), micros(now.Add(-p.LockFor)),
			username, micros(now.Add(-p.Window)),
			addr, micros(now.Add(-p.Window))).Scan(&locks, &byUser, &byAddr); err != nil {
			return err
		}
		if byAddr >= p.AddrFailures {
			a.Throttled = true
			return nil
		}
		if locks == 0 && byUser >= p.UserFailures {
			// The limit was reached by attempts admitted together: the lock
			// starts with the first one refused.
			if _, err := t.exec("INSERT INTO login_failures (username, addr, at) VALUES (?, '', ?)", lockMarker(username), micros(now)); err != nil {
				return err
			}
			locks = 1
		}
		// A refused attempt against a locked account still counts against
		// its address.
		if _, err := t.exec("INSERT INTO login_failures (username, addr, at) VALUES (?, ?, ?)", username, addr, micros(now)); err != nil {
			return err
		}
		a.Locked = locks > 0
		a.Failures = byUser + 1
		return nil
	})
	return a, err
}

// LockLogin starts username's temporary lockout at at (the failure that
// reached the limit).
func (db *DB) LockLogin(ctx context.Context, username string, at time.Time) (err error) {
	defer wrap(&err, "store.LockLogin")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("INSERT INTO login_failures (username, addr, at) VALUES (?, '', ?)", lockMarker(username), micros(at))
		return err
	})
}

// LoginLocked reports whether username is in a temporary lockout at now.
func (db *DB) LoginLocked(ctx context.Context, username string, now time.Time, lockFor time.Duration) (locked bool, err error) {
	defer wrap(&err, "store.LoginLocked")
	var n int
	err = db.queryRow(ctx, "SELECT COUNT(*) FROM login_failures WHERE username = ? AND at >= ?",
		lockMarker(username), micros(now.Add(-lockFor))).Scan(&n)
	return n > 0, db.translate(err)
}

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

// ClearLoginFailures forgets a user's failures and ends its temporary
// lockout (after a success, or an administrator's unlock in the web or the
// CLI).
func (db *DB) ClearLoginFailures(ctx context.Context, username string) (err error) {
	defer wrap(&err, "store.ClearLoginFailures")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("DELETE FROM login_failures WHERE username IN (?, ?)", username, lockMarker(username))
		return err
	})
}
