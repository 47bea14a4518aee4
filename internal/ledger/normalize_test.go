package ledger_test

import (
	"strings"
	"testing"

	"fazhi/internal/ledger"
)

// base is a valid create form of the sample kind.
func base() ledger.Values {
	return ledger.Values{"title": "关于某事项的来件", "received": "2024-03-15"}
}

func TestNormalize_FieldTypes(t *testing.T) {
	k := sampleKind()
	long := strings.Repeat("字", 201)
	cases := []struct {
		field, in string
		want      string // canonical value ("" = removed) when wantErr is empty
		wantErr   string // substring of the Chinese message
	}{
		{"title", "  标题 ", "标题", ""},
		{"title", "第一行\r\n第二行", "第一行 第二行", ""},
		{"title", long, "", "「标题」不能超过200个字"},
		{"title", "含\x00控制符", "", "「标题」含有不可见的控制字符"},
		{"title", "\xff\xfe", "", "「标题」含有无法识别的字符"},
		{"body", "甲\r\n乙", "甲\n乙", ""},
		{"body", strings.Repeat("长", 51), "", "「正文」不能超过50个字"},
		{"count", "12", "12", ""},
		{"count", "１２", "12", ""},
		{"count", "+7", "7", ""},
		{"count", "1,000", "1000", ""},
		{"count", "1001", "", "「人数」不能大于1000"},
		{"count", "-1", "", "「人数」不能小于0"},
		{"count", "十二", "", "「人数」应为整数"},
		{"count", "1.5", "", "「人数」应为整数"},
		{"amount", "12.50", "12.5", ""},
		{"amount", "-0.0", "0", ""},
		{"amount", "007", "7", ""},
		{"amount", ".5", "0.5", ""},
		{"amount", "1e3", "", "「金额」应为数字"},
		{"amount", "abc", "", "「金额」应为数字"},
		{"received", "2024-03-15", "2024-03-15", ""},
		{"received", "2024-3-5", "2024-03-05", ""},
		{"received", "2024/03/05", "2024-03-05", ""},
		{"received", "2024.3.5", "2024-03-05", ""},
		{"received", "2024年3月5日", "2024-03-05", ""},
		{"received", "２０２４年３月５日", "2024-03-05", ""},
		{"received", "2024-02-30", "", "「收到日期」格式应为 2024-03-15，请重新填写"},
		{"received", "2023-02-29", "", "「收到日期」格式应为 2024-03-15"},
		{"received", "2024-02-29", "2024-02-29", ""},
		{"received", "15/03/2024", "", "「收到日期」格式应为 2024-03-15"},
		{"received", "昨天", "", "「收到日期」格式应为 2024-03-15"},
		{"category", "乙类", "乙类", ""},
		{"category", "丙类", "", "「类别」应从以下选项中选择：甲类、乙类"},
		{"urgent", "是", "是", ""},
		{"urgent", "true", "是", ""},
		{"urgent", "否", "否", ""},
		{"urgent", "FALSE", "否", ""},
		{"urgent", "也许", "", "「是否紧急」应为“是”或“否”"},
		{"unit", "42", "42", ""},
		{"unit", "0", "", "「承办单位」应为有效的编号"},
		{"owner", "-3", "", "「经办人」应为有效的编号"},
		{"other", "1,2", "", "「关联记录」应为有效的编号"},
		{"files", strings.Repeat("AB", 32) + "," + strings.Repeat("ab", 32) + ", " + strings.Repeat("0", 64),
			strings.Repeat("ab", 32) + "," + strings.Repeat("0", 64), ""},
		{"files", "../../etc/passwd", "", "「附件」的附件标识无效"},
		{"id_no", "11010519491231002x", "11010519491231002X", ""},
		{"id_no", "110105194912310021", "", "「身份证号」不是有效的居民身份证号码"},
		{"id_no", "110105194913310028", "", "「身份证号」不是有效的居民身份证号码"},
		{"id_no", "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", ""},
		{"id_no", "11010519491231002", "", "「身份证号」不是有效的居民身份证号码"},
		{"phone", "138 1234 5678", "13812345678", ""},
		{"phone", "+8613812345678", "13812345678", ""},
		{"phone", "057187654321", "0571-87654321", ""},
		{"phone", "010-12345678", "010-12345678", ""},
		{"phone", "12345", "", "「联系电话」应为11位手机号码或带区号的固定电话"},
		{"phone", "23812345678", "", "「联系电话」应为11位手机号码"},
	}
	for _, c := range cases {
		t.Run(c.field+"/"+c.in, func(t *testing.T) {
			in := base()
			in[c.field] = c.in
			out, errs := k.Normalize(in, nil)
			if c.wantErr != "" {
				if !strings.Contains(errs[c.field], c.wantErr) {
					t.Fatalf("error for %q = %q, want it to contain %q", c.in, errs[c.field], c.wantErr)
				}
				if out[c.field] != c.in {
					t.Errorf("the typed value was not kept for the form: %q", out[c.field])
				}
				return
			}
			if len(errs) > 0 {
				t.Fatalf("unexpected errors %v", errs)
			}
			if got, ok := out[c.field]; got != c.want || (c.want == "" && ok) {
				t.Errorf("%q normalised to %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestNormalize_RequiredNamesEveryMissingField(t *testing.T) {
	k := sampleKind()
	out, errs := k.Normalize(ledger.Values{"title": "  ", "count": "abc"}, nil)
	want := map[string]string{"title": "请填写「标题」", "received": "请填写「收到日期」", "count": "「人数」应为整数"}
	for f, m := range want {
		if !strings.Contains(errs[f], m) {
			t.Errorf("errs[%s] = %q, want %q", f, errs[f], m)
		}
	}
	if out["count"] != "abc" {
		t.Errorf("wrong value lost: %q", out["count"])
	}
	if errs.Error() == "" {
		t.Error("FieldErrors.Error is empty")
	}
}

func TestNormalize_IgnoresUnknownAndStepFields(t *testing.T) {
	k := sampleKind()
	in := base()
	in["ghost"] = "x"
	in["comment_end"] = "2024-05-01" // a step field: not part of the form
	out, errs := k.Normalize(in, nil)
	if errs != nil {
		t.Fatal(errs)
	}
	if _, ok := out["ghost"]; ok {
		t.Error("unknown field kept")
	}
	if _, ok := out["comment_end"]; ok {
		t.Error("step field accepted through the form")
	}
}

func TestNormalize_EditKeepsAbsentFieldsAndStepData(t *testing.T) {
	k := sampleKind()
	existing := &ledger.Record{ID: 1, Kind: "sample", State: "open", Data: ledger.Values{
		"title": "旧标题", "received": "2024-03-15", "count": "5", "comment_start": "2024-03-20"}}
	out, errs := k.Normalize(ledger.Values{"title": "新标题", "count": ""}, existing)
	if errs != nil {
		t.Fatal(errs)
	}
	if out["title"] != "新标题" || out["received"] != "2024-03-15" || out["comment_start"] != "2024-03-20" {
		t.Errorf("merged data wrong: %v", out)
	}
	if _, ok := out["count"]; ok {
		t.Error("a field submitted empty was not cleared")
	}
	if existing.Data["title"] != "旧标题" {
		t.Error("Normalize mutated the existing record")
	}
}

func TestNormalize_CheckAndValidate(t *testing.T) {
	k := sampleKind()
	in := base()
	in["code"] = "AB-1"
	_, errs := k.Normalize(in, nil)
	if errs["code"] != "「编号」应以 SY 开头" {
		t.Errorf("Check not applied: %v", errs)
	}
	k.Validate = func(r *ledger.Record) ledger.FieldErrors {
		if r.Data["urgent"] == "是" && r.Data["limit_days"] == "" {
			return ledger.FieldErrors{"limit_days": "紧急事项请填写「办理时限（日）」"}
		}
		return nil
	}
	in = base()
	in["urgent"] = "yes"
	_, errs = k.Normalize(in, nil)
	if errs["limit_days"] == "" {
		t.Errorf("Validate not applied: %v", errs)
	}
	in["limit_days"] = "3"
	if _, errs = k.Normalize(in, nil); errs != nil {
		t.Errorf("valid record refused: %v", errs)
	}
}

// FuzzNormalize: any input gives either a canonical value that normalises to
// itself, or a message naming the field; nothing panics.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", "2024-3-5", "２０２４年３月５日", "12.50", "1,000", "是", "\xff", "11010519491231002x",
		"138 1234 5678", strings.Repeat("ab", 32), "乙类", "-0"} {
		f.Add("received", s)
		f.Add("amount", s)
		f.Add("phone", s)
	}
	k := sampleKind()
	f.Fuzz(func(t *testing.T, name, value string) {
		fld := k.Field(name)
		if fld == nil {
			fld = k.Field("title")
		}
		v, msg := fld.NormalizeValue(value)
		if msg != "" {
			if !strings.Contains(msg, "「"+fld.Label+"」") {
				t.Fatalf("message %q does not name the field", msg)
			}
			return
		}
		again, msg2 := fld.NormalizeValue(v)
		if msg2 != "" || again != v {
			t.Fatalf("not idempotent: %q → %q → %q (%s)", value, v, again, msg2)
		}
		in := base()
		in[fld.Name] = value
		if fld.Step != "" || (v == "" && fld.Required) {
			return
		}
		out, errs := k.Normalize(in, nil)
		if errs != nil && errs[fld.Name] != "" && fld.Check == nil {
			t.Fatalf("Normalize refused what NormalizeValue accepted: %v", errs)
		}
		if errs == nil && out[fld.Name] != v {
			t.Fatalf("Normalize %q, NormalizeValue %q", out[fld.Name], v)
		}
	})
}

func TestFieldErrors_ErrorIsStable(t *testing.T) {
	cases := []struct {
		errs ledger.FieldErrors
		want string
	}{
		{ledger.FieldErrors{"b": "请填写「乙」", "a": "请填写「甲」"}, "请填写「甲」"},
		{ledger.FieldErrors{"b": "请填写「乙」", "": "记录已被他人修改"}, "记录已被他人修改"},
		{ledger.FieldErrors{}, "输入有误"},
	}
	for _, c := range cases {
		for range 5 {
			if got := c.errs.Error(); got != c.want {
				t.Errorf("Error() = %q, want %q", got, c.want)
			}
		}
	}
}
