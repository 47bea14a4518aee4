package importer

import (
	"context"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// Rows inside a record (ledger.TypeTable) are read from the field's own
// sheet, as the export writes it: 记录编号 (the main sheet's 编号), the
// record's title, 行号, then the columns. The sheet is streamed beside the
// main sheet: the lines of a record follow the lines of the record before,
// as in the export, so no table is held longer than its record's row.

func init() { RegisterCell(ledger.TypeTable, plainCell) }

// rowSheet is the cursor over one table field's sheet.
type rowSheet struct {
	f      *ledger.Field
	name   string
	rows   *excelize.Rows
	cols   []*ledger.Field // by index; nil for 记录编号, title, 行号 and unknown
	key    int             // index of 记录编号
	line   int
	next   []string // the line read ahead, nil at the end
	nextAt int
}

// openRowSheets opens the sheet of every table field present in the file;
// header problems are reported.
func (r *run) openRowSheets() ([]*rowSheet, error) {
	var out []*rowSheet
	have := map[string]bool{}
	for _, s := range r.f.GetSheetList() {
		have[s] = true
	}
	for _, f := range TableFields(r.k) {
		name := RowSheetName(f, r.sheet)
		if !have[name] {
			continue
		}
		rows, err := r.f.Rows(name)
		if err != nil {
			return nil, fmt.Errorf("%w：%v", ErrFile, err)
		}
		rs := &rowSheet{f: f, name: name, rows: rows, key: -1}
		if rows.Next() {
			rs.line = 1
			header, err := rows.Columns()
			if err != nil {
				return nil, fmt.Errorf("%w：%v", ErrFile, err)
			}
			for i, h := range header {
				h = strings.TrimSpace(h)
				c := f.ColumnByHeader(h)
				switch {
				case h == HeaderRecord:
					rs.key = i
				case c != nil || h == "" || h == HeaderRowNo || h == r.k.Label:
				case !r.writing:
					r.report(Problem{Sheet: name, Line: 1, Col: colName(i), Value: h,
						Reason: fmt.Sprintf("表头“%s”不是「%s」的列，请使用下载的导入模板，或删除这一列", h, f.Label)})
					r.badHeader = true
				}
				rs.cols = append(rs.cols, c)
			}
		}
		if rs.key < 0 && !r.writing {
			r.report(Problem{Sheet: name, Line: 1, Reason: "明细表缺少「记录编号」列：每行须写明所属记录在主表中的「编号」"})
			r.badHeader = true
		}
		rs.advance()
		out = append(out, rs)
	}
	return out, nil
}

// advance reads the next non-blank line ahead.
func (rs *rowSheet) advance() {
	rs.next = nil
	for rs.rows.Next() {
		rs.line++
		cells, err := rs.rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil || blankRow(cells) {
			continue
		}
		rs.next, rs.nextAt = cells, rs.line
		return
	}
}

func (rs *rowSheet) keyOf(cells []string) string {
	if rs.key < 0 || rs.key >= len(cells) {
		return ""
	}
	return strings.TrimSpace(cells[rs.key])
}

// take reads the lines of record key: the table's canonical text, or
// problems naming the sheet, line and column.
func (r *run) take(ctx context.Context, rs *rowSheet, key string) (string, []Problem) {
	var rows []ledger.Values
	var lines []int
	var probs []Problem
	for key != "" && rs.next != nil && rs.keyOf(rs.next) == key {
		row := ledger.Values{}
		for i, c := range rs.cols {
			if c == nil || i >= len(rs.next) {
				continue
			}
			raw := rs.next[i]
			v, reason := parseCell(Cell{Ctx: ctx, Field: c, Raw: raw, Resolve: r.res})
			if reason != "" {
				probs = append(probs, Problem{Sheet: rs.name, Line: rs.nextAt, Col: colName(i), Header: c.Label, Value: raw,
					Reason: fmt.Sprintf("「%s」第%d行%s", rs.f.Label, len(rows)+1, reason)})
				continue
			}
			if v != "" {
				row[c.Name] = v
			}
		}
		rows, lines = append(rows, row), append(lines, rs.nextAt)
		rs.advance()
	}
	if len(probs) > 0 || len(rows) == 0 {
		return "", probs
	}
	text, cellErrs, msg := rs.f.NormalizeRows(rows, r.t.Today())
	for _, e := range cellErrs {
		p := Problem{Sheet: rs.name, Reason: e.Message}
		if e.Row-1 < len(lines) {
			p.Line = lines[e.Row-1]
		}
		for i, c := range rs.cols {
			if c != nil && c.Name == e.Column {
				p.Col, p.Header = colName(i), c.Label
			}
		}
		probs = append(probs, p)
	}
	if len(cellErrs) == 0 && msg != "" {
		probs = append(probs, Problem{Sheet: rs.name, Line: lines[0], Reason: msg})
	}
	return text, probs
}

// leftovers reports the lines of a row sheet that no record took.
func (r *run) leftovers(rs *rowSheet) {
	for rs.next != nil {
		r.report(Problem{Sheet: rs.name, Line: rs.nextAt, Col: colName(rs.key), Header: HeaderRecord, Value: rs.keyOf(rs.next),
			Reason: "主表中没有「编号」为此值的行，或明细的顺序与主表不一致：请按主表的顺序排列明细，并填写所属记录的「编号」"})
		r.badHeader = true // rows that belong nowhere: the file is not written
		rs.advance()
	}
}

func (rs *rowSheet) close() { rs.rows.Close() }
