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

// rowSheets are the row sheets of an export being written, one per table
// field of the kind, filled a page of records at a time.
type rowSheets struct {
	s      *Server
	fields []ledger.Field
	sws    []*excelize.StreamWriter
	lines  []int
}

// newRowSheets adds one sheet per table field of k after the main sheet
// (named main), each with its header.
func (s *Server) newRowSheets(f *excelize.File, k *ledger.Kind, main string, bold int) (*rowSheets, error) {
	rs := &rowSheets{s: s}
	for _, fd := range k.Fields {
		if fd.Type != ledger.TypeTable {
			continue
		}
		name := rowSheetName(fd)
		if name == main {
			name = sheetName("明细" + name)
		}
		if _, err := f.NewSheet(name); err != nil {
			return nil, err
		}
		sw, err := f.NewStreamWriter(name)
		if err != nil {
			return nil, err
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
				return nil, err
			}
		}
		if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
			return nil, err
		}
		if err := sw.SetRow("A1", header); err != nil {
			return nil, err
		}
		rs.fields, rs.sws, rs.lines = append(rs.fields, fd), append(rs.sws, sw), append(rs.lines, 2)
	}
	return rs, nil
}

// write adds the rows of recs' table fields.
func (rs *rowSheets) write(l *lookup, recs []ledger.Record) error {
	for i, fd := range rs.fields {
		for r := range recs {
			rec := &recs[r]
			for n, row := range rec.Data.Rows(fd.Name) {
				cells := []any{rec.ID, rec.Title, n + 1}
				for _, c := range fd.Columns {
					cells = append(cells, rs.s.rowCell(l, c, row[c.Name]))
				}
				if err := rs.sws[i].SetRow("A"+strconv.Itoa(rs.lines[i]), cells); err != nil {
					return err
				}
				rs.lines[i]++
			}
		}
	}
	return nil
}

// flush ends the row sheets.
func (rs *rowSheets) flush() error {
	for _, sw := range rs.sws {
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
