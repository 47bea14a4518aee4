package ledger

import (
	"regexp"
	"strings"

	"fazhi/internal/secure"
)

// Personal data typed into free text would be stored, indexed for search
// and exported in clear, beside the encrypted personal fields meant for it
// (《个人信息保护法》第五十一条: encryption and de-identification of
// personal information). A non-personal text field holding a resident ID
// number (18 characters with a valid region, birth date and check digit)
// or a mainland mobile number is refused, naming the field and the kind's
// personal field to use instead.

var (
	// idInTextRE finds 18-character candidates not inside a longer run of
	// digits or letters; ValidIDNumber then decides.
	idInTextRE = regexp.MustCompile(`(?:^|[^0-9A-Za-z])([0-9]{17}[0-9Xx])(?:$|[^0-9A-Za-z])`)
	// mobileInTextRE finds 1[3-9]XXXXXXXXX, also written 3-4-4 with spaces
	// or hyphens, not inside a longer run of digits.
	mobileInTextRE = regexp.MustCompile(`(?:^|[^0-9])(1[3-9][0-9](?:[ -]?[0-9]{4}){2})(?:$|[^0-9])`)
)

// personalInText returns the Chinese refusal for personal data found in
// the value of the non-personal text field f, or "".
func (k *Kind) personalInText(f *Field, v string) string {
	return personalIn(f, v, k.Fields)
}

// personalInCell is personalInText for a text cell of column c of the
// table field f, pointing to the table's personal columns.
func (f *Field) personalInCell(c *Field, v string) string {
	return personalIn(c, v, f.Columns)
}

// personalIn checks the value v of the text field f; fields are where the
// personal fields it should go to are looked up.
func personalIn(f *Field, v string, fields []Field) string {
	if f.Type != TypeText && f.Type != TypeLongText {
		return ""
	}
	s := halfWidth(v)
	for _, m := range idInTextRE.FindAllStringSubmatch(s, -1) {
		if id := strings.ToUpper(m[1]); secure.ValidIDNumber(id) == nil {
			return piiMessage(f, fields, "居民身份证号码", id[:6]+"********"+id[14:], PersonalIDNumber)
		}
	}
	if m := mobileInTextRE.FindStringSubmatch(s); m != nil {
		p := strings.NewReplacer(" ", "", "-", "").Replace(m[1])
		return piiMessage(f, fields, "手机号码", p[:3]+"****"+p[7:], PersonalPhone)
	}
	return ""
}

func piiMessage(f *Field, fields []Field, what, masked string, pk PersonalKind) string {
	var to []string
	for i := range fields {
		if g := &fields[i]; g.Type == TypePersonal && g.Personal == pk {
			to = append(to, "「"+g.Label+"」")
		}
	}
	msg := "「" + f.Label + "」中含有疑似" + what + "（" + masked + "）：个人信息不能写在普通文字栏中（会被明文检索和导出），"
	if len(to) == 0 {
		return msg + "本台账不登记此类个人信息，请删去该号码"
	}
	return msg + "请填入" + strings.Join(to, "或") + "（加密保存），并从「" + f.Label + "」中删去"
}
