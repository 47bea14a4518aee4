package ledger

// Contract of the pure engine functions the store and web call. The ledger
// helper implements them (replace these bodies); signatures may only grow.

import (
	"context"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// Registry holds the declared kinds by name.
type Registry struct {
	kinds map[string]*Kind
	order []string
}

// NewRegistry checks every declaration (unique names, states referenced by
// transitions exist, periods name real fields/events...) and returns the
// registry or an error naming the first bad declaration.
func NewRegistry(kinds ...*Kind) (*Registry, error) { panic("todo") }

// Kind returns the kind named name, or nil.
func (r *Registry) Kind(name string) *Kind { panic("todo") }

// Kinds returns the kinds in declaration order.
func (r *Registry) Kinds() []*Kind { panic("todo") }

// Normalize validates the create/edit form values of a record of kind k
// (fields whose Step is empty) and returns them in canonical form, or
// FieldErrors with a Chinese message per field naming the field and the fix.
// Unknown field names are ignored. existing may be nil (create).
func (k *Kind) Normalize(input Values, existing *Record) (Values, FieldErrors) { panic("todo") }

// Initial returns the first state.
func (k *Kind) Initial() string { panic("todo") }

// State returns the state named name, or nil.
func (k *Kind) State(name string) *State { panic("todo") }

// Available lists the transitions open from the record's state for a
// principal holding roles (guards not evaluated).
func (k *Kind) Available(r *Record, roles []access.Role) []Transition { panic("todo") }

// Outcome is what taking a transition changes.
type Outcome struct {
	From, To string
	Data     Values  // record data after merging the step's fields
	Clocks   []Clock // clocks after the transition (started/stopped)
}

// Apply takes transition g.Event on g.Record: checks the state, the roles,
// the step fields (FieldErrors), minimum periods and the guard (*RuleError),
// and returns the outcome. It does not mutate g.Record. ErrNoTransition and
// ErrRole are returned for a wrong state or a missing role.
func (k *Kind) Apply(g *GuardContext, roles []access.Role) (*Outcome, error) { panic("todo") }

// StartClocks returns the clocks of a newly created record (periods started
// by a date field that is set).
func (k *Kind) StartClocks(r *Record, cal Calendar) ([]Clock, error) { panic("todo") }

// Adjust pauses, resumes or extends clock c on day today; a reason and a
// basis are required (FieldErrors otherwise).
func Adjust(c Clock, adj ClockAdjustment, cal Calendar) (Clock, error) { panic("todo") }

// Overdue reports whether a running deadline clock is past due on today.
func (c Clock) Overdue(today calendar.Date) bool { panic("todo") }

// unused keeps imports until implemented.
var _ = context.Background
