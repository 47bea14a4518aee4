package ledger

import (
	"errors"
	"fmt"
	"slices"

	"fazhi/internal/calendar"
)

// A clock whose due date reaches into a year the calendar does not know yet
// (the State Council publishes next year's holidays around November) is kept
// with its start, days and basis but a zero Due: its due date is pending.
// Guessing from the week alone is not allowed, so the date stays pending
// until the year is loaded and RecomputeUnknown fills it in. A resume whose
// paused working days cannot be counted yet is marked DaysPending the same
// way.

// DueUnknown reports whether c's due date waits for a calendar year that is
// not loaded yet.
func (c Clock) DueUnknown() bool { return c.Due.IsZero() && !c.Start.IsZero() }

// DuePendingNote is the Chinese explanation shown in place of the due date
// of a clock whose due date is pending, naming the missing year when cal
// tells it; "" when the due date is known.
func (c Clock) DuePendingNote(cal Calendar) string {
	if !c.DueUnknown() {
		return ""
	}
	probe := c
	var ue *calendar.UnknownError
	if err := settle(&probe, cal); errors.As(err, &ue) {
		return PendingNote(ue.Year)
	}
	return PendingNote(0)
}

// PendingNote is the explanation of a due date pending for want of year's
// holiday arrangements (0: the year is not known to the caller).
func PendingNote(year int) string {
	if year <= 0 {
		return "期限届满日待定：相关年度节假日安排尚未载入（请管理员载入节假日文件）"
	}
	return fmt.Sprintf("期限届满日待定：%d年节假日安排尚未载入（请管理员载入节假日文件）", year)
}

// RecomputeUnknown fills in the due dates (and the days of resumes) that
// were left pending for want of a calendar year, now that cal may know it.
// It returns the clocks (a new slice; the input is not changed) and whether
// any was filled. Clocks still reaching an unknown year stay pending; other
// calendar errors are returned. Stopped clocks are filled too, so whether
// they were met late can be told.
func RecomputeUnknown(clocks []Clock, cal Calendar) ([]Clock, bool, error) {
	out := slices.Clone(clocks)
	changed := false
	for i := range out {
		c := &out[i]
		wasPending := c.daysPending()
		if !c.DueUnknown() && !wasPending {
			continue
		}
		if err := settleOrPend(c, cal); err != nil {
			return nil, false, fmt.Errorf("重新计算「%s」的期限：%w", c.Period, err)
		}
		if !c.DueUnknown() || wasPending != c.daysPending() {
			changed = true
		}
	}
	return out, changed, nil
}

func (c Clock) daysPending() bool {
	return slices.ContainsFunc(c.Adjustments, func(a ClockAdjustment) bool { return a.DaysPending })
}

// settle sets c.Due from c's start, days and adjustments, first counting the
// days of any resume left pending. When a day it needs lies in a year the
// calendar does not know, c.Due is left zero (pending) and the error, which
// wraps calendar.ErrUnknown, is returned; callers that accept a pending due
// date ignore it. c.Adjustments is copied before it is changed.
func settle(c *Clock, cal Calendar) error {
	c.Due = calendar.Date{}
	if c.daysPending() {
		c.Adjustments = slices.Clone(c.Adjustments)
		var pausedOn calendar.Date
		for i := range c.Adjustments {
			a := &c.Adjustments[i]
			switch {
			case a.Action == "pause":
				pausedOn = a.On
			case a.Action == "resume" && a.DaysPending:
				n, err := countDays(pausedOn, a.On, c.Counting, cal)
				if err != nil {
					return fmt.Errorf("计算暂停天数：%w", err)
				}
				a.Days, a.DaysPending = n, false
			}
		}
	}
	c.RemindOn = calendar.Date{}
	due, err := dueOf(*c, cal)
	if err != nil {
		return err
	}
	c.Due = due
	c.RemindOn = c.remindOn()
	return nil
}

// settleOrPend is settle that accepts a pending due date.
func settleOrPend(c *Clock, cal Calendar) error {
	if err := settle(c, cal); err != nil && !errors.Is(err, calendar.ErrUnknown) {
		return err
	}
	return nil
}

// NearestDeadline is the running deadline due soonest among clocks — one
// whose due date is pending only when no running deadline has a known due
// date — if any runs. The to-do list shows it and the store keeps its due
// date as the record's next due date (NextDue).
func NearestDeadline(clocks []Clock) (Clock, bool) {
	var best Clock
	found := false
	for _, c := range clocks {
		if c.Type != Deadline || c.Status != ClockRunning {
			continue
		}
		if !found || (best.DueUnknown() && !c.DueUnknown()) || (!c.DueUnknown() && !best.DueUnknown() && c.Due.Before(best.Due)) {
			best, found = c, true
		}
	}
	return best, found
}

// NextDue is the due date of the nearest running deadline, the zero date
// when none runs or its due date is pending.
func NextDue(clocks []Clock) calendar.Date {
	if c, ok := NearestDeadline(clocks); ok && !c.DueUnknown() {
		return c.Due
	}
	return calendar.Date{}
}
