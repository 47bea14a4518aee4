package web

import (
	"time"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Base is the part of every page the layout reads.
type Base struct {
	Title     string
	SiteName  string
	Path      string
	User      *access.User // nil when not logged in
	CSRF      string
	HXHeaders string // {"X-CSRF-Token": "..."} for htmx requests
	IsAdmin   bool
	Unread    int  // unread reminders: the bell (notifications.go)
	CanAudit  bool // admin or inspector: the audit log
	Kinds     []NavKind
	Flash     string
	Charts    bool // the page draws charts: load ECharts and charts.js
}

// NavKind is one ledger in the navigation.
type NavKind struct {
	Name, Label string
	Active      bool
}

// ErrorPage shows a failure.
type ErrorPage struct {
	Base
	Status  int
	Message string
}

// LoginPage is the login form.
type LoginPage struct {
	Base
	Username string
	Next     string
	Error    string
}

// DashboardPage shows counts by kind and state and the deadline board.
type DashboardPage struct {
	Base
	Counts []KindCounts
	Due    []DueRow
	// DueMoreURL is the board, when it holds more deadlines than Due.
	DueMoreURL string
	Today      string
	// CalendarMissing reminds an administrator, from 1 December, that next
	// year's holiday arrangements are not loaded.
	CalendarMissing string
	// Reminders are running periods whose reminder is due (e.g. evaluate
	// a document 6 months before it expires).
	Reminders []DueRow
	// Waiting is the head of the reader's to-do list (the same records as
	// /todo); WaitingTotal counts them all.
	Waiting      []WaitingRow
	WaitingTotal int
}

// KindCounts is one kind's row of state counts.
type KindCounts struct {
	Kind   string
	Label  string
	Total  int
	States []StateCell
}

// StateCell is a count of records of a kind in a state.
type StateCell struct {
	State, Label string
	Count        int
}

// DueRow is a running deadline nearing or past its due date.
type DueRow struct {
	URL      string
	Kind     string
	Title    string
	Unit     string
	Period   string
	Due      string
	DaysLeft int
	Overdue  bool
	Pending  string // why the due date is not known yet ("" when known)
}

// PublicPage lists what is published to the public.
type PublicPage struct {
	Base
	Sections []PublicSection
}

// PublicSection is one kind's published records.
type PublicSection struct {
	Label   string
	Records []PublicRecord
}

// PublicRecord is a published record's public face.
type PublicRecord struct {
	Title string
	Unit  string
	Date  string // the declared publication date
	URL   string
}

// PublicRecordPage is one published record: the fields its kind publishes.
type PublicRecordPage struct {
	Base
	Kind   string
	Name   string // the record's title (Title is the page's)
	Unit   string
	Fields []FieldView
}

// ListPage is a ledger's list with filters, search, sort and paging.
type ListPage struct {
	Base
	Kind      *ledger.Kind
	CanCreate bool
	Q         ListParams
	States    []Option
	Units     []Option
	Filters   []FormField
	Table     ListTable
}

// ListParams are the list's query parameters as typed.
type ListParams struct {
	Search, State, Year, Unit, Sort string
	Overdue                         bool
}

// ListTable is the part of the list htmx replaces.
type ListTable struct {
	Kind      string
	Columns   []Column
	Rows      []ListRow
	Total     int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	ExportURL string // the same filters as an .xlsx export
	Empty     string
}

// Column is a list column header with its sort link.
type Column struct {
	Label   string
	SortURL string
	Sorted  string // "asc", "desc" or ""
}

// ListRow is one record in the list.
type ListRow struct {
	URL    string
	Title  string
	State  string
	Unit   string
	Cells  []string
	Update string
	Late   string // "逾期N日办结" when a deadline was met late
}

// FormPage is the create or edit form of a record.
type FormPage struct {
	Base
	Kind    *ledger.Kind
	Action  string
	Cancel  string
	Editing bool
	Version int
	UnitID  string
	Units   []Option
	Fields  []FormField
	Error   string // whole-record message
}

// FormField is one input rendered from a Field declaration.
type FormField struct {
	Name     string
	Label    string
	Widget   string // text, textarea, number, date, select
	Step     string // for number inputs
	Value    string
	Help     string
	Error    string
	Required bool
	MaxLen   int
	Options  []Option
	Table    *TableInput // for the "table" widget: rows inside the record
}

// Option is one choice of a select.
type Option struct {
	Value, Label string
	Selected     bool
}

// RecordPage shows a record, its workflow, clocks, timeline, files and links.
type RecordPage struct {
	Base
	Kind        *ledger.Kind
	Rec         *ledger.Record
	URL         string
	StateLabel  string
	Unit        string
	CanEdit     bool
	Fields      []FieldView
	Transitions []TransitionForm
	Clocks      []ClockView
	History     []store.HistoryEntry
	Files       []store.Attachment
	Links       []LinkView
	BindLinks   []LinkView // create a record bound to this one
	Corrections []CorrectionForm
	Requests    []CorrectionRequestView // corrections awaiting (or past) approval
	Refusal     *ledger.RuleError
	Error       string
	OpenEvent   string // the transition whose form failed, shown open
	ClockError  map[string]ledger.FieldErrors
	FileError   string
	Allowed     string
	// Next says in one sentence where the record stands, who acts next and
	// by when; NextMine that the reader may take that step.
	Next     string
	NextMine bool
	// Notice says what the last action did (a fixed ?done= code).
	Notice    string
	Final     bool // a final state: nothing more is done to the record
	CanUpload bool
}

// FieldView is a field's label and displayed value.
type FieldView struct {
	Label, Value, URL string
	Long              bool
	Table             *TableView // rows inside the record
}

// TransitionForm is an available transition with its step fields.
type TransitionForm struct {
	Event, Label, To string
	Fields           []FormField
	Primary          bool // the step that carries the record forward
	Rare             bool // going back or abandoning: folded under 其他操作
}

// CorrectionRequestView is a correction request on the record page.
type CorrectionRequestView struct {
	ID                     int64
	Label, Changes, Reason string
	By, At, Status         string
	Pending, CanDecide     bool
}

// CorrectionForm corrects the recorded values of one step (Event) or of
// the form (Event ""): the fields hold the current values.
type CorrectionForm struct {
	Event, Label string
	Fields       []FormField
	Reason       string
	ReasonError  string
	Open         bool
}

// ClockView is a clock with its due date and status.
type ClockView struct {
	Period, Label, Type, Basis string
	Start, Due                 string
	Status                     string
	Running, Paused, Overdue   bool
	DaysLeft                   int
	Pending                    string // why the due date is not known yet
	Late                       string // "逾期N日办结" for a deadline met late
	Error                      ledger.FieldErrors
	Values                     map[string]string
	Sentence                   string // start, due date and status, without gaps
	Adjusted                   []string
	CanPause, CanResume        bool
	CanExtend                  bool
}

// LinkView is a link to another record.
type LinkView struct {
	Label, Title, URL string
}

// UsersPage is the admin's user list of their subtree.
type UsersPage struct {
	Base
	Users   []UserRow
	Units   []Option
	Roles   []Option
	Form    map[string]string
	Errors  map[string]string
	Message string
}

// UnitsPage is the admin's unit tree: add, rename, move, close, import.
type UnitsPage struct {
	Base
	Units   []UnitRow
	Parents []Option // open units the admin may create under
	Levels  []Option
	Form    map[string]string // the add form's values
	Errors  map[string]string // the add form's messages, by field
	Message string
	Error   string              // a refused rename, move or close
	Import  access.ImportErrors // a refused import, row by row
}

// UnitRow is one unit of the tree with what the admin may do to it.
type UnitRow struct {
	ID         int64
	Indent     string
	Name       string
	Level      string
	CreditCode string
	Closed     bool
	CanChange  bool     // rename
	CanMove    bool     // move and close: the admin holds the parent
	MoveTo     []Option // possible new parents
}

// UserEditPage edits a user's name, unit, roles and grants.
type UserEditPage struct {
	Base
	UserID   int64
	Username string
	Form     map[string]string
	Errors   map[string]string
	Message  string
	Units    []Option
	Roles    []Option
	Grants   []GrantRow
	GrantTo  []Option // units a grant may be added in
}

// GrantRow is one grant of the edited user.
type GrantRow struct {
	UnitID    int64
	Unit      string
	Roles     string
	CanRemove bool
	// By names the ledger record in force that grants it (ended with the
	// record, not removed here).
	By, ByURL string
}

// PasswordPage is where every user changes their own password.
type PasswordPage struct {
	Base
	Errors  map[string]string
	Message string
	MinLen  int
}

// UserRow is one user in the admin list.
type UserRow struct {
	ID       int64
	Username string
	Name     string
	Unit     string
	Roles    string
	Locked   bool
	Error    string
}

// AuditPage shows the audit log, newest first, with its filters.
type AuditPage struct {
	Base
	Entries   []AuditView
	NextURL   string // older entries, same filters
	ExportURL string // the same filters as an .xlsx export
	Q         AuditParams
	Units     []Option
	Users     []Option
	Ledgers   []Option
	Actions   []Option
	Error     string
}

// AuditParams are the audit page's filters as typed.
type AuditParams struct {
	Unit, User, Kind, Record, Action, From, To string
}

// AuditView is one audit entry as the page shows it.
type AuditView struct {
	Seq       int64
	At        time.Time
	Actor     string
	Addr      string
	Action    string
	Object    string
	ObjectURL string
	Changes   []AuditChange
}

// AuditChange is one value an entry changed: old → new, personal values
// masked.
type AuditChange struct {
	Label, Old, New string
}
