package store

// This file is the contract between the store and its callers (internal/web,
// cmd/fazhi). Method sets are grouped by concern; each group is implemented in
// its own file (units.go, users.go, sessions.go, records.go, audit.go, ...).
//
// Conventions:
//   - ctx first; errors wrapped once with the method name.
//   - not found is ErrNotFound (never nil, nil); a record outside the
//     caller's scope is ErrNotFound too, so its existence does not leak.
//   - a known record the caller may read but not change is ErrForbidden.
//   - a stale Version on update/transition is ErrConflict.
//   - validation failures are ledger.FieldErrors; workflow refusals are
//     *ledger.RuleError — both returned as is, nothing saved.
//   - every mutating method takes an Actor and writes its audit entry in the
//     same transaction as the change.

import (
	"context"
	"errors"
	"io"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

var (
	ErrNotFound  = errors.New("not found")
	ErrForbidden = errors.New("forbidden")
	ErrConflict  = errors.New("conflict")
	ErrDuplicate = errors.New("duplicate")
	// ErrTampered: stored content no longer matches what was recorded
	// (an attachment whose bytes do not hash to its SHA-256).
	ErrTampered = errors.New("tampered")
)

// Actor is who does a change, for scope checks and the audit log.
type Actor struct {
	UserID   int64
	UserName string
	UnitID   int64
	Addr     string // client address
	Scope    access.Scope
	Roles    []access.Role // roles at home unit (scope.WriteUnits has the rest)
	// SeePersonal is true when the actor may see personal data in clear.
	SeePersonal bool
	// System marks the command-line tools and the demo set-up: no role or
	// scope checks apply. A zero Actor may do nothing.
	System bool
}

// SystemActor is the actor of command-line tools (fazhi user, fazhi demo).
func SystemActor(name string) Actor {
	return Actor{UserName: name, System: true, SeePersonal: true}
}

// Session is a server-side login session. The token's SHA-256 is stored,
// never the token.
type Session struct {
	ID        string // hex sha256 of the cookie token
	UserID    int64
	CreatedAt time.Time
	LastSeen  time.Time
	Addr      string
	UserAgent string
	CSRF      string
}

// ListQuery filters, sorts and pages a ledger list.
type ListQuery struct {
	Kind    string
	UnitID  int64             // 0: every unit in scope
	State   string            // "" any
	Year    int               // 0 any
	Filters map[string]string // field name → exact value
	Search  string            // Chinese full text ("" none)
	Overdue bool              // only records with a deadline clock past due
	Sort    string            // field name or "updated_at", prefix "-" for descending
	Page    int               // 1-based; beyond MaxPage reads as MaxPage
	PerPage int               // default 20, max 200
	// After, with Sort "", "updated_at" or "-updated_at", reads the page
	// that follows this record in the list's order (keyset paging: Page is
	// ignored and no total is counted, ListRecords returns -1), so a reader
	// of every page (the export) never skips an OFFSET of rows.
	After *ListCursor
}

// ListCursor is a position in a list in updated_at order: the last record
// of the page read before.
type ListCursor struct {
	UpdatedAt time.Time
	ID        int64
}

// CursorOf is the cursor after record r.
func CursorOf(r *ledger.Record) *ListCursor { return &ListCursor{UpdatedAt: r.UpdatedAt, ID: r.ID} }

// MaxPage is the last page ListRecords reads: a larger page number (up to
// 9223372036854775807 from a URL) is read as this one, which is past any
// table's end, instead of overflowing the offset.
const MaxPage = 1 << 20

// Contract lists the methods *DB provides. internal/web depends on this
// interface (so its tests may wrap it); store_test asserts *DB satisfies it.
// Additions are fine; changes need both sides updated.
type Contract interface {
	// AuthEpoch changes with every write that may change a credential's
	// user, roles or scope (writer.go); callers caching token resolutions
	// key them by it.
	AuthEpoch() uint64

	// Units (units.go)
	CreateUnit(ctx context.Context, a Actor, u *access.Unit) error // sets ID and Path
	Unit(ctx context.Context, id int64) (*access.Unit, error)
	Units(ctx context.Context) ([]access.Unit, error)                // the whole tree, ordered by path, closed units included
	UnitByRef(ctx context.Context, ref string) (*access.Unit, error) // by id or unique name
	RenameUnit(ctx context.Context, a Actor, id int64, name string, creditCode *string) error
	MoveUnit(ctx context.Context, a Actor, id, parentID int64) error // the subtree's paths rewritten in one transaction
	CloseUnit(ctx context.Context, a Actor, id int64) error          // 撤销: kept read-only, never deleted
	ImportUnits(ctx context.Context, a Actor, plan []access.PlannedUnit) error

	// Users and grants (users.go)
	CreateUser(ctx context.Context, a Actor, u *access.User) error // u.PasswordHash already set
	UserByID(ctx context.Context, id int64) (*access.User, error)
	UserByUsername(ctx context.Context, username string) (*access.User, error)
	Users(ctx context.Context, unitPath string) ([]access.User, error)
	SetPassword(ctx context.Context, a Actor, userID int64, hash string) error
	SetLocked(ctx context.Context, a Actor, userID int64, locked bool) error
	UpdateUser(ctx context.Context, a Actor, id int64, name string, unitID int64, roles []access.Role) error
	AddGrant(ctx context.Context, a Actor, g access.Grant) error
	RemoveGrant(ctx context.Context, a Actor, userID, unitID int64) error
	Grants(ctx context.Context, userID int64) ([]access.Grant, error)
	RecordGrants(ctx context.Context, userID int64) ([]access.Grant, error)
	ScopeOf(ctx context.Context, u *access.User) (access.Scope, error)
	ActorFor(ctx context.Context, u *access.User, addr string) (Actor, error) // scope, roles, personal-data policy

	// Login throttling (logins.go): failures per user and per address in a
	// window; cleared by a success or an admin unlock. BeginLogin admits an
	// attempt atomically (counted as a failure until cleared).
	BeginLogin(ctx context.Context, username, addr string, now time.Time, p LoginPolicy) (LoginAttempt, error)
	LockLogin(ctx context.Context, username string, at time.Time) error
	LoginLocked(ctx context.Context, username string, now time.Time, lockFor time.Duration) (bool, error)
	RecordLoginFailure(ctx context.Context, username, addr string, at time.Time) error
	LoginFailures(ctx context.Context, username, addr string, since time.Time) (byUser, byAddr int, err error)
	ClearLoginFailures(ctx context.Context, username string) error

	// Sessions (sessions.go)
	CreateSession(ctx context.Context, s *Session) error
	SessionByID(ctx context.Context, id string) (*Session, error)
	TouchSession(ctx context.Context, id string, at time.Time) error
	DeleteSession(ctx context.Context, id string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	DeleteOtherSessions(ctx context.Context, userID int64, keep string) error
	DeleteExpiredSessions(ctx context.Context, idleBefore, createdBefore time.Time) (int64, error)

	// API tokens (tokens.go): the SHA-256 of the token is stored; tokens
	// are self-service, expire, and die with a lock, a password reset or
	// "log out everywhere" (DeleteUserSessions).
	CreateToken(ctx context.Context, a Actor, userID int64, name string) (token string, err error)
	UserByToken(ctx context.Context, token string) (_ *access.User, expires time.Time, err error)
	Tokens(ctx context.Context, a Actor, userID int64) ([]Token, error)
	RevokeToken(ctx context.Context, a Actor, tokenID int64) error
	SharedAuthEpoch(ctx context.Context) (uint64, error)

	// Records (records.go): every read filtered by a.Scope in SQL.
	CreateRecord(ctx context.Context, a Actor, kind *ledger.Kind, unitID int64, input ledger.Values) (*ledger.Record, error)
	UpdateRecord(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, input ledger.Values) (*ledger.Record, error)
	Transition(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, event string, input ledger.Values) (*ledger.Record, error)
	AdjustClock(ctx context.Context, a Actor, kind *ledger.Kind, id int64, period string, adj ledger.ClockAdjustment) error
	CorrectRecord(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, c ledger.Correction) (*ledger.Record, error) // 更正 (correct.go); *PendingError when it awaits approval
	CorrectionRequests(ctx context.Context, a Actor, recordID int64) ([]CorrectionRequest, error)
	DecideCorrection(ctx context.Context, a Actor, recordID, reqID int64, approve bool, note string) (*ledger.Record, error)
	Record(ctx context.Context, a Actor, id int64) (*ledger.Record, error) // personal data masked unless a.SeePersonal
	ListRecords(ctx context.Context, a Actor, q ListQuery) (recs []ledger.Record, total int, err error)
	CountByState(ctx context.Context, a Actor) ([]StateCount, error)
	IndicatorRecords(ctx context.Context, a Actor, kind string, unitID int64, persons []string) ([]ledger.Record, error)                  // for indicator evaluation (indicators.go)
	IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) ([]ledger.Record, error)        // units' own records, for indicator.Parts
	IndicatorMarks(ctx context.Context, kind string, unitID int64) (map[int64]int64, error)                                               // a unit's records' marks: indicator_marks, kept by triggers
	IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) ([]ledger.Record, []int64, error) // the records whose marks moved, for indicator.Parts
	IndicatorGens(ctx context.Context, unitID int64) (map[indicator.UnitKind]int64, error)                                                // write generations per (unit, kind): indicator_gens, kept by triggers
	WriteGen() uint64                                                                                                                     // grows after every committed write (writer.go)
	RecordsByID(ctx context.Context, a Actor, ids []int64) ([]ledger.Record, error)                                                       // a drill-down's records
	Clocks(ctx context.Context, a Actor, recordID int64) ([]ledger.Clock, error)
	DueClocks(ctx context.Context, a Actor, before calendar.Date) ([]DueClock, error)                   // running deadlines due before a date, for the dashboard
	History(ctx context.Context, a Actor, recordID int64) ([]HistoryEntry, error)                       // transitions and audit entries of a record
	Board(ctx context.Context, a Actor, q BoardQuery) (_ []BoardClock, truncated bool, err error)       // the deadline board (board.go)
	BoardSummary(ctx context.Context, a Actor, q BoardQuery, today calendar.Date) (BoardSummary, error) // the board's counts, per unit (board.go)
	Todo(ctx context.Context, a Actor, q TodoQuery) ([]TodoRecord, error)                               // the to-do list, a page by next due date (todo.go)
	TodoCount(ctx context.Context, a Actor, q TodoQuery) (int, error)                                   // the to-do list's length (todo.go)
	Links(ctx context.Context, a Actor, recordID int64) ([]ledger.Link, error)
	FindByPersonal(ctx context.Context, a Actor, kind *ledger.Kind, field, value string) ([]ledger.Record, error)       // exact, by keyed hash
	Tally(ctx context.Context, a Actor, k *ledger.Kind, name string, unitID int64, year int) ([]ledger.TallyRow, error) // per-person totals (tally.go)
	SamePerson(ctx context.Context, a Actor, id int64, field string) ([]ledger.Record, error)                           // others sharing a personal value (finder.go)

	// Excel imports (imports.go): one batch per import, undone as a whole.
	Import(a Actor, kind *ledger.Kind, unitID int64, fileName string) Importer
	ImportBatch(ctx context.Context, a Actor, id int64) (*ImportBatch, error)
	UndoImport(ctx context.Context, a Actor, id int64) (*ImportBatch, error)

	// Attachments (attachments.go): content in the blob store, metadata here.
	AddAttachment(ctx context.Context, a Actor, recordID int64, name, contentType string, r io.Reader) (*Attachment, error)
	Attachments(ctx context.Context, a Actor, recordID int64) ([]Attachment, error)
	OpenAttachment(ctx context.Context, a Actor, recordID int64, sha string) (*Attachment, io.ReadCloser, error)

	// Audit (audit.go)
	AppendAudit(ctx context.Context, e *audit.Entry) error // for logins and other non-record events
	AuditEntries(ctx context.Context, a Actor, after int64, limit int) ([]audit.Entry, error)
	SearchAudit(ctx context.Context, a Actor, q AuditQuery) ([]AuditRow, error) // newest first, filtered (auditsearch.go)
	VerifyAudit(ctx context.Context) (*audit.Break, error)                      // nil when the chain is intact

	// Local settings (settings.go), holiday calendars (holidays.go) and
	// date-driven work (due.go).
	Settings(ctx context.Context, a Actor, unitID int64) ([]EffectiveSetting, error)
	SetSetting(ctx context.Context, a Actor, unitID int64, name, value string) error // "" removes the unit's override
	UploadHolidays(ctx context.Context, a Actor, content []byte) (years []int, err error)
	LoadHolidays(ctx context.Context) (years []int, err error)
	Reminders(ctx context.Context, a Actor, today calendar.Date) ([]DueClock, error)
	RunDueTransitions(ctx context.Context) (int, error)
	LateNotes(ctx context.Context, a Actor, ids []int64) (map[int64]string, error) // "逾期N日办结" by record

	// Reminders: digests, the bell, the webhook log (reminders.go)
	ReminderStore

	// The annual report: versions, workflow, archive (reports.go)
	ReportStore

	// Maintenance (backup.go)
	Backup(ctx context.Context, w io.Writer) error // consistent copy while serving
	Close() error
}

// StateCount is a dashboard cell: how many records of a kind are in a state.
type StateCount struct {
	Kind  string
	State string
	Count int
}

// DueClock is a running deadline with its record, for the deadline board.
type DueClock struct {
	RecordID int64
	Kind     string
	Title    string
	UnitID   int64
	Clock    ledger.Clock
}

// HistoryEntry is one line of a record's timeline.
type HistoryEntry struct {
	At      time.Time
	Actor   string
	Action  string // "create", "update", "transition", "attach", "clock"
	Summary string // Chinese, e.g. "提交合法性审查：起草 → 审查中"
	Diff    string // JSON before/after (personal data never in clear)
}

// Attachment is a file attached to a record.
type Attachment struct {
	ID          int64
	RecordID    int64
	Name        string
	ContentType string
	Size        int64
	SHA256      string
	CreatedAt   time.Time
	CreatedBy   int64
}
