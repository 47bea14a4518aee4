package ledger_test

import (
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// replyKind answers within months read from a unit's setting.
func replyKind() *ledger.Kind {
	return &ledger.Kind{
		Name: "reply", Label: "答复", TitleField: "title",
		CreateRoles: clerk, EditRoles: clerk,
		Settings: []ledger.Setting{{Name: "reply_months", Label: "答复期限（月）", Type: ledger.SettingInt, Default: "3", Basis: "本地规定", Min: intp(0), Max: intp(12)}},
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true},
			{Name: "assigned", Label: "交办日期", Type: ledger.TypeDate},
			{Name: "dept", Label: "科室", Type: ledger.TypeText},
			{Name: "next", Label: "下一件", Type: ledger.TypeReference, RefKind: "reply",
				Bind: &ledger.Binding{Back: "prev", Copy: []string{"dept"}, Link: "转下一件"}},
			{Name: "prev", Label: "上一件", Type: ledger.TypeReference, RefKind: "reply"},
		},
		Workflow: ledger.Workflow{
			States:      []ledger.State{{Name: "open", Label: "办理中", Editable: true}, {Name: "done", Label: "已答复", Final: true}},
			Transitions: []ledger.Transition{{Event: "reply", Label: "答复", From: []string{"open"}, To: "done", Roles: clerk}},
		},
		Periods: []ledger.Period{{Name: "limit", Label: "答复期限", Type: ledger.Deadline, StartField: "assigned",
			StopEvents: []string{"reply"}, MonthsSetting: "reply_months", Counting: calendar.CalendarDays, Basis: "本地规定"}},
	}
}

// MonthsSetting: the months come from the unit's setting (the default
// otherwise), a clock keeps the months it was computed with, 0 turns the
// period off, and a month ending on a rest day ends on the next working day.
func TestPeriod_MonthsSetting(t *testing.T) {
	k := replyKind()
	if _, err := ledger.NewRegistry(k); err != nil {
		t.Fatal(err)
	}
	r := &ledger.Record{Kind: "reply", Data: ledger.Values{"title": "x", "assigned": "2025-07-01"}}
	cal := calendar.Builtin()
	for set, want := range map[string]string{"": "2025-10-09", "2": "2025-09-01", "0": ""} {
		var sv ledger.SettingValues
		if set != "" {
			sv = ledger.SettingValues{"reply_months": set}
		}
		cs, err := k.StartClocksIn(r, cal, sv)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case want == "" && len(cs) != 0:
			t.Errorf("setting 0: clock started %+v", cs)
		case want != "" && (len(cs) != 1 || cs[0].Due.String() != want || cs[0].Setting != "reply_months"):
			t.Errorf("setting %q: clocks %+v, want due %s", set, cs, want)
		}
	}
	cs, _ := k.StartClocksIn(r, cal, ledger.SettingValues{"reply_months": "2"})
	r.Data["assigned"] = "2025-07-02" // a corrected date, after the unit's rule changed
	again, err := k.ReconcileClocksIn(r, cs, cal, ledger.SettingValues{"reply_months": "4"})
	if err != nil || again[0].Months != 2 || again[0].Due.String() != "2025-09-02" {
		t.Errorf("a clock re-read after the setting changed: %+v %v", again, err)
	}
}

func TestRegistry_MonthsSettingAndBindCopyChecked(t *testing.T) {
	bad := replyKind()
	bad.Periods[0].MonthsSetting = "nope"
	if _, err := ledger.NewRegistry(bad); err == nil || !strings.Contains(err.Error(), "MonthsSetting") {
		t.Errorf("unknown MonthsSetting: %v", err)
	}
	both := replyKind()
	both.Periods[0].Months = 1
	if _, err := ledger.NewRegistry(both); err == nil {
		t.Error("MonthsSetting with Months accepted")
	}
	cp := replyKind()
	cp.Fields[3].Bind.Copy = []string{"missing"}
	if _, err := ledger.NewRegistry(cp); err == nil || !strings.Contains(err.Error(), "Bind.Copy") {
		t.Errorf("Copy of an unknown field: %v", err)
	}
}
