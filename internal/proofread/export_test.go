package proofread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func TestWriteFindingsXLSX_ReadsBack(t *testing.T) {
	var buf bytes.Buffer
	reports := []ExportReport{
		{File: "甲镇.docx", Findings: []Finding{
			{Rule: "word.confusable", Severity: Error, Line: 3, Column: 7, Excerpt: "权利", Message: "“权利”疑为“权力”之误", Suggestion: "权力"},
			{Rule: "term.outdated", Severity: Warning, Line: 9, Column: 2, Excerpt: "全国法制宣传日", Message: "已更名", Suggestion: "国家宪法日"},
		}},
		{File: "乙镇.txt", Findings: []Finding{{Rule: "char.duplicate", Severity: Error, Line: 1, Column: 1, Excerpt: "的的", Message: "重复", Suggestion: "的"}}},
		{File: "丙镇.txt"},
	}
	if err := WriteFindingsXLSX(&buf, reports...); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatalf("written xlsx does not open: %v", err)
	}
	rows, err := f.GetRows("审校结果")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"文件", "行", "列", "规则", "严重程度", "原文", "问题说明", "修改建议"},
		{"甲镇.docx", "3", "7", "word.confusable", "错误", "权利", "“权利”疑为“权力”之误", "权力"},
		{"甲镇.docx", "9", "2", "term.outdated", "警告", "全国法制宣传日", "已更名", "国家宪法日"},
		{"乙镇.txt", "1", "1", "char.duplicate", "错误", "的的", "重复", "的"},
	}
	if len(rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %v", len(rows), len(want), rows)
	}
	for i := range want {
		if strings.Join(rows[i], "|") != strings.Join(want[i], "|") {
			t.Errorf("row %d: got %v, want %v", i+1, rows[i], want[i])
		}
	}
}

// unzipDocx returns the parts of a .docx and checks each XML part parses.
func unzipDocx(t *testing.T, data []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("docx is not a zip: %v", err)
	}
	parts := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		parts[f.Name] = string(b)
		dec := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s is not well-formed XML: %v", f.Name, err)
			}
		}
	}
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels"} {
		if _, ok := parts[name]; !ok {
			t.Fatalf("docx lacks %s", name)
		}
	}
	return parts
}

// docxText collects the paragraphs' text and the highlighted text.
func docxText(t *testing.T, document string) (paras []string, highlighted []string) {
	t.Helper()
	type run struct {
		Highlight *struct {
			Val string `xml:"val,attr"`
		} `xml:"rPr>highlight"`
		Text string `xml:"t"`
	}
	type para struct {
		Runs []run `xml:"r"`
	}
	var d struct {
		Paras []para `xml:"body>p"`
	}
	if err := xml.Unmarshal([]byte(document), &d); err != nil {
		t.Fatal(err)
	}
	for _, p := range d.Paras {
		var s, h strings.Builder
		for _, r := range p.Runs {
			s.WriteString(r.Text)
			if r.Highlight != nil {
				h.WriteString(r.Text)
			} else if h.Len() > 0 && r.Text != "" {
				highlighted = append(highlighted, h.String())
				h.Reset()
			}
		}
		if h.Len() > 0 {
			highlighted = append(highlighted, h.String())
		}
		paras = append(paras, s.String())
	}
	return paras, highlighted
}

func TestWriteAnnotatedDocx_HighlightsAndComments(t *testing.T) {
	lines := []Line{
		{No: 1, Text: "某镇2022年法治政府建设工作报告"},
		{No: 3, Text: "促进行政权利规范运行，在“12.4”全国法制宣传日开展活动 <&> 。"},
		{No: 4, Text: "我镇的的工作。"},
	}
	fs := []Finding{
		{Rule: "word.confusable", Severity: Error, Line: 3, Column: 5, Excerpt: "权利", Message: "“权利”疑为“权力”之误", Suggestion: "权力"},
		{Rule: "term.outdated", Severity: Warning, Line: 3, Column: 19, Excerpt: "全国法制宣传日", Message: "已更名为国家宪法日", Suggestion: "国家宪法日"},
		{Rule: "term.outdated", Severity: Warning, Line: 3, Column: 21, Excerpt: "法制宣传", Message: "应为法治宣传", Suggestion: "法治宣传"},
		{Rule: "char.duplicate", Severity: Error, Line: 4, Column: 99, Excerpt: "的的", Message: "“的”重复", Suggestion: "的"},
		{Rule: "outline.missing-part", Severity: Error, Line: 0, Message: "缺少第三部分", Suggestion: "补写第一责任人履职情况"},
	}
	var buf bytes.Buffer
	if err := WriteAnnotatedDocx(&buf, lines, fs); err != nil {
		t.Fatal(err)
	}
	parts := unzipDocx(t, buf.Bytes())
	paras, hl := docxText(t, parts["word/document.xml"])
	for i, l := range lines {
		if paras[i] != l.Text {
			t.Errorf("paragraph %d: got %q, want %q", i+1, paras[i], l.Text)
		}
	}
	wantHL := []string{"权利", "全国法制宣传日", "的的"}
	if strings.Join(hl, "|") != strings.Join(wantHL, "|") {
		t.Errorf("highlighted %q, want %q", hl, wantHL)
	}
	var comments struct {
		C []struct {
			ID    string   `xml:"id,attr"`
			Paras []string `xml:"p>r>t"`
		} `xml:"comment"`
	}
	if err := xml.Unmarshal([]byte(parts["word/comments.xml"]), &comments); err != nil {
		t.Fatal(err)
	}
	if len(comments.C) != len(fs) {
		t.Fatalf("%d comments, want %d", len(comments.C), len(fs))
	}
	for i, c := range comments.C {
		text := strings.Join(c.Paras, "\n")
		if !strings.Contains(text, fs[i].Message) || !strings.Contains(text, "建议："+fs[i].Suggestion) {
			t.Errorf("comment %s = %q, want message %q and suggestion %q", c.ID, text, fs[i].Message, fs[i].Suggestion)
		}
		doc := parts["word/document.xml"]
		for _, tag := range []string{`<w:commentRangeStart w:id="` + c.ID + `"/>`, `<w:commentRangeEnd w:id="` + c.ID + `"/>`, `<w:commentReference w:id="` + c.ID + `"/>`} {
			if strings.Count(doc, tag) != 1 {
				t.Errorf("document has %d of %s, want 1", strings.Count(doc, tag), tag)
			}
		}
	}
}

// TestWriteAnnotatedDocx_ConvertsWithLibreOffice converts the document to
// PDF with LibreOffice when it is installed, as a check that a real office
// suite opens it.
func TestWriteAnnotatedDocx_ConvertsWithLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("FAZHI_REQUIRE_LIBREOFFICE") == "1" {
			t.Fatal("LibreOffice (soffice) is required here (FAZHI_REQUIRE_LIBREOFFICE=1): apt-get install libreoffice-writer-nogui")
		}
		t.Skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui to run this check")
	}
	dir := t.TempDir()
	var buf bytes.Buffer
	if err := WriteAnnotatedDocx(&buf, []Line{{No: 1, Text: "促进行政权利规范运行。"}},
		[]Finding{{Rule: "word.confusable", Severity: Error, Line: 1, Column: 5, Excerpt: "权利", Message: "疑为权力", Suggestion: "权力"}}); err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "a.docx")
	os.WriteFile(in, buf.Bytes(), 0o644)
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"), "--convert-to", "pdf", "--outdir", dir, in)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	st, err := os.Stat(filepath.Join(dir, "a.pdf"))
	if err != nil || st.Size() == 0 {
		t.Fatalf("no PDF produced: %v", err)
	}
}

func FuzzWriteAnnotatedDocx(f *testing.F) {
	f.Add("促进行政权利规范运行。", 5, "权利")
	f.Add("<&>\x00\x1f", 1, "&")
	f.Add("", 0, "")
	f.Fuzz(func(t *testing.T, text string, col int, excerpt string) {
		var buf bytes.Buffer
		err := WriteAnnotatedDocx(&buf, []Line{{No: 1, Text: text}, {No: 2, Text: excerpt}},
			[]Finding{{Rule: "x", Line: 1, Column: col, Excerpt: excerpt, Message: text}, {Rule: "y", Line: 2, Column: 1, Excerpt: excerpt}})
		if err != nil {
			t.Fatal(err)
		}
		unzipDocx(t, buf.Bytes())
	})
}
