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
	ends  map[rune]bool
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
	r := &lawShortRule{short: map[string]string{}, ends: map[rune]bool{}}
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
		r.ends['法'] = true
	}
	return r
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
		if c != '法' {
			continue
		}
		if depth > 0 {
			// 《道路交通法》: the whole title is a cut-short one.
			for a := i - 1; a >= 0 && a >= i-14; a-- {
				if rs[a] == '《' {
					if full := r.short[string(rs[a+1:i+1])]; full != "" && i+1 < len(rs) && rs[i+1] == '》' {
						emit(Finding{Rule: "cite.law-title", Severity: Warning, Line: l.No, Column: a + 1, Excerpt: string(rs[a : i+2]),
							Message:    fmt.Sprintf("%s不是法律名称，应为《%s》", string(rs[a:i+2]), full),
							Suggestion: "《" + full + "》", Specificity: specCite + 1})
					}
					break
				}
			}
			continue
		}
		for n := 14; n >= 5; n-- {
			a := i + 1 - n
			if a < 0 {
				continue
			}
			s := string(rs[a : i+1])
			full, ok := r.short[s]
			if !ok || full == "" {
				continue
			}
			if a > 0 && isHanChar(rs[a-1]) && strings.HasSuffix(full, string(rs[a-1:i+1])) {
				break
			}
			emit(Finding{Rule: "cite.law-short", Severity: Warning, Line: l.No, Column: a + 1, Excerpt: s,
				Message:    fmt.Sprintf("“%s”不是法律名称，应为“%s”", s, full),
				Suggestion: "《" + full + "》", Specificity: specCite})
			break
		}
	}
}
