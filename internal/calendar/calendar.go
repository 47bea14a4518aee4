// Package calendar is China's working-day calendar — statutory holidays and
// make-up working days (调休) by year — and the period arithmetic of the
// statutes (the start day is not counted; a period ending on a rest day ends
// on the next working day; "N个工作日" skips rest days).
//
// A year is known only once the State Council notice for it is loaded (the
// built-in table covers 2018–2026; a deployment adds later years with
// LoadFile). Any question about a day of an unknown year is answered with an
// error wrapping ErrUnknown, never with a guess from the week alone.
package calendar

import (
	"errors"
	"fmt"
	"slices"
	"sync"
)

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

// Valid reports whether c is one of the defined countings.
func (c Counting) Valid() bool { return c == CalendarDays || c == WorkingDays }

// Label is the Chinese unit written after the number, as statutes write it:
// "30日", "7个工作日".
func (c Counting) Label() string {
	switch c {
	case CalendarDays:
		return "日"
	case WorkingDays:
		return "个工作日"
	}
	return string(c)
}

// Calendar knows which days are working days for the years it covers.
// It is safe for concurrent use; the zero value knows no year.
type Calendar struct {
	mu      sync.RWMutex
	notices map[int]string // covered year → notice title and source
	days    map[Date]special
}

// special is a day the week alone does not decide: a holiday or a make-up
// working day, with the notice year that set it.
type special struct {
	name   string
	off    bool
	notice int
}

// Years lists the covered years in ascending order.
func (c *Calendar) Years() []int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	ys := make([]int, 0, len(c.notices))
	for y := range c.notices {
		ys = append(ys, y)
	}
	slices.Sort(ys)
	return ys
}

// Notice is the title and source of the notice covering year y, or "" when
// the year is unknown.
func (c *Calendar) Notice(y int) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.notices[y]
}

// UnknownError is returned for a day of a year whose holiday arrangements are
// not loaded. It matches ErrUnknown with errors.Is.
type UnknownError struct{ Year int }

func (e *UnknownError) Error() string {
	return fmt.Sprintf("日历未知：%d年节假日安排尚未载入", e.Year)
}

func (e *UnknownError) Is(target error) bool { return target == ErrUnknown }

// ErrUnknown is matched (errors.Is) by every error about a year the calendar
// does not cover.
var ErrUnknown = errors.New("日历未知：节假日安排尚未载入")
