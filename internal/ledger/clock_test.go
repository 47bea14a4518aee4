package ledger_test

import (
	"errors"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

func TestStartClocks_WorkingDaysOverNationalDay(t *testing.T) {
	k := sampleKind()
	cases := []struct {
		received, limit, want string
	}{
		// Fri 27 Sep 2024 + 10 working days: Sun 29 Sep (make-up day), 30 Sep,
		// 8–11 Oct, Sat 12 Oct (make-up day), 14, 15, 16 Oct.
		{"2024-09-27", "", "2024-10-16"},
		// Per-record time limit from DaysField: 3 working days.
		{"2024-09-27", "3", "2024-10-08"},
		{"2024-03-15", "", "2024-03-29"},
	}
	for _, c := range cases {
		data := ledger.Values{"title": "x", "received": c.received}
		if c.limit != "" {
			data["limit_days"] = c.limit
		}
		cs, err := k.StartClocks(rec("new", data), cal)
		if err != nil {
			t.Fatal(err)
		}
		if len(cs) != 1 || cs[0].Period != "handle" || cs[0].Start != d(c.received) || cs[0].Due != d(c.want) ||
			cs[0].Status != ledger.ClockRunning || cs[0].Counting != calendar.WorkingDays {
			t.Errorf("received %s limit %q: clocks %+v, want due %s", c.received, c.limit, cs, c.want)
		}
	}
	cs, err := k.StartClocks(rec("new", ledger.Values{"title": "x"}), cal)
	if err != nil || len(cs) != 0 {
		t.Errorf("no start date should start no clock: %v %v", cs, err)
	}
}

func TestStartClocks_UnknownCalendarYearLeavesTheDuePending(t *testing.T) {
	k := sampleKind()
	cs, err := k.StartClocks(rec("new", ledger.Values{"title": "x", "received": "2099-12-01"}), cal)
	if err != nil {
		t.Fatalf("a clock reaching an unknown year must still start: %v", err)
	}
	if len(cs) != 1 || cs[0].Start != d("2099-12-01") || cs[0].Days != 10 || !cs[0].DueUnknown() || !cs[0].Due.IsZero() {
		t.Fatalf("clocks = %+v, want one pending clock from 2099-12-01", cs)
	}
	if note := cs[0].DuePendingNote(cal); !strings.Contains(note, "2099年节假日安排尚未载入") {
		t.Errorf("note = %q, want it to name 2099", note)
	}
	if _, err := k.StartClocks(rec("new", ledger.Values{"title": "x", "received": "2024-03-15"}), nil); err == nil {
		t.Error("no calendar at all is still an error")
	}
}

func handleClock() ledger.Clock {
	return ledger.Clock{Period: "handle", Type: ledger.Deadline, Counting: calendar.WorkingDays, Days: 10,
		Start: d("2024-03-15"), Due: d("2024-03-29"), Status: ledger.ClockRunning}
}

func TestAdjust_PauseResumeExtend(t *testing.T) {
	adj := func(action, on string, days int) ledger.ClockAdjustment {
		return ledger.ClockAdjustment{Action: action, On: d(on), Days: days, Reason: "当事人补正材料", Basis: "《示例条例》第二十二条", By: 3}
	}
	c, err := ledger.Adjust(handleClock(), adj("pause", "2024-03-20", 0), cal)
	if err != nil || c.Status != ledger.ClockPaused || c.PausedOn != d("2024-03-20") {
		t.Fatalf("pause: %+v %v", c, err)
	}
	if c.Overdue(d("2024-05-01")) {
		t.Error("a paused clock is not overdue")
	}
	// Paused Wed 20 Mar, resumed Wed 27 Mar: 5 working days (21, 22, 25, 26, 27).
	c, err = ledger.Adjust(c, adj("resume", "2024-03-27", 0), cal)
	if err != nil || c.Status != ledger.ClockRunning {
		t.Fatalf("resume: %+v %v", c, err)
	}
	if c.Adjustments[1].Days != 5 || c.Due != d("2024-04-08") {
		// 15 working days after 15 Mar: … 3 April (13), then 清明 4–6 April off, Sun 7 April a make-up day (14), 8 April (15).
		t.Errorf("after resume: paused days %d, due %s; want 5 and 2024-04-08", c.Adjustments[1].Days, c.Due.String())
	}
	c, err = ledger.Adjust(c, adj("extend", "2024-04-01", 2), cal)
	if err != nil || c.Due != d("2024-04-10") || len(c.Adjustments) != 3 {
		t.Errorf("extend: due %s, %v", c.Due.String(), err)
	}
}

func TestAdjust_RefusesWithoutReasonBasisOrInWrongStatus(t *testing.T) {
	stopped := handleClock()
	stopped.Status = ledger.ClockStopped
	minimum := handleClock()
	minimum.Type = ledger.Minimum
	cases := []struct {
		name  string
		c     ledger.Clock
		adj   ledger.ClockAdjustment
		key   string
		wants string
	}{
		{"no reason", handleClock(), ledger.ClockAdjustment{Action: "pause", On: d("2024-03-20"), Basis: "x"}, "reason", "理由"},
		{"no basis", handleClock(), ledger.ClockAdjustment{Action: "pause", On: d("2024-03-20"), Reason: "x"}, "basis", "依据"},
		{"no date", handleClock(), ledger.ClockAdjustment{Action: "pause", Reason: "x", Basis: "y"}, "on", "日期"},
		{"before start", handleClock(), ledger.ClockAdjustment{Action: "pause", On: d("2024-03-01"), Reason: "x", Basis: "y"}, "on", "不能早于"},
		{"resume running", handleClock(), ledger.ClockAdjustment{Action: "resume", On: d("2024-03-20"), Reason: "x", Basis: "y"}, "action", "未暂停"},
		{"extend zero", handleClock(), ledger.ClockAdjustment{Action: "extend", On: d("2024-03-20"), Reason: "x", Basis: "y"}, "days", "延长天数"},
		{"unknown action", handleClock(), ledger.ClockAdjustment{Action: "skip", On: d("2024-03-20"), Reason: "x", Basis: "y"}, "action", "暂停、恢复或延长"},
		{"stopped", stopped, ledger.ClockAdjustment{Action: "extend", Days: 3, On: d("2024-03-20"), Reason: "x", Basis: "y"}, "action", "已结束"},
		{"minimum", minimum, ledger.ClockAdjustment{Action: "extend", Days: 3, On: d("2024-03-20"), Reason: "x", Basis: "y"}, "action", "最短期间"},
	}
	for _, c := range cases {
		got, err := ledger.Adjust(c.c, c.adj, cal)
		var fe ledger.FieldErrors
		if !errors.As(err, &fe) || !strings.Contains(fe[c.key], c.wants) {
			t.Errorf("%s: err = %v, want %s: …%s…", c.name, err, c.key, c.wants)
		}
		if got.Due != c.c.Due || len(got.Adjustments) != len(c.c.Adjustments) {
			t.Errorf("%s: a refused adjustment changed the clock", c.name)
		}
	}
}

func TestClock_OverdueRemainingDueSoon(t *testing.T) {
	c := handleClock() // due Fri 2024-03-29
	cases := []struct {
		today     string
		overdue   bool
		remaining int
		soon3     bool
	}{
		{"2024-03-25", false, 4, false}, // Mon: 26, 27, 28, 29
		{"2024-03-27", false, 2, true},
		{"2024-03-29", false, 0, true},
		{"2024-03-30", true, -1, false},
		{"2024-04-08", true, -10, false},
	}
	for _, x := range cases {
		if got := c.Overdue(d(x.today)); got != x.overdue {
			t.Errorf("%s: Overdue = %v", x.today, got)
		}
		if got, known := c.Remaining(d(x.today), cal); got != x.remaining || !known {
			t.Errorf("%s: Remaining = %d, %v; want %d, true", x.today, got, known, x.remaining)
		}
		if got := c.DueSoon(d(x.today), 3); got != x.soon3 {
			t.Errorf("%s: DueSoon(3) = %v", x.today, got)
		}
	}
	m := c
	m.Type = ledger.Minimum
	if m.Overdue(d("2024-05-01")) || m.DueSoon(d("2024-03-28"), 3) {
		t.Error("a minimum period is never overdue or due")
	}
}

func TestReconcileClocks_FollowsCorrectedStartDate(t *testing.T) {
	k := sampleKind()
	paused, _ := ledger.Adjust(handleClock(), ledger.ClockAdjustment{Action: "pause", On: d("2024-03-20"), Reason: "r", Basis: "b"}, cal)
	data := ledger.Values{"title": "x", "received": "2024-03-18"}
	got, err := k.ReconcileClocks(rec("new", data), []ledger.Clock{paused}, cal)
	if err != nil {
		t.Fatal(err)
	}
	if got[0].Start != d("2024-03-18") || got[0].Due != d("2024-04-01") || got[0].Status != ledger.ClockPaused || len(got[0].Adjustments) != 1 {
		t.Errorf("reconciled = %+v", got[0])
	}
	delete(data, "received")
	got, _ = k.ReconcileClocks(rec("new", data), []ledger.Clock{handleClock()}, cal)
	if len(got) != 0 {
		t.Errorf("clock of a cleared start date kept: %+v", got)
	}
	stopped := handleClock()
	stopped.Status = ledger.ClockStopped
	got, _ = k.ReconcileClocks(rec("new", ledger.Values{"received": "2024-01-02"}), []ledger.Clock{stopped}, cal)
	if len(got) != 1 || got[0].Start != stopped.Start {
		t.Error("a stopped clock is history and must not change")
	}
}
