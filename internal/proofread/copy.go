package proofread

import (
	"fmt"
	"hash/fnv"
	"sort"
	"strings"
)

// copySent is one sentence of a report as the copy index sees it.
type copySent struct {
	line, col  int    // input position of its first rune
	lineText   string // the normalised line it sits in
	start, end int    // its rune span in lineText
	hash       uint64 // of the normalised sentence
	fps        []uint64
}

func (c copySent) text() string { return string([]rune(c.lineText)[c.start:c.end]) }

const (
	copyMinRunes   = 25 // shorter sentences are stock phrases, not passages
	copyShingle    = 12 // runes per fingerprint
	copySample     = 4  // keep fingerprints whose hash ≡ 0 mod copySample
	copyRareDocs   = 64 // fingerprints in more reports are too common for near-duplicate voting
	copyShareRatio = 0.6
	copyPlaces     = 3 // places listed in a finding
)

// copySentences splits a parsed report into the sentences the copy index
// compares: long enough to be a passage, normalised to Han, digits and
// letters so that punctuation and spacing differences do not hide a copy.
func copySentences(d *Doc) []copySent {
	var out []copySent
	headings := map[int]bool{}
	for _, h := range d.outline {
		headings[h.Line] = true
	}
	norm := make([]rune, 0, 256)
	for _, l := range d.Lines {
		if headings[l.No] {
			continue
		}
		for _, s := range l.sentences() {
			norm = norm[:0]
			for _, r := range s.rs {
				switch {
				case isHanChar(r) || isDigit(r):
					norm = append(norm, r)
				case isLatin(r):
					norm = append(norm, r|0x20)
				}
			}
			if len(norm) < copyMinRunes {
				continue
			}
			if stripped := boilerplateReplacer.Replace(string(norm)); len(stripped) < len(string(norm)) {
				norm = append(norm[:0], []rune(stripped)...)
				if len(norm) < copyMinRunes {
					continue
				}
			}
			h := fnv.New64a()
			var buf [4]byte
			for _, r := range norm {
				buf[0], buf[1], buf[2], buf[3] = byte(r), byte(r>>8), byte(r>>16), byte(r>>24)
				h.Write(buf[:])
			}
			a, b := s.start, s.start+len(s.rs)
			for a < b && isSpace(s.rs[a-s.start]) {
				a++
			}
			cs := copySent{lineText: l.Text, start: a, end: b, hash: h.Sum64()}
			cs.line, cs.col = d.locate(l.No, a+1)
			for i := 0; i+copyShingle <= len(norm); i++ {
				var fp uint64 = 14695981039346656037
				for _, r := range norm[i : i+copyShingle] {
					fp ^= uint64(r)
					fp *= 1099511628211
				}
				if fp%copySample == 0 {
					cs.fps = append(cs.fps, fp)
				}
			}
			out = append(out, cs)
		}
	}
	return out
}

type posting struct{ doc, sent int32 }

// copyIndex is an inverted index of sentence hashes and fingerprints over a
// corpus: every sentence is looked up once, never compared pairwise, and a
// passage shared by thousands of reports costs no more than one shared by two.
type copyIndex struct {
	names     []string
	sents     [][]copySent
	exact     map[uint64][]posting // postings in document order
	exactDocs map[uint64]int       // distinct documents per hash
	fps       map[uint64][]posting
}

func newCopyIndex(names []string, sents [][]copySent) *copyIndex {
	ix := &copyIndex{names: names, sents: sents, exact: map[uint64][]posting{}, exactDocs: map[uint64]int{}, fps: map[uint64][]posting{}}
	for d, ss := range sents {
		for s, cs := range ss {
			p := posting{int32(d), int32(s)}
			l := ix.exact[cs.hash]
			if n := len(l); n == 0 || l[n-1].doc != p.doc {
				ix.exactDocs[cs.hash]++
			}
			ix.exact[cs.hash] = append(l, p)
			for _, fp := range cs.fps {
				l := ix.fps[fp]
				if len(l) > copyRareDocs { // too common to vote; keep the list bounded
					continue
				}
				if n := len(l); n > 0 && l[n-1].doc == p.doc {
					continue
				}
				ix.fps[fp] = append(l, p)
			}
		}
	}
	return ix
}

// shared returns how many other documents carry sentence s of document d
// (exactly, or most of its rare fingerprints) and the first few places.
// buf is scratch space reused between calls.
func (ix *copyIndex) shared(d, s int, buf *[]posting) (int, []posting) {
	cs := ix.sents[d][s]
	list := ix.exact[cs.hash]
	count := ix.exactDocs[cs.hash] - 1
	var first []posting
	for _, p := range list {
		if p.doc != int32(d) && (len(first) == 0 || first[len(first)-1].doc != p.doc) {
			first = append(first, p)
			if len(first) == copyPlaces {
				break
			}
		}
	}
	if len(cs.fps) < 3 {
		return count, first
	}
	cand := (*buf)[:0]
	for _, fp := range cs.fps {
		for _, p := range ix.fps[fp] {
			if p.doc != int32(d) {
				cand = append(cand, p)
			}
		}
	}
	*buf = cand
	if len(cand) == 0 {
		return count, first
	}
	sort.Slice(cand, func(a, b int) bool {
		if cand[a].doc != cand[b].doc {
			return cand[a].doc < cand[b].doc
		}
		return cand[a].sent < cand[b].sent
	})
	need := max(3, int(float64(len(cs.fps))*copyShareRatio+0.5))
	near := 0
	lastDoc := int32(-1)
	for i := 0; i < len(cand); {
		j := i
		for j < len(cand) && cand[j] == cand[i] {
			j++
		}
		p := cand[i]
		if j-i >= need && p.doc != lastDoc {
			k := sort.Search(len(list), func(x int) bool { return list[x].doc >= p.doc })
			if !(k < len(list) && list[k].doc == p.doc) { // not already an exact copy
				near++
				lastDoc = p.doc
				first = append(first, p)
			}
		}
		i = j
	}
	if near > 0 {
		count += near
		sort.Slice(first, func(a, b int) bool { return first[a].doc < first[b].doc })
		if len(first) > copyPlaces {
			first = first[:copyPlaces]
		}
	}
	return count, first
}

// findings reports document d's shared passages: consecutive shared
// sentences on one line are one passage; each says how many other reports
// carry it and lists the first few places.
func (ix *copyIndex) findings(d int) []Finding {
	var out []Finding
	var buf []posting
	ss := ix.sents[d]
	for s := 0; s < len(ss); s++ {
		count, first := ix.shared(d, s, &buf)
		if count == 0 {
			continue
		}
		s0 := s
		for s+1 < len(ss) && ss[s+1].lineText == ss[s].lineText && ss[s+1].line == ss[s].line {
			n, _ := ix.shared(d, s+1, &buf)
			if n == 0 {
				break
			}
			count = max(count, n)
			s++
		}
		a, b := ss[s0], ss[s]
		excerpt := string([]rune(a.lineText)[a.start:b.end])
		var places []string
		for _, p := range first {
			o := ix.sents[p.doc][p.sent]
			places = append(places, fmt.Sprintf("%s 第%d行", ix.names[p.doc], o.line))
		}
		more := ""
		if count > len(places) {
			more = "等"
		}
		out = append(out, Finding{Rule: "copy.similar", Severity: Warning, Line: a.line, Column: a.col,
			Excerpt:    excerpt,
			Message:    fmt.Sprintf("本段与另外%d份报告相同或高度相似：%s%s", count, strings.Join(places, "、"), more),
			Suggestion: "结合本单位实际情况改写", Specificity: defaultSpecificity["copy.similar"]})
	}
	return out
}
