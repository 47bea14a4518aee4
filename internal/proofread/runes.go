package proofread

import (
	"strings"
	"unicode/utf8"
)

// isHan reports whether r is a CJK ideograph (the characters of Chinese prose).
func isHanChar(r rune) bool {
	return r >= 0x4E00 && r <= 0x9FFF || r >= 0x3400 && r <= 0x4DBF || r >= 0x20000 && r <= 0x2A6DF || r == '〇'
}

// isCJKPunct reports whether r is full-width (Chinese) punctuation.
func isCJKPunct(r rune) bool {
	switch r {
	case '，', '。', '、', '；', '：', '？', '！', '“', '”', '‘', '’', '（', '）', '《', '》',
		'〈', '〉', '【', '】', '〔', '〕', '…', '—', '～', '·', '「', '」', '『', '』', '﹝', '﹞':
		return true
	}
	return false
}

// isSpace reports whether r is a space as left by extraction: ASCII space,
// tab, no-break space or the ideographic space.
func isSpace(r rune) bool {
	return r == ' ' || r == '\t' || r == '\u00a0' || r == '\u3000' || r == '\u2002' || r == '\u2003' || r == '\u200b'
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

func isFullDigit(r rune) bool { return r >= '０' && r <= '９' }

func isLatin(r rune) bool { return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' }

// isSentenceEnd reports whether r ends a sentence.
func isSentenceEnd(r rune) bool {
	return r == '。' || r == '！' || r == '？' || r == '!' || r == '?' || r == '；' || r == ';'
}

// isClauseEnd reports whether r ends a clause for figure and arithmetic work.
func isClauseEnd(r rune) bool {
	return isSentenceEnd(r) || r == '，' || r == ',' || r == '：' || r == ':'
}

// chineseDigit maps 〇一二…九 and 两 to their value, -1 otherwise.
func chineseDigit(r rune) int {
	switch r {
	case '〇', '零':
		return 0
	case '一':
		return 1
	case '二', '两':
		return 2
	case '三':
		return 3
	case '四':
		return 4
	case '五':
		return 5
	case '六':
		return 6
	case '七':
		return 7
	case '八':
		return 8
	case '九':
		return 9
	}
	return -1
}

// runeLen is the number of runes in s.
func runeLen(s string) int { return utf8.RuneCountInString(s) }

// hasPrefixAt reports whether rs[i:] starts with the runes of p.
func hasPrefixAt(rs []rune, i int, p string) bool {
	for _, r := range p {
		if i >= len(rs) || rs[i] != r {
			return false
		}
		i++
	}
	return true
}

// containsAny reports whether s contains any of the words.
func containsAny(s string, words ...string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}
