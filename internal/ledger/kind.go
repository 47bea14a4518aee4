package ledger

import (
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
}

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
	// Validate is a whole-record check after field checks (cross-field rules).
	Validate func(r *Record) FieldErrors
}

// Calendar is what the engine needs of the working-day calendar.
type Calendar interface {
	Add(start calendar.Date, n int, c calendar.Counting) (calendar.Date, error)
}
