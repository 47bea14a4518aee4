package indicator

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
)

// Sheet is every indicator of one unit and year: the JSON printed by
// `fazhi indicators` and returned by GET /api/v1/indicators.
type Sheet struct {
	Unit       SheetUnit `json:"unit"`
	Year       int       `json:"year"`
	HasData    bool      `json:"has_data"`
	Message    string    `json:"message,omitempty"`
	Indicators []Value   `json:"indicators"`
}

// SheetUnit names the unit of a sheet.
type SheetUnit struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

// Sheet is unit u's indicators in year; a unit-year without records says
// so and still lists every indicator with its zero value.
func (res *Result) Sheet(u access.Unit, year int) Sheet {
	s := Sheet{Unit: SheetUnit{ID: u.ID, Name: u.Name}, Year: year, HasData: res.HasData(u.ID, year),
		Indicators: res.Report(u.ID, year)}
	if !s.HasData {
		s.Message = fmt.Sprintf("%s%d年度没有台账记录，各项指标均为0", u.Name, year)
	}
	return s
}

// Paths maps each unit's id to its materialised path, for Query.Paths.
func Paths(units []access.Unit) map[int64]string {
	out := make(map[int64]string, len(units))
	for _, u := range units {
		out[u.ID] = u.Path
	}
	return out
}

// Format renders a number as the figure a user reads: no trailing zeros.
func Format(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

var sheetHeader = []string{"编号", "名称", "单位", "数值", "分子", "分母", "说明"}

func (v Value) cells() []string {
	row := []string{v.ID, v.Name, v.Unit, Format(v.Value), "", "", v.Note}
	if v.Numerator != nil {
		row[4], row[5] = Format(*v.Numerator), Format(*v.Denominator)
	}
	return row
}

// WriteCSV writes the sheet as CSV (UTF-8 with a byte-order mark, which
// Excel needs to read Chinese), one indicator a line.
func (s Sheet) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, "\uFEFF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write(sheetHeader)
	for _, v := range s.Indicators {
		cw.Write(v.cells())
	}
	cw.Flush()
	return cw.Error()
}

// WriteXLSX writes the sheet as an Excel workbook: a title line (unit,
// year and, for a unit-year without records, the message), then the table.
func (s Sheet) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	if err := s.fill(f, "Sheet1", "指标"); err != nil {
		return err
	}
	_, err := f.WriteTo(w)
	return err
}

// fill writes the sheet into f's sheet from, renamed sh.
func (s Sheet) fill(f *excelize.File, from, sh string) error {
	if err := f.SetSheetName(from, sh); err != nil {
		return err
	}
	title := fmt.Sprintf("%s %d年度指标", s.Unit.Name, s.Year)
	if s.Message != "" {
		title += "（" + s.Message + "）"
	}
	f.SetCellValue(sh, "A1", title)
	rows := [][]string{sheetHeader}
	for _, v := range s.Indicators {
		rows = append(rows, v.cells())
	}
	for i, row := range rows {
		for j, c := range row {
			cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
			if (j == 3 || j == 4 || j == 5) && i > 0 && c != "" {
				n, _ := strconv.ParseFloat(c, 64)
				f.SetCellValue(sh, cell, n)
				continue
			}
			f.SetCellValue(sh, cell, c)
		}
	}
	f.SetColWidth(sh, "A", "A", 34)
	f.SetColWidth(sh, "B", "B", 30)
	f.SetColWidth(sh, "G", "G", 50)
	return nil
}
