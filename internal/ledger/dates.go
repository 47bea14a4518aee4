package ledger

import "fazhi/internal/calendar"

// Date reads the canonical date stored under name.
func (v Values) Date(name string) (calendar.Date, bool) {
	s := v[name]
	if s == "" {
		return calendar.Date{}, false
	}
	d, err := calendar.ParseDate(s)
	return d, err == nil
}
