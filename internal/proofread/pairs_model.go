package proofread

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// pairModel is the statistics of word.unlikely-pair: how often each verb of
// pairVerbs governs each head noun of pairHeads, counted in a corpus of
// report sentences written for fazhi (data/corpus.txt, plus a deployment's
// Config.ExtraFiles["corpus"]) and in the dictionary (a word such as 发挥作用
// counts once). In a clause, the governing verb of a head is the leftmost
// verb of the list before it, up to 18 runes back and not across 和、与、及、并
// (履行推进法治建设第一责任人职责: 履行, not 推进).
type pairModel struct {
	verbs, heads [][]rune
	count        [][]uint32 // [verb][head]
	verbTotal    []uint32
	headTotal    []uint32
	verbFirst    runeSet
	headFirst    runeSet
}

// pairVerbs govern abstract objects in report prose. The more verbs the
// list holds, the more often the leftmost one is the real governor.
var pairVerbs = []string{
	"加大", "加强", "增强", "提高", "提升", "强化", "履行", "发挥", "落实", "执行", "承担", "担负", "压实", "明确",
	"营造", "推进", "推动", "建立", "健全", "完善", "形成", "树立", "构建", "打造", "创新", "践行", "弘扬", "转变",
	"改进", "召开", "举办", "开展", "组织", "起到", "做好", "抓好", "夯实", "规范", "深化", "培育", "保障", "维护",
}

// pairHeads are nouns whose verb is fixed by usage (a 力度 is 加大, a 作用
// 发挥, an 氛围 营造), so an unseen verb is a likely slip.
var pairHeads = []string{
	"力度", "水平", "意识", "职责", "作用", "氛围", "义务", "责任", "质量", "效率", "能力", "观念", "理念", "素养",
	"会议", "讲座", "机制", "体系", "格局", "作风", "满意度", "效能",
}

// pairGap is how many runes back from a head its verb is looked for.
const pairGap = 18

func newPairModel() *pairModel {
	m := &pairModel{}
	for _, v := range pairVerbs {
		m.verbs = append(m.verbs, []rune(v))
		r, _ := utf8.DecodeRuneInString(v)
		m.verbFirst.add(r)
	}
	for _, h := range pairHeads {
		m.heads = append(m.heads, []rune(h))
		r, _ := utf8.DecodeRuneInString(h)
		m.headFirst.add(r)
	}
	m.count = make([][]uint32, len(m.verbs))
	for i := range m.count {
		m.count[i] = make([]uint32, len(m.heads))
	}
	m.verbTotal = make([]uint32, len(m.verbs))
	m.headTotal = make([]uint32, len(m.heads))
	return m
}

func (m *pairModel) add(v, h int) {
	m.count[v][h]++
	m.verbTotal[v]++
	m.headTotal[h]++
}

// addCorpus counts the pairs of a text of sentences, one a line ('#'
// comments and blank lines skipped). It refuses text that is not UTF-8 or a
// line over 2,000 characters (not a sentence), naming the line.
func (m *pairModel) addCorpus(text, file string) error {
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || line[0] == '#' {
			continue
		}
		if !utf8.ValidString(line) {
			return fmt.Errorf("%s 第%d行：不是 UTF-8 文字", file, n+1)
		}
		rs := []rune(line)
		if len(rs) > 2000 {
			return fmt.Errorf("%s 第%d行：超过 2000 字，应为一行一句", file, n+1)
		}
		for _, c := range clauses(rs) {
			m.scanClause(rs[c[0]:c[1]], func(v, h, _, _ int) { m.add(v, h) })
		}
	}
	return nil
}

// addDictionary counts each verb+head word of the dictionary once.
func (m *pairModel) addDictionary(freq func([]rune) uint32) {
	var buf []rune
	for v, vr := range m.verbs {
		for h, hr := range m.heads {
			buf = append(append(buf[:0], vr...), hr...)
			if freq(buf) >= 3 {
				m.add(v, h)
			}
		}
	}
}

// scanClause calls f for every head of the clause that has a governing verb:
// the verb's and head's indexes and their positions in the clause.
func (m *pairModel) scanClause(cl []rune, f func(v, h, vAt, hAt int)) {
	for i := 1; i < len(cl); i++ {
		if !m.headFirst.has(cl[i]) {
			continue
		}
		if h := m.headAt(cl, i); h >= 0 {
			m.governor(cl, h, i, f)
		}
	}
}

// endHead calls f for the head that ends the clause, if it has a governing
// verb (the only heads word.unlikely-pair judges).
func (m *pairModel) endHead(cl []rune, f func(v, h, vAt, hAt int)) {
	for h, hr := range m.heads {
		if i := len(cl) - len(hr); i >= 1 && runesAt(cl, i, hr) {
			m.governor(cl, h, i, f)
			return
		}
	}
}

// governor finds the governing verb of head h at i and calls f with it.
func (m *pairModel) governor(cl []rune, h, i int, f func(v, h, vAt, hAt int)) {
	v, vAt := -1, -1
	for j := i - 1; j >= 0 && j >= i-pairGap; j-- {
		if strings.ContainsRune("和、与及并", cl[j]) {
			break
		}
		if !m.verbFirst.has(cl[j]) {
			continue
		}
		if k := m.verbAt(cl, j); k >= 0 && j+len(m.verbs[k]) <= i && !nounSuffix(cl, j+len(m.verbs[k])) {
			v, vAt = k, j
		}
	}
	if v >= 0 {
		f(v, h, vAt, i)
	}
}

func (m *pairModel) headAt(rs []rune, i int) int {
	for k, h := range m.heads {
		if runesAt(rs, i, h) {
			return k
		}
	}
	return -1
}

func (m *pairModel) verbAt(rs []rune, i int) int {
	for k, v := range m.verbs {
		if runesAt(rs, i, v) {
			return k
		}
	}
	return -1
}

// runesAt reports whether rs[i:] starts with p.
func runesAt(rs []rune, i int, p []rune) bool {
	if i < 0 || i+len(p) > len(rs) {
		return false
	}
	for k, r := range p {
		if rs[i+k] != r {
			return false
		}
	}
	return true
}

// usual is the verb most often seen with head h and its count.
func (m *pairModel) usual(h int) (int, uint32) {
	best, n := -1, uint32(0)
	for v := range m.verbs {
		if c := m.count[v][h]; c > n {
			best, n = v, c
		}
	}
	return best, n
}

// nounSuffix: the verb ending before rs[i] is part of a noun (规范性文件,
// 规范化, 执行者).
func nounSuffix(rs []rune, i int) bool {
	return i < len(rs) && strings.ContainsRune("性化者率", rs[i])
}

// nearSynonym reports whether verb v shares a character with a verb seen
// with head h (加强 beside 增强, 提升 beside 提高): a lesser variant, not a slip.
func (m *pairModel) nearSynonym(v, h int) bool {
	for v2, vr := range m.verbs {
		if v2 == v || m.count[v2][h] == 0 {
			continue
		}
		for _, a := range m.verbs[v] {
			for _, b := range vr {
				if a == b {
					return true
				}
			}
		}
	}
	return false
}
