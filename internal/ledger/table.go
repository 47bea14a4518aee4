package ledger

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"slices"
	"strings"
	"unicode/utf8"

	"fazhi/internal/calendar"
)

// Rows inside a record. A TypeTable field holds a table whose columns are
// declared as Fields (Field.Columns): attendees with a user and hours,
// committee members with name, sex, role and term. Its value is canonical
// JSON — an array of objects, one per row, mapping column names to canonical
// cell values, keys in name order, empty cells and empty rows left out — so
// it is one string in Values like every other field, compares equal when
// equal, and reads in an audit diff.

// Limits of a table field.
const (
	// DefaultMaxRows bounds a table whose MaxRows is 0.
	DefaultMaxRows = 500
	// MaxMaxRows is the largest MaxRows a declaration may ask for.
	MaxMaxRows = 5000
	// MaxTableBytes bounds the submitted text of one table, checked before
	// it is parsed.
	MaxTableBytes = 1 << 20
	// maxCellMessages is how many cell messages the field's message lists.
	maxCellMessages = 3
)

// columnTypes are the types a column may have. A reference or file inside
// rows would escape the links, binds and attachments kept per field, and a
// table inside a table has no form.
var columnTypes = []FieldType{TypeText, TypeLongText, TypeInteger, TypeDecimal, TypeDate, TypeEnum,
	TypeBool, TypeUnit, TypeUser, TypePersonal}

// Column returns the column named name of a table field, or nil.
func (f *Field) Column(name string) *Field {
	for i := range f.Columns {
		if f.Columns[i].Name == name {
			return &f.Columns[i]
		}
	}
	return nil
}

// ColumnByHeader returns the column of a table field whose label or name
// is the header h (spaces around it ignored), or nil: how an import maps a
// sheet's header row to columns.
func (f *Field) ColumnByHeader(h string) *Field {
	h = strings.TrimSpace(h)
	for i := range f.Columns {
		if f.Columns[i].Label == h || f.Columns[i].Name == h {
			return &f.Columns[i]
		}
	}
	return nil
}

// RowLimit is the most rows the table field f accepts.
func (f *Field) RowLimit() int {
	if f.MaxRows > 0 {
		return f.MaxRows
	}
	return DefaultMaxRows
}

// HasPersonalColumns reports whether a table field has personal columns.
func (f *Field) HasPersonalColumns() bool {
	return slices.ContainsFunc(f.Columns, func(c Field) bool { return c.Type == TypePersonal })
}

// CellError is one wrong cell of a table: 1-based row, column name and
// the Chinese message naming field, row and column.
type CellError struct {
	Row     int
	Column  string
	Message string
}

// ParseRows reads a table's text — a JSON array of objects whose values
// are strings, numbers (taken as typed) or null (empty) — as typed. It is
// lenient about nothing else: anything but that shape is an error with a
// Chinese message naming the field.
func (f *Field) ParseRows(s string) ([]Values, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, ""
	}
	if len(s) > MaxTableBytes {
		return nil, fmt.Sprintf("「%s」内容过多（超过%d KB），请分为多条记录登记", f.Label, MaxTableBytes>>10)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &raw); err != nil {
		return nil, "「" + f.Label + "」应为表格（每行一个对象，如 [{\"列名\":\"值\"}]），请重新填写"
	}
	if len(raw) > f.RowLimit() {
		return nil, fmt.Sprintf("「%s」最多%d行（提交了%d行），请分为多条记录登记", f.Label, f.RowLimit(), len(raw))
	}
	out := make([]Values, 0, len(raw))
	for i, obj := range raw {
		row := Values{}
		for name, r := range obj {
			r = bytes.TrimSpace(r)
			switch {
			case len(r) > 0 && r[0] == '"':
				var v string
				if err := json.Unmarshal(r, &v); err != nil {
					return nil, fmt.Sprintf("「%s」第%d行的“%s”无法解析，请重新填写", f.Label, i+1, name)
				}
				row[name] = v
			case string(r) == "null":
			case len(r) > 0 && (r[0] == '-' || r[0] >= '0' && r[0] <= '9'):
				row[name] = string(r)
			default:
				return nil, fmt.Sprintf("「%s」第%d行的“%s”应为文字或数字", f.Label, i+1, name)
			}
		}
		out = append(out, row)
	}
	return out, ""
}

// NormalizeCell validates one cell of row (1-based) in column c of the
// table field f, and returns its canonical value or a Chinese message
// naming the field, the row and the column — for the form, the API and an
// Excel import alike. A zero today bounds dates by their earliest year only.
func (f *Field) NormalizeCell(row int, c *Field, raw string, today calendar.Date) (string, string) {
	v, msg := c.NormalizeValue(raw)
	if msg == "" && v != "" && c.Type == TypeDate {
		msg = c.Dates.check(c, v, today)
	}
	if msg == "" && v != "" {
		msg = f.personalInCell(c, v) // pii_text.go
	}
	if msg != "" {
		return "", fmt.Sprintf("「%s」第%d行%s", f.Label, row, msg)
	}
	return v, ""
}

// NormalizeRows validates rows typed into the table field f and returns
// the canonical text ("" for no rows) or the cell errors and one message
// for the field. Empty rows are dropped; a required column must be filled
// in every row that is not empty; unknown columns are ignored.
func (f *Field) NormalizeRows(rows []Values, today calendar.Date) (string, []CellError, string) {
	var out []Values
	var errs []CellError
	for i, in := range rows {
		n := i + 1 // as submitted: the form drops its blank rows before
		row := Values{}
		bad := false
		for j := range f.Columns {
			c := &f.Columns[j]
			v, msg := f.NormalizeCell(n, c, in[c.Name], today)
			if msg != "" {
				errs = append(errs, CellError{Row: n, Column: c.Name, Message: msg})
				bad = true
				continue
			}
			if v != "" {
				row[c.Name] = v
			}
		}
		if len(row) == 0 && !bad {
			continue
		}
		for j := range f.Columns {
			c := &f.Columns[j]
			if c.Required && row[c.Name] == "" && !slices.ContainsFunc(errs, func(e CellError) bool { return e.Row == n && e.Column == c.Name }) {
				errs = append(errs, CellError{Row: n, Column: c.Name, Message: fmt.Sprintf("「%s」第%d行%s", f.Label, n, c.requiredMessage())})
			}
		}
		out = append(out, row)
	}
	if len(errs) > 0 {
		return "", errs, f.cellsMessage(errs)
	}
	if len(out) > f.RowLimit() {
		return "", nil, fmt.Sprintf("「%s」最多%d行（现有%d行），请分为多条记录登记", f.Label, f.RowLimit(), len(out))
	}
	if len(out) > 0 && len(out) < f.MinRows {
		return "", nil, fmt.Sprintf("「%s」至少应有%d行（现有%d行），请补充", f.Label, f.MinRows, len(out))
	}
	if len(out) == 0 {
		return "", nil, ""
	}
	return encodeRows(out), nil, ""
}

// cellsMessage is the field's message for its wrong cells: the first few,
// and how many there are in all.
func (f *Field) cellsMessage(errs []CellError) string {
	var ms []string
	for _, e := range errs[:min(len(errs), maxCellMessages)] {
		ms = append(ms, e.Message)
	}
	m := strings.Join(ms, "；")
	if len(errs) > maxCellMessages {
		m += fmt.Sprintf("（共%d处有误，请逐行核对）", len(errs))
	}
	return m
}

// NormalizeTable validates the text of a table field (see ParseRows) and
// returns its canonical text or a Chinese message.
func (f *Field) NormalizeTable(raw string, today calendar.Date) (string, string) {
	if !utf8.ValidString(raw) {
		return "", "「" + f.Label + "」含有无法识别的字符，请重新输入"
	}
	rows, msg := f.ParseRows(raw)
	if msg != "" {
		return "", msg
	}
	v, _, msg := f.NormalizeRows(rows, today)
	return v, msg
}

// encodeRows is the canonical text of rows: keys sorted (encoding/json
// sorts map keys), no HTML escaping so that the audit diff reads as typed.
func encodeRows(rows []Values) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(rows); err != nil {
		panic("ledger.encodeRows: " + err.Error()) // maps of strings always encode
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// EncodeRows is the text of rows as stored: the inverse of Values.Rows.
// Cells are written as they are; Normalize makes them canonical.
func EncodeRows(rows []Values) string {
	if len(rows) == 0 {
		return ""
	}
	return encodeRows(rows)
}

// Rows reads the table stored under name: one Values per row, nil when the
// field is empty or not a table. Guards and indicators read rows this way.
func (v Values) Rows(name string) []Values {
	s := v[name]
	if s == "" || s[0] != '[' {
		return nil
	}
	if rows, ok := flatRows(s); ok {
		return rows
	}
	var rows []Values
	if err := json.Unmarshal([]byte(s), &rows); err != nil {
		return nil
	}
	return rows
}

// Sum adds up the numeric cells of column in the table stored under name
// (cells that are empty or not numbers count as 0), exactly in decimal and
// rounded once: a table's total hours.
func (v Values) Sum(name, column string) float64 {
	total := new(big.Rat)
	for _, row := range v.Rows(name) {
		if r, ok := new(big.Rat).SetString(row[column]); ok && row[column] != "" {
			total.Add(total, r)
		}
	}
	f, _ := total.Float64()
	return f
}

// SumBy adds up column per value of key over the rows of the table stored
// under name (rows with an empty key left out): each person's hours.
func (v Values) SumBy(name, key, column string) map[string]float64 {
	totals := map[string]*big.Rat{}
	for _, row := range v.Rows(name) {
		k := row[key]
		if k == "" {
			continue
		}
		if totals[k] == nil {
			totals[k] = new(big.Rat)
		}
		if r, ok := new(big.Rat).SetString(row[column]); ok && row[column] != "" {
			totals[k].Add(totals[k], r)
		}
	}
	out := make(map[string]float64, len(totals))
	for k, r := range totals {
		out[k], _ = r.Float64()
	}
	return out
}

// CountRows is the number of rows of the table stored under name whose
// column equals value (every row when column is ""), e.g. how many times a
// user attended.
func (v Values) CountRows(name, column, value string) int {
	n := 0
	for _, row := range v.Rows(name) {
		if column == "" || row[column] == value {
			n++
		}
	}
	return n
}

// checkTable validates the declaration of a table field.
func (f *Field) checkTable() error {
	if f.Type != TypeTable {
		if len(f.Columns) > 0 || f.MinRows != 0 || f.MaxRows != 0 {
			return fmt.Errorf("field %q: Columns, MinRows and MaxRows belong to a table field", f.Name)
		}
		return nil
	}
	if len(f.Columns) == 0 {
		return fmt.Errorf("field %q: table without columns", f.Name)
	}
	if f.Filter || f.List || f.Search || f.Check != nil || f.Bind != nil {
		return fmt.Errorf("field %q: a table cannot be List, Filter, Search, Check or Bind (declare Search on its columns)", f.Name)
	}
	if f.MinRows < 0 || f.MaxRows < 0 || f.MaxRows > MaxMaxRows || (f.MaxRows > 0 && f.MinRows > f.MaxRows) {
		return fmt.Errorf("field %q: rows must satisfy 0 <= MinRows <= MaxRows <= %d", f.Name, MaxMaxRows)
	}
	seen := map[string]bool{}
	for i := range f.Columns {
		c := &f.Columns[i]
		switch {
		case c.Name == "" || c.Label == "":
			return fmt.Errorf("field %q: column #%d: name and label are required", f.Name, i)
		case seen[c.Name]:
			return fmt.Errorf("field %q: column %q declared twice", f.Name, c.Name)
		case !slices.Contains(columnTypes, c.Type):
			return fmt.Errorf("field %q: column %q: type %q cannot be a column (no table, reference or file inside rows)", f.Name, c.Name, c.Type)
		case c.Type == TypeEnum && len(c.Options) == 0:
			return fmt.Errorf("field %q: column %q: enum without options", f.Name, c.Name)
		case c.Type == TypePersonal && !slices.Contains(personalKinds, c.Personal):
			return fmt.Errorf("field %q: column %q: personal column needs a known Personal kind", f.Name, c.Name)
		case c.Type == TypePersonal && c.Search:
			return fmt.Errorf("field %q: column %q: personal data may not be searchable", f.Name, c.Name)
		case c.Step != "" || c.List || c.Filter || c.Check != nil || c.Bind != nil || len(c.Columns) > 0:
			return fmt.Errorf("field %q: column %q: Step, List, Filter, Check, Bind and Columns are not for columns", f.Name, c.Name)
		case c.Min != nil && c.Max != nil && *c.Min > *c.Max:
			return fmt.Errorf("field %q: column %q: Min > Max", f.Name, c.Name)
		}
		seen[c.Name] = true
	}
	return nil
}

// RowChanges says in Chinese what changed between two texts of the table
// field f, for a timeline: rows added and removed, and cells changed in
// rows that were edited ("第2行「学时」1 → 2"). Rows equal in both are
// matched first, wherever they stand, so removing one row does not read
// as every later row changed. Values are shown as stored (an audit diff
// holds marks, not plaintext, for personal cells). It returns "" when
// nothing changed.
func (f *Field) RowChanges(before, after string) string {
	old, cur := (Values{f.Name: before}).Rows(f.Name), (Values{f.Name: after}).Rows(f.Name)
	key := func(r Values) string { return encodeRows([]Values{r}) }
	left := map[string]int{}
	for _, r := range old {
		left[key(r)]++
	}
	var added []int // indexes into cur of rows not in old
	for i, r := range cur {
		if k := key(r); left[k] > 0 {
			left[k]--
			continue
		}
		added = append(added, i)
	}
	var removed []Values // rows of old not in cur, in order
	for _, r := range old {
		if k := key(r); left[k] > 0 {
			left[k]--
			removed = append(removed, r)
		}
	}
	var parts []string
	n := min(len(added), len(removed))
	for p := 0; p < n; p++ {
		i, was, now := added[p], removed[p], cur[added[p]]
		for j := range f.Columns {
			c := &f.Columns[j]
			if was[c.Name] != now[c.Name] {
				parts = append(parts, fmt.Sprintf("第%d行「%s」%s → %s", i+1, c.Label, shownCell(was[c.Name]), shownCell(now[c.Name])))
			}
		}
	}
	if len(parts) > maxCellMessages {
		parts = append(parts[:maxCellMessages], fmt.Sprintf("等%d处", len(parts)))
	}
	if k := len(added) - n; k > 0 {
		parts = append(parts, fmt.Sprintf("新增%d行", k))
	}
	if k := len(removed) - n; k > 0 {
		parts = append(parts, fmt.Sprintf("删去%d行", k))
	}
	return strings.Join(parts, "；")
}

func shownCell(v string) string {
	if v == "" {
		return "（空）"
	}
	return v
}
