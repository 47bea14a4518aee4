package proofread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzLineRules runs every line rule directly on one arbitrary line (no
// ingest, no page): each finding's excerpt must be the text at its column.
func FuzzLineRules(f *testing.F) {
	for _, s := range []string{
		"我镇严格区委、区政府部署要求，扎实的开展普法，落实的很好。",
		"聘请法律顾门2名，坚持依法行证，重大决策经过合法审查。",
		"通过普法，使群众法治意识明显提高了群众的法治意识，，。",
		"召开会议4次、专题会3次，共计8次。每季度开展1次，全年开展3次。办结率105%%。",
		"依据消费者权益法和《行政许可条例》，为发展营造环境提供保障。",
		"我镇坚持依法决策，我镇积极推进。加强执法力度，水平化。",
		"坚持习近平法治思想为指导，县委的坚强领导下，认真发挥第一责任人职责，推进浓厚氛围。",
		"", "法", "《", "每季度", "共计1次", "\u0000\uFFFD",
	} {
		f.Add(s)
	}
	c, err := NewChecker(Config{})
	if err != nil {
		f.Fatal(err)
	}
	d := &Doc{Year: 2024, Unit: "青山镇", Level: "乡镇"}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || strings.ContainsAny(s, "\n\r") {
			return
		}
		rs := []rune(s)
		l := Line{No: 1, Text: s, rs: rs, sents: splitSentences(rs)}
		for _, r := range c.lineRules {
			r.CheckLine(d, l, func(fd Finding) {
				n := runeLen(fd.Excerpt)
				if fd.Column < 1 || fd.Column-1+n > len(rs) || string(rs[fd.Column-1:fd.Column-1+n]) != fd.Excerpt || fd.Message == "" {
					t.Fatalf("%s on %q: column %d excerpt %q", fd.Rule, s, fd.Column, fd.Excerpt)
				}
			})
		}
	})
}

// FuzzParseDate: a date read from a line is a real calendar-ish date and the
// line has nothing after 日.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2024年1月10日", "二〇二四年一月十日", "二〇二四年十二月三十一日", "2024年13月1日", "2024年1月", "十年十月十日", "2024年1月10日。"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := []rune(s)
		y, m, d, ok := parseDate(rs)
		if !ok {
			return
		}
		if y < 1950 || y > 2099 || m < 1 || m > 12 || d < 1 || d > 31 || rs[len(rs)-1] != '日' {
			t.Fatalf("%q: %d-%d-%d", s, y, m, d)
		}
	})
}

// FuzzParseWords: the dictionary reader returns sorted entries or an error
// naming the file and line; an entry is never empty.
func FuzzParseWords(f *testing.F) {
	for _, s := range []string{"依法行政 3 n\n法治 10 n\n", "# c\n\n甲\n", "甲 x n\n", "乙 1\n甲 2 v\n", "\xff 1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		es, err := parseWords(s, "w.txt")
		if err != nil {
			if !strings.Contains(err.Error(), "w.txt") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		for i, e := range es {
			if e.word == "" || i > 0 && es[i-1].word > e.word {
				t.Fatalf("bad entry %d %+v", i, e)
			}
		}
	})
}

// FuzzReadSignature: a signature is read from the last lines of arbitrary
// text and points at one of them.
func FuzzReadSignature(f *testing.F) {
	f.Add("青山镇人民政府\n2025年1月15日")
	f.Add("正文。\n青山街道办事处\n二〇二五年一月十五日\n")
	f.Add("局\n1日")
	f.Fuzz(func(t *testing.T, s string) {
		var lines []Line
		for i, t := range strings.Split(s, "\n") {
			lines = append(lines, Line{No: i + 1, Text: t})
		}
		sg := readSignature(lines)
		if sg.unit != "" && (sg.unitLine < 1 || sg.unitLine > len(lines)) || sg.dateLine < 0 || sg.dateLine > len(lines) {
			t.Fatalf("%q: %+v", s, sg)
		}
	})
}
