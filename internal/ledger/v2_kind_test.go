package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// docKind is a normative-document-like kind that uses every v2 shape: a
// filing period whose days are a setting, a register number issued at issue,
// a computed 有效期至, a validity period ending on it with a reminder 6
// months ahead and expiry by date, and a handling deadline whose extension is
// capped and approved by the head.
func docKind() *ledger.Kind {
	return &ledger.Kind{
		Name: "doc", Label: "文件", TitleField: "title",
		CreateRoles: clerk, EditRoles: clerk,
		Settings: []ledger.Setting{
			{Name: "filing_days", Label: "备案期限（日）", Type: ledger.SettingInt, Default: "30", Basis: "本省规定", Min: intp(1), Max: intp(90)},
			{Name: "unit_code", Label: "代字", Type: ledger.SettingText, Basis: "本单位发文代字"},
			{Name: "doc_no_pattern", Label: "文件编号格式", Type: ledger.SettingPattern, Default: "{代字}规〔{年}〕{序号}号", Basis: "公文格式"},
		},
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true},
			{Name: "received", Label: "收到日期", Type: ledger.TypeDate},
			{Name: "issue_date", Label: "印发日期", Type: ledger.TypeDate, Step: "issue"},
			{Name: "years", Label: "有效期（年）", Type: ledger.TypeInteger, Min: intp(1), Max: intp(5)},
			{Name: "doc_no", Label: "文件编号", Type: ledger.TypeText, Register: "doc_no_pattern", List: true},
			{Name: "valid_until", Label: "有效期至", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true},
				Compute: func(r *ledger.Record) string {
					n, _ := r.Data.Int("years")
					if n == 0 {
						return ""
					}
					return ledger.AddYears(r, "issue_date", n)
				}},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{{Name: "draft", Label: "起草", Editable: true}, {Name: "in_force", Label: "有效"},
				{Name: "expired", Label: "失效", Final: true}},
			Transitions: []ledger.Transition{
				{Event: "issue", Label: "印发", From: []string{"draft"}, To: "in_force", Roles: clerk, Register: "doc_no"},
				{Event: "expire", Label: "失效", From: []string{"in_force"}, To: "expired", Roles: head, OnDue: "validity"},
				{Event: "file", Label: "报送备案", From: []string{"in_force"}, To: "in_force", Roles: clerk},
			},
		},
		Periods: []ledger.Period{
			{Name: "filing", Label: "备案期限", Type: ledger.Deadline, StartField: "issue_date", StopEvents: []string{"file"},
				DaysSetting: "filing_days", Counting: calendar.CalendarDays, Basis: "本省规定"},
			{Name: "validity", Label: "有效期", Type: ledger.Deadline, StartField: "issue_date", UntilField: "valid_until",
				RemindMonths: 6, Counting: calendar.CalendarDays, Basis: "有效期制度"},
			{Name: "handle", Label: "办理期限", Type: ledger.Deadline, StartField: "received", StopEvents: []string{"issue"},
				Months: 1, Counting: calendar.CalendarDays, Basis: "本地规则", MaxExtendDays: 30, ExtendRoles: head},
		},
	}
}

func docRegistry(t *testing.T) *ledger.Kind {
	t.Helper()
	k := docKind()
	if _, err := ledger.NewRegistry(k); err != nil {
		t.Fatal(err)
	}
	return k
}

func TestComputedField_DerivedNeverTyped(t *testing.T) {
	k := docRegistry(t)
	_, errs := k.NormalizeOn(ledger.Values{"title": "x", "valid_until": "2030-01-01", "doc_no": "甲规〔2025〕1号"}, nil, d("2025-06-01"))
	if !strings.Contains(errs["valid_until"], "自动计算") || !strings.Contains(errs["doc_no"], "自动编号") {
		t.Fatalf("typed derived fields: %v", errs)
	}
	for _, f := range k.FormFields() {
		if f.Derived() {
			t.Errorf("derived field %s offered on the form", f.Name)
		}
	}
	// 有效期至 = 印发日期 + N years, the last day of February for 2月29日.
	r := &ledger.Record{ID: 1, Kind: "doc", State: "draft", Data: ledger.Values{"title": "x", "years": "1"}}
	out, err := k.Apply(&ledger.GuardContext{Record: r, Event: "issue", Input: ledger.Values{"issue_date": "2024-02-29"},
		Today: d("2024-03-01"), Calendar: cal}, clerk)
	if err != nil {
		t.Fatal(err)
	}
	if out.Data["valid_until"] != "2025-02-28" {
		t.Fatalf("valid_until = %q", out.Data["valid_until"])
	}
	var validity ledger.Clock
	for _, c := range out.Clocks {
		if c.Period == "validity" {
			validity = c
		}
	}
	// The validity period ends on the computed date; the reminder is due
	// six months before.
	if validity.Due != d("2025-02-28") || validity.RemindOn != d("2024-08-28") {
		t.Fatalf("validity clock = %+v", validity)
	}
	if !validity.Reminding(d("2024-09-01")) || validity.Reminding(d("2024-08-27")) {
		t.Error("reminder window wrong")
	}
}

func TestPeriod_DaysFromSetting_KeptByTheClock(t *testing.T) {
	k := docRegistry(t)
	r := &ledger.Record{ID: 1, Kind: "doc", State: "draft", Data: ledger.Values{"title": "x"}}
	g := &ledger.GuardContext{Record: r, Event: "issue", Input: ledger.Values{"issue_date": "2025-03-03"},
		Today: d("2025-03-03"), Calendar: cal, Settings: ledger.SettingValues{"filing_days": "15"}}
	out, err := k.Apply(g, clerk)
	if err != nil {
		t.Fatal(err)
	}
	filing := out.Clocks[0]
	if filing.Period != "filing" || filing.Days != 15 || filing.Setting != "filing_days" || filing.Due != d("2025-03-18") {
		t.Fatalf("filing clock = %+v", filing)
	}
	// Without an override the default (30 days) applies.
	g.Settings = nil
	out, _ = k.Apply(g, clerk)
	if out.Clocks[0].Days != 30 {
		t.Fatalf("default days = %d", out.Clocks[0].Days)
	}
	// The guard context reads settings with their defaults.
	g.Kind = k
	if g.Setting("filing_days") != "30" || g.Setting("doc_no_pattern") != "{代字}规〔{年}〕{序号}号" {
		t.Error("GuardContext.Setting defaults")
	}
}

func TestSetting_ReconcileKeepsTheValueTheClockWasComputedWith(t *testing.T) {
	k := docKind()
	k.Periods[0].StartField, k.Periods[0].StopEvents = "received", nil
	if _, err := ledger.NewRegistry(k); err != nil {
		t.Fatal(err)
	}
	r := &ledger.Record{ID: 1, Kind: "doc", State: "draft", Data: ledger.Values{"title": "x", "received": "2025-03-03"}}
	cs, err := k.StartClocksIn(r, cal, ledger.SettingValues{"filing_days": "10"})
	if err != nil {
		t.Fatal(err)
	}
	r.Data["received"] = "2025-03-04"
	cs, err = k.ReconcileClocksIn(r, cs, cal, ledger.SettingValues{"filing_days": "60"})
	if err != nil {
		t.Fatal(err)
	}
	if cs[0].Days != 10 || cs[0].Due != d("2025-03-14") {
		t.Fatalf("reconciled = %+v", cs[0])
	}
}

func TestPeriod_MonthsCountToTheCorrespondingDay(t *testing.T) {
	k := docRegistry(t)
	for _, c := range []struct{ received, due string }{
		{"2025-01-31", "2025-02-28"}, // no 31 February
		{"2024-01-31", "2024-02-29"},
		{"2025-09-01", "2025-10-09"}, // 1 October falls in the National Day holiday → next working day
	} {
		r := &ledger.Record{ID: 1, Kind: "doc", State: "draft", Data: ledger.Values{"title": "x", "received": c.received}}
		cs, err := k.StartClocks(r, cal)
		if err != nil || len(cs) != 1 || cs[0].Due != d(c.due) {
			t.Errorf("received %s: %+v %v, want %s", c.received, cs, err, c.due)
		}
	}
}

func TestExtension_CapAndApprover(t *testing.T) {
	k := docRegistry(t)
	r := &ledger.Record{ID: 1, Kind: "doc", State: "draft", Data: ledger.Values{"title": "x", "received": "2025-03-03"}}
	cs, _ := k.StartClocks(r, cal)
	c := cs[0]
	ext := func(days int) ledger.ClockAdjustment {
		return ledger.ClockAdjustment{Action: "extend", Days: days, On: d("2025-03-10"), Reason: "情况复杂", Basis: "本地规则"}
	}
	if _, err := k.AdjustClock(c, ext(10), cal, clerk); !errors.Is(err, ledger.ErrRole) || !strings.Contains(err.Error(), "负责人") {
		t.Fatalf("clerk extends: %v", err)
	}
	c, err := k.AdjustClock(c, ext(20), cal, head)
	if err != nil {
		t.Fatal(err)
	}
	var fe ledger.FieldErrors
	if _, err := k.AdjustClock(c, ext(11), cal, head); !errors.As(err, &fe) || !strings.Contains(fe["days"], "还可延长10日") {
		t.Fatalf("past the cap: %v", err)
	}
	if _, err := k.AdjustClock(c, ext(10), cal, head); err != nil {
		t.Fatalf("up to the cap: %v", err)
	}
	// A period without a cap cannot be extended at all.
	k.Periods[2].MaxExtendDays = 0
	if _, err := k.AdjustClock(cs[0], ext(1), cal, head); !errors.As(err, &fe) || !strings.Contains(fe["action"], "不得延长") {
		t.Fatalf("uncapped period extended: %v", err)
	}
}

func TestLate_StoppedAfterDueReadsLate(t *testing.T) {
	c := ledger.Clock{Type: ledger.Deadline, Status: ledger.ClockStopped, Start: d("2025-03-01"), Due: d("2025-03-31"), StoppedOn: d("2025-04-03")}
	if c.LateDays() != 3 || c.LateNote() != "逾期3日办结" {
		t.Fatalf("late = %d %q", c.LateDays(), c.LateNote())
	}
	c.StoppedOn = d("2025-03-31")
	if c.LateNote() != "" {
		t.Fatalf("met on the due day reads %q", c.LateNote())
	}
}

func TestRegisterNumber_FromPatternAndUnitCode(t *testing.T) {
	k := docRegistry(t)
	f := k.Field("doc_no")
	got, err := k.RegisterNumber(f, 2025, 7, ledger.SettingValues{"unit_code": "青府"})
	if err != nil || got != "青府规〔2025〕7号" {
		t.Fatalf("number = %q %v", got, err)
	}
	var re *ledger.RuleError
	if _, err := k.RegisterNumber(f, 2025, 1, nil); !errors.As(err, &re) || !strings.Contains(re.Reason, "「代字」") {
		t.Fatalf("no 代字: %v", err)
	}
	s := k.Setting("doc_no_pattern")
	if _, msg := s.Normalize("{代字}〔{年}〕号"); !strings.Contains(msg, "{序号}") {
		t.Errorf("pattern without a number accepted: %q", msg)
	}
	if _, msg := k.Setting("filing_days").Normalize("120"); !strings.Contains(msg, "1至90") {
		t.Errorf("out-of-range setting: %q", msg)
	}
}

func TestRegistry_RefusesBadV2Declarations(t *testing.T) {
	for name, mend := range map[string]func(k *ledger.Kind){
		"days setting unknown":   func(k *ledger.Kind) { k.Periods[0].DaysSetting = "nope" },
		"cap without approver":   func(k *ledger.Kind) { k.Periods[2].ExtendRoles = nil },
		"register not a pattern": func(k *ledger.Kind) { k.Fields[4].Register = "unit_code" },
		"required derived":       func(k *ledger.Kind) { k.Fields[5].Required = true },
		"on due not a period":    func(k *ledger.Kind) { k.Workflow.Transitions[1].OnDue = "x" },
		"setting without basis":  func(k *ledger.Kind) { k.Settings[0].Basis = "" },
	} {
		k := docKind()
		mend(k)
		if _, err := ledger.NewRegistry(k); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if got := docKind().DueTransitions(); got["validity"] != "expire" {
		t.Errorf("DueTransitions = %v", got)
	}
	_ = access.RoleHead
}
