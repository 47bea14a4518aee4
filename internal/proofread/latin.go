package proofread

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// latinRule is script.latin: a stray Latin word inside Chinese prose — an
// English word left over from a template or translation (" and "), a
// placeholder (XX, xxx) — as opposed to the abbreviations, units, model
// names and addresses a report legitimately contains.
//
// Reported: a word of Latin letters whose nearest neighbours on both sides
// (across spaces) are Han characters or Chinese punctuation, and which is
// either a placeholder (XX, xxx), a lower-case word that is not a known unit
// or product name (English leftovers, pinyin left by an input method), or a
// capitalised English function word (The, And). Words in
// upper case (LED, APP, PPT, GDP, QQ), words touching digits (5G, N95,
// PM2.5, km²), and anything inside URLs and e-mail addresses are left alone.
// Lines where Latin letters are a large share of the text are not Chinese
// prose and are skipped.
type latinRule struct{}

const specLatin = 26

// latinAllowed are lower- or mixed-case words that are normal in Chinese
// government text (units, product names), compared in lower case.
var latinAllowed = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`km m cm mm dm kg g mg t ml l kw kwh mw mwh mu ha hz khz mhz ghz kb mb gb tb
		kv mah ppm pm dpi fps
		app wifi wi fi iphone ipad ios android windows wps word excel office wechat weibo
		www com cn gov org net http https html pdf doc docx xls xlsx ppt pptx jpg png txt zip rar
		vs ok no e-mail email vlog logo blog apps douyin bilibili`) {
		m[w] = true
	}
	return m
}()

// englishFunctionWords are reported even when capitalised: a capitalised
// word that is not one of them is more likely a name (Excel, Zoom) than a
// leftover.
var englishFunctionWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`the and or of to in on at for with from by as is are was were be been this that
		these those it its an not but if then than so such into over under about after before between`) {
		m[w] = true
	}
	return m
}()

func (latinRule) ID() string { return "script.latin" }

func isASCIILetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func (latinRule) CheckLine(_ *Doc, l Line, emit func(Finding)) {
	t := l.Text
	// quick reject and share of Latin letters
	letters := 0
	for i := 0; i < len(t); i++ {
		if isASCIILetter(t[i]) {
			letters++
		}
	}
	if letters == 0 {
		return
	}
	han := 0
	for _, r := range t {
		if isHan(r) {
			han++
		}
	}
	if han*2 < letters {
		return // mostly Latin: not Chinese prose
	}
	col := 0 // rune index of byte i
	for i := 0; i < len(t); {
		if !isASCIILetter(t[i]) {
			_, size := utf8.DecodeRuneInString(t[i:])
			i += size
			col++
			continue
		}
		j := i
		for j < len(t) && isASCIILetter(t[j]) {
			j++
		}
		word := t[i:j]
		if latinStray(t, i, j) {
			msg := fmt.Sprintf("中文行文中出现外文“%s”，疑为遗留或误输入", word)
			sugg := "删除或改为中文"
			if isPlaceholder(word) {
				msg = fmt.Sprintf("“%s”疑为未替换的占位符", word)
				sugg = "填写实际内容"
			}
			emit(Finding{Rule: "script.latin", Severity: Warning, Line: l.No, Column: col + 1,
				Excerpt: word, Message: msg, Suggestion: sugg, Specificity: specLatin})
		}
		col += j - i
		i = j
	}
}

func isPlaceholder(w string) bool {
	if len(w) < 2 {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i]|0x20 != 'x' {
			return false
		}
	}
	return true
}

// latinStray decides whether t[i:j], a run of ASCII letters, is a stray word.
func latinStray(t string, i, j int) bool {
	w := t[i:j]
	if len(w) < 2 {
		return false
	}
	// neighbours touching the word
	prev, _ := utf8.DecodeLastRuneInString(t[:i])
	next, _ := utf8.DecodeRuneInString(t[j:])
	if i > 0 && (isWordJoiner(prev)) || j < len(t) && isWordJoiner(next) {
		return false
	}
	if inAddress(t, i, j) {
		return false
	}
	prevHan, prevFound := hanNeighbour(t[:i], true)
	nextHan, nextFound := hanNeighbour(t[j:], false)
	if !prevFound && !nextFound || prevFound && !prevHan || nextFound && !nextHan {
		return false
	}
	if isPlaceholder(w) {
		return true
	}
	lower := strings.ToLower(w)
	if latinAllowed[lower] {
		return false
	}
	// upper case words are abbreviations; camel case (iPhone, eID) are names
	upper := 0
	for k := 0; k < len(w); k++ {
		if w[k] >= 'A' && w[k] <= 'Z' {
			upper++
		}
	}
	switch {
	case upper == 0:
		return true
	case upper == 1 && w[0] >= 'A' && w[0] <= 'Z':
		return englishFunctionWords[lower] // The, And; not Excel, Zoom
	}
	return false
}

// isWordJoiner: characters that bind a Latin run to a code, number, unit or
// address rather than to the prose around it.
func isWordJoiner(r rune) bool {
	switch {
	case r >= '0' && r <= '9', r >= '０' && r <= '９':
		return true
	}
	switch r {
	case '.', '@', '/', '_', '-', ':', '²', '³', '&', '#', '\'', '+', '=', '%', '·':
		return true
	}
	return false
}

// inAddress reports whether the run sits inside something that looks like a
// URL or e-mail address (no spaces between it and "://", "www." or "@").
func inAddress(t string, i, j int) bool {
	start := strings.LastIndexAny(t[:i], " \t　，。；：、（）《》“”") + 1
	end := strings.IndexAny(t[j:], " \t　，。；：、（）《》“”")
	if end < 0 {
		end = len(t)
	} else {
		end += j
	}
	chunk := t[start:end]
	return strings.Contains(chunk, "://") || strings.Contains(chunk, "www.") || strings.Contains(chunk, "@")
}

// hanNeighbour looks at the nearest non-space rune before (before true) or
// after the run: found is false at the start or end of the line, han tells
// whether it is a Han character or Chinese punctuation.
func hanNeighbour(s string, before bool) (han, found bool) {
	for len(s) > 0 {
		var r rune
		var size int
		if before {
			r, size = utf8.DecodeLastRuneInString(s)
			s = s[:len(s)-size]
		} else {
			r, size = utf8.DecodeRuneInString(s)
			s = s[size:]
		}
		if r == ' ' || r == '\u3000' || r == '\t' || r == '\u00a0' {
			continue
		}
		return isHan(r) || (r >= 0x3000 && r <= 0x303f) || (r >= 0xff00 && r <= 0xff65 && !isFullwidthAlnum(r)) || r == '“' || r == '”', true
	}
	return false, false
}

func isFullwidthAlnum(r rune) bool {
	return (r >= '０' && r <= '９') || (r >= 'Ａ' && r <= 'Ｚ') || (r >= 'ａ' && r <= 'ｚ')
}
