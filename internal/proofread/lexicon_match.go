package proofread

import "sort"

// foldRune maps the variants a report mixes freely onto one form before
// list matching, so one list entry covers them all: dashes and tildes used in
// year ranges, half- and full-width brackets. Folding is rune-for-rune, so
// rune positions in the folded text are positions in the original.
func foldRune(r rune) rune {
	switch r {
	case '-', '–', '—', '―', '－', '～', '~', '‒', '−', '─':
		return '—'
	case '(':
		return '（'
	case ')':
		return '）'
	}
	return r
}

// foldString applies foldRune to every rune of s.
func foldString(s string) string {
	b := make([]rune, 0, len(s))
	for _, r := range s {
		b = append(b, foldRune(r))
	}
	return string(b)
}

// acEdge is one goto transition of the automaton.
type acEdge struct {
	r    rune
	next int32
}

// acState is one node of the Aho–Corasick automaton. edges are sorted by
// rune; out is the pattern ending here (-1 if none) and dict the nearest
// state on the failure chain that has an out (-1 if none).
type acState struct {
	edges []acEdge
	fail  int32
	out   int32
	dict  int32
}

// matcher finds every occurrence of a set of patterns in one pass over the
// runes of a line (Aho–Corasick). Patterns are folded with foldRune.
type matcher struct {
	root   []int32 // goto of the root for runes below rootDense (-1: none)
	states []acState
	lens   []int // pattern id → length in runes
	ids    map[string]int32
}

// newMatcher builds an empty matcher; add patterns, then call build.
func newMatcher() *matcher {
	return &matcher{states: []acState{{fail: 0, out: -1, dict: -1}}, ids: map[string]int32{}}
}

// add inserts a pattern and returns its id; adding the same (folded) pattern
// twice returns the same id.
func (m *matcher) add(p string) int32 {
	p = foldString(p)
	if id, ok := m.ids[p]; ok {
		return id
	}
	s := int32(0)
	n := 0
	for _, r := range p {
		n++
		next := m.child(s, r)
		if next < 0 {
			next = int32(len(m.states))
			m.states = append(m.states, acState{out: -1, dict: -1})
			st := &m.states[s]
			i := sort.Search(len(st.edges), func(i int) bool { return st.edges[i].r >= r })
			st.edges = append(st.edges, acEdge{})
			copy(st.edges[i+1:], st.edges[i:])
			st.edges[i] = acEdge{r: r, next: next}
		}
		s = next
	}
	id := int32(len(m.lens))
	m.lens = append(m.lens, n)
	m.ids[p] = id
	m.states[s].out = id
	return id
}

// rootDense bounds the dense goto table of the root: it covers ASCII and
// the CJK Unified Ideographs, where nearly every rune of a report falls.
const rootDense = 0xA000

// child returns the goto target of s on r, or -1.
func (m *matcher) child(s int32, r rune) int32 {
	if s == 0 && m.root != nil && r < rootDense && r >= 0 {
		return m.root[r]
	}
	e := m.states[s].edges
	lo, hi := 0, len(e)
	for lo < hi {
		h := int(uint(lo+hi) >> 1)
		if e[h].r < r {
			lo = h + 1
		} else {
			hi = h
		}
	}
	if lo < len(e) && e[lo].r == r {
		return e[lo].next
	}
	return -1
}

// build computes failure and dictionary links (breadth first).
func (m *matcher) build() {
	m.root = nil
	root := make([]int32, rootDense)
	for i := range root {
		root[i] = -1
	}
	for _, e := range m.states[0].edges {
		if e.r >= 0 && e.r < rootDense {
			root[e.r] = e.next
		}
	}
	defer func() { m.root = root }()
	queue := make([]int32, 0, len(m.states))
	for _, e := range m.states[0].edges {
		m.states[e.next].fail = 0
		queue = append(queue, e.next)
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range m.states[s].edges {
			f := m.states[s].fail
			for {
				if c := m.child(f, e.r); c >= 0 && c != e.next {
					m.states[e.next].fail = c
					break
				}
				if f == 0 {
					m.states[e.next].fail = 0
					break
				}
				f = m.states[f].fail
			}
			fs := m.states[e.next].fail
			if m.states[fs].out >= 0 {
				m.states[e.next].dict = fs
			} else {
				m.states[e.next].dict = m.states[fs].dict
			}
			queue = append(queue, e.next)
		}
	}
}

// scan calls hit for every pattern occurrence in text, with the pattern id
// and its rune span [start, end). It reports matches in order of their end.
func (m *matcher) scan(text []rune, hit func(id int32, start, end int)) {
	s := int32(0)
	pos := 0
	for _, r := range text {
		r = foldRune(r)
		for {
			if c := m.child(s, r); c >= 0 {
				s = c
				break
			}
			if s == 0 {
				break
			}
			s = m.states[s].fail
		}
		pos++
		for o := s; o >= 0; o = m.states[o].dict {
			if id := m.states[o].out; id >= 0 {
				hit(id, pos-m.lens[id], pos)
			}
			if o == 0 {
				break
			}
		}
	}
}
