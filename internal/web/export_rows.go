package web

import (
	"strconv"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// Rows inside records in the workbook: each table field gets its own sheet
// with one line per row — 记录编号, the record's title, 行号, then the
// columns — because a clerk sums, filters and pivots attendees or members
// across records, which cells holding whole tables would not allow. The
// record's own line on the first sheet says how many rows it has and
// where they are. An import reads the sheets back by 记录编号 and 行号.

// rowSheetName is the sheet of table field f.
func rowSheetName(f ledger.Field) string { return sheetName(f.Label + "（明细）") }

// writeRowSheets writes one sheet per table field of k after the main
// sheet (named main).
func (s *Server) writeRowSheets(f *excelize.File, l *lookup, k *ledger.Kind, recs []ledger.Record, main string, bold int) error {
	for _, fd := range k.Fields {
		if fd.Type != ledger.TypeTable {
			continue
		}
		name := rowSheetName(fd)
		if name == main {
			name = sheetName("明细" + name)
		}
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return err
		}
		header := []any{excelize.Cell{StyleID: bold, Value: "记录编号"}, excelize.Cell{StyleID: bold, Value: k.Label},
			excelize.Cell{StyleID: bold, Value: "行号"}}
		widths := []float64{10, 30, 6}
		for _, c := range fd.Columns {
			header = append(header, excelize.Cell{StyleID: bold, Value: c.Label})
			widths = append(widths, columnWidth(c))
		}
		for i, wd := range widths {
			if err := sw.SetColWidth(i+1, i+1, wd); err != nil {
				return err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return err
		}
		if err := sw.SetRow("A1", header); err != nil {
			return err
		}
		line := 2
		for i := range recs {
			rec := &recs[i]
			for n, row := range rec.Data.Rows(fd.Name) {
				cells := []any{rec.ID, rec.Title, n + 1}
				for _, c := range fd.Columns {
					cells = append(cells, s.rowCell(l, c, row[c.Name]))
				}
				if err := sw.SetRow("A"+strconv.Itoa(line), cells); err != nil {
					return err
				}
				line++
			}
		}
		if err := sw.Flush(); err != nil {
			return err
		}
	}
	return nil
}

// rowCell is a cell of a row sheet: as exportCell, and decimals as numbers
// too, so that hours add up in the spreadsheet.
func (s *Server) rowCell(l *lookup, c ledger.Field, v string) any {
	if c.Type == ledger.TypeDecimal && v != "" {
		if x, err := strconv.ParseFloat(v, 64); err == nil {
			return x
		}
	}
	return s.exportCell(l, c, v)
}
