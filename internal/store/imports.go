package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
)

// Excel imports (migration 0008). An Import resolves a workbook's names in
// the actor's scope and checks and writes its rows as the actor would by
// hand: CreateRecord, then Transition for every step of the row's history,
// so the roles, field rules, references and guards all apply. Each record
// it creates is listed in import_records with its version at the end of
// the row, in the same transaction as the record's creation; UndoImport
// removes a whole batch (audited) only while none of its records changed.

// ImportBatch is one import.
type ImportBatch struct {
	ID        int64
	Kind      string
	UnitID    int64
	FileName  string
	Rows      int // data rows read
	Imported  int // records created
	Refused   int // rows reported and not imported
	Status    string
	CreatedBy int64
	CreatedAt time.Time
	UndoneBy  int64
	UndoneAt  time.Time
}

// Import batch states.
const (
	ImportRunning = "running" // writing
	ImportDone    = "done"
	ImportUndone  = "undone"
	ImportAborted = "aborted" // a write failed part-way; what was written is removed
)

// Importer resolves names and checks and writes rows for one import.
type Importer interface {
	importer.Resolver
	importer.Target
}

// Import returns the importer of a file of kind's records by actor a; the
// batch belongs to unitID (0: the actor's unit).
func (db *DB) Import(a Actor, kind *ledger.Kind, unitID int64, fileName string) Importer {
	if unitID == 0 {
		unitID = a.UnitID
	}
	return &imp{db: db, a: a, kind: kind, unitID: unitID, fileName: fileName}
}

type imp struct {
	db       *DB
	a        Actor
	kind     *ledger.Kind
	unitID   int64
	fileName string
	batch    int64
	units    []access.Unit
}

// importMark travels in the context of CreateRecord to list the record in
// its batch, in the same transaction.
type importMark struct {
	batch   int64
	version int
}

type importKey struct{}

func (t *wtx) noteImport(ctx context.Context, id int64, binds []bind) error {
	m, ok := ctx.Value(importKey{}).(importMark)
	if !ok {
		return nil
	}
	if err := t.queue("INSERT INTO import_records (batch_id, record_id, version) VALUES (?, ?, ?)", m.batch, id, m.version); err != nil {
		return err
	}
	for _, b := range binds { // writeBinds bumped each bound record's version by one
		if err := t.queue("INSERT INTO import_records (batch_id, record_id, version, bound_field) VALUES (?, ?, ?, ?)",
			m.batch, b.l.rec.ID, b.l.rec.Version+1, b.field); err != nil {
			return err
		}
	}
	return nil
}

func (m *imp) loadUnits(ctx context.Context) ([]access.Unit, error) {
	if m.units == nil {
		us, err := m.db.Units(ctx)
		if err != nil {
			return nil, err
		}
		m.units = us
	}
	return m.units, nil
}

func (m *imp) unit(ctx context.Context, id int64) (*access.Unit, error) {
	us, err := m.loadUnits(ctx)
	if err != nil {
		return nil, err
	}
	for i := range us {
		if us[i].ID == id {
			return &us[i], nil
		}
	}
	return nil, ErrNotFound
}

// Unit resolves a unit by id or name among the units the actor can read.
func (m *imp) Unit(ctx context.Context, s string) (int64, error) {
	us, err := m.loadUnits(ctx)
	if err != nil {
		return 0, err
	}
	id, byID := importer.ParseID(s)
	var found []int64
	for _, u := range us {
		if (byID && u.ID == id) || (!byID && u.Name == s) {
			if m.a.System || m.a.Scope.CanRead(u.Path) {
				found = append(found, u.ID)
			}
		}
	}
	return one(found)
}

func one(ids []int64) (int64, error) {
	switch len(ids) {
	case 0:
		return 0, importer.ErrNoMatch
	case 1:
		return ids[0], nil
	}
	return 0, importer.ErrAmbiguous
}

// User resolves a user by id, username or name, among the users of units
// the actor can read.
func (m *imp) User(ctx context.Context, s string) (int64, error) {
	q := "SELECT u.id FROM users u JOIN units n ON n.id = u.unit_id WHERE "
	var args []any
	if id, ok := importer.ParseID(s); ok {
		q += "u.id = ?"
		args = append(args, id)
	} else {
		u, err := m.db.UserByUsername(ctx, s)
		if err == nil && (m.a.System || m.a.Scope.CanRead(m.db.unitPath(u.UnitID))) {
			return u.ID, nil
		}
		q += "u.name = ?"
		args = append(args, s)
	}
	return m.ids(ctx, q, "n.path", args)
}

// Record resolves a record of kind by id or exact title in the actor's
// scope.
func (m *imp) Record(ctx context.Context, kind, s string) (int64, error) {
	q := "SELECT r.id FROM records r WHERE r.kind = ? AND "
	args := []any{kind}
	if id, ok := importer.ParseID(s); ok {
		q += "r.id = ?"
		args = append(args, id)
	} else {
		q += "r.title = ?"
		args = append(args, s)
	}
	return m.ids(ctx, q, "r.unit_path", args)
}

// ids runs q limited to the actor's scope on pathCol and expects one id.
func (m *imp) ids(ctx context.Context, q, pathCol string, args []any) (int64, error) {
	if !m.a.System {
		where, sargs := scopeSQL(pathCol, m.a.Scope.ReadPaths)
		q += " AND " + where
		args = append(args, sargs...)
	}
	rows, err := m.db.query(ctx, q+" LIMIT 2", args...)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var found []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return 0, err
		}
		found = append(found, id)
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	return one(found)
}

// Check replays a row in memory: the create form, the references and each
// transition of its history through the engine, as the actor.
func (m *imp) Check(ctx context.Context, row *importer.Row) error {
	db, k := m.db, m.kind
	u, err := m.rowUnit(ctx, row.UnitID)
	if err != nil {
		return err
	}
	today := db.today()
	set, err := db.settingsFor(ctx, k, u.Path)
	if err != nil {
		return err
	}
	data, ferrs := k.NormalizeIn(row.Form, nil, today, set)
	if len(ferrs) > 0 {
		return ferrs
	}
	if _, err := db.checkReferences(ctx, m.a, k, data, 0); err != nil {
		return err
	}
	r := &ledger.Record{Kind: k.Name, UnitID: u.ID, State: k.Initial(), Title: k.TitleOf(data), Year: k.YearOf(data), Data: data, Version: 1}
	clocks, err := k.StartClocksIn(r, db.cfg.Calendar, set)
	if err != nil {
		return err
	}
	roles := db.rolesIn(m.a, u.ID, u.Path)
	if m.a.System {
		roles = access.AllRoles
	}
	var place ledger.Actor
	if len(row.Steps) > 0 {
		if place, err = db.placeOf(ctx, m.a, u.Path); err != nil {
			return err
		}
	}
	for _, s := range row.Steps {
		g := &ledger.GuardContext{Ctx: ctx, Kind: k, Record: r, Input: s.Input, Event: s.Event, Today: today,
			Calendar: db.cfg.Calendar, Links: linkedReader{db, m.a}, Find: linkedReader{db, m.a}, Clocks: clocks, Settings: set, Actor: place}
		out, err := k.Apply(g, roles)
		if err != nil {
			return &importer.StepError{Label: k.Transition(s.Event).Label, Err: err}
		}
		next := *r
		next.Data, next.State = out.Data, out.To
		next.Title, next.Year = k.TitleOf(out.Data), k.YearOf(out.Data)
		r, clocks = &next, out.Clocks
	}
	return nil
}

// rowUnit is the row's unit if the actor may create records of the kind
// there, else a refusal.
func (m *imp) rowUnit(ctx context.Context, id int64) (*access.Unit, error) {
	u, err := m.unit(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, &importer.Refusal{Reason: fmt.Sprintf("没有编号为 %d 的单位，请核对「所属单位」", id)}
	}
	if err != nil {
		return nil, err
	}
	switch err := m.db.requireRoles(m.a, u.ID, u.Path, m.kind.CreateRoles...); {
	case errors.Is(err, ErrNotFound):
		return nil, &importer.Refusal{Reason: fmt.Sprintf("单位“%s”不在您的管辖范围内，不能导入到该单位", u.Name)}
	case errors.Is(err, ErrForbidden):
		return nil, &importer.Refusal{Reason: fmt.Sprintf("您在“%s”没有新建「%s」记录的权限（需要角色：%s）", u.Name, m.kind.Label, roleList(m.kind.CreateRoles))}
	case err != nil:
		return nil, err
	}
	return u, nil
}

func roleList(rs []access.Role) string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Label())
	}
	return strings.Join(out, "、")
}

// Begin records the batch and audits its start.
func (m *imp) Begin(ctx context.Context, s importer.Summary) (_ int64, err error) {
	defer wrap(&err, "store.Import(%s).Begin", m.kind.Name)
	u, err := m.unit(ctx, m.unitID)
	if err != nil {
		return 0, err
	}
	err = m.db.writeData(ctx, func(t *wtx) error {
		id, err := t.insertID(`INSERT INTO import_batches (kind, unit_id, unit_path, file_name, rows_read, refused, status, created_by, created_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, m.kind.Name, u.ID, u.Path, m.fileName, s.Rows, s.Bad, ImportRunning, m.a.UserID, micros(m.db.now()))
		if err != nil {
			return err
		}
		m.batch = id
		_, err = t.audit(m.a, "import_begin", object("import", id), importDiff{Kind: m.kind.Name, Unit: u.ID, File: m.fileName, Rows: s.Rows, Valid: s.Valid, Refused: s.Bad})
		return err
	})
	return m.batch, err
}

type importDiff struct {
	Kind     string `json:"kind"`
	Unit     int64  `json:"unit"`
	File     string `json:"file,omitempty"`
	Rows     int    `json:"rows"`
	Valid    int    `json:"valid"`
	Refused  int    `json:"refused"`
	Imported int    `json:"imported"`
}

// Write creates the row's record in the batch and takes each step of its
// history through Transition.
func (m *imp) Write(ctx context.Context, row *importer.Row) error {
	if m.batch == 0 {
		return errors.New("store.Import.Write: no batch")
	}
	mark := importMark{batch: m.batch, version: 1 + len(row.Steps)}
	rec, err := m.db.CreateRecord(context.WithValue(ctx, importKey{}, mark), m.a, m.kind, row.UnitID, row.Form)
	if err != nil {
		return plainRefusal(err)
	}
	for _, s := range row.Steps {
		rec, err = m.db.Transition(ctx, m.a, m.kind, rec.ID, rec.Version, s.Event, s.Input)
		if err != nil {
			return &importer.StepError{Label: m.kind.Transition(s.Event).Label, Err: plainRefusal(err)}
		}
	}
	return nil
}

// plainRefusal turns the store's sentinel refusals into Chinese reasons.
func plainRefusal(err error) error {
	switch {
	case errors.Is(err, ErrConflict):
		return &importer.Refusal{Reason: "导入时所引用的记录正被他人修改，请稍后重新导入"}
	case errors.Is(err, ErrForbidden):
		return &importer.Refusal{Reason: "您没有进行此操作的权限"}
	}
	return err
}

// Finish marks the batch done with its counts, audited.
func (m *imp) Finish(ctx context.Context, s importer.Summary) (err error) {
	defer wrap(&err, "store.Import(%s).Finish", m.kind.Name)
	return m.db.writeData(ctx, func(t *wtx) error {
		if err := t.mustAffect(t.exec("UPDATE import_batches SET status = ?, imported = ?, rows_read = ?, refused = ? WHERE id = ? AND status = ?",
			ImportDone, s.Imported, s.Rows, s.Bad, m.batch, ImportRunning)); err != nil {
			return err
		}
		_, err := t.audit(m.a, "import", object("import", m.batch), importDiff{Kind: m.kind.Name, Unit: m.unitID, File: m.fileName,
			Rows: s.Rows, Valid: s.Valid, Refused: s.Bad, Imported: s.Imported})
		return err
	})
}

// Today is the store's date, which bounds date fields.
func (m *imp) Today() calendar.Date { return m.db.today() }

// Abort removes what the batch wrote after a failed write.
func (m *imp) Abort(ctx context.Context) error {
	if m.batch == 0 {
		return nil
	}
	_, err := m.db.undoImport(ctx, m.a, m.batch, true)
	return err
}

const batchCols = "id, kind, unit_id, file_name, rows_read, imported, refused, status, created_by, created_at, undone_by, undone_at"

func scanBatch(row interface{ Scan(...any) error }, extra ...any) (*ImportBatch, error) {
	var b ImportBatch
	var created, undone int64
	if err := row.Scan(append([]any{&b.ID, &b.Kind, &b.UnitID, &b.FileName, &b.Rows, &b.Imported, &b.Refused, &b.Status,
		&b.CreatedBy, &created, &b.UndoneBy, &undone}, extra...)...); err != nil {
		return nil, err
	}
	b.CreatedAt = fromMicros(created)
	if undone != 0 {
		b.UndoneAt = fromMicros(undone)
	}
	return &b, nil
}

// ImportBatch returns a batch whose unit is in a's scope.
func (db *DB) ImportBatch(ctx context.Context, a Actor, id int64) (_ *ImportBatch, err error) {
	defer wrap(&err, "store.ImportBatch(%d)", id)
	b, _, err := db.batchFor(ctx, a, id)
	return b, err
}

func (db *DB) batchFor(ctx context.Context, a Actor, id int64) (*ImportBatch, string, error) {
	var path string
	b, err := scanBatch(db.queryRow(ctx, "SELECT "+batchCols+", unit_path FROM import_batches WHERE id = ?", id), &path)
	if err != nil {
		return nil, "", db.translate(err)
	}
	if !a.System && !a.Scope.CanRead(path) {
		return nil, "", ErrNotFound
	}
	return b, path, nil
}

// UndoImport removes every record of a batch, each removal audited, if
// none of them changed since the import and no other record refers to
// them; else a *ledger.RuleError names the records in Chinese. The
// batch's creator, or a holder of the kind's create roles in the batch's
// unit, may undo.
func (db *DB) UndoImport(ctx context.Context, a Actor, id int64) (_ *ImportBatch, err error) {
	defer wrap(&err, "store.UndoImport(%d)", id)
	return db.undoImport(ctx, a, id, false)
}

// undoChunk is how many records one pass of the undo reads.
const undoChunk = 500

func (db *DB) undoImport(ctx context.Context, a Actor, id int64, abort bool) (*ImportBatch, error) {
	b, path, err := db.batchFor(ctx, a, id)
	if err != nil {
		return nil, err
	}
	k := db.kind(b.Kind)
	if k == nil {
		return nil, fmt.Errorf("batch %d: unknown kind %q", id, b.Kind)
	}
	if !a.System && a.UserID != b.CreatedBy && !hasAny(db.rolesIn(a, b.UnitID, path), k.CreateRoles) {
		return nil, ErrForbidden
	}
	switch {
	case b.Status == ImportUndone || b.Status == ImportAborted:
		return nil, &ledger.RuleError{Reason: fmt.Sprintf("第 %d 批导入已于 %s 撤销，无需再次撤销", b.ID, b.UndoneAt.In(china).Format("2006-01-02 15:04"))}
	case b.Status != ImportDone && !abort:
		return nil, &ledger.RuleError{Reason: fmt.Sprintf("第 %d 批导入尚未完成，请稍后再撤销", b.ID)}
	}
	if !abort {
		if err := db.undoBlockers(ctx, b.ID); err != nil {
			return nil, err
		}
	}
	bound, err := db.boundRecords(ctx, b.ID)
	if err != nil {
		return nil, err
	}
	status := ImportUndone
	if abort {
		status = ImportAborted
	}
	now := db.now()
	err = db.writeData(ctx, func(t *wtx) error {
		for _, br := range bound {
			if err := t.unbind(a, br, now); err != nil {
				return err
			}
		}
		n := 0
		var after int64
		for {
			recs, err := t.batchRecords(b.ID, after)
			if err != nil {
				return err
			}
			for _, r := range recs {
				if !abort && r.version != r.imported {
					return ErrConflict // changed since the check above
				}
				if err := t.removeRecord(a, k, r); err != nil {
					return err
				}
				n++
				after = r.id
			}
			if len(recs) < undoChunk {
				break
			}
		}
		if err := t.mustAffect(t.exec("UPDATE import_batches SET status = ?, undone_by = ?, undone_at = ? WHERE id = ? AND status IN (?, ?)",
			status, a.UserID, micros(now), b.ID, ImportDone, ImportRunning)); err != nil {
			return err
		}
		_, err := t.audit(a, "import_undo", object("import", b.ID), map[string]any{"kind": b.Kind, "removed": n, "aborted": abort})
		return err
	})
	db.counts.bump(k.Name)
	if errors.Is(err, ErrConflict) {
		return nil, &ledger.RuleError{Reason: "撤销期间本批记录被修改，已停止撤销，未删除任何记录；请刷新后重试"}
	}
	if err != nil {
		return nil, err
	}
	b.Status, b.UndoneBy, b.UndoneAt = status, a.UserID, fromMicros(micros(now))
	return b, nil
}

// undoBlockers refuses an undo that would lose a change made since the
// import, or leave another record referring to a removed one.
func (db *DB) undoBlockers(ctx context.Context, batch int64) error {
	rows, err := db.query(ctx, `SELECT DISTINCT r.id, r.title FROM import_records ir JOIN records r ON r.id = ir.record_id
		WHERE ir.batch_id = ? AND r.version <> ir.version ORDER BY r.id LIMIT 21`, batch)
	if err != nil {
		return err
	}
	changed, err := idTitles(rows)
	if err != nil {
		return err
	}
	if len(changed) > 0 {
		return &ledger.RuleError{Reason: "本批导入的记录在导入后已被修改或办理，整批撤销会丢失这些改动，因此不能撤销：" + changed +
			"。如确需删除，请先与经办人核实这些记录的改动。"}
	}
	rows, err = db.query(ctx, `SELECT DISTINCT r.id, r.title FROM links l
		JOIN import_records ir ON ir.record_id = l.to_id AND ir.batch_id = ?
		JOIN records r ON r.id = l.from_id
		WHERE ir.bound_field = ''
		  AND NOT EXISTS (SELECT 1 FROM import_records o WHERE o.batch_id = ir.batch_id AND o.record_id = l.from_id
		                  AND (o.bound_field = '' OR o.bound_field = l.role))
		ORDER BY r.id LIMIT 21`, batch)
	if err != nil {
		return err
	}
	refs, err := idTitles(rows)
	if err != nil {
		return err
	}
	if refs != "" {
		return &ledger.RuleError{Reason: "以下记录引用了本批导入的记录，撤销后引用将失效，因此不能撤销：" + refs + "。请先在这些记录中解除引用。"}
	}
	return nil
}

// idTitles lists records as 编号 12「标题」, at most 20.
func idTitles(rows interface {
	Next() bool
	Scan(...any) error
	Err() error
	Close() error
}) (string, error) {
	defer rows.Close()
	var out []string
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			return "", err
		}
		if len(out) == 20 {
			out = append(out, "等")
			break
		}
		out = append(out, "编号 "+strconv.FormatInt(id, 10)+"「"+title+"」")
	}
	return strings.Join(out, "、"), rows.Err()
}

// batchRecord is a record of a batch as the undo reads it.
type batchRecord struct {
	id, unitID        int64
	path, state, data string
	year              int
	version, imported int
}

func (t *wtx) batchRecords(batch, after int64) ([]batchRecord, error) {
	rows, err := t.query(`SELECT r.id, r.unit_id, r.unit_path, r.state, r.year, r.data, r.version, ir.version
		FROM import_records ir JOIN records r ON r.id = ir.record_id
		WHERE ir.batch_id = ? AND ir.bound_field = '' AND ir.record_id > ? ORDER BY ir.record_id LIMIT ?`, batch, after, undoChunk)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []batchRecord
	for rows.Next() {
		var r batchRecord
		if err := rows.Scan(&r.id, &r.unitID, &r.path, &r.state, &r.year, &r.data, &r.version, &r.imported); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// removeRecord deletes an imported record and its derived rows (by
// cascade), keeps the counts, and audits the removal with the data it
// held (personal values as [已加密]).
func (t *wtx) removeRecord(a Actor, k *ledger.Kind, r batchRecord) error {
	var data ledger.Values
	if err := json.Unmarshal([]byte(r.data), &data); err != nil {
		return fmt.Errorf("record %d: %w", r.id, err)
	}
	if t.db.dialect == sqlite {
		t.fts = append(t.fts, ftsOp{id: r.id, delete: true})
	}
	if err := t.mustAffect(t.exec("DELETE FROM records WHERE id = ? AND version = ?", r.id, r.version)); err != nil {
		return err
	}
	if err := t.bumpCount(k.Name, r.unitID, r.path, r.state, r.year, -1); err != nil {
		return err
	}
	before := data
	before[diffState] = r.state
	_, err := t.audit(a, "delete", object("record", r.id), audit.Diff(before, nil, personalSet(k)))
	return err
}

// boundRecord is an existing record a batch bound to one of its records,
// read (plaintext) for the undo to clear the field it filled in.
type boundRecord struct {
	kind     *ledger.Kind
	l        *loaded
	field    string
	imported int // its version right after the bind
}

func (db *DB) boundRecords(ctx context.Context, batch int64) ([]boundRecord, error) {
	rows, err := db.query(ctx, "SELECT record_id, bound_field, version FROM import_records WHERE batch_id = ? AND bound_field <> '' ORDER BY record_id", batch)
	if err != nil {
		return nil, err
	}
	type ref struct {
		id      int64
		field   string
		version int
	}
	var refs []ref
	for rows.Next() {
		var r ref
		if err := rows.Scan(&r.id, &r.field, &r.version); err != nil {
			rows.Close()
			return nil, err
		}
		refs = append(refs, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var out []boundRecord
	for _, r := range refs {
		l, err := db.loadRecord(ctx, SystemActor("import undo"), r.id)
		if errors.Is(err, ErrNotFound) {
			continue
		}
		if err != nil {
			return nil, err
		}
		k := db.kind(l.rec.Kind)
		if k == nil {
			return nil, fmt.Errorf("record %d: unknown kind %q", r.id, l.rec.Kind)
		}
		out = append(out, boundRecord{kind: k, l: l, field: r.field, imported: r.version})
	}
	return out, nil
}

// unbind clears the field an import filled in on an existing record
// (audited), if the record is as the import left it.
func (t *wtx) unbind(a Actor, br boundRecord, now time.Time) error {
	old := br.l.rec
	if old.Version != br.imported {
		return ErrConflict
	}
	r := *old
	r.Data = maps.Clone(old.Data)
	delete(r.Data, br.field)
	r.Version, r.UpdatedBy, r.UpdatedAt = old.Version+1, a.UserID, now
	if err := t.saveRecord(br.kind, &r, old.Version, br.l.path); err != nil {
		return err
	}
	defer t.db.counts.bump(br.kind.Name)
	_, err := t.audit(a, "update", object("record", r.ID), audit.Diff(old.Data, r.Data, personalSet(br.kind)))
	return err
}
