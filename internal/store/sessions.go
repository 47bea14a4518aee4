package store

import (
	"context"
	"time"
)

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s *Session) (err error) {
	defer wrap(&err, "store.CreateSession")
	if s.CreatedAt.IsZero() {
		s.CreatedAt = db.now()
	}
	if s.LastSeen.IsZero() {
		s.LastSeen = s.CreatedAt
	}
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO sessions (id, user_id, created_at, last_seen, addr, user_agent, csrf)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, s.ID, s.UserID, micros(s.CreatedAt), micros(s.LastSeen), s.Addr, s.UserAgent, s.CSRF)
		return err
	})
}

// SessionByID returns the session with id (the token's SHA-256).
func (db *DB) SessionByID(ctx context.Context, id string) (_ *Session, err error) {
	defer wrap(&err, "store.SessionByID")
	var s Session
	var created, seen int64
	err = db.queryRow(ctx, "SELECT id, user_id, created_at, last_seen, addr, user_agent, csrf FROM sessions WHERE id = ?", id).
		Scan(&s.ID, &s.UserID, &created, &seen, &s.Addr, &s.UserAgent, &s.CSRF)
	if err != nil {
		return nil, db.translate(err)
	}
	s.CreatedAt, s.LastSeen = fromMicros(created), fromMicros(seen)
	return &s, nil
}

// TouchSession records activity; callers touch at most once a minute.
func (db *DB) TouchSession(ctx context.Context, id string, at time.Time) (err error) {
	defer wrap(&err, "store.TouchSession")
	return db.write(ctx, func(t *wtx) error {
		return t.mustAffect(t.exec("UPDATE sessions SET last_seen = ? WHERE id = ?", micros(at), id))
	})
}

// DeleteSession ends one session (logout).
func (db *DB) DeleteSession(ctx context.Context, id string) (err error) {
	defer wrap(&err, "store.DeleteSession")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("DELETE FROM sessions WHERE id = ?", id)
		return err
	})
}

// DeleteUserSessions ends every session of a user and revokes every API
// token: "log out everywhere", a password reset and a lock all call it.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) (err error) {
	defer wrap(&err, "store.DeleteUserSessions(%d)", userID)
	return db.write(ctx, func(t *wtx) error {
		if _, err := t.exec("DELETE FROM sessions WHERE user_id = ?", userID); err != nil {
			return err
		}
		return t.revokeUserTokens(userID)
	})
}

// DeleteOtherSessions ends every session of a user but keep (the one
// that changed the password).
func (db *DB) DeleteOtherSessions(ctx context.Context, userID int64, keep string) (err error) {
	defer wrap(&err, "store.DeleteOtherSessions(%d)", userID)
	return db.write(ctx, func(t *wtx) error {
		if _, err := t.exec("DELETE FROM sessions WHERE user_id = ? AND id <> ?", userID, keep); err != nil {
			return err
		}
		return t.revokeUserTokens(userID) // a changed password ends the API tokens too
	})
}

// DeleteExpiredSessions removes sessions idle since idleBefore or created
// before createdBefore, and returns how many.
func (db *DB) DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (n int64, err error) {
	defer wrap(&err, "store.DeleteExpiredSessions")
	err = db.write(ctx, func(t *wtx) error {
		res, err := t.exec("DELETE FROM sessions WHERE last_seen < ? OR created_at < ?", micros(idleBefore), micros(createdBefore))
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	return n, err
}
