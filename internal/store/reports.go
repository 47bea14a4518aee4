package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/report"
)

// The annual report's storage (migration 0015): one report per unit and
// year, its versions, workflow steps, 审校 runs and the archive 审校
// compares with. The rules are report.Take's; this file runs them inside
// the writer's transaction against the row as it is then.

// ReportStore is the report part of the Contract.
type ReportStore interface {
	CreateReport(ctx context.Context, a Actor, unitID int64, year int, doc report.Document) (*Report, error) // ErrDuplicate when the unit has one for the year
	Report(ctx context.Context, a Actor, unitID int64, year int) (*Report, error)
	ReportByID(ctx context.Context, a Actor, id int64) (*Report, error)
	Reports(ctx context.Context, a Actor, q ReportQuery) ([]Report, error)                                               // reports_list.go
	SaveReport(ctx context.Context, a Actor, id int64, version int, doc report.Document, reason string) (*Report, error) // ErrConflict on a stale version
	ReportStep(ctx context.Context, a Actor, id int64, version int, e report.Event, ap report.Approval, note string) (*Report, error)
	AddReportCheck(ctx context.Context, a Actor, id int64, c ReportCheck) error
	LatestReportCheck(ctx context.Context, a Actor, id int64) (*ReportCheck, error) // ErrNotFound when never checked
	ReportVersions(ctx context.Context, a Actor, id int64) ([]ReportVersion, error) // newest first, with documents
	ReportEvents(ctx context.Context, a Actor, id int64) ([]ReportEvent, error)     // oldest first
	PublicReports(ctx context.Context) ([]Report, error)                            // published, no login: newest year first
	PublicReport(ctx context.Context, id int64) (*Report, []ReportVersion, error)   // a published report and its corrections
	ReportBoard(ctx context.Context, a Actor, unitID int64, year int) ([]ReportBoardRow, error)
	AddArchive(ctx context.Context, a Actor, unitID int64, year int, name, text string) (*ArchiveEntry, error)
	Archive(ctx context.Context, a Actor, unitID int64) ([]ArchiveEntry, error)              // a unit's archive, texts omitted
	ArchiveFor(ctx context.Context, a Actor, unitID int64, year int) ([]ArchiveEntry, error) // what 审校 compares a report with
	ReportDeadlines(ctx context.Context, unitID int64, year int) (submitBy, publishBy string, err error)
	LateReports(ctx context.Context, today string) ([]LateReport, error) // for the reminder digest
}

// Report is one unit's report for one year at its current version.
type Report struct {
	ID       int64
	UnitID   int64
	Unit     string
	UnitPath string
	Year     int
	Status   report.Status
	Doc      report.Document // the current version
	// At and By are the current version's time and author.
	At               time.Time
	By               string
	CreatedAt        time.Time
	ApprovedAt       time.Time
	PublishedAt      time.Time
	PublishedBy      string
	SubmittedAt      time.Time
	SubmittedBy      string
	SubmittedVersion int
	// AckedVersion is the version whose stale and hand-changed figures the
	// approver accepted.
	AckedVersion int
}

// ReportVersion is one saved version.
type ReportVersion struct {
	Version    int
	Doc        report.Document
	Author     string
	At         time.Time
	Reason     string
	Correction bool // saved after release, with its reason
}

// ReportEvent is one workflow step; a submission's is its receipt.
type ReportEvent struct {
	Event   report.Event
	From    report.State
	To      report.State
	Version int
	Actor   string
	At      time.Time
	Note    string
}

// ReportCheck is one 审校 run on a version: the counts and the findings as
// JSON (the caller's shape).
type ReportCheck struct {
	Version  int
	Errors   int
	Warnings int
	Findings string
	Actor    string
	At       time.Time
}

// ArchiveEntry is a report text kept for 审校: a published or submitted
// version, or a legacy report uploaded.
type ArchiveEntry struct {
	ID       int64
	UnitID   int64
	Unit     string
	Year     int
	Source   string // "published", "submitted", "legacy"
	ReportID int64
	Version  int
	Name     string
	Text     string
	AddedBy  string
	At       time.Time
}

// SourceLabel names where an archived text came from.
func (e ArchiveEntry) SourceLabel() string {
	switch e.Source {
	case "published":
		return "公开版本"
	case "submitted":
		return "报送版本"
	}
	return "历史报告（上传）"
}

// ReportBoardRow is one unit of the county board.
type ReportBoardRow struct {
	Unit      access.Unit
	Report    *Report // nil: not drafted
	SubmitBy  string
	PublishBy string
}

// LateReport is a unit late on a deadline of its report on Year.
type LateReport struct {
	UnitID   int64
	Unit     string
	UnitPath string
	Year     int
	What     string // "报送" or "公开"
	Due      string
}

const reportCols = `r.id, r.unit_id, n.name, n.path, r.year, r.state, r.version, r.published_at, COALESCE(pu.name, ''),
	r.submitted_at, COALESCE(su.name, ''), r.submitted_version, r.approved_at, r.acked_version, r.created_at,
	v.document, v.at, COALESCE(vu.name, '')`

const reportFrom = ` FROM reports r JOIN units n ON n.id = r.unit_id
	JOIN report_versions v ON v.report_id = r.id AND v.version = r.version
	LEFT JOIN users pu ON pu.id = r.published_by LEFT JOIN users su ON su.id = r.submitted_by
	LEFT JOIN users vu ON vu.id = v.author`

type scanner interface{ Scan(dest ...any) error }

func scanReport(s scanner) (*Report, error) {
	var r Report
	var state, doc string
	var pub, sub, appr, created, at int64
	if err := s.Scan(&r.ID, &r.UnitID, &r.Unit, &r.UnitPath, &r.Year, &state, &r.Status.Version, &pub, &r.PublishedBy,
		&sub, &r.SubmittedBy, &r.SubmittedVersion, &appr, &r.AckedVersion, &created, &doc, &at, &r.By); err != nil {
		return nil, err
	}
	r.Status.State = report.State(state)
	r.Status.Published, r.Status.Submitted = pub != 0, sub != 0
	r.PublishedAt, r.SubmittedAt, r.ApprovedAt = timeOrZero(pub), timeOrZero(sub), timeOrZero(appr)
	r.CreatedAt, r.At = fromMicros(created), fromMicros(at)
	if err := json.Unmarshal([]byte(doc), &r.Doc); err != nil {
		return nil, fmt.Errorf("report %d: %w", r.ID, err)
	}
	if r.Doc.Date == "" && appr != 0 {
		// Issued on the day the head approved it: the date under the
		// signature of the exports, the public page and the archive.
		r.Doc.Date = calendar.FromTime(r.ApprovedAt.In(calendar.China)).String()
	}
	return &r, nil
}

func timeOrZero(us int64) time.Time {
	if us == 0 {
		return time.Time{}
	}
	return fromMicros(us)
}

// readScope is the SQL condition limiting a unit path column to a's scope.
func readScope(a Actor, col string) (string, []any) {
	if a.System {
		return "1 = 1", nil
	}
	return scopeSQL(col, a.Scope.ReadPaths)
}

// reportWhere reads one report matching cond within a's scope.
func (db *DB) reportWhere(ctx context.Context, a Actor, cond string, args ...any) (*Report, error) {
	sc, sargs := readScope(a, "n.path")
	r, err := scanReport(db.queryRow(ctx, "SELECT "+reportCols+reportFrom+" WHERE "+cond+" AND "+sc, append(args, sargs...)...))
	return r, db.translate(err)
}

// readableUnit is unit id when a may read it; ErrNotFound otherwise.
func (db *DB) readableUnit(ctx context.Context, a Actor, unitID int64) (*access.Unit, error) {
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return nil, err
	}
	if !a.System && !a.Scope.CanRead(u.Path) {
		return nil, ErrNotFound
	}
	return u, nil
}

// CreateReport stores doc as version 1 of unit's report on year, in 起草.
func (db *DB) CreateReport(ctx context.Context, a Actor, unitID int64, year int, doc report.Document) (_ *Report, err error) {
	defer wrap(&err, "store.CreateReport(%d %d)", unitID, year)
	u, err := db.readableUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	if err := db.requireRoles(a, u.ID, u.Path, report.Roles(report.Create)...); err != nil {
		return nil, err
	}
	if u.Closed {
		return nil, &ledger.RuleError{Reason: "单位已撤销，不能再起草报告"}
	}
	if err := report.CheckSize(doc); err != nil {
		return nil, err
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *wtx) error {
		var n int
		if err := t.queryRow("SELECT COUNT(*) FROM reports WHERE unit_id = ? AND year = ?", unitID, year).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return ErrDuplicate
		}
		now := micros(db.now())
		id, err := t.insertID("INSERT INTO reports (unit_id, year, created_by, created_at) VALUES (?, ?, ?, ?)", unitID, year, a.UserID, now)
		if err != nil {
			return err
		}
		if _, err := t.exec("INSERT INTO report_versions (report_id, version, document, author, at, reason) VALUES (?, 1, ?, ?, ?, ?)",
			id, string(js), a.UserID, now, "由指标生成初稿"); err != nil {
			return err
		}
		if err := t.reportEvent(a, id, report.Create, "", report.Drafting, 1, ""); err != nil {
			return err
		}
		_, err = t.audit(a, "report.create", object("report", id), map[string]any{"unit": u.Name, "year": year, "version": 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.Report(ctx, a, unitID, year)
}

func (t *wtx) reportEvent(a Actor, id int64, e report.Event, from, to report.State, version int, note string) error {
	_, err := t.exec("INSERT INTO report_events (report_id, event, from_state, to_state, version, actor, at, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		id, string(e), string(from), string(to), version, a.UserID, micros(t.db.now()), note)
	return err
}

// Report reads unit's report on year: ErrNotFound when there is none or
// the unit is outside a's scope.
func (db *DB) Report(ctx context.Context, a Actor, unitID int64, year int) (_ *Report, err error) {
	defer wrap(&err, "store.Report(%d %d)", unitID, year)
	return db.reportWhere(ctx, a, "r.unit_id = ? AND r.year = ?", unitID, year)
}

// lockedReport reads the report inside the write transaction.
func (t *wtx) report(id int64) (*Report, error) {
	r, err := scanReport(t.queryRow("SELECT "+reportCols+reportFrom+" WHERE r.id = ?", id))
	return r, t.db.translate(err)
}

// SaveReport stores doc as the next version of report id when version is
// its current one (ErrConflict otherwise: someone saved meanwhile). Before
// release the edit roles may save in 起草 and 审校; after release a save is a
// correction and needs reason. Audited with the sections changed.
func (db *DB) SaveReport(ctx context.Context, a Actor, id int64, version int, doc report.Document, reason string) (_ *Report, err error) {
	defer wrap(&err, "store.SaveReport(%d v%d)", id, version)
	if _, err := db.reportWhere(ctx, a, "r.id = ?", id); err != nil {
		return nil, err
	}
	if err := report.CheckSize(doc); err != nil {
		return nil, err
	}
	reason = strings.TrimSpace(reason)
	if utf8.RuneCountInString(reason) > report.MaxReasonRunes {
		return nil, ledger.FieldErrors{"reason": fmt.Sprintf("“更正原因”不超过%d字", report.MaxReasonRunes)}
	}
	js, err := json.Marshal(doc)
	if err != nil {
		return nil, err
	}
	err = db.write(ctx, func(t *wtx) error {
		r, err := t.report(id)
		if err != nil {
			return err
		}
		if r.Status.Version != version {
			return ErrConflict
		}
		event := report.Edit
		if r.Status.Released() {
			event = report.Correct
		}
		if err := t.db.requireRoles(a, r.UnitID, r.UnitPath, report.Roles(event)...); err != nil {
			return err
		}
		if _, err := report.Take(r.Status, event, report.Approval{}); err != nil {
			return err
		}
		if event == report.Correct && reason == "" {
			return ledger.FieldErrors{"reason": "报告已公开或报送，修改即为更正：请填写“更正原因”（将在公开页面注明）"}
		}
		res, err := t.exec("UPDATE reports SET version = version + 1 WHERE id = ? AND version = ?", id, version)
		if err := t.mustAffect(res, err); err != nil {
			if errors.Is(err, ErrNotFound) {
				return ErrConflict
			}
			return err
		}
		corr := 0
		if event == report.Correct {
			corr = 1
		}
		if _, err := t.exec("INSERT INTO report_versions (report_id, version, document, author, at, reason, correction) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, version+1, string(js), a.UserID, micros(db.now()), reason, corr); err != nil {
			return err
		}
		if event == report.Correct {
			if err := t.reportEvent(a, id, event, r.Status.State, r.Status.State, version+1, reason); err != nil {
				return err
			}
			if err := t.archiveVersion(a, r, doc, version+1); err != nil {
				return err
			}
		}
		_, err = t.audit(a, "report."+string(event), object("report", id), map[string]any{
			"version": version + 1, "sections": changedSections(r.Doc, doc), "reason": reason})
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.reportWhere(ctx, a, "r.id = ?", id)
}

// changedSections names the sections whose title, body or figures differ.
func changedSections(a, b report.Document) []string {
	old := map[string]report.Section{}
	for _, s := range a.Sections {
		old[s.Key] = s
	}
	var out []string
	for _, s := range b.Sections {
		o, ok := old[s.Key]
		if !ok || o.Title != s.Title || o.Body != s.Body || len(o.Figures) != len(s.Figures) {
			out = append(out, s.Key+" "+s.Title)
		}
		delete(old, s.Key)
	}
	for k, s := range old {
		out = append(out, k+" "+s.Title+"（删除）")
	}
	return out
}

// ReportStep takes workflow event e on report id at version. Approval
// reads the latest 审校 run from the database; ap carries the figures the
// caller found stale or hand-changed and whether the approver accepted
// them. Publishing and submitting archive the version's text; a
// submission's event row is its receipt.
func (db *DB) ReportStep(ctx context.Context, a Actor, id int64, version int, e report.Event, ap report.Approval, note string) (_ *Report, err error) {
	defer wrap(&err, "store.ReportStep(%d %s)", id, e)
	if _, err := db.reportWhere(ctx, a, "r.id = ?", id); err != nil {
		return nil, err
	}
	if e == report.Edit || e == report.Correct || e == report.Create {
		return nil, &ledger.RuleError{Reason: "此操作须通过保存报告完成"}
	}
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > report.MaxReasonRunes {
		return nil, ledger.FieldErrors{"note": fmt.Sprintf("“说明”不超过%d字", report.MaxReasonRunes)}
	}
	err = db.write(ctx, func(t *wtx) error {
		r, err := t.report(id)
		if err != nil {
			return err
		}
		if r.Status.Version != version {
			return ErrConflict
		}
		if err := t.db.requireRoles(a, r.UnitID, r.UnitPath, report.Roles(e)...); err != nil {
			return err
		}
		if e == report.Approve {
			var c report.Check
			switch err := t.queryRow("SELECT version, errors FROM report_checks WHERE report_id = ? ORDER BY id DESC LIMIT 1", id).Scan(&c.Version, &c.Errors); {
			case err == nil:
				ap.Check = &c
			case t.db.translate(err) != ErrNotFound:
				return err
			}
		}
		to, err := report.Take(r.Status, e, ap)
		if err != nil {
			return err
		}
		now := micros(db.now())
		set := "state = ?"
		args := []any{string(to)}
		switch e {
		case report.Approve:
			set += ", approved_at = ?"
			args = append(args, now)
			if ap.Acked {
				set += ", acked_version = ?"
				args = append(args, version)
			}
		case report.Withdraw, report.SendBack:
			set += ", approved_at = 0"
		case report.Publish:
			set += ", published_at = ?, published_by = ?"
			args = append(args, now, a.UserID)
		case report.Submit:
			set += ", submitted_at = ?, submitted_by = ?, submitted_version = ?"
			args = append(args, now, a.UserID, version)
		}
		res, err := t.exec("UPDATE reports SET "+set+" WHERE id = ? AND version = ?", append(args, id, version)...)
		if err := t.mustAffect(res, err); err != nil {
			if errors.Is(err, ErrNotFound) {
				return ErrConflict
			}
			return err
		}
		if err := t.reportEvent(a, id, e, r.Status.State, to, version, note); err != nil {
			return err
		}
		if e == report.Publish || e == report.Submit {
			if err := t.archive(a, r.UnitID, r.Year, string(e)+"ed", id, version, r.Doc.Title, report.PlainText(r.Doc)); err != nil {
				return err
			}
		}
		_, err = t.audit(a, "report."+string(e), object("report", id), change{
			Before: map[string]any{"state": r.Status.Label()},
			After:  map[string]any{"state": to.Label(), "version": version, "note": note, "acked": ap.Acked}})
		return err
	})
	if err != nil {
		return nil, err
	}
	return db.reportWhere(ctx, a, "r.id = ?", id)
}

// archiveVersion keeps a correction's text beside the released versions.
func (t *wtx) archiveVersion(a Actor, r *Report, doc report.Document, version int) error {
	src := "published"
	if !r.Status.Published {
		src = "submitted"
	}
	return t.archive(a, r.UnitID, r.Year, src, r.ID, version, doc.Title, report.PlainText(doc))
}

func (t *wtx) archive(a Actor, unitID int64, year int, source string, reportID int64, version int, name, text string) error {
	_, err := t.exec(`INSERT INTO report_archive (unit_id, year, source, report_id, version, name, text, added_by, added_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, unitID, year, source, reportID, version, name, text, a.UserID, micros(t.db.now()))
	return err
}

// AddReportCheck records a 审校 run on report id (any reader of the report
// may run one; it changes no text).
func (db *DB) AddReportCheck(ctx context.Context, a Actor, id int64, c ReportCheck) (err error) {
	defer wrap(&err, "store.AddReportCheck(%d v%d)", id, c.Version)
	r, err := db.reportWhere(ctx, a, "r.id = ?", id)
	if err != nil {
		return err
	}
	if err := db.requireRoles(a, r.UnitID, r.UnitPath, append(report.EditRoles(), access.RoleAdviser)...); err != nil {
		return err
	}
	return db.write(ctx, func(t *wtx) error {
		if _, err := t.exec("INSERT INTO report_checks (report_id, version, errors, warnings, findings, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
			id, c.Version, c.Errors, c.Warnings, c.Findings, a.UserID, micros(db.now())); err != nil {
			return err
		}
		_, err := t.audit(a, "report.check", object("report", id), map[string]any{"version": c.Version, "errors": c.Errors, "warnings": c.Warnings})
		return err
	})
}

// LatestReportCheck is the latest 审校 run on report id.
func (db *DB) LatestReportCheck(ctx context.Context, a Actor, id int64) (_ *ReportCheck, err error) {
	defer wrap(&err, "store.LatestReportCheck(%d)", id)
	if _, err := db.reportWhere(ctx, a, "r.id = ?", id); err != nil {
		return nil, err
	}
	var c ReportCheck
	var at int64
	err = db.queryRow(ctx, `SELECT c.version, c.errors, c.warnings, c.findings, COALESCE(u.name, ''), c.at FROM report_checks c
		LEFT JOIN users u ON u.id = c.actor WHERE c.report_id = ? ORDER BY c.id DESC LIMIT 1`, id).
		Scan(&c.Version, &c.Errors, &c.Warnings, &c.Findings, &c.Actor, &at)
	if err != nil {
		return nil, db.translate(err)
	}
	c.At = fromMicros(at)
	return &c, nil
}

// ReportVersions lists report id's versions, newest first.
func (db *DB) ReportVersions(ctx context.Context, a Actor, id int64) (_ []ReportVersion, err error) {
	defer wrap(&err, "store.ReportVersions(%d)", id)
	if _, err := db.reportWhere(ctx, a, "r.id = ?", id); err != nil {
		return nil, err
	}
	return db.versions(ctx, id, false)
}

func (db *DB) versions(ctx context.Context, id int64, corrections bool) ([]ReportVersion, error) {
	q := `SELECT v.version, v.document, COALESCE(u.name, ''), v.at, v.reason, v.correction FROM report_versions v
		LEFT JOIN users u ON u.id = v.author WHERE v.report_id = ?`
	if corrections {
		q += " AND v.correction = 1"
	}
	rows, err := db.query(ctx, q+" ORDER BY v.version DESC", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportVersion
	for rows.Next() {
		var v ReportVersion
		var doc string
		var at int64
		var corr int
		if err := rows.Scan(&v.Version, &doc, &v.Author, &at, &v.Reason, &corr); err != nil {
			return nil, err
		}
		v.At, v.Correction = fromMicros(at), corr == 1
		if err := json.Unmarshal([]byte(doc), &v.Doc); err != nil {
			return nil, fmt.Errorf("version %d: %w", v.Version, err)
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// ReportEvents lists report id's workflow steps, oldest first.
func (db *DB) ReportEvents(ctx context.Context, a Actor, id int64) (_ []ReportEvent, err error) {
	defer wrap(&err, "store.ReportEvents(%d)", id)
	if _, err := db.reportWhere(ctx, a, "r.id = ?", id); err != nil {
		return nil, err
	}
	rows, err := db.query(ctx, `SELECT e.event, e.from_state, e.to_state, e.version, COALESCE(u.name, ''), e.at, e.note
		FROM report_events e LEFT JOIN users u ON u.id = e.actor WHERE e.report_id = ? ORDER BY e.id`, id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ReportEvent
	for rows.Next() {
		var ev ReportEvent
		var e, from, to string
		var at int64
		if err := rows.Scan(&e, &from, &to, &ev.Version, &ev.Actor, &at, &ev.Note); err != nil {
			return nil, err
		}
		ev.Event, ev.From, ev.To, ev.At = report.Event(e), report.State(from), report.State(to), fromMicros(at)
		out = append(out, ev)
	}
	return out, rows.Err()
}

// PublicReports lists every published report (no login needed).
func (db *DB) PublicReports(ctx context.Context) (_ []Report, err error) {
	defer wrap(&err, "store.PublicReports")
	rows, err := db.query(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.published_at <> 0 ORDER BY r.year DESC, n.path")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Report
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *r)
	}
	return out, rows.Err()
}

// PublicReport reads a published report and its corrections, newest
// first; ErrNotFound for any other.
func (db *DB) PublicReport(ctx context.Context, id int64) (_ *Report, _ []ReportVersion, err error) {
	defer wrap(&err, "store.PublicReport(%d)", id)
	r, err := db.reportWhere(ctx, SystemActor("public"), "r.id = ? AND r.published_at <> 0", id)
	if err != nil {
		return nil, nil, err
	}
	corr, err := db.versions(ctx, id, true)
	return r, corr, err
}

// ReportBoard lists the units directly under unitID (or unitID itself when
// it has none) with their report on year and its deadlines.
func (db *DB) ReportBoard(ctx context.Context, a Actor, unitID int64, year int) (_ []ReportBoardRow, err error) {
	defer wrap(&err, "store.ReportBoard(%d %d)", unitID, year)
	top, err := db.readableUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	var members []access.Unit
	for _, u := range units {
		if u.ParentID == top.ID && !u.Closed && u.Level != access.LevelDepartment && u.Level != access.LevelVillage {
			members = append(members, u)
		}
	}
	if len(members) == 0 {
		members = []access.Unit{*top}
	}
	sc, sargs := readScope(a, "n.path")
	rows, err := db.query(ctx, "SELECT "+reportCols+reportFrom+" WHERE r.year = ? AND n.parent_id = ? AND "+sc,
		append([]any{year, top.ID}, sargs...)...)
	if err != nil {
		return nil, err
	}
	byUnit := map[int64]*Report{}
	for rows.Next() {
		r, err := scanReport(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byUnit[r.UnitID] = r
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(members) == 1 && members[0].ID == top.ID {
		if r, err := db.Report(ctx, a, top.ID, year); err == nil {
			byUnit[top.ID] = r
		}
	}
	out := make([]ReportBoardRow, 0, len(members))
	for _, u := range members {
		if !a.System && !a.Scope.CanRead(u.Path) {
			continue
		}
		sub, pub, err := db.ReportDeadlines(ctx, u.ID, year)
		if err != nil {
			return nil, err
		}
		out = append(out, ReportBoardRow{Unit: u, Report: byUnit[u.ID], SubmitBy: sub, PublishBy: pub})
	}
	return out, nil
}

// ReportDeadlines are the submission and publication dates of unit's
// report on year from the settings (report.Settings), nearest override up
// the tree first.
func (db *DB) ReportDeadlines(ctx context.Context, unitID int64, year int) (submitBy, publishBy string, err error) {
	defer wrap(&err, "store.ReportDeadlines(%d)", unitID)
	u, err := db.Unit(ctx, unitID)
	if err != nil {
		return "", "", err
	}
	ov, err := db.overridesAt(ctx, u.Path)
	if err != nil {
		return "", "", err
	}
	date := func(s ledger.Setting) string {
		v := s.Default
		if o, ok := ov[s.Name]; ok {
			v = o.value
		}
		return report.Deadline(v, year, s.Default)
	}
	return date(report.Settings[0]), date(report.Settings[1]), nil
}

// AddArchive keeps a legacy report's text for unit and year (the edit
// roles of the unit, or the county's administrator).
func (db *DB) AddArchive(ctx context.Context, a Actor, unitID int64, year int, name, text string) (_ *ArchiveEntry, err error) {
	defer wrap(&err, "store.AddArchive(%d %d)", unitID, year)
	u, err := db.readableUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	if err := db.requireRoles(a, u.ID, u.Path, append(report.Roles(report.Create), access.RoleAdmin)...); err != nil {
		return nil, err
	}
	if utf8.RuneCountInString(text) > report.MaxReportRunes {
		return nil, ledger.FieldErrors{"file": fmt.Sprintf("报告超过%d字的上限，未保存", report.MaxReportRunes)}
	}
	if strings.TrimSpace(text) == "" {
		return nil, ledger.FieldErrors{"file": "文件中没有可读取的文字：请上传 .docx、.txt 或带文字层的 .pdf"}
	}
	var id int64
	err = db.write(ctx, func(t *wtx) error {
		id, err = t.insertID(`INSERT INTO report_archive (unit_id, year, source, name, text, added_by, added_at)
			VALUES (?, ?, 'legacy', ?, ?, ?, ?)`, unitID, year, name, text, a.UserID, micros(db.now()))
		if err != nil {
			return err
		}
		_, err = t.audit(a, "report.archive", object("unit", unitID), map[string]any{"year": year, "name": name, "archive": id})
		return err
	})
	if err != nil {
		return nil, err
	}
	return &ArchiveEntry{ID: id, UnitID: unitID, Unit: u.Name, Year: year, Source: "legacy", Name: name, Text: text, At: db.now()}, nil
}

const archiveCols = `e.id, e.unit_id, n.name, e.year, e.source, e.report_id, e.version, e.name, COALESCE(u.name, ''), e.added_at`

func (db *DB) archiveRows(ctx context.Context, withText bool, where string, args ...any) ([]ArchiveEntry, error) {
	cols := archiveCols
	if withText {
		cols += ", e.text"
	}
	rows, err := db.query(ctx, "SELECT "+cols+` FROM report_archive e JOIN units n ON n.id = e.unit_id
		LEFT JOIN users u ON u.id = e.added_by WHERE `+where+" ORDER BY e.year DESC, n.path, e.id DESC", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ArchiveEntry
	for rows.Next() {
		var e ArchiveEntry
		var at int64
		dest := []any{&e.ID, &e.UnitID, &e.Unit, &e.Year, &e.Source, &e.ReportID, &e.Version, &e.Name, &e.AddedBy, &at}
		if withText {
			dest = append(dest, &e.Text)
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e.At = fromMicros(at)
		out = append(out, e)
	}
	return out, rows.Err()
}

// Archive lists unit's archived reports, newest year first, without text.
func (db *DB) Archive(ctx context.Context, a Actor, unitID int64) (_ []ArchiveEntry, err error) {
	defer wrap(&err, "store.Archive(%d)", unitID)
	if _, err := db.readableUnit(ctx, a, unitID); err != nil {
		return nil, err
	}
	return db.archiveRows(ctx, false, "e.unit_id = ?", unitID)
}

// ArchiveFor is what 审校 compares unit's report on year with: the unit's
// archived reports of earlier years, and the same year's reports of the
// other units under the same parent (the county's townships). Each unit
// and year gives its latest text only. A township's reader does not read
// the others' reports: only their names and the shared passages reach the
// 审校 result.
func (db *DB) ArchiveFor(ctx context.Context, a Actor, unitID int64, year int) (_ []ArchiveEntry, err error) {
	defer wrap(&err, "store.ArchiveFor(%d %d)", unitID, year)
	u, err := db.readableUnit(ctx, a, unitID)
	if err != nil {
		return nil, err
	}
	all, err := db.archiveRows(ctx, true, "((e.unit_id = ? AND e.year < ?) OR (e.year = ? AND n.parent_id = ? AND e.unit_id <> ?))",
		u.ID, year, year, u.ParentID, u.ID)
	if err != nil {
		return nil, err
	}
	seen := map[[2]int64]bool{}
	var out []ArchiveEntry
	for _, e := range all { // newest entry first within a unit and year
		k := [2]int64{e.UnitID, int64(e.Year)}
		if seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, e)
	}
	return out, nil
}

// LateReports are the townships late on today's deadlines: a report not
// submitted by its submission date, or not published by its publication
// date, for the year before today's — in the counties where at least one
// unit keeps that year's report in the product.
func (db *DB) LateReports(ctx context.Context, today string) (_ []LateReport, err error) {
	defer wrap(&err, "store.LateReports(%s)", today)
	if len(today) < 4 {
		return nil, fmt.Errorf("bad date %q", today)
	}
	var year int
	if _, err := fmt.Sscanf(today[:4], "%d", &year); err != nil {
		return nil, err
	}
	year-- // the report year due this spring
	units, err := db.Units(ctx)
	if err != nil {
		return nil, err
	}
	type st struct{ pub, sub bool }
	have := map[int64]st{}
	rows, err := db.query(ctx, "SELECT unit_id, published_at, submitted_at FROM reports WHERE year = ?", year)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var id, pub, sub int64
		if err := rows.Scan(&id, &pub, &sub); err != nil {
			rows.Close()
			return nil, err
		}
		have[id] = st{pub != 0, sub != 0}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// A county whose units keep no report of the year in the product (it
	// has not started using it for that year) is not reminded.
	parentOf := map[int64]int64{}
	for _, u := range units {
		parentOf[u.ID] = u.ParentID
	}
	started := map[int64]bool{}
	for id := range have {
		started[parentOf[id]] = true
	}
	var out []LateReport
	for _, u := range units {
		if u.Closed || u.Level != access.LevelTownship || !started[u.ParentID] {
			continue
		}
		sub, pub, err := db.ReportDeadlines(ctx, u.ID, year)
		if err != nil {
			return nil, err
		}
		s := have[u.ID]
		if !s.sub && today > sub {
			out = append(out, LateReport{UnitID: u.ID, Unit: u.Name, UnitPath: u.Path, Year: year, What: "报送", Due: sub})
		}
		if !s.pub && today > pub {
			out = append(out, LateReport{UnitID: u.ID, Unit: u.Name, UnitPath: u.Path, Year: year, What: "公开", Due: pub})
		}
	}
	return out, nil
}
