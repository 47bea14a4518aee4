package proofread

import (
	"archive/zip"
	"bytes"
	"context"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
)

func gb18030(t *testing.T, s string) []byte {
	b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func utf16le(s string) []byte {
	out := []byte{0xFF, 0xFE}
	for _, r := range s { // BMP only in the test text
		out = append(out, byte(r), byte(r>>8))
	}
	return out
}

func TestExtract_TextEncodings(t *testing.T) {
	const text = "屏南镇2022年法治政府建设工作报告\n一、主要举措和成效"
	for _, tc := range []struct {
		name string
		data []byte
	}{
		{"utf8", []byte(text)},
		{"utf8 bom", append([]byte{0xEF, 0xBB, 0xBF}, text...)},
		{"gb18030", gb18030(t, text)},
		{"utf16 bom", utf16le(text)},
		{"crlf", []byte(strings.ReplaceAll(text, "\n", "\r\n"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lines, _, err := extract(context.Background(), "r.txt", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if len(lines) != 2 || lines[0] != "屏南镇2022年法治政府建设工作报告" || lines[1] != "一、主要举措和成效" {
				t.Fatalf("lines = %q", lines)
			}
		})
	}
}

func TestExtract_BadInputGetsAClearMessage(t *testing.T) {
	big := bytes.Repeat([]byte("法"), MaxInputSize/3+1)
	for _, tc := range []struct {
		name, file string
		data       []byte
		want       string
	}{
		{"empty", "a.txt", nil, "文件为空"},
		{"only spaces", "a.txt", []byte(" \n\t\n"), "文件为空"},
		{"binary", "a.txt", []byte{0x7f, 'E', 'L', 'F', 0, 0, 1, 2}, "不是文本文件"},
		{"too large", "a.txt", big, "超过上限 50 MB"},
		{"truncated docx", "a.docx", []byte("PK\x03\x04garbage"), "不是有效的 .docx"},
		{"docx without body", "a.docx", coreZipOf(t, map[string]string{"word/styles.xml": "<x/>"}), "缺少正文"},
		{"docx bad xml", "a.docx", coreZipOf(t, map[string]string{"word/document.xml": "<w:document><w:body><w:p><w:r><w:t>甲</w:t></w:r>"}), "XML 格式错误"},
		{"broken pdf", "a.pdf", []byte("%PDF-1.4\nnot really"), "PDF"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := extract(context.Background(), tc.file, tc.data)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), tc.file) {
				t.Fatalf("error %q should name %s and say %q", err, tc.file, tc.want)
			}
		})
	}
}

func TestExtract_DocWithoutLibreOfficeNamesWhatToInstall(t *testing.T) {
	if _, err := exec.LookPath("soffice"); err == nil {
		t.Skip("LibreOffice is installed here")
	}
	if _, err := exec.LookPath("libreoffice"); err == nil {
		t.Skip("LibreOffice is installed here")
	}
	_, _, err := extract(context.Background(), "a.doc", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3})
	if err == nil || !strings.Contains(err.Error(), "libreoffice") || !strings.Contains(err.Error(), "a.doc") {
		t.Fatalf("err = %v", err)
	}
}

func coreZipOf(t testing.TB, files map[string]string) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, body := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const testNumberingXML = `<w:numbering xmlns:w="w">
<w:abstractNum w:abstractNumId="0">
 <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
 <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
</w:abstractNum>
<w:num w:numId="3"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>`

func numbered(id, lvl, text string) string {
	return `<w:p><w:pPr><w:numPr><w:ilvl w:val="` + lvl + `"/><w:numId w:val="` + id + `"/></w:numPr></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestExtract_DocxParagraphsNumberingTables(t *testing.T) {
	doc := `<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>北和镇2022年</w:t></w:r><w:bookmarkStart w:name="_GoBack"/><w:r><w:t xml:space="preserve">法治政府建设年度报告</w:t></w:r></w:p>
` + numbered("3", "0", "主要举措和成效") + numbered("3", "1", "落实学法制度") + numbered("3", "1", "开展普法") + numbered("3", "0", "存在的不足") + `
<w:p><w:r><w:t>项目</w:t></w:r><w:r><w:tab/></w:r><w:r><w:t>数量</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>信访</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>88件</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>调解</w:t></w:r></w:p><w:p><w:r><w:t>（含村级）</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>12件</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:delText>删掉的字</w:delText><w:t>保留的字</w:t></w:r></w:p>
</w:body></w:document>`
	data := coreZipOf(t, map[string]string{"word/document.xml": doc, "word/numbering.xml": testNumberingXML})
	lines, _, err := extract(context.Background(), "r.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"北和镇2022年法治政府建设年度报告", "一、主要举措和成效", "（一）落实学法制度", "（二）开展普法",
		"二、存在的不足", "项目\t数量", "信访\t88件", "调解 （含村级）\t12件", "保留的字"}
	if strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Fatalf("lines =\n%q\nwant\n%q", lines, want)
	}
}

func TestCheck_DocxEndToEnd(t *testing.T) {
	doc := `<w:document xmlns:w="w"><w:body>
<w:p><w:r><w:t>北和镇2022年法治政府建设年度报告</w:t></w:r></w:p>
<w:p><w:r><w:t>一、主要举措和成效</w:t></w:r></w:p>
<w:p><w:r><w:t>今年以来，上级交办信访案件88件，已办结77件，剩余12件。</w:t></w:r></w:p>
</w:body></w:document>`
	c, _ := NewChecker(Config{})
	r, err := c.Check(context.Background(), "r.docx", coreZipOf(t, map[string]string{"word/document.xml": doc}))
	if err != nil {
		t.Fatal(err)
	}
	if r.Unit != "北和镇" || r.Year != 2022 {
		t.Errorf("unit, year = %s, %d", r.Unit, r.Year)
	}
	sum := coreOnly(r, "arith.sum")
	if len(sum) != 1 || sum[0].Line != 3 {
		t.Errorf("arith.sum = %+v, want one on paragraph 3", sum)
	}
	rel := coreOnly(r, "year.relative")
	if len(rel) != 1 || rel[0].Line != 3 || rel[0].Column != 1 || rel[0].Suggestion != "2022年以来" {
		t.Errorf("year.relative = %+v", rel)
	}
}

func TestExtract_PDFThroughPdftotext(t *testing.T) {
	if _, err := exec.LookPath("pdftotext"); err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed")
	}
	lines, wrapped, err := extract(context.Background(), "r.pdf", minimalPDF("Annual report 2022"))
	if err != nil {
		t.Fatal(err)
	}
	if !wrapped || !strings.Contains(strings.Join(lines, "\n"), "Annual report 2022") {
		t.Fatalf("lines = %q", lines)
	}
}

// minimalPDF builds a one-page PDF showing an ASCII line.
func minimalPDF(text string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		"",
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	stream := "BT /F1 12 Tf 20 100 Td (" + text + ") Tj ET"
	objs[3] = "<< /Length " + coreItoa(len(stream)) + " >>\nstream\n" + stream + "\nendstream"
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offs := []int{}
	for i, o := range objs {
		offs = append(offs, b.Len())
		b.WriteString(coreItoa(i+1) + " 0 obj\n" + o + "\nendobj\n")
	}
	xref := b.Len()
	b.WriteString("xref\n0 " + coreItoa(len(objs)+1) + "\n0000000000 65535 f \n")
	for _, o := range offs {
		s := coreItoa(o)
		b.WriteString(strings.Repeat("0", 10-len(s)) + s + " 00000 n \n")
	}
	b.WriteString("trailer\n<< /Size " + coreItoa(len(objs)+1) + " /Root 1 0 R >>\nstartxref\n" + coreItoa(xref) + "\n%%EOF\n")
	return b.Bytes()
}

func coreItoa(i int) string {
	if i == 0 {
		return "0"
	}
	s := ""
	for ; i > 0; i /= 10 {
		s = string(rune('0'+i%10)) + s
	}
	return s
}
