package ledger

import (
	"fmt"
	"strconv"

	"fazhi/internal/calendar"
)

// Date reads the canonical date stored under name.
func (v Values) Date(name string) (calendar.Date, bool) {
	s := v[name]
	if s == "" {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(s)
	return d, err == nil
}

// check returns a Chinese message when the canonical date v of field f lies
// outside the range, judged on today (zero: no upper bound).
func (dr DateRange) check(f *Field, v string, today calendar.Date) string {
	d, err := calendar.ParseDate(v)
	if err != nil {
		return ""
	}
	since := dr.Since
	if since == 0 {
		since = DefaultSinceYear
	}
	if d.Year < since {
		return fmt.Sprintf("「%s」（%s）早于%d年，不是可能的日期，请核对年份后重新填写", f.Label, d.Chinese(), since)
	}
	if today.IsZero() {
		return ""
	}
	if !dr.Future {
		if d.After(today) {
			return fmt.Sprintf("「%s」（%s）晚于今天（%s），请填写已经发生的日期", f.Label, d.Chinese(), today.Chinese())
		}
		return ""
	}
	ahead := dr.FutureYears
	if ahead == 0 {
		ahead = DefaultFutureYears
	}
	if d.Year > today.Year+ahead {
		return fmt.Sprintf("「%s」（%s）晚于%d年底，请核对年份后重新填写", f.Label, d.Chinese(), today.Year+ahead)
	}
	return ""
}

// Int reads the integer stored under name.
func (v Values) Int(name string) (int, bool) {
	n, err := strconv.Atoi(v[name])
	return n, err == nil
}
