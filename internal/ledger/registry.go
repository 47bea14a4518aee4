package ledger

import (
	"fmt"
	"slices"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// Registry holds the declared kinds by name.
type Registry struct {
	kinds map[string]*Kind
	order []string
}

// NewRegistry checks every declaration (unique names, states referenced by
// transitions exist, periods name real fields and events, enum fields have
// options, references name a registered kind) and returns the registry or an
// error naming the first bad declaration.
func NewRegistry(kinds ...*Kind) (*Registry, error) {
	r := &Registry{kinds: map[string]*Kind{}}
	for _, k := range kinds {
		if k == nil {
			return nil, fmt.Errorf("ledger.NewRegistry: nil kind")
		}
		if k.Name == "" {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q has no name", k.Label)
		}
		if _, dup := r.kinds[k.Name]; dup {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q declared twice", k.Name)
		}
		r.kinds[k.Name] = k
		r.order = append(r.order, k.Name)
	}
	for _, name := range r.order {
		if err := r.kinds[name].check(r); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
		if err := r.kinds[name].checkIndicators(); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
		if err := r.kinds[name].checkScoreLink(); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
		if err := r.kinds[name].checkGrant(); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
		if err := r.kinds[name].checkDemo(r); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
		if err := r.kinds[name].checkPlanItems(); err != nil {
			return nil, fmt.Errorf("ledger.NewRegistry: kind %q: %w", name, err)
		}
	}
	if err := r.checkIndicatorIDs(); err != nil {
		return nil, err
	}
	return r, nil
}

// Kind returns the kind named name, or nil.
func (r *Registry) Kind(name string) *Kind { return r.kinds[name] }

// Kinds returns the kinds in declaration order.
func (r *Registry) Kinds() []*Kind {
	out := make([]*Kind, 0, len(r.order))
	for _, n := range r.order {
		out = append(out, r.kinds[n])
	}
	return out
}

var fieldTypes = []FieldType{TypeText, TypeLongText, TypeInteger, TypeDecimal, TypeDate, TypeEnum,
	TypeBool, TypeUnit, TypeUser, TypeReference, TypeFile, TypePersonal, TypeTable}

var personalKinds = []PersonalKind{PersonalName, PersonalIDNumber, PersonalPhone, PersonalAddress}

// check validates one declaration against the registry it belongs to.
func (k *Kind) check(r *Registry) error {
	if k.Label == "" {
		return fmt.Errorf("no label")
	}
	fields := map[string]*Field{}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Name == "" || f.Label == "" {
			return fmt.Errorf("field #%d: name and label are required", i)
		}
		if _, dup := fields[f.Name]; dup {
			return fmt.Errorf("field %q declared twice", f.Name)
		}
		fields[f.Name] = f
		if !slices.Contains(fieldTypes, f.Type) {
			return fmt.Errorf("field %q: unknown type %q", f.Name, f.Type)
		}
		if f.Type == TypeEnum && len(f.Options) == 0 {
			return fmt.Errorf("field %q: enum without options", f.Name)
		}
		if f.Type == TypeReference {
			if (f.RefKind == "") == (len(f.RefKinds) == 0) {
				return fmt.Errorf("field %q: a reference names exactly one of RefKind or RefKinds", f.Name)
			}
			for _, rk := range f.Referenced() {
				if r.Kind(rk) == nil {
					return fmt.Errorf("field %q: reference to unknown kind %q", f.Name, rk)
				}
			}
		} else if f.RefKind != "" || len(f.RefKinds) > 0 {
			return fmt.Errorf("field %q: RefKind and RefKinds belong to a reference field", f.Name)
		}
		if f.SamePerson && f.Type != TypePersonal {
			return fmt.Errorf("field %q: SamePerson on a field that is not personal", f.Name)
		}
		if f.Bind != nil {
			if f.Type != TypeReference {
				return fmt.Errorf("field %q: Bind on a field that is not a reference", f.Name)
			}
			if f.RefKind == "" {
				return fmt.Errorf("field %q: Bind needs a single RefKind", f.Name)
			}
			if rk := r.Kind(f.RefKind); rk != nil {
				if bf := rk.Field(f.Bind.Back); bf == nil || bf.Type != TypeReference || !bf.Refers(k.Name) {
					return fmt.Errorf("field %q: Bind.Back %q is not a reference of %s to %s", f.Name, f.Bind.Back, f.RefKind, k.Name)
				}
				for n := range f.Bind.Match {
					if rk.Field(n) == nil {
						return fmt.Errorf("field %q: Bind.Match names unknown field %q of %s", f.Name, n, f.RefKind)
					}
				}
				if t := f.Bind.Title; t != "" && rk.Field(t) == nil {
					return fmt.Errorf("field %q: Bind.Title names unknown field %q of %s", f.Name, t, f.RefKind)
				}
				for _, n := range f.Bind.Copy {
					if c := rk.Field(n); c == nil || k.Field(n) == nil || c.Type != k.Field(n).Type || c.Step != "" || c.Derived() ||
						c.Type == TypePersonal || c.Type == TypeTable || c.Type == TypeFile {
						return fmt.Errorf("field %q: Bind.Copy %q is not a plain form field of the same type in %s and %s (no personal data, rows or files in a link)", f.Name, n, k.Name, f.RefKind)
					}
				}
			}
		}
		if f.Type == TypePersonal {
			if !slices.Contains(personalKinds, f.Personal) {
				return fmt.Errorf("field %q: personal field needs a known Personal kind", f.Name)
			}
			if f.Search {
				return fmt.Errorf("field %q: personal data may not be searchable", f.Name)
			}
		}
		if f.Min != nil && f.Max != nil && *f.Min > *f.Max {
			return fmt.Errorf("field %q: Min > Max", f.Name)
		}
		if err := f.checkTable(); err != nil {
			return err
		}
	}
	if f, ok := fields[k.TitleField]; !ok || f.Step != "" || f.Type == TypeTable {
		return fmt.Errorf("TitleField %q is not a form field", k.TitleField)
	}
	if k.YearField != "" {
		f, ok := fields[k.YearField]
		if !ok || (f.Type != TypeDate && f.Type != TypeInteger) {
			return fmt.Errorf("YearField %q is not a date or integer field", k.YearField)
		}
	}
	for _, ro := range append(slices.Clone(k.CreateRoles), k.EditRoles...) {
		if !ro.Valid() {
			return fmt.Errorf("unknown role %q", ro)
		}
	}
	if err := k.checkWorkflow(fields); err != nil {
		return err
	}
	if err := k.checkPublish(fields); err != nil {
		return err
	}
	if err := k.checkTallies(fields); err != nil {
		return err
	}
	if err := k.checkSettings(r); err != nil {
		return err
	}
	if err := k.checkDerived(); err != nil {
		return err
	}
	return k.checkPeriods(fields)
}

func (k *Kind) checkTallies(fields map[string]*Field) error {
	for _, t := range k.Tallies {
		f := fields[t.Table]
		if t.Name == "" || t.Label == "" || f == nil || f.Type != TypeTable {
			return fmt.Errorf("tally %q: needs a name, a label and a table field", t.Name)
		}
		col := func(n string) bool { return slices.ContainsFunc(f.Columns, func(c Field) bool { return c.Name == n }) }
		for _, c := range append(slices.Clone(t.Key), t.Sum) {
			if !col(c) {
				return fmt.Errorf("tally %q: %q is not a column of %s", t.Name, c, t.Table)
			}
		}
		if t.Group != "" && !col(t.Group) {
			return fmt.Errorf("tally %q: group %q is not a column of %s", t.Name, t.Group, t.Table)
		}
		if t.Default != "" && fields[t.Default] == nil {
			return fmt.Errorf("tally %q: default field %q unknown", t.Name, t.Default)
		}
		for _, s := range t.Minimums {
			if st := k.Setting(s); st == nil || st.Type != SettingInt {
				return fmt.Errorf("tally %q: minimum %q is not an integer setting of the kind", t.Name, s)
			}
		}
	}
	return nil
}

func (k *Kind) checkPublish(fields map[string]*Field) error {
	public := slices.ContainsFunc(k.Workflow.States, func(s State) bool { return s.Public })
	if (k.Publish != nil) != public {
		return fmt.Errorf("Publish and Public states go together")
	}
	if k.Publish == nil {
		return nil
	}
	if f := fields[k.Publish.DateField]; f == nil || f.Type != TypeDate {
		return fmt.Errorf("Publish.DateField %q is not a date field", k.Publish.DateField)
	}
	for _, n := range k.Publish.Fields {
		f := fields[n]
		if f == nil {
			return fmt.Errorf("Publish.Fields: unknown field %q", n)
		}
		if f.Type == TypePersonal {
			return fmt.Errorf("Publish.Fields: personal field %q may not be published", n)
		}
		if f.Type == TypeTable {
			return fmt.Errorf("Publish.Fields: table %q may not be published (its rows name people; the public pages show no rows)", n)
		}
	}
	return nil
}

func (k *Kind) checkWorkflow(fields map[string]*Field) error {
	w := k.Workflow
	if len(w.States) == 0 {
		return fmt.Errorf("workflow has no states")
	}
	states := map[string]State{}
	for _, s := range w.States {
		if s.Name == "" || s.Label == "" {
			return fmt.Errorf("state without name or label")
		}
		if _, dup := states[s.Name]; dup {
			return fmt.Errorf("state %q declared twice", s.Name)
		}
		states[s.Name] = s
	}
	events := map[string]bool{}
	for _, t := range w.Transitions {
		if t.Event == "" || t.Label == "" {
			return fmt.Errorf("transition without event or label")
		}
		if events[t.Event] {
			return fmt.Errorf("transition %q declared twice", t.Event)
		}
		events[t.Event] = true
		if len(t.From) == 0 {
			return fmt.Errorf("transition %q: no From states", t.Event)
		}
		for _, s := range t.From {
			st, ok := states[s]
			if !ok {
				return fmt.Errorf("transition %q: unknown From state %q", t.Event, s)
			}
			if st.Final {
				return fmt.Errorf("transition %q: leaves final state %q", t.Event, s)
			}
		}
		if _, ok := states[t.To]; !ok {
			return fmt.Errorf("transition %q: unknown To state %q", t.Event, t.To)
		}
		if len(t.Roles) == 0 {
			return fmt.Errorf("transition %q: no roles", t.Event)
		}
		for _, ro := range t.Roles {
			if !ro.Valid() {
				return fmt.Errorf("transition %q: unknown role %q", t.Event, ro)
			}
		}
		for _, n := range t.Fields {
			if f, ok := fields[n]; !ok || f.Step != t.Event {
				return fmt.Errorf("transition %q: field %q is not a field with Step %q", t.Event, n, t.Event)
			}
		}
	}
	for _, f := range k.Fields {
		if f.Step != "" && !events[f.Step] {
			return fmt.Errorf("field %q: Step %q is not a transition", f.Name, f.Step)
		}
	}
	return nil
}

func (k *Kind) checkPeriods(fields map[string]*Field) error {
	names := map[string]bool{}
	for _, p := range k.Periods {
		if p.Name == "" || p.Label == "" {
			return fmt.Errorf("period without name or label")
		}
		if names[p.Name] {
			return fmt.Errorf("period %q declared twice", p.Name)
		}
		names[p.Name] = true
		if p.Type != Deadline && p.Type != Minimum {
			return fmt.Errorf("period %q: unknown type %q", p.Name, p.Type)
		}
		if (p.StartField == "") == (p.StartEvent == "") {
			return fmt.Errorf("period %q: exactly one of StartField and StartEvent must be set", p.Name)
		}
		if p.StartField != "" {
			if f, ok := fields[p.StartField]; !ok || f.Type != TypeDate {
				return fmt.Errorf("period %q: StartField %q is not a date field", p.Name, p.StartField)
			}
		}
		if p.StartEvent != "" && k.Transition(p.StartEvent) == nil {
			return fmt.Errorf("period %q: unknown StartEvent %q", p.Name, p.StartEvent)
		}
		for _, e := range p.StopEvents {
			if k.Transition(e) == nil {
				return fmt.Errorf("period %q: unknown StopEvent %q", p.Name, e)
			}
		}
		if p.Type == Minimum && len(p.Guards) == 0 {
			return fmt.Errorf("period %q: a minimum period must guard a transition", p.Name)
		}
		for _, e := range p.Guards {
			if k.Transition(e) == nil {
				return fmt.Errorf("period %q: unknown guarded event %q", p.Name, e)
			}
		}
		if p.Days < 0 || p.Days == 0 && p.DaysSetting == "" && p.MonthsSetting == "" && p.Months == 0 && p.Years == 0 && p.UntilField == "" {
			return fmt.Errorf("period %q: Days must be positive (or DaysSetting, MonthsSetting, Months, Years or UntilField set)", p.Name)
		}
		if err := k.checkPeriodV2(&p, fields); err != nil {
			return fmt.Errorf("period %q: %w", p.Name, err)
		}
		if p.Counting != calendar.CalendarDays && p.Counting != calendar.WorkingDays {
			return fmt.Errorf("period %q: unknown counting %q", p.Name, p.Counting)
		}
		if p.Basis == "" {
			return fmt.Errorf("period %q: legal basis required", p.Name)
		}
		if p.DaysField != "" {
			if f, ok := fields[p.DaysField]; !ok || f.Type != TypeInteger {
				return fmt.Errorf("period %q: DaysField %q is not an integer field", p.Name, p.DaysField)
			}
		}
		if p.ReasonField != "" {
			if _, ok := fields[p.ReasonField]; !ok {
				return fmt.Errorf("period %q: unknown ReasonField %q", p.Name, p.ReasonField)
			}
		}
		if p.StopField != "" {
			if f, ok := fields[p.StopField]; !ok || f.Type != TypeDate {
				return fmt.Errorf("period %q: StopField %q is not a date field", p.Name, p.StopField)
			}
		}
		if p.EndField != "" {
			if f, ok := fields[p.EndField]; !ok || f.Type != TypeDate {
				return fmt.Errorf("period %q: EndField %q is not a date field", p.Name, p.EndField)
			}
		}
	}
	return nil
}

// hasRole reports whether held and allowed share a role.
func hasRole(held, allowed []access.Role) bool {
	for _, r := range held {
		if slices.Contains(allowed, r) {
			return true
		}
	}
	return false
}

// checkDerived validates computed and register fields and the transitions
// that issue register numbers or are taken on a due date.
func (k *Kind) checkDerived() error {
	for i := range k.Fields {
		f := &k.Fields[i]
		if !f.Derived() {
			continue
		}
		if n := btoi(f.Compute != nil) + btoi(f.ComputeIn != nil) + btoi(f.Register != ""); n > 1 {
			return fmt.Errorf("field %q: only one of Compute, ComputeIn and Register", f.Name)
		}
		if f.Required || f.Step != "" {
			return fmt.Errorf("field %q: a derived field is neither Required nor filled at a Step", f.Name)
		}
		if f.Register != "" {
			if s := k.Setting(f.Register); s == nil || s.Type != SettingPattern {
				return fmt.Errorf("field %q: Register %q is not a pattern setting of the kind", f.Name, f.Register)
			}
			if f.Type != TypeText {
				return fmt.Errorf("field %q: a register field is text", f.Name)
			}
		}
	}
	for _, t := range k.Workflow.Transitions {
		if t.Register != "" {
			if f := k.Field(t.Register); f == nil || f.Register == "" {
				return fmt.Errorf("transition %q: Register %q is not a register field", t.Event, t.Register)
			}
		}
		if t.OnDue != "" {
			p := k.period(t.OnDue)
			if p == nil || p.Type != Deadline {
				return fmt.Errorf("transition %q: OnDue %q is not a deadline period", t.Event, t.OnDue)
			}
		}
	}
	return nil
}

func (k *Kind) checkPeriodV2(p *Period, fields map[string]*Field) error {
	if p.DaysSetting != "" {
		if s := k.Setting(p.DaysSetting); s == nil || s.Type != SettingInt {
			return fmt.Errorf("DaysSetting %q is not an integer setting of the kind", p.DaysSetting)
		}
	}
	if p.MonthsSetting != "" {
		if s := k.Setting(p.MonthsSetting); s == nil || s.Type != SettingInt {
			return fmt.Errorf("MonthsSetting %q is not an integer setting of the kind", p.MonthsSetting)
		}
		if p.Months != 0 || p.Years != 0 || p.DaysSetting != "" {
			return fmt.Errorf("MonthsSetting replaces Months and Years and goes without DaysSetting")
		}
	}
	if p.Months < 0 || p.Years < 0 || p.RemindDays < 0 || p.RemindMonths < 0 || p.MaxExtendDays < 0 {
		return fmt.Errorf("negative Months, Years, RemindDays, RemindMonths or MaxExtendDays")
	}
	if p.UntilField != "" {
		if f, ok := fields[p.UntilField]; !ok || f.Type != TypeDate {
			return fmt.Errorf("UntilField %q is not a date field", p.UntilField)
		}
		if p.StartField == "" {
			return fmt.Errorf("a period with UntilField starts from a StartField")
		}
	}
	if p.MaxExtendDays > 0 && len(p.ExtendRoles) == 0 {
		return fmt.Errorf("MaxExtendDays without ExtendRoles (who approves an extension)")
	}
	for _, ro := range p.ExtendRoles {
		if !ro.Valid() {
			return fmt.Errorf("unknown ExtendRoles role %q", ro)
		}
	}
	return nil
}

// DueTransitions maps each period named by a transition's OnDue to that
// transition's event.
func (k *Kind) DueTransitions() map[string]string {
	out := map[string]string{}
	for _, t := range k.Workflow.Transitions {
		if t.OnDue != "" {
			out[t.OnDue] = t.Event
		}
	}
	return out
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}
