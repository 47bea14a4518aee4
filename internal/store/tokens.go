package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"

	"fazhi/internal/access"
)

// tokenPrefix marks fazhi API tokens so leaked ones are easy to spot.
const tokenPrefix = "fz_"

func tokenHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateToken issues an API token for a user (the user or an admin over
// them). The token is returned once; only its SHA-256 is stored.
func (db *DB) CreateToken(ctx context.Context, a Actor, userID int64, name string) (token string, err error) {
	defer wrap(&err, "store.CreateToken(%d)", userID)
	if _, err := db.adminOver(ctx, a, userID); err != nil {
		return "", err
	}
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	token = tokenPrefix + hex.EncodeToString(b[:])
	err = db.write(ctx, func(t *wtx) error {
		id, err := t.insertID("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?)",
			userID, name, tokenHash(token), micros(db.now()))
		if err != nil {
			return err
		}
		_, err = t.audit(a, "token.create", object("token", id), change{After: map[string]any{"user_id": userID, "name": name}})
		return err
	})
	if err != nil {
		return "", err
	}
	return token, nil
}

// UserByToken returns the owner of a live token. The caller still checks
// the user's lock.
func (db *DB) UserByToken(ctx context.Context, token string) (_ *access.User, err error) {
	defer wrap(&err, "store.UserByToken")
	u, err := scanUser(db.queryRow(ctx, `SELECT u.id, u.username, u.name, u.unit_id, u.roles, u.password_hash, u.locked
		FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL`, tokenHash(token)))
	return u, db.translate(err)
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
