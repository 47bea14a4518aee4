package proofread

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// maxDocxXML bounds the uncompressed size of one part (zip bombs).
const maxDocxXML = 200 << 20

// docxLines reads word/document.xml: one line per paragraph, table rows as
// one line with cells separated by tabs, list numbering rendered from
// word/numbering.xml where it can be derived.
func docxLines(name string, data []byte) ([]string, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%s：不是有效的 .docx 文件（压缩包损坏或被截断），请用 Word/WPS 重新保存后再试", name)
	}
	var doc, numbering *zip.File
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml":
			doc = f
		case "word/numbering.xml":
			numbering = f
		}
	}
	if doc == nil {
		return nil, fmt.Errorf("%s：.docx 中缺少正文（word/document.xml），文件已损坏或不是 Word 文档", name)
	}
	var nums *docxNumbering
	if numbering != nil {
		if raw, err := readZipPart(numbering); err == nil {
			nums = parseNumbering(raw) // numbering is optional: ignore a broken one
		}
	}
	raw, err := readZipPart(doc)
	if err != nil {
		return nil, fmt.Errorf("%s：.docx 正文无法解压（文件被截断或损坏）：%v", name, err)
	}
	lines, err := parseDocumentXML(raw, nums)
	if err != nil {
		return nil, fmt.Errorf("%s：.docx 正文 XML 格式错误（文件损坏）：%v", name, err)
	}
	if len(strings.TrimSpace(strings.Join(lines, ""))) == 0 {
		return nil, fmt.Errorf("%s：.docx 中没有文字", name)
	}
	return lines, nil
}

func readZipPart(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxDocxXML+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxDocxXML {
		return nil, errors.New("解压后超过 200 MB")
	}
	return b, nil
}

// parseDocumentXML walks the WordprocessingML tokens.
func parseDocumentXML(raw []byte, nums *docxNumbering) ([]string, error) {
	dec := xml.NewDecoder(bytes.NewReader(raw))
	dec.Strict = false
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
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
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
