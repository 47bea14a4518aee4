package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

var _ Contract = (*DB)(nil)

// china is the zone of the civil dates the statutes count in.
var china = time.FixedZone("CST", 8*3600)

func (db *DB) today() calendar.Date { return calendar.FromTime(db.now().In(china)) }

// CreateRecord validates input and stores a new record of kind in unitID
// with its clocks, derived rows and audit entry.
func (db *DB) CreateRecord(ctx context.Context, a Actor, kind *ledger.Kind, unitID int64, input ledger.Values) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.CreateRecord(%s)", kind.Name)
	gen := db.unitGen.Load()
	unit, err := db.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if err := db.requireRoles(a, unit.ID, unit.Path, kind.CreateRoles...); err != nil {
		return nil, err
	}
	if unit.Closed {
		return nil, &ledger.RuleError{Field: "unit_id", Reason: "单位「" + unit.Name + "」已撤销，不能再新建记录：请选择承接单位"}
	}
	set, err := db.settingsFor(ctx, kind, unit.Path)
	if err != nil {
		return nil, err
	}
	data, ferrs := kind.NormalizeIn(input, nil, db.today(), set)
	if len(ferrs) > 0 {
		return nil, ferrs
	}
	binds, err := db.checkReferences(ctx, a, kind, data, 0)
	if err != nil {
		return nil, err
	}
	if err := db.checkCitedFiles(ctx, kind, 0, data, nil); err != nil {
		return nil, err
	}
	now := db.now()
	r := &ledger.Record{Kind: kind.Name, UnitID: unit.ID, State: kind.Initial(), Title: kind.TitleOf(data), Year: kind.YearOf(data),
		Data: data, Version: 1, CreatedBy: a.UserID, UpdatedBy: a.UserID, CreatedAt: now, UpdatedAt: now}
	clocks, err := kind.StartClocksIn(r, db.cfg.Calendar, set)
	if err != nil {
		return nil, err
	}
	// What depends on the input alone is made here, outside the one
	// writer: the stored JSON of a record without personal values, its
	// full-text body and its audit diff.
	personal := hasPersonal(kind, data)
	var plain []byte
	if !personal {
		if plain, err = json.Marshal(data); err != nil {
			return nil, err
		}
	}
	fts := db.ftsBody(kind, data)
	diff := auditDiff(kind, nil, data)
	err = db.writeCreate(ctx, func(t *wtx) error {
		if db.unitGen.Load() != gen { // a unit moved or closed meanwhile
			var closed sql.NullInt64
			if err := t.queryRow("SELECT path, closed_at FROM units WHERE id = ?", unit.ID).Scan(&unit.Path, &closed); err != nil {
				return db.translate(err)
			}
			if closed.Valid {
				return errUnitClosed
			}
		}
		// Personal values are sealed with the record id in their additional
		// data, so they are written once the id is known: on PostgreSQL the
		// writer reserves it beforehand (pipeline.go); on SQLite the insert
		// returns it and the data follows.
		var id int64
		if db.dialect == postgres {
			if id, err = t.nextRecordID(); err != nil {
				return err
			}
		}
		stored := data
		if personal && id != 0 {
			if stored, err = db.sealData(kind, id, data); err != nil {
				return err
			}
		}
		js := plain
		if personal {
			js = []byte("{}")
		}
		if personal && id != 0 {
			if js, err = json.Marshal(stored); err != nil {
				return err
			}
		}
		cols := "kind, unit_id, unit_path, state, title, year, data, version, created_by, updated_by, created_at, updated_at, next_due"
		args := []any{r.Kind, r.UnitID, unit.Path, r.State, r.Title, r.Year, string(js), r.Version, r.CreatedBy, r.UpdatedBy, micros(now), micros(now),
			dateText(ledger.NextDue(clocks))}
		if db.dialect == postgres {
			cols = "id, " + cols + ", search_text"
			args = append(append([]any{id}, args...), searchText(kind, data))
			if err := t.queue("INSERT INTO records ("+cols+") VALUES ("+placeholders(len(args))+")", args...); err != nil {
				return err
			}
		} else {
			if id, err = t.insertID("INSERT INTO records ("+cols+") VALUES ("+placeholders(len(args))+")", args...); err != nil {
				return err
			}
			if personal {
				sealed, err := db.sealData(kind, id, data)
				if err != nil {
					return err
				}
				if js, err = json.Marshal(sealed); err != nil {
					return err
				}
				if _, err := t.exec("UPDATE records SET data = ? WHERE id = ?", string(js), id); err != nil {
					return err
				}
			}
		}
		r.ID = id
		if err := t.writeIndexFTS(kind, r, true, fts); err != nil {
			return err
		}
		if err := t.writeFilters(kind, r, unit.Path, true); err != nil {
			return err
		}
		if err := t.writeClocks(id, unit.Path, clocks, true); err != nil {
			return err
		}
		if err := t.bumpCount(r.Kind, r.UnitID, unit.Path, r.State, r.Year, 1); err != nil {
			return err
		}
		if _, err = t.auditIn(a, "create", object("record", id), diff, &unit.Path); err != nil {
			return err
		}
		if err := t.writeBinds(a, binds, id); err != nil {
			return err
		}
		return t.noteImport(ctx, id, binds) // a record created by an import joins its batch (imports.go)
	})
	db.counts.bump(kind.Name)
	if err != nil {
		r.ID = 0
		return nil, err
	}
	db.noteInserts(1)
	r.CreatedAt, r.UpdatedAt = fromMicros(micros(now)), fromMicros(micros(now))
	return db.present(kind, r, a), nil
}

// present returns r as actor a may see it: personal values masked unless
// a.SeePersonal.
func (db *DB) present(k *ledger.Kind, r *ledger.Record, a Actor) *ledger.Record {
	if a.SeePersonal {
		return r
	}
	out := *r
	out.Data = make(ledger.Values, len(r.Data))
	for n, v := range r.Data {
		out.Data[n] = v
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type == ledger.TypePersonal && out.Data[f.Name] != "" {
			out.Data[f.Name] = maskValue(f, out.Data[f.Name])
		}
	}
	maskCells(k, out.Data)
	return &out
}

// checkReferences returns FieldErrors for unit and user values outside
// the actor's reach (checkUnitsUsers), for reference fields naming a record
// that does not exist for the actor or is of the wrong kind, or a bound
// reference that cannot be bound (see bindsFor); else the binds to write.
func (db *DB) checkReferences(ctx context.Context, a Actor, k *ledger.Kind, data ledger.Values, self int64) ([]bind, error) {
	errs, err := db.checkUnitsUsers(ctx, a, k, data)
	if err != nil {
		return nil, err
	}
	if errs == nil {
		if errs, err = db.checkGrantUser(ctx, k, data); err != nil {
			return nil, err
		}
	}
	if errs == nil {
		errs = ledger.FieldErrors{}
	}
	refs := map[string]*loaded{}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type != ledger.TypeReference || data[f.Name] == "" {
			continue
		}
		id, err := strconv.ParseInt(data[f.Name], 10, 64)
		if err != nil || id == self {
			errs[f.Name] = "「" + f.Label + "」应为另一条记录的编号，请重新选择"
			continue
		}
		ref, err := db.loadRecord(ctx, a, id)
		if errors.Is(err, ErrNotFound) || (err == nil && !f.Refers(ref.rec.Kind)) {
			errs[f.Name] = "「" + f.Label + "」所指的记录不存在或无权查看，请重新选择"
			continue
		}
		if err != nil {
			return nil, err
		}
		refs[f.Name] = ref
	}
	if len(errs) > 0 {
		return nil, errs
	}
	binds, berrs := db.bindsFor(ctx, a, k, data, self, refs)
	if len(berrs) > 0 {
		return nil, berrs
	}
	return binds, nil
}

// loaded is a record read for a change: plaintext data, its unit path and
// clocks.
type loaded struct {
	rec    *ledger.Record
	path   string
	clocks []ledger.Clock
	closed bool   // the record's unit is closed: read-only
	gen    uint64 // db.unitGen when loaded (recheckUnit)
}

// loadRecord reads a record in a's scope with its personal data in clear
// (for the store's own use), or ErrNotFound.
func (db *DB) loadRecord(ctx context.Context, a Actor, id int64) (*loaded, error) {
	gen := db.unitGen.Load()
	q := "SELECT " + recordCols + ", r.unit_path, (SELECT u.closed_at FROM units u WHERE u.id = r.unit_id) FROM records r WHERE r.id = ?"
	args := []any{id}
	if !a.System {
		where, sargs := scopeSQL("r.unit_path", a.Scope.ReadPaths)
		q += " AND " + where
		args = append(args, sargs...)
	}
	var path string
	var closed sql.NullInt64
	r, err := db.scanRecord(db.queryRow(ctx, q, args...), &path, &closed)
	if err != nil {
		return nil, db.translate(err)
	}
	k := db.kind(r.Kind)
	if k == nil {
		return nil, fmt.Errorf("record %d: unknown kind %q", id, r.Kind)
	}
	if err := db.openData(k, r.ID, r.Data, true); err != nil {
		return nil, err
	}
	return &loaded{rec: r, path: path, closed: closed.Valid, gen: gen}, nil
}

func (db *DB) kind(name string) *ledger.Kind {
	if db.cfg.Kinds == nil {
		return nil
	}
	return db.cfg.Kinds.Kind(name)
}

// loadForChange loads a record of kind k for an update or transition,
// with its clocks, checking kind and version.
func (db *DB) loadForChange(ctx context.Context, a Actor, k *ledger.Kind, id int64, version int) (*loaded, error) {
	l, err := db.loadRecord(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if l.rec.Kind != k.Name {
		return nil, ErrNotFound
	}
	if version != l.rec.Version {
		return nil, ErrConflict
	}
	l.clocks, err = db.clocksOf(ctx, id)
	return l, err
}

// UpdateRecord changes the form fields of a record at version.
func (db *DB) UpdateRecord(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, input ledger.Values) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.UpdateRecord(%s %d)", kind.Name, id)
	l, err := db.loadForChange(ctx, a, kind, id, version)
	if err != nil {
		return nil, err
	}
	old := l.rec
	if !a.System && !hasAny(db.rolesIn(a, old.UnitID, l.path), kind.EditRoles) {
		return nil, ErrForbidden
	}
	if s := kind.State(old.State); s == nil || !s.Editable {
		label := old.State
		if s != nil {
			label = s.Label
		}
		return nil, &ledger.RuleError{Reason: "记录处于「" + label + "」状态，不能再修改"}
	}
	set, err := db.settingsFor(ctx, kind, l.path)
	if err != nil {
		return nil, err
	}
	data, ferrs := kind.NormalizeIn(input, old, db.today(), set)
	if len(ferrs) > 0 {
		return nil, ferrs
	}
	binds, err := db.checkReferences(ctx, a, kind, data, id)
	if err != nil {
		return nil, err
	}
	if err := db.checkCitedFiles(ctx, kind, id, data, old.Data); err != nil {
		return nil, err
	}
	r := *old
	r.Data, r.Title, r.Year = data, kind.TitleOf(data), kind.YearOf(data)
	r.Version, r.UpdatedBy, r.UpdatedAt = old.Version+1, a.UserID, db.now()
	clocks, err := kind.ReconcileClocksIn(&r, l.clocks, db.cfg.Calendar, set)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *wtx) error {
		if err := t.recheckUnit(l); err != nil {
			return err
		}
		if err := t.saveRecord(kind, &r, old.Version, l.path); err != nil {
			return err
		}
		if !slices.EqualFunc(clocks, l.clocks, clockEqual) {
			if err := t.writeClocks(id, l.path, clocks, false); err != nil {
				return err
			}
		}
		if r.Year != old.Year {
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, r.State, old.Year, -1); err != nil {
				return err
			}
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, r.State, r.Year, 1); err != nil {
				return err
			}
		}
		if _, err := t.audit(a, "update", object("record", id), auditDiff(kind, old.Data, data)); err != nil {
			return err
		}
		return t.writeBinds(a, binds, id)
	})
	db.counts.bump(kind.Name)
	if err != nil {
		return nil, err
	}
	return db.present(kind, &r, a), nil
}

// saveRecord writes r's columns, sealed data and derived rows, if the
// stored version is still oldVersion (ErrConflict otherwise).
func (t *wtx) saveRecord(k *ledger.Kind, r *ledger.Record, oldVersion int, path string) error {
	sealed, err := t.db.sealData(k, r.ID, r.Data)
	if err != nil {
		return err
	}
	js, err := json.Marshal(sealed)
	if err != nil {
		return err
	}
	set := "state = ?, title = ?, year = ?, data = ?, version = ?, updated_by = ?, updated_at = ?"
	args := []any{r.State, r.Title, r.Year, string(js), r.Version, r.UpdatedBy, micros(r.UpdatedAt)}
	if t.db.dialect == postgres {
		set += ", search_text = ?"
		args = append(args, searchText(k, r.Data))
	}
	res, err := t.exec("UPDATE records SET "+set+" WHERE id = ? AND version = ?", append(args, r.ID, oldVersion)...)
	if err := t.mustAffect(res, err); err != nil {
		if errors.Is(err, ErrNotFound) {
			return ErrConflict
		}
		return err
	}
	if err := t.writeIndex(k, r, false); err != nil {
		return err
	}
	return t.writeFilters(k, r, path, false)
}

func clockEqual(a, b ledger.Clock) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// linkedReader lets guards read linked records within the actor's scope.
type linkedReader struct {
	db *DB
	a  Actor
}

func (l linkedReader) Record(ctx context.Context, id int64) (*ledger.Record, error) {
	r, err := l.db.loadRecord(ctx, l.a, id)
	if errors.Is(err, ErrNotFound) {
		// Guards test for ledger.ErrNotFound and refuse citing their
		// article; the store's own code still matches ErrNotFound.
		return nil, fmt.Errorf("%w: %w", ledger.ErrNotFound, err)
	}
	if err != nil {
		return nil, err
	}
	return r.rec, nil
}

// Transition takes workflow event on a record at version.
func (db *DB) Transition(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, event string, input ledger.Values) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.Transition(%s %d %s)", kind.Name, id, event)
	l, err := db.loadForChange(ctx, a, kind, id, version)
	if err != nil {
		return nil, err
	}
	old := l.rec
	roles := db.rolesIn(a, old.UnitID, l.path)
	if a.System {
		roles = access.AllRoles
	}
	set, err := db.settingsFor(ctx, kind, l.path)
	if err != nil {
		return nil, err
	}
	place, err := db.placeOf(ctx, a, l.path)
	if err != nil {
		return nil, err
	}
	today := db.today()
	g := &ledger.GuardContext{Ctx: ctx, Kind: kind, Record: old, Input: input, Event: event, Today: today,
		Calendar: db.cfg.Calendar, Links: linkedReader{db, a}, Find: linkedReader{db, a}, Clocks: l.clocks, Settings: set, Actor: place}
	out, err := kind.Apply(g, roles)
	if errors.Is(err, ledger.ErrRole) {
		return nil, fmt.Errorf("%w: %w", ErrForbidden, err)
	}
	if err != nil {
		return nil, err
	}
	if err := db.checkCitedFiles(ctx, kind, id, out.Data, old.Data); err != nil {
		return nil, err
	}
	r := *old
	r.Data, r.State, r.Title, r.Year = out.Data, out.To, kind.TitleOf(out.Data), kind.YearOf(out.Data)
	r.Version, r.UpdatedBy, r.UpdatedAt = old.Version+1, a.UserID, db.now()
	tr := kind.Transition(event)
	if f := kind.RegisterField(tr); f != nil && old.Data[f.Name] == "" {
		if _, err := kind.RegisterNumber(f, today.Year, 1, set); err != nil {
			return nil, err // refused before a number is taken
		}
	}
	err = db.write(ctx, func(t *wtx) error {
		if err := t.recheckUnit(l); err != nil {
			return err
		}
		r.Data = maps.Clone(out.Data)
		if err := t.fillRegister(kind, tr, old, &r, set, today.Year); err != nil {
			return err
		}
		if err := t.saveRecord(kind, &r, old.Version, l.path); err != nil {
			return err
		}
		if err := t.writeClocks(id, l.path, out.Clocks, false); err != nil {
			return err
		}
		if r.State != old.State || r.Year != old.Year {
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, old.State, old.Year, -1); err != nil {
				return err
			}
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, r.State, r.Year, 1); err != nil {
				return err
			}
		}
		before, after := maps.Clone(old.Data), maps.Clone(r.Data)
		before[diffState], after[diffState], after[diffEvent] = out.From, out.To, event
		seq, err := t.audit(a, "transition", object("record", id), auditDiff(kind, before, after))
		if err != nil {
			return err
		}
		_, err = t.exec(`INSERT INTO transitions (record_id, event, from_state, to_state, actor_id, at, audit_seq)
			VALUES (?, ?, ?, ?, ?, ?, ?)`, id, event, out.From, out.To, a.UserID, micros(r.UpdatedAt), seq)
		return err
	})
	db.counts.bump(kind.Name)
	if err != nil {
		return nil, err
	}
	return db.present(kind, &r, a), nil
}

// AdjustClock pauses, resumes or extends a running deadline of a record.
// It needs one of the kind's edit roles or the head's role in the unit.
func (db *DB) AdjustClock(ctx context.Context, a Actor, kind *ledger.Kind, id int64, period string, adj ledger.ClockAdjustment) (err error) {
	defer wrap(&err, "store.AdjustClock(%s %d %s)", kind.Name, id, period)
	l, err := db.loadRecord(ctx, a, id)
	if err != nil {
		return err
	}
	if l.rec.Kind != kind.Name {
		return ErrNotFound
	}
	roles := db.rolesIn(a, l.rec.UnitID, l.path)
	if a.System {
		roles = access.AllRoles
	}
	// Pause and resume are for the kind's editors and the head; an
	// extension for the period's declared approver (Kind.AdjustClock).
	if adj.Action != "extend" && !hasAny(roles, append(slices.Clone(kind.EditRoles), access.RoleHead)) {
		return ErrForbidden
	}
	if l.closed {
		return errUnitClosed
	}
	clocks, err := db.clocksOf(ctx, id)
	if err != nil {
		return err
	}
	i := slices.IndexFunc(clocks, func(c ledger.Clock) bool { return c.Period == period })
	if i < 0 {
		return ErrNotFound
	}
	adj.By = a.UserID
	if adj.On.IsZero() {
		adj.On = db.today()
	}
	c, err := kind.AdjustClock(clocks[i], adj, db.cfg.Calendar, roles)
	if errors.Is(err, ledger.ErrRole) {
		return fmt.Errorf("%w: %w", ErrForbidden, err)
	}
	if err != nil {
		return err
	}
	before := clocks[i]
	clocks[i] = c
	defer db.counts.bump(kind.Name)
	return db.write(ctx, func(t *wtx) error {
		if err := t.recheckUnit(l); err != nil {
			return err
		}
		// The clock was read outside this transaction: if another
		// adjustment or a transition changed it since, refuse.
		cur, err := scanClock(t.queryRow("SELECT "+clockCols+" FROM clocks c WHERE c.record_id = ? AND c.period = ?", id, period))
		if err != nil {
			return t.db.translate(err)
		}
		if !clockEqual(cur, before) {
			return ErrConflict
		}
		if err := t.writeClocks(id, l.path, clocks, false); err != nil {
			return err
		}
		now := micros(db.now())
		if _, err := t.exec("UPDATE records SET updated_at = ?, updated_by = ? WHERE id = ?", now, a.UserID, id); err != nil {
			return err
		}
		if _, err := t.exec("UPDATE record_filters SET updated_at = ? WHERE record_id = ?", now, id); err != nil {
			return err
		}
		_, err = t.audit(a, "clock", object("record", id), change{Before: before, After: c})
		return err
	})
}
