package proofread

import "unicode/utf8"

// runeSet is a set of runes of the Basic Multilingual Plane as a bitset: the
// rules ask it, at every position of a line, whether a word of one of their
// lists can start (or end) here before comparing any word.
type runeSet [1024]uint64

func (s *runeSet) add(r rune) {
	if r >= 0 && r < 0x10000 {
		s[r>>6] |= 1 << (uint(r) & 63)
	}
}

func (s *runeSet) has(r rune) bool {
	return r >= 0 && r < 0x10000 && s[r>>6]&(1<<(uint(r)&63)) != 0
}

// firstRunes is the set of the first runes of the words of the lists.
func firstRunes(lists ...[]string) *runeSet {
	s := new(runeSet)
	for _, l := range lists {
		for _, w := range l {
			r, _ := utf8.DecodeRuneInString(w)
			s.add(r)
		}
	}
	return s
}

// lastRunes is the set of the last runes of the words of the lists.
func lastRunes(lists ...[]string) *runeSet {
	s := new(runeSet)
	for _, l := range lists {
		for _, w := range l {
			r, _ := utf8.DecodeLastRuneInString(w)
			s.add(r)
		}
	}
	return s
}
