package proofread

import (
	"fmt"
	"strings"
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
	// slots: an open-addressing table from a character pair to the terms
	// starting and ending with it (faster than a map at every position).
	slots   []pairSlot
	nterms  int
	starts  runeSet // first characters of every indexed pair
	seconds runeSet // second characters of every indexed pair
}

type pairSlot struct {
	a, b        rune
	first, last []int32
	// Necessary conditions, as 64-bit masks of runes (see runeBit): a term
	// starting here matches only if rs[i+2] or rs[i+3] is its third or
	// fourth character; a term ending here (edit in its first two
	// characters) only if the character before the pair is its
	// antepenultimate one, or the term has four characters.
	firstMask, lastMask uint64
	lastHas4            bool
}

func runeBit(r rune) uint64 { return 1 << ((uint32(r) * 2654435761) >> 26) }

func pairHash(a, b rune) uint32 { return uint32(a)*2654435761 ^ uint32(b)*40503 }

// slot returns the pair's slot, or nil.
func (r *nonwordRule) slot(a, b rune) *pairSlot {
	mask := uint32(len(r.slots) - 1)
	for h := pairHash(a, b) & mask; ; h = (h + 1) & mask {
		s := &r.slots[h]
		if s.a == 0 {
			return nil
		}
		if s.a == a && s.b == b {
			return s
		}
	}
}

// addSlot returns the pair's slot, making it if needed.
func (r *nonwordRule) addSlot(a, b rune) *pairSlot {
	mask := uint32(len(r.slots) - 1)
	for h := pairHash(a, b) & mask; ; h = (h + 1) & mask {
		s := &r.slots[h]
		if s.a == 0 {
			s.a, s.b = a, b
			return s
		}
		if s.a == a && s.b == b {
			return s
		}
	}
}

func newNonwordRule(g *lang) *nonwordRule { return &nonwordRule{g: g} }

func (r *nonwordRule) ID() string { return "word.nonword" }

func (r *nonwordRule) index() {
	r.once.Do(func() {
		if r.g.load() != nil {
			return
		}
		size := 1024
		for size < 8*len(r.g.terms) {
			size *= 2
		}
		r.slots = make([]pairSlot, size)
		r.nterms = len(r.g.terms)
		for i, t := range r.g.terms {
			f, l := [2]rune{t[0], t[1]}, [2]rune{t[len(t)-2], t[len(t)-1]}
			fs := r.addSlot(f[0], f[1])
			fs.first = append(fs.first, int32(i))
			fs.firstMask |= runeBit(t[2]) | runeBit(t[3])
			ls := r.addSlot(l[0], l[1])
			ls.last = append(ls.last, int32(i))
			ls.lastMask |= runeBit(t[len(t)-3])
			ls.lastHas4 = ls.lastHas4 || len(t) == 4
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
	if r.nterms == 0 {
		return
	}
	lastEnd := -1
	try := func(v variant, ok bool) {
		if ok && v.start >= lastEnd && r.report(d, l, rs, v, emit) {
			lastEnd = v.end
		}
	}
	for i := 0; i+1 < len(rs); i++ {
		if !r.starts.has(rs[i]) || !r.seconds.has(rs[i+1]) {
			continue
		}
		sl := r.slot(rs[i], rs[i+1])
		if sl == nil {
			continue
		}
		// the term starts here with its first pair intact: the edit is at
		// its third character or later
		if i+3 < len(rs) && (sl.firstMask&runeBit(rs[i+2]) != 0 || sl.firstMask&runeBit(rs[i+3]) != 0) {
			for _, ti := range sl.first {
				try(r.matchSub(rs, i, int(ti), 2))
				try(r.matchDel(rs, i, int(ti), 2))
			}
		}
		if len(sl.last) == 0 || i == 0 || !sl.lastHas4 && sl.lastMask&runeBit(rs[i-1]) == 0 {
			continue
		}
		// the term ends here with its last pair intact: the edit is in its
		// first two characters (the rest was tried from the first pair)
		for _, ti := range sl.last {
			n := len(r.g.terms[ti])
			if start := i + 2 - n; start >= 0 {
				try(r.matchSub(rs, start, int(ti), 0))
			}
			if start := i + 2 - (n - 1); start >= 0 {
				try(r.matchDel(rs, start, int(ti), 1))
			}
		}
	}
}

// matchSub: the line at start is term ti with one character changed, at
// index from or later when from is 2, in the first two when from is 0.
func (r *nonwordRule) matchSub(rs []rune, start, ti, from int) (variant, bool) {
	t := r.g.terms[ti]
	n := len(t)
	if start+n > len(rs) {
		return variant{}, false
	}
	at := -1
	if from == 0 {
		for k := 2; k < n; k++ {
			if rs[start+k] != t[k] {
				return variant{}, false
			}
		}
		switch {
		case rs[start] != t[0] && rs[start+1] == t[1]:
			at = 0
		case rs[start] == t[0] && rs[start+1] != t[1]:
			at = 1
		default:
			return variant{}, false
		}
	} else {
		for k := from; k < n; k++ {
			if rs[start+k] != t[k] {
				if at >= 0 {
					return variant{}, false
				}
				at = k
			}
		}
		if at < 0 {
			return variant{}, false
		}
	}
	c := rs[start+at]
	if !isHanChar(c) || isFunctionChar(c) || sameClass(c, t[at]) {
		return variant{}, false
	}
	// a law title with its last character changed (安全生产大排查) is not a
	// citation at all.
	if at == n-1 && r.g.isLaw[string(t)] {
		return variant{}, false
	}
	return variant{start: start, end: start + n, term: ti, at: at}, true
}

// matchDel: the line at start is term ti (five characters or more) without
// one inner character, at index from or later.
func (r *nonwordRule) matchDel(rs []rune, start, ti, from int) (variant, bool) {
	t := r.g.terms[ti]
	n := len(t)
	if n < 5 || start+n-1 > len(rs) {
		return variant{}, false
	}
	k := 0
	for k < n-1 && rs[start+k] == t[k] {
		k++
	}
	at := k
	if at < from || at == 0 || at >= n-1 || from == 1 && at != 1 {
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
		sl := r.slot(rs[i], rs[i+1])
		if sl == nil {
			continue
		}
		for _, ti := range sl.first {
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

// unitChars name administrative levels: one in place of another makes a
// parallel term (依法治国 → 全面依法治县, 法治乡村 → 法治社区), not a typo.
const unitChars = "国省市县区镇乡村街州旗盟社企校"

func sameClass(a, b rune) bool {
	return strings.ContainsRune(unitChars, a) && strings.ContainsRune(unitChars, b)
}
