package proofread

import (
	"fmt"
	"strings"
	"unicode"
)

// duplicateRule is char.duplicate: a character or word written twice by
// accident (的的, 进一步进一步, 工作工作).
//
// A doubled single character is only reported for the function characters
// in doubledChars: content characters double legitimately wherever one word
// ends in the character the next begins with (学习习近平, 工作作风, 调解解决,
// 委员会会议), and telling those apart needs a dictionary. A doubled word of
// two to six Han characters is reported unless it is a reduplication
// (研究研究) or an "一 + measure" repetition (一步一步). Digits and Chinese
// numerals are never reported (11, 一一对应 is in the list anyway). The list
// data/reduplications.txt (one string a line) names legitimate strings; a
// doubled pair covered by one of them in the line is not reported.
//
// A doubled content character is reported in one narrow case, from
// data/doubled_starts.tsv: "XXY" where XY is a domain word (法治, 政府,
// 建设 …) and the text before is not a word ending in X (宪法法治 is two
// words; 推进法法治 is a typo).
type duplicateRule struct {
	legit  map[string][]legitEntry    // doubled pair ("的的", "工作工作") → entries containing it
	starts map[string]map[string]bool // domain word XY → words ending in X (data/doubled_starts.tsv)
}

// legitEntry is a legitimate string and where a doubled pair sits in it.
type legitEntry struct {
	runes []rune
	at    int // rune offset of the doubled pair in runes
}

// doubledChars are the single characters whose doubling is reported.
var doubledChars = func() map[rune]bool {
	m := map[rune]bool{}
	for _, r := range "的了是在和与被将从于也都就又已之而或即很更最均还我各不并其由这" {
		m[r] = true
	}
	return m
}()

const specDuplicate = 42

func newDuplicateRule(entries []string, starts map[string]map[string]bool) *duplicateRule {
	d := &duplicateRule{legit: map[string][]legitEntry{}, starts: starts}
	for _, e := range entries {
		r := []rune(foldString(e))
		// index every doubled pair (single characters and words) inside the entry
		for n := 1; n <= 6; n++ {
			for i := 0; i+2*n <= len(r); i++ {
				if runesEqual(r[i:i+n], r[i+n:i+2*n]) {
					key := string(r[i : i+2*n])
					d.legit[key] = append(d.legit[key], legitEntry{runes: r, at: i})
				}
			}
		}
	}
	return d
}

func (d *duplicateRule) ID() string { return "char.duplicate" }

func isHan(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF {
		return true
	}
	return r >= 0x2E80 && unicode.Is(unicode.Han, r)
}

// isNumeral reports Chinese numerals, which repeat in numbers (二十二, 一一).
func isNumeral(r rune) bool {
	switch r {
	case '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '亿', '零', '〇', '两':
		return true
	}
	return false
}

func (d *duplicateRule) CheckLine(_ *Doc, l Line, emit func(Finding)) {
	bp := runeBufPool.Get().(*[]rune)
	defer runeBufPool.Put(bp)
	runes := (*bp)[:0]
	for _, r := range l.Text {
		runes = append(runes, r)
	}
	*bp = runes
	for i := 0; i < len(runes); i++ {
		if !isHan(runes[i]) || isNumeral(runes[i]) {
			continue
		}
		// longest doubled word starting at i
		for n := 6; n >= 1; n-- {
			if i+2*n > len(runes) || runes[i+n] != runes[i] || !runesEqual(runes[i:i+n], runes[i+n:i+2*n]) {
				continue
			}
			if !d.reportable(runes, i, n) {
				break
			}
			word := string(runes[i : i+n])
			emit(Finding{Rule: "char.duplicate", Severity: Error, Line: l.No, Column: i + 1,
				Excerpt: word + word, Message: fmt.Sprintf("“%s”重复，疑为误输入", word),
				Suggestion: word, Specificity: specDuplicate})
			i += 2*n - 1
			break
		}
	}
}

// reportable decides whether runes[i:i+2n] (a word of n runes written twice)
// is an accident.
func (d *duplicateRule) reportable(runes []rune, i, n int) bool {
	w := runes[i : i+n]
	for _, r := range w {
		if !isHan(r) {
			return false
		}
	}
	if n == 1 && !doubledChars[w[0]] && !d.doubledStart(runes, i) {
		return false
	}
	if n > 1 && isNumeral(w[0]) && w[0] == '一' {
		return false // 一步一步, 一点一点
	}
	allNum := true
	for _, r := range w {
		if !isNumeral(r) {
			allNum = false
		}
	}
	if allNum {
		return false
	}
	// the same character three times or more (哈哈哈) or ABAB continuing is not an accident we can judge
	if n == 1 && i+2 < len(runes) && runes[i+2] == w[0] {
		return false
	}
	key := make([]rune, 0, 2*n)
	for _, r := range runes[i : i+2*n] {
		key = append(key, foldRune(r))
	}
	for _, e := range d.legit[string(key)] {
		start := i - e.at
		if start < 0 || start+len(e.runes) > len(runes) {
			continue
		}
		ok := true
		for k, r := range e.runes {
			if foldRune(runes[start+k]) != r {
				ok = false
				break
			}
		}
		if ok {
			return false
		}
	}
	return true
}

// doubledStart reports whether runes[i] == runes[i+1] is a doubled first
// character of a listed domain word that does not close a word before it.
func (d *duplicateRule) doubledStart(runes []rune, i int) bool {
	if i+2 >= len(runes) {
		return false
	}
	ends, ok := d.starts[string(runes[i+1:i+3])]
	if !ok {
		return false
	}
	for k := 1; k <= 4 && i-k >= 0; k++ {
		if ends[string(runes[i-k:i+1])] {
			return false
		}
	}
	return true
}

// loadDoubledStarts reads data/doubled_starts.tsv (word, "|"-separated words
// ending in its first character) and adds the short titles of the laws
// ending in 法, so that 诉讼法法律 is not reported.
func loadDoubledStarts(cfg Config, laws []lawTitle) (map[string]map[string]bool, error) {
	rows, err := loadListRows(cfg, "doubled_starts", "doubled_starts.tsv", 2, 2)
	if err != nil {
		return nil, err
	}
	out := map[string]map[string]bool{}
	for _, r := range mergeRows(rows) {
		w := []rune(r.cols[0])
		if len(w) != 2 {
			return nil, fmt.Errorf("%s：“%s”应为两个字的词", r.where(), r.cols[0])
		}
		ends := map[string]bool{}
		for _, e := range splitAlts(r.col(1)) {
			er := []rune(e)
			if len(er) < 2 || len(er) > 5 || er[len(er)-1] != w[0] {
				return nil, fmt.Errorf("%s：“%s”应为以“%c”结尾的二至五字词", r.where(), e, w[0])
			}
			ends[e] = true
		}
		if w[0] == '法' {
			for _, l := range laws {
				// the title and its endings of three to five characters
				// (诉讼法, 促进法); two-character endings would hide 推进法法治
				t := []rune(strings.TrimPrefix(l.title, cnPrefix))
				if len(t) == 0 || t[len(t)-1] != '法' {
					continue
				}
				ends[string(t)] = true
				for k := 3; k <= 5 && k <= len(t); k++ {
					ends[string(t[len(t)-k:])] = true
				}
			}
		}
		out[r.cols[0]] = ends
	}
	return out, nil
}

// loadReduplications reads the built-in list and its extension.
func loadReduplications(cfg Config) ([]string, error) {
	rows, err := loadListRows(cfg, "reduplications", "reduplications.txt", 1, 1)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range mergeRows(rows) {
		out = append(out, r.cols[0])
	}
	return out, nil
}
