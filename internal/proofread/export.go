package proofread

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// ExportReport is one checked report for export: its file name and findings.
type ExportReport struct {
	File     string
	Findings []Finding
}

// severityLabel is the Chinese name of a severity for people.
func severityLabel(s Severity) string {
	switch s {
	case Error:
		return "错误"
	case Warning:
		return "警告"
	case Info:
		return "提示"
	}
	return string(s)
}

// WriteFindingsXLSX writes one sheet listing every finding of every report
// (文件, 行, 列, 规则, 严重程度, 原文, 问题说明, 修改建议), with a frozen,
// filterable header row.
func WriteFindingsXLSX(w io.Writer, results ...ExportReport) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "审校结果"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return fmt.Errorf("导出 xlsx：%w", err)
	}
	header := []any{"文件", "行", "列", "规则", "严重程度", "原文", "问题说明", "修改建议"}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return fmt.Errorf("导出 xlsx：%w", err)
	}
	row := 2
	for _, r := range results {
		for _, x := range r.Findings {
			vals := []any{r.File, x.Line, x.Column, x.Rule, severityLabel(x.Severity), x.Excerpt, x.Message, x.Suggestion}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
				return fmt.Errorf("导出 xlsx 第%d行：%w", row, err)
			}
			row++
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err == nil {
		f.SetRowStyle(sheet, 1, 1, bold)
	}
	for col, width := range map[string]float64{"A": 28, "B": 6, "C": 6, "D": 20, "E": 10, "F": 30, "G": 60, "H": 40} {
		f.SetColWidth(sheet, col, col, width)
	}
	f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
	last, _ := excelize.CoordinatesToCellName(len(header), max(row-1, 1))
	f.AutoFilter(sheet, "A1:"+last, nil)
	if err := f.Write(w); err != nil {
		return fmt.Errorf("导出 xlsx：%w", err)
	}
	return nil
}

// WriteAnnotatedDocx writes the report as a .docx in which every finding's
// excerpt is highlighted and carries a Word comment with the message and the
// suggestion. A finding whose excerpt cannot be found on its line (or with
// line 0, about the whole document) is anchored at the start of its
// paragraph (or of the document).
func WriteAnnotatedDocx(w io.Writer, lines []Line, findings []Finding) error {
	byLine := map[int][]span{}
	lineIdx := map[int]int{}
	for i, l := range lines {
		lineIdx[l.No] = i
	}
	type note struct {
		id int
		f  Finding
	}
	var notes []note
	for i, f := range findings {
		li, ok := lineIdx[f.Line]
		if !ok {
			if len(lines) == 0 {
				continue
			}
			li = 0
		}
		start, end, _ := Locate(lines[li].Text, f) // not found: an empty range at the start
		byLine[lines[li].No] = append(byLine[lines[li].No], span{start: start, end: end, id: i})
		notes = append(notes, note{i, f})
	}

	var doc strings.Builder
	doc.WriteString(xml.Header)
	doc.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>`)
	for _, l := range lines {
		writeParagraph(&doc, l.Text, byLine[l.No])
	}
	doc.WriteString(`<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1588" w:header="851" w:footer="992" w:gutter="0"/></w:sectPr></w:body></w:document>`)

	var com strings.Builder
	com.WriteString(xml.Header)
	com.WriteString(`<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">`)
	date := time.Now().UTC().Format("2006-01-02T15:04:05Z")
	for _, n := range notes {
		text := fmt.Sprintf("[%s·%s] %s", severityLabel(n.f.Severity), RuleName(n.f.Rule), n.f.Message)
		fmt.Fprintf(&com, `<w:comment w:id="%d" w:author="fazhi 审校" w:initials="FZ" w:date="%s"><w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, n.id, date, xmlText(text))
		if n.f.Suggestion != "" {
			fmt.Fprintf(&com, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, xmlText("建议："+n.f.Suggestion))
		}
		com.WriteString(`</w:comment>`)
	}
	com.WriteString(`</w:comments>`)

	zw := zip.NewWriter(w)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>`},
		{"_rels/.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/_rels/document.xml.rels", xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`},
		// GB/T 9704: body text in 3号仿宋 (16 pt).
		{"word/styles.xml", xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/><w:szCs w:val="32"/><w:lang w:eastAsia="zh-CN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:line="560" w:lineRule="exact"/></w:pPr></w:pPrDefault></w:docDefaults></w:styles>`},
		{"word/document.xml", doc.String()},
		{"word/comments.xml", com.String()},
	}
	for _, f := range files {
		fw, err := zw.Create(f.name)
		if err != nil {
			return fmt.Errorf("导出 docx：%w", err)
		}
		if _, err := io.WriteString(fw, f.body); err != nil {
			return fmt.Errorf("导出 docx：%w", err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("导出 docx：%w", err)
	}
	return nil
}

// span is a commented range of a paragraph in runes; id is the comment id.
type span struct{ start, end, id int }

// Locate finds a finding's excerpt in a line's text, in runes: at its
// column (which counts in the input file, so it matches when the line was
// not normalised), else the occurrence nearest to that column. ok is false
// when the excerpt is not in the line. The annotated .docx and the web page
// mark findings with it.
func Locate(text string, f Finding) (start, end int, ok bool) {
	runes := []rune(text)
	ex := []rune(f.Excerpt)
	if len(ex) == 0 || len(ex) > len(runes) {
		return 0, 0, false
	}
	if c := f.Column - 1; c >= 0 && c+len(ex) <= len(runes) && string(runes[c:c+len(ex)]) == f.Excerpt {
		return c, c + len(ex), true
	}
	best := -1
	for i := 0; i+len(ex) <= len(runes); i++ {
		if runes[i] == ex[0] && string(runes[i:i+len(ex)]) == f.Excerpt {
			if best < 0 || absInt(i-(f.Column-1)) < absInt(best-(f.Column-1)) {
				best = i
			}
		}
	}
	if best < 0 {
		return 0, 0, false
	}
	return best, best + len(ex), true
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// writeParagraph writes one paragraph, cutting it at every span boundary:
// covered pieces are highlighted, comment ranges open and close at their
// boundaries and each comment's reference follows its range.
func writeParagraph(b *strings.Builder, text string, spans []span) {
	runes := []rune(text)
	cuts := map[int]bool{0: true, len(runes): true}
	for _, s := range spans {
		cuts[s.start], cuts[s.end] = true, true
	}
	var pos []int
	for p := range cuts {
		pos = append(pos, p)
	}
	sort.Ints(pos)
	b.WriteString(`<w:p>`)
	for k, p := range pos {
		// close ranges ending here, then open ranges starting here
		for _, s := range spans {
			if s.end == p {
				if s.start == s.end {
					fmt.Fprintf(b, `<w:commentRangeStart w:id="%d"/>`, s.id)
				}
				fmt.Fprintf(b, `<w:commentRangeEnd w:id="%d"/><w:r><w:commentReference w:id="%d"/></w:r>`, s.id, s.id)
			}
		}
		for _, s := range spans {
			if s.start == p && s.end > s.start {
				fmt.Fprintf(b, `<w:commentRangeStart w:id="%d"/>`, s.id)
			}
		}
		if k+1 == len(pos) {
			break
		}
		piece := string(runes[p:pos[k+1]])
		covered := false
		for _, s := range spans {
			if s.start <= p && pos[k+1] <= s.end && s.end > s.start {
				covered = true
				break
			}
		}
		b.WriteString(`<w:r>`)
		if covered {
			b.WriteString(`<w:rPr><w:highlight w:val="yellow"/></w:rPr>`)
		}
		fmt.Fprintf(b, `<w:t xml:space="preserve">%s</w:t></w:r>`, xmlText(piece))
	}
	b.WriteString(`</w:p>`)
}

// xmlText escapes text for XML and drops characters XML 1.0 forbids.
func xmlText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || r >= 0x10000 {
			if r == utf8.RuneError {
				return -1
			}
			return r
		}
		return -1
	}, s)
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}
