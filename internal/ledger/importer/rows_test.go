package importer

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// tableKind has rows inside its records: attendees with a name and hours.
func tableKind() *ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return &ledger.Kind{
		Name: "study", Label: "学习", TitleField: "title",
		Fields: []ledger.Field{
			{Name: "title", Label: "主题", Type: ledger.TypeText, Required: true},
			{Name: "people", Label: "参加人员", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true},
				{Name: "owner", Label: "用户", Type: ledger.TypeUser},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal},
			}},
		},
		Workflow:    ledger.Workflow{States: []ledger.State{{Name: "draft", Label: "登记", Editable: true}}},
		CreateRoles: clerk, EditRoles: clerk,
	}
}

// sheets builds a workbook of named sheets (the first is the main one).
func sheets(t *testing.T, names []string, content ...[][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, name := range names {
		if i == 0 {
			f.SetSheetName("Sheet1", name)
		} else {
			f.NewSheet(name)
		}
		for r, row := range content[i] {
			for c, v := range row {
				if v != "" {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					f.SetCellStr(name, cell, v)
				}
			}
		}
	}
	var buf bytes.Buffer
	f.WriteTo(&buf)
	return buf.Bytes()
}

func TestRunRowsInsideRecords(t *testing.T) {
	k := tableKind()
	main := [][]string{{"编号", "主题", "参加人员", "所属单位"},
		{"11", "宪法学习", "2行，见“参加人员（明细）”表", "甲镇"},
		{"12", "民法典学习", "", "甲镇"},
		{"13", "行政复议法学习", "1行", "甲镇"}}
	detail := [][]string{{"记录编号", "学习", "行号", "姓名", "用户", "学时"},
		{"11", "宪法学习", "1", "张三", "张三", "2"},
		{"11", "宪法学习", "2", "李四", "", "1.5"},
		{"13", "行政复议法学习", "1", "王五", "", "3"}}
	f := &fake{k: k}
	rep, err := Run(context.Background(), bytes.NewReader(sheets(t, []string{"学习", "参加人员（明细）"}, main, detail)), k, f, f, Options{})
	if err != nil || !rep.Clean() || len(f.written) != 3 {
		t.Fatalf("report %+v err %v", rep, err)
	}
	if got := f.written[0].Data["people"]; got != `[{"hours":"2","name":"张三","owner":"7"},{"hours":"1.5","name":"李四"}]` {
		t.Errorf("rows of 11: %s", got)
	}
	if f.written[1].Data["people"] != "" || !strings.Contains(f.written[2].Data["people"], "王五") {
		t.Errorf("rows of 12, 13: %v %v", f.written[1].Data, f.written[2].Data)
	}

	// A wrong cell, a missing required cell and a line of no record: each
	// named by sheet, line and column; nothing written.
	detail[2][5] = "一个半"
	detail[3][3] = ""
	detail = append(detail, []string{"99", "", "1", "赵六"})
	f = &fake{k: k}
	rep, err = Run(context.Background(), bytes.NewReader(sheets(t, []string{"学习", "参加人员（明细）"}, main, detail)), k, f, f, Options{ValidOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	var all []string
	for _, p := range rep.Problems {
		all = append(all, p.String())
	}
	s := strings.Join(all, "\n")
	for _, want := range []string{
		"“参加人员（明细）”表第 3 行 F 列「学时」“一个半”：「参加人员」第2行「学时」应为数字",
		"“参加人员（明细）”表第 4 行 D 列「姓名」：「参加人员」第1行请填写「姓名」",
		"“参加人员（明细）”表第 5 行 A 列「记录编号」“99”：主表中没有「编号」为此值的行",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("missing %q in\n%s", want, s)
		}
	}
	if len(f.written) != 0 {
		t.Errorf("wrote %d records", len(f.written))
	}
}
