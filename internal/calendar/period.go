package calendar

import (
	"fmt"
	"time"
)

// IsWorkday reports whether d is a working day: a make-up working day, or a
// Monday to Friday that is not a holiday. A day of an unknown year is an
// error wrapping ErrUnknown.
func (c *Calendar) IsWorkday(d Date) (bool, error) {
	if !d.Valid() {
		return false, fmt.Errorf("日期 %d-%d-%d 无效", d.Year, d.Month, d.Day)
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	if _, ok := c.notices[d.Year]; !ok {
		return false, &UnknownError{Year: d.Year}
	}
	if s, ok := c.days[d]; ok {
		return !s.off, nil
	}
	wd := d.Weekday()
	return wd != time.Saturday && wd != time.Sunday, nil
}

// Holiday is the name of the holiday or make-up day d belongs to ("" for an
// ordinary day) and whether it is a day off.
func (c *Calendar) Holiday(d Date) (name string, off bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	s := c.days[d]
	return s.name, s.off
}

// Add is the last day of a period of n days starting on start, counted as the
// statutes count them: the start day itself is not counted; with
// CalendarDays the period ends n days later, moved to the next working day
// when that day is a rest day (民事诉讼法第八十五条); with WorkingDays only
// working days are counted (make-up working days count, holidays and
// weekends do not). n == 0 gives start. Every day the answer depends on must
// lie in a known year, or the error wraps ErrUnknown.
func (c *Calendar) Add(start Date, n int, counting Counting) (Date, error) {
	if !start.Valid() {
		return Date{}, fmt.Errorf("期限起算日 %d-%d-%d 无效", start.Year, start.Month, start.Day)
	}
	if n < 0 {
		return Date{}, fmt.Errorf("期限天数 %d 无效：应为零或正整数", n)
	}
	if n == 0 {
		return start, nil
	}
	switch counting {
	case CalendarDays:
		end := start.AddDays(n)
		for {
			ok, err := c.IsWorkday(end)
			if err != nil {
				return Date{}, fmt.Errorf("计算自 %s 起 %d日的期限：%w", start, n, err)
			}
			if ok {
				return end, nil
			}
			end = end.AddDays(1)
		}
	case WorkingDays:
		d := start
		for counted := 0; counted < n; {
			d = d.AddDays(1)
			ok, err := c.IsWorkday(d)
			if err != nil {
				return Date{}, fmt.Errorf("计算自 %s 起 %d个工作日的期限：%w", start, n, err)
			}
			if ok {
				counted++
			}
		}
		return d, nil
	}
	return Date{}, fmt.Errorf("计日方式“%s”无效：应为 calendar（日）或 working（工作日）", counting)
}

// WorkdaysBetween counts the working days after from up to and including to
// (the start day is not counted, as in Add): Add(from, n, WorkingDays) == to
// implies WorkdaysBetween(from, to) == n when to is a working day. It is
// negative when to is before from.
func (c *Calendar) WorkdaysBetween(from, to Date) (int, error) {
	if !from.Valid() || !to.Valid() {
		return 0, fmt.Errorf("日期无效：%d-%d-%d 至 %d-%d-%d", from.Year, from.Month, from.Day, to.Year, to.Month, to.Day)
	}
	if to.Before(from) {
		n, err := c.WorkdaysBetween(to, from)
		return -n, err
	}
	n := 0
	for d := from.AddDays(1); !d.After(to); d = d.AddDays(1) {
		ok, err := c.IsWorkday(d)
		if err != nil {
			return 0, fmt.Errorf("统计 %s 至 %s 的工作日：%w", from, to, err)
		}
		if ok {
			n++
		}
	}
	return n, nil
}
