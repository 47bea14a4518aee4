package ledger

import (
	"context"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// State is one state of a kind's workflow.
type State struct {
	Name     string // identifier
	Label    string // Chinese
	Editable bool   // form fields may still be edited in this state
	Final    bool   // no further transitions; running clocks stop
	// Abandon marks a final state that ends the matter without completing
	// it (withdrawn, terminated): it is no way forward for a wrong entry.
	Abandon bool
	// Public: records in this state are published on the public pages
	// (see Kind.Publish for what is shown).
	Public bool
	// Returned marks a state in which the matter has been sent back to its
	// submitter to mend (退回补充材料): the to-do list shows it as 退回给我.
	Returned bool
}

// Transition is one row of the workflow table: from any of From, on Event,
// to To, by a principal holding one of Roles, if Guard allows.
type Transition struct {
	Event string   // identifier, e.g. "submit_review"
	Label string   // Chinese button text
	From  []string // states
	To    string
	Roles []access.Role
	// Fields are filled in at this step (Field.Step == Event); they are
	// validated like form fields when the transition is taken.
	Fields []string
	// Guard returns nil to allow the transition or a *RuleError that cites
	// the legal basis.
	Guard func(g *GuardContext) error
	// Register names a field with Field.Register that receives the unit's
	// next register number when the transition is taken (once: a record
	// that already has its number keeps it).
	Register string
	// OnDue names a period: the transition is taken by the system (see
	// Kind.DueTransitions) once the period's running clock is past due,
	// e.g. in force → expired after the valid-until date.
	OnDue string
}

// Workflow is a kind's state machine. The first state is the initial one.
type Workflow struct {
	States      []State
	Transitions []Transition
}

// Linked is how a guard reads another record. The caller's data scope
// applies: a record outside it is reported as not found.
type Linked interface {
	Record(ctx context.Context, id int64) (*Record, error)
}

// Finder is how a guard looks at other records of the caller's scope: a
// count or the records by field values (fields declared Filter), and the records sharing
// a personal value, matched through its keyed hash (the value itself is
// never searched in clear).
type Finder interface {
	Count(ctx context.Context, kind string, filters Values) (int, error)
	// Records lists up to limit (at most 200) records of kind whose fields
	// equal filters, newest first.
	Records(ctx context.Context, kind string, filters Values, limit int) ([]Record, error)
	ByPersonal(ctx context.Context, kind, field, value string) ([]Record, error)
}

// GuardContext is what a guard sees.
type GuardContext struct {
	Ctx      context.Context
	Kind     *Kind
	Record   *Record // current record, with Input already merged into Data
	Input    Values  // values supplied with the transition
	Event    string
	Today    calendar.Date
	Calendar Calendar
	Links    Linked
	Find     Finder  // other records in scope; nil where none are at hand
	Clocks   []Clock // the record's clocks
	// Settings are the effective settings of the record's unit (see
	// GuardContext.Setting); nil means every default.
	Settings SettingValues
	// Actor is who takes the step and where they sit against the
	// record's unit (actor.go).
	Actor Actor
}

// RuleError is a refusal by a workflow rule, shown to the user as is.
type RuleError struct {
	Field  string // field the refusal is about, if any
	Reason string // Chinese, e.g. "未经合法性审查或者经审查不合法的，不得提交集体讨论"
	Basis  string // e.g. "《重大行政决策程序暂行条例》第二十五条"
}

func (e *RuleError) Error() string {
	if e.Basis == "" {
		return e.Reason
	}
	return e.Reason + "（依据：" + e.Basis + "）"
}
