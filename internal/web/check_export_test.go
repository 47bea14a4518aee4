package web

import (
	"archive/zip"
	"bytes"
	"io"
	"mime"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// TestCheckExports: from the result page, without uploading again, the
// findings download as an .xlsx Excel reads and the report as a .docx
// whose comments carry each finding, anchored on the excerpt.
func TestCheckExports(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	loc := c.checkSubmit([]checkFile{{"甲镇报告.txt", []byte(checkSampleReport)}, {"乙镇报告.txt", []byte(checkOtherReport)}}, nil)
	_, body := c.get(loc)
	wantBody(t, body, `href="`+loc+`/findings.xlsx"`, `href="`+loc+`/1/annotated.docx"`)
	_, body = c.get(loc + "/1")
	wantBody(t, body, `href="`+loc+`/1/findings.xlsx"`, `href="`+loc+`/1/annotated.docx"`)

	download := func(path, ctype, wantName string) []byte {
		t.Helper()
		resp, body := c.get(path)
		wantStatus(t, resp, body, http.StatusOK)
		if got := resp.Header.Get("Content-Type"); got != ctype {
			t.Errorf("%s: Content-Type %q, want %q", path, got, ctype)
		}
		_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
		if err != nil || params["filename"] != wantName {
			t.Errorf("%s: download name %q (%v), want %q", path, params["filename"], err, wantName)
		}
		return []byte(body)
	}

	t.Run("xlsx of one report", func(t *testing.T) {
		rows := xlsxRows(t, download(loc+"/1/findings.xlsx", xlsxType, "甲镇报告（审校结果）.xlsx"))
		if len(rows) != 4 || rows[0][3] != "规则" {
			t.Fatalf("want a header and the 3 findings, got %d rows: %v", len(rows), rows)
		}
		found := map[string][]string{}
		for _, r := range rows[1:] {
			found[r[3]] = r
		}
		if r := found["word.confusable"]; r == nil || r[0] != "甲镇报告.txt" || r[1] != "4" || r[5] != "截止" || r[7] != "截至" {
			t.Errorf("the 截止 finding row is %v", r)
		}
		if r := found["numbering.skip"]; r == nil || r[1] != "9" || r[4] != "错误" {
			t.Errorf("the numbering finding row is %v", r)
		}
	})

	t.Run("xlsx of the whole submission", func(t *testing.T) {
		rows := xlsxRows(t, download(loc+"/findings.xlsx", xlsxType, "审校结果.xlsx"))
		files := map[string]bool{}
		for _, r := range rows[1:] {
			files[r[0]] = true
		}
		if !files["甲镇报告.txt"] || len(rows) < 4 {
			t.Errorf("the submission's sheet lacks a report: %v", rows)
		}
	})

	t.Run("annotated docx", func(t *testing.T) {
		b := download(loc+"/1/annotated.docx", docxType, "甲镇报告（审校意见）.docx")
		parts := unzipParts(t, b)
		doc, comments := parts["word/document.xml"], parts["word/comments.xml"]
		for _, want := range []string{"截止”疑为“截至”之误", "建议：截至", "缺少“四、”"} {
			if !strings.Contains(comments, want) {
				t.Errorf("comments.xml lacks %q", want)
			}
		}
		// The comment range wraps the highlighted excerpt.
		if !strings.Contains(doc, `<w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">截止</w:t>`) {
			t.Errorf("截止 is not highlighted in document.xml")
		}
		if strings.Count(doc, "<w:commentRangeStart") != 3 || strings.Count(doc, "<w:commentReference") != 3 {
			t.Errorf("want 3 comment ranges (one per finding) in document.xml")
		}
		if !strings.Contains(doc, "甲镇2023年法治政府建设工作情况报告") {
			t.Error("the report text is not in the .docx")
		}
	})
}

func xlsxRows(t *testing.T, b []byte) [][]string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("excelize cannot read the download: %v", err)
	}
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetName(0))
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		for len(rows[i]) < 8 {
			rows[i] = append(rows[i], "")
		}
	}
	return rows
}

func unzipParts(t *testing.T, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the .docx does not unzip: %v", err)
	}
	out := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		out[f.Name] = string(data)
	}
	for _, want := range []string{"[Content_Types].xml", "word/document.xml", "word/comments.xml"} {
		if _, ok := out[want]; !ok {
			t.Errorf("the .docx lacks %s", want)
		}
	}
	return out
}

// TestCheckPage_Formats: a GB18030 text file and a .docx (the annotated
// export itself, sent back) are read like the UTF-8 original: the same
// unit, and the same defects marked on the same lines (paragraphs).
func TestCheckPage_Formats(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	loc := c.checkSubmit([]checkFile{{"甲镇.txt", []byte(checkSampleReport)}}, nil)
	resp, docx := c.get(loc + "/annotated.docx")
	wantStatus(t, resp, "", http.StatusOK)
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(checkSampleReport)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range []checkFile{{"甲镇-gb18030.txt", []byte(gb)}, {"甲镇（审校意见）.docx", []byte(docx)}} {
		t.Run(f.name, func(t *testing.T) {
			loc := c.checkSubmit([]checkFile{f}, nil)
			_, body := c.get(loc)
			wantBody(t, body, "单位：<b>甲镇</b>", "年度：<b>2023</b>")
			lines := checkLines(body)
			for no, text := range map[string]string{"4": "截止", "9": "五、"} {
				if m := checkMarks(lines[no]); len(m) != 1 || m[0].text != text {
					t.Errorf("line %s marks %+v, want %q", no, m, text)
				}
			}
		})
	}
}
