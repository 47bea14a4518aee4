package kinds

import (
	"fmt"
	"strconv"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// refuse is a RuleError about field, citing basis.
func refuse(field, basis, format string, args ...any) error {
	return &ledger.RuleError{Field: field, Basis: basis, Reason: fmt.Sprintf(format, args...)}
}

// percent is n out of total as a percentage with one decimal ("95.5"), or
// "" when total is 0.
func percent(n, total int) string {
	if total <= 0 {
		return ""
	}
	return strconv.FormatFloat(float64(n)*100/float64(total), 'f', 1, 64)
}

// count is a computed integer field: the number of rows of table whose
// column equals value (every row when column is ""), "" when none.
func count(table, column, value string) func(r *ledger.Record) string {
	return func(r *ledger.Record) string {
		if r.Data[table] == "" {
			return ""
		}
		return strconv.Itoa(r.Data.CountRows(table, column, value))
	}
}

// cellDate reads a date cell of a table row.
func cellDate(row ledger.Values, column string) (calendar.Date, bool) {
	d, err := calendar.ParseDate(row[column])
	return d, err == nil && row[column] != ""
}

// notAfterToday refuses a date in field later than today.
func notAfterToday(g *ledger.GuardContext, field string) error {
	return dateOrder(g, field, "", "")
}

// settingInt reads an integer setting of the record's unit (its default
// when unset or unreadable).
func settingInt(g *ledger.GuardContext, name string) int {
	n, err := strconv.Atoi(g.Setting(name))
	if err != nil {
		if s := g.Kind.Setting(name); s != nil {
			n, _ = strconv.Atoi(s.Default)
		}
	}
	return n
}

func itoa(n int) string { return strconv.Itoa(n) }

// example is a Field.Example that is always v.
func example(v string) func(calendar.Date) string { return func(calendar.Date) string { return v } }
