package proofread

import (
	"fmt"
	"sort"
	"sync"
)

// lexiconScan is the one-pass rule for the phrase lists: a single
// Aho–Corasick automaton holds every confusable context and every outdated
// term, so each line is read once for all of them. It reports findings under
// the rule ids word.confusable and term.outdated.
type lexiconScan struct {
	m        *matcher
	payloads [][]lexPayload // pattern id → what it means
	conf     []confusable
	outdated []outdatedTerm
	except   map[lexPayload][][]rune // folded exceptions of each entry
}

// lexPayload ties a pattern to a list entry.
type lexPayload struct {
	outdated bool
	idx      int32
}

// Specificities on the engine's scale (defaultSpecificity): an outdated term
// names a whole formulation and outranks a confusable word inside it; both
// outrank a doubled character. Overlaps within this rule keep the longest.
const (
	specConfusable = 44
	specOutdated   = 46
)

func newLexiconScan(conf []confusable, outdated []outdatedTerm) *lexiconScan {
	s := &lexiconScan{m: newMatcher(), conf: conf, outdated: outdated, except: map[lexPayload][][]rune{}}
	foldAll := func(p lexPayload, xs []string) {
		for _, x := range xs {
			s.except[p] = append(s.except[p], []rune(foldString(x)))
		}
	}
	for i, c := range conf {
		foldAll(lexPayload{idx: int32(i)}, c.except)
	}
	for i, t := range outdated {
		foldAll(lexPayload{outdated: true, idx: int32(i)}, t.except)
	}
	addPayload := func(pat string, p lexPayload) {
		id := s.m.add(pat)
		for int(id) >= len(s.payloads) {
			s.payloads = append(s.payloads, nil)
		}
		s.payloads[id] = append(s.payloads[id], p)
	}
	for i, c := range conf {
		addPayload(c.pattern, lexPayload{idx: int32(i)})
	}
	for i, t := range outdated {
		for _, o := range t.olds {
			addPayload(o, lexPayload{outdated: true, idx: int32(i)})
		}
	}
	s.m.build()
	return s
}

// ID names the rule family; the findings carry word.confusable or
// term.outdated.
func (s *lexiconScan) ID() string { return "lexicon" }

// lexHit is one candidate finding on a line, in runes.
type lexHit struct {
	start, end int // the reported span
	p          lexPayload
}

var runeBufPool = sync.Pool{New: func() any { b := make([]rune, 0, 512); return &b }}

// CheckLine runs the automaton over the line once and reports the longest of
// any overlapping candidates.
func (s *lexiconScan) CheckLine(d *Doc, l Line, emit func(Finding)) {
	var hits []lexHit
	s.m.scan(l.runes(), func(id int32, start, end int) {
		for _, p := range s.payloads[id] {
			if p.outdated {
				if !s.outdated[p.idx].outdatedIn(d.Year) {
					continue
				}
				hits = append(hits, lexHit{start, end, p})
				continue
			}
			c := &s.conf[p.idx]
			hits = append(hits, lexHit{start + c.spanStart, start + c.spanEnd, p})
		}
	})
	if len(hits) == 0 {
		return
	}
	bp := runeBufPool.Get().(*[]rune)
	defer runeBufPool.Put(bp)
	runes := (*bp)[:0]
	for _, r := range l.runes() {
		runes = append(runes, foldRune(r))
	}
	*bp = runes
	kept := hits[:0]
	for _, h := range hits {
		if !excepted(runes, h.start, h.end, s.except[h.p]) {
			kept = append(kept, h)
		}
	}
	// Longest first; drop any hit overlapping one already kept.
	sort.SliceStable(kept, func(i, j int) bool {
		li, lj := kept[i].end-kept[i].start, kept[j].end-kept[j].start
		if li != lj {
			return li > lj
		}
		return kept[i].start < kept[j].start
	})
	var chosen []lexHit
	for _, h := range kept {
		overlap := false
		for _, c := range chosen {
			if h.start < c.end && c.start < h.end {
				overlap = true
				break
			}
		}
		if !overlap {
			chosen = append(chosen, h)
		}
	}
	sort.Slice(chosen, func(i, j int) bool { return chosen[i].start < chosen[j].start })
	orig := l.runes()
	for _, h := range chosen {
		excerpt := string(orig[h.start:h.end])
		if h.p.outdated {
			emit(s.outdatedFinding(d, l, h, excerpt))
		} else {
			emit(s.confusableFinding(l, h, excerpt))
		}
	}
}

func (s *lexiconScan) confusableFinding(l Line, h lexHit, excerpt string) Finding {
	c := &s.conf[h.p.idx]
	msg := fmt.Sprintf("“%s”疑为“%s”之误", excerpt, c.right)
	if c.note != "" {
		msg += "：" + c.note
	}
	return Finding{Rule: "word.confusable", Severity: c.severity, Line: l.No, Column: h.start + 1,
		Excerpt: excerpt, Message: msg, Suggestion: c.right, Specificity: specConfusable}
}

func (s *lexiconScan) outdatedFinding(d *Doc, l Line, h lexHit, excerpt string) Finding {
	t := &s.outdated[h.p.idx]
	cat := t.category
	if cat == "" {
		cat = "提法"
	}
	msg := fmt.Sprintf("%s“%s”自%s起已不再使用（%s），%d年度报告应使用“%s”",
		cat, excerpt, t.date.Format("2006年1月2日"), t.source, d.Year, t.replacement)
	return Finding{Rule: "term.outdated", Severity: Warning, Line: l.No, Column: h.start + 1,
		Excerpt: excerpt, Message: msg, Suggestion: t.replacement, Specificity: specOutdated}
}

// excepted reports whether one of the exception strings occurs in runes
// overlapping [start, end).
func excepted(runes []rune, start, end int, except [][]rune) bool {
	for _, xr := range except {
		n := len(xr)
		lo := start - n + 1
		if lo < 0 {
			lo = 0
		}
		for p := lo; p < end && p+n <= len(runes); p++ {
			if runesEqual(runes[p:p+n], xr) {
				return true
			}
		}
	}
	return false
}

func runesEqual(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
