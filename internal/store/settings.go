package store

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/report"
)

// EffectiveSetting is a setting's value for one unit and where it comes
// from: the override of UnitID (the unit itself or the nearest unit above
// it), or the declared default when UnitID is 0.
type EffectiveSetting struct {
	Setting  ledger.Setting
	Value    string
	UnitID   int64  // 0: the default
	UnitName string // of UnitID
	// Own is true when the override is the unit's own (it may be removed
	// there).
	Own bool
}

// Source is the Chinese name of where the value comes from.
func (e EffectiveSetting) Source() string {
	if e.UnitID == 0 {
		return "默认值"
	}
	if e.Own {
		return "本单位设置"
	}
	return "上级设置（" + e.UnitName + "）"
}

// pathIDs are the unit ids of a materialised path, root first.
func pathIDs(path string) []int64 {
	var out []int64
	for _, s := range strings.Split(strings.Trim(path, "/"), "/") {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil {
			out = append(out, id)
		}
	}
	return out
}

type override struct {
	unitID int64
	value  string
}

// settingsTTL bounds how long this process trusts overrides it read:
// another process on the same database may change them.
const settingsTTL = 5 * time.Second

// settingsCache keeps overridesAt's answers per unit path, as every create
// and step reads its unit's settings and settings change rarely. An entry
// holds while this process has changed no setting since it was read (gen)
// and for at most settingsTTL. A unit moved gets a new path, so a new key.
type settingsCache struct {
	mu  sync.Mutex
	gen uint64
	m   map[string]settingsEntry
}

type settingsEntry struct {
	gen uint64
	at  time.Time
	ov  map[string]override // shared: never modified
}

func (c *settingsCache) get(path string) (map[string]override, uint64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[path]
	if ok && e.gen == c.gen && time.Since(e.at) < settingsTTL {
		return e.ov, c.gen, true
	}
	return nil, c.gen, false
}

func (c *settingsCache) put(path string, gen uint64, at time.Time, ov map[string]override) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= 10000 {
		c.m = map[string]settingsEntry{}
	}
	c.m[path] = settingsEntry{gen: gen, at: at, ov: ov}
}

// changed makes every entry stale (after this process wrote a setting).
func (c *settingsCache) changed() {
	c.mu.Lock()
	c.gen++
	c.mu.Unlock()
}

// overridesAt returns, per setting name, the override of the deepest unit
// on path. The map is shared: callers must not modify it.
func (db *DB) overridesAt(ctx context.Context, path string) (map[string]override, error) {
	ov, gen, ok := db.settings.get(path)
	if ok {
		return ov, nil
	}
	at := time.Now()
	ov, err := db.readOverrides(ctx, path)
	if err != nil {
		return nil, err
	}
	db.settings.put(path, gen, at, ov)
	return ov, nil
}

// readOverrides reads overridesAt's answer from the database.
func (db *DB) readOverrides(ctx context.Context, path string) (map[string]override, error) {
	ids := pathIDs(path)
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	depth := map[int64]int{}
	for i, id := range ids {
		args[i], depth[id] = id, i
	}
	rows, err := db.query(ctx, "SELECT unit_id, name, value FROM settings WHERE unit_id IN ("+placeholders(len(ids))+")", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]override{}
	for rows.Next() {
		var o override
		var name string
		if err := rows.Scan(&o.unitID, &name, &o.value); err != nil {
			return nil, err
		}
		if cur, ok := out[name]; !ok || depth[o.unitID] > depth[cur.unitID] {
			out[name] = o
		}
	}
	return out, rows.Err()
}

// settingsFor returns the overrides effective at the unit path for kind k's
// settings (nil when k declares none, so kinds without settings cost no
// query); the ledger adds the defaults.
func (db *DB) settingsFor(ctx context.Context, k *ledger.Kind, path string) (ledger.SettingValues, error) {
	if len(k.Settings) == 0 {
		return nil, nil
	}
	ov, err := db.overridesAt(ctx, path)
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	out := ledger.SettingValues{}
	for _, s := range k.Settings {
		if o, ok := ov[s.Name]; ok {
			out[s.Name] = o.value
		}
	}
	return out, nil
}

// declaredSettings are the kinds' settings and those declared outside
// any kind (report.Settings, the annual report's deadlines).
func (db *DB) declaredSettings() []ledger.Setting {
	var out []ledger.Setting
	if db.cfg.Kinds != nil {
		out = db.cfg.Kinds.Settings()
	}
	return append(out, report.Settings...)
}

func (db *DB) declaredSetting(name string) *ledger.Setting {
	for _, s := range db.declaredSettings() {
		if s.Name == name {
			return &s
		}
	}
	return nil
}

// Settings returns every declared setting's effective value for unitID,
// with its source.
func (db *DB) Settings(ctx context.Context, a Actor, unitID int64) (_ []EffectiveSetting, err error) {
	defer wrap(&err, "store.Settings(%d)", unitID)
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Scope.CanRead(u.Path) {
		return nil, ErrNotFound
	}
	ov, err := db.overridesAt(ctx, u.Path)
	if err != nil {
		return nil, err
	}
	var out []EffectiveSetting
	for _, s := range db.declaredSettings() {
		e := EffectiveSetting{Setting: s, Value: s.Default}
		if o, ok := ov[s.Name]; ok {
			e.Value, e.UnitID, e.Own = o.value, o.unitID, o.unitID == unitID
			if un, err := db.Unit(ctx, o.unitID); err == nil {
				e.UnitName = un.Name
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// SetSetting overrides setting name for unitID and the units below it, or
// removes the unit's override when value is "" (the value above applies
// again). It needs the administrator's role over the unit; the value is
// checked against the declaration (FieldErrors keyed by name otherwise).
// Audited.
func (db *DB) SetSetting(ctx context.Context, a Actor, unitID int64, name, value string) (err error) {
	defer wrap(&err, "store.SetSetting(%d %s)", unitID, name)
	s := db.declaredSetting(name)
	if s == nil {
		return ErrNotFound
	}
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, u.ID, u.Path, access.RoleAdmin); err != nil {
		return err
	}
	if value != "" {
		v, msg := s.Normalize(value)
		if msg != "" {
			return ledger.FieldErrors{name: msg}
		}
		value = v
	}
	defer db.settings.changed() // after the write, so no reader keeps the old value
	return db.write(ctx, func(t *wtx) error {
		var before string
		err := t.queryRow("SELECT value FROM settings WHERE unit_id = ? AND name = ?", unitID, name).Scan(&before)
		if err != nil && t.db.translate(err) != ErrNotFound {
			return err
		}
		if value == "" {
			if _, err := t.exec("DELETE FROM settings WHERE unit_id = ? AND name = ?", unitID, name); err != nil {
				return err
			}
		} else if _, err := t.exec(`INSERT INTO settings (unit_id, name, value, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (unit_id, name) DO UPDATE SET value = excluded.value, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
			unitID, name, value, a.UserID, micros(db.now())); err != nil {
			return err
		}
		_, err = t.audit(a, "setting", object("unit", unitID), map[string]any{"setting": name, "label": s.Label,
			"before": before, "after": value})
		return err
	})
}
