package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// Setting up a county from the command line alone, on a fresh database:
// the root unit, townships and villages (by hand and from Excel), users by
// unit name, a move and a refused close.
func TestCLI_SetUpACounty(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %d %s", code, out)
	}
	// Before any unit: a Chinese answer that says what to do.
	code, out := fazhi(t, "user", "add", "--data", data, "--unit", "1", "--roles", "admin", "wang")
	if code != 1 || !strings.Contains(out, "数据库中还没有任何单位") || strings.Contains(out, "not found") {
		t.Fatalf("user add on an empty database: %d %s", code, out)
	}
	steps := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"unit", "add", "--level", "township", "某某镇"}, 1, "乡镇/街道不能作为最上级单位"},
		{[]string{"unit", "add", "--level", "county", "某某县"}, 0, "已新建单位 某某县（ID 1"},
		{[]string{"unit", "add", "--level", "county", "另一县"}, 1, "已有最上级单位「某某县」"},
		{[]string{"unit", "add", "--parent", "某某县", "--level", "乡镇", "城关镇"}, 0, "已新建单位 城关镇"},
		{[]string{"unit", "add", "--parent", "某某县", "--level", "township", "城关镇"}, 1, "「某某县」下已有名为「城关镇」的单位"},
		{[]string{"unit", "add", "--parent", "城关镇", "--level", "village", "东关村"}, 0, "已新建单位 东关村"},
		{[]string{"unit", "add", "--parent", "某某县", "--level", "village", "县直村"}, 1, "上级单位应为乡镇/街道"},
		{[]string{"unit", "add", "--parent", "无此镇", "--level", "village", "某村"}, 1, "找不到单位「无此镇」"},
		{[]string{"unit", "add", "--parent", "1", "--level", "nosuch", "某局"}, 1, "层级「nosuch」无法识别"},
		{[]string{"user", "add", "--unit", "城关镇", "--roles", "admin", "--password", "Chengguan-2025", "cg.admin"}, 0, "已创建用户 cg.admin"},
		{[]string{"user", "add", "--unit", "城关镇", "--roles", "clerk", "--password", "Chengguan-2025", "cg.admin"}, 2, "用户名 cg.admin 已被使用"},
		{[]string{"unit", "template", filepath.Join(dir, "模板.xlsx")}, 0, "已写出导入模板"},
	}
	for _, s := range steps {
		code, out := fazhi(t, append(append(s.args[:2:2], "--data", data), s.args[2:]...)...)
		if code != s.code || !strings.Contains(out, s.want) {
			t.Errorf("fazhi %v: %d %s; want %d and %q", s.args, code, out, s.code, s.want)
		}
	}

	// Import: a bad sheet lists every bad row and writes nothing.
	bad := writeSheet(t, filepath.Join(dir, "bad.xlsx"), [][]string{
		{"单位名称", "上级单位", "层级", "统一社会信用代码"},
		{"西关镇", "某某县", "乡镇", ""},
		{"西关村", "西关镇", "村", "123"},
		{"南关村", "北关镇", "村", ""},
	})
	code, out = fazhi(t, "unit", "import", "--data", data, bad)
	if code != 1 || !strings.Contains(out, "第 3 行「统一社会信用代码」列") || !strings.Contains(out, "第 4 行「上级单位」列") {
		t.Fatalf("bad import: %d %s", code, out)
	}
	if _, out := fazhi(t, "unit", "list", "--data", data); strings.Contains(out, "西关镇") {
		t.Fatalf("a refused import wrote units: %s", out)
	}
	good := writeSheet(t, filepath.Join(dir, "good.xlsx"), [][]string{
		{"层级", "单位名称", "上级单位"},
		{"村", "西关村", "西关镇"},
		{"乡镇", "西关镇", "某某县"},
		{"部门", "县司法局", "某某县"},
	})
	if code, out := fazhi(t, "unit", "import", "--data", data, good); code != 0 || !strings.Contains(out, "已导入 3 个单位") {
		t.Fatalf("import: %d %s", code, out)
	}
	// Move a village, close an empty one, refuse closing one with a user.
	if code, out := fazhi(t, "unit", "move", "--data", data, "--parent", "西关镇", "东关村"); code != 0 {
		t.Fatalf("move: %d %s", code, out)
	}
	if code, out := fazhi(t, "unit", "move", "--data", data, "西关镇", "西关村"); code != 1 || !strings.Contains(out, "下级单位") {
		t.Errorf("move under a descendant: %d %s", code, out)
	}
	if code, out := fazhi(t, "unit", "close", "--data", data, "城关镇"); code != 1 || !strings.Contains(out, "cg.admin") {
		t.Errorf("close with a user: %d %s", code, out)
	}
	if code, out := fazhi(t, "unit", "close", "--data", data, "县司法局"); code != 0 {
		t.Errorf("close: %d %s", code, out)
	}
	if code, out := fazhi(t, "unit", "rename", "--data", data, "西关村", "西关村委会"); code != 0 {
		t.Errorf("rename: %d %s", code, out)
	}
	_, out = fazhi(t, "unit", "list", "--data", data)
	for _, want := range []string{"某某县（县/区，ID 1）\n", "  城关镇（乡镇/街道", "  西关镇（乡镇/街道", "    东关村（村/社区", "    西关村委会（村/社区", "县司法局（部门/科室", "［已撤销］"} {
		if !strings.Contains(out, want) {
			t.Errorf("unit list lacks %q:\n%s", want, out)
		}
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data); code != 0 {
		t.Errorf("audit verify: %d %s", code, out)
	}
}

func writeSheet(t *testing.T, path string, rows [][]string) string {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
	return path
}
