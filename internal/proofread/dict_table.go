package proofread

import (
	"bytes"
	"fmt"
	"slices"
	"unicode"
	"unicode/utf8"
)

// dictTable is the dictionary of the language layer: its words of 2–4
// characters as keys of runes, sorted, with their entries, and for every
// first character of the Basic Multilingual Plane the range of the words
// starting with it. Parsing appends in file order (data/words.txt is sorted
// by bytes, which is the order of the runes) and a look-up is a binary search
// among the few dozen words sharing the first character, so neither costs
// the cache misses of a hash table of a quarter of a million words.
type dictTable struct {
	keys    [][4]rune
	entries []shortEntry
	first   []uint32 // first[r]..first[r+1]: the words starting with rune r (r < 0x10000)
}

const dictFirstRunes = 0x10000

// get returns the entry of the word k.
func (t *dictTable) get(k [4]rune) (shortEntry, bool) {
	if t == nil || len(t.keys) == 0 {
		return shortEntry{}, false
	}
	lo, hi := 0, len(t.keys)
	if r := k[0]; r >= 0 && r < dictFirstRunes {
		lo, hi = int(t.first[r]), int(t.first[r+1])
	}
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if keyLess(t.keys[m], k) {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(t.keys) && t.keys[lo] == k {
		return t.entries[lo], true
	}
	return shortEntry{}, false
}

func (t *dictTable) len() int { return len(t.keys) }

func keyLess(a, b [4]rune) bool {
	for i := range a {
		if a[i] != b[i] {
			return a[i] < b[i]
		}
	}
	return false
}

// parseDict reads "word freq pos" lines into a table without a string or
// a slice per line ('#' comments and blank lines skipped; words of other
// lengths than 2–4 characters ignored; a later line of the same word wins).
func parseDict(data []byte, file string) (*dictTable, error) {
	n0 := bytes.Count(data, []byte{'\n'}) + 1
	t := &dictTable{keys: make([][4]rune, 0, n0), entries: make([]shortEntry, 0, n0)}
	codes := map[string]uint8{}
	sorted := true
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		var k [4]rune
		nr := 0
		for len(line) > 0 {
			r, size := utf8.DecodeRune(line)
			if unicode.IsSpace(r) {
				break
			}
			if nr < 4 {
				k[nr] = r
			}
			nr++
			line = line[size:]
		}
		line = bytes.TrimLeftFunc(line, unicode.IsSpace)
		e := shortEntry{freq: 1}
		if len(line) > 0 {
			f := uint64(0)
			i := 0
			for ; i < len(line) && line[i] >= '0' && line[i] <= '9'; i++ {
				f = f*10 + uint64(line[i]-'0')
				if f > 1<<32-1 {
					return nil, fmt.Errorf("%s 第%d行：词频过大", file, n)
				}
			}
			if r, _ := utf8.DecodeRune(line[i:]); i == 0 || i < len(line) && !unicode.IsSpace(r) {
				return nil, fmt.Errorf("%s 第%d行：词频不是整数", file, n)
			}
			e.freq = uint32(f)
			if pos := bytes.TrimSpace(line[i:]); len(pos) > 0 {
				c, ok := codes[string(pos)]
				if !ok {
					c = posCode(string(pos))
					codes[string(pos)] = c
				}
				e.pos = c
			}
		}
		if nr < 2 || nr > 4 {
			continue
		}
		if m := len(t.keys); m > 0 {
			if t.keys[m-1] == k {
				t.entries[m-1] = e
				continue
			}
			sorted = sorted && keyLess(t.keys[m-1], k)
		}
		t.keys = append(t.keys, k)
		t.entries = append(t.entries, e)
	}
	if !sorted {
		t.sort()
	}
	t.index()
	return t, nil
}

// sort orders a table read from an unsorted file (the later of two equal
// words wins, as in file order).
func (t *dictTable) sort() {
	idx := make([]int, len(t.keys))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case keyLess(t.keys[a], t.keys[b]):
			return -1
		case keyLess(t.keys[b], t.keys[a]):
			return 1
		}
		return 0
	})
	keys := make([][4]rune, 0, len(idx))
	entries := make([]shortEntry, 0, len(idx))
	for _, i := range idx {
		if m := len(keys); m > 0 && keys[m-1] == t.keys[i] {
			entries[m-1] = t.entries[i]
			continue
		}
		keys = append(keys, t.keys[i])
		entries = append(entries, t.entries[i])
	}
	t.keys, t.entries = keys, entries
}

// index fills first from the sorted keys.
func (t *dictTable) index() {
	t.first = make([]uint32, dictFirstRunes+1)
	j := 0
	for r := 0; r <= dictFirstRunes; r++ {
		for j < len(t.keys) && t.keys[j][0] < rune(r) {
			j++
		}
		t.first[r] = uint32(j)
	}
}
