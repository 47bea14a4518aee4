package calendar

import (
	"cmp"
	"fmt"
	"strings"
	"time"
)

// China is UTC+8 with no daylight saving (none since 1991); use it for
// "today" in the product rather than the server's local zone.
var China = time.FixedZone("CST", 8*60*60)

const layout = "2006-01-02"

// ParseDate reads "2006-01-02". Its error is Chinese, for showing to a user.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(layout, strings.TrimSpace(s))
	if err != nil || t.Year() < 1 {
		return Date{}, fmt.Errorf("日期“%s”无效：请按“年-月-日”填写，如 2024-02-18", s)
	}
	return FromTime(t), nil
}

// FromTime is the civil date of t in t's own location.
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, int(m), d}
}

// Today is the current date in loc (nil means China).
func Today(loc *time.Location) Date {
	if loc == nil {
		loc = China
	}
	return FromTime(time.Now().In(loc))
}

// Time is midnight at the start of d, in UTC.
func (d Date) Time() time.Time { return d.In(time.UTC) }

// In is midnight at the start of d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, loc)
}

// IsZero reports whether d is the zero Date, used for "no date".
func (d Date) IsZero() bool { return d == Date{} }

// Valid reports whether d names a real day of the years 1–9999.
func (d Date) Valid() bool {
	return d.Year >= 1 && d.Year <= 9999 && FromTime(d.Time()) == d
}

// String is "2006-01-02", or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// Chinese is "2024年2月18日", the form of official documents.
func (d Date) Chinese() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.Time().Weekday() }

// AddDays is d plus n calendar days, with no holiday rule.
func (d Date) AddDays(n int) Date { return FromTime(d.Time().AddDate(0, 0, n)) }

// AddMonths is d plus n calendar months (n may be negative): the same day of
// the month, or the month's last day when it has fewer days (1月31日 plus one
// month is 2月28日 or 29日; 2月29日 plus twelve months is 2月28日), as a
// period "以月、年计算" ends on the corresponding day.
func (d Date) AddMonths(n int) Date {
	m := d.Year*12 + (d.Month - 1) + n
	y, mo := m/12, m%12+1
	if m < 0 {
		y, mo = (m-11)/12, ((m%12)+12)%12+1
	}
	last := Date{Year: y, Month: mo, Day: 1}.AddDays(32)
	last = Date{Year: last.Year, Month: last.Month, Day: 1}.AddDays(-1)
	return Date{Year: y, Month: mo, Day: min(d.Day, last.Day)}
}

// DaysUntil is the number of calendar days from d to o (negative when o is
// earlier).
func (d Date) DaysUntil(o Date) int {
	return int(o.Time().Sub(d.Time()) / (24 * time.Hour))
}

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	if c := cmp.Compare(d.Year, o.Year); c != 0 {
		return c
	}
	if c := cmp.Compare(d.Month, o.Month); c != 0 {
		return c
	}
	return cmp.Compare(d.Day, o.Day)
}

// Before reports whether d is earlier than o.
func (d Date) Before(o Date) bool { return d.Compare(o) < 0 }

// After reports whether d is later than o.
func (d Date) After(o Date) bool { return d.Compare(o) > 0 }

// MarshalText writes "2006-01-02" ("" for the zero Date), for JSON and forms.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "2006-01-02"; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(strings.TrimSpace(string(b))) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
