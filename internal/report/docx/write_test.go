package docx

import (
	"bytes"
	"context"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/proofread"
	"fazhi/internal/report"
)

func written(t testing.TB, d report.Document, opt Options) (map[string][]byte, *node) {
	t.Helper()
	var b bytes.Buffer
	if err := WriteWith(&b, d, opt); err != nil {
		t.Fatal(err)
	}
	p := parts(t, b.Bytes())
	for _, name := range []string{"[Content_Types].xml", "_rels/.rels", "word/_rels/document.xml.rels", "word/document.xml",
		"word/styles.xml", "word/settings.xml", "word/footer1.xml", "word/footer2.xml"} {
		if p[name] == nil {
			t.Fatalf("no part %s", name)
		}
		parse(t, p[name]) // every part well formed
	}
	return p, parse(t, p["word/document.xml"])
}

// paragraph is the first paragraph whose text starts with prefix.
func paragraph(t *testing.T, doc *node, prefix string) *node {
	t.Helper()
	for _, p := range doc.all("p") {
		if strings.HasPrefix(p.texts(), prefix) {
			return p
		}
	}
	t.Fatalf("no paragraph %q", prefix)
	return nil
}

func want(t *testing.T, what, got, wanted string) {
	t.Helper()
	if got != wanted {
		t.Errorf("%s = %q, want %q", what, got, wanted)
	}
}

// TestDocx_GBT9704_Page: A4, margins 37/35/28/26 mm, a grid of 22 lines,
// odd and even footers.
func TestDocx_GBT9704_Page(t *testing.T) {
	p, doc := written(t, richDocument(t), Options{})
	sect := doc.one("sectPr")
	mm := func(v string) string { n, _ := strconv.Atoi(v); return strconv.Itoa(int(float64(n)*25.4/1440 + 0.5)) }
	want(t, "page width (mm)", mm(sect.one("pgSz").attrs["w"]), "210")
	want(t, "page height (mm)", mm(sect.one("pgSz").attrs["h"]), "297")
	m := sect.one("pgMar").attrs
	want(t, "top margin (mm)", mm(m["top"]), "37")
	want(t, "bottom margin (mm)", mm(m["bottom"]), "35")
	want(t, "left margin (mm)", mm(m["left"]), "28")
	want(t, "right margin (mm)", mm(m["right"]), "26")
	grid := sect.one("docGrid").attrs
	pitch, _ := strconv.Atoi(grid["linePitch"])
	if lines := (PageHeight - MarginTop - MarginBottom) / pitch; lines != 22 {
		t.Errorf("grid of %d lines a page (pitch %d)", lines, pitch)
	}
	refs := map[string]string{}
	for _, r := range sect.all("footerReference") {
		refs[r.attrs["type"]] = r.attrs["id"]
	}
	if refs["default"] == "" || refs["even"] == "" {
		t.Errorf("footer references %v", refs)
	}
	rels := string(p["word/_rels/document.xml.rels"])
	if !strings.Contains(rels, `Id="`+refs["default"]+`"`) || !strings.Contains(rels, `Id="`+refs["even"]+`"`) {
		t.Errorf("footer references not in the relationships: %s", rels)
	}
	settings := parse(t, p["word/settings.xml"]).one("settings")
	var order []string
	for _, k := range settings.kids {
		order = append(order, k.name)
	}
	// CT_Settings is a sequence: defaultTabStop … evenAndOddHeaders … characterSpacingControl … compat.
	if strings.Join(order, " ") != "defaultTabStop evenAndOddHeaders characterSpacingControl compat" {
		t.Errorf("settings %v: evenAndOddHeaders missing (even pages would take the odd footer) or out of the schema's order", order)
	}
	// 28 characters of the body's pitch fit across the type area, 29 do not.
	width := PageWidth - MarginLeft - MarginRight
	pitch20 := SizeBody*10 + charSpacing() // twips
	if 28*pitch20 > width || 29*pitch20 <= width {
		t.Errorf("character pitch %d twips: %d characters a line", pitch20, width/pitch20)
	}
}

// TestDocx_GBT9704_Text: the title, addressee, headings, body, signature
// and date in their fonts, sizes, alignment and spacing.
func TestDocx_GBT9704_Text(t *testing.T) {
	d := richDocument(t)
	d.Sections = append(d.Sections, report.Section{Key: "5.1", Level: 3, Title: "1.需要说明的其他事项", Body: "（1）无。"})
	_, doc := written(t, d, Options{})
	font := func(p *node) string { return p.one("rFonts").attrs["eastAsia"] }
	size := func(p *node) string { return p.one("sz").attrs["val"] }
	title := doc.all("p")[0]
	want(t, "title text", title.texts(), "云溪镇关于2025年度\n法治政府建设情况的报告")
	want(t, "title font", font(title), "方正小标宋简体")
	want(t, "title size (half-points)", size(title), "44")
	want(t, "title alignment", title.one("jc").attrs["val"], "center")

	addr := paragraph(t, doc, "青山县人民政府：")
	want(t, "addressee indent", addr.one("ind").attrs["firstLine"], "0")
	want(t, "addressee font", font(addr), "仿宋_GB2312")

	for prefix, f := range map[string]string{"一、": "黑体", "（一）": "楷体_GB2312", "1.需要说明": "仿宋_GB2312", "坚持": "仿宋_GB2312", "2025年，": "仿宋_GB2312"} {
		p := paragraph(t, doc, prefix)
		want(t, prefix+" font", font(p), f)
		want(t, prefix+" size", size(p), "32")
		want(t, prefix+" first-line indent (characters)", p.one("ind").attrs["firstLineChars"], "200")
		sp := p.one("spacing").attrs
		want(t, prefix+" line spacing", sp["line"]+" "+sp["lineRule"], "560 exact")
		r := p.one("rFonts").attrs
		if r["ascii"] != f || r["hAnsi"] != f {
			t.Errorf("%s: digits and Latin letters in %v", prefix, r)
		}
	}
	for _, text := range []string{"云溪镇人民政府", "2026年1月20日"} {
		p := paragraph(t, doc, text)
		want(t, text+" alignment", p.one("jc").attrs["val"], "right")
		want(t, text+" font", font(p), "仿宋_GB2312")
	}
	if paragraph(t, doc, "坚持").one("jc").attrs["val"] != "both" {
		t.Error("body not justified for Word")
	}
	_, lo := written(t, d, Options{ForLibreOffice: true})
	if paragraph(t, lo, "坚持").one("jc").attrs["val"] != "left" {
		t.Error("body for LibreOffice should be left-aligned")
	}
	if got := TitleLines("石桥乡关于2025年度法治政府建设情况的报告"); len(got) != 2 || got[1] != "法治政府建设情况的报告" {
		t.Errorf("title lines %q", got)
	}
	if got := TitleLines("某镇2025年法治报告"); len(got) != 1 {
		t.Errorf("a short title is one line: %q", got)
	}
}

// TestDocx_PageNumbers: "— N —" in 4号 宋体, right on odd pages, left on
// even ones.
func TestDocx_PageNumbers(t *testing.T) {
	p, _ := written(t, richDocument(t), Options{})
	for part, side := range map[string]string{"word/footer1.xml": "right", "word/footer2.xml": "left"} {
		f := parse(t, p[part])
		want(t, part+" side", f.one("jc").attrs["val"], side)
		want(t, part+" text", f.texts(), "— 1 —")
		want(t, part+" field", strings.TrimSpace(f.one("instrText").text), "PAGE")
		want(t, part+" font", f.one("rFonts").attrs["eastAsia"], "宋体")
		want(t, part+" size", f.one("sz").attrs["val"], "28")
	}
}

// TestDocx_ReadBackByProofread: the .docx reads back through the 审校 engine as
// the plain text, with no error finding.
func TestDocx_ReadBackByProofread(t *testing.T) {
	d := richDocument(t)
	var b bytes.Buffer
	if err := Write(&b, d); err != nil {
		t.Fatal(err)
	}
	c, err := proofread.NewChecker(proofread.Config{Year: 2025, Today: "2026-02-01"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := c.Check(context.Background(), "report.docx", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range res.Findings {
		if f.Severity == proofread.Error {
			t.Errorf("%s: %s «%s»", f.Rule, f.Message, f.Excerpt)
		}
	}
	for _, part := range res.Parts {
		if !part.Found {
			t.Errorf("part %s not found in the .docx", part.Part)
		}
	}
}

// TestDocx_EscapesText: markup in a person's text is text.
func TestDocx_EscapesText(t *testing.T) {
	d := report.Document{Title: "A&B<x>", Sections: []report.Section{{Key: "1", Level: 1, Title: "一、<w:p>", Body: "\"引号\" & 'x' ]]>"}}}
	_, doc := written(t, d, Options{})
	if !strings.Contains(doc.texts(), "\"引号\" & 'x' ]]>") || !strings.Contains(doc.texts(), "一、<w:p>") {
		t.Errorf("text %q", doc.texts())
	}
}
