package proofread

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCheck feeds arbitrary bytes to the whole engine as .txt and .docx:
// it must return a result or an error, never panic, and every finding must
// point inside the input.
func FuzzCheck(f *testing.F) {
	f.Add([]byte("某镇2022年法治政府建设工作报告\n一、主要举措\n（一）学法。今年以来共开展12次，其中8次。\n"), false)
	f.Add([]byte("索引号:1 点击数:\n[bookmark: _GoBack]标题\n\n正文，有一段很长很长的文字没有结束就被截断了在各\n\n行政村落实。"), false)
	f.Add([]byte("“”‘’（）《》()、,:;2021-2025 2021—2025 一是二是四是"), false)
	f.Add([]byte{0xFF, 0xFE, 0x41, 0x00}, false)
	f.Add([]byte{0xB2, 0xE2, 0xCA, 0xD4}, false) // GB18030
	f.Add(coreZipOf(f, map[string]string{"word/document.xml": `<w:document><w:body><w:p><w:r><w:t>一、甲</w:t></w:r></w:p></w:body></w:document>`}), true)
	f.Add(coreZipOf(f, map[string]string{"word/document.xml": `<w:document><w:body><w:tbl><w:tr><w:tc><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>`, "word/numbering.xml": testNumberingXML}), true)
	c, err := NewChecker(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, docx bool) {
		name := "f.txt"
		if docx {
			name = "f.docx"
		}
		r, err := c.Check(context.Background(), name, data)
		if err != nil {
			if !strings.Contains(err.Error(), name) {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + strings.Count(string(data), "\r") + strings.Count(string(data), "\f") + 1
		if docx {
			lines = 1 << 30
		}
		for _, fd := range r.Findings {
			if fd.Line < 0 || fd.Line > lines || fd.Line > 0 && fd.Column < 1 {
				t.Fatalf("finding outside the input (%d lines): %+v", lines, fd)
			}
			if !utf8.ValidString(fd.Excerpt) || fd.Message == "" {
				t.Fatalf("bad finding %+v", fd)
			}
		}
	})
}

// FuzzHeadingAt checks the outline parser on arbitrary lines: a marker it
// reports lies inside the line and has a positive number.
func FuzzHeadingAt(f *testing.F) {
	for _, s := range []string{"一、甲", "（十二）乙", "(3)丙", "１．丁", "12.4日", "第二部分 总结", "二十一、", "十十、", "（一）、", "1、2022年"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		m := headingAt(rs)
		if m == nil {
			return
		}
		if m.n <= 0 || m.n >= len(rs) || m.num <= 0 || m.level < 1 || m.level > 4 {
			t.Fatalf("%q: %+v", s, m)
		}
		hs := parseOutline([]Line{{No: 1, Text: s}})
		if len(hs) != 1 || hs[0].Number != string(rs[:m.n]) {
			t.Fatalf("%q: outline %+v", s, hs)
		}
	})
}

// FuzzParseQuantities: quantities lie inside the text, in order, and carry
// a unit from the list; Arabic integers read back as written.
func FuzzParseQuantities(f *testing.F) {
	for _, s := range []string{"共50余起", "1,200份", "3.25亩", "一万二千人", "两百二十户", "近200人", "100%", "1.2万人次", "十十十次", "9999999999999999999件"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		prev := 0
		for _, q := range parseQuantities(rs) {
			if q.Start < prev || q.End > len(rs) || q.Start >= q.End || q.Unit == "" || q.Value < 0 {
				t.Fatalf("%q: %+v", s, q)
			}
			prev = q.End
		}
	})
}
