package ledger

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"fazhi/internal/secure"
)

// Validation of personal data (TypePersonal) by its PersonalKind. Identity
// numbers are checked by internal/secure (GB 11643: region, birth date,
// check digit), which also builds their lookup index.

func (f *Field) personal(s string) (string, string) {
	switch f.Personal {
	case PersonalIDNumber:
		id := secure.Normalize(s)
		if err := secure.ValidIDNumber(id); err != nil {
			return "", "「" + f.Label + "」不是有效的居民身份证号码：" + err.Error()
		}
		return id, ""
	case PersonalPhone:
		p, ok := CanonicalPhone(s)
		if !ok {
			return "", "「" + f.Label + "」应为11位手机号码或带区号的固定电话（如 0571-87654321），请核对后重新填写"
		}
		return p, ""
	case PersonalName:
		if utf8.RuneCountInString(s) > 50 {
			return "", "「" + f.Label + "」不能超过50个字，请核对后重新填写"
		}
		return s, ""
	}
	return f.text(s)
}

var (
	mobileRE   = regexp.MustCompile(`^1[3-9]\d{9}$`)
	landlineRE = regexp.MustCompile(`^0\d{9,11}$`)
)

// CanonicalPhone accepts a mainland mobile number (optionally +86) or a
// landline with its area code and returns "13812345678" or "0571-87654321".
func CanonicalPhone(s string) (string, bool) {
	p := strings.NewReplacer(" ", "", "（", "", "）", "", "(", "", ")", "").Replace(halfWidth(s))
	p = strings.TrimPrefix(strings.TrimPrefix(p, "+86"), "0086")
	p = strings.TrimPrefix(p, "-")
	if mobileRE.MatchString(p) {
		return p, true
	}
	flat := strings.ReplaceAll(p, "-", "")
	if strings.Count(p, "-") > 1 || !landlineRE.MatchString(flat) {
		return "", false
	}
	// Area codes are 3 digits for 010 and 02x, 4 digits elsewhere.
	area := 4
	if strings.HasPrefix(flat, "010") || strings.HasPrefix(flat, "02") {
		area = 3
	}
	if n := len(flat) - area; n < 7 || n > 8 {
		return "", false
	}
	return flat[:area] + "-" + flat[area:], true
}
