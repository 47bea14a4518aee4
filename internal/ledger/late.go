package ledger

import (
	"fmt"

	"fazhi/internal/calendar"
)

// LateDays is the number of calendar days by which a stopped deadline was
// met after its due date (0 when it was met in time or is not stopped).
func (c Clock) LateDays() int {
	if !c.Late() {
		return 0
	}
	return c.Due.DaysUntil(c.StoppedOn)
}

// LateNote is how a clock met late is shown: "逾期3日办结"; "" otherwise.
func (c Clock) LateNote() string {
	if n := c.LateDays(); n > 0 {
		return fmt.Sprintf("逾期%d日办结", n)
	}
	return ""
}

// remindOn is the reminder day of a clock with a known due date.
func (c Clock) remindOn() calendar.Date {
	if c.Due.IsZero() || c.RemindDays <= 0 && c.RemindMonths <= 0 {
		return calendar.Date{}
	}
	return c.Due.AddMonths(-c.RemindMonths).AddDays(-c.RemindDays)
}

// Reminding reports whether a running clock's reminder is due on today
// (from RemindOn up to the due date).
func (c Clock) Reminding(today calendar.Date) bool {
	return c.Status == ClockRunning && !c.RemindOn.IsZero() && !today.Before(c.RemindOn) && !c.Due.Before(today)
}
