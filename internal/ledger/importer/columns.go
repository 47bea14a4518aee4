package importer

import (
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// Headers of the columns that are not fields. The export also writes 编号
// and 更新时间; the importer accepts and ignores them, so an exported file
// imports as it is.
const (
	HeaderID      = "编号"
	HeaderUnit    = "所属单位"
	HeaderState   = "状态"
	HeaderUpdated = "更新时间"
	HeaderLate    = "逾期办结"
	// Row sheets (rows inside a record, one sheet per table field): each
	// line names its record by the main sheet's 编号 and its 行号.
	HeaderRecord = "记录编号"
	HeaderRowNo  = "行号"
)

// Column is one column of a kind's workbook.
type Column struct {
	Header string
	Field  *ledger.Field // nil for 所属单位, 状态 and the ignored columns
	// Ignored columns are read but not imported (编号, 更新时间, files).
	Ignored bool
}

// Columns are the columns of kind k's template: every importable field in
// declaration order, then 所属单位 and 状态; a kind with rows inside its
// records starts with 编号, which the rows' sheets name their record by.
// Table fields are not columns: their rows are on their own sheets.
func Columns(k *ledger.Kind) []Column {
	var out []Column
	if len(TableFields(k)) > 0 {
		out = append(out, Column{Header: HeaderID, Ignored: true})
	}
	for i := range k.Fields {
		f := &k.Fields[i]
		if !Importable(f) || f.Type == ledger.TypeTable {
			continue
		}
		out = append(out, Column{Header: f.Label, Field: f})
	}
	return append(out, Column{Header: HeaderUnit}, Column{Header: HeaderState})
}

// Importable reports whether a field's values can be imported: attachments
// cannot (files are uploaded to a record, not typed in a cell).
func Importable(f *ledger.Field) bool {
	_, ok := cellParsers[f.Type]
	return ok && f.Type != ledger.TypeFile && !f.Derived()
}

// TableFields are k's fields holding rows, each imported from its sheet.
func TableFields(k *ledger.Kind) []*ledger.Field {
	var out []*ledger.Field
	for i := range k.Fields {
		if f := &k.Fields[i]; f.Type == ledger.TypeTable && !f.Derived() {
			out = append(out, f)
		}
	}
	return out
}

// RowSheetName is the sheet holding the rows of table field f, as the
// export names it; main is the main sheet's name.
func RowSheetName(f *ledger.Field, main string) string {
	name := SheetName(f.Label + "（明细）")
	if name == main {
		name = SheetName("明细" + name)
	}
	return name
}

// layout maps the columns of a workbook (by 0-based index) to what they
// hold, read from its header row.
type layout struct {
	cols  []Column // by index; a zero Column for an empty header
	unit  int      // index of 所属单位, -1 if absent
	state int      // index of 状态, -1 if absent
	id    int      // index of 编号, -1 if absent
}

// readLayout maps the header row. Unknown and repeated headers are
// problems: a column that is not understood would silently be lost.
func readLayout(k *ledger.Kind, header []string, report func(Problem)) (*layout, bool) {
	byLabel := map[string]Column{HeaderID: {Header: HeaderID, Ignored: true}, HeaderUpdated: {Header: HeaderUpdated, Ignored: true},
		HeaderLate: {Header: HeaderLate, Ignored: true}, HeaderUnit: {Header: HeaderUnit}, HeaderState: {Header: HeaderState}}
	for i := range k.Fields {
		f := &k.Fields[i]
		byLabel[f.Label] = Column{Header: f.Label, Field: f, Ignored: !Importable(f) || f.Type == ledger.TypeTable}
	}
	l := &layout{unit: -1, state: -1, id: -1}
	seen := map[string]bool{}
	ok := true
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" {
			l.cols = append(l.cols, Column{})
			continue
		}
		c, known := byLabel[h]
		switch {
		case !known:
			report(Problem{Line: 1, Col: colName(i), Value: h,
				Reason: fmt.Sprintf("表头“%s”不是「%s」的列，请使用下载的导入模板，或删除这一列", h, k.Label)})
			ok = false
		case seen[h]:
			report(Problem{Line: 1, Col: colName(i), Value: h, Reason: fmt.Sprintf("表头“%s”重复出现，请只保留一列", h)})
			ok = false
		}
		seen[h] = true
		switch h {
		case HeaderUnit:
			l.unit = i
		case HeaderState:
			l.state = i
		case HeaderID:
			l.id = i
		}
		l.cols = append(l.cols, c)
	}
	if len(seen) == 0 {
		report(Problem{Line: 1, Col: "A", Reason: fmt.Sprintf("第 1 行应为表头（各列名称），请使用下载的「%s」导入模板", k.Label)})
		return nil, false
	}
	return l, ok
}

// colName is the spreadsheet name of a 0-based column index (A, B, …, AA).
func colName(i int) string {
	n, err := excelize.ColumnNumberToName(i + 1)
	if err != nil {
		return fmt.Sprint(i + 1)
	}
	return n
}
