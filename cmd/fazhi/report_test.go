package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/proofread"
)

// The 党政办's January from the command line, on the demo database: a
// township's draft as .txt, .docx and its figures, each figure equal to
// `fazhi indicators`; the draft passes `fazhi check`; the county batch
// drafts each township and nothing else; a year without records still
// gives the outline; bad flags get a Chinese message.
func TestCLI_ReportDraftAndBatch(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	year := strconv.Itoa(calendar.FromTime(time.Now().In(calendar.China)).Year)
	txt, docxFile, figs := filepath.Join(dir, "云溪镇.txt"), filepath.Join(dir, "云溪镇.docx"), filepath.Join(dir, "figures.json")
	if code, out := fazhi(t, "report", "draft", "--data", data, "--unit", "云溪镇", "--year", year, "-o", txt, "--figures", figs); code != 0 {
		t.Fatalf("report draft: %d %s", code, out)
	}
	if code, out := fazhi(t, "report", "draft", "--data", data, "--unit", "云溪镇", "--year", year, "-o", docxFile); code != 0 {
		t.Fatalf("report draft .docx: %d %s", code, out)
	}
	text, _ := os.ReadFile(txt)
	if !strings.HasPrefix(string(text), "云溪镇关于"+year+"年度法治政府建设情况的报告\n青山县人民政府：\n") {
		t.Errorf("draft opens %.200s", text)
	}

	// Each figure is in the text and equals the unit's indicator.
	_, sheetOut := fazhi(t, "indicators", "--data", data, "--unit", "云溪镇", "--year", year)
	var sheet sheetJSON
	if err := json.Unmarshal([]byte(sheetOut[strings.Index(sheetOut, "{"):]), &sheet); err != nil {
		t.Fatal(err)
	}
	value := map[string]float64{}
	for _, v := range sheet.Indicators {
		value[v.ID] = v.Value
	}
	raw, _ := os.ReadFile(figs)
	var figures []struct {
		Section, ID, Text, Sentence string
		Value                       float64
		Change                      bool
	}
	if err := json.Unmarshal(raw, &figures); err != nil {
		t.Fatalf("figures: %v\n%s", err, raw)
	}
	if len(figures) < 5 {
		t.Fatalf("only %d figures: %s", len(figures), raw)
	}
	for _, f := range figures {
		if !strings.Contains(string(text), f.Sentence) || !strings.Contains(f.Sentence, f.Text) || f.Section == "" {
			t.Errorf("figure %+v not in the draft", f)
		}
		if !f.Change && f.Value != value[f.ID] {
			t.Errorf("figure %s = %v, fazhi indicators says %v", f.ID, f.Value, value[f.ID])
		}
	}

	// 审校: no error in either file.
	for _, f := range []string{txt, docxFile} {
		if code, out := fazhi(t, "check", "--year", year, f); code != 0 {
			t.Errorf("fazhi check %s: %d\n%s", filepath.Base(f), code, out)
		}
	}
	c, _ := proofread.NewChecker(proofread.Config{Year: 0})
	docxData, _ := os.ReadFile(docxFile)
	res, err := c.Check(context.Background(), "r.docx", docxData)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range res.Parts {
		if !p.Found {
			t.Errorf("the .docx lacks part %s", p.Part)
		}
	}

	// The county batch: one file per township, none for villages or departments.
	out := filepath.Join(dir, "batch")
	code, msg := fazhi(t, "report", "batch", "--data", data, "--under", "青山县", "--year", year, "-o", out, "--format", "txt")
	if code != 0 {
		t.Fatalf("batch: %d %s", code, msg)
	}
	_, units := fazhi(t, "unit", "list", "--data", data)
	var want []string
	for _, l := range strings.Split(units, "\n") {
		if strings.Contains(l, "（乡镇/街道") {
			want = append(want, strings.TrimSpace(l[:strings.Index(l, "（")])+year+"年度法治政府建设情况报告.txt")
		}
	}
	entries, _ := os.ReadDir(out)
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if len(want) < 2 || strings.Join(sorted(got), "|") != strings.Join(sorted(want), "|") {
		t.Errorf("batch wrote %q, want %q", got, want)
	}
	same, _ := os.ReadFile(filepath.Join(out, "云溪镇"+year+"年度法治政府建设情况报告.txt"))
	if string(same) != string(text) {
		t.Error("the batch's draft of a township differs from its own draft")
	}

	// No records in the year: the outline, and a note on stderr.
	empty := filepath.Join(dir, "empty.txt")
	if code, msg := fazhi(t, "report", "draft", "--data", data, "--unit", "云溪镇", "--year", "2099", "-o", empty); code != 0 || !strings.Contains(msg, "没有台账记录") {
		t.Errorf("empty year: %d %s", code, msg)
	}
	if e, _ := os.ReadFile(empty); strings.Count(string(e), "尚无台账记录") < 2 || !strings.Contains(string(e), "五、其他需要报告的情况") {
		t.Errorf("empty year draft:\n%s", e)
	}

	for _, bad := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"report"}, 2, "缺少子命令"},
		{[]string{"report", "publish"}, 2, "未知子命令"},
		{[]string{"report", "draft", "--data", data, "-o", txt}, 2, "缺少 --unit"},
		{[]string{"report", "draft", "--data", data, "--unit", "云溪镇", "-o", "r.doc"}, 2, ".docx、.txt 或 .pdf"},
		{[]string{"report", "draft", "--data", data, "--unit", "云溪镇", "--year", "1900", "-o", txt}, 2, "--year 应为2000至2100"},
		{[]string{"report", "draft", "--data", data, "--unit", "云溪镇", "--year", "二〇二五", "-o", txt}, 2, "用法错误"},
		{[]string{"report", "draft", "--data", data, "--unit", "不存在的镇", "-o", txt}, 1, "找不到单位"},
		{[]string{"report", "batch", "--data", data, "--under", "青山县", "-o", out, "--format", "doc"}, 2, "--format 应为"},
		{[]string{"report", "batch", "--data", data, "--under", "云溪镇", "--year", year, "-o", out}, 2, "没有乡镇"},
	} {
		if code, msg := fazhi(t, bad.args...); code != bad.code || !strings.Contains(msg, bad.msg) {
			t.Errorf("%v: %d %s", bad.args, code, msg)
		}
	}
}

// TestCLI_ReportPDF: -o FILE.pdf through LibreOffice.
func TestCLI_ReportPDF(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err != nil {
		if os.Getenv("FAZHI_REQUIRE_LIBREOFFICE") == "1" {
			t.Fatal("LibreOffice (soffice) is required here (FAZHI_REQUIRE_LIBREOFFICE=1)")
		}
		t.Skip("needs LibreOffice (apt-get install libreoffice-writer-nogui)")
	}
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	pdf := filepath.Join(dir, "r.pdf")
	if code, out := fazhi(t, "report", "draft", "--data", data, "--unit", "桃源乡", "-o", pdf); code != 0 {
		t.Fatalf("pdf: %d %s", code, out)
	}
	b, _ := os.ReadFile(pdf)
	if !strings.HasPrefix(string(b), "%PDF-") {
		t.Fatalf("not a PDF: %.20q", b)
	}
	// Without LibreOffice: the Chinese message, no file.
	t.Setenv("PATH", t.TempDir())
	none := filepath.Join(dir, "none.pdf")
	if code, out := fazhi(t, "report", "draft", "--data", data, "--unit", "桃源乡", "-o", none); code == 0 || !strings.Contains(out, "需要 LibreOffice") {
		t.Errorf("without LibreOffice: %d %s", code, out)
	}
	if _, err := os.Stat(none); err == nil {
		t.Error("a file was written without LibreOffice")
	}
}

func sorted(s []string) []string {
	out := append([]string(nil), s...)
	for i := range out {
		for j := i + 1; j < len(out); j++ {
			if out[j] < out[i] {
				out[i], out[j] = out[j], out[i]
			}
		}
	}
	return out
}
