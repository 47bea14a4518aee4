package secure

import (
	"strings"
	"testing"
)

// withCheck completes 17 digits with their computed check character.
func withCheck(first17 string) string { return first17 + string(IDCheckDigit(first17)) }

func TestIDCheckDigit_KnownNumbers(t *testing.T) {
	// The worked example of GB 11643-1999 (appendix): 11010519491231002X.
	if got := IDCheckDigit("11010519491231002"); got != 'X' {
		t.Errorf("check digit of the standard's example = %c, want X", got)
	}
	// Sum for 44052419800101001: 4*7+4*9+0+5*5+2*8+4*4+1*2+9*1+8*6+0+0+1*9+0+1*5+0+0+1*2 = 196; 196%11 = 9 → '3'.
	if got := IDCheckDigit("44052419800101001"); got != '3' {
		t.Errorf("check digit = %c, want 3", got)
	}
}

func TestValidIDNumber(t *testing.T) {
	good := []string{
		"11010519491231002X",
		"11010519491231002x",
		withCheck("33010619850715123"),
		withCheck("51010720000229456"), // 29 Feb of a leap year
		" " + withCheck("44030119991231001") + " ",
	}
	for _, s := range good {
		if err := ValidIDNumber(s); err != nil {
			t.Errorf("ValidIDNumber(%q) = %v", s, err)
		}
	}
	valid := withCheck("33010619850715123")
	wrongCheck := valid[:17] + string("0123456789"[(strings.IndexByte("0123456789X", valid[17])+1)%10])
	bad := []struct{ in, want string }{
		{"", "应为18位，现为0位"},
		{"1101051949123100", "应为18位，现为16位"},
		{"110105491231002", "15位旧号码已停止使用"},
		{"1101051949123100Y2", "前17位应为数字"},
		{"11010519491231002Y", "末位为数字或X"},
		{wrongCheck, "校验位不符"},
		{withCheck("99010619850715123"), "前两位“99”不是有效的省级行政区划代码"},
		{withCheck("33010619850230123"), "出生日期“19850230”无效"},
		{withCheck("33010618000101123"), "出生日期“18000101”无效"},
		{withCheck("33010629990101123"), "出生日期“29990101”无效"},
	}
	for _, tc := range bad {
		err := ValidIDNumber(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidIDNumber(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestValidPhone(t *testing.T) {
	for _, s := range []string{"13800138000", "138 0013 8000", "138-0013-8000", "+8613800138000", "19912345678", "0571-87654321", "010-12345678", "0571-87654321-801"} {
		if err := ValidPhone(s); err != nil {
			t.Errorf("ValidPhone(%q) = %v", s, err)
		}
	}
	bad := []struct{ in, want string }{
		{"", "电话号码为空"},
		{"1380013800", "手机号应为以1开头的11位数字"},
		{"12800138000", "手机号应为以1开头的11位数字"},
		{"23800138000", "手机号应为以1开头的11位数字"},
		{"0571-123", "区号3至4位"},
		{"05-87654321", "区号3至4位"},
		{"0571-87654321-1234567", "分机号"},
		{"0571-8765-4321-1", "区号-号码"},
	}
	for _, tc := range bad {
		err := ValidPhone(tc.in)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ValidPhone(%q) = %v, want %q", tc.in, err, tc.want)
		}
	}
}

func TestMask(t *testing.T) {
	cases := []struct{ kind, in, want string }{
		{KindName, "张三丰", "张*丰"},
		{KindName, "李四", "李*"},
		{KindName, "欧阳娜娜", "欧**娜"},
		{KindName, "王", "*"},
		{KindIDNumber, "11010519491231002X", "110***********002X"},
		{KindIDNumber, "123456", "******"},
		{KindPhone, "13812345678", "138****5678"},
		{KindPhone, "0571-87654321", "057******4321"},
		{KindPhone, "12345", "***45"},
		{KindAddress, "浙江省杭州市西湖区某某街道12号", "浙江省杭州市****"},
		{KindAddress, "某村3组", "某村****"},
		{"other", "秘密内容", "****"},
		{KindName, "  ", ""},
	}
	for _, tc := range cases {
		if got := Mask(tc.kind, tc.in); got != tc.want {
			t.Errorf("Mask(%s, %q) = %q, want %q", tc.kind, tc.in, got, tc.want)
		}
	}
	// A mask never shows the middle of an ID number or a phone number.
	id := withCheck("33010619850715123")
	if m := Mask(KindIDNumber, id); strings.Contains(m, "19850715") || len(m) != 18 {
		t.Errorf("Mask shows the birth date: %s", m)
	}
}

func BenchmarkEncrypt(b *testing.B) {
	r, _ := newRing(b)
	for b.Loop() {
		if _, err := r.Encrypt("110101199003074514", "record:42/id_number"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBlindIndex(b *testing.B) {
	r, _ := newRing(b)
	for b.Loop() {
		r.BlindIndex("id_number", "110101199003074514")
	}
}
