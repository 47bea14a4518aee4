package docx

import (
	"archive/zip"
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/report"
)

// Options change the layout for where the document goes.
type Options struct {
	// ForLibreOffice aligns the body left instead of justified:
	// LibreOffice 7.4 drops a full stop hanging at the end of a line of a
	// justified Chinese paragraph from the PDF (seen in its output), and a
	// 28-character line of fixed pitch looks justified anyway.
	ForLibreOffice bool
}

// Write writes d as a .docx to w for Word and WPS.
func Write(w io.Writer, d report.Document) error { return WriteWith(w, d, Options{}) }

// WriteWith writes d as a .docx to w. The document part is streamed
// paragraph by paragraph into the archive, so a huge report costs no more
// memory than its Document.
func WriteWith(w io.Writer, d report.Document, opt Options) error {
	z := zip.NewWriter(w)
	modified := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	if t, err := time.Parse(time.DateOnly, d.Date); err == nil {
		modified = t
	}
	part := func(name, body string) error {
		f, err := z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: modified})
		if err != nil {
			return err
		}
		_, err = io.WriteString(f, body)
		return err
	}
	for _, p := range []struct{ name, body string }{
		{"[Content_Types].xml", contentTypes},
		{"_rels/.rels", rootRels},
		{"word/_rels/document.xml.rels", documentRels},
		{"word/styles.xml", styles()},
		{"word/settings.xml", settings},
		{"word/footer1.xml", footer("right")},
		{"word/footer2.xml", footer("left")},
		{"docProps/core.xml", core(d.Title)},
	} {
		if err := part(p.name, p.body); err != nil {
			return fmt.Errorf("docx.Write: %s: %w", p.name, err)
		}
	}
	f, err := z.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Deflate, Modified: modified})
	if err != nil {
		return fmt.Errorf("docx.Write: %w", err)
	}
	bw := bufio.NewWriterSize(f, 32<<10)
	writeDocument(bw, d, opt)
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("docx.Write: document: %w", err)
	}
	if err := z.Close(); err != nil {
		return fmt.Errorf("docx.Write: %w", err)
	}
	return nil
}

// para is one paragraph's layout.
type para struct {
	font      string
	size      int    // half-points
	align     string // "", "center", "right", "both"
	firstLine bool   // indent the first line two characters
	right     int    // right indent in characters
	outline   int    // outline level + 1 (0: body text)
	style     string
}

var (
	titlePara     = para{font: FontTitle, size: SizeTitle, align: "center", style: "FazhiTitle"}
	addresseePara = para{font: FontBody, size: SizeBody, align: "both"}
	bodyPara      = para{font: FontBody, size: SizeBody, align: "both", firstLine: true}
	signPara      = para{font: FontBody, size: SizeBody, align: "right", right: 4}
)

// headingPara is the layout of a level-n heading: 黑体, 楷体_GB2312, then
// 仿宋, each indented two characters as the body is.
func headingPara(level int) para {
	p := bodyPara
	p.outline = level
	p.style = "Heading" + strconv.Itoa(level)
	switch level {
	case 1:
		p.font = FontHeading1
	case 2:
		p.font = FontHeading2
	}
	return p
}

func writeDocument(w *bufio.Writer, d report.Document, opt Options) {
	bodyPara, addresseePara := bodyPara, addresseePara
	if opt.ForLibreOffice {
		bodyPara.align, addresseePara.align = "left", "left"
	}
	headingPara := func(level int) para {
		p := headingPara(level)
		p.align = bodyPara.align
		return p
	}
	w.WriteString(xml.Header)
	w.WriteString(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>`)
	if d.Title != "" {
		writePara(w, titlePara, strings.Join(TitleLines(d.Title), "\n"))
		writePara(w, bodyPara, "") // a blank line under the title
	}
	if d.Addressee != "" {
		writePara(w, addresseePara, d.Addressee)
	}
	for _, s := range d.Sections {
		if s.Title != "" && s.Level >= 1 {
			writePara(w, headingPara(min(s.Level, 4)), s.Title)
		}
		for _, p := range strings.Split(s.Body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				writePara(w, bodyPara, p)
			}
		}
	}
	if d.Signature != "" || d.Date != "" {
		writePara(w, bodyPara, "")
		writePara(w, bodyPara, "")
		if d.Signature != "" {
			writePara(w, signPara, d.Signature)
		}
		if date := report.ChineseDate(d.Date); date != "" {
			writePara(w, signPara, date)
		}
	}
	fmt.Fprintf(w, `<w:sectPr><w:footerReference w:type="default" r:id="rIdFooterOdd"/><w:footerReference w:type="even" r:id="rIdFooterEven"/>`+
		`<w:pgSz w:w="%d" w:h="%d"/><w:pgMar w:top="%d" w:right="%d" w:bottom="%d" w:left="%d" w:header="851" w:footer="%d" w:gutter="0"/>`+
		`<w:pgNumType w:fmt="decimal" w:start="1"/><w:cols w:space="720"/><w:docGrid w:type="lines" w:linePitch="%d" w:charSpace="%d"/></w:sectPr>`,
		PageWidth, PageHeight, MarginTop, MarginRight, MarginBottom, MarginLeft, FooterDistance, linePitch(), charSpace())
	w.WriteString(`</w:body></w:document>`)
}

// writePara writes one paragraph of text in layout p.
func writePara(w *bufio.Writer, p para, text string) {
	w.WriteString(`<w:p><w:pPr>`)
	if p.style != "" {
		w.WriteString(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.size != SizeBody {
		w.WriteString(`<w:snapToGrid w:val="0"/>`) // a 22-point line would take two grid lines
	}
	w.WriteString(`<w:spacing w:before="0" w:after="0" w:line="` + strconv.Itoa(LineSpacing) + `" w:lineRule="exact"/>`)
	switch {
	case p.firstLine:
		fmt.Fprintf(w, `<w:ind w:firstLineChars="200" w:firstLine="%d"/>`, 2*p.size*10)
	case p.right > 0:
		fmt.Fprintf(w, `<w:ind w:rightChars="%d" w:right="%d"/>`, p.right*100, p.right*p.size*10)
	default:
		w.WriteString(`<w:ind w:firstLine="0"/>`)
	}
	if p.align != "" {
		w.WriteString(`<w:jc w:val="` + p.align + `"/>`)
	}
	if p.outline > 0 {
		fmt.Fprintf(w, `<w:outlineLvl w:val="%d"/>`, p.outline-1)
	}
	w.WriteString(`</w:pPr>`)
	if text != "" {
		w.WriteString(`<w:r>`)
		writeRunProps(w, p.font, p.size)
		for i, line := range strings.Split(text, "\n") {
			if i > 0 {
				w.WriteString(`<w:br/>`)
			}
			w.WriteString(`<w:t xml:space="preserve">`)
			xml.EscapeText(w, []byte(line))
			w.WriteString(`</w:t>`)
		}
		w.WriteString(`</w:r>`)
	}
	w.WriteString(`</w:p>`)
}

// writeRunProps: the font for every script, the size, and for body-sized
// text the character spacing that fits 28 characters on a line.
func writeRunProps(w io.Writer, font string, size int) {
	fmt.Fprintf(w, `<w:rPr><w:rFonts w:ascii="%[1]s" w:hAnsi="%[1]s" w:eastAsia="%[1]s" w:cs="%[1]s"/>`, font)
	if size == SizeBody {
		fmt.Fprintf(w, `<w:spacing w:val="%d"/>`, charSpacing())
	}
	fmt.Fprintf(w, `<w:sz w:val="%[1]d"/><w:szCs w:val="%[1]d"/></w:rPr>`, size)
}

// footer is a footer with the page number "— N —" in 4号 宋体 on side
// ("right" for odd pages, "left" for even), one character in from the
// edge of the type area.
func footer(side string) string {
	var b strings.Builder
	run := func(inner string) {
		b.WriteString(`<w:r>`)
		writeRunProps(&b, FontPageNumber, SizePageNumber)
		b.WriteString(inner + `</w:r>`)
	}
	b.WriteString(xml.Header + `<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:p><w:pPr><w:pStyle w:val="Footer"/>`)
	ind := "right"
	if side == "left" {
		ind = "left"
	}
	fmt.Fprintf(&b, `<w:ind w:%sChars="100" w:%s="%d"/><w:jc w:val="%s"/></w:pPr>`, ind, ind, SizePageNumber*10, side)
	run(`<w:t xml:space="preserve">— </w:t>`)
	run(`<w:fldChar w:fldCharType="begin"/>`)
	run(`<w:instrText xml:space="preserve"> PAGE </w:instrText>`)
	run(`<w:fldChar w:fldCharType="separate"/>`)
	run(`<w:t>1</w:t>`)
	run(`<w:fldChar w:fldCharType="end"/>`)
	run(`<w:t xml:space="preserve"> —</w:t>`)
	b.WriteString(`</w:p></w:ftr>`)
	return b.String()
}

func core(title string) string {
	var t strings.Builder
	xml.EscapeText(&t, []byte(title))
	return xml.Header + `<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>` + t.String() + `</dc:title></cp:coreProperties>`
}

// styles: the defaults are the body's (仿宋_GB2312 3号, exact 28 pt); the
// heading styles carry outline levels for the navigation pane.
func styles() string {
	var b strings.Builder
	b.WriteString(xml.Header + `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault>`)
	var rpr strings.Builder
	writeRunProps(&rpr, FontBody, SizeBody)
	b.WriteString(strings.Replace(rpr.String(), `</w:rPr>`, `<w:lang w:val="en-US" w:eastAsia="zh-CN"/></w:rPr>`, 1))
	fmt.Fprintf(&b, `</w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:before="0" w:after="0" w:line="%d" w:lineRule="exact"/><w:jc w:val="both"/></w:pPr></w:pPrDefault></w:docDefaults>`, LineSpacing)
	b.WriteString(`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>`)
	b.WriteString(`<w:style w:type="paragraph" w:styleId="FazhiTitle"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:jc w:val="center"/></w:pPr>`)
	writeRunProps(&b, FontTitle, SizeTitle)
	b.WriteString(`</w:style>`)
	for level, font := range []string{FontHeading1, FontHeading2, FontBody, FontBody} {
		fmt.Fprintf(&b, `<w:style w:type="paragraph" w:styleId="Heading%[1]d"><w:name w:val="heading %[1]d"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="%[2]d"/></w:pPr>`, level+1, level)
		writeRunProps(&b, font, SizeBody)
		b.WriteString(`</w:style>`)
	}
	b.WriteString(`<w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/></w:style></w:styles>`)
	return b.String()
}

const contentTypes = xml.Header + `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
	`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
	`<Default Extension="xml" ContentType="application/xml"/>` +
	`<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>` +
	`<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>` +
	`<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>` +
	`<Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/word/footer2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>` +
	`<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>` +
	`</Types>`

const rootRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>` +
	`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>` +
	`</Relationships>`

const documentRels = xml.Header + `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
	`<Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
	`<Relationship Id="rIdSettings" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
	`<Relationship Id="rIdFooterOdd" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>` +
	`<Relationship Id="rIdFooterEven" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer2.xml"/>` +
	`</Relationships>`

// settings: different footers on odd and even pages (the elements in the
// order of the schema's sequence, which Word holds to).
const settings = xml.Header + `<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="640"/><w:evenAndOddHeaders/><w:characterSpacingControl w:val="compressPunctuation"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>`
