package web

import (
	"context"
	"encoding/json"
	"strconv"

	"fazhi/internal/ledger"
)

// Rows inside a record (ledger.TypeTable) in the form and on the record
// page. The form names each cell "<field>.<row>.<column>" (read back by
// ledger.TableFromForm) and offers blankRows empty rows, so rows can be
// added without JavaScript (fill them in; save; more blank rows follow) and
// removed by ticking 删除; static/rows.js adds and removes rows in place.

// blankRows is how many empty rows the form offers below the rows held.
const blankRows = 3

// rowPlaceholder stands for the row index in the script's row template.
const rowPlaceholder = "__row__"

// TableInput is a table field in a form.
type TableInput struct {
	Columns []TableColumn
	Rows    []TableRow
	// Blank is the row the script copies, its index rowPlaceholder.
	Blank TableRow
	// Next is the index the script gives the next row it adds.
	Next int
	// Raw is submitted text that is not a table (from the API), shown in
	// a text box so nothing typed is lost.
	Raw string
}

// TableColumn is a column head.
type TableColumn struct {
	Label    string
	Required bool
}

// TableRow is one row of inputs; Delete names its 删除 box.
type TableRow struct {
	Delete string
	Cells  []FormField
	Error  bool
}

// TableView is a table field on the record page.
type TableView struct {
	Columns []string
	Rows    [][]FieldView
}

// tableInput builds the inputs of table field f holding v (canonical or as
// typed). bad marks a value refused: its wrong cells are marked.
func (s *Server) tableInput(ctx context.Context, l *lookup, f *ledger.Field, v string, bad bool, self int64) (*TableInput, error) {
	t := &TableInput{}
	rows, msg := f.ParseRows(v)
	if msg != "" {
		// Too many rows are still rows: shown, so that some can be removed.
		rows = nil
		if len(v) > ledger.MaxTableBytes || json.Unmarshal([]byte(v), &rows) != nil {
			t.Raw, rows = v, nil
		}
	}
	cellErr := map[[2]int]string{}
	if bad && rows != nil {
		_, errs, _ := f.NormalizeRows(rows, s.today())
		for _, e := range errs {
			for j := range f.Columns {
				if f.Columns[j].Name == e.Column {
					cellErr[[2]int{e.Row - 1, j}] = e.Message
				}
			}
		}
	}
	// Each column's input once: a user column's options are one query,
	// not one per cell.
	protos := make([]FormField, len(f.Columns))
	for j, c := range f.Columns {
		t.Columns = append(t.Columns, TableColumn{Label: c.Label, Required: c.Required})
		p, err := s.formField(ctx, l, c, "", "", self)
		if err != nil {
			return nil, err
		}
		protos[j] = p
	}
	row := func(idx string, vals ledger.Values, i int) TableRow {
		r := TableRow{Delete: f.Name + "." + idx + "._delete"}
		for j, c := range f.Columns {
			cell := protos[j]
			cell.Name, cell.Label, cell.Value, cell.Help = f.Name+"."+idx+"."+c.Name, c.Label, vals[c.Name], ""
			cell.Error = cellErr[[2]int{i, j}]
			r.Error = r.Error || cell.Error != ""
			if cell.Options != nil {
				cell.Options = selectOption(protos[j].Options, cell.Value)
			}
			r.Cells = append(r.Cells, cell)
		}
		return r
	}
	for i, vals := range rows {
		t.Rows = append(t.Rows, row(strconv.Itoa(i), vals, i))
	}
	n := len(rows)
	for b := 0; b < blankRows && n < f.RowLimit(); b++ {
		t.Rows = append(t.Rows, row(strconv.Itoa(n), nil, -1))
		n++
	}
	t.Next = n
	t.Blank = row(rowPlaceholder, nil, -1)
	return t, nil
}

// selectOption copies opts with v selected, keeping a value not among them
// as an extra option so nothing typed is lost.
func selectOption(opts []Option, v string) []Option {
	out := make([]Option, 0, len(opts)+1)
	found := false
	for _, o := range opts {
		o.Selected = o.Value == v
		found = found || o.Selected
		out = append(out, o)
	}
	if !found {
		out = append(out, Option{Value: v, Label: v, Selected: true})
	}
	return out
}

// tableView is how the record page shows table field f holding v: cells
// as on screen elsewhere (names for users and units, masked personal data
// as the store returned it).
func (s *Server) tableView(l *lookup, f ledger.Field, v string) *TableView {
	t := &TableView{}
	for _, c := range f.Columns {
		t.Columns = append(t.Columns, c.Label)
	}
	for _, row := range (ledger.Values{f.Name: v}).Rows(f.Name) {
		var cells []FieldView
		for _, c := range f.Columns {
			text, url := s.display(l, c, row[c.Name])
			cells = append(cells, FieldView{Label: c.Label, Value: text, URL: url})
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}
