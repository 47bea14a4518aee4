package ledger

import (
	"fmt"
	"slices"
	"strings"
)

// Demo is what the demo generator (internal/demo) reads of a kind to make
// a township's records of a year at realistic volumes: how many, how many
// are still under way at the year's end, how many missed a clock, which
// values the records prefer, and where a table's rows come from. A kind
// with Volume 0 gets no generated records.
type Demo struct {
	// Volume is how many records a township makes in a year (at 100%),
	// modelled on the seed reports' yearly figures.
	Volume int
	// Open is the percent of a past year's records still under way (left
	// where a clerk stopped); this year's young records are under way too.
	Open int
	// Late is the percent of closed records whose deadline was missed
	// (the step dated after its due date); the others meet it.
	Late int
	// InForce: the record lives in a state once it reaches it (a committee
	// serving, an officer certified, an adviser engaged) and is not ended.
	InForce bool
	// Values are the preferred values of fields, form and step alike, drawn
	// at random (repeat a value to weigh it): a written agreement, a review
	// found lawful. A table's column is named "table.column".
	Values map[string][]string
	// AtYearEnd are steps taken in the record's year's last month (a work
	// plan's year-end summary).
	AtYearEnd []string
	// Settings are local settings the records need and a township may
	// lack (the 发文代字 of its register numbers), set for a generated
	// township that has no value; "{单位}" stands for the township's name
	// without its 镇 or 乡.
	Settings map[string]string
	// Rows fills a table field's rows from records of another ledger of
	// the township valid on the record's date (the officers of a case
	// from the certified staff).
	Rows map[string]DemoRows
}

// DemoRows takes a table's rows from records of Kind: column → field of
// the record copied into it.
type DemoRows struct {
	Kind    string
	Columns map[string]string
}

// checkDemo: the preferred values name fields (or a table's columns) of
// the kind and an enum's options; the rows come from a declared kind's
// fields into the table's columns.
func (k *Kind) checkDemo(r *Registry) error {
	for name, vals := range k.Demo.Values {
		f := k.Field(name)
		if table, col, ok := strings.Cut(name, "."); ok {
			if t := k.Field(table); t != nil {
				f = t.Column(col)
			}
		}
		if f == nil {
			return fmt.Errorf("demo values for %q: no such field", name)
		}
		for _, v := range vals {
			if f.Type == TypeEnum && !slices.Contains(f.Options, v) {
				return fmt.Errorf("demo value %q of %q is not one of its options", v, name)
			}
		}
	}
	for name := range k.Demo.Settings {
		if !slices.ContainsFunc(k.Settings, func(s Setting) bool { return s.Name == name }) {
			return fmt.Errorf("demo setting %q: not a setting of the kind", name)
		}
	}
	for _, e := range k.Demo.AtYearEnd {
		if k.Transition(e) == nil {
			return fmt.Errorf("demo step %q at the year's end: no such transition", e)
		}
	}
	for name, rows := range k.Demo.Rows {
		f, from := k.Field(name), r.Kind(rows.Kind)
		switch {
		case f == nil || f.Type != TypeTable:
			return fmt.Errorf("demo rows for %q: no such table", name)
		case from == nil:
			return fmt.Errorf("demo rows of %q from unknown kind %q", name, rows.Kind)
		}
		for col, src := range rows.Columns {
			if f.Column(col) == nil || from.Field(src) == nil {
				return fmt.Errorf("demo rows of %q: column %q from %s.%s not declared", name, col, rows.Kind, src)
			}
		}
	}
	return nil
}
