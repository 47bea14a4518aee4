package calendar

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func TestParseDate(t *testing.T) {
	good := map[string]Date{
		"2024-02-18":   {2024, 2, 18},
		" 2024-02-29 ": {2024, 2, 29},
	}
	for in, want := range good {
		if got, err := ParseDate(in); err != nil || got != want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "2024/02/18", "2024-2-18", "2023-02-29", "2024-13-01", "0000-01-01", "二〇二四年二月十八日"} {
		_, err := ParseDate(in)
		if err == nil || !strings.Contains(err.Error(), "请按“年-月-日”填写") {
			t.Errorf("ParseDate(%q) error = %v, want a Chinese message", in, err)
		}
	}
}

func TestDate_Arithmetic(t *testing.T) {
	a := d("2024-02-28")
	if got := a.AddDays(2); got != d("2024-03-01") {
		t.Errorf("AddDays across 29 Feb = %s", got)
	}
	if got := a.AddDays(-59); got != d("2023-12-31") {
		t.Errorf("AddDays(-59) = %s", got)
	}
	if n := d("2023-12-31").DaysUntil(d("2024-12-31")); n != 366 {
		t.Errorf("DaysUntil over a leap year = %d", n)
	}
	if n := d("2024-03-01").DaysUntil(d("2024-02-28")); n != -2 {
		t.Errorf("DaysUntil backwards = %d", n)
	}
	if !a.Before(d("2024-03-01")) || a.After(d("2024-03-01")) || a.Compare(a) != 0 || d("2025-01-01").Compare(d("2024-12-31")) != 1 {
		t.Error("Compare/Before/After disagree with the calendar order")
	}
	if a.String() != "2024-02-28" || a.Chinese() != "2024年2月28日" || (Date{}).String() != "" {
		t.Errorf("String/Chinese = %q %q", a.String(), a.Chinese())
	}
	if a.Weekday() != time.Wednesday {
		t.Errorf("2024-02-28 weekday = %s", a.Weekday())
	}
	if (Date{2024, 2, 30}).Valid() || !(Date{2024, 2, 29}).Valid() || (Date{}).Valid() {
		t.Error("Valid is wrong")
	}
}

func TestFromTime_UsesTheTimesZone(t *testing.T) {
	utc := time.Date(2024, 2, 17, 20, 0, 0, 0, time.UTC)
	if got := FromTime(utc.In(China)); got != d("2024-02-18") {
		t.Errorf("20:00 UTC in China = %s, want 2024-02-18", got)
	}
	if got := FromTime(utc); got != d("2024-02-17") {
		t.Errorf("in UTC = %s", got)
	}
	if tm := d("2024-02-18").Time(); !tm.Equal(time.Date(2024, 2, 18, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("Time() = %v", tm)
	}
	today := Today(nil)
	if n := FromTime(time.Now().In(China)).DaysUntil(today); n < -1 || n > 0 {
		t.Errorf("Today(nil) = %s", today)
	}
}

func TestDate_JSON(t *testing.T) {
	type rec struct {
		Due  Date `json:"due"`
		Done Date `json:"done"`
	}
	b, err := json.Marshal(rec{Due: d("2024-02-18")})
	if err != nil || string(b) != `{"due":"2024-02-18","done":""}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var r rec
	if err := json.Unmarshal(b, &r); err != nil || r.Due != d("2024-02-18") || !r.Done.IsZero() {
		t.Errorf("Unmarshal = %+v, %v", r, err)
	}
	if err := json.Unmarshal([]byte(`{"due":"2024-02-30"}`), &r); err == nil || !strings.Contains(err.Error(), "无效") {
		t.Errorf("Unmarshal bad date error = %v", err)
	}
}

func TestCountingLabel(t *testing.T) {
	if CalendarDays.Label() != "日" || WorkingDays.Label() != "个工作日" || Counting("x").Valid() || !WorkingDays.Valid() {
		t.Error("Counting labels wrong")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024-02-18", "2024-02-30", "", "0000-01-01", "9999-12-31", "2024-2-1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDate(s)
		if err != nil {
			return
		}
		if !v.Valid() {
			t.Fatalf("ParseDate(%q) = invalid %v", s, v)
		}
		if back, err := ParseDate(v.String()); err != nil || back != v {
			t.Fatalf("round trip %q → %v → %v, %v", s, v, back, err)
		}
	})
}

func TestAddMonths_CorrespondingDayOrMonthEnd(t *testing.T) {
	for _, c := range []struct {
		from string
		n    int
		want string
	}{
		{"2024-01-31", 1, "2024-02-29"},
		{"2025-01-31", 1, "2025-02-28"},
		{"2024-02-29", 12, "2025-02-28"},
		{"2024-02-29", 48, "2028-02-29"},
		{"2025-03-15", 60, "2030-03-15"},
		{"2025-12-31", 2, "2026-02-28"},
		{"2026-08-31", -6, "2026-02-28"},
		{"2026-01-15", -1, "2025-12-15"},
	} {
		d, _ := ParseDate(c.from)
		if got := d.AddMonths(c.n).String(); got != c.want {
			t.Errorf("%s + %d months = %s, want %s", c.from, c.n, got, c.want)
		}
	}
}
