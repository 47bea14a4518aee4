package web

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// writeWorkbook writes one sheet named after the kind: a header row of
// Chinese labels (编号, 事项 fields, 所属单位, 状态, 更新时间), one row per
// record, and a closing note when the export was capped (total > rows).
// Dates stay text (YYYY-MM-DD) so that every spreadsheet program shows them
// as the ledger does; integers are numbers; personal values are written as
// the store returned them (masked for roles without need).
func (s *Server) writeWorkbook(w io.Writer, l *lookup, k *ledger.Kind, recs []ledger.Record, total int) error {
	return s.writeWorkbookLate(w, l, k, recs, total, nil)
}

// writeWorkbookLate is writeWorkbook with a column 逾期办结 reading late by
// record id ("逾期N日办结", or empty when met in time).
func (s *Server) writeWorkbookLate(w io.Writer, l *lookup, k *ledger.Kind, recs []ledger.Record, total int, late map[int64]string) error {
	pages := func(yield func([]ledger.Record, map[int64]string) error) (int, int, error) {
		if len(recs) > 0 {
			if err := yield(recs, late); err != nil {
				return 0, 0, err
			}
		}
		return len(recs), max(total, len(recs)), nil
	}
	_, _, err := s.writeWorkbookPages(w, l, k, pages, late != nil)
	return err
}

// exportSource passes the records of an export to yield a page at a time,
// each with its late notes, and returns how many it passed and how many
// matched.
type exportSource func(yield func(page []ledger.Record, late map[int64]string) error) (rows, total int, err error)

// writeWorkbookPages is writeWorkbook over pages of records, each written
// to the main sheet and the row sheets (export_rows.go) as it comes, so
// the records of one page only are held; withLate adds the 逾期办结 column.
func (s *Server) writeWorkbookPages(w io.Writer, l *lookup, k *ledger.Kind, pages exportSource, withLate bool) (rows, total int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("web.writeWorkbook(%s): %w", k.Name, err)
		}
	}()
	f := excelize.NewFile()
	defer f.Close()
	sheet := sheetName(k.Label)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return 0, 0, err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return 0, 0, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}}})
	if err != nil {
		return 0, 0, err
	}
	header := []any{excelize.Cell{StyleID: bold, Value: "编号"}}
	widths := []float64{8}
	for _, fd := range k.Fields {
		header = append(header, excelize.Cell{StyleID: bold, Value: fd.Label})
		widths = append(widths, columnWidth(fd))
	}
	for _, h := range []string{"所属单位", "状态", "更新时间"} {
		header = append(header, excelize.Cell{StyleID: bold, Value: h})
	}
	widths = append(widths, 16, 10, 17)
	if withLate {
		header = append(header, excelize.Cell{StyleID: bold, Value: "逾期办结"})
		widths = append(widths, 14)
	}
	for i, wd := range widths {
		if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
			return 0, 0, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return 0, 0, err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return 0, 0, err
	}
	rs, err := s.newRowSheets(f, k, sheet, bold)
	if err != nil {
		return 0, 0, err
	}
	row := 2
	rows, total, err = pages(func(recs []ledger.Record, late map[int64]string) error {
		for i := range recs {
			rec := &recs[i]
			cells := []any{rec.ID}
			for _, fd := range k.Fields {
				cells = append(cells, s.exportCell(l, fd, rec.Data[fd.Name]))
			}
			cells = append(cells, l.unitName(rec.UnitID), stateLabel(k, rec.State),
				rec.UpdatedAt.In(calendar.China).Format("2006-01-02 15:04"))
			if withLate {
				cells = append(cells, late[rec.ID])
			}
			if err := sw.SetRow("A"+strconv.Itoa(row), cells); err != nil {
				return err
			}
			row++
		}
		return rs.write(l, recs)
	})
	if err != nil {
		return 0, 0, err
	}
	if total > rows {
		note := fmt.Sprintf("注：符合条件的记录共 %d 条，一次最多导出 %d 条，本表只含前 %d 条。请在列表页加筛选条件（如年度、单位、状态）分批导出。",
			total, rows, rows)
		if err := sw.SetRow("A"+strconv.Itoa(row+1), []any{note}); err != nil {
			return 0, 0, err
		}
	}
	if err := sw.Flush(); err != nil {
		return 0, 0, err
	}
	if err := rs.flush(); err != nil {
		return 0, 0, err
	}
	_, err = f.WriteTo(w)
	return rows, total, err
}

// exportCell is one field's value in the workbook: names for units, users
// and references (as on screen), numbers for integers, text otherwise.
func (s *Server) exportCell(l *lookup, f ledger.Field, v string) any {
	if v == "" {
		return ""
	}
	if f.Type == ledger.TypeTable {
		return fmt.Sprintf("%d行，见“%s”表", len(ledger.Values{f.Name: v}.Rows(f.Name)), rowSheetName(f))
	}
	if f.Type == ledger.TypeInteger {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil {
			return n
		}
	}
	text, _ := s.display(l, f, v)
	return text
}

func columnWidth(f ledger.Field) float64 {
	switch f.Type {
	case ledger.TypeLongText:
		return 40
	case ledger.TypeDate, ledger.TypeInteger, ledger.TypeDecimal:
		return 12
	}
	return 18
}

// sheetName makes a label a valid sheet name: at most 31 characters, none
// of : \ / ? * [ ].
func sheetName(label string) string {
	name := strings.Map(func(r rune) rune {
		if strings.ContainsRune(`:\/?*[]`, r) {
			return '_'
		}
		return r
	}, strings.Trim(label, "'"))
	for utf8.RuneCountInString(name) > 31 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" {
		return "台账"
	}
	return name
}
