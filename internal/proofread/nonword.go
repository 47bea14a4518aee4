package proofread

import (
	"fmt"
	"sync"
)

// nonwordRule (word.nonword) finds a domain term written with one wrong
// character (法律顾门 for 法律顾问, 依法行证 for 依法行政) or one character
// missing inside it (合法审查 for 合法性审查): a string one edit away from a
// term of the domain lexicon, where the dictionary knows no word that
// explains the changed character (依法行使 is one edit from 依法行政, but 行使
// is a word, so it stays silent).
//
// Every term of four or more characters keeps its first two or its last two
// characters under one substitution, and a term of five or more under one
// deletion, so the terms are indexed by their first and last character pairs
// and a line is scanned once, looking up the pair at each position.
type nonwordRule struct {
	g    *lang
	once sync.Once
	// first[pair] and last[pair]: terms starting / ending with the pair.
	first, last map[[2]rune][]int32
	starts      runeSet // first characters of every indexed pair
	seconds     runeSet // second characters of every indexed pair
}

func newNonwordRule(g *lang) *nonwordRule { return &nonwordRule{g: g} }

func (r *nonwordRule) ID() string { return "word.nonword" }

func (r *nonwordRule) index() {
	r.once.Do(func() {
		r.first, r.last = map[[2]rune][]int32{}, map[[2]rune][]int32{}
		if r.g.load() != nil {
			return
		}
		for i, t := range r.g.terms {
			f, l := [2]rune{t[0], t[1]}, [2]rune{t[len(t)-2], t[len(t)-1]}
			r.first[f] = append(r.first[f], int32(i))
			r.last[l] = append(r.last[l], int32(i))
			r.starts.add(f[0])
			r.starts.add(l[0])
			r.seconds.add(f[1])
			r.seconds.add(l[1])
		}
	})
}

// variant is a span of the line one edit away from a term.
type variant struct {
	start, end int // span in the line
	term       int
	at         int  // index in the term of the substituted or deleted character
	deletion   bool // one character of the term is missing
}

func (r *nonwordRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	rs := l.runes()
	if len(rs) < 4 {
		return
	}
	r.index()
	if len(r.first) == 0 {
		return
	}
	lastEnd := -1
	for i := 0; i+1 < len(rs); i++ {
		if !r.starts.has(rs[i]) || !r.seconds.has(rs[i+1]) {
			continue
		}
		p := [2]rune{rs[i], rs[i+1]}
		for _, ti := range r.first[p] {
			if v, ok := r.match(rs, i, int(ti)); ok && v.start >= lastEnd && r.report(d, l, rs, v, emit) {
				lastEnd = v.end
			}
		}
		for _, ti := range r.last[p] {
			t := r.g.terms[ti]
			for _, start := range []int{i + 2 - len(t), i + 2 - (len(t) - 1)} {
				if start < 0 || start == i && len(t) <= 2 {
					continue
				}
				if v, ok := r.match(rs, start, int(ti)); ok && v.start >= lastEnd && r.report(d, l, rs, v, emit) {
					lastEnd = v.end
				}
			}
		}
	}
}

// match compares the line at start with term ti: one substitution, or one
// deletion inside the term (not its first or last character).
func (r *nonwordRule) match(rs []rune, start, ti int) (variant, bool) {
	t := r.g.terms[ti]
	n := len(t)
	if start+n <= len(rs) {
		diff, at := 0, -1
		for k := 0; k < n && diff < 2; k++ {
			if rs[start+k] != t[k] {
				diff++
				at = k
			}
		}
		// a law title with its last character changed (安全生产大排查) is not
		// a citation at all.
		lawEnd := at == n-1 && r.g.isLaw[string(t)]
		if diff == 1 && isHanChar(rs[start+at]) && !isFunctionChar(rs[start+at]) && !lawEnd {
			return variant{start: start, end: start + n, term: ti, at: at}, true
		}
		if diff == 0 {
			return variant{}, false
		}
	}
	if n >= 5 && start+n-1 <= len(rs) {
		// the line lacks t[at]: rs[start:start+n-1] == t[:at] + t[at+1:]
		k := 0
		for k < n-1 && rs[start+k] == t[k] {
			k++
		}
		at := k
		if at == 0 || at >= n-1 {
			return variant{}, false
		}
		for ; k < n-1; k++ {
			if rs[start+k] != t[k+1] {
				return variant{}, false
			}
		}
		// the missing character must really be missing: 合法性审查 read as 合法审查,
		// not the term itself followed by more text.
		if start+n-1 < len(rs) && rs[start+n-1] == t[n-1] {
			return variant{}, false
		}
		return variant{start: start, end: start + n - 1, term: ti, at: at, deletion: true}, true
	}
	return variant{}, false
}

// report emits the finding when nothing explains the variant; it reports
// whether it did.
func (r *nonwordRule) report(d *Doc, l Line, rs []rune, v variant, emit func(Finding)) bool {
	g := r.g
	t := g.terms[v.term]

	// (the cheapest and most often decisive test first)
	if v.deletion {
		// the characters on both sides of the gap form a word: 合法审查 has
		// none (法审), 公平竞审查 none (竞审).
		if g.coveredByWord(rs, v.start+v.at-1, v.start+v.at) {
			return false
		}
	} else {
		p := v.start + v.at
		if g.coveredByWord(rs, p, p) {
			return false
		}
	}
	// the span must start and end at word boundaries: in 普法宣传教育 the
	// span 法宣传教育 starts inside 普法.
	if v.start > 0 && g.coveredByWord(rs, v.start-1, v.start) || v.end < len(rs) && g.coveredByWord(rs, v.end-1, v.end) {
		return false
	}
	span := string(rs[v.start:v.end])
	if g.isWord(span) {
		return false
	}
	// the span sits inside an exact term (the line has 法律顾问 overlapping it).
	if r.exactTermOverlaps(rs, v.start, v.end) {
		return false
	}
	sev, msg := Error, fmt.Sprintf("“%s”不成词，疑为“%s”（错字）", span, string(t))
	if v.deletion {
		sev, msg = Warning, fmt.Sprintf("“%s”疑为“%s”（漏字“%c”）", span, string(t), t[v.at])
	}
	emit(Finding{Rule: "word.nonword", Severity: sev, Line: l.No, Column: v.start + 1, Excerpt: span,
		Message: msg, Suggestion: string(t), Specificity: 43})
	return true
}

// exactTermOverlaps reports whether a domain term occurs exactly in rs
// overlapping [a, b).
func (r *nonwordRule) exactTermOverlaps(rs []rune, a, b int) bool {
	for i := max(0, a-9); i < b && i+1 < len(rs); i++ {
		for _, ti := range r.first[[2]rune{rs[i], rs[i+1]}] {
			t := r.g.terms[ti]
			if i+len(t) <= len(rs) && i+len(t) > a && runesEqual(rs[i:i+len(t)], t) {
				return true
			}
		}
	}
	return false
}

// isFunctionChar: a particle or preposition in place of a term's character
// is grammar (领导干部的法治理论), not a wrong character.
func isFunctionChar(r rune) bool {
	switch r {
	case '的', '地', '得', '了', '着', '和', '与', '及', '或', '等', '在', '对', '是', '把', '被', '将', '也', '都', '并', '之', '其', '以', '为', '于', '而', '向', '从', '由', '中', '上', '下', '一', '不':
		return true
	}
	return false
}
