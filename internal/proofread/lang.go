package proofread

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
)

// The language layer: a word list with frequencies and parts of speech
// (data/words.txt) and a domain lexicon of 法治 terms (data/terms.txt plus
// the law titles and aliases of data/laws.tsv). word.nonword asks it whether
// the characters around a place form a word (and how common it is); word.de
// asks it for parts of speech.
//
// data/words.txt is the simplified-Chinese dictionary of github.com/go-ego/gse
// v0.80.3 (data/dict/zh/s_1.txt, Apache-2.0; see data/README.md), reduced to
// Han words of 2–4 characters with frequency ≥ 3 and without personal names:
// "word freq pos" a line, sorted by bytes. The first time a rule needs it, it
// is parsed straight into a map from each word's runes to its frequency and
// part of speech (about 13 MB), once per process, with no string or slice
// per line; gse's own trie (Segmenter.LoadDictStr) took 120 MB and a second
// of CPU for the same list.
//
// A deployment adds its own words with Config.ExtraFiles["words"] (one word a
// line, optionally followed by frequency and part of speech) and its own
// domain terms with Config.ExtraFiles["terms"] (one term a line).

type wordEntry struct {
	word string
	freq uint32
	pos  string
}

var (
	baseShortOnce sync.Once
	baseShortMap  *dictTable
	baseShortErr  error
	posCodes      = map[string]uint8{"": 0} // under posMu
	posMu         sync.Mutex
	// posNames are the parts of speech seen, by code: a slice replaced, never
	// changed, so the look-ups of every check read it without a lock.
	posNames atomic.Pointer[[]string]
)

func init() { posNames.Store(&[]string{""}) }

// shortEntry is a word of the map by runes: its frequency and part of speech.
type shortEntry struct {
	freq uint32
	pos  uint8 // index in posNames
}

// posCode interns a part of speech (gse has a few dozen).
func posCode(p string) uint8 {
	posMu.Lock()
	defer posMu.Unlock()
	if c, ok := posCodes[p]; ok {
		return c
	}
	old := *posNames.Load()
	if len(old) == 255 {
		return 0
	}
	names := append(append(make([]string, 0, len(old)+1), old...), p)
	posNames.Store(&names)
	posCodes[p] = uint8(len(names) - 1)
	return uint8(len(names) - 1)
}

func posName(c uint8) string {
	names := *posNames.Load()
	if int(c) >= len(names) {
		return ""
	}
	return names[c]
}

// shortKey is a word of 2–4 characters as a map key (unused places 0).
func shortKey(rs []rune) (k [4]rune, ok bool) {
	if len(rs) < 2 || len(rs) > 4 {
		return k, false
	}
	copy(k[:], rs)
	return k, true
}

// baseShort parses the embedded dictionary once per process straight into
// a table by runes (dict_table.go), so the look-ups of word.nonword build
// no string.
func baseShort() (*dictTable, error) {
	baseShortOnce.Do(func() {
		data, err := lexiconData.ReadFile("data/words.txt")
		if err != nil {
			baseShortErr = fmt.Errorf("内置词典 words.txt 缺失：%v", err)
			return
		}
		baseShortMap, baseShortErr = parseDict(data, "内置词典 words.txt")
	})
	return baseShortMap, baseShortErr
}

// shortWord is the entry of the word rs (2–4 characters).
func (g *lang) shortWord(rs []rune) (shortEntry, bool) {
	k, ok := shortKey(rs)
	if !ok {
		return shortEntry{}, false
	}
	if e, ok := g.short2[k]; ok {
		return e, true
	}
	e, ok := g.short.get(k)
	return e, ok
}

// shortFreq is the frequency of the word rs (2–4 characters), 0 if none.
func (g *lang) shortFreq(rs []rune) uint32 {
	e, _ := g.shortWord(rs)
	return e.freq
}

// shortPos is the part of speech of the word rs (2–4 characters), "" if none.
func (g *lang) shortPos(rs []rune) string {
	if g.load() != nil {
		return ""
	}
	e, ok := g.shortWord(rs)
	if !ok {
		return ""
	}
	return posName(e.pos)
}

// parseWords reads "word [freq [pos]]" lines ('#' comments, blank lines
// skipped) and returns them sorted by word.
func parseWords(text, file string) ([]wordEntry, error) {
	out := make([]wordEntry, 0, strings.Count(text, "\n")+1)
	n := 0
	for len(text) > 0 {
		n++
		line := text
		if i := strings.IndexByte(text, '\n'); i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Fields(line)
		e := wordEntry{word: f[0], freq: 1}
		if len(f) > 1 {
			v, err := strconv.ParseUint(f[1], 10, 32)
			if err != nil {
				return nil, fmt.Errorf("%s 第%d行：词频“%s”不是整数", file, n, f[1])
			}
			e.freq = uint32(v)
		}
		if len(f) > 2 {
			e.pos = f[2]
		}
		out = append(out, e)
	}
	if !sort.SliceIsSorted(out, func(a, b int) bool { return out[a].word < out[b].word }) {
		sort.SliceStable(out, func(a, b int) bool { return out[a].word < out[b].word })
	}
	return out, nil
}

// lang is a checker's view of the language layer: the shared dictionary,
// a deployment's added words and the domain terms.
type lang struct {
	once  sync.Once
	err   error
	extra map[string]wordEntry // deployment words and domain terms
	terms [][]rune             // domain terms of 4–10 Han characters, targets of word.nonword
	isLaw map[string]bool      // terms that are law titles or their aliases
	// short holds the frequency of every word of 2–4 characters, for the
	// look-ups of word.nonword without building a string.
	short  *dictTable             // shared by every checker: do not write
	short2 map[[4]rune]shortEntry // this checker's own words and terms
	cfg    Config
	laws   []lawTitle
	alias  map[string][]string
}

func newLang(cfg Config, laws []lawTitle, aliases map[string][]string) *lang {
	return &lang{cfg: cfg, laws: laws, alias: aliases}
}

// load builds the layer on first use; the dictionary is parsed once per
// process, the deployment's files once per checker.
func (g *lang) load() error {
	g.once.Do(func() {
		g.short, g.err = baseShort()
		if g.err != nil {
			return
		}
		g.extra = map[string]wordEntry{}
		add := func(w string, pos string) {
			if w == "" {
				return
			}
			if _, ok := g.extra[w]; !ok {
				g.extra[w] = wordEntry{word: w, freq: 1000, pos: pos}
			}
		}
		termSet := map[string]bool{}
		g.isLaw = map[string]bool{}
		addTerm := func(t string) {
			t = strings.TrimPrefix(t, cnPrefix)
			add(t, "nz")
			rs := []rune(t)
			if len(rs) < 4 || len(rs) > 10 || termSet[t] {
				return
			}
			for _, r := range rs {
				if !isHanChar(r) {
					return
				}
			}
			termSet[t] = true
			g.terms = append(g.terms, rs)
		}
		data, err := lexiconData.ReadFile("data/terms.txt")
		if err != nil {
			g.err = fmt.Errorf("内置词表 terms.txt 缺失：%v", err)
			return
		}
		terms, _ := parseWords(string(data), "内置词表 terms.txt")
		for _, e := range terms {
			addTerm(e.word)
		}
		for _, l := range g.laws {
			addTerm(l.title)
			g.isLaw[strings.TrimPrefix(l.title, cnPrefix)] = true
		}
		for _, as := range g.alias {
			for _, a := range as {
				addTerm(a)
				g.isLaw[a] = true
			}
		}
		for kind, isTerm := range map[string]bool{"words": false, "terms": true} {
			path := g.cfg.ExtraFiles[kind]
			if path == "" {
				continue
			}
			b, err := os.ReadFile(path)
			if err != nil {
				g.err = fmt.Errorf("无法读取扩展词表 %s（%s）：%v", path, kind, err)
				return
			}
			es, err := parseWords(string(b), path)
			if err != nil {
				g.err = err
				return
			}
			for _, e := range es {
				if isTerm {
					addTerm(e.word)
				} else {
					g.extra[e.word] = e
				}
			}
		}
		sort.Slice(g.terms, func(a, b int) bool { return string(g.terms[a]) < string(g.terms[b]) })
		for w, e := range g.extra {
			if k, ok := shortKey([]rune(w)); ok {
				if _, known := g.short.get(k); !known {
					if g.short2 == nil {
						g.short2 = map[[4]rune]shortEntry{}
					}
					g.short2[k] = shortEntry{e.freq, posCode(e.pos)}
				}
			}
		}
	})
	return g.err
}

// lookup returns the dictionary entry of w.
func (g *lang) lookup(w string) (wordEntry, bool) {
	if g.load() != nil {
		return wordEntry{}, false
	}
	if e, ok := g.extra[w]; ok {
		return e, true
	}
	if e, ok := g.shortWord([]rune(w)); ok {
		return wordEntry{word: w, freq: e.freq, pos: posName(e.pos)}, true
	}
	return wordEntry{}, false
}

// isWord reports whether w is in the dictionary or the domain lexicon.
func (g *lang) isWord(w string) bool {
	_, ok := g.lookup(w)
	return ok
}

// minExplainFreq: a dictionary word rarer than this (the list's floor is 3)
// is too rare to explain a string that is one character off a domain term
// (分排 does not make 矛盾纠分排查 right).
const minExplainFreq = 5

// coveredByWord reports whether some word of 2–4 characters in rs covers
// both positions a and b (a ≤ b, b-a ≤ 1): the characters there belong to
// a real word, so the string around them is not a non-word.
func (g *lang) coveredByWord(rs []rune, a, b int) bool {
	for n := 2; n <= 4; n++ {
		for start := max(0, b-n+1); start <= a && start+n <= len(rs); start++ {
			if g.shortFreq(rs[start:start+n]) >= minExplainFreq {
				return true
			}
		}
	}
	return false
}
