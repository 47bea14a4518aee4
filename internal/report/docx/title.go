package docx

import (
	"strings"
	"unicode/utf8"
)

// titleWidth is how many 2号 characters a line of the type area holds,
// less one for the space set between Chinese and digits.
const titleWidth = (PageWidth-MarginLeft-MarginRight)/(SizeTitle*10) - 1

// TitleLines breaks a title too long for one line into lines that keep
// words whole, as GB/T 9704 asks (回行时要做到词意完整、排列对称): before
// 法治政府建设 or after 关于 when that fits, else near the middle after a
// 的 or 年度; each line no wider than the type area.
func TitleLines(title string) []string {
	if width(title) <= titleWidth {
		return []string{title}
	}
	best, score := -1, 1<<30
	for _, cut := range cuts(title) {
		a, b := title[:cut], title[cut:]
		if width(a) > titleWidth || width(b) > titleWidth {
			continue
		}
		// The more even, the better; the marked places first.
		s := abs(width(a)-width(b)) + 100*priority(title, cut)
		if s < score {
			best, score = cut, s
		}
	}
	if best < 0 { // no good place: as many characters as fit, then the rest
		n, i := 0, 0
		for i < len(title) && n < titleWidth {
			_, size := utf8.DecodeRuneInString(title[i:])
			i += size
			n += 1
		}
		return append([]string{title[:i]}, TitleLines(title[i:])...)
	}
	return []string{title[:best], title[best:]}
}

// cuts are the byte offsets between two runes of s, not inside a number.
func cuts(s string) []int {
	var out []int
	prevDigit := false
	for i, r := range s {
		digit := r >= '0' && r <= '9'
		if i > 0 && !(digit && prevDigit) {
			out = append(out, i)
		}
		prevDigit = digit
	}
	return out
}

func priority(s string, cut int) int {
	switch {
	case strings.HasPrefix(s[cut:], "法治政府建设"), strings.HasSuffix(s[:cut], "关于"):
		return 0
	case strings.HasSuffix(s[:cut], "年度"), strings.HasSuffix(s[:cut], "的"), strings.HasPrefix(s[cut:], "关于"):
		return 1
	}
	return 2
}

// width counts a CJK character as 1 and a digit or Latin letter as ½
// (rounded up).
func width(s string) int {
	half := 0
	for _, r := range s {
		if r < 0x2E80 {
			half++
		} else {
			half += 2
		}
	}
	return (half + 1) / 2
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
