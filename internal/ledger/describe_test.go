package ledger_test

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/ledger"
)

func TestDescribe_JSONCarriesTheDeclaration(t *testing.T) {
	k := sampleKind()
	b, err := json.Marshal(k.Describe())
	if err != nil {
		t.Fatal(err)
	}
	var back ledger.Description
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.Name != "sample" || len(back.Fields) != len(k.Fields) || len(back.States) != 4 ||
		len(back.Transitions) != 3 || len(back.Periods) != 3 {
		t.Fatalf("description incomplete: %s", b)
	}
	if f := back.Fields[0]; f.Label != "标题" || f.MaxLen != 200 || !f.Required || !f.List {
		t.Errorf("title field = %+v", f)
	}
	if tr := back.Transitions[1]; tr.Event != "close" || strings.Join(tr.Fields, ",") != "comment_end" || tr.Roles[0] != "clerk" {
		t.Errorf("close transition = %+v", tr)
	}
	if p := back.Periods[1]; p.Type != "minimum" || p.Days != 30 || p.Basis != commentBasis || p.EndField != "comment_end" {
		t.Errorf("comment period = %+v", p)
	}
	if !strings.Contains(string(b), `"counting":"working"`) {
		t.Errorf("counting missing: %s", b)
	}
}

func TestFieldHelpers(t *testing.T) {
	k := sampleKind()
	if len(k.FormFields()) != 15 || k.FormFields()[0].Name != "title" {
		t.Errorf("FormFields = %d", len(k.FormFields()))
	}
	open := k.Transition("open")
	var names []string
	for _, f := range open.StepFields(k) {
		names = append(names, f.Name)
	}
	if strings.Join(names, ",") != "comment_start,comment_days,shorten_reason" {
		t.Errorf("StepFields(open) = %v", names)
	}
	if k.Field("received").Label != "收到日期" || k.Field("ghost") != nil {
		t.Error("Field lookup")
	}
	if k.TitleOf(base()) != "关于某事项的来件" || k.YearOf(base()) != 2024 || k.YearOf(ledger.Values{}) != 0 {
		t.Error("TitleOf/YearOf")
	}
}

func TestValuesFromForm_OnlyTheStepsFields(t *testing.T) {
	k := sampleKind()
	form := url.Values{
		"title":         {"标题", "第二个值被忽略"},
		"count":         {""},
		"files":         {strings.Repeat("a", 64), strings.Repeat("b", 64)},
		"comment_start": {"2024-03-20"},
		"csrf":          {"token"},
	}
	got := ledger.ValuesFromForm(k, form, "")
	want := ledger.Values{"title": "标题", "count": "", "files": strings.Repeat("a", 64) + "," + strings.Repeat("b", 64)}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for n, v := range want {
		if got[n] != v {
			t.Errorf("%s = %q, want %q", n, got[n], v)
		}
	}
	step := ledger.ValuesFromForm(k, form, "open")
	if len(step) != 1 || step["comment_start"] != "2024-03-20" {
		t.Errorf("step values = %v", step)
	}
}

// FuzzValuesFromForm decodes arbitrary form bodies: only fields of the
// requested step come out, and normalising them never panics.
func FuzzValuesFromForm(f *testing.F) {
	f.Add("title=%E6%A0%87%E9%A2%98&received=2024-3-5&count=%EF%BC%91%EF%BC%92", "")
	f.Add("comment_start=2024%E5%B9%B43%E6%9C%885%E6%97%A5&comment_days=10", "open")
	f.Add("files=abc&files=def&id_no=11010519491231002x&phone=%2B8613812345678", "")
	f.Add("result=%E5%8A%9E%E7%BB%93&title=x", "finish")
	f.Add("%zz=1&&=", "ghost")
	k := sampleKind()
	f.Fuzz(func(t *testing.T, body, step string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		vals := ledger.ValuesFromForm(k, form, step)
		for n := range vals {
			if fld := k.Field(n); fld == nil || fld.Step != step {
				t.Fatalf("field %q is not a field of step %q", n, step)
			}
		}
		if step == "" {
			_, _ = k.Normalize(vals, nil)
		}
	})
}
