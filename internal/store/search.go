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
// whitespace-separated term must match (AND); a term is the phrase of its
// bigrams. It returns "" when nothing searchable is left.
func ftsQuery(q string) string {
	var terms []string
	for _, term := range strings.Fields(q) {
		var tokens []string
		var run []rune
		flush := func() {
			switch len(run) {
			case 0:
			case 1:
				tokens = append(tokens, string(run)+"*")
			default:
				for i := 0; i+1 < len(run); i++ {
					tokens = append(tokens, string(run[i:i+2]))
				}
			}
			run = run[:0]
		}
		var word []rune
		flushWord := func() {
			if len(word) > 0 {
				tokens = append(tokens, strings.ToLower(string(word))+"*")
				word = word[:0]
			}
		}
		for _, r := range term {
			switch {
			case isHan(r):
				flushWord()
				run = append(run, r)
			case unicode.IsLetter(r) || unicode.IsDigit(r):
				flush()
				word = append(word, r)
			default:
				flush()
				flushWord()
			}
		}
		flush()
		flushWord()
		if len(tokens) == 0 {
			continue
		}
		// Prefix tokens cannot sit inside a quoted phrase; join each token
		// as its own phrase with NEAR-free adjacency: FTS5 phrases use "+".
		parts := make([]string, len(tokens))
		for i, t := range tokens {
			if strings.HasSuffix(t, "*") {
				parts[i] = `"` + strings.TrimSuffix(t, "*") + `"*`
			} else {
				parts[i] = `"` + t + `"`
			}
		}
		terms = append(terms, strings.Join(parts, " + "))
	}
	return strings.Join(terms, " AND ")
}

// likePattern is an ILIKE pattern matching q anywhere, with the wildcard
// characters escaped.
func likePattern(q string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return "%" + r.Replace(strings.TrimSpace(q)) + "%"
}
