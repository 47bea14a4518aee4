package web

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// TestAPIDecode_NamesTheProblem: a malformed body is a 400 (or 413) whose
// Chinese message says what is wrong and, where there is one, names the
// field — never a 500.
func TestAPIDecode_NamesTheProblem(t *testing.T) {
	big := `{"data":{"title":"` + strings.Repeat("法", apiMaxJSON/3+10) + `"}}`
	tests := []struct {
		name, contentType, body string
		status                  int
		field, msg              string
	}{
		{"empty body", "application/json", ``, 400, "", "请求体为空"},
		{"truncated", "application/json", `{"data":{"title":"x"`, 400, "", "不完整"},
		{"syntax", "application/json", `{"data":{"title" "x"}}`, 400, "", "JSON 格式错误"},
		{"unknown field", "application/json", `{"dat":{}}`, 400, "dat", "不认识的字段"},
		{"object for a string", "application/json", `{"data":{"title":{"a":1}}}`, 400, "title", "应为字符串"},
		{"string for a number", "application/json", `{"unit_id":"3"}`, 400, "unit_id", "应为整数"},
		{"array instead of object", "application/json", `[1,2]`, 400, "", "应为 JSON 对象"},
		{"number is taken as text", "application/json", `{"data":{"n":2024, "m":[1]}}`, 400, "m", "不能是对象、数组"},
		{"two objects", "application/json", `{"data":{}} {"data":{}}`, 400, "", "只能包含一个"},
		{"not json", "text/plain", `title=x`, 400, "", "Content-Type: application/json"},
		{"too large", "application/json", big, 413, "", "请求体过大"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "/api/v1/records/x", strings.NewReader(tt.body))
			r.Header.Set("Content-Type", tt.contentType)
			var body apiCreateBody
			err := apiDecode(httptest.NewRecorder(), r, &body)
			if err == nil {
				t.Fatalf("accepted %q", tt.body)
			}
			ae := apiErrorOf(err)
			if ae.Status != tt.status {
				t.Errorf("status %d, want %d (%s)", ae.Status, tt.status, ae.Message)
			}
			if !strings.Contains(ae.Message+ae.Fields[tt.field], tt.msg) {
				t.Errorf("message %q %v does not say %q", ae.Message, ae.Fields, tt.msg)
			}
			if tt.field != "" && ae.Fields[tt.field] == "" {
				t.Errorf("fields %v do not name %q", ae.Fields, tt.field)
			}
		})
	}
}

func TestAPIDecode_AcceptsAValidBody(t *testing.T) {
	r := httptest.NewRequest("POST", "/", strings.NewReader(`{"unit_id":7,"data":{"title":"关于","n":""}}`))
	r.Header.Set("Content-Type", "application/json; charset=utf-8")
	var body apiCreateBody
	if err := apiDecode(httptest.NewRecorder(), r, &body); err != nil {
		t.Fatal(err)
	}
	if body.UnitID == nil || *body.UnitID != 7 || body.Data["title"] != "关于" || len(body.Data) != 2 {
		t.Errorf("decoded %+v", body)
	}
}

// apiTestKind is a small declaration for the parsing tests.
var apiTestKind = &ledger.Kind{
	Name: "sample", Label: "样例", TitleField: "title",
	Fields: []ledger.Field{
		{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true},
		{Name: "kind", Label: "类型", Type: ledger.TypeEnum, Options: []string{"甲", "乙"}, Filter: true},
		{Name: "phone", Label: "电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
		{Name: "opinion", Label: "意见", Type: ledger.TypeText, Step: "decide"},
	},
	Workflow: ledger.Workflow{
		States: []ledger.State{{Name: "draft", Label: "起草"}, {Name: "done", Label: "办结", Final: true}},
		Transitions: []ledger.Transition{{Event: "decide", Label: "决定", From: []string{"draft"}, To: "done",
			Roles: []access.Role{access.RoleHead}}},
	},
}

func TestAPIListQuery(t *testing.T) {
	q, err := apiListQuery(apiTestKind, url.Values{
		"state": {"draft"}, "year": {"2024"}, "unit": {"3"}, "q": {"复议"}, "overdue": {"1"},
		"sort": {"-title"}, "page": {"2"}, "per_page": {"50"}, "f.kind": {"甲"}, "other": {"ignored"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if q.Kind != "sample" || q.State != "draft" || q.Year != 2024 || q.UnitID != 3 || q.Search != "复议" ||
		!q.Overdue || q.Sort != "-title" || q.Page != 2 || q.PerPage != 50 || q.Filters["kind"] != "甲" {
		t.Errorf("parsed %+v", q)
	}
	d, err := apiListQuery(apiTestKind, url.Values{})
	if err != nil || d.Page != 1 || d.PerPage != 20 || d.Sort != "-updated_at" {
		t.Errorf("defaults %+v, %v", d, err)
	}

	bad := []struct {
		param, value string
	}{
		{"state", "nope"}, {"year", "24x"}, {"year", "12"}, {"unit", "-1"}, {"overdue", "maybe"},
		{"page", "0"}, {"per_page", "201"}, {"per_page", "x"}, {"sort", "password"},
		{"sort", "-phone"}, {"f.nope", "1"}, {"f.phone", "13800000000"}, {"q", strings.Repeat("字", 101)},
	}
	for _, b := range bad {
		_, err := apiListQuery(apiTestKind, url.Values{b.param: {b.value}})
		var ae *apiError
		if !errors.As(err, &ae) || ae.Status != http.StatusBadRequest || ae.Fields[b.param] == "" {
			t.Errorf("%s=%s: got %v, want a 400 naming %s", b.param, b.value, err, b.param)
		}
	}
}

func TestAPICheckFormFields(t *testing.T) {
	if err := apiCheckFormFields(apiTestKind, map[string]string{"title": "x", "kind": "甲"}); err != nil {
		t.Errorf("form fields refused: %v", err)
	}
	err := apiCheckFormFields(apiTestKind, map[string]string{"titel": "x", "opinion": "同意"})
	var ae *apiError
	if !errors.As(err, &ae) || ae.Status != 400 {
		t.Fatalf("got %v, want 400", err)
	}
	if !strings.Contains(ae.Fields["titel"], "没有名为") {
		t.Errorf("unknown field: %q", ae.Fields["titel"])
	}
	if !strings.Contains(ae.Fields["opinion"], "决定") {
		t.Errorf("step field should name its step 决定: %q", ae.Fields["opinion"])
	}
}

func TestAPICleanFileName(t *testing.T) {
	tests := map[string]string{
		"意见书.pdf":                         "意见书.pdf",
		`C:\Users\张三\审查意见.docx`:           "审查意见.docx",
		"../../etc/passwd":                "passwd",
		"a\x00b\"c.txt":                   "abc.txt",
		"..":                              "",
		strings.Repeat("长", 300) + ".pdf": strings.Repeat("长", 196) + ".pdf",
	}
	for in, want := range tests {
		if got := apiCleanFileName(in); got != want {
			t.Errorf("apiCleanFileName(%.20q) = %.30q, want %.30q", in, got, want)
		}
	}
}
