package store

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"

	"fazhi/internal/access"
)

// CreateUnit adds a unit under u.ParentID (0: a root) and sets u.ID and
// u.Path. A signed-in actor needs the admin role over the parent; the
// system actor (the CLI and demo set-up) may create any unit, roots too.
func (db *DB) CreateUnit(ctx context.Context, a Actor, u *access.Unit) (err error) {
	defer wrap(&err, "store.CreateUnit(%s)", u.Name)
	if u.Name == "" || u.Level == "" {
		return fmt.Errorf("unit name and level are required")
	}
	parentPath := "/"
	if u.ParentID != 0 {
		p, err := db.Unit(ctx, u.ParentID)
		if err != nil {
			return err
		}
		parentPath = p.Path
		if err := db.requireRoles(a, p.ID, p.Path, access.RoleAdmin); err != nil {
			return err
		}
	} else if !a.System {
		return ErrForbidden
	}
	return db.write(ctx, func(t *wtx) error {
		var parent any
		if u.ParentID != 0 {
			parent = u.ParentID
		}
		id, err := t.insertID("INSERT INTO units (parent_id, name, level, path) VALUES (?, ?, ?, ?)",
			parent, u.Name, string(u.Level), fmt.Sprintf("pending:%p", u))
		if err != nil {
			return err
		}
		path := parentPath + strconv.FormatInt(id, 10) + "/"
		if _, err := t.exec("UPDATE units SET path = ? WHERE id = ?", path, id); err != nil {
			return err
		}
		u.ID, u.Path = id, path
		_, err = t.audit(a, "unit.create", object("unit", id), change{After: u})
		return err
	})
}

// Unit returns the unit with id.
func (db *DB) Unit(ctx context.Context, id int64) (_ *access.Unit, err error) {
	defer wrap(&err, "store.Unit(%d)", id)
	var u access.Unit
	var parent sql.NullInt64
	var level string
	err = db.queryRow(ctx, "SELECT id, parent_id, name, level, path FROM units WHERE id = ?", id).
		Scan(&u.ID, &parent, &u.Name, &level, &u.Path)
	if err != nil {
		return nil, db.translate(err)
	}
	u.ParentID, u.Level = parent.Int64, access.Level(level)
	return &u, nil
}

// Units returns the whole tree ordered by path.
func (db *DB) Units(ctx context.Context) (_ []access.Unit, err error) {
	defer wrap(&err, "store.Units")
	rows, err := db.query(ctx, "SELECT id, parent_id, name, level, path FROM units ORDER BY path")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Unit
	for rows.Next() {
		var u access.Unit
		var parent sql.NullInt64
		var level string
		if err := rows.Scan(&u.ID, &parent, &u.Name, &level, &u.Path); err != nil {
			return nil, err
		}
		u.ParentID, u.Level = parent.Int64, access.Level(level)
		out = append(out, u)
	}
	return out, rows.Err()
}

// unitPath returns the materialised path of a unit, cached: units never
// move. It returns "" for an unknown unit.
func (db *DB) unitPath(id int64) string {
	db.unitMu.RLock()
	p, ok := db.unitPaths[id]
	db.unitMu.RUnlock()
	if ok {
		return p
	}
	if err := db.queryRow(context.Background(), "SELECT path FROM units WHERE id = ?", id).Scan(&p); err != nil {
		return ""
	}
	db.unitMu.Lock()
	db.unitPaths[id] = p
	db.unitMu.Unlock()
	return p
}

// rolesIn returns the roles actor a holds over a unit.
func (db *DB) rolesIn(a Actor, unitID int64, unitPath string) []access.Role {
	return a.Scope.RolesIn(unitID, unitPath, db.unitPath)
}

// requireRoles returns nil when the actor is the system actor or holds
// one of roles over the unit, ErrNotFound when the unit is outside the
// actor's read scope, and ErrForbidden otherwise.
func (db *DB) requireRoles(a Actor, unitID int64, unitPath string, roles ...access.Role) error {
	if a.System {
		return nil
	}
	if !a.Scope.CanRead(unitPath) {
		return ErrNotFound
	}
	if hasAny(db.rolesIn(a, unitID, unitPath), roles) {
		return nil
	}
	return ErrForbidden
}

func hasAny(have, want []access.Role) bool {
	for _, w := range want {
		for _, h := range have {
			if h == w {
				return true
			}
		}
	}
	return false
}
