package calendar

import (
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestIsWorkday_RealHolidays(t *testing.T) {
	c := Builtin()
	cases := []struct {
		day  string
		want bool
		why  string
	}{
		{"2024-02-04", true, "Sunday, make-up working day before the 2024 Spring Festival"},
		{"2024-02-18", true, "Sunday, make-up working day after the 2024 Spring Festival"},
		{"2024-02-09", true, "除夕 2024 was not a holiday"},
		{"2024-02-10", false, "Spring Festival, a Saturday"},
		{"2024-02-12", false, "Spring Festival, a Monday"},
		{"2024-06-08", false, "ordinary Saturday"},
		{"2024-06-10", false, "端午节, a Monday"},
		{"2024-06-11", true, "ordinary Tuesday"},
		{"2023-10-06", false, "National Day and 中秋 merged, a Friday"},
		{"2023-10-07", true, "Saturday, make-up working day"},
		{"2023-10-08", true, "Sunday, make-up working day"},
		{"2020-01-31", false, "Spring Festival 2020 extended by the State Council"},
		{"2020-02-03", true, "Monday after the extended 2020 Spring Festival"},
		{"2018-12-29", true, "Saturday, make-up for New Year 2019, set by the 2019 notice"},
		{"2018-12-31", false, "New Year 2019 holiday in December 2018"},
		{"2026-01-02", false, "New Year 2026, a Friday"},
	}
	for _, tc := range cases {
		t.Run(tc.day, func(t *testing.T) {
			got, err := c.IsWorkday(d(tc.day))
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("IsWorkday(%s) = %v, want %v (%s)", tc.day, got, tc.want, tc.why)
			}
		})
	}
}

func TestAdd_StatuteCounting(t *testing.T) {
	c := Builtin()
	cases := []struct {
		name     string
		start    string
		n        int
		counting Counting
		want     string
	}{
		{"calendar period ending in 2024 Spring Festival moves to the first working day after (a make-up Sunday)", "2024-01-31", 15, CalendarDays, "2024-02-18"},
		{"calendar period ending on a make-up Sunday ends that day", "2024-01-05", 30, CalendarDays, "2024-02-04"},
		{"calendar period ending on an ordinary Saturday moves to Monday", "2024-03-01", 15, CalendarDays, "2024-03-18"},
		{"calendar period ending on a working day stays", "2024-03-01", 14, CalendarDays, "2024-03-15"},
		{"calendar period ending in National Day 2023 (中秋 merged) moves to the make-up Saturday", "2023-09-15", 15, CalendarDays, "2023-10-07"},
		{"calendar period ending in December 2018 New Year holiday moves into 2019", "2018-12-15", 15, CalendarDays, "2019-01-02"},
		{"calendar period ending on the 2018-12-29 make-up Saturday stays", "2018-12-14", 15, CalendarDays, "2018-12-29"},
		{"start day is not counted: 1 calendar day from a Wednesday is Thursday", "2024-03-06", 1, CalendarDays, "2024-03-07"},
		{"5 working days from 2025-09-30 skip National Day and count the make-up Saturday", "2025-09-30", 5, WorkingDays, "2025-10-14"},
		{"7 working days from 2024-02-08 across Spring Festival", "2024-02-08", 7, WorkingDays, "2024-02-23"},
		{"working days count the 2024-02-04 make-up Sunday", "2024-02-02", 1, WorkingDays, "2024-02-04"},
		{"start day is not counted: 1 working day from a Friday is Monday", "2024-03-08", 1, WorkingDays, "2024-03-11"},
		{"20 working days (information disclosure) over 2024 Labour Day", "2024-04-22", 20, WorkingDays, "2024-05-21"},
		{"zero days is the start", "2024-02-10", 0, WorkingDays, "2024-02-10"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Add(d(tc.start), tc.n, tc.counting)
			if err != nil {
				t.Fatal(err)
			}
			if got != d(tc.want) {
				t.Errorf("Add(%s, %d, %s) = %s, want %s", tc.start, tc.n, tc.counting, got, tc.want)
			}
		})
	}
}

func TestAdd_UnknownYearIsAnError(t *testing.T) {
	c := Builtin()
	cases := []struct {
		name     string
		start    string
		n        int
		counting Counting
		year     string
	}{
		{"7 working days from late December 2026 cross into 2027", "2026-12-28", 7, WorkingDays, "2027年"},
		{"calendar period ending in 2027", "2026-12-20", 15, CalendarDays, "2027年"},
		{"working days in 2017", "2017-12-01", 5, WorkingDays, "2017年"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := c.Add(d(tc.start), tc.n, tc.counting)
			if !errors.Is(err, ErrUnknown) {
				t.Fatalf("Add = %s, %v; want an ErrUnknown error", got, err)
			}
			var ue *UnknownError
			if !errors.As(err, &ue) || !strings.Contains(err.Error(), "日历未知："+tc.year+"节假日安排尚未载入") {
				t.Errorf("error %q does not name %s", err, tc.year)
			}
		})
	}
	if _, err := c.IsWorkday(d("2027-01-04")); !errors.Is(err, ErrUnknown) {
		t.Errorf("IsWorkday(2027-01-04) error = %v, want ErrUnknown", err)
	}
	// A calendar period from an unknown year whose end is known is fine.
	if got, err := c.Add(d("2017-12-30"), 5, CalendarDays); err != nil || got != d("2018-01-04") {
		t.Errorf("Add(2017-12-30, 5 日) = %s, %v; want 2018-01-04", got, err)
	}
}

func TestAdd_BadInput(t *testing.T) {
	c := Builtin()
	cases := []struct {
		start    Date
		n        int
		counting Counting
		want     string
	}{
		{Date{2024, 2, 30}, 5, WorkingDays, "起算日"},
		{d("2024-03-01"), -1, WorkingDays, "期限天数"},
		{d("2024-03-01"), 5, Counting("hours"), "计日方式"},
	}
	for _, tc := range cases {
		if _, err := c.Add(tc.start, tc.n, tc.counting); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Add(%v, %d, %q) error = %v, want one mentioning %s", tc.start, tc.n, tc.counting, err, tc.want)
		}
	}
}

// Add and WorkdaysBetween must agree: n working days after any start end on
// a working day, with exactly n working days in between.
func TestAdd_WorkingDaysAgreeWithWorkdaysBetween(t *testing.T) {
	c := Builtin()
	r := rand.New(rand.NewPCG(1, 2))
	first, last := d("2018-01-01"), d("2026-11-30")
	span := first.DaysUntil(last)
	for range 2000 {
		start := first.AddDays(r.IntN(span))
		n := 1 + r.IntN(30)
		end, err := c.Add(start, n, WorkingDays)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := c.IsWorkday(end); !ok {
			t.Fatalf("Add(%s, %d 工作日) = %s, not a working day", start, n, end)
		}
		got, err := c.WorkdaysBetween(start, end)
		if err != nil || got != n {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, %v; want %d", start, end, got, err, n)
		}
		if back, _ := c.WorkdaysBetween(end, start); back != -n {
			t.Fatalf("WorkdaysBetween(%s, %s) = %d, want %d", end, start, back, -n)
		}
		// A calendar period never ends on a rest day, nor earlier than n days.
		cend, err := c.Add(start, n, CalendarDays)
		if err != nil {
			t.Fatal(err)
		}
		if ok, _ := c.IsWorkday(cend); !ok || start.DaysUntil(cend) < n {
			t.Fatalf("Add(%s, %d 日) = %s", start, n, cend)
		}
	}
}

func TestWorkdaysBetween(t *testing.T) {
	c := Builtin()
	cases := []struct {
		from, to string
		want     int
	}{
		{"2024-02-08", "2024-02-23", 7},
		{"2024-02-23", "2024-02-08", -7},
		{"2024-02-09", "2024-02-17", 0},
		{"2024-03-01", "2024-03-01", 0},
		{"2023-12-31", "2024-12-31", 251}, // 2024 had 251 working days
	}
	for _, tc := range cases {
		got, err := c.WorkdaysBetween(d(tc.from), d(tc.to))
		if err != nil || got != tc.want {
			t.Errorf("WorkdaysBetween(%s, %s) = %d, %v; want %d", tc.from, tc.to, got, err, tc.want)
		}
	}
}

func BenchmarkAddWorkingDays(b *testing.B) {
	c := Builtin()
	start := d("2024-02-01")
	for b.Loop() {
		if _, err := c.Add(start, 20, WorkingDays); err != nil {
			b.Fatal(err)
		}
	}
}
