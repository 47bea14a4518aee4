package store

import (
	"strings"
	"unicode"
)

// Chinese full-text search on SQLite: FTS5's unicode61 tokenizer splits on
// spaces and punctuation but not between Han characters, so the Go side
// writes each run of Han characters as its overlapping bigrams plus the
// run's last character ("行政复议" → "行政 政复 复议 议"). A query becomes the
// same bigrams, matched as a phrase, so any substring of two or more
// characters matches where it occurs; a single character is a prefix query,
// which finds it as a bigram's first character or a run's last.

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// bigrams returns the indexed form of text.
func bigrams(text string) string {
	var b strings.Builder
	var run []rune
	flush := func() {
		for i := 0; i+1 < len(run); i++ {
			b.WriteString(string(run[i : i+2]))
			b.WriteByte(' ')
		}
		if len(run) > 0 {
			b.WriteString(string(run[len(run)-1]))
			b.WriteByte(' ')
		}
		run = run[:0]
	}
	for _, r := range text {
		switch {
		case isHan(r):
			if len(run) == 0 {
				b.WriteByte(' ') // ends a word written just before
			}
			run = append(run, r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			flush()
			b.WriteRune(unicode.ToLower(r))
		default:
			flush()
			b.WriteByte(' ')
		}
	}
	flush()
	return strings.Join(strings.Fields(b.String()), " ")
}

// ftsQuery turns a user's query into an FTS5 MATCH expression: every
// whitespace-separated term must match (AND); a term is one phrase of its
// tokens, built to line up with bigrams(): a Han run becomes its bigrams,
// followed by its last character when more tokens follow in the term (in
// the index a run ends with that unigram); a lone Han character or word at
// the end of a term is a prefix token, since the indexed text may go on.
// It returns "" when nothing searchable is left.
func ftsQuery(q string) string {
	var terms []string
	for _, term := range strings.Fields(q) {
		type token struct {
			text string
			han  bool
		}
		var toks []token
		var cur []rune
		han := false
		flush := func() {
			if len(cur) > 0 {
				toks = append(toks, token{string(cur), han})
				cur = cur[:0]
			}
		}
		for _, r := range term {
			switch {
			case isHan(r):
				if !han {
					flush()
				}
				han = true
				cur = append(cur, r)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				if han {
					flush()
				}
				han = false
				cur = append(cur, unicode.ToLower(r))
			default:
				flush()
			}
		}
		flush()
		var parts []string
		for i, tk := range toks {
			last := i == len(toks)-1
			if !tk.han {
				parts = append(parts, phrase(tk.text, last))
				continue
			}
			run := []rune(tk.text)
			if len(run) == 1 {
				parts = append(parts, phrase(tk.text, last))
				continue
			}
			for j := 0; j+1 < len(run); j++ {
				parts = append(parts, phrase(string(run[j:j+2]), false))
			}
			if !last {
				parts = append(parts, phrase(string(run[len(run)-1]), false))
			}
		}
		if len(parts) > 0 {
			terms = append(terms, strings.Join(parts, " + "))
		}
	}
	return strings.Join(terms, " AND ")
}

// phrase quotes one FTS5 token, as a prefix when asked.
func phrase(tok string, prefix bool) string {
	if prefix {
		return `"` + tok + `"*`
	}
	return `"` + tok + `"`
}

// likePattern is an ILIKE pattern matching q anywhere, with the wildcard
// characters escaped.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(q)) + "%"
}
