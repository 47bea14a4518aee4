// Package calendar is China's working-day calendar — statutory holidays and
// make-up working days (调休) by year — and the period arithmetic of the
// statutes (the start day is not counted; a period ending on a rest day ends
// on the next working day; "N个工作日" skips rest days).
package calendar

// Date is a civil date with no time zone.
type Date struct {
	Year  int
	Month int
	Day   int
}

// Counting says how the days of a period are counted.
type Counting string

const (
	CalendarDays Counting = "calendar" // 日: natural days, end moved off rest days
	WorkingDays  Counting = "working"  // 工作日
)

// Calendar knows which days are working days for the years it covers.
type Calendar struct {
	// implemented in calendar helper
}
