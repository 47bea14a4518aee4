package proofread

import (
	"fmt"
	"strings"
)

// lawShortRule (cite.law-short): a law named without 《》 and cut short —
// 消费者权益法 for 消费者权益保护法 — one to three characters taken out of a
// real title (not its start, not its last character), where the shortened
// form is not itself a title or an alias.
type lawShortRule struct {
	short map[string]string // shortened form → title without 中华人民共和国
	// byHash finds a shortened form ending at a 法 without building strings:
	// the hash of its runes read backwards (see backHash).
	byHash map[uint64][]string
	penult runeSet // the characters before 法 in the shortened forms
}

const hashMul = 1000003

// backHash hashes the runes of s from the last to the first.
func backHash(s string) uint64 {
	rs := []rune(s)
	h := uint64(0)
	for i := len(rs) - 1; i >= 0; i-- {
		h = h*hashMul + uint64(rs[i])
	}
	return h
}

func newLawShortRule(laws []lawTitle, aliases map[string][]string) *lawShortRule {
	known := map[string]bool{}
	for _, l := range laws {
		known[strings.TrimPrefix(l.title, cnPrefix)] = true
	}
	for _, as := range aliases {
		for _, a := range as {
			known[a] = true
		}
	}
	r := &lawShortRule{short: map[string]string{}, byHash: map[uint64][]string{}}
	for _, l := range laws {
		t := []rune(strings.TrimPrefix(l.title, cnPrefix))
		if len(t) < 6 || !strings.HasSuffix(string(t), "法") {
			continue
		}
		for at := 2; at < len(t)-1; at++ {
			for n := 1; n <= 3 && at+n < len(t); n++ {
				s := string(t[:at]) + string(t[at+n:])
				if runeLen(s) < 5 || known[s] {
					continue
				}
				if _, dup := r.short[s]; dup {
					r.short[s] = "" // two titles shorten alike: ambiguous
					continue
				}
				r.short[s] = string(t)
			}
		}
	}
	for s, full := range r.short {
		if full == "" {
			continue
		}
		r.byHash[backHash(s)] = append(r.byHash[backHash(s)], s)
		rs := []rune(s)
		r.penult.add(rs[len(rs)-2])
	}
	return r
}

// at returns the shortened form ending at rs[i] that starts at rs[a], with
// its full title; the longest first.
func (r *lawShortRule) at(rs []rune, i int) (a int, s, full string) {
	h := uint64(0)
	best := -1
	for k := i; k >= 0 && k > i-14; k-- {
		h = h*hashMul + uint64(rs[k])
		if i-k+1 < 5 {
			continue
		}
		for _, cand := range r.byHash[h] {
			if runeLen(cand) == i-k+1 && string(rs[k:i+1]) == cand {
				best, s = k, cand
			}
		}
	}
	if best < 0 {
		return -1, "", ""
	}
	return best, s, r.short[s]
}

func (r *lawShortRule) ID() string { return "cite.law-short" }

func (r *lawShortRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	if !strings.Contains(l.Text, "法") {
		return
	}
	rs := l.runes()
	depth := 0
	for i, c := range rs {
		switch c {
		case '《':
			depth++
		case '》':
			if depth > 0 {
				depth--
			}
		}
		if c != '法' || i == 0 || !r.penult.has(rs[i-1]) {
			continue
		}
		a, short, full := r.at(rs, i)
		if a < 0 {
			continue
		}
		if depth > 0 {
			// 《道路交通法》: the whole title is a cut-short one.
			if a > 0 && rs[a-1] == '《' && i+1 < len(rs) && rs[i+1] == '》' {
				emit(Finding{Rule: "cite.law-title", Severity: Warning, Line: l.No, Column: a, Excerpt: string(rs[a-1 : i+2]),
					Message:    fmt.Sprintf("%s不是法律名称，应为《%s》", string(rs[a-1:i+2]), full),
					Suggestion: "《" + full + "》", Specificity: specCite + 1})
			}
			continue
		}
		if a > 0 && isHanChar(rs[a-1]) && strings.HasSuffix(full, string(rs[a-1:i+1])) {
			continue
		}
		emit(Finding{Rule: "cite.law-short", Severity: Warning, Line: l.No, Column: a + 1, Excerpt: short,
			Message:    fmt.Sprintf("“%s”不是法律名称，应为“%s”", short, full),
			Suggestion: "《" + full + "》", Specificity: specCite})
	}
}
