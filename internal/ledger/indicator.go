package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// Indicators computed from a kind's records. A kind declares each figure it
// feeds (Kind.Indicators): which of its records count (Where), which date
// puts a record in a year (Dates, or the record's Year), and what is
// measured — a count of records, the sum of a field, the sum of a column
// over rows inside records, the number of distinct persons, or a rate of
// two other figures. Names and units live in the one catalogue of
// internal/indicator, keyed by ID; package indicator evaluates these
// declarations per unit and year and rolls them up the unit tree.

// Measure is what an indicator computes over the records it selects.
type Measure string

const (
	Count   Measure = "count"   // the number of records
	Sum     Measure = "sum"     // the sum of Field (integer or decimal) over the records
	SumRows Measure = "rows"    // the sum of Column over the rows of table Field
	Persons Measure = "persons" // distinct values of Field (a personal field: by its keyed hash), or of Column over rows of table Field
	Rate    Measure = "rate"    // Num ÷ Den × 100, both other indicators' ids
)

// Match selects records by state and field values.
type Match struct {
	States    []string            // in one of these states (none: any)
	NotStates []string            // in none of these
	Fields    map[string][]string // field → accepted values
	Filled    []string            // these fields are not empty
	// AtLeast: the number in each of these fields is at least the value
	// (a village counts as covered with one 法律明白人 or more).
	AtLeast map[string]float64
}

// Indicator is one figure declared by a kind.
type Indicator struct {
	ID      string // catalogue id, e.g. "petition.received"
	Measure Measure
	Where   Match
	// Dates: the first filled of these date fields puts a record in its
	// year (a petition counts as received by received_date, as closed by
	// close_date). Empty: the record's Year (Kind.YearField). A record with
	// none of them filled is not counted.
	Dates []string
	// OpenAtYearEnd counts the records in progress on 31 December: the
	// first filled of Dates is on or before it, and none of Ends is filled
	// with a date on or before it (matters open at year end count as in
	// progress, whatever happened to them later).
	OpenAtYearEnd bool
	Ends          []string
	// During counts the records in progress at any time of the year: the
	// first filled of Dates is on or before 31 December and none of Ends
	// or Through is before 1 January (a legal adviser engaged in the year).
	During bool
	// Through are last days (a certificate's or a term's end): with
	// OpenAtYearEnd a record whose Through date is before 31 December is
	// over by then; one valid until 31 December is still counted.
	Through []string
	Field   string // Sum, SumRows, Persons
	Column  string // SumRows; Persons over rows
	// Default: SumRows counts a row whose Column is empty with the
	// record's field Default (an attendee without hours of their own
	// earned the session's hours).
	Default string
	// RowDate: SumRows counts each row in the year of its own date in
	// this column (a training session of an officer's record counts in
	// the year it was held, whatever the record's year); a row without
	// one is not counted.
	RowDate  string
	Num, Den string // Rate: ids of two indicators (of any kind)
	// Dashboard puts the figure on the dashboards' charts (every figure
	// is in their tables).
	Dashboard bool
	// Note says in Chinese how the records are chosen, for the catalogue
	// page and the drill-down (e.g. "年末尚未办结的计为在办").
	Note string
	// Report places the figure in the annual report (nil: not written).
	Report *ReportLine
}

// PersonFields are the personal fields whose keyed hash an evaluation of
// k's indicators needs in place of the value.
func (k *Kind) PersonFields() []string {
	var out []string
	for _, in := range k.Indicators {
		if in.Measure == Persons && in.Column == "" {
			if f := k.Field(in.Field); f != nil && f.Type == TypePersonal && !slices.Contains(out, in.Field) {
				out = append(out, in.Field)
			}
		}
	}
	return out
}

// checkIndicators validates k's indicator declarations; ids across kinds
// are checked by the registry.
func (k *Kind) checkIndicators() error {
	for _, in := range k.Indicators {
		bad := func(format string, a ...any) error {
			return fmt.Errorf("indicator %q: %s", in.ID, fmt.Sprintf(format, a...))
		}
		if strings.Count(in.ID, ".") != 1 {
			return bad("id must be <area>.<measure>")
		}
		for _, s := range append(slices.Clone(in.Where.States), in.Where.NotStates...) {
			if k.State(s) == nil {
				return bad("unknown state %q", s)
			}
		}
		for name := range in.Where.Fields {
			if k.Field(name) == nil {
				return bad("unknown field %q", name)
			}
		}
		for _, name := range in.Where.Filled {
			if k.Field(name) == nil {
				return bad("unknown field %q", name)
			}
		}
		for name := range in.Where.AtLeast {
			if f := k.Field(name); f == nil || (f.Type != TypeInteger && f.Type != TypeDecimal) {
				return bad("AtLeast: %q is not a numeric field", name)
			}
		}
		for _, name := range slices.Concat(in.Dates, in.Ends, in.Through) {
			if f := k.Field(name); f == nil || f.Type != TypeDate {
				return bad("%q is not a date field", name)
			}
		}
		if err := checkReportLine(in); err != nil {
			return err
		}
		if in.OpenAtYearEnd && (len(in.Dates) == 0 || len(in.Ends)+len(in.Through) == 0) {
			return bad("OpenAtYearEnd needs Dates (start) and Ends or Through")
		}
		if in.During && (in.OpenAtYearEnd || len(in.Dates) == 0 || len(in.Ends)+len(in.Through) == 0) {
			return bad("During needs Dates (start) and Ends or Through, without OpenAtYearEnd")
		}
		if len(in.Ends)+len(in.Through) > 0 && !in.OpenAtYearEnd && !in.During {
			return bad("Ends and Through are for OpenAtYearEnd or During")
		}
		if in.RowDate != "" && in.Measure != SumRows {
			return bad("RowDate is for SumRows")
		}
		f := k.Field(in.Field)
		switch in.Measure {
		case Count:
		case Sum:
			if f == nil || (f.Type != TypeInteger && f.Type != TypeDecimal) {
				return bad("Sum needs an integer or decimal Field")
			}
		case SumRows:
			if f == nil || f.Type != TypeTable {
				return bad("SumRows needs a table Field")
			}
			if c := f.Column(in.Column); c == nil || (c.Type != TypeInteger && c.Type != TypeDecimal) {
				return bad("SumRows needs a numeric Column of %s", in.Field)
			}
			if d := k.Field(in.Default); in.Default != "" && (d == nil || (d.Type != TypeInteger && d.Type != TypeDecimal)) {
				return bad("Default %q is not a numeric field", in.Default)
			}
			if c := f.Column(in.RowDate); in.RowDate != "" && (c == nil || c.Type != TypeDate || in.OpenAtYearEnd || in.During) {
				return bad("RowDate %q is not a date column of %s (or is combined with OpenAtYearEnd)", in.RowDate, in.Field)
			}
		case Persons:
			if f == nil {
				return bad("Persons needs a Field")
			}
			if in.Column != "" {
				c := f.Column(in.Column)
				if f.Type != TypeTable || c == nil || c.Type == TypePersonal {
					return bad("Persons over rows needs a table Field and a non-personal key Column")
				}
			}
		case Rate:
			if in.Num == "" || in.Den == "" {
				return bad("Rate needs Num and Den")
			}
		default:
			return bad("unknown measure %q", in.Measure)
		}
	}
	return nil
}

// checkIndicatorIDs: ids are unique across kinds and every rate's parts
// are declared.
func (r *Registry) checkIndicatorIDs() error {
	ids := map[string]bool{}
	for _, k := range r.Kinds() {
		for _, in := range k.Indicators {
			if ids[in.ID] {
				return fmt.Errorf("ledger.NewRegistry: indicator %q declared twice", in.ID)
			}
			ids[in.ID] = true
		}
	}
	for _, k := range r.Kinds() {
		for _, in := range k.Indicators {
			if in.Measure == Rate && (!ids[in.Num] || !ids[in.Den]) {
				return fmt.Errorf("ledger.NewRegistry: kind %q: rate %q: parts %q and %q must be declared", k.Name, in.ID, in.Num, in.Den)
			}
		}
	}
	return nil
}

// IndicatorFields are the fields k's indicators read (filters, dates,
// measured fields and defaults), each once: an evaluation needs no other
// value of a record.
func (k *Kind) IndicatorFields() []string {
	var out []string
	add := func(names ...string) {
		for _, n := range names {
			if n != "" && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	for _, in := range k.Indicators {
		for f := range in.Where.Fields {
			add(f)
		}
		for f := range in.Where.AtLeast {
			add(f)
		}
		add(in.Where.Filled...)
		add(in.Dates...)
		add(in.Ends...)
		add(in.Through...)
		add(in.Field, in.Default)
	}
	slices.Sort(out)
	return out
}
