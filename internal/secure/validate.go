package secure

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// idWeights and idCheck are the GB 11643-1999 check digit (ISO 7064 MOD 11-2).
var idWeights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

const idCheck = "10X98765432"

// provinces are the first two digits of the administrative division codes
// (GB/T 2260) that resident ID numbers carry.
var provinces = map[string]bool{
	"11": true, "12": true, "13": true, "14": true, "15": true,
	"21": true, "22": true, "23": true,
	"31": true, "32": true, "33": true, "34": true, "35": true, "36": true, "37": true,
	"41": true, "42": true, "43": true, "44": true, "45": true, "46": true,
	"50": true, "51": true, "52": true, "53": true, "54": true,
	"61": true, "62": true, "63": true, "64": true, "65": true,
	"71": true, "81": true, "82": true, "83": true,
}

// IDCheckDigit is the check character for the first 17 digits of an ID
// number. It panics unless given 17 ASCII digits.
func IDCheckDigit(first17 string) byte {
	if len(first17) != 17 {
		panic("secure.IDCheckDigit: need 17 digits")
	}
	sum := 0
	for i := range 17 {
		c := first17[i]
		if c < '0' || c > '9' {
			panic("secure.IDCheckDigit: need 17 digits")
		}
		sum += int(c-'0') * idWeights[i]
	}
	return idCheck[sum%11]
}

// ValidIDNumber checks an 18-digit resident ID number (居民身份证号码, GB
// 11643): region, date of birth and check digit. The error is Chinese and
// says what to fix.
func ValidIDNumber(s string) error {
	s = Normalize(s)
	n := utf8.RuneCountInString(s)
	if n == 15 && isDigits(s) {
		return fmt.Errorf("身份证号应为18位：15位旧号码已停止使用，请填写现行的18位号码")
	}
	if n != 18 {
		return fmt.Errorf("身份证号应为18位，现为%d位", n)
	}
	if !isDigits(s[:17]) || !(isDigits(s[17:]) || s[17] == 'X') {
		return fmt.Errorf("身份证号前17位应为数字，末位为数字或X")
	}
	if !provinces[s[:2]] {
		return fmt.Errorf("身份证号前两位“%s”不是有效的省级行政区划代码，请核对", s[:2])
	}
	birth, err := time.Parse("20060102", s[6:14])
	if err != nil || birth.Year() < 1900 || birth.After(time.Now()) {
		return fmt.Errorf("身份证号第7至14位的出生日期“%s”无效，请核对", s[6:14])
	}
	if IDCheckDigit(s[:17]) != s[17] {
		return fmt.Errorf("身份证号校验位不符，请核对是否有数字抄错")
	}
	return nil
}

// ValidPhone accepts a mainland mobile number (11 digits from 1[3-9], with an
// optional +86) or a fixed line "区号-号码" (area code 0 and 2–3 digits,
// number 7–8 digits, optional "-extension").
func ValidPhone(s string) error {
	t := strings.TrimSpace(s)
	if t == "" {
		return fmt.Errorf("电话号码为空，请填写")
	}
	if strings.HasPrefix(t, "0") && strings.Contains(t, "-") {
		parts := strings.Split(t, "-")
		if len(parts) < 2 || len(parts) > 3 {
			return fmt.Errorf("固定电话应写成“区号-号码”，如 0571-87654321")
		}
		area, num := parts[0], parts[1]
		if !isDigits(area) || len(area) < 3 || len(area) > 4 || !isDigits(num) || len(num) < 7 || len(num) > 8 || num[0] == '0' {
			return fmt.Errorf("固定电话应写成“区号-号码”：区号3至4位、以0开头，号码7至8位，如 0571-87654321")
		}
		if len(parts) == 3 && (!isDigits(parts[2]) || len(parts[2]) > 6) {
			return fmt.Errorf("固定电话分机号应为1至6位数字，如 0571-87654321-801")
		}
		return nil
	}
	m := Normalize(t)
	m = strings.TrimPrefix(m, "+86")
	if len(m) != 11 || !isDigits(m) || m[0] != '1' || m[1] < '3' {
		return fmt.Errorf("手机号应为以1开头的11位数字，如 13800138000；固定电话请写成“区号-号码”，如 0571-87654321")
	}
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
