package ledger

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// FieldType is the kind of value a field holds. Every value is stored as a
// string in canonical form (see Field.Normalize): dates as 2006-01-02,
// integers in decimal, decimals with '.', enums as the option text.
type FieldType string

const (
	TypeText      FieldType = "text"      // one line
	TypeLongText  FieldType = "longtext"  // paragraphs
	TypeInteger   FieldType = "integer"   // whole number
	TypeDecimal   FieldType = "decimal"   // number with fraction
	TypeDate      FieldType = "date"      // calendar date
	TypeEnum      FieldType = "enum"      // one of Options
	TypeBool      FieldType = "bool"      // 是/否
	TypeUnit      FieldType = "unit"      // id of a unit
	TypeUser      FieldType = "user"      // id of a user
	TypeReference FieldType = "reference" // id of a record of RefKind
	TypeFile      FieldType = "file"      // attachment ids (comma-separated sha256)
	TypePersonal  FieldType = "personal"  // personal data: encrypted at rest, masked on screen
	TypeTable     FieldType = "table"     // rows of typed Columns, canonical JSON (see table.go)
)

// PersonalKind says how a personal value is validated and masked.
type PersonalKind string

const (
	PersonalName     PersonalKind = "name"      // 姓名
	PersonalIDNumber PersonalKind = "id_number" // 居民身份证号码
	PersonalPhone    PersonalKind = "phone"     // 手机/电话
	PersonalAddress  PersonalKind = "address"   // 住址
)

// Field declares one field of a kind.
type Field struct {
	Name     string    // identifier used in forms, JSON and storage
	Label    string    // Chinese label shown to users
	Type     FieldType //
	Required bool      //
	Help     string    // hint under the input
	Options  []string  // for TypeEnum
	RefKind  string    // for TypeReference: the kind referenced
	// RefKinds, instead of RefKind, lets a reference name a record of any
	// of several kinds (a legality review's subject: a decision or a
	// contract). See Field.Refers.
	RefKinds []string
	Personal PersonalKind
	MaxLen   int  // in runes, for text; 0 means the engine default
	Min, Max *int // bounds for integers
	List     bool // shown as a column in lists
	Filter   bool // offered as a list filter
	Search   bool // included in full-text search (never for TypePersonal)
	// Step names the transition event at which the field is filled in, if
	// it is not part of the create/edit form (e.g. the review opinion).
	Step string
	// Check is an extra validation; it returns a Chinese message or "".
	Check func(value string, r *Record) string
	// SamePerson, on a personal field, shows a record's other records that
	// hold the same value (repeat petitions of one petitioner), matched by
	// its keyed hash.
	SamePerson bool
	// Bind, on a reference field, binds the referenced record to this one
	// (see Binding).
	Bind *Binding
	// Dates bounds a date field's plausible values; the zero value means
	// from 2000-01-01 up to today (the day the value is entered).
	Dates DateRange
	// Compute, if set, derives the field's value from the record (e.g. 有效期至
	// from the issue date): it is never typed, and is recomputed whenever the
	// record changes (see Field.Derived).
	Compute func(r *Record) string
	// ComputeIn is Compute for a value that also reads the unit's settings
	// (s holds every setting of the kind: the unit's override or the
	// default), e.g. 帮教期满日期 from a number of years a province may set.
	// The value is computed with the settings in force when the record is
	// written and kept until it is written again.
	ComputeIn func(r *Record, s SettingValues) string
	// Register, if set, names the pattern setting (SettingPattern) of a
	// register number: the field is filled by the store with the unit's
	// next number of the year when a transition whose Register names this
	// field is taken, and never typed.
	Register string
	// Columns, on a TypeTable field, declare its columns (a column is a
	// Field: name, label, type, Required, Options, Personal, MaxLen,
	// Min/Max, Dates, Search). MinRows and MaxRows bound the rows (MaxRows
	// 0 means DefaultMaxRows); MinRows applies once a row is entered (a
	// Required table needs at least max(MinRows, 1)).
	Columns          []Field
	MinRows, MaxRows int
	// Example, if set, is a value a careful clerk would enter, dated on
	// (see ExampleValue): for a field whose checks the generic example
	// would fail — a text with a pattern, a date after another, rows that a
	// rule reads — so demo data, templates and property tests start from a
	// record the kind accepts.
	Example func(on calendar.Date) string
}

// Publication is what the public pages show of a published record: the
// date it was published (a date field) and the fields shown, in order.
// Personal fields are never published.
type Publication struct {
	DateField string
	Fields    []string
}

// Binding ties a reference to its subject: the record a reference field
// names must name this record back in its field Back (a reference whose
// RefKind or RefKinds include this kind: one review kind serves decisions
// and contracts alike, each bound through its own Binding) — a legality review
// is of one decision and unlocks that decision's gate only. When the
// referenced record's Back is still empty and it is not final, the store
// fills it in, binding both ways; a record bound elsewhere, or final and
// unbound, cannot be referenced. Match are values the referenced record
// must hold (e.g. the type of matter reviewed). Title, if set, is the
// referenced kind's field that records this record's title when the
// referenced record is created from this one; Copy are fields, named alike
// in both kinds, whose values the created record starts with (a task
// carried into next year keeps its department); Link, if set, is the text
// of the link that creates it (default: 新建针对本事项的…).
type Binding struct {
	Back  string
	Match Values
	Title string
	Copy  []string
	Link  string
}

// Refers reports whether the reference field f may name a record of kind.
func (f *Field) Refers(kind string) bool {
	return kind != "" && (f.RefKind == kind || slices.Contains(f.RefKinds, kind))
}

// Referenced lists the kinds the reference field f may name: RefKind, or
// RefKinds.
func (f *Field) Referenced() []string {
	if f.RefKind != "" {
		return []string{f.RefKind}
	}
	return slices.Clone(f.RefKinds)
}

// BoundTo reports whether ref may be referenced by the record self through
// field f: it holds the Match values and is unbound or bound to self. The
// Chinese reason names what is wrong.
func (f *Field) BoundTo(ref *Record, self int64) (ok bool, reason string) {
	b := f.Bind
	if b == nil {
		return true, ""
	}
	for n, v := range b.Match {
		if ref.Data[n] != v {
			return false, fmt.Sprintf("「%s」所选记录（编号 %d）不是“%s”的记录，请选择本事项的记录", f.Label, ref.ID, v)
		}
	}
	switch back := ref.Data[b.Back]; {
	case back == "":
		return true, ""
	case self != 0 && back == strconv.FormatInt(self, 10):
		return true, ""
	default:
		return false, fmt.Sprintf("「%s」所选记录（编号 %d）已用于另一事项（编号 %s），不能用于本事项；请选择或新建本事项的记录", f.Label, ref.ID, back)
	}
}

// DateRange is the plausible range of a date field. A date outside it is
// refused with a message naming the field, so a slip of the keyboard (1900,
// 2099) never reaches a clock or a guard.
type DateRange struct {
	// Since is the earliest plausible year; 0 means DefaultSinceYear.
	Since int
	// Future marks a plan, deadline or expiry date: it may lie after today,
	// up to the end of the year FutureYears ahead (0 means
	// DefaultFutureYears).
	Future      bool
	FutureYears int
}

// Defaults of DateRange.
const (
	DefaultSinceYear   = 2000
	DefaultFutureYears = 10
)

// Kind is the declaration of one ledger kind.
type Kind struct {
	Name        string // identifier, e.g. "legality_review"
	Label       string // Chinese name, e.g. "合法性审查"
	Description string
	// TitleField names the field used as the record's title in lists.
	TitleField string
	// YearField names the date or integer field that decides the record's
	// reporting year (indicators are per unit and year).
	YearField string
	Fields    []Field
	Workflow  Workflow
	Periods   []Period
	// CreateRoles may create records of this kind; EditRoles may edit the
	// form fields while the state allows (see State.Editable).
	CreateRoles []access.Role
	EditRoles   []access.Role
	// Tallies are per-person yearly totals over a table's rows (see Tally).
	Tallies []Tally
	// Publish says what the public pages show of records in a Public
	// state; nil means the kind publishes nothing.
	Publish *Publication
	// Grant, if set, gives the person a record names roles over units
	// while it is in force (grant.go).
	Grant *Grant
	// PlanItems, if set, makes a year's records the items of that year's
	// work plan, listed beside the annual report's part 4 (plan_items.go).
	PlanItems *PlanItems
	// CorrectionApprover, if set, must approve a correction made by anyone
	// without that role (the head, for records whose content was decided
	// by a meeting); the correction waits as a request until then.
	CorrectionApprover access.Role
	// CorrectionRoles may correct recorded values (see Correction); empty
	// means the edit roles and the head.
	CorrectionRoles []access.Role
	// Validate is a whole-record check after field checks (cross-field rules).
	Validate func(r *Record) FieldErrors
	// Settings are the local rules the kind reads (periods' days, guards,
	// register patterns), overridable per unit.
	Settings []Setting
	// Indicators are the figures computed from this kind's records
	// (indicator.go); their names and units are in internal/indicator's
	// catalogue.
	Indicators []Indicator
	// FromScore, if set, lets a 考核 line that lost points open a record
	// of this kind filled from the line (score_link.go).
	FromScore *ScoreLink
	// Demo says how the demo generator makes this kind's records (demo.go).
	Demo Demo
}

// Calendar is what the engine needs of the working-day calendar.
type Calendar interface {
	Add(start calendar.Date, n int, c calendar.Counting) (calendar.Date, error)
}
