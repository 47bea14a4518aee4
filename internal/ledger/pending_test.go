package ledger_test

import (
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// knownTo2026 are fresh calendars that know no year after 2026: the
// built-in one and one that knows 2026 alone.
func knownTo2026(t *testing.T) map[string]*calendar.Calendar {
	t.Helper()
	only := &calendar.Calendar{}
	if err := only.Load(strings.NewReader("year\t2026\t测试日历\n2026-10-01\t国庆节\t1\n")); err != nil {
		t.Fatal(err)
	}
	return map[string]*calendar.Calendar{"built-in": calendar.Builtin(), "2026 only": only}
}

// with2027 loads 2027 into cal: 元旦 on Fri 1 Jan off, other weekdays working.
func with2027(t *testing.T, cal *calendar.Calendar) {
	t.Helper()
	if err := cal.Load(strings.NewReader("year\t2027\t测试日历\n2027-01-01\t元旦\t1\n")); err != nil {
		t.Fatal(err)
	}
}

func TestAdjust_ClockWithPendingDue(t *testing.T) {
	adj := func(action, on string, days int) ledger.ClockAdjustment {
		return ledger.ClockAdjustment{Action: action, On: d(on), Days: days, Reason: "补正材料", Basis: "《示例条例》第二十二条"}
	}
	for name := range knownTo2026(t) {
		t.Run(name, func(t *testing.T) {
			cal := knownTo2026(t)[name]
			// 7 working days from Mon 28 Dec 2026 reach into 2027.
			c := ledger.Clock{Period: "handle", Type: ledger.Deadline, Counting: calendar.WorkingDays, Days: 7,
				Start: d("2026-12-28"), Status: ledger.ClockRunning}
			steps := []struct {
				adj    ledger.ClockAdjustment
				status ledger.ClockStatus
			}{
				{adj("extend", "2026-12-29", 2), ledger.ClockRunning},
				{adj("pause", "2026-12-30", 0), ledger.ClockPaused},
				{adj("resume", "2027-01-05", 0), ledger.ClockRunning},
			}
			for _, s := range steps {
				var err error
				if c, err = ledger.Adjust(c, s.adj, cal); err != nil {
					t.Fatalf("%s: %v", s.adj.Action, err)
				}
				if c.Status != s.status || !c.DueUnknown() {
					t.Fatalf("after %s: status %s, due %s; want %s and pending", s.adj.Action, c.Status, c.Due, s.status)
				}
			}
			if r := c.Adjustments[2]; !r.DaysPending || r.Days != 0 {
				t.Errorf("resume = %+v, want its working days pending", r)
			}
			if c.Overdue(d("2027-03-01")) || c.DuePendingNote(cal) == "" {
				t.Error("pending clock: not overdue, and explained")
			}

			with2027(t, cal)
			got, changed, err := ledger.RecomputeUnknown([]ledger.Clock{c}, cal)
			if err != nil || !changed {
				t.Fatalf("recompute: changed %v, %v", changed, err)
			}
			// Paused (30 Dec, 5 Jan]: 31 Dec, 4 Jan, 5 Jan = 3 working days.
			// 7 + 2 + 3 = 12 working days from 28 Dec: 29–31 Dec, 4–8 Jan,
			// 11–14 Jan → Thu 14 Jan 2027.
			if r := got[0].Adjustments[2]; r.DaysPending || r.Days != 3 {
				t.Errorf("resume after loading 2027 = %+v, want 3 days", r)
			}
			if got[0].Due != d("2027-01-14") || got[0].DuePendingNote(cal) != "" {
				t.Errorf("due = %s, want 2027-01-14", got[0].Due)
			}
			if !c.Adjustments[2].DaysPending {
				t.Error("RecomputeUnknown changed its input's adjustments")
			}
			if n, known := got[0].Remaining(d("2027-01-11"), cal); n != 3 || !known {
				t.Errorf("Remaining on 11 Jan = %d, %v; want 3 working days", n, known)
			}
		})
	}
}

func TestStartClocks_DueComputableInsideTheKnownYear(t *testing.T) {
	k := sampleKind()
	cases := []struct {
		received, limit string
		due             string // "" = pending
	}{
		{"2026-12-14", "5", "2026-12-21"},
		{"2026-12-24", "5", "2026-12-31"}, // 25, 28, 29, 30, 31
		{"2026-12-24", "6", ""},
		{"2027-02-01", "1", ""}, // received in the unknown year itself
	}
	for name := range knownTo2026(t) {
		for _, c := range cases {
			cal := knownTo2026(t)[name]
			cs, err := k.StartClocks(rec("new", ledger.Values{"title": "x", "received": c.received, "limit_days": c.limit}), cal)
			if err != nil || len(cs) != 1 {
				t.Fatalf("%s %s+%s: %+v %v", name, c.received, c.limit, cs, err)
			}
			if got := cs[0]; (c.due == "") != got.DueUnknown() || (c.due != "" && got.Due != d(c.due)) {
				t.Errorf("%s %s+%s: due %s (pending %v), want %q", name, c.received, c.limit, got.Due, got.DueUnknown(), c.due)
			}
			if c.due == "" && !strings.Contains(cs[0].DuePendingNote(cal), "2027年节假日安排尚未载入") {
				t.Errorf("note = %q", cs[0].DuePendingNote(cal))
			}
		}
	}
}

func TestRecomputeUnknown_StillPendingAndStopped(t *testing.T) {
	cal := knownTo2026(t)["2026 only"]
	pending := ledger.Clock{Period: "handle", Type: ledger.Deadline, Counting: calendar.WorkingDays, Days: 10,
		Start: d("2026-12-28"), Status: ledger.ClockStopped, StoppedOn: d("2027-01-15")}
	known := handleClock()
	got, changed, err := ledger.RecomputeUnknown([]ledger.Clock{known, pending}, cal)
	if err != nil || changed || !got[1].DueUnknown() || got[0].Due != known.Due {
		t.Fatalf("nothing to fill yet: %+v changed %v %v", got, changed, err)
	}
	if got[1].Late() {
		t.Error("a stopped clock with a pending due date is not known to be late")
	}
	if note := got[1].DuePendingNote(nil); note == "" || strings.Contains(note, "2027") {
		t.Errorf("without a calendar the note cannot name the year: %q", note)
	}
	with2027(t, cal)
	got, changed, err = ledger.RecomputeUnknown(got, cal)
	// 29–31 Dec, 4–8 Jan, 11–12 Jan: due Tue 12 Jan, met on the 15th.
	if err != nil || !changed || got[1].Due != d("2027-01-12") || !got[1].Late() {
		t.Errorf("after loading 2027: %+v changed %v %v", got[1], changed, err)
	}
}

func TestApply_TransitionStartsAClockReachingTheUnknownYear(t *testing.T) {
	k := sampleKind()
	comment := ledger.Clock{Period: "comment", Type: ledger.Minimum, Counting: calendar.CalendarDays, Days: 30,
		Start: d("2026-11-14"), Due: d("2026-12-14"), Status: ledger.ClockRunning}
	cases := []struct {
		closeOn string
		due     string // "" = pending
	}{
		{"2026-12-14", "2026-12-29"}, // 15 days later, a Tuesday
		{"2026-12-16", "2026-12-31"},
		{"2026-12-20", ""}, // 4 Jan 2027
	}
	for name := range knownTo2026(t) {
		for _, c := range cases {
			g := guardCtx(rec("open", ledger.Values{"title": "x", "received": "2026-11-20", "comment_start": "2026-11-14"}),
				"close", ledger.Values{"comment_end": c.closeOn}, c.closeOn, comment)
			g.Calendar = knownTo2026(t)[name]
			out, err := k.Apply(g, clerk)
			if err != nil {
				t.Fatalf("%s close on %s: %v", name, c.closeOn, err)
			}
			var decide *ledger.Clock
			for i := range out.Clocks {
				if out.Clocks[i].Period == "decide" {
					decide = &out.Clocks[i]
				}
			}
			if decide == nil || decide.Start != d(c.closeOn) || decide.Status != ledger.ClockRunning ||
				decide.DueUnknown() != (c.due == "") || (c.due != "" && decide.Due != d(c.due)) {
				t.Errorf("%s close on %s: decide clock %+v, want due %q", name, c.closeOn, decide, c.due)
			}
		}
	}
}
