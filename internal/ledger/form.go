package ledger

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// ValuesFromForm picks the values of kind k's fields for step (the empty
// step is the create/edit form; otherwise a transition event) out of a
// decoded HTML form. Only fields present in the form are returned, so an
// edit leaves absent fields alone; a file field's repeated values are
// joined with commas. Values are returned as typed — Normalize or Apply
// validates them.
func ValuesFromForm(k *Kind, form url.Values, step string) Values {
	out := Values{}
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Step != step {
			continue
		}
		if f.Type == TypeTable {
			if v, ok := TableFromForm(f, form); ok {
				out[f.Name] = v
			}
			continue
		}
		vs, ok := form[f.Name]
		if !ok {
			continue
		}
		switch {
		case len(vs) == 0:
			out[f.Name] = ""
		case f.Type == TypeFile:
			out[f.Name] = strings.Join(vs, ",")
		default:
			out[f.Name] = vs[0]
		}
	}
	return out
}

// TableFromForm reads the table field f out of a decoded HTML form: cell
// inputs are named "<field>.<row>.<column>" (row a number, ordering the
// rows), a row whose "<field>.<row>._delete" is set is left out, and so is
// a row with every cell blank (the form offers blank rows to fill in). A
// form holding only "<field>" carries the table's JSON text as is (a
// client that is not a browser). It returns the rows as typed in the
// stored text form, and whether the form holds the field at all; an edit
// leaves a table absent from the form alone.
func TableFromForm(f *Field, form url.Values) (string, bool) {
	prefix := f.Name + "."
	rows := map[int]Values{}
	deleted := map[int]bool{}
	for key, vs := range form {
		rest, ok := strings.CutPrefix(key, prefix)
		if !ok || len(vs) == 0 {
			continue
		}
		idx, col, ok := strings.Cut(rest, ".")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 0 {
			continue
		}
		if col == "_delete" {
			deleted[n] = vs[0] != ""
			continue
		}
		if f.Column(col) == nil {
			continue
		}
		if rows[n] == nil {
			rows[n] = Values{}
		}
		if strings.TrimSpace(vs[0]) != "" {
			rows[n][col] = vs[0]
		}
	}
	_, marked := form[f.Name]
	if len(rows) == 0 && len(deleted) == 0 {
		if !marked {
			return "", false
		}
		return strings.TrimSpace(form.Get(f.Name)), true
	}
	order := make([]int, 0, len(rows))
	for n, row := range rows {
		if len(row) > 0 && !deleted[n] {
			order = append(order, n)
		}
	}
	sort.Ints(order)
	out := make([]Values, 0, len(order))
	for _, n := range order {
		out = append(out, rows[n])
	}
	return EncodeRows(out), true
}
