package ledger

import (
	"fmt"
	"time"

	"fazhi/internal/calendar"
)

// Small civil-date helpers kept here so the engine depends on calendar.Date
// only as a value type.

func dateTime(d calendar.Date) time.Time {
	return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
}

func dateOf(t time.Time) calendar.Date {
	y, m, d := t.Date()
	return calendar.Date{Year: y, Month: int(m), Day: d}
}

func addDays(d calendar.Date, n int) calendar.Date { return dateOf(dateTime(d).AddDate(0, 0, n)) }

// daysFrom is the number of calendar days from a to b (negative when b is earlier).
func daysFrom(a, b calendar.Date) int { return int(dateTime(b).Sub(dateTime(a)) / (24 * time.Hour)) }

func dateBefore(a, b calendar.Date) bool { return dateTime(a).Before(dateTime(b)) }

func isZeroDate(d calendar.Date) bool { return d == calendar.Date{} }

// FormatDate is the canonical stored form of a date, "2006-01-02".
func FormatDate(d calendar.Date) string {
	return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
}

// chineseDate is "2024年3月15日", the form used in messages.
func chineseDate(d calendar.Date) string {
	return fmt.Sprintf("%d年%d月%d日", d.Year, d.Month, d.Day)
}

// Date reads the canonical date stored under name.
func (v Values) Date(name string) (calendar.Date, bool) {
	s, ok := v[name]
	if !ok || s == "" {
		return calendar.Date{}, false
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return calendar.Date{}, false
	}
	return dateOf(t), true
}
