package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// unitView is what the audit log records of a unit.
type unitView struct {
	ParentID   int64  `json:"parent_id,omitempty"`
	Name       string `json:"name"`
	Level      string `json:"level"`
	Path       string `json:"path"`
	CreditCode string `json:"credit_code,omitempty"`
	Closed     bool   `json:"closed,omitempty"`
}

func unitViewOf(u *access.Unit) unitView {
	return unitView{u.ParentID, u.Name, string(u.Level), u.Path, u.CreditCode, u.Closed}
}

const unitCols = "id, parent_id, name, level, path, credit_code, closed_at"

func scanUnit(row interface{ Scan(...any) error }) (*access.Unit, error) {
	var u access.Unit
	var parent, closed sql.NullInt64
	var level string
	if err := row.Scan(&u.ID, &parent, &u.Name, &level, &u.Path, &u.CreditCode, &closed); err != nil {
		return nil, err
	}
	u.ParentID, u.Level, u.Closed = parent.Int64, access.Level(level), closed.Valid
	return &u, nil
}

// errUnitClosed refuses a change to a record of a closed unit.
var errUnitClosed = &ledger.RuleError{Field: "unit_id",
	Reason: "该记录所属单位已撤销，其记录只读：如需继续办理，请在承接单位新建记录"}

// cleanUnit trims and checks the name and credit code of u.
func cleanUnit(u *access.Unit) error {
	name, err := access.CleanUnitName(u.Name)
	if err != nil {
		return err
	}
	code, err := access.CleanCreditCode(u.CreditCode)
	if err != nil {
		return err
	}
	u.Name, u.CreditCode = name, code
	return nil
}

// siblingTaken is the refusal of a name already used under parent.
func siblingTaken(parent, name string) error {
	if parent == "" {
		return &access.UnitError{Field: "name", Msg: fmt.Sprintf("已有名为「%s」的最上级单位，请换一个名称", name)}
	}
	return &access.UnitError{Field: "name", Msg: fmt.Sprintf("「%s」下已有名为「%s」的单位：同一上级下单位名称不能重复，请换一个名称", parent, name)}
}

// CreateUnit adds a unit under u.ParentID (0: the root) and sets u.ID and
// u.Path. A signed-in actor needs the admin role over the parent; the
// system actor (the CLI and demo set-up) may create any unit, and the
// root when the tree is empty. Level rules and unique names among
// siblings are enforced (*access.UnitError).
func (db *DB) CreateUnit(ctx context.Context, a Actor, u *access.Unit) (err error) {
	defer wrap(&err, "store.CreateUnit(%s)", u.Name)
	if err := cleanUnit(u); err != nil {
		return err
	}
	var parent *access.Unit
	if u.ParentID != 0 {
		if parent, err = db.Unit(ctx, u.ParentID); err != nil {
			return err
		}
		if err := db.requireRoles(a, parent.ID, parent.Path, access.RoleAdmin); err != nil {
			return err
		}
	} else if !a.System {
		return ErrForbidden
	}
	if err := access.CheckPlacement(u.Level, parent); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error { return t.createUnit(a, u, parent) })
}

// createUnit inserts u under parent (nil: the root) in the transaction.
func (t *wtx) createUnit(a Actor, u *access.Unit, parent *access.Unit) error {
	parentPath, parentName := "/", ""
	var pid any
	if parent != nil {
		// Read again inside the transaction: the parent may have moved or
		// closed since it was checked.
		fresh, err := t.unit(parent.ID)
		if err != nil {
			return err
		}
		if err := access.CheckPlacement(u.Level, fresh); err != nil {
			return err
		}
		parentPath, parentName, pid = fresh.Path, fresh.Name, fresh.ID
	} else {
		var id int64
		var name string
		err := t.queryRow("SELECT id, name FROM units WHERE parent_id IS NULL AND closed_at IS NULL").Scan(&id, &name)
		if err == nil {
			return &access.UnitError{Field: "parent", Msg: fmt.Sprintf("已有最上级单位「%s」（ID %d）：新单位请指定上级单位", name, id)}
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return err
		}
	}
	id, err := t.insertID("INSERT INTO units (parent_id, name, level, path, credit_code) VALUES (?, ?, ?, ?, ?)",
		pid, u.Name, string(u.Level), fmt.Sprintf("pending:%p", u), u.CreditCode)
	if errors.Is(err, ErrDuplicate) {
		return siblingTaken(parentName, u.Name)
	}
	if err != nil {
		return err
	}
	path := parentPath + strconv.FormatInt(id, 10) + "/"
	if _, err := t.exec("UPDATE units SET path = ? WHERE id = ?", path, id); err != nil {
		return err
	}
	u.ID, u.Path = id, path
	_, err = t.audit(a, "unit.create", object("unit", id), change{After: unitViewOf(u)})
	return err
}

// Unit returns the unit with id. It is kept while the shared auth epoch
// is unchanged: every write of a unit (create, rename, move, close) by any
// process moves it (SharedAuthEpoch), so a unit is read once per change
// and not once per record written in it.
func (db *DB) Unit(ctx context.Context, id int64) (_ *access.Unit, err error) {
	defer wrap(&err, "store.Unit(%d)", id)
	epoch, err := db.epochRead.get(ctx)
	if err != nil {
		return nil, err
	}
	db.unitMu.RLock()
	c, ok := db.units[id]
	db.unitMu.RUnlock()
	if ok && c.epoch == epoch {
		u := c.u
		return &u, nil
	}
	u, err := scanUnit(db.queryRow(ctx, "SELECT "+unitCols+" FROM units WHERE id = ?", id))
	if err != nil {
		return nil, db.translate(err)
	}
	db.unitMu.Lock()
	if len(db.units) > 10000 {
		clear(db.units)
	}
	db.units[id] = cachedUnit{*u, epoch}
	db.unitMu.Unlock()
	return u, nil
}

// cachedUnit is a unit as read under a shared auth epoch.
type cachedUnit struct {
	u     access.Unit
	epoch uint64
}

// Units returns the whole tree ordered by path, closed units included.
func (db *DB) Units(ctx context.Context) (_ []access.Unit, err error) {
	defer wrap(&err, "store.Units")
	rows, err := db.query(ctx, "SELECT "+unitCols+" FROM units ORDER BY path")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []access.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// UnitByRef finds a unit by id (digits) or by name. A name shared by
// units under different parents is refused with the candidates, so the
// caller can give the id; an open unit is preferred to closed ones.
func (db *DB) UnitByRef(ctx context.Context, ref string) (_ *access.Unit, err error) {
	defer wrap(&err, "store.UnitByRef(%s)", ref)
	ref = strings.TrimSpace(ref)
	if id, perr := strconv.ParseInt(ref, 10, 64); perr == nil {
		u, err := db.Unit(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return nil, db.noSuchUnit(ctx, ref)
		}
		return u, err
	}
	rows, err := db.query(ctx, "SELECT "+unitCols+" FROM units WHERE name = ? ORDER BY closed_at IS NOT NULL, path", ref)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var open, closed []access.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, err
		}
		if u.Closed {
			closed = append(closed, *u)
		} else {
			open = append(open, *u)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	switch {
	case len(open) == 1:
		return &open[0], nil
	case len(open) > 1:
		var ids []string
		for _, u := range open {
			ids = append(ids, strconv.FormatInt(u.ID, 10))
		}
		return nil, &access.UnitError{Field: "unit", Msg: fmt.Sprintf("有 %d 个单位名为「%s」（ID %s）：请改用单位 ID", len(open), ref, strings.Join(ids, "、"))}
	case len(closed) > 0:
		return &closed[0], nil
	}
	return nil, db.noSuchUnit(ctx, ref)
}

// noSuchUnit says a unit reference matched nothing, and what to do: on an
// empty database, create the root unit first.
func (db *DB) noSuchUnit(ctx context.Context, ref string) error {
	var n int
	if err := db.queryRow(ctx, "SELECT COUNT(*) FROM units").Scan(&n); err == nil && n == 0 {
		return &access.UnitError{Field: "unit", Msg: fmt.Sprintf("找不到单位「%s」：数据库中还没有任何单位，请先用 fazhi unit add --level county 某某县 建立最上级单位", ref)}
	}
	return &access.UnitError{Field: "unit", Msg: fmt.Sprintf("找不到单位「%s」：请用 fazhi unit list 查看单位名称和 ID", ref)}
}

// requireOpen refuses, inside a write transaction, a unit closed meanwhile.
func (t *wtx) requireOpen(id int64) error {
	u, err := t.unit(id)
	if err != nil {
		return err
	}
	if u.Closed {
		return closedUnitForUser(u)
	}
	return nil
}

// unit re-reads a unit inside a write transaction.
func (t *wtx) unit(id int64) (*access.Unit, error) {
	u, err := scanUnit(t.queryRow("SELECT "+unitCols+" FROM units WHERE id = ?", id))
	return u, t.db.translate(err)
}

// adminBelow checks that a may administer unit u as a child of one of
// their units: the admin role over u's parent. Moving and closing need it,
// so no administrator moves or closes the unit their own scope hangs from.
func (db *DB) adminBelow(ctx context.Context, a Actor, u *access.Unit) error {
	if a.System {
		return nil
	}
	if !a.Scope.CanRead(u.Path) {
		return ErrNotFound
	}
	if u.ParentID == 0 {
		return ErrForbidden
	}
	p, err := db.Unit(ctx, u.ParentID)
	if err != nil {
		return err
	}
	return db.requireRoles(a, p.ID, p.Path, access.RoleAdmin)
}

// RenameUnit changes a unit's name (and credit code, when code is not
// nil). The admin role over the unit suffices; names stay unique among
// siblings.
func (db *DB) RenameUnit(ctx context.Context, a Actor, id int64, name string, code *string) (err error) {
	defer wrap(&err, "store.RenameUnit(%d)", id)
	u, err := db.Unit(ctx, id)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, u.ID, u.Path, access.RoleAdmin); err != nil {
		return err
	}
	if u.Closed {
		return &access.UnitError{Field: "name", Msg: fmt.Sprintf("单位「%s」已撤销，不能再修改", u.Name)}
	}
	next := *u
	next.Name = name
	if code != nil {
		next.CreditCode = *code
	}
	if err := cleanUnit(&next); err != nil {
		return err
	}
	parentName := ""
	if u.ParentID != 0 {
		if p, err := db.Unit(ctx, u.ParentID); err == nil {
			parentName = p.Name
		}
	}
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec("UPDATE units SET name = ?, credit_code = ? WHERE id = ? AND closed_at IS NULL", next.Name, next.CreditCode, id)
		if errors.Is(err, ErrDuplicate) {
			return siblingTaken(parentName, next.Name)
		}
		if err != nil {
			return err
		}
		_, err = t.audit(a, "unit.rename", object("unit", id), change{Before: unitViewOf(u), After: unitViewOf(&next)})
		return err
	})
}

// MoveUnit puts a unit and its whole subtree under another parent. The
// actor needs the admin role over the unit's current parent and over the
// new one. In one transaction the materialised paths of the subtree are
// rewritten — units, records, record counts and filter rows — so no
// reader ever sees half a move.
func (db *DB) MoveUnit(ctx context.Context, a Actor, id, parentID int64) (err error) {
	defer wrap(&err, "store.MoveUnit(%d → %d)", id, parentID)
	u, err := db.Unit(ctx, id)
	if err != nil {
		return err
	}
	if err := db.adminBelow(ctx, a, u); err != nil {
		return err
	}
	p, err := db.Unit(ctx, parentID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, p.ID, p.Path, access.RoleAdmin); err != nil {
		return err
	}
	if u.Closed {
		return &access.UnitError{Field: "parent", Msg: fmt.Sprintf("单位「%s」已撤销，不能再移动", u.Name)}
	}
	if err := access.CheckMove(u, p); err != nil {
		return err
	}
	err = db.writeUnits(ctx, func(t *wtx) error {
		// Re-read both inside the transaction: another move may have
		// committed since, and the checks must hold on what is written.
		u, err := t.unit(id)
		if err != nil {
			return err
		}
		p, err := t.unit(parentID)
		if err != nil {
			return err
		}
		if err := access.CheckMove(u, p); err != nil {
			return err
		}
		db.unitGen.Add(1)
		oldPath, newPath := u.Path, p.Path+strconv.FormatInt(u.ID, 10)+"/"
		if _, err := t.exec("UPDATE units SET parent_id = ? WHERE id = ?", p.ID, u.ID); err != nil {
			if errors.Is(err, ErrDuplicate) {
				return siblingTaken(p.Name, u.Name)
			}
			return err
		}
		lo, hi := pathRange(oldPath)
		var moved int64
		for _, tc := range [][2]string{{"units", "path"}, {"records", "unit_path"}, {"clocks", "unit_path"}, {"record_counts", "unit_path"}, {"record_filters", "unit_path"},
			{"audit", "scope_path"}} { // the audit page follows the entries' unit (auditlog.go)
			res, err := t.exec("UPDATE "+tc[0]+" SET "+tc[1]+" = CAST(? AS TEXT) || substr("+tc[1]+", CAST(? AS INTEGER)) WHERE "+tc[1]+" >= ? AND "+tc[1]+" < ?",
				newPath, len(oldPath)+1, lo, hi)
			if err != nil {
				return err
			}
			if tc[0] == "records" {
				moved, _ = res.RowsAffected()
			}
		}
		after := *u
		after.ParentID, after.Path = p.ID, newPath
		_, err = t.audit(a, "unit.move", object("unit", u.ID), change{Before: unitViewOf(u),
			After: map[string]any{"unit": unitViewOf(&after), "parent": p.Name, "records": moved}})
		return err
	})
	db.forgetUnits()
	return err
}

// forgetUnits drops what is cached about unit paths after a move.
func (db *DB) forgetUnits() {
	db.unitMu.Lock()
	clear(db.unitPaths)
	db.unitMu.Unlock()
	db.counts.reset()
}

// CloseUnit closes (撤销) a unit: it stays with its records, which become
// read-only, and leaves every picker. Units are never deleted. The actor
// needs the admin role over its parent. A unit is closed only when nothing
// would be stranded in it: no open child units and no unlocked users —
// they are moved (or the users locked) first, so nobody silently loses
// their place of work.
func (db *DB) CloseUnit(ctx context.Context, a Actor, id int64) (err error) {
	defer wrap(&err, "store.CloseUnit(%d)", id)
	u, err := db.Unit(ctx, id)
	if err != nil {
		return err
	}
	if err := db.adminBelow(ctx, a, u); err != nil {
		return err
	}
	if u.Closed {
		return &access.UnitError{Field: "unit", Msg: fmt.Sprintf("单位「%s」已撤销", u.Name)}
	}
	err = db.writeUnits(ctx, func(t *wtx) error {
		var children []string
		rows, err := t.query("SELECT name FROM units WHERE parent_id = ? AND closed_at IS NULL ORDER BY name", id)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			children = append(children, n)
		}
		rows.Close()
		if len(children) > 0 {
			return &access.UnitError{Field: "children", Msg: fmt.Sprintf("「%s」下还有 %d 个未撤销的下级单位（%s）：请先将其移到其他单位或撤销，再撤销本单位",
				u.Name, len(children), strings.Join(first(children, 3), "、"))}
		}
		var users []string
		rows, err = t.query("SELECT username FROM users WHERE unit_id = ? AND locked = ? ORDER BY username", id, false)
		if err != nil {
			return err
		}
		for rows.Next() {
			var n string
			if err := rows.Scan(&n); err != nil {
				rows.Close()
				return err
			}
			users = append(users, n)
		}
		rows.Close()
		if len(users) > 0 {
			return &access.UnitError{Field: "users", Msg: fmt.Sprintf("「%s」还有 %d 名在用的用户（%s）：请先把他们调到其他单位或锁定其账户，再撤销本单位",
				u.Name, len(users), strings.Join(first(users, 3), "、"))}
		}
		db.unitGen.Add(1)
		if err := t.mustAffect(t.exec("UPDATE units SET closed_at = ? WHERE id = ? AND closed_at IS NULL", micros(db.now()), id)); err != nil {
			return err
		}
		after := *u
		after.Closed = true
		_, err = t.audit(a, "unit.close", object("unit", id), change{Before: unitViewOf(u), After: unitViewOf(&after)})
		return err
	})
	return err
}

func first(s []string, n int) []string {
	if len(s) > n {
		return append(s[:n:n], "…")
	}
	return s
}

// recheckUnit re-reads, inside the write transaction, the unit path and
// state of a loaded record when a unit moved or closed since it was
// loaded (l.gen), so a write racing a move never stores a stale path.
func (t *wtx) recheckUnit(l *loaded) error {
	if l.closed {
		return errUnitClosed
	}
	if t.db.unitGen.Load() == l.gen {
		return nil
	}
	var closed sql.NullInt64
	if err := t.queryRow("SELECT r.unit_path, u.closed_at FROM records r JOIN units u ON u.id = r.unit_id WHERE r.id = ?", l.rec.ID).
		Scan(&l.path, &closed); err != nil {
		return t.db.translate(err)
	}
	if closed.Valid {
		return errUnitClosed
	}
	return nil
}

// unitPathTTL bounds how long a cached unit path is believed: a move made
// by another process on the same database (fazhi unit move beside the
// server) is seen within it; this process's own moves clear the cache.
const unitPathTTL = 10 * time.Second

type cachedPath struct {
	path string
	at   time.Time
}

// unitPath returns the materialised path of a unit, cached (unitPathTTL).
// It returns "" for an unknown unit.
func (db *DB) unitPath(id int64) string {
	db.unitMu.RLock()
	c, ok := db.unitPaths[id]
	db.unitMu.RUnlock()
	if ok && time.Since(c.at) < unitPathTTL {
		return c.path
	}
	var p string
	if err := db.queryRow(context.Background(), "SELECT path FROM units WHERE id = ?", id).Scan(&p); err != nil {
		return ""
	}
	db.unitMu.Lock()
	if len(db.unitPaths) > 100000 {
		clear(db.unitPaths)
	}
	db.unitPaths[id] = cachedPath{p, time.Now()}
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

// ImportUnits creates the units of an import plan (access.PlanImport) in
// one transaction, parents first, each audited, with one unit.import entry
// for the batch: all of them or, on any refusal, none. The actor needs the
// admin role over every existing unit the plan hangs from.
func (db *DB) ImportUnits(ctx context.Context, a Actor, plan []access.PlannedUnit) (err error) {
	defer wrap(&err, "store.ImportUnits(%d)", len(plan))
	if len(plan) == 0 {
		return nil
	}
	parents := map[int64]bool{}
	for _, p := range plan {
		if p.ParentIndex < 0 && p.Unit.ParentID != 0 && !parents[p.Unit.ParentID] {
			u, err := db.Unit(ctx, p.Unit.ParentID)
			if err != nil {
				return err
			}
			if err := db.requireRoles(a, u.ID, u.Path, access.RoleAdmin); err != nil {
				return err
			}
			parents[u.ID] = true
		} else if p.ParentIndex < 0 && p.Unit.ParentID == 0 && !a.System {
			return ErrForbidden
		}
	}
	return db.write(ctx, func(t *wtx) error {
		made := make([]*access.Unit, len(plan))
		var errs access.ImportErrors
		for i, p := range plan {
			u := p.Unit
			var parent *access.Unit
			switch {
			case p.ParentIndex >= 0 && p.ParentIndex < i:
				parent = made[p.ParentIndex]
				u.ParentID = parent.ID
			case p.ParentIndex >= 0:
				return fmt.Errorf("import plan row %d: parent planned later", p.Row)
			case u.ParentID != 0:
				if parent, err = t.unit(u.ParentID); err != nil {
					return err
				}
			}
			if parent == nil && u.ParentID == 0 && !a.System {
				return ErrForbidden
			}
			if err := access.CheckPlacement(u.Level, parent); err != nil {
				errs = append(errs, access.RowError{Row: p.Row, Column: access.ColParent, Value: u.Name, Reason: err.Error()})
				return errs
			}
			if err := t.createUnit(a, &u, parent); err != nil {
				var ue *access.UnitError
				if errors.As(err, &ue) {
					col := access.ColName
					if ue.Field == "parent" {
						col = access.ColParent
					}
					errs = append(errs, access.RowError{Row: p.Row, Column: col, Value: u.Name, Reason: ue.Msg})
					return errs
				}
				return err
			}
			made[i] = &u
		}
		_, err := t.audit(a, "unit.import", object("unit", made[0].ID), change{After: map[string]any{"units": len(plan)}})
		return err
	})
}
