package proofread

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func key(w string) [4]rune {
	k, _ := shortKey([]rune(w))
	return k
}

// TestDictTable: a file out of order is still found word by word, a later
// line of the same word wins, other lengths are left out, and a bad
// frequency names its line.
func TestDictTable(t *testing.T) {
	tab, err := parseDict([]byte("# 注释\n法治 50 n\n依法行政 9 l\n法 3 n\n依法 7 d\n法治 60 n\n中华人民共和国 5 nz\n𠀀𠀀 4 n\n"), "t.txt")
	if err != nil {
		t.Fatal(err)
	}
	for w, want := range map[string]uint32{"法治": 60, "依法行政": 9, "依法": 7, "𠀀𠀀": 4} {
		if e, ok := tab.get(key(w)); !ok || e.freq != want {
			t.Errorf("%s: %+v %v, want freq %d", w, e, ok, want)
		}
	}
	for _, w := range []string{"法", "中华人民共和国", "依法行", "治法"} {
		if _, ok := tab.get(key(w)); ok {
			t.Errorf("%s found", w)
		}
	}
	if tab.len() != 4 {
		t.Errorf("%d words, want 4", tab.len())
	}
	if _, err := parseDict([]byte("法治 50\n依法 x7\n"), "t.txt"); err == nil || !strings.Contains(err.Error(), "第2行") {
		t.Errorf("bad frequency: %v", err)
	}
}

// FuzzParseDict: any text is read or refused with its line, and every word
// of 2–4 characters read is found again.
func FuzzParseDict(f *testing.F) {
	for _, s := range []string{"法治 50 n\n依法 7\n", "乙甲 1\n甲乙 2\n甲乙 3", "# x\n\n", "法治 99999999999", "\xff\xfe 3", "a b c d e"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := parseDict([]byte(s), "f.txt")
		if err != nil {
			if !strings.Contains(err.Error(), "f.txt 第") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		for _, line := range strings.Split(s, "\n") {
			fs := strings.Fields(line)
			if len(fs) == 0 || strings.HasPrefix(fs[0], "#") || !utf8.ValidString(fs[0]) {
				continue
			}
			if n := utf8.RuneCountInString(fs[0]); n >= 2 && n <= 4 {
				if _, ok := tab.get(key(fs[0])); !ok {
					t.Fatalf("%q read but not found", fs[0])
				}
			}
		}
	})
}
