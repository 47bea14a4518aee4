package ledger

import (
	"slices"
	"strconv"
)

// Field returns the field named name, or nil.
func (k *Kind) Field(name string) *Field {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i]
		}
	}
	return nil
}

// FormFields are the fields of the create/edit form (Step empty), in
// declaration order.
func (k *Kind) FormFields() []*Field {
	var out []*Field
	for i := range k.Fields {
		if k.Fields[i].Step == "" && !k.Fields[i].Derived() {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

// StepFields are the fields filled in when t is taken, in declaration order.
func (t Transition) StepFields(k *Kind) []*Field {
	var out []*Field
	for i := range k.Fields {
		if k.Fields[i].Step == t.Event && t.Event != "" {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

// ListFields are the fields shown as list columns.
func (k *Kind) ListFields() []*Field {
	var out []*Field
	for i := range k.Fields {
		if k.Fields[i].List {
			out = append(out, &k.Fields[i])
		}
	}
	return out
}

// TitleOf is the record title for data: the TitleField's value.
func (k *Kind) TitleOf(data Values) string { return data[k.TitleField] }

// YearOf is the reporting year of data: the year of the YearField date, or
// its integer value; 0 when unset.
func (k *Kind) YearOf(data Values) int {
	f := k.Field(k.YearField)
	if f == nil {
		return 0
	}
	if f.Type == TypeDate {
		if d, ok := data.Date(f.Name); ok {
			return d.Year
		}
		return 0
	}
	n, _ := strconv.Atoi(data[f.Name])
	return n
}

// Description is a kind's declaration as plain data, for the JSON API.
type Description struct {
	Name        string                  `json:"name"`
	Label       string                  `json:"label"`
	Description string                  `json:"description,omitempty"`
	TitleField  string                  `json:"title_field"`
	YearField   string                  `json:"year_field,omitempty"`
	CreateRoles []string                `json:"create_roles"`
	EditRoles   []string                `json:"edit_roles"`
	Fields      []FieldDescription      `json:"fields"`
	States      []StateDescription      `json:"states"`
	Transitions []TransitionDescription `json:"transitions"`
	Periods     []PeriodDescription     `json:"periods"`
}

// FieldDescription describes one field.
type FieldDescription struct {
	Name     string   `json:"name"`
	Label    string   `json:"label"`
	Type     string   `json:"type"`
	Required bool     `json:"required"`
	Help     string   `json:"help,omitempty"`
	Options  []string `json:"options,omitempty"`
	RefKind  string   `json:"ref_kind,omitempty"`
	RefKinds []string `json:"ref_kinds,omitempty"` // a reference to a record of one of several kinds
	Personal string   `json:"personal,omitempty"`
	MaxLen   int      `json:"max_len,omitempty"`
	Min      *int     `json:"min,omitempty"`
	Max      *int     `json:"max,omitempty"`
	List     bool     `json:"list,omitempty"`
	Filter   bool     `json:"filter,omitempty"`
	Search   bool     `json:"search,omitempty"`
	Step     string   `json:"step,omitempty"`
	// BindBack is the referenced kind's field that must name this record.
	BindBack string `json:"bind_back,omitempty"`
	// Future: a date that may lie ahead (a plan, deadline or expiry).
	Future bool `json:"future,omitempty"`
	// Columns of a table field; its value is a JSON array of objects
	// (column name → string value). MinRows and MaxRows bound its rows.
	Columns []FieldDescription `json:"columns,omitempty"`
	MinRows int                `json:"min_rows,omitempty"`
	MaxRows int                `json:"max_rows,omitempty"`
}

// StateDescription describes one state.
type StateDescription struct {
	Name     string `json:"name"`
	Label    string `json:"label"`
	Editable bool   `json:"editable,omitempty"`
	Final    bool   `json:"final,omitempty"`
	Abandon  bool   `json:"abandon,omitempty"`
	Public   bool   `json:"public,omitempty"`
	Returned bool   `json:"returned,omitempty"`
}

// TransitionDescription describes one transition.
type TransitionDescription struct {
	Event  string   `json:"event"`
	Label  string   `json:"label"`
	From   []string `json:"from"`
	To     string   `json:"to"`
	Roles  []string `json:"roles"`
	Fields []string `json:"fields,omitempty"`
}

// PeriodDescription describes one period.
type PeriodDescription struct {
	Name        string   `json:"name"`
	Label       string   `json:"label"`
	Type        string   `json:"type"`
	StartField  string   `json:"start_field,omitempty"`
	StartEvent  string   `json:"start_event,omitempty"`
	StopEvents  []string `json:"stop_events,omitempty"`
	StopField   string   `json:"stop_field,omitempty"`
	Guards      []string `json:"guards,omitempty"`
	Days        int      `json:"days"`
	Counting    string   `json:"counting"`
	Basis       string   `json:"basis"`
	DaysField   string   `json:"days_field,omitempty"`
	ReasonField string   `json:"reason_field,omitempty"`
	EndField    string   `json:"end_field,omitempty"`
}

// Describe returns the declaration of k as plain data.
func (k *Kind) Describe() Description {
	d := Description{Name: k.Name, Label: k.Label, Description: k.Description,
		TitleField: k.TitleField, YearField: k.YearField,
		CreateRoles: roleNames(k.CreateRoles), EditRoles: roleNames(k.EditRoles),
		Fields: []FieldDescription{}, States: []StateDescription{},
		Transitions: []TransitionDescription{}, Periods: []PeriodDescription{}}
	for i := range k.Fields {
		d.Fields = append(d.Fields, k.Fields[i].describe())
	}
	for _, s := range k.Workflow.States {
		d.States = append(d.States, StateDescription(s))
	}
	for _, t := range k.Workflow.Transitions {
		td := TransitionDescription{Event: t.Event, Label: t.Label, From: slices.Clone(t.From), To: t.To,
			Roles: roleNames(t.Roles)}
		for _, f := range t.StepFields(k) {
			td.Fields = append(td.Fields, f.Name)
		}
		d.Transitions = append(d.Transitions, td)
	}
	for _, p := range k.Periods {
		d.Periods = append(d.Periods, PeriodDescription{Name: p.Name, Label: p.Label, Type: string(p.Type),
			StartField: p.StartField, StartEvent: p.StartEvent, StopEvents: slices.Clone(p.StopEvents), StopField: p.StopField,
			Guards: slices.Clone(p.Guards), Days: p.Days, Counting: string(p.Counting), Basis: p.Basis,
			DaysField: p.DaysField, ReasonField: p.ReasonField, EndField: p.EndField})
	}
	return d
}

func (f *Field) describe() FieldDescription {
	fd := FieldDescription{Name: f.Name, Label: f.Label, Type: string(f.Type), Required: f.Required,
		Help: f.Help, Options: slices.Clone(f.Options), RefKind: f.RefKind, RefKinds: slices.Clone(f.RefKinds), Personal: string(f.Personal),
		Min: f.Min, Max: f.Max, List: f.List, Filter: f.Filter, Search: f.Search, Step: f.Step}
	if f.Type == TypeText || f.Type == TypeLongText {
		fd.MaxLen = f.maxLen()
	}
	if f.Bind != nil {
		fd.BindBack = f.Bind.Back
	}
	fd.Future = f.Type == TypeDate && f.Dates.Future
	if f.Type == TypeTable {
		fd.MinRows, fd.MaxRows = f.MinRows, f.RowLimit()
		for i := range f.Columns {
			fd.Columns = append(fd.Columns, f.Columns[i].describe())
		}
	}
	return fd
}

func roleNames[R ~string](rs []R) []string {
	out := make([]string, 0, len(rs))
	for _, r := range rs {
		out = append(out, string(r))
	}
	return out
}

// MaxRunes is the longest text value f accepts, in runes (the declared
// MaxLen or the engine's default); 0 for fields that are not text.
func (f *Field) MaxRunes() int {
	if f.Type != TypeText && f.Type != TypeLongText {
		return 0
	}
	return f.maxLen()
}
