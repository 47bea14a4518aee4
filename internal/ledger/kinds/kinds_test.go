package kinds_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

var (
	cal     = calendar.Builtin()
	clerk   = []access.Role{access.RoleClerk}
	head    = []access.Role{access.RoleHead}
	adviser = []access.Role{access.RoleAdviser}
	review  = []access.Role{access.RoleReviewer}
)

func d(s string) calendar.Date {
	dt, err := calendar.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return dt
}

func TestRegistry_AllKindsAreValid(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	if len(reg.Kinds()) != len(kinds.All()) {
		t.Fatalf("%d kinds registered, want %d", len(reg.Kinds()), len(kinds.All()))
	}
	for _, name := range []string{kinds.LegalityReviewKind, kinds.MajorDecisionKind, kinds.PetitionKind,
		kinds.ExamKind, kinds.PublicityEventKind, kinds.PublicityDutyKind, kinds.ModelVillageKind, kinds.VillageTalentKind,
		kinds.MediationCommitteeKind, kinds.DisputeScreeningKind, kinds.DisputeCaseKind, kinds.DisputeZeroKind,
		kinds.CorrectionKind, kinds.AftercareKind} {
		if reg.Kind(name) == nil {
			t.Errorf("kind %s not registered", name)
		}
	}
	for _, k := range reg.Kinds() {
		for _, f := range k.Fields {
			if f.Type == ledger.TypePersonal && f.Search {
				t.Errorf("%s.%s: personal data searchable", k.Name, f.Name)
			}
		}
		if len(k.ListFields()) == 0 {
			t.Errorf("%s: no list columns", k.Name)
		}
	}
}

// links is an in-memory Linked: the records a guard may read.
type links map[int64]*ledger.Record

func (l links) Record(_ context.Context, id int64) (*ledger.Record, error) {
	if r, ok := l[id]; ok {
		return r, nil
	}
	return nil, fmt.Errorf("record %d: %w", id, ledger.ErrNotFound)
}

// machine drives one record through its workflow as the store would: it
// applies each outcome to the record and keeps the clocks.
type machine struct {
	t      *testing.T
	k      *ledger.Kind
	r      *ledger.Record
	clocks []ledger.Clock
	links  ledger.Linked
	find   ledger.Finder // nil where a kind's guards find nothing
	cal    ledger.Calendar
	set    ledger.SettingValues // the unit's settings (nil: defaults)
	// actor is who acts: by default a user of the county above the
	// record's unit (guards that depend on the place read it).
	actor ledger.Actor
}

func newMachine(t *testing.T, k *ledger.Kind, id int64, form ledger.Values, l ledger.Linked) *machine {
	t.Helper()
	return newMachineOn(t, k, id, form, l, cal)
}

// newMachineOn is newMachine with its own working-day calendar.
func newMachineOn(t *testing.T, k *ledger.Kind, id int64, form ledger.Values, l ledger.Linked, cal ledger.Calendar) *machine {
	t.Helper()
	data, errs := k.Normalize(form, nil)
	if errs != nil {
		t.Fatalf("create %s: %v", k.Name, errs)
	}
	r := &ledger.Record{ID: id, Kind: k.Name, State: k.Initial(), Data: data}
	clocks, err := k.StartClocks(r, cal)
	if err != nil {
		t.Fatal(err)
	}
	return &machine{t: t, k: k, r: r, clocks: clocks, links: l, cal: cal, actor: countyAbove}
}

// countyAbove is a user of the county above the record's township.
var countyAbove = ledger.Actor{UnitID: 1, Level: access.LevelCounty, Relation: ledger.AboveUnit}

// try takes event on day today and applies the outcome when it succeeds.
func (m *machine) try(event string, input ledger.Values, today string, roles []access.Role) error {
	g := &ledger.GuardContext{Ctx: context.Background(), Record: m.r, Input: input, Event: event,
		Today: d(today), Calendar: m.cal, Links: m.links, Find: m.find, Clocks: m.clocks, Settings: m.set, Actor: m.actor}
	out, err := m.k.Apply(g, roles)
	if err != nil {
		return err
	}
	m.r.State, m.r.Data, m.clocks = out.To, out.Data, out.Clocks
	return nil
}

// must takes event and fails the test on refusal.
func (m *machine) must(event string, input ledger.Values, today string, roles []access.Role) {
	m.t.Helper()
	if err := m.try(event, input, today, roles); err != nil {
		m.t.Fatalf("%s: %v", event, err)
	}
}

func (m *machine) clock(period string) *ledger.Clock {
	for i := range m.clocks {
		if m.clocks[i].Period == period {
			return &m.clocks[i]
		}
	}
	return nil
}

// ruleErr asserts err is a *RuleError whose text contains every want.
func ruleErr(t *testing.T, err error, wants ...string) {
	t.Helper()
	var re *ledger.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("err = %v (%T), want a *ledger.RuleError", err, err)
	}
	for _, w := range wants {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("refusal %q does not contain %q", err, w)
		}
	}
}

func fieldErr(t *testing.T, err error, field, want string) {
	t.Helper()
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe[field], want) {
		t.Fatalf("err = %v, want FieldErrors[%s] containing %q", err, field, want)
	}
}

// TestReportSections: every figure placed in the annual report names a
// declared section.
func TestReportSections(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	if err := ledger.CheckReportSections(reg, kinds.ReportSections()); err != nil {
		t.Fatal(err)
	}
	placed := 0
	for _, k := range reg.Kinds() {
		for _, in := range k.Indicators {
			if in.Report != nil {
				placed++
			}
		}
	}
	if placed == 0 {
		t.Fatal("no indicator is placed in the report")
	}
}

// TestDemo_EveryKindHasAYearlyVolume: the demo generator makes records of
// every kind (issue 7: every mechanism of the reports has data to show).
func TestDemo_EveryKindHasAYearlyVolume(t *testing.T) {
	for _, k := range kinds.All() {
		if k.Demo.Volume <= 0 {
			t.Errorf("%s (%s) declares no demo volume", k.Name, k.Label)
		}
		if k.Demo.Open < 0 || k.Demo.Open > 100 || k.Demo.Late < 0 || k.Demo.Late > 100 {
			t.Errorf("%s: demo shares %d%% open, %d%% late", k.Name, k.Demo.Open, k.Demo.Late)
		}
	}
}
