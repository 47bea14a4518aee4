package ledger

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"fazhi/internal/calendar"
)

// Default maximum lengths in runes.
const (
	DefaultTextLen     = 200
	DefaultLongTextLen = 20000
)

// Normalize validates the create/edit form values of a record of kind k
// (fields whose Step is empty) and returns the record's complete data in
// canonical form: on edit, existing.Data with the submitted fields replaced;
// fields absent from input keep their value, fields submitted empty are
// removed. Unknown field names are ignored.
//
// On failure it returns FieldErrors with a Chinese message per field naming
// the field and the fix, together with the data as far as it could be
// normalised (wrong values kept as typed), so a form can be shown again
// without losing anything the user typed.
func (k *Kind) Normalize(input Values, existing *Record) (Values, FieldErrors) {
	return k.NormalizeOn(input, existing, calendar.Date{})
}

// NormalizeOn is Normalize with today's date, against which date fields are
// bounded (see DateRange); a zero today bounds dates by their earliest year
// only.
func (k *Kind) NormalizeOn(input Values, existing *Record, today calendar.Date) (Values, FieldErrors) {
	return k.NormalizeIn(input, existing, today, nil)
}

// NormalizeIn is NormalizeOn for a record of a unit whose settings are set:
// computed fields that read settings (Field.ComputeIn) use them.
func (k *Kind) NormalizeIn(input Values, existing *Record, today calendar.Date, set SettingValues) (Values, FieldErrors) {
	out := Values{}
	if existing != nil {
		for n, v := range existing.Data {
			out[n] = v
		}
	}
	errs := FieldErrors{}
	for _, f := range k.FormFields() {
		raw, ok := input[f.Name]
		if !ok && existing != nil {
			continue
		}
		k.setField(f, raw, out, errs, today)
	}
	for _, f := range k.FormFields() {
		if _, bad := errs[f.Name]; !bad && f.Required && out[f.Name] == "" {
			errs[f.Name] = f.requiredMessage()
		}
	}
	k.refuseDerived(input, errs)
	rec := k.draft(existing, out)
	for _, f := range k.FormFields() {
		k.runCheck(f, rec, errs)
	}
	k.ComputeIn(rec, set)
	if len(errs) == 0 && k.Validate != nil {
		for n, m := range k.Validate(rec) {
			errs[n] = m
		}
	}
	if len(errs) > 0 {
		return out, errs
	}
	return out, nil
}

// setField normalises raw into out[f.Name] (removing it when empty) or
// records the message in errs and keeps raw.
func (k *Kind) setField(f *Field, raw string, out Values, errs FieldErrors, today calendar.Date) {
	var v, msg string
	if f.Type == TypeTable {
		v, msg = f.NormalizeTable(raw, today) // cells' dates bounded by today
	} else if v, msg = f.NormalizeValue(raw); msg == "" && v != "" && f.Type == TypeDate {
		msg = f.Dates.check(f, v, today)
	}
	if msg == "" && v != "" {
		msg = k.personalInText(f, v) // pii_text.go
	}
	switch {
	case msg != "":
		errs[f.Name] = msg
		out[f.Name] = raw
	case v == "":
		delete(out, f.Name)
	default:
		out[f.Name] = v
	}
}

func (k *Kind) runCheck(f *Field, rec *Record, errs FieldErrors) {
	if f.Check == nil {
		return
	}
	if _, bad := errs[f.Name]; bad {
		return
	}
	if v := rec.Data[f.Name]; v != "" {
		if m := f.Check(v, rec); m != "" {
			errs[f.Name] = m
		}
	}
}

// draft is the record as it would be with data, for checks.
func (k *Kind) draft(existing *Record, data Values) *Record {
	r := &Record{Kind: k.Name}
	if existing != nil {
		*r = *existing
	}
	r.Kind = k.Name
	if r.State == "" {
		r.State = k.Initial()
	}
	r.Data = data
	return r
}

func (f *Field) requiredMessage() string {
	switch f.Type {
	case TypeEnum, TypeBool, TypeUnit, TypeUser, TypeReference:
		return "请选择「" + f.Label + "」"
	case TypeFile:
		return "请上传「" + f.Label + "」"
	case TypeTable:
		return fmt.Sprintf("请在「%s」中至少填写%d行", f.Label, max(f.MinRows, 1))
	}
	return "请填写「" + f.Label + "」"
}

// NormalizeValue validates one value of field f and returns its canonical
// form ("" for an empty value), or a Chinese message naming the field and
// the fix. Required-ness and Check are not evaluated here.
func (f *Field) NormalizeValue(raw string) (string, string) {
	if f.Type == TypeTable {
		return f.NormalizeTable(raw, calendar.Date{})
	}
	if !utf8.ValidString(raw) {
		return "", "「" + f.Label + "」含有无法识别的字符，请重新输入"
	}
	s := strings.ReplaceAll(raw, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if f.Type != TypeLongText {
		s = strings.ReplaceAll(s, "\n", " ")
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	for _, c := range s {
		if c != '\n' && c != '\t' && (unicode.IsControl(c) || c == '\uFFFD' || unicode.Is(unicode.Cs, c)) {
			return "", "「" + f.Label + "」含有不可见的控制字符，请删除后重新填写"
		}
	}
	if s == "" {
		return "", ""
	}
	switch f.Type {
	case TypeText, TypeLongText:
		return f.text(s)
	case TypeInteger:
		return f.integer(s)
	case TypeDecimal:
		return f.decimal(s)
	case TypeDate:
		d, ok := ParseDate(s)
		if !ok {
			return "", "「" + f.Label + "」格式应为 2024-03-15，请重新填写"
		}
		return d.String(), ""
	case TypeEnum:
		for _, o := range f.Options {
			if s == o {
				return o, ""
			}
		}
		return "", "「" + f.Label + "」应从以下选项中选择：" + strings.Join(f.Options, "、")
	case TypeBool:
		switch strings.ToLower(s) {
		case "是", "true", "1", "yes", "on", "y":
			return "是", ""
		case "否", "false", "0", "no", "off", "n":
			return "否", ""
		}
		return "", "「" + f.Label + "」应为“是”或“否”"
	case TypeUnit, TypeUser, TypeReference:
		n, err := strconv.ParseInt(halfWidth(s), 10, 64)
		if err != nil || n <= 0 {
			return "", "「" + f.Label + "」应为有效的编号（正整数），请重新选择"
		}
		return strconv.FormatInt(n, 10), ""
	case TypeFile:
		return f.files(s)
	case TypePersonal:
		return f.personal(s)
	}
	return "", "「" + f.Label + "」的类型未知"
}

func (f *Field) maxLen() int {
	switch {
	case f.MaxLen > 0:
		return f.MaxLen
	case f.Type == TypeLongText:
		return DefaultLongTextLen
	}
	return DefaultTextLen
}

func (f *Field) text(s string) (string, string) {
	if n := utf8.RuneCountInString(s); n > f.maxLen() {
		return "", fmt.Sprintf("「%s」不能超过%d个字（现有%d个字），请精简后重新填写", f.Label, f.maxLen(), n)
	}
	return s, ""
}

// halfWidth turns full-width digits and signs (typed with a Chinese input
// method) into ASCII.
func halfWidth(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case c >= '０' && c <= '９':
			return '0' + (c - '０')
		case c == '－':
			return '-'
		case c == '＋':
			return '+'
		case c == '．':
			return '.'
		case c == '，':
			return ','
		case c == '／':
			return '/'
		}
		return c
	}, s)
}

var thousandsRE = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+$`)

func (f *Field) integer(s string) (string, string) {
	h := halfWidth(s)
	if thousandsRE.MatchString(h) {
		h = strings.ReplaceAll(h, ",", "")
	}
	n, err := strconv.ParseInt(h, 10, 64)
	if err != nil {
		return "", "「" + f.Label + "」应为整数，如 12，请重新填写"
	}
	if f.Min != nil && n < int64(*f.Min) {
		return "", fmt.Sprintf("「%s」不能小于%d，请重新填写", f.Label, *f.Min)
	}
	if f.Max != nil && n > int64(*f.Max) {
		return "", fmt.Sprintf("「%s」不能大于%d，请重新填写", f.Label, *f.Max)
	}
	return strconv.FormatInt(n, 10), ""
}

var decimalRE = regexp.MustCompile(`^[+-]?(\d{1,30}(\.\d{0,12})?|\.\d{1,12})$`)

func (f *Field) decimal(s string) (string, string) {
	h := halfWidth(s)
	if !decimalRE.MatchString(h) {
		return "", "「" + f.Label + "」应为数字，如 12.5，请重新填写"
	}
	r, ok := new(big.Rat).SetString(h)
	if !ok {
		return "", "「" + f.Label + "」应为数字，如 12.5，请重新填写"
	}
	out := strings.TrimRight(r.FloatString(12), "0")
	out = strings.TrimSuffix(out, ".")
	if out == "-0" {
		out = "0"
	}
	if f.Min != nil && r.Cmp(new(big.Rat).SetInt64(int64(*f.Min))) < 0 {
		return "", fmt.Sprintf("「%s」不能小于%d，请重新填写", f.Label, *f.Min)
	}
	if f.Max != nil && r.Cmp(new(big.Rat).SetInt64(int64(*f.Max))) > 0 {
		return "", fmt.Sprintf("「%s」不能大于%d，请重新填写", f.Label, *f.Max)
	}
	return out, ""
}

var sha256RE = regexp.MustCompile(`^[0-9a-f]{64}$`)

func (f *Field) files(s string) (string, string) {
	var ids []string
	for _, p := range strings.FieldsFunc(s, func(c rune) bool { return c == ',' || c == '，' || unicode.IsSpace(c) }) {
		p = strings.ToLower(p)
		if !sha256RE.MatchString(p) {
			return "", "「" + f.Label + "」的附件标识无效，请重新上传附件"
		}
		dup := false
		for _, q := range ids {
			dup = dup || q == p
		}
		if !dup {
			ids = append(ids, p)
		}
	}
	return strings.Join(ids, ","), ""
}

var dateRE = regexp.MustCompile(`^(\d{4})\s*(?:-|/|\.|年)\s*(\d{1,2})\s*(?:-|/|\.|月)\s*(\d{1,2})\s*日?$`)

// ParseDate reads a date as people type it — 2024-03-15, 2024-3-5,
// 2024/03/05, 2024.3.5, 2024年3月5日, with full-width digits too — and
// reports whether it names a real day between the years 1900 and 2200.
func ParseDate(s string) (calendar.Date, bool) {
	m := dateRE.FindStringSubmatch(halfWidth(strings.TrimSpace(s)))
	if m == nil {
		return calendar.Date{}, false
	}
	y, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	d, _ := strconv.Atoi(m[3])
	if y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31 {
		return calendar.Date{}, false
	}
	out := calendar.Date{Year: y, Month: mo, Day: d}
	if !out.Valid() {
		return calendar.Date{}, false
	}
	return out, true
}
