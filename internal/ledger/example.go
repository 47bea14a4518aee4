package ledger

import (
	"encoding/json"
	"fmt"

	"fazhi/internal/calendar"
)

// ExampleValue is a value a careful clerk could enter for f, dated on: it
// passes the field's own checks (types, options, bounds, ID check digits).
// References and attachments are linked, not typed: "".
func ExampleValue(f *Field, on calendar.Date) string {
	if f.Example != nil {
		return f.Example(on)
	}
	switch f.Type {
	case TypeText:
		return "示例" + f.Label
	case TypeLongText:
		return "示例内容"
	case TypeInteger, TypeDecimal:
		if f.Min != nil {
			return fmt.Sprint(max(*f.Min, 1))
		}
		return "1"
	case TypeDate:
		if f.Dates.Future { // an end of validity or a term lies after its start
			return futureDate(f, on, 400).String()
		}
		return on.String()
	case TypeEnum:
		return f.Options[0]
	case TypeBool:
		return "是"
	case TypeUnit, TypeUser:
		return "1"
	case TypePersonal:
		return map[PersonalKind]string{PersonalName: "张三", PersonalIDNumber: "11010519491231002X",
			PersonalPhone: "13800138000", PersonalAddress: "某县某镇某村1号"}[f.Personal]
	case TypeTable:
		// MinRows rows (at least one) of the required columns and the
		// first optional one.
		row := map[string]string{}
		optional := false
		for i := range f.Columns {
			c := &f.Columns[i]
			if c.Required || !optional {
				row[c.Name] = ExampleValue(c, on)
				optional = optional || !c.Required
			}
		}
		rows := make([]map[string]string, max(f.MinRows, 1))
		for i := range rows {
			rows[i] = row
			if i > 0 { // another person, not the first one again
				rows[i] = map[string]string{}
				for n, v := range row {
					if c := f.Column(n); c.Type == TypeText {
						v += fmt.Sprint(i + 1)
					}
					rows[i][n] = v
				}
			}
		}
		b, _ := json.Marshal(rows)
		return string(b)
	}
	return ""
}

// futureDate is on plus days, but no later than the last day the field
// accepts when on is today (31 December, FutureYears ahead).
func futureDate(f *Field, on calendar.Date, days int) calendar.Date {
	ahead := f.Dates.FutureYears
	if ahead == 0 {
		ahead = DefaultFutureYears
	}
	d, last := on.AddDays(days), calendar.Date{Year: on.Year + ahead, Month: 12, Day: 31}
	if d.After(last) {
		return last
	}
	return d
}

// ExampleForm is a create form of k that its checks accept, dated on:
// example values for every form field, less the optional ones the kind's
// cross-field rules refuse in that combination.
func (k *Kind) ExampleForm(on calendar.Date) Values {
	form := Values{}
	for _, f := range k.FormFields() {
		if f.Derived() {
			continue
		}
		if v := ExampleValue(f, on); v != "" {
			form[f.Name] = v
		}
	}
	if _, errs := k.Normalize(form, nil); errs != nil {
		for n := range errs {
			if f := k.Field(n); f != nil && !f.Required {
				delete(form, n)
			}
		}
	}
	return form
}

// ExampleDateAhead is on plus days for a field with a future date (a term,
// a validity), no later than the field accepts.
func ExampleDateAhead(f *Field, on calendar.Date, days int) calendar.Date {
	return futureDate(f, on, days)
}
