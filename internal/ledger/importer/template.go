package importer

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// Template writes kind k's import template: a sheet named after the kind
// with the header row, and a sheet 说明 listing each column's type,
// options and whether it is required. Attachments are not imported, and
// the template says so.
func Template(w io.Writer, k *ledger.Kind) (err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("importer.Template(%s): %w", k.Name, err)
		}
	}()
	f := excelize.NewFile()
	defer f.Close()
	sheet := SheetName(k.Label)
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E8EEF5"}}})
	if err != nil {
		return err
	}
	text, err := f.NewStyle(&excelize.Style{NumFmt: 49}) // "@": cells stay text, dates are not reformatted
	if err != nil {
		return err
	}
	cols := Columns(k)
	for i, c := range cols {
		name := colName(i)
		if err := f.SetCellStr(sheet, name+"1", c.Header); err != nil {
			return err
		}
		if err := f.SetColWidth(sheet, name, name, 18); err != nil {
			return err
		}
		if err := f.SetColStyle(sheet, name, text); err != nil {
			return err
		}
	}
	last := colName(len(cols) - 1)
	if err := f.SetCellStyle(sheet, "A1", last+"1", bold); err != nil {
		return err
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}

	for _, tf := range TableFields(k) {
		name := RowSheetName(tf, sheet)
		if _, err := f.NewSheet(name); err != nil {
			return err
		}
		headers := []string{HeaderRecord, k.Label, HeaderRowNo}
		for _, c := range tf.Columns {
			headers = append(headers, c.Label)
		}
		for i, h := range headers {
			if err := f.SetCellStr(name, colName(i)+"1", h); err != nil {
				return err
			}
			if err := f.SetColWidth(name, colName(i), colName(i), 16); err != nil {
				return err
			}
			if err := f.SetColStyle(name, colName(i), text); err != nil {
				return err
			}
		}
		if err := f.SetCellStyle(name, "A1", colName(len(headers)-1)+"1", bold); err != nil {
			return err
		}
	}

	const notes = "说明"
	if _, err := f.NewSheet(notes); err != nil {
		return err
	}
	rows := [][]string{
		{fmt.Sprintf("「%s」导入说明：第 1 行为表头，请勿改动；从第 2 行起每行一条记录。导入前逐行逐格检查，有任何错误时不导入（可选择“只导入无误的行”）；每次导入为一批，可整批撤销。", k.Label)},
		{"列名", "类型", "必填", "可填的值 / 格式", "说明"},
	}
	for _, c := range cols {
		rows = append(rows, describe(k, c))
	}
	for _, tf := range TableFields(k) {
		rows = append(rows, []string{}, []string{fmt.Sprintf("「%s」在“%s”表中逐行填写：每行的「记录编号」填所属记录在主表中的「编号」，按主表的顺序排列；「%s」「行号」两列不导入。", tf.Label, RowSheetName(tf, sheet), k.Label)})
		for j := range tf.Columns {
			rows = append(rows, describe(k, Column{Header: tf.Columns[j].Label, Field: &tf.Columns[j]}))
		}
	}
	var files []string
	for i := range k.Fields {
		if k.Fields[i].Type == ledger.TypeFile {
			files = append(files, "「"+k.Fields[i].Label+"」")
		}
	}
	if len(files) > 0 {
		rows = append(rows, []string{}, []string{"附件" + strings.Join(files, "、") + "不能通过表格导入：导入后在记录页上传。"})
	}
	rows = append(rows, []string{"导出的文件可直接导入：其中「编号」「更新时间」「逾期办结」和自动生成的列不导入（「编号」只用于对应明细表的行）。"})
	for i, r := range rows {
		for j, v := range r {
			if err := f.SetCellStr(notes, colName(j)+fmt.Sprint(i+1), v); err != nil {
				return err
			}
		}
	}
	for col, wd := range map[string]float64{"A": 24, "B": 12, "C": 6, "D": 40, "E": 60} {
		if err := f.SetColWidth(notes, col, col, wd); err != nil {
			return err
		}
	}
	if err := f.SetCellStyle(notes, "A2", "E2", bold); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}

// describe is a column's line on the 说明 sheet.
func describe(k *ledger.Kind, c Column) []string {
	switch c.Header {
	case HeaderUnit:
		return []string{c.Header, "单位", "", "单位名称或编号", "导入时选择了单位则不用填；否则必填，须是您可以新建记录的单位"}
	case HeaderState:
		return []string{c.Header, "选项", "", stateLabels(k), "不填为“" + k.State(k.Initial()).Label + "”；填写后续状态时，按办理流程逐步办理到该状态，每一步所需的列须填写，办理规则照常检查"}
	}
	f := c.Field
	req := ""
	if f.Required {
		req = "是"
	}
	note := f.Help
	if f.Step != "" {
		if t := k.Transition(f.Step); t != nil {
			req = ""
			if f.Required {
				req = "该步必填"
			}
			note = strings.TrimSpace("在“" + t.Label + "”这一步填写。" + note)
		}
	}
	typ, format := "文字", ""
	switch f.Type {
	case ledger.TypeText:
		format = fmt.Sprintf("不超过 %d 字", f.MaxRunes())
	case ledger.TypeLongText:
		typ, format = "长文字", fmt.Sprintf("不超过 %d 字", f.MaxRunes())
	case ledger.TypeInteger:
		typ, format = "整数", bounds(f)
	case ledger.TypeDecimal:
		typ, format = "数字", bounds(f)
	case ledger.TypeDate:
		typ, format = "日期", "如 2024-03-15（也可 2024/3/15、2024年3月15日）"
	case ledger.TypeEnum:
		typ, format = "选项", strings.Join(f.Options, "、")
	case ledger.TypeBool:
		typ, format = "是/否", "是、否"
	case ledger.TypeUnit:
		typ, format = "单位", "单位名称或编号"
	case ledger.TypeUser:
		typ, format = "用户", "用户名、姓名或编号"
	case ledger.TypeReference:
		typ, format = "记录", "所指记录的编号（或唯一的标题）"
	case ledger.TypePersonal:
		typ, format = "个人信息", "完整填写（加密保存）；含 * 的遮蔽值不能导入"
	default:
		typ = string(f.Type)
	}
	return []string{c.Header, typ, req, format, note}
}

func bounds(f *ledger.Field) string {
	switch {
	case f.Min != nil && f.Max != nil:
		return fmt.Sprintf("%d 至 %d", *f.Min, *f.Max)
	case f.Min != nil:
		return fmt.Sprintf("不小于 %d", *f.Min)
	case f.Max != nil:
		return fmt.Sprintf("不大于 %d", *f.Max)
	}
	return ""
}

// SheetName makes a label a valid sheet name: at most 31 characters, none
// of : \ / ? * [ ].
func SheetName(label string) string {
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
