package report

import (
	"slices"
	"strings"
	"unicode"
)

// Reconcile is s with its body replaced by newBody (a person's edit) and
// its figures brought up to date. Each figure is looked for in the sentence
// its old one became (the same, or the most alike), at the number standing
// between the same words as before: the same number there keeps it traced
// (with the new sentence), another number makes it Hand with that number,
// and a figure whose sentence or clause is gone is dropped.
func Reconcile(s Section, newBody string) Section {
	out := s
	out.Body = newBody
	out.Figures = nil
	if len(s.Figures) == 0 {
		return out
	}
	sents := splitSentences(newBody)
	nums := make([][]numToken, len(sents))
	for i, t := range sents {
		nums[i] = numbers(t)
	}
	claimed := map[[2]int]bool{} // sentence, number: taken by a figure
	seen := map[string]int{}     // old sentence + text: occurrences passed
	for _, f := range s.Figures {
		old := f.Sentence
		occ := seen[old+"\x00"+f.Text]
		seen[old+"\x00"+f.Text]++
		i := bestSentence(old, sents)
		if i < 0 {
			continue // the sentence is gone
		}
		was, ok := nth(numbers(old), f.Text, occ)
		if !ok {
			continue
		}
		j := -1
		if sents[i] == old {
			j = was.index
		} else {
			j = replacement(was, nums[i], i, claimed)
		}
		if j < 0 {
			// The words around it changed: the same number, if still there.
			for k, n := range nums[i] {
				if n.text == f.Text && !claimed[[2]int{i, k}] {
					j = k
					break
				}
			}
		}
		if j < 0 {
			continue // the clause holding it is gone
		}
		claimed[[2]int{i, j}] = true
		f.Sentence = sents[i]
		if n := nums[i][j].text; n != f.Text {
			f.Text, f.Hand = n, true
		}
		out.Figures = append(out.Figures, f)
	}
	return out
}

// nth is the occ-th number of nums printed as text.
func nth(nums []numToken, text string, occ int) (numToken, bool) {
	for _, n := range nums {
		if n.text == text {
			if occ == 0 {
				return n, true
			}
			occ--
		}
	}
	return numToken{}, false
}

// replacement is the index of the number of sentence i (nums) standing in
// the place of was: the best match of the words either side, at least two
// characters of them, the same number first among equals, not one another
// figure took. -1 when none is.
func replacement(was numToken, nums []numToken, i int, claimed map[[2]int]bool) int {
	best, bestScore := -1, 0
	for j, n := range nums {
		if claimed[[2]int{i, j}] {
			continue
		}
		ctx := commonSuffix(was.before, n.before) + commonPrefix(was.after, n.after)
		if ctx < 2 {
			continue
		}
		score := 2 * ctx
		if n.text == was.text {
			score++
		}
		if score > bestScore {
			best, bestScore = j, score
		}
	}
	return best
}

func commonSuffix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[len(ra)-1-n] == rb[len(rb)-1-n] {
		n++
	}
	return n
}

func commonPrefix(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	n := 0
	for n < len(ra) && n < len(rb) && ra[n] == rb[n] {
		n++
	}
	return n
}

// splitSentences cuts a body at 。！？； and line breaks, keeping the mark.
func splitSentences(body string) []string {
	var out []string
	start := 0
	for i, r := range body {
		switch r {
		case '。', '！', '？', '；', '\n':
			end := i + len(string(r))
			if r == '\n' {
				end = i
			}
			if t := strings.TrimSpace(body[start:end]); t != "" {
				out = append(out, t)
			}
			start = i + len(string(r))
		}
	}
	if t := strings.TrimSpace(body[start:]); t != "" {
		out = append(out, t)
	}
	return out
}

// bestSentence is the index of the sentence of sents that old became: the
// same text, or the most alike by shared character pairs (numbers aside),
// when at least half alike; -1 when none is.
func bestSentence(old string, sents []string) int {
	for i, s := range sents {
		if s == old {
			return i
		}
	}
	a := pairs(old)
	best, score := -1, 0.5
	for i, s := range sents {
		if d := dice(a, pairs(s)); d >= score {
			best, score = i, d
		}
	}
	return best
}

// pairs are the adjacent character pairs of s with digits as one class.
func pairs(s string) map[[2]rune]int {
	out := map[[2]rune]int{}
	var prev rune = -1
	for _, r := range s {
		if unicode.IsDigit(r) || r == '.' {
			r = '0'
		}
		if unicode.IsSpace(r) || unicode.IsPunct(r) {
			prev = -1
			continue
		}
		if prev >= 0 && !(prev == '0' && r == '0') {
			out[[2]rune{prev, r}]++
		}
		prev = r
	}
	return out
}

func dice(a, b map[[2]rune]int) float64 {
	na, nb, both := 0, 0, 0
	for k, n := range a {
		na += n
		both += min(n, b[k])
	}
	for _, n := range b {
		nb += n
	}
	if na+nb == 0 {
		return 0
	}
	return 2 * float64(both) / float64(na+nb)
}

// numToken is one number of a sentence as printed ("12", "1.2万", "96.5%").
type numToken struct {
	text          string
	index         int    // its place among the sentence's numbers
	before, after string // up to four characters either side, within the clause
}

// numbers are the numbers of s in order: digits with a decimal point, and
// a 万 or % after them.
func numbers(s string) []numToken {
	var out []numToken
	rs := []rune(s)
	for i := 0; i < len(rs); {
		if !isDigit(rs[i]) {
			i++
			continue
		}
		j := i
		for j < len(rs) && (isDigit(rs[j]) || rs[j] == '.' && j+1 < len(rs) && isDigit(rs[j+1])) {
			j++
		}
		if j < len(rs) && (rs[j] == '万' || rs[j] == '%') {
			j++
		}
		out = append(out, numToken{text: string(rs[i:j]), index: len(out), before: around(rs, i, -1), after: around(rs, j, 1)})
		i = j
	}
	return out
}

// around is up to four characters of rs from i going in direction dir,
// stopping at punctuation or a digit.
func around(rs []rune, i, dir int) string {
	var out []rune
	for k := 0; k < 4; k++ {
		p := i + dir*(k+1)
		if dir > 0 {
			p = i + k
		}
		if p < 0 || p >= len(rs) || isDigit(rs[p]) || unicode.IsPunct(rs[p]) {
			break
		}
		out = append(out, rs[p])
	}
	if dir < 0 {
		slices.Reverse(out)
	}
	return string(out)
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }
