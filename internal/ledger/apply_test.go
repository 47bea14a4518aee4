package ledger_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

var (
	clerk = []access.Role{access.RoleClerk}
	head  = []access.Role{access.RoleHead}
	cal   = calendar.Builtin()
)

func rec(state string, data ledger.Values) *ledger.Record {
	return &ledger.Record{ID: 7, Kind: "sample", State: state, Data: data}
}

func guardCtx(r *ledger.Record, event string, input ledger.Values, today string, clocks ...ledger.Clock) *ledger.GuardContext {
	return &ledger.GuardContext{Ctx: context.Background(), Record: r, Input: input, Event: event,
		Today: d(today), Calendar: cal, Clocks: clocks}
}

func TestAvailable_ByStateAndRole(t *testing.T) {
	k := sampleKind()
	names := func(ts []ledger.Transition) string {
		var s []string
		for _, t := range ts {
			s = append(s, t.Event)
		}
		return strings.Join(s, ",")
	}
	cases := []struct {
		state string
		roles []access.Role
		want  string
	}{
		{"new", clerk, "open"},
		{"new", head, "finish"},
		{"new", append(clerk, access.RoleHead), "open,finish"},
		{"open", head, ""},
		{"done", append(clerk, access.RoleHead), ""},
		{"new", []access.Role{access.RoleInspector}, ""},
	}
	for _, c := range cases {
		if got := names(k.Available(rec(c.state, nil), c.roles)); got != c.want {
			t.Errorf("Available(%s, %v) = %q, want %q", c.state, c.roles, got, c.want)
		}
	}
	if got := names(k.Available(nil, clerk)); got != "open" {
		t.Errorf("Available(new record) = %q", got)
	}
	if k.Initial() != "new" || k.State("open").Label != "征求意见中" || k.State("ghost") != nil {
		t.Error("Initial/State wrong")
	}
}

func TestApply_RefusesWrongStateRoleAndMissingStepFields(t *testing.T) {
	k := sampleKind()
	r := rec("new", base())
	_, err := k.Apply(guardCtx(r, "close", ledger.Values{"comment_end": "2024-05-01"}, "2024-06-01"), clerk)
	if !errors.Is(err, ledger.ErrNoTransition) || !strings.Contains(err.Error(), "「新建」") {
		t.Errorf("wrong state: %v", err)
	}
	_, err = k.Apply(guardCtx(r, "ghost", nil, "2024-06-01"), clerk)
	if !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("unknown event: %v", err)
	}
	_, err = k.Apply(guardCtx(r, "open", ledger.Values{"comment_start": "2024-03-20"}, "2024-06-01"), head)
	if !errors.Is(err, ledger.ErrRole) || !strings.Contains(err.Error(), "录入员") {
		t.Errorf("wrong role: %v", err)
	}
	_, err = k.Apply(guardCtx(r, "open", ledger.Values{"comment_start": "3月20日"}, "2024-06-01"), clerk)
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe["comment_start"], "「征求意见开始日期」格式应为") {
		t.Errorf("bad step field: %v", err)
	}
	_, err = k.Apply(guardCtx(r, "open", ledger.Values{}, "2024-06-01"), clerk)
	if !errors.As(err, &fe) || fe["comment_start"] != "请填写「征求意见开始日期」" {
		t.Errorf("missing step field: %v", err)
	}
}

func TestApply_MergesStepFieldsAndStartsEventClocks(t *testing.T) {
	k := sampleKind()
	r := rec("new", base())
	out, err := k.Apply(guardCtx(r, "open", ledger.Values{"comment_start": "2024/3/20", "title": "篡改"}, "2024-03-20"), clerk)
	if err != nil {
		t.Fatal(err)
	}
	if out.From != "new" || out.To != "open" {
		t.Errorf("From/To = %s/%s", out.From, out.To)
	}
	if out.Data["comment_start"] != "2024-03-20" || out.Data["title"] != "关于某事项的来件" {
		t.Errorf("data = %v (a form field must not change through a step)", out.Data)
	}
	if _, ok := r.Data["comment_start"]; ok || r.State != "new" {
		t.Error("Apply mutated the record")
	}
	if len(out.Clocks) != 1 || out.Clocks[0].Period != "comment" || out.Clocks[0].Due != d("2024-04-19") ||
		out.Clocks[0].Type != ledger.Minimum || out.Clocks[0].Status != ledger.ClockRunning {
		t.Errorf("comment clock = %+v, want a minimum ending 2024-04-19 (30 days after 20 March)", out.Clocks)
	}
}

// The minimum period: closing the comment before 30 days have passed is
// refused with the basis and the earliest date, unless the record documents
// a shortening.
func TestApply_MinimumPeriodRefusesEarlyCompletion(t *testing.T) {
	k := sampleKind()
	started := ledger.Clock{Period: "comment", Type: ledger.Minimum, Counting: calendar.CalendarDays, Days: 30,
		Start: d("2024-03-20"), Due: d("2024-04-19"), Status: ledger.ClockRunning}
	data := base()
	data["comment_start"] = "2024-03-20"
	cases := []struct {
		name    string
		extra   ledger.Values
		end     string
		today   string
		wantErr string // "" = allowed
	}{
		{"after 30 days", nil, "2024-04-19", "2024-04-20", ""},
		{"one day short", nil, "2024-04-18", "2024-04-20", "最早于2024年4月19日届满"},
		{"end in the future", nil, "2024-04-25", "2024-04-20", "晚于今天"},
		{"end before start", nil, "2024-03-01", "2024-04-20", "不能早于起算日期"},
		{"shortened without reason", ledger.Values{"comment_days": "10"}, "2024-03-30", "2024-04-20", "须在「缩短理由」中说明理由"},
		{"shortened with reason", ledger.Values{"comment_days": "10", "shorten_reason": "防汛紧急"}, "2024-03-30", "2024-04-20", ""},
		{"shortened but ended earlier still", ledger.Values{"comment_days": "10", "shorten_reason": "防汛紧急"}, "2024-03-29", "2024-04-20", "最早于2024年3月30日届满"},
		{"lengthened", ledger.Values{"comment_days": "40"}, "2024-04-20", "2024-05-20", "最早于2024年4月29日届满"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := rec("open", ledger.Values{})
			for n, v := range data {
				r.Data[n] = v
			}
			for n, v := range c.extra {
				r.Data[n] = v
			}
			out, err := k.Apply(guardCtx(r, "close", ledger.Values{"comment_end": c.end}, c.today, started), clerk)
			if c.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				// Dated by the end of comment, not by the day it was recorded.
				if out.Clocks[0].Status != ledger.ClockStopped || out.Clocks[0].StoppedOn != d(c.end) {
					t.Errorf("minimum clock not stopped on %s: %+v", c.end, out.Clocks[0])
				}
				return
			}
			if c.wantErr == "晚于今天" { // date sanity refuses before the period is checked
				var fe ledger.FieldErrors
				if !errors.As(err, &fe) || !strings.Contains(fe["comment_end"], c.wantErr) {
					t.Fatalf("err = %v, want a FieldErrors on comment_end containing %q", err, c.wantErr)
				}
				return
			}
			var re *ledger.RuleError
			if !errors.As(err, &re) || !strings.Contains(re.Reason, c.wantErr) {
				t.Fatalf("err = %v, want a RuleError containing %q", err, c.wantErr)
			}
			if strings.Contains(c.wantErr, "届满") && (re.Basis != commentBasis || !strings.Contains(err.Error(), commentBasis)) {
				t.Errorf("refusal does not cite the basis: %v", err)
			}
		})
	}
}

func TestApply_GuardAndFinalStateStopClocks(t *testing.T) {
	k := sampleKind()
	data := base()
	data["comment_start"] = "2024-03-20"
	data["comment_end"] = "2024-04-19"
	clocks := []ledger.Clock{
		{Period: "handle", Type: ledger.Deadline, Counting: calendar.WorkingDays, Days: 10, Start: d("2024-03-15"), Due: d("2024-03-29"), Status: ledger.ClockRunning},
		{Period: "comment", Type: ledger.Minimum, Counting: calendar.CalendarDays, Days: 30, Start: d("2024-03-20"), Due: d("2024-04-19"), Status: ledger.ClockStopped, StoppedOn: d("2024-04-19")},
		{Period: "decide", Type: ledger.Deadline, Counting: calendar.CalendarDays, Days: 15, Start: d("2024-04-19"), Due: d("2024-05-06"), Status: ledger.ClockPaused, PausedOn: d("2024-04-25")},
	}
	r := rec("closed", data)
	_, err := k.Apply(guardCtx(r, "finish", ledger.Values{"result": "办结"}, "2024-05-10", clocks...), head)
	var re *ledger.RuleError
	if !errors.As(err, &re) || re.Field != "category" || !strings.Contains(err.Error(), "《示例条例》第九条") {
		t.Fatalf("guard not applied: %v", err)
	}
	r.Data["category"] = "甲类"
	out, err := k.Apply(guardCtx(r, "finish", ledger.Values{"result": "办结"}, "2024-05-10", clocks...), head)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range out.Clocks {
		if c.Status != ledger.ClockStopped {
			t.Errorf("clock %s still %s after a final state", c.Period, c.Status)
		}
	}
	if out.Clocks[1].StoppedOn != d("2024-04-19") {
		t.Error("an already stopped clock was restamped")
	}
	if !out.Clocks[0].Late() {
		t.Error("handle clock met after its due date should be late")
	}
	if clocks[0].Status != ledger.ClockRunning {
		t.Error("Apply mutated the clocks passed in")
	}
}

func TestApply_EventStartedDeadlineRespectsApplies(t *testing.T) {
	k := sampleKind()
	for _, c := range []struct {
		category string
		want     bool
	}{{"甲类", true}, {"乙类", false}} {
		data := base()
		data["category"] = c.category
		data["comment_start"] = "2024-03-01"
		r := rec("open", data)
		out, err := k.Apply(guardCtx(r, "close", ledger.Values{"comment_end": "2024-04-05"}, "2024-04-05"), clerk)
		if err != nil {
			t.Fatal(err)
		}
		var got *ledger.Clock
		for i := range out.Clocks {
			if out.Clocks[i].Period == "decide" {
				got = &out.Clocks[i]
			}
		}
		if (got != nil) != c.want {
			t.Fatalf("%s: decide clock started = %v, want %v", c.category, got != nil, c.want)
		}
		// 2024-04-05 (清明) + 15 days = 2024-04-20, a Saturday → next working day.
		// 2024-04-28 (Sunday) is a make-up working day, but the 20th is an
		// ordinary Saturday, so the period ends on Monday 2024-04-22.
		if got != nil && (got.Start != d("2024-04-05") || got.Due != d("2024-04-22")) {
			t.Errorf("decide clock = %+v", *got)
		}
	}
}
