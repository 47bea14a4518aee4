package ledger

import (
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Validation of personal data (TypePersonal) by its PersonalKind.

func (f *Field) personal(s string) (string, string) {
	switch f.Personal {
	case PersonalIDNumber:
		id := strings.ToUpper(strings.ReplaceAll(halfWidth(s), " ", ""))
		if !ValidIDNumber(id) {
			return "", "「" + f.Label + "」不是有效的居民身份证号码（应为18位，末位可能是X），请核对后重新填写"
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

var idRE = regexp.MustCompile(`^[1-9]\d{16}[\dX]$`)

// ValidIDNumber checks an 18-digit resident identity number: its shape, a
// real birth date and the GB 11643-1999 check digit (ISO 7064 MOD 11-2).
func ValidIDNumber(id string) bool {
	if !idRE.MatchString(id) {
		return false
	}
	birth, err := time.Parse("20060102", id[6:14])
	if err != nil || birth.Year() < 1850 {
		return false
	}
	weights := [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		sum += int(id[i]-'0') * w
	}
	return id[17] == "10X98765432"[sum%11]
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
