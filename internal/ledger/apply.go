package ledger

import (
	"fmt"
	"slices"

	"fazhi/internal/access"
)

// Initial returns the first state.
func (k *Kind) Initial() string {
	if len(k.Workflow.States) == 0 {
		return ""
	}
	return k.Workflow.States[0].Name
}

// State returns the state named name, or nil.
func (k *Kind) State(name string) *State {
	for i := range k.Workflow.States {
		if k.Workflow.States[i].Name == name {
			return &k.Workflow.States[i]
		}
	}
	return nil
}

// Transition returns the transition of event, or nil.
func (k *Kind) Transition(event string) *Transition {
	for i := range k.Workflow.Transitions {
		if k.Workflow.Transitions[i].Event == event {
			return &k.Workflow.Transitions[i]
		}
	}
	return nil
}

// Available lists the transitions open from the record's state for a
// principal holding roles (guards not evaluated). A nil record stands for a
// new one in the initial state.
func (k *Kind) Available(r *Record, roles []access.Role) []Transition {
	state := k.Initial()
	if r != nil {
		state = r.State
	}
	var out []Transition
	for _, t := range k.Workflow.Transitions {
		if slices.Contains(t.From, state) && hasRole(roles, t.Roles) {
			out = append(out, t)
		}
	}
	return out
}

// CanCreate and CanEdit report whether roles allow creating records, or
// editing the form fields of r in its current state.
func (k *Kind) CanCreate(roles []access.Role) bool { return hasRole(roles, k.CreateRoles) }

func (k *Kind) CanEdit(r *Record, roles []access.Role) bool {
	s := k.State(r.State)
	return s != nil && s.Editable && hasRole(roles, k.EditRoles)
}

// Outcome is what taking a transition changes.
type Outcome struct {
	From, To string
	Data     Values  // record data after merging the step's fields
	Clocks   []Clock // every clock of the record after the transition, one per period
}

// Apply takes transition g.Event on g.Record: checks the state, the roles,
// the step fields (FieldErrors), minimum periods and the guard (*RuleError),
// and returns the outcome. It does not mutate g.Record or g.Clocks.
// ErrNoTransition and ErrRole (wrapped) are returned for a wrong state or a
// missing role; calendar errors are wrapped.
//
// Step fields: a submitted value replaces the stored one (an empty one
// removes it); a field not submitted keeps its value, but a required step
// field must be submitted at every taking of the step.
func (k *Kind) Apply(g *GuardContext, roles []access.Role) (*Outcome, error) {
	if g == nil || g.Record == nil {
		return nil, fmt.Errorf("ledger.Apply: no record")
	}
	t := k.Transition(g.Event)
	if t == nil {
		return nil, fmt.Errorf("%w：「%s」没有名为 %q 的操作", ErrNoTransition, k.Label, g.Event)
	}
	if !slices.Contains(t.From, g.Record.State) {
		return nil, fmt.Errorf("%w：记录处于「%s」状态，不能%s", ErrNoTransition, k.stateLabel(g.Record.State), t.Label)
	}
	if !hasRole(roles, t.Roles) {
		return nil, fmt.Errorf("%w：「%s」需要以下角色之一：%s", ErrRole, t.Label, roleLabels(t.Roles))
	}

	data := Values{}
	for n, v := range g.Record.Data {
		data[n] = v
	}
	input := Values{}
	errs := FieldErrors{}
	steps := t.StepFields(k)
	for _, f := range steps {
		raw, ok := g.Input[f.Name]
		if !ok {
			continue
		}
		k.setField(f, raw, data, errs, g.Today)
		if _, bad := errs[f.Name]; !bad {
			input[f.Name] = data[f.Name]
		}
	}
	for _, f := range steps {
		if _, bad := errs[f.Name]; !bad && f.Required && input[f.Name] == "" {
			errs[f.Name] = f.requiredMessage()
		}
	}
	rec := *g.Record
	rec.Data = data
	for _, f := range steps {
		k.runCheck(f, &rec, errs)
	}
	k.ComputeIn(&rec, g.Settings)
	if len(errs) > 0 {
		return nil, errs
	}

	gc := *g
	gc.Kind = k
	gc.Record = &rec
	gc.Input = input
	gc.Clocks = slices.Clone(g.Clocks)
	gc.Settings = k.effective(g.Settings)
	for i := range k.Periods {
		p := &k.Periods[i]
		if p.Type == Minimum && slices.Contains(p.Guards, t.Event) && p.applies(&rec) {
			if err := k.checkMinimum(&gc, p); err != nil {
				return nil, err
			}
		}
	}
	if t.Guard != nil {
		if err := t.Guard(&gc); err != nil {
			return nil, err
		}
	}
	clocks, err := k.clocksAfter(&gc, t)
	if err != nil {
		return nil, err
	}
	return &Outcome{From: g.Record.State, To: t.To, Data: data, Clocks: clocks}, nil
}

func (k *Kind) stateLabel(name string) string {
	if s := k.State(name); s != nil {
		return s.Label
	}
	return name
}

func roleLabels(roles []access.Role) string {
	out := ""
	for i, r := range roles {
		if i > 0 {
			out += "、"
		}
		out += r.Label()
	}
	return out
}

func (p *Period) applies(r *Record) bool { return p.Applies == nil || p.Applies(r) }
