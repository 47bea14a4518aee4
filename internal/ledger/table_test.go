package ledger_test

import (
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// tableKind is a test kind with rows: a training session and its
// attendees (a user or a named non-user, hours, a date, an ID number).
func tableKind() *ledger.Kind {
	return &ledger.Kind{
		Name: "rows_test", Label: "行测试台账", TitleField: "topic",
		CreateRoles: []access.Role{access.RoleClerk}, EditRoles: []access.Role{access.RoleClerk},
		Fields: []ledger.Field{
			{Name: "topic", Label: "主题", Type: ledger.TypeText, Required: true},
			{Name: "attendees", Label: "参加人员", Type: ledger.TypeTable, MaxRows: 5, Columns: []ledger.Field{
				{Name: "user", Label: "人员", Type: ledger.TypeUser},
				{Name: "name", Label: "姓名", Type: ledger.TypeText, MaxLen: 10, Search: true},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal, Required: true, Min: intp(0), Max: intp(100)},
				{Name: "role", Label: "身份", Type: ledger.TypeEnum, Options: []string{"领导干部", "执法人员"}},
				{Name: "on", Label: "日期", Type: ledger.TypeDate},
				{Name: "id_no", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			}},
		},
		Workflow: ledger.Workflow{States: []ledger.State{{Name: "new", Label: "新建", Editable: true}}},
	}
}

func TestTable_Normalize(t *testing.T) {
	k := tableKind()
	if _, err := ledger.NewRegistry(k); err != nil {
		t.Fatal(err)
	}
	today := calendar.Date{Year: 2025, Month: 6, Day: 30}
	cases := []struct {
		name, in string
		want     string // canonical value ("" = removed) when wantErr is empty
		wantErr  []string
	}{
		{"canonical: keys sorted, values typed, empty cells and rows dropped",
			`[{"user":"３","hours":"2.50","name":""},{},{"name":"张三 ","hours":1.5,"role":"执法人员","on":"2025年3月1日"}]`,
			`[{"hours":"2.5","user":"3"},{"hours":"1.5","name":"张三","on":"2025-03-01","role":"执法人员"}]`, nil},
		{"unknown column ignored", `[{"hours":"1","bogus":"x"}]`, `[{"hours":"1"}]`, nil},
		{"no rows removes the field", `[]`, "", nil},
		{"blank rows only", `[{"name":"  "},{}]`, "", nil},
		{"bad cell names row and column", `[{"hours":"1"},{"hours":"2"},{"hours":"两小时"}]`, "",
			[]string{"「参加人员」第3行「学时」应为数字"}},
		{"required column in a non-empty row", `[{"name":"李四"}]`, "", []string{"「参加人员」第1行请填写「学时」"}},
		{"bounds of a column", `[{"hours":"101"}]`, "", []string{"「参加人员」第1行「学时」不能大于100"}},
		{"enum column", `[{"hours":"1","role":"群众"}]`, "", []string{"「参加人员」第1行「身份」应从以下选项中选择：领导干部、执法人员"}},
		{"date column bounded by today", `[{"hours":"1","on":"2099-01-01"}]`, "", []string{"「参加人员」第1行「日期」（2099年1月1日）晚于今天"}},
		{"personal column validated", `[{"hours":"1","id_no":"123"}]`, "", []string{"「参加人员」第1行「身份证号」不是有效的居民身份证号码"}},
		{"cell length", `[{"hours":"1","name":"` + strings.Repeat("长", 11) + `"}]`, "", []string{"「参加人员」第1行「姓名」不能超过10个字"}},
		{"several bad cells listed with a count", `[{"hours":"x"},{"hours":"y"},{"hours":"z"},{"hours":"w"}]`, "",
			[]string{"第1行「学时」", "第3行「学时」", "共4处有误"}},
		{"too many rows", `[{"hours":"1"},{"hours":"1"},{"hours":"1"},{"hours":"1"},{"hours":"1"},{"hours":"1"}]`, "",
			[]string{"「参加人员」最多5行（提交了6行）"}},
		{"not a table", `{"hours":"1"}`, "", []string{"「参加人员」应为表格"}},
		{"object in a cell", `[{"hours":{"a":1}}]`, "", []string{"「参加人员」第1行的“hours”应为文字或数字"}},
		{"huge submission", `[{"name":"` + strings.Repeat("x", ledger.MaxTableBytes) + `"}]`, "", []string{"「参加人员」内容过多"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errs := k.NormalizeOn(ledger.Values{"topic": "学法", "attendees": c.in}, nil, today)
			if c.wantErr == nil {
				if errs != nil {
					t.Fatalf("unexpected errors %v", errs)
				}
				if out["attendees"] != c.want {
					t.Fatalf("got %q, want %q", out["attendees"], c.want)
				}
				if _, ok := out["attendees"]; !ok && c.want == "" {
					return
				}
				return
			}
			msg := errs["attendees"]
			for _, w := range c.wantErr {
				if !strings.Contains(msg, w) {
					t.Errorf("message %q lacks %q", msg, w)
				}
			}
			if out["attendees"] != c.in {
				t.Errorf("typed value not kept: got %q", out["attendees"])
			}
			if out["topic"] != "学法" {
				t.Errorf("other fields lost: %v", out)
			}
		})
	}
}

func TestTable_MinRowsAndRequired(t *testing.T) {
	k := tableKind()
	k.Fields[1].MinRows = 2
	if _, errs := k.Normalize(ledger.Values{"topic": "x", "attendees": `[{"hours":"1"}]`}, nil); !strings.Contains(errs["attendees"], "「参加人员」至少应有2行（现有1行）") {
		t.Errorf("min rows: %v", errs)
	}
	if _, errs := k.Normalize(ledger.Values{"topic": "x"}, nil); errs != nil {
		t.Errorf("an optional empty table is fine: %v", errs)
	}
	k.Fields[1].Required = true
	if _, errs := k.Normalize(ledger.Values{"topic": "x", "attendees": "[]"}, nil); !strings.Contains(errs["attendees"], "请在「参加人员」中至少填写2行") {
		t.Errorf("required: %v", errs)
	}
}

func TestTable_EditKeepsAbsentTable(t *testing.T) {
	k := tableKind()
	old := &ledger.Record{State: "new", Data: ledger.Values{"topic": "x", "attendees": `[{"hours":"1"}]`}}
	out, errs := k.Normalize(ledger.Values{"topic": "y"}, old)
	if errs != nil || out["attendees"] != `[{"hours":"1"}]` {
		t.Fatalf("got %v %v", out, errs)
	}
}

func TestTable_RegistryRefusals(t *testing.T) {
	cases := map[string]func(f *ledger.Field){
		"no columns":       func(f *ledger.Field) { f.Columns = nil },
		"table in a table": func(f *ledger.Field) { f.Columns[0] = ledger.Field{Name: "t", Label: "表", Type: ledger.TypeTable} },
		"reference column": func(f *ledger.Field) {
			f.Columns[0] = ledger.Field{Name: "r", Label: "记录", Type: ledger.TypeReference, RefKind: "rows_test"}
		},
		"file column":       func(f *ledger.Field) { f.Columns[0] = ledger.Field{Name: "r", Label: "附件", Type: ledger.TypeFile} },
		"search on a table": func(f *ledger.Field) { f.Search = true },
		"filter on a table": func(f *ledger.Field) { f.Filter = true },
		"searchable personal column": func(f *ledger.Field) {
			f.Columns[5].Search = true
		},
		"duplicate column": func(f *ledger.Field) { f.Columns[1].Name = "user" },
		"enum column without options": func(f *ledger.Field) {
			f.Columns[3].Options = nil
		},
		"rows out of order": func(f *ledger.Field) { f.MinRows = 9 },
		"rows beyond cap":   func(f *ledger.Field) { f.MaxRows = ledger.MaxMaxRows + 1 },
		"columns on a text": func(f *ledger.Field) { f.Type = ledger.TypeText },
	}
	for name, mutate := range cases {
		t.Run(name, func(t *testing.T) {
			k := tableKind()
			mutate(&k.Fields[1])
			if _, err := ledger.NewRegistry(k); err == nil {
				t.Fatal("declaration accepted")
			}
		})
	}
	k := tableKind()
	k.TitleField = "attendees"
	if _, err := ledger.NewRegistry(k); err == nil {
		t.Error("a table as title accepted")
	}
	k = tableKind()
	k.Fields = append(k.Fields, ledger.Field{Name: "held", Label: "日期", Type: ledger.TypeDate})
	k.Workflow.States[0].Public = true
	k.Publish = &ledger.Publication{DateField: "held", Fields: []string{"topic", "attendees"}}
	if _, err := ledger.NewRegistry(k); err == nil || !strings.Contains(err.Error(), "may not be published") {
		t.Errorf("a published table accepted: %v", err)
	}
}

func TestTable_Accessors(t *testing.T) {
	v := ledger.Values{"attendees": `[{"hours":"2.5","user":"3"},{"hours":"0.1","name":"张三"},{"hours":"0.2","user":"3"}]`}
	rows := v.Rows("attendees")
	if len(rows) != 3 || rows[1]["name"] != "张三" {
		t.Fatalf("rows %v", rows)
	}
	if got := v.Sum("attendees", "hours"); got != 2.8 {
		t.Errorf("sum %v, want 2.8 exactly (decimal, rounded once)", got)
	}
	if got := v.SumBy("attendees", "user", "hours"); len(got) != 1 || got["3"] != 2.7 {
		t.Errorf("sum by user %v", got)
	}
	f := tableKind().Field("attendees")
	if c := f.ColumnByHeader(" 学时 "); c == nil || c.Name != "hours" || f.ColumnByHeader("id_no") == nil || f.ColumnByHeader("金额") != nil {
		t.Error("ColumnByHeader")
	}
	if _, msg := f.NormalizeCell(7, f.ColumnByHeader("学时"), "１.５", calendar.Date{}); msg != "" {
		t.Errorf("cell: %s", msg)
	}
	if _, msg := f.NormalizeCell(7, f.ColumnByHeader("学时"), "x", calendar.Date{}); !strings.HasPrefix(msg, "「参加人员」第7行「学时」") {
		t.Errorf("cell message %q", msg)
	}
	if got := v.CountRows("attendees", "user", "3"); got != 2 {
		t.Errorf("count %d", got)
	}
	if v.Rows("missing") != nil || (ledger.Values{"x": "text"}).Rows("x") != nil {
		t.Error("rows of a non-table")
	}
	if ledger.EncodeRows(rows) != v["attendees"] {
		t.Errorf("encode: %s", ledger.EncodeRows(rows))
	}
}

func TestTable_FromForm(t *testing.T) {
	k := tableKind()
	f := k.Field("attendees")
	form := url.Values{
		"attendees":           {""},
		"attendees.2.hours":   {"3"},
		"attendees.10.hours":  {"4"},
		"attendees.0.hours":   {"1"},
		"attendees.0.name":    {"甲"},
		"attendees.1.hours":   {"2"},
		"attendees.1._delete": {"1"},
		"attendees.5.hours":   {" "}, // a blank row offered by the form
		"attendees.6.bogus":   {"x"},
		"attendees.x.hours":   {"9"},
	}
	got, ok := ledger.TableFromForm(f, form)
	want := `[{"hours":"1","name":"甲"},{"hours":"3"},{"hours":"4"}]`
	if !ok || got != want {
		t.Fatalf("got %q %v, want %q", got, ok, want)
	}
	if _, ok := ledger.TableFromForm(f, url.Values{"topic": {"x"}}); ok {
		t.Error("absent table reported present")
	}
	if got, ok := ledger.TableFromForm(f, url.Values{"attendees": {""}}); !ok || got != "" {
		t.Errorf("every row removed: %q %v", got, ok)
	}
	vals := ledger.ValuesFromForm(k, form, "")
	if vals["attendees"] != want {
		t.Errorf("ValuesFromForm: %q", vals["attendees"])
	}
}

func TestTable_Describe(t *testing.T) {
	d := tableKind().Describe()
	fd := d.Fields[1]
	if fd.Type != "table" || len(fd.Columns) != 6 || fd.MaxRows != 5 || fd.Columns[2].Name != "hours" || fd.Columns[5].Personal != "id_number" {
		t.Errorf("description %+v", fd)
	}
}

// FuzzTable_Rows: the rows parser never panics, and whatever it accepts is
// canonical — normalising the canonical text again gives it back, and it
// reads back as the same number of rows.
func FuzzTable_Rows(f *testing.F) {
	for _, s := range []string{`[{"hours":"1"}]`, `[{"user":"３","hours":"2.50","name":"张三"},{}]`, `[{"hours":1e3}]`,
		`[{"hours":null,"on":"2024年3月5日"}]`, `[`, `[{"hours":"1","id_no":"11010519491231002x"}]`, `[[]]`, `null`, `"x"`} {
		f.Add(s)
	}
	fd := tableKind().Field("attendees")
	today := calendar.Date{Year: 2025, Month: 6, Day: 30}
	f.Fuzz(func(t *testing.T, s string) {
		v, msg := fd.NormalizeTable(s, today)
		if msg != "" {
			if !strings.Contains(msg, "参加人员") {
				t.Fatalf("message does not name the field: %q", msg)
			}
			return
		}
		again, msg := fd.NormalizeTable(v, today)
		if msg != "" || again != v {
			t.Fatalf("not canonical: %q → %q (%s)", v, again, msg)
		}
		if v != "" && len(ledger.Values{"a": v}.Rows("a")) == 0 {
			t.Fatalf("canonical text does not read back: %q", v)
		}
	})
}

// FuzzTable_FromForm: any posted form reads as a table text that the
// engine either accepts or refuses with a message naming the field.
func FuzzTable_FromForm(f *testing.F) {
	f.Add("attendees=&attendees.0.hours=1&attendees.1.name=%E7%94%B2&attendees.1._delete=1")
	f.Add("attendees.99999999999999999999.hours=1&attendees.-1.hours=2&attendees.0.hours=%EF%BC%92")
	f.Add("attendees=%5B%7B%22hours%22%3A%221%22%7D%5D")
	fd := tableKind().Field("attendees")
	f.Fuzz(func(t *testing.T, body string) {
		form, err := url.ParseQuery(body)
		if err != nil {
			return
		}
		s, ok := ledger.TableFromForm(fd, form)
		if !ok {
			return
		}
		if _, msg := fd.NormalizeTable(s, calendar.Date{}); msg != "" && !strings.Contains(msg, "参加人员") {
			t.Fatalf("message does not name the field: %q", msg)
		}
	})
}

// TestTable_GuardReadsRows: a guard reads the rows of the record (here: a
// session may be closed only with at least 3 hours in all).
func TestTable_GuardReadsRows(t *testing.T) {
	k := tableKind()
	k.Workflow = ledger.Workflow{
		States: []ledger.State{{Name: "new", Label: "新建", Editable: true}, {Name: "closed", Label: "已结束", Final: true}},
		Transitions: []ledger.Transition{{Event: "close", Label: "结束", From: []string{"new"}, To: "closed",
			Roles: []access.Role{access.RoleClerk}, Guard: func(g *ledger.GuardContext) error {
				if g.Record.Data.Sum("attendees", "hours") < 3 || g.Record.Data.CountRows("attendees", "", "") == 0 {
					return &ledger.RuleError{Field: "attendees", Reason: "参加人员学时合计不足3学时，不能结束"}
				}
				return nil
			}}},
	}
	if _, err := ledger.NewRegistry(k); err != nil {
		t.Fatal(err)
	}
	for rows, ok := range map[string]bool{`[{"hours":"1"},{"hours":"1.5"}]`: false, `[{"hours":"1"},{"hours":"2"}]`: true} {
		rec := &ledger.Record{State: "new", Data: ledger.Values{"topic": "x", "attendees": rows}}
		_, err := k.Apply(&ledger.GuardContext{Record: rec, Event: "close"}, []access.Role{access.RoleClerk})
		if (err == nil) != ok {
			t.Errorf("rows %s: %v", rows, err)
		}
	}
}

func TestTable_RowChanges(t *testing.T) {
	f := tableKind().Field("attendees")
	a := `[{"hours":"1","name":"甲"},{"hours":"2","name":"乙"},{"hours":"3","name":"丙"}]`
	cases := []struct{ before, after, want string }{
		{a, a, ""},
		{"", `[{"hours":"1","name":"甲"}]`, "新增1行"},
		{a, `[{"hours":"2","name":"乙"},{"hours":"3","name":"丙"}]`, "删去1行"},
		{a, `[{"hours":"1","name":"甲"},{"hours":"2.5","name":"乙"},{"hours":"3","name":"丙"},{"hours":"4","name":"丁"}]`,
			"第2行「学时」2 → 2.5；新增1行"},
		{`[{"hours":"1","id_no":"[已加密]"}]`, `[{"hours":"1","id_no":"[已加密]（已更改）"}]`, "第1行「身份证号」[已加密] → [已加密]（已更改）"},
		{`[{"hours":"1"}]`, `[{"hours":"1","on":"2025-01-02"}]`, "第1行「日期」（空） → 2025-01-02"},
	}
	for _, c := range cases {
		if got := f.RowChanges(c.before, c.after); got != c.want {
			t.Errorf("RowChanges(%s, %s) = %q, want %q", c.before, c.after, got, c.want)
		}
	}
}
