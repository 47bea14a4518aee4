// Package unitsheet reads and writes the Excel sheet a unit tree is
// imported from: one row per unit with 单位名称, 上级单位, 层级 and an
// optional 统一社会信用代码. Reading only turns cells into
// access.ImportRow; what the rows mean is access.PlanImport's to check.
package unitsheet

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/safezip"
)

// MaxBytes bounds an uploaded sheet; a county's few hundred units take
// tens of kilobytes.
const MaxBytes = 2 << 20

// maxUnzipped bounds what the sheet may expand to, so a small zip bomb
// is refused instead of filling memory.
const maxUnzipped = 32 << 20

var columns = []string{access.ColName, access.ColParent, access.ColLevel, access.ColCreditCode}

// Template is the sheet to fill in: the header and three example rows
// showing a county, a township under it and a village under the township.
func Template() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "单位"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	rows := [][]any{
		{access.ColName, access.ColParent, access.ColLevel, access.ColCreditCode},
		{"某某镇", "某某县", "乡镇", ""},
		{"某某村", "某某镇", "村", ""},
		{"某某镇司法所", "某某镇", "部门", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			return nil, err
		}
	}
	for i, w := range []float64{24, 24, 12, 24} {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, w); err != nil {
			return nil, err
		}
	}
	note := "说明：每行一个单位。上级单位填已有单位或本表中另一行的名称（重名时填单位 ID）；最上级单位（仅空库时）上级单位留空。" +
		"层级填 县、乡镇、街道、村、社区 或 部门。统一社会信用代码可不填。导入前请删去示例行。"
	if err := f.SetCellValue(sheet, "F1", note); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// sheetError is a whole-sheet refusal.
func sheetError(format string, a ...any) access.ImportErrors {
	return access.ImportErrors{{Reason: fmt.Sprintf(format, a...)}}
}

// Read reads the first sheet of an .xlsx file: the header row names the
// columns (in any order; other columns are ignored), blank rows are
// skipped. A file that is not a readable workbook, lacks a required
// column or has more than access.MaxImportRows rows is refused with
// access.ImportErrors saying why.
func Read(r io.Reader) ([]access.ImportRow, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxBytes {
		return nil, sheetError("文件超过 %d MB：单位表请分批导入", MaxBytes>>20)
	}
	if !bytes.HasPrefix(data, []byte("PK")) {
		return nil, sheetError("不是 Excel .xlsx 文件：请下载导入模板，填写后另存为 .xlsx 再上传")
	}
	// Entries, each part's and the total unpacked size, the ratio and
	// nested archives, checked before the workbook is opened (safezip).
	if _, err := safezip.NewReader(data, safezip.Limits{MaxEntry: maxUnzipped, MaxTotal: maxUnzipped}); errors.Is(err, safezip.ErrBomb) {
		return nil, sheetError("%v：不予导入，请使用导入模板", err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxUnzipped})
	if err != nil {
		return nil, sheetError("无法读取该 Excel 文件（%s）：请用 Excel 或 WPS 打开后另存为 .xlsx 再上传", shortErr(err))
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, sheetError("文件中没有工作表：请使用导入模板")
	}
	rows, err := f.Rows(sheets[0])
	if err != nil {
		return nil, sheetError("无法读取工作表「%s」（%s）：请使用导入模板", sheets[0], shortErr(err))
	}
	defer rows.Close()
	col := map[string]int{}
	var out []access.ImportRow
	n := 0
	for rows.Next() {
		n++
		cells, err := rows.Columns()
		if err != nil {
			return nil, sheetError("第 %d 行无法读取（%s）：请检查该行", n, shortErr(err))
		}
		if n == 1 {
			for i, c := range cells {
				c = strings.TrimSpace(c)
				for _, want := range columns {
					if c == want {
						if _, dup := col[want]; !dup {
							col[want] = i
						}
					}
				}
			}
			var missing []string
			for _, want := range columns[:3] {
				if _, ok := col[want]; !ok {
					missing = append(missing, "「"+want+"」")
				}
			}
			if len(missing) > 0 {
				return nil, sheetError("第 1 行表头缺少%s列：请使用导入模板，表头为 单位名称、上级单位、层级、统一社会信用代码（可选）", strings.Join(missing, ""))
			}
			continue
		}
		get := func(name string) string {
			if i, ok := col[name]; ok && i < len(cells) {
				return strings.TrimSpace(cells[i])
			}
			return ""
		}
		row := access.ImportRow{Row: n, Name: get(access.ColName), Parent: get(access.ColParent),
			Level: get(access.ColLevel), CreditCode: get(access.ColCreditCode)}
		if row.Name == "" && row.Parent == "" && row.Level == "" && row.CreditCode == "" {
			continue
		}
		// Excel turns what looks like a date or a number into one: a name
		// typed as 3-1 becomes a date, a credit code of digits a float
		// that has lost its last digits. Both are refused, not imported.
		for _, c := range []struct{ col, fix string }{
			{access.ColName, "单位名称被 Excel 存成了日期或数字：请把该列设为“文本”格式后重新输入单位全称"},
			{access.ColCreditCode, "统一社会信用代码被 Excel 存成了数字（末几位可能已丢失）：请把该列设为“文本”格式后按原样重新输入"},
		} {
			i, ok := col[c.col]
			if !ok || get(c.col) == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(i+1, n)
			if t, err := f.GetCellType(sheets[0], cell); err == nil && !textCell(t) {
				row.CellErrors = append(row.CellErrors, access.RowError{Row: n, Column: c.col, Value: get(c.col), Reason: c.fix})
			}
		}
		if len(out) == access.MaxImportRows {
			return nil, sheetError("表中单位超过一次导入的上限 %d 行：请分批导入", access.MaxImportRows)
		}
		out = append(out, row)
	}
	if err := rows.Error(); err != nil {
		return nil, sheetError("无法读取工作表（%s）：请用 Excel 或 WPS 另存为 .xlsx 再上传", shortErr(err))
	}
	if n == 0 {
		return nil, sheetError("工作表是空的：请在导入模板中填写单位后上传")
	}
	return out, nil
}

// textCell reports whether a cell holds text (shared, inline or a
// formula's string) rather than a number, date or boolean.
func textCell(t excelize.CellType) bool {
	return t == excelize.CellTypeSharedString || t == excelize.CellTypeInlineString || t == excelize.CellTypeFormula
}

// shortErr keeps a library error short enough for a message.
func shortErr(err error) string {
	if errors.Is(err, excelize.ErrWorkbookFileFormat) {
		return "文件格式不受支持"
	}
	s := []rune(err.Error())
	if len(s) > 80 {
		s = append(s[:80], '…')
	}
	return string(s)
}
