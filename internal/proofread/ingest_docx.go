package proofread

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"fazhi/internal/safezip"
)

// docxLimits bound what a .docx may unpack to (zip bombs): the parts read
// together at most the engine's input limit, no part more than 100 times
// its compressed size, and no part that is itself an archive. Real
// reports' document.xml is a few MB at 5–30:1.
var docxLimits = safezip.Limits{MaxEntries: 5000, MaxEntry: MaxInputSize, MaxTotal: MaxInputSize, MaxRatio: 100}

// maxXMLDepth bounds element nesting: Word nests tables a few levels, and
// the decoder keeps a stack entry per open element.
const maxXMLDepth = 256

// DocxTextSize is the unpacked size of the parts a .docx check reads, as
// the archive declares it (reads stop there), or len(data) for anything
// that is not a bounded .docx: what a caller budgets memory by.
func DocxTextSize(data []byte) int64 {
	r, err := safezip.NewReader(data, docxLimits)
	if err != nil {
		return int64(len(data))
	}
	var n int64
	for _, name := range []string{"word/document.xml", "word/numbering.xml"} {
		if f := r.Find(name); f != nil {
			n += int64(f.UncompressedSize64)
		}
	}
	return max(n, int64(len(data)))
}

// docxLines reads word/document.xml as a stream: one line per paragraph,
// table rows as one line with cells separated by tabs, list numbering
// rendered from word/numbering.xml where it can be derived. It stops when
// ctx is done.
func docxLines(ctx context.Context, name string, data []byte) ([]string, error) {
	zr, err := safezip.NewReader(data, docxLimits)
	if errors.Is(err, safezip.ErrBomb) {
		return nil, fmt.Errorf("%s：%v，不予审校；请用 Word/WPS 另存为 .docx 或粘贴正文后再试", name, err)
	}
	if err != nil {
		return nil, fmt.Errorf("%s：不是有效的 .docx 文件（压缩包损坏或被截断），请用 Word/WPS 重新保存后再试", name)
	}
	doc, numbering := zr.Find("word/document.xml"), zr.Find("word/numbering.xml")
	if doc == nil {
		return nil, fmt.Errorf("%s：.docx 中缺少正文（word/document.xml），文件已损坏或不是 Word 文档", name)
	}
	var nums *docxNumbering
	if numbering != nil {
		if raw, err := zr.ReadAll(ctx, numbering); err == nil {
			nums = parseNumbering(raw) // numbering is optional: ignore a broken one
		}
	}
	rc, err := zr.Open(ctx, doc)
	if err != nil {
		return nil, fmt.Errorf("%s：.docx 正文无法解压（文件被截断或损坏）：%v", name, err)
	}
	defer rc.Close()
	lines, err := parseDocumentXML(rc, nums)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case errors.Is(err, safezip.ErrBomb):
		return nil, fmt.Errorf("%s：%v，不予审校；请用 Word/WPS 另存为 .docx 或粘贴正文后再试", name, err)
	case errors.Is(err, zip.ErrFormat) || errors.Is(err, zip.ErrChecksum) || errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("%s：.docx 正文无法解压（文件被截断或损坏）：%v", name, err)
	case errors.Is(err, errTooDeep):
		return nil, fmt.Errorf("%s：.docx 正文 XML 嵌套超过 %d 层，不是正常的 Word 文档，不予审校", name, maxXMLDepth)
	case err != nil:
		return nil, fmt.Errorf("%s：.docx 正文 XML 格式错误（文件损坏）：%v", name, err)
	}
	if len(strings.TrimSpace(strings.Join(lines, ""))) == 0 {
		return nil, fmt.Errorf("%s：.docx 中没有文字", name)
	}
	return lines, nil
}

var errTooDeep = errors.New("xml nested too deep")

// parseDocumentXML walks the WordprocessingML tokens.
func parseDocumentXML(src io.Reader, nums *docxNumbering) ([]string, error) {
	dec := xml.NewDecoder(src)
	dec.Strict = false
	depth := 0
	var (
		lines             []string
		para, row         strings.Builder
		inText            bool
		tableDepth        int
		numID, ilvl       string
		inNumPr, inDelete bool
	)
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return nil, errTooDeep
			}
			switch t.Name.Local {
			case "p":
				para.Reset()
				numID, ilvl = "", ""
			case "t":
				inText = !inDelete
			case "tab":
				if !inNumPr {
					para.WriteByte('\t')
				}
			case "br", "cr":
				if !inNumPr && t.Name.Local == "br" && attr(t, "type") != "page" {
					para.WriteByte(' ')
				}
			case "tbl":
				tableDepth++
			case "tr":
				row.Reset()
			case "numPr":
				inNumPr = true
			case "numId":
				if inNumPr {
					numID = attr(t, "val")
				}
			case "ilvl":
				if inNumPr {
					ilvl = attr(t, "val")
				}
			case "del":
				inDelete = true
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "t":
				inText = false
			case "numPr":
				inNumPr = false
			case "del":
				inDelete = false
			case "p":
				text := para.String()
				if numID != "" && nums != nil {
					text = nums.label(numID, ilvl) + text
				}
				if tableDepth > 0 {
					if row.Len() > 0 && !strings.HasSuffix(row.String(), "\t") {
						row.WriteByte(' ')
					}
					row.WriteString(text)
				} else {
					lines = append(lines, text)
				}
			case "tc":
				row.WriteByte('\t')
			case "tr":
				if tableDepth > 0 {
					lines = append(lines, strings.TrimRight(row.String(), "\t "))
				}
			case "tbl":
				if tableDepth > 0 {
					tableDepth--
				}
			}
		case xml.CharData:
			if inText {
				para.Write(t)
			}
		}
	}
	return lines, nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// docxNumbering renders automatic list labels ("一、", "（一）", "1.").
type docxNumbering struct {
	abstractOf map[string]string               // numId → abstractNumId
	levels     map[string]map[int]docxNumLevel // abstractNumId → ilvl → level
	counters   map[string][]int                // numId → counter per level
}

type docxNumLevel struct {
	format, text string
	start        int
}

func parseNumbering(raw []byte) *docxNumbering {
	n := &docxNumbering{abstractOf: map[string]string{}, levels: map[string]map[int]docxNumLevel{}, counters: map[string][]int{}}
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = false
	var abs, num string
	lvl := -1
	var cur docxNumLevel
	depth := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth++; depth > maxXMLDepth {
				return n // what was read so far; numbering is optional
			}
			switch t.Name.Local {
			case "abstractNum":
				abs = attr(t, "abstractNumId")
				n.levels[abs] = map[int]docxNumLevel{}
			case "lvl":
				lvl, _ = strconv.Atoi(attr(t, "ilvl"))
				cur = docxNumLevel{start: 1}
			case "start":
				cur.start, _ = strconv.Atoi(attr(t, "val"))
			case "numFmt":
				cur.format = attr(t, "val")
			case "lvlText":
				cur.text = attr(t, "val")
			case "num":
				num = attr(t, "numId")
			case "abstractNumId":
				if num != "" {
					n.abstractOf[num] = attr(t, "val")
				}
			}
		case xml.EndElement:
			depth--
			switch t.Name.Local {
			case "lvl":
				if abs != "" && lvl >= 0 && lvl < 9 {
					n.levels[abs][lvl] = cur
				}
				lvl = -1
			case "num":
				num = ""
			case "abstractNum":
				abs = ""
			}
		}
	}
	return n
}

// label advances the counter of (numID, ilvl) and renders its text.
func (n *docxNumbering) label(numID, ilvlS string) string {
	ilvl, _ := strconv.Atoi(ilvlS)
	if ilvl < 0 || ilvl > 8 {
		return ""
	}
	levels := n.levels[n.abstractOf[numID]]
	lv, ok := levels[ilvl]
	if !ok || lv.format == "bullet" || lv.format == "none" {
		return ""
	}
	c := n.counters[numID]
	if c == nil {
		c = make([]int, 9)
		n.counters[numID] = c
	}
	for i := 0; i < 9; i++ {
		if c[i] == 0 {
			st := levels[i].start
			if st == 0 {
				st = 1
			}
			c[i] = st - 1
		}
	}
	c[ilvl]++
	for i := ilvl + 1; i < 9; i++ {
		c[i] = 0
	}
	var b strings.Builder
	t := lv.text
	for i := 0; i < len(t); i++ {
		if t[i] == '%' && i+1 < len(t) && t[i+1] >= '1' && t[i+1] <= '9' {
			k := int(t[i+1] - '1')
			v := c[k]
			if v == 0 {
				v = 1
			}
			b.WriteString(formatNum(levels[k].format, v))
			i++
			continue
		}
		b.WriteByte(t[i])
	}
	return b.String()
}

func formatNum(format string, v int) string {
	switch format {
	case "chineseCounting", "chineseCountingThousand", "ideographTraditional", "japaneseCounting", "chineseLegalSimplified":
		return chineseNumeral(v)
	case "lowerLetter":
		return string(rune('a' + (v-1)%26))
	case "upperLetter":
		return string(rune('A' + (v-1)%26))
	case "decimalFullWidth", "decimalFullWidth2":
		var b strings.Builder
		for _, r := range strconv.Itoa(v) {
			b.WriteRune(r - '0' + '０')
		}
		return b.String()
	}
	return strconv.Itoa(v)
}

// chineseNumeral writes 1..99 as 一…九十九.
func chineseNumeral(v int) string {
	d := []string{"〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case v <= 0 || v >= 100:
		return strconv.Itoa(v)
	case v < 10:
		return d[v]
	case v == 10:
		return "十"
	case v < 20:
		return "十" + d[v-10]
	case v%10 == 0:
		return d[v/10] + "十"
	}
	return d[v/10] + "十" + d[v%10]
}
