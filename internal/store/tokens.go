package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"time"

	"fazhi/internal/access"
)

// tokenPrefix marks fazhi API tokens so leaked ones are easy to spot.
const tokenPrefix = "fz_"

// DefaultTokenTTL is how long an API token lives unless Config.TokenTTL
// says otherwise.
const DefaultTokenTTL = 90 * 24 * time.Hour

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Token is an API token as its owner sees it in a list (never the secret).
type Token struct {
	ID        int64
	UserID    int64
	Name      string
	CreatedAt time.Time
	ExpiresAt time.Time
	RevokedAt time.Time // zero while live
}

// Live reports whether the token still authenticates at now.
func (t Token) Live(now time.Time) bool { return t.RevokedAt.IsZero() && now.Before(t.ExpiresAt) }

func (db *DB) tokenTTL() time.Duration {
	if db.cfg.TokenTTL > 0 {
		return db.cfg.TokenTTL
	}
	return DefaultTokenTTL
}

// CreateToken issues an API token for the actor itself: self-service only,
// so an administrator cannot act as another user through a token (the
// command line, as the system actor on the server, may issue one for a
// named user; it is audited as such). It expires after Config.TokenTTL.
// The token is returned once; only its SHA-256 is stored.
func (db *DB) CreateToken(ctx context.Context, a Actor, userID int64, name string) (token string, err error) {
	defer wrap(&err, "store.CreateToken(%d)", userID)
	if !a.System && a.UserID != userID {
		if _, err := db.adminOver(ctx, a, userID); err != nil {
			return "", err // out of scope: the user does not exist for a
		}
		return "", ErrForbidden
	}
	if _, err := db.UserByID(ctx, userID); err != nil {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token = tokenPrefix + hex.EncodeToString(b[:])
	now := db.now()
	expires := now.Add(db.tokenTTL())
	err = db.write(ctx, func(t *wtx) error {
		id, err := t.insertID("INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
			userID, name, tokenHash(token), micros(now), micros(expires))
		if err != nil {
			return err
		}
		_, err = t.audit(a, "token.create", object("token", id), change{After: map[string]any{"user_id": userID, "name": name, "expires_at": expires.Format(time.RFC3339)}})
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserByToken returns the owner of a live token (not revoked, not
// expired) and when the token expires. The caller still checks the user's
// lock.
func (db *DB) UserByToken(ctx context.Context, token string) (_ *access.User, expires time.Time, err error) {
	defer wrap(&err, "store.UserByToken")
	var exp int64
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.username, u.name, u.unit_id, u.roles, u.password_hash, u.locked, t.expires_at
		FROM api_tokens t JOIN users u ON u.id = t.user_id
		WHERE t.token_hash = ? AND t.revoked_at IS NULL AND t.expires_at > ?`, tokenHash(token), micros(db.now())), &exp)
	if err != nil {
		return nil, time.Time{}, db.translate(err)
	}
	return u, fromMicros(exp), nil
}

// Tokens lists a user's tokens, newest first (the user, an admin over
// them, or the command line).
func (db *DB) Tokens(ctx context.Context, a Actor, userID int64) (_ []Token, err error) {
	defer wrap(&err, "store.Tokens(%d)", userID)
	if _, err := db.adminOver(ctx, a, userID); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT id, user_id, name, created_at, expires_at, COALESCE(revoked_at, 0)
		FROM api_tokens WHERE user_id = ? ORDER BY id DESC`, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Token
	for rows.Next() {
		var tk Token
		var created, expires, revoked int64
		if err := rows.Scan(&tk.ID, &tk.UserID, &tk.Name, &created, &expires, &revoked); err != nil {
			return nil, err
		}
		tk.CreatedAt, tk.ExpiresAt = fromMicros(created), fromMicros(expires)
		if revoked != 0 {
			tk.RevokedAt = fromMicros(revoked)
		}
		out = append(out, tk)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token (its owner or an admin over them).
func (db *DB) RevokeToken(ctx context.Context, a Actor, tokenID int64) (err error) {
	defer wrap(&err, "store.RevokeToken(%d)", tokenID)
	var owner int64
	if err := db.queryRow(ctx, "SELECT user_id FROM api_tokens WHERE id = ?", tokenID).Scan(&owner); err != nil {
		return db.translate(err)
	}
	if _, err := db.adminOver(ctx, a, owner); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if err := t.mustAffect(t.exec("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", micros(db.now()), tokenID)); err != nil {
			return err
		}
		_, err := t.audit(a, "token.revoke", object("token", tokenID), nil)
		return err
	})
}

// revokeUserTokens revokes every live token of a user inside t (password
// reset, lock, "log out everywhere").
func (t *wtx) revokeUserTokens(userID int64) error {
	_, err := t.exec("UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL", micros(t.db.now()), userID)
	return err
}
