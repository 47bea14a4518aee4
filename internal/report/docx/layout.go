// Package docx writes an annual report (report.Document) as a Word
// document laid out as GB/T 9704-2012 《党政机关公文格式》 sets it: A4, the
// type area of 22 lines × 28 characters, the title in 2号 小标宋, the body
// in 3号 仿宋_GB2312, headings in 黑体 / 楷体_GB2312 / 仿宋, page numbers
// "— 1 —" in 4号 宋体 on the outer side. It is a small WordprocessingML
// writer of its own (archive/zip and escaped XML text): every library tried
// needed hand-written XML for at least one of these (see
// ../shared/DEPENDENCIES.md §5). PDF converts the result with LibreOffice.
package docx

import "math"

// Page and type area in twips (1/20 point; 1 mm = 1440/25.4 twips).
const (
	PageWidth    = 11906 // A4 210 mm
	PageHeight   = 16838 // A4 297 mm
	MarginTop    = 2098  // 37 mm
	MarginBottom = 1984  // 35 mm
	MarginLeft   = 1587  // 28 mm
	MarginRight  = 1474  // 26 mm
	// FooterDistance puts the page number about 7 mm below the type area.
	FooterDistance = 1304 // 23 mm

	LinesPerPage = 22
	CharsPerLine = 28
	// LineSpacing is the exact 28-point line (w:line in twips).
	LineSpacing = 560
)

// Font sizes in half-points (w:sz).
const (
	SizeTitle      = 44 // 2号, 22 pt
	SizeBody       = 32 // 3号, 16 pt
	SizePageNumber = 28 // 4号, 14 pt
)

// Fonts as the document names them; a machine without them substitutes
// (scripts/fonts/fazhi-fonts.conf maps them for LibreOffice on Debian).
const (
	FontTitle      = "方正小标宋简体"
	FontBody       = "仿宋_GB2312"
	FontHeading1   = "黑体"
	FontHeading2   = "楷体_GB2312"
	FontPageNumber = "宋体"
)

// linePitch is the docGrid's line pitch: the type area's height over 22
// lines.
func linePitch() int { return (PageHeight - MarginTop - MarginBottom) / LinesPerPage }

// charSpace is the docGrid's w:charSpace: how much the character pitch of
// 28 characters across the type area differs from the 16-point body
// character, in 1/4096 point. The grid is of lines only (w:type="lines"):
// LibreOffice lays a character grid out wider than Word does (21 characters
// a line here), so the 28 characters come from the runs' character
// spacing (charSpacing), which Word, WPS and LibreOffice read alike.
func charSpace() int {
	return int((charPitch() - float64(SizeBody)/2) * 4096)
}

// charPitch is the width of one of 28 characters across the type area, in
// points.
func charPitch() float64 {
	return float64(PageWidth-MarginLeft-MarginRight) / 20 / CharsPerLine
}

// charSpacing is the w:spacing of body runs, in twentieths of a point:
// the 16-point character narrowed to the pitch, rounded down so that 28 fit.
func charSpacing() int {
	return int(math.Floor((charPitch() - float64(SizeBody)/2) * 20))
}
