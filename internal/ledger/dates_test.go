package ledger_test

import (
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// A date typed as 1900 or 2099 is refused where it is entered, naming the
// field; a plan or deadline date may lie ahead, within bounds.
func TestNormalize_DatesWithinPlausibleRange(t *testing.T) {
	k := &ledger.Kind{Name: "k", Label: "测试", Fields: []ledger.Field{
		{Name: "received", Label: "收到日期", Type: ledger.TypeDate},
		{Name: "until", Label: "有效期至", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true}},
		{Name: "old", Label: "原发文日期", Type: ledger.TypeDate, Dates: ledger.DateRange{Since: 1980}},
	}, Workflow: ledger.Workflow{States: []ledger.State{{Name: "s", Label: "状态", Editable: true}}}}
	today := calendar.Date{Year: 2025, Month: 6, Day: 30}
	cases := []struct {
		field, value, want string // want "" means accepted
	}{
		{"received", "2025-06-30", ""},
		{"received", "2000-01-01", ""},
		{"received", "1900-01-01", "「收到日期」（1900年1月1日）早于2000年"},
		{"received", "1999-12-31", "早于2000年"},
		{"received", "2025-07-01", "「收到日期」（2025年7月1日）晚于今天（2025年6月30日）"},
		{"received", "2099-03-01", "晚于今天"},
		{"until", "2030-06-30", ""},
		{"until", "2035-12-31", ""},
		{"until", "2036-01-01", "「有效期至」（2036年1月1日）晚于2035年底"},
		{"old", "1985-05-05", ""},
		{"old", "1979-12-31", "早于1980年"},
	}
	for _, c := range cases {
		data, errs := k.NormalizeOn(ledger.Values{c.field: c.value}, nil, today)
		got := errs[c.field]
		switch {
		case c.want == "" && got != "":
			t.Errorf("%s=%s refused: %s", c.field, c.value, got)
		case c.want != "" && !strings.Contains(got, c.want):
			t.Errorf("%s=%s: message %q, want it to contain %q", c.field, c.value, got, c.want)
		case c.want != "" && data[c.field] != c.value:
			t.Errorf("%s=%s: typed value not kept for the form (got %q)", c.field, c.value, data[c.field])
		}
	}
	// Without a day to judge by, only the earliest year is checked.
	if _, errs := k.NormalizeOn(ledger.Values{"received": "2099-03-01"}, nil, calendar.Date{}); len(errs) != 0 {
		t.Errorf("zero today refused a future date: %v", errs)
	}
}
