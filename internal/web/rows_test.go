package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// rosterKind is a test kind with rows inside its records: attendees as a
// user or a named non-user, hours and an ID number.
func rosterKind() *ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return &ledger.Kind{Name: "roster", Label: "测试培训", TitleField: "topic", CreateRoles: clerk, EditRoles: clerk,
		Fields: []ledger.Field{
			{Name: "topic", Label: "主题", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "people", Label: "参加人员", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "user", Label: "人员", Type: ledger.TypeUser},
				{Name: "name", Label: "姓名（非本系统用户）", Type: ledger.TypeText, Search: true},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal, Required: true},
				{Name: "id_no", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			}},
		},
		Workflow: ledger.Workflow{States: []ledger.State{{Name: "open", Label: "登记中", Editable: true}}}}
}

func rosterEnv(t testing.TB) *env {
	reg, err := ledger.NewRegistry(testKind(), rosterKind())
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, reg)
}

var rosterPathRE = regexp.MustCompile(`^/l/roster/(\d+)$`)

// TestRows_FormAddRemoveAndBadCell walks a clerk through a table in the
// form: blank rows to fill in without script, a wrong cell re-rendered
// with every typed value and the row and column named, rows added and
// removed on edit, the table on the record page, in search and in the
// Excel export, and a row's ID number masked for the county inspector.
func TestRows_FormAddRemoveAndBadCell(t *testing.T) {
	e := rosterEnv(t)
	c := e.loggedIn("clerkA")
	clerkID := fmt.Sprint(e.users["clerkA"].ID)
	planted := secure.Normalize("33010619850312123" + string(secure.IDCheckDigit("33010619850312123")))

	resp, body := c.get("/l/roster/new")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, `name="people.0.hours"`, `name="people.2.hours"`, `name="people.__row__.hours"`,
		`name="people.0._delete"`, `data-add-row="people"`, `/static/rows.js`, "学时")

	form := url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "topic": {"宪法学习"}, "people": {""},
		"people.0.user": {clerkID}, "people.0.hours": {"2"}, "people.0.id_no": {planted},
		"people.1.name": {"欧阳修远"}, "people.1.hours": {"两小时"},
		"people.2.name": {""}, "people.2.hours": {""}, // a blank row offered by the form
	}
	resp, body = c.post("/l/roster", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "「参加人员」第2行「学时」应为数字", `value="两小时"`, `value="欧阳修远"`, `value="`+planted+`"`,
		`<option value="`+clerkID+`" selected>`, `class="has-error"`)
	if _, total, _ := e.db.ListRecords(context.Background(), e.actor("clerkA"), store.ListQuery{Kind: "roster"}); total != 0 {
		t.Fatal("a refused form saved a record")
	}

	form.Set("people.1.hours", "1.5")
	resp, body = c.post("/l/roster", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	path := resp.Header.Get("Location")
	if !rosterPathRE.MatchString(path) {
		t.Fatalf("redirect to %q", path)
	}
	resp, body = c.get(path)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "<th>学时</th>", "<td>甲镇录入员</td>", "<td>欧阳修远</td>", "<td>1.5</td>")

	// Edit: remove the first row, add one in a blank row.
	resp, body = c.get(path + "/edit")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, `name="people.0.hours" type="text" inputmode="decimal" value="2"`, `name="people.2.hours"`)
	edit := url.Values{"version": {"1"}, "topic": {"宪法学习"}, "people": {""},
		"people.0.user": {clerkID}, "people.0.hours": {"2"}, "people.0._delete": {"1"},
		"people.1.name": {"欧阳修远"}, "people.1.hours": {"1.5"},
		"people.7.name": {"王五"}, "people.7.hours": {"3"}, // a row the script added
	}
	resp, body = c.post(path, edit)
	wantStatus(t, resp, body, http.StatusSeeOther)
	id := rosterPathRE.FindStringSubmatch(path)[1]
	var recID int64
	fmt.Sscan(id, &recID)
	rec, err := e.db.Record(context.Background(), e.actor("clerkA"), recID)
	if err != nil {
		t.Fatal(err)
	}
	if got := rec.Data["people"]; got != `[{"hours":"1.5","name":"欧阳修远"},{"hours":"3","name":"王五"}]` {
		t.Fatalf("rows after edit: %s", got)
	}
	if rec.Data.Sum("people", "hours") != 4.5 {
		t.Errorf("sum %v", rec.Data.Sum("people", "hours"))
	}

	// Put the ID number back for the masking check, through the form.
	edit = url.Values{"version": {"2"}, "topic": {"宪法学习"}, "people": {""},
		"people.0.name": {"欧阳修远"}, "people.0.hours": {"1.5"}, "people.0.id_no": {planted}}
	resp, body = c.post(path, edit)
	wantStatus(t, resp, body, http.StatusSeeOther)

	// Search finds a name inside the rows.
	resp, body = c.get("/l/roster?q=" + url.QueryEscape("修远"))
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "宪法学习")

	// The county inspector sees the row's ID number masked.
	ins := e.loggedIn("inspector")
	resp, body = ins.get(path)
	wantStatus(t, resp, body, http.StatusOK)
	if strings.Contains(body, planted) {
		t.Fatal("the inspector sees a row's ID number in clear")
	}
	wantBody(t, body, secure.Mask(secure.KindIDNumber, planted))

	// The export: the record's line says where its rows are; the rows
	// sheet has one line per row, hours as numbers.
	resp, b := c.download(t, "/l/roster/export.xlsx")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d %s", resp.StatusCode, b)
	}
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if sheets := f.GetSheetList(); len(sheets) != 2 || sheets[1] != "参加人员（明细）" {
		t.Fatalf("sheets %v", sheets)
	}
	main, _ := f.GetRows("测试培训")
	if len(main) != 2 || !slicesContain(main[1], "1行，见“参加人员（明细）”表") {
		t.Errorf("main sheet %v", main)
	}
	rows, _ := f.GetRows("参加人员（明细）")
	want := []string{"记录编号", "测试培训", "行号", "人员", "姓名（非本系统用户）", "学时", "身份证号"}
	if len(rows) != 2 || strings.Join(rows[0], "|") != strings.Join(want, "|") || rows[1][0] != id || rows[1][4] != "欧阳修远" || rows[1][5] != "1.5" {
		t.Fatalf("rows sheet %v", rows)
	}
	if typ, _ := f.GetCellType("参加人员（明细）", "F2"); typ == excelize.CellTypeInlineString || typ == excelize.CellTypeSharedString {
		t.Errorf("hours exported as text")
	}
	insResp, ib := ins.download(t, "/l/roster/export.xlsx")
	if insResp.StatusCode != http.StatusOK || bytes.Contains(ib, []byte(planted)) {
		t.Fatal("the inspector's export holds a row's ID number in clear")
	}
}

func slicesContain(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// TestRows_TooManyRowsRefused: a huge submission is refused in Chinese
// and nothing is saved.
func TestRows_TooManyRowsRefused(t *testing.T) {
	e := rosterEnv(t)
	c := e.loggedIn("clerkA")
	form := url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "topic": {"大会"}, "people": {""}}
	for i := range ledger.DefaultMaxRows + 1 {
		form.Set(fmt.Sprintf("people.%d.hours", i), "1")
	}
	resp, body := c.post("/l/roster", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, fmt.Sprintf("「参加人员」最多%d行（提交了%d行）", ledger.DefaultMaxRows, ledger.DefaultMaxRows+1),
		fmt.Sprintf(`name="people.%d.hours" type="text" inputmode="decimal" value="1"`, ledger.DefaultMaxRows)) // shown, to remove some
	if _, total, _ := e.db.ListRecords(context.Background(), e.actor("clerkA"), store.ListQuery{Kind: "roster"}); total != 0 {
		t.Fatal("a refused form saved a record")
	}
}

// TestRows_API: the kind description documents the columns as the OpenAPI
// document says, and a table travels as its JSON text; a bad cell is
// refused naming row and column, as any field error.
func TestRows_API(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	b, _ := json.Marshal(apiDescribe(rosterKind()))
	var desc any
	json.Unmarshal(b, &desc)
	matchSchema(t, schemas, "Kind roster", desc, map[string]any{"$ref": "#/components/schemas/Kind"})
	if !bytes.Contains(b, []byte(`"columns":[{"name":"user"`)) || !bytes.Contains(b, []byte(`"max_rows":500`)) {
		t.Errorf("description lacks the columns: %s", b)
	}

	// The served document describes the rows of the table's JSON text.
	reg, err := ledger.NewRegistry(testKind(), rosterKind())
	if err != nil {
		t.Fatal(err)
	}
	served, err := buildOpenAPI(openAPIDoc, reg)
	if err != nil {
		t.Fatal(err)
	}
	var sd struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					ContentMediaType string `json:"contentMediaType"`
					ContentSchema    struct {
						MaxItems int `json:"maxItems"`
						Items    struct {
							Required   []string                   `json:"required"`
							Properties map[string]json.RawMessage `json:"properties"`
						} `json:"items"`
					} `json:"contentSchema"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(served, &sd); err != nil {
		t.Fatal(err)
	}
	people := sd.Components.Schemas["rosterData"].Properties["people"]
	if people.ContentMediaType != "application/json" || people.ContentSchema.MaxItems != ledger.DefaultMaxRows ||
		len(people.ContentSchema.Items.Properties) != 4 || strings.Join(people.ContentSchema.Items.Required, ",") != "hours" {
		t.Errorf("rosterData.people = %+v", people)
	}

	e := rosterEnv(t)
	api := e.api("clerkA")
	unit := e.units["A"].ID
	ae := api.apiErr("POST", "/api/v1/records/roster", map[string]any{"unit_id": unit,
		"data": map[string]string{"topic": "x", "people": `[{"name":"甲","hours":"1"},{"name":"乙","hours":"abc"}]`}}, http.StatusUnprocessableEntity)
	if !strings.Contains(ae.Fields["people"], "「参加人员」第2行「学时」应为数字") {
		t.Fatalf("error %+v", ae)
	}
	var rec apiRecord
	api.must("POST", "/api/v1/records/roster", map[string]any{"unit_id": unit,
		"data": map[string]string{"topic": "x", "people": `[{"name":"甲","hours":"1.50"}]`}}, http.StatusCreated, &rec)
	if rec.Data["people"] != `[{"hours":"1.5","name":"甲"}]` {
		t.Fatalf("stored %q", rec.Data["people"])
	}
	if ae := api.apiErr("GET", "/api/v1/records/roster?f.people=x", nil, http.StatusBadRequest); !strings.Contains(ae.Fields["f.people"], "是表格") {
		t.Errorf("filter on a table: %+v", ae)
	}
}
