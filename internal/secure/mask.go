package secure

import (
	"strings"
	"unicode/utf8"
)

// Kinds of personal data, for Mask.
const (
	KindName     = "name"      // 姓名
	KindIDNumber = "id_number" // 身份证号
	KindPhone    = "phone"     // 电话
	KindAddress  = "address"   // 住址
)

// Mask hides most of a personal value for screens, exports and logs, in the
// forms Chinese government systems use: 张*三, 110***********1234,
// 138****5678, 浙江省杭州市****. An unknown kind is hidden whole.
func Mask(kind, value string) string {
	value = strings.TrimSpace(value)
	if value == "" {
		return ""
	}
	r := []rune(value)
	n := len(r)
	switch kind {
	case KindName:
		switch n {
		case 1:
			return "*"
		case 2:
			return string(r[0]) + "*"
		}
		return string(r[0]) + strings.Repeat("*", n-2) + string(r[n-1])
	case KindIDNumber:
		if n < 8 {
			return strings.Repeat("*", n)
		}
		return string(r[:3]) + strings.Repeat("*", n-7) + string(r[n-4:])
	case KindPhone:
		switch {
		case n >= 8:
			return string(r[:3]) + strings.Repeat("*", n-7) + string(r[n-4:])
		case n > 2:
			return strings.Repeat("*", n-2) + string(r[n-2:])
		}
		return strings.Repeat("*", n)
	case KindAddress:
		// Keep the administrative divisions at the front (at most six
		// characters, never more than half) and hide the rest, including
		// its length.
		keep := min(6, n/2)
		return string(r[:keep]) + "****"
	}
	return strings.Repeat("*", min(utf8.RuneCountInString(value), 6))
}
