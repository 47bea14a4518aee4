package ledger

import (
	"strings"
	"testing"

	"fazhi/internal/calendar"
)

func piiKind() *Kind {
	return &Kind{Name: "p", Label: "测试", TitleField: "title",
		Fields: []Field{
			{Name: "title", Label: "标题", Type: TypeText},
			{Name: "summary", Label: "案情摘要", Type: TypeLongText},
			{Name: "count", Label: "件数", Type: TypeInteger},
			{Name: "id", Label: "申请人身份证号", Type: TypePersonal, Personal: PersonalIDNumber},
			{Name: "phone", Label: "申请人电话", Type: TypePersonal, Personal: PersonalPhone},
		},
		Workflow: Workflow{States: []State{{Name: "draft", Label: "起草", Editable: true}}},
	}
}

// TestPersonalDataInFreeText_Refused (《个人信息保护法》第五十一条): an ID
// number or mobile number typed into a non-personal text field is refused
// with the field named, the number masked and the personal field to use;
// numbers that only look alike pass.
func TestPersonalDataInFreeText_Refused(t *testing.T) {
	k := piiKind()
	for _, tc := range []struct {
		name, field, value string
		want               []string // "" for accepted
	}{
		{"ID number in the summary", "summary", "申请人张三（身份证110101199003074514）来访", []string{"「案情摘要」中含有疑似居民身份证号码（110101********4514）", "请填入「申请人身份证号」"}},
		{"ID number with lower-case x", "title", "关于11010519491231002x的复议", []string{"「标题」", "居民身份证号码"}},
		{"full-width ID number", "summary", "１１０１０１１９９００３０７４５１４", []string{"居民身份证号码"}},
		{"mobile number", "summary", "联系电话13800138000。", []string{"「案情摘要」中含有疑似手机号码（138****8000）", "请填入「申请人电话」"}},
		{"mobile number 3-4-4", "title", "回电 138-0013-8000", []string{"手机号码"}},
		{"mobile number with spaces", "summary", "电话 139 1234 5678", []string{"手机号码"}},
		{"18 digits with a wrong check digit", "summary", "编号110101199003074515", nil},
		{"a longer serial number", "summary", "流水号 2025011380013800012", nil},
		{"a document number", "title", "屏政发〔2025〕13号", nil},
		{"a 12-digit amount", "summary", "投资138001380001元", nil},
		{"an integer field", "count", "13800138000", nil},
		{"the personal field itself", "phone", "13800138000", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errs := k.Normalize(Values{tc.field: tc.value}, nil)
			msg := errs[tc.field]
			if tc.want == nil {
				if msg != "" {
					t.Fatalf("refused: %s", msg)
				}
				return
			}
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Fatalf("message %q lacks %q", msg, w)
				}
			}
			if strings.Contains(msg, "13800138000") || strings.Contains(msg, "199003074514") {
				t.Errorf("the message repeats the number in clear: %s", msg)
			}
		})
	}
	// A kind without a personal field of that sort says to delete it.
	k.Fields = k.Fields[:3]
	_, errs := k.Normalize(Values{"summary": "电话13800138000"}, nil)
	if !strings.Contains(errs["summary"], "本台账不登记此类个人信息，请删去该号码") {
		t.Errorf("kind without a phone field: %q", errs["summary"])
	}
}

// TestPersonalDataInTableCell_Refused: the same inside rows of a record:
// a mobile number in a text column points to the table's phone column.
func TestPersonalDataInTableCell_Refused(t *testing.T) {
	table := &Field{Name: "people", Label: "参训人员", Type: TypeTable, Columns: []Field{
		{Name: "name", Label: "姓名", Type: TypeText},
		{Name: "note", Label: "备注", Type: TypeText},
		{Name: "phone", Label: "联系电话", Type: TypePersonal, Personal: PersonalPhone},
	}}
	_, msg := table.NormalizeCell(2, &table.Columns[1], "请联系 139-1234-5678", calendar.Date{})
	for _, w := range []string{"「参训人员」第2行", "「备注」中含有疑似手机号码（139****5678）", "请填入「联系电话」"} {
		if !strings.Contains(msg, w) {
			t.Errorf("message %q lacks %q", msg, w)
		}
	}
	if _, msg := table.NormalizeCell(1, &table.Columns[2], "13912345678", calendar.Date{}); msg != "" {
		t.Errorf("the phone column itself refused: %s", msg)
	}
}

func FuzzPersonalInText(f *testing.F) {
	f.Add("联系电话13800138000")
	f.Add("110101199003074514")
	f.Add("１３８ ００１３ ８０００")
	k := piiKind()
	fld := &k.Fields[1]
	f.Fuzz(func(t *testing.T, s string) {
		msg := k.personalInText(fld, s)
		if msg != "" && !strings.HasPrefix(msg, "「案情摘要」中含有疑似") {
			t.Fatalf("message %q", msg)
		}
	})
}
