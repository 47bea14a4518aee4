package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger/importer"
	"fazhi/internal/ledger/kinds"
)

// writeReviews writes a 合法性审查 workbook of rows (field name → value).
func writeReviews(t *testing.T, path string, rows []map[string]string) {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for j, c := range importer.Columns(kinds.LegalityReview()) {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		f.SetCellStr("Sheet1", cell, c.Header)
		for i, r := range rows {
			if c.Field != nil && r[c.Field.Name] != "" {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				f.SetCellStr("Sheet1", cell, r[c.Field.Name])
			}
		}
	}
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
}

// TestCLI_Import: check, refuse a file with a bad row, import the valid
// rows as one batch, undo it.
func TestCLI_Import(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	row := func(title, date string) map[string]string {
		return map[string]string{"subject_type": "规范性文件", "subject_title": title, "department": "司法所",
			"reviewer_type": "审核专班", "reviewer_name": "王审核", "received_date": date}
	}
	file := filepath.Join(dir, "导入.xlsx")
	writeReviews(t, file, []map[string]string{row("命令行导入一号", "2025-02-10"), row("命令行导入二号", "2099-01-01")})
	base := []string{"import", "--data", data, "--kind", "legality_review", "--unit", "云溪镇", "--as", "yunxi.clerk"}

	code, out := fazhi(t, append(base, "--dry-run", file)...)
	if code != 0 || !strings.Contains(out, "第 3 行") || !strings.Contains(out, "「收到送审材料日期」") || !strings.Contains(out, "1 行无误，1 行有问题") {
		t.Fatalf("dry run: %d %s", code, out)
	}
	if code, out := fazhi(t, append(base, file)...); code != 1 || !strings.Contains(out, "未导入任何记录") {
		t.Fatalf("dirty file: %d %s", code, out)
	}
	code, out = fazhi(t, append(base, "--valid-only", file)...)
	m := regexp.MustCompile(`已导入 1 条记录（第 (\d+) 批`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("valid only: %d %s", code, out)
	}
	if code, out := fazhi(t, "import", "undo", "--data", data, "--as", "yunxi.clerk", m[1]); code != 0 || !strings.Contains(out, "删除了 1 条记录") {
		t.Fatalf("undo: %d %s", code, out)
	}
	if code, out := fazhi(t, "import", "undo", "--data", data, m[1]); code != 1 || !strings.Contains(out, "已于") {
		t.Fatalf("second undo: %d %s", code, out)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data); code != 0 {
		t.Fatalf("audit: %d %s", code, out)
	}
	if code, _ := fazhi(t, "import", "--data", data, file); code != 2 {
		t.Errorf("missing flags: exit %d", code)
	}
	os.Remove(file)
}
