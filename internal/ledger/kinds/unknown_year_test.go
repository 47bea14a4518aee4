package kinds_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// These tests play the weeks around New Year 2027 while the calendar knows
// no year after 2026 (the State Council publishes next year's holidays
// around November): records are still saved, clocks reaching 2027 wait for
// their due date, and minimum periods that cannot be shown to have passed
// refuse their step until the 2027 file is loaded.

// calendarsTo2026 are the calendars tried: the built-in one (2018–2026) and
// one that knows 2026 alone. Each call gives fresh calendars, since tests
// load 2027 into them.
func calendarsTo2026(t *testing.T) map[string]*calendar.Calendar {
	t.Helper()
	only := &calendar.Calendar{}
	if err := only.Load(strings.NewReader("year\t2026\t测试日历\n2026-10-01\t国庆节\t1\n")); err != nil {
		t.Fatal(err)
	}
	return map[string]*calendar.Calendar{"built-in": calendar.Builtin(), "2026 only": only}
}

// load2027 loads a small 2027 holiday file (元旦 on Fri 1 Jan 2027; every
// other weekday a working day) into cal, as --holidays would.
func load2027(t *testing.T, cal *calendar.Calendar) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "2027.tsv")
	if err := os.WriteFile(path, []byte("date\tname\toff_day\n2027-01-01\t元旦\t1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := cal.LoadFile(path); err != nil {
		t.Fatal(err)
	}
}

const pending2027 = "期限届满日待定：2027年节假日安排尚未载入（请管理员载入节假日文件）"

func TestLegalityReview_ReviewLimitReachingAnUnknownYear(t *testing.T) {
	// Received Mon 28 Dec 2026. Working days after it: 29, 30, 31 Dec, then
	// (1 Jan 2027 元旦 off, 2–3 Jan the weekend) 4, 5, 6, 7 Jan 2027.
	cases := []struct {
		limit     string
		knownDue  string // due date computable without 2027; "" = pending
		loadedDue string // due date once 2027 is loaded
	}{
		{"2", "2026-12-30", "2026-12-30"},
		{"3", "2026-12-31", "2026-12-31"},
		{"4", "", "2027-01-04"},
		{"7", "", "2027-01-07"},
	}
	for name := range calendarsTo2026(t) {
		for _, c := range cases {
			t.Run(name+"/"+c.limit+" working days", func(t *testing.T) {
				cal := calendarsTo2026(t)[name]
				form := reviewForm("合同", "2026-12-28")
				form["review_limit_days"] = c.limit
				m := newMachineOn(t, kinds.LegalityReview(), 1, form, nil, cal)
				m.must("start_review", nil, "2026-12-29", review)
				cl := m.clock("review_limit")
				if cl == nil || cl.Start != d("2026-12-28") || cl.Days != atoi(c.limit) || cl.Counting != calendar.WorkingDays ||
					cl.Status != ledger.ClockRunning {
					t.Fatalf("review_limit clock = %+v", cl)
				}
				if c.knownDue != "" {
					if cl.DueUnknown() || cl.Due != d(c.knownDue) || cl.DuePendingNote(cal) != "" {
						t.Errorf("due = %s (unknown %v), want %s", cl.Due, cl.DueUnknown(), c.knownDue)
					}
				} else {
					if !cl.DueUnknown() || !cl.Due.IsZero() {
						t.Fatalf("due = %s, want pending", cl.Due)
					}
					if got := cl.DuePendingNote(cal); got != pending2027 {
						t.Errorf("note = %q, want %q", got, pending2027)
					}
					if cl.Overdue(d("2027-06-01")) || cl.DueSoon(d("2027-01-05"), 7) {
						t.Error("a pending due date is neither overdue nor due soon")
					}
					if n, known := cl.Remaining(d("2027-01-05"), cal); known || n != 0 {
						t.Errorf("Remaining = %d, %v; want unknown", n, known)
					}
				}

				load2027(t, cal)
				got, changed, err := ledger.RecomputeUnknown(m.clocks, cal)
				if err != nil {
					t.Fatal(err)
				}
				if changed != (c.knownDue == "") {
					t.Errorf("changed = %v", changed)
				}
				var after *ledger.Clock
				for i := range got {
					if got[i].Period == "review_limit" {
						after = &got[i]
					}
				}
				if after == nil || after.Due != d(c.loadedDue) || after.DueUnknown() {
					t.Fatalf("after loading 2027: %+v, want due %s", after, c.loadedDue)
				}
				if c.knownDue == "" && !m.clock("review_limit").DueUnknown() {
					t.Error("RecomputeUnknown changed its input")
				}
				// Reconciling on the next edit fills it in the same way.
				rec, err := m.k.ReconcileClocks(m.r, m.clocks, cal)
				if err != nil || len(rec) != len(got) {
					t.Fatalf("reconcile: %v %+v", err, rec)
				}
				for i := range rec {
					if rec[i].Period == "review_limit" && rec[i].Due != d(c.loadedDue) {
						t.Errorf("reconciled due = %s, want %s", rec[i].Due, c.loadedDue)
					}
				}
			})
		}
	}
}

func atoi(s string) int {
	n := 0
	for _, r := range s {
		n = n*10 + int(r-'0')
	}
	return n
}

// 条例第二十六条 across the year end: 7 working days from Mon 28 Dec 2026
// end on Thu 7 Jan 2027 once 2027 is known; before that, the opinion of a
// major decision's review can only be given with a recorded reason.
func TestLegalityReview_MinimumReviewTimeNeedsTheNextYearsCalendar(t *testing.T) {
	cases := []struct {
		name, opinionDate, reason string
		loaded                    bool
		wants                     []string // nil = allowed
	}{
		{"unknown 2027", "2027-01-08", "", false,
			[]string{"2027年节假日安排尚未载入", "无法确认", "暂不能出具审查意见", "载入2027年节假日文件", "第二十六条"}},
		{"unknown 2027, shortened with a reason", "2027-01-05", "县政府要求限期完成审查", false, nil},
		{"2027 loaded, seventh working day", "2027-01-07", "", true, nil},
		{"2027 loaded, sixth working day", "2027-01-06", "", true, []string{"最早于2027年1月7日届满", "第二十六条"}},
	}
	for name := range calendarsTo2026(t) {
		for _, c := range cases {
			t.Run(name+"/"+c.name, func(t *testing.T) {
				cal := calendarsTo2026(t)[name]
				if c.loaded {
					load2027(t, cal)
				}
				m := newMachineOn(t, kinds.LegalityReview(), 1, reviewForm(kinds.SubjectMajorDecision, "2026-12-28"), nil, cal)
				if cl := m.clock("review_time"); cl == nil || cl.Type != ledger.Minimum || cl.DueUnknown() == c.loaded {
					t.Fatalf("review_time clock = %+v", cl)
				}
				m.must("start_review", nil, "2026-12-28", review)
				in := opinion(kinds.OpinionLawful, c.opinionDate)
				in["shorten_reason"] = c.reason
				err := m.try("give_opinion", in, "2027-01-08", review)
				if c.wants == nil {
					if err != nil || m.r.State != kinds.ReviewOpined {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				ruleErr(t, err, c.wants...)
				if m.r.State != "reviewing" {
					t.Errorf("state %s after a refusal", m.r.State)
				}
			})
		}
	}
}

// 条例第十五条 across the year end: 30 days of comment from 10 Dec 2026 end
// on 9 Jan 2027 by plain day count — a minimum is not lengthened by the
// rest-day rule — so the calendar for 2027 is not needed.
func TestMajorDecision_CommentPeriodAcrossTheYearEnd(t *testing.T) {
	cases := []struct {
		end, today string
		want       string // "" = allowed
	}{
		{"2027-01-12", "2027-01-12", ""},
		{"2027-01-09", "2027-01-11", ""},
		{"2027-01-08", "2027-01-08", "最早于2027年1月9日届满"},
	}
	for name, cal := range calendarsTo2026(t) {
		for _, c := range cases {
			t.Run(name+"/"+c.end, func(t *testing.T) {
				form := outsideCatalogue(decisionForm())
				form["catalogue_year"] = "2026"
				m := newMachineOn(t, kinds.MajorDecision(), 1, form, nil, cal)
				m.must("start_comment", ledger.Values{"comment_start": "2026-12-10", "comment_channel": "县政府网站"}, "2026-12-10", clerk)
				if cl := m.clock("comment_period"); cl == nil || cl.Due != d("2027-01-09") {
					t.Fatalf("comment clock = %+v, want earliest end 2027-01-09", cl)
				}
				err := m.try("finish_comment", ledger.Values{"comment_end": c.end, "comment_summary": "无意见"}, c.today, clerk)
				if c.want == "" {
					if err != nil {
						t.Fatalf("refused: %v", err)
					}
					return
				}
				ruleErr(t, err, c.want, "第十五条")
			})
		}
	}
}

// The decision gate checks the linked review's 7 working days again; while
// 2027 is unknown it cannot, and says so.
func TestMajorDecision_GateReviewTimeNeedsTheNextYearsCalendar(t *testing.T) {
	review := reviewRecord(108, kinds.ReviewOpined, kinds.SubjectMajorDecision, kinds.OpinionLawful, "2027-01-08")
	review.Data["received_date"] = "2026-12-28"
	m := toReviewing(t)
	m.links.(links)[108] = review
	m.r.Data["review_id"] = "108"
	m.cal = calendar.Builtin()
	err := m.try("decide", meeting("2027-01-12"), "2027-01-15", head)
	ruleErr(t, err, "编号 108", "2027年节假日安排尚未载入", "第二十六条")
	load2027(t, m.cal.(*calendar.Calendar))
	if err := m.try("decide", meeting("2027-01-12"), "2027-01-15", head); err != nil || m.r.State != "decided" {
		t.Fatalf("with 2027 loaded: %v", err)
	}
}
