package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"fazhi/internal/access"
)

// userView is what the audit log records of a user: never the hash.
type userView struct {
	Username string        `json:"username"`
	Name     string        `json:"name"`
	UnitID   int64         `json:"unit_id"`
	Roles    []access.Role `json:"roles"`
	Locked   bool          `json:"locked"`
}

func viewOf(u *access.User) userView {
	return userView{u.Username, u.Name, u.UnitID, u.Roles, u.Locked}
}

func joinRoles(rs []access.Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

func splitRoles(s string) []access.Role {
	if s == "" {
		return nil
	}
	var out []access.Role
	for _, r := range strings.Split(s, ",") {
		out = append(out, access.Role(r))
	}
	return out
}

// CreateUser adds a user (u.PasswordHash already set) and sets u.ID. A
// signed-in actor needs the admin role over the user's unit.
func (db *DB) CreateUser(ctx context.Context, a Actor, u *access.User) (err error) {
	defer wrap(&err, "store.CreateUser(%s)", u.Username)
	if u.Username == "" {
		return fmt.Errorf("username is required")
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			return fmt.Errorf("unknown role %q", r)
		}
	}
	unit, err := db.Unit(ctx, u.UnitID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, unit.ID, unit.Path, access.RoleAdmin); err != nil {
		return err
	}
	if unit.Closed {
		return closedUnitForUser(unit)
	}
	return db.write(ctx, func(t *wtx) error {
		if err := t.requireOpen(unit.ID); err != nil {
			return err
		}
		id, err := t.insertID(`INSERT INTO users (username, name, unit_id, roles, password_hash, locked, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, u.Username, u.Name, u.UnitID, joinRoles(u.Roles), u.PasswordHash, u.Locked, micros(db.now()))
		if err != nil {
			return err
		}
		u.ID = id
		_, err = t.audit(a, "user.create", object("user", id), change{After: struct {
			userView
			Password string `json:"password_fp"` // replay.go: a hash replaced outside the application is named
		}{viewOf(u), passwordFingerprint(u.PasswordHash)}})
		return err
	})
}

const userCols = "id, username, name, unit_id, roles, password_hash, locked"

// scanUser reads userCols, then any extra columns into extra.
func scanUser(row interface{ Scan(...any) error }, extra ...any) (*access.User, error) {
	var u access.User
	var roles string
	if err := row.Scan(append([]any{&u.ID, &u.Username, &u.Name, &u.UnitID, &roles, &u.PasswordHash, &u.Locked}, extra...)...); err != nil {
		return nil, err
	}
	u.Roles = splitRoles(roles)
	return &u, nil
}

// UserByID returns the user with id.
func (db *DB) UserByID(ctx context.Context, id int64) (_ *access.User, err error) {
	defer wrap(&err, "store.UserByID(%d)", id)
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE id = ?", id))
	return u, db.translate(err)
}

// UserByUsername returns the user with the login name.
func (db *DB) UserByUsername(ctx context.Context, username string) (_ *access.User, err error) {
	defer wrap(&err, "store.UserByUsername")
	u, err := scanUser(db.queryRow(ctx, "SELECT "+userCols+" FROM users WHERE username = ?", username))
	return u, db.translate(err)
}

// Users returns the users of the units under unitPath ("" for all),
// ordered by unit and name.
func (db *DB) Users(ctx context.Context, unitPath string) (_ []access.User, err error) {
	defer wrap(&err, "store.Users(%s)", unitPath)
	q := "SELECT u.id, u.username, u.name, u.unit_id, u.roles, u.password_hash, u.locked FROM users u JOIN units n ON n.id = u.unit_id"
	var args []any
	if unitPath != "" {
		where, a := scopeSQL("n.path", []string{unitPath})
		q += " WHERE " + where
		args = a
	}
	rows, err := db.query(ctx, q+" ORDER BY n.path, u.username", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// adminOver checks that a may administer user id, and returns the user.
func (db *DB) adminOver(ctx context.Context, a Actor, id int64) (*access.User, error) {
	u, err := db.UserByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.System || a.UserID == id {
		return u, nil
	}
	unit, err := db.Unit(ctx, u.UnitID)
	if err != nil {
		return nil, err
	}
	return u, db.requireRoles(a, unit.ID, unit.Path, access.RoleAdmin)
}

// SetPassword replaces a user's password hash. Users may change their own;
// an admin over the user's unit may reset it.
func (db *DB) SetPassword(ctx context.Context, a Actor, userID int64, hash string) (err error) {
	defer wrap(&err, "store.SetPassword(%d)", userID)
	if _, err := db.adminOver(ctx, a, userID); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if err := t.mustAffect(t.exec("UPDATE users SET password_hash = ? WHERE id = ?", hash, userID)); err != nil {
			return err
		}
		_, err := t.audit(a, "user.password", object("user", userID), change{After: map[string]string{"password_fp": passwordFingerprint(hash)}})
		return err
	})
}

// SetLocked locks or unlocks a user (admin only; not oneself). Locking
// revokes the user's API tokens; unlocking also clears the user's login
// failures and temporary lockout.
func (db *DB) SetLocked(ctx context.Context, a Actor, userID int64, locked bool) (err error) {
	defer wrap(&err, "store.SetLocked(%d)", userID)
	if !a.System && a.UserID == userID {
		return ErrForbidden
	}
	u, err := db.adminOver(ctx, a, userID)
	if err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if _, err := t.exec("UPDATE users SET locked = ? WHERE id = ?", locked, userID); err != nil {
			return err
		}
		if !locked {
			if _, err := t.exec("DELETE FROM login_failures WHERE username IN (?, ?)", u.Username, lockMarker(u.Username)); err != nil {
				return err
			}
		} else if err := t.revokeUserTokens(userID); err != nil {
			return err // a locked user's tokens die with the lock
		}
		action := "user.lock"
		if !locked {
			action = "user.unlock"
		}
		_, err := t.audit(a, action, object("user", userID), change{Before: map[string]bool{"locked": u.Locked}, After: map[string]bool{"locked": locked}})
		return err
	})
}

// AddGrant lets a user act in another unit with roles; granting again
// replaces the roles. The actor needs the admin role over that unit.
func (db *DB) AddGrant(ctx context.Context, a Actor, g access.Grant) (err error) {
	defer wrap(&err, "store.AddGrant(user %d, unit %d)", g.UserID, g.UnitID)
	for _, r := range g.Roles {
		if !r.Valid() {
			return fmt.Errorf("unknown role %q", r)
		}
	}
	unit, err := db.Unit(ctx, g.UnitID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, unit.ID, unit.Path, access.RoleAdmin); err != nil {
		return err
	}
	if !a.System && a.UserID == g.UserID {
		return ErrForbidden
	}
	if unit.Closed {
		return &access.UnitError{Field: "unit_id", Msg: fmt.Sprintf("单位「%s」已撤销，不能再授权：请选择其他单位", unit.Name)}
	}
	if _, err := db.UserByID(ctx, g.UserID); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if _, err := t.exec(`INSERT INTO grants (user_id, unit_id, roles) VALUES (?, ?, ?)
			ON CONFLICT (user_id, unit_id) DO UPDATE SET roles = excluded.roles`, g.UserID, g.UnitID, joinRoles(g.Roles)); err != nil {
			return err
		}
		_, err := t.audit(a, "grant.add", object("user", g.UserID), change{After: g})
		return err
	})
}

func closedUnitForUser(u *access.Unit) error {
	return &access.UnitError{Field: "unit_id", Msg: fmt.Sprintf("单位「%s」已撤销，不能再加入用户：请选择其他单位", u.Name)}
}

// UpdateUser changes a user's name, home unit and roles. The actor needs
// the admin role over the user's present unit and over the new one, so an
// administrator neither reaches out of nor hands users out of their
// subtree; within it any role may be given (as CreateUser and AddGrant
// allow). Nobody changes their own unit or roles: another administrator
// does, so an administrator cannot make themselves 负责人 of the records
// they administer.
func (db *DB) UpdateUser(ctx context.Context, a Actor, id int64, name string, unitID int64, roles []access.Role) (err error) {
	defer wrap(&err, "store.UpdateUser(%d)", id)
	if !a.System && a.UserID == id {
		return ErrForbidden
	}
	for _, r := range roles {
		if !r.Valid() {
			return fmt.Errorf("unknown role %q", r)
		}
	}
	old, err := db.adminOver(ctx, a, id)
	if err != nil {
		return err
	}
	unit, err := db.Unit(ctx, unitID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, unit.ID, unit.Path, access.RoleAdmin); err != nil {
		return err
	}
	if unit.Closed && unit.ID != old.UnitID {
		return closedUnitForUser(unit)
	}
	next := *old
	next.Name, next.UnitID, next.Roles = name, unitID, roles
	return db.write(ctx, func(t *wtx) error {
		if unitID != old.UnitID {
			if err := t.requireOpen(unitID); err != nil {
				return err
			}
		}
		if err := t.mustAffect(t.exec("UPDATE users SET name = ?, unit_id = ?, roles = ? WHERE id = ?",
			name, unitID, joinRoles(roles), id)); err != nil {
			return err
		}
		_, err := t.audit(a, "user.update", object("user", id), change{Before: viewOf(old), After: viewOf(&next)})
		return err
	})
}

// RemoveGrant ends a user's grant in a unit. The actor needs the admin
// role over that unit.
func (db *DB) RemoveGrant(ctx context.Context, a Actor, userID, unitID int64) (err error) {
	defer wrap(&err, "store.RemoveGrant(user %d, unit %d)", userID, unitID)
	unit, err := db.Unit(ctx, unitID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, unit.ID, unit.Path, access.RoleAdmin); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if err := t.mustAffect(t.exec("DELETE FROM grants WHERE user_id = ? AND unit_id = ?", userID, unitID)); err != nil {
			return err
		}
		_, err := t.audit(a, "grant.remove", object("user", userID), change{Before: map[string]int64{"unit_id": unitID}})
		return err
	})
}

// Grants returns a user's grants.
func (db *DB) Grants(ctx context.Context, userID int64) (_ []access.Grant, err error) {
	defer wrap(&err, "store.Grants(%d)", userID)
	rows, err := db.query(ctx, "SELECT user_id, unit_id, roles FROM grants WHERE user_id = ? ORDER BY unit_id", userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Grant
	for rows.Next() {
		var g access.Grant
		var roles string
		if err := rows.Scan(&g.UserID, &g.UnitID, &roles); err != nil {
			return nil, err
		}
		g.Roles = splitRoles(roles)
		out = append(out, g)
	}
	return out, rows.Err()
}

// ScopeOf computes a user's data scope from the home unit and grants.
func (db *DB) ScopeOf(ctx context.Context, u *access.User) (_ access.Scope, err error) {
	defer wrap(&err, "store.ScopeOf(%s)", u.Username)
	home, err := db.Unit(ctx, u.UnitID)
	if err != nil {
		return access.Scope{}, err
	}
	grants, err := db.Grants(ctx, u.ID)
	if err != nil {
		return access.Scope{}, err
	}
	byRecord, err := db.RecordGrants(ctx, u.ID)
	if err != nil {
		return access.Scope{}, err
	}
	grants = append(grants, byRecord...)
	paths := map[int64]string{}
	for _, g := range grants {
		if p := db.unitPath(g.UnitID); p != "" {
			paths[g.UnitID] = p
		}
	}
	return access.ScopeFor(u, *home, grants, paths), nil
}

// ActorFor builds the store.Actor of a signed-in user: scope, roles and
// whether personal data may be seen in clear (access.SeesPersonal).
func (db *DB) ActorFor(ctx context.Context, u *access.User, addr string) (Actor, error) {
	scope, err := db.ScopeOf(ctx, u)
	if err != nil {
		return Actor{}, err
	}
	a := Actor{UserID: u.ID, UserName: u.Name, UnitID: u.UnitID, Addr: addr, Scope: scope, Roles: u.Roles,
		SeePersonal: access.SeesPersonal(u.Roles)}
	if a.UserName == "" {
		a.UserName = u.Username
	}
	return a, nil
}

// mustAffect turns an UPDATE/DELETE that touched no row into ErrNotFound.
func (t *wtx) mustAffect(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n == 0 {
		return ErrNotFound
	}
	return nil
}
