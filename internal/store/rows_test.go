package store

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/secure"
)

// rosterKind has rows inside its records: people with a searchable name,
// hours and an ID number as personal data.
func rosterKind() *ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return &ledger.Kind{Name: "roster", Label: "测试名册", TitleField: "title", CreateRoles: clerk, EditRoles: clerk,
		Fields: []ledger.Field{
			{Name: "title", Label: "名称", Type: ledger.TypeText, Required: true, Search: true},
			{Name: "people", Label: "人员", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, Search: true},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal},
				{Name: "id_no", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			}},
		},
		Workflow: ledger.Workflow{States: []ledger.State{{Name: "open", Label: "登记中", Editable: true}}}}
}

func testRowsInsideRecords(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := e.db.cfg.Kinds.Kind("roster")
	clerk, reviewer, inspector := f.actors["clerkA"], f.actors["reviewerA"], f.actors["inspector"]
	other := idNumber("11010519491231002")
	people := ledger.EncodeRows([]ledger.Values{
		{"name": "欧阳修远", "hours": "2.50", "id_no": plantedID},
		{"name": "张三", "hours": "1", "id_no": other},
	})
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "春季学法", "people": people})
	must(t, err)
	if _, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "秋季学法", "people": `[{"name":"李四"}]`}); err != nil {
		t.Fatal(err)
	}

	// Clear for a reviewer, masked for the inspector and in lists; the
	// accessors read the rows.
	clear, err := e.db.Record(ctx, reviewer, r.ID)
	must(t, err)
	rows := clear.Data.Rows("people")
	if len(rows) != 2 || rows[0]["id_no"] != plantedID || rows[0]["hours"] != "2.5" || clear.Data.Sum("people", "hours") != 3.5 {
		t.Fatalf("reviewer reads %s", clear.Data["people"])
	}
	masked, err := e.db.Record(ctx, inspector, r.ID)
	must(t, err)
	if got := masked.Data.Rows("people")[0]["id_no"]; got != secure.Mask(secure.KindIDNumber, plantedID) {
		t.Fatalf("inspector sees %q", got)
	}
	list, _, err := e.db.ListRecords(ctx, inspector, ListQuery{Kind: "roster"})
	must(t, err)
	for _, x := range list {
		assertNoPlaintext(t, "inspector's list", []byte(x.Data["people"]))
	}

	// At rest the cells are sealed one by one; the rest of the table
	// reads; the table is not a filter value.
	var data string
	must(t, e.db.queryRow(ctx, "SELECT data FROM records WHERE id = ?", r.ID).Scan(&data))
	if !strings.Contains(data, "欧阳修远") || !strings.Contains(data, "sm4gcm:") {
		t.Fatalf("stored data: %s", data)
	}
	var n int
	must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM record_values WHERE record_id = ? AND field = 'people'", r.ID).Scan(&n))
	if n != 0 {
		t.Fatal("a table went to record_values")
	}

	// Search finds a Search column's cell; personal cells are not indexed.
	for q, want := range map[string]int{"欧阳": 1, "修远": 1, "李四": 1, plantedID: 0} {
		got, total, err := e.db.ListRecords(ctx, reviewer, ListQuery{Kind: "roster", Search: q})
		must(t, err)
		if total != want || (want == 1 && len(got) != 1) {
			t.Errorf("search %q: %d records, want %d", q, total, want)
		}
	}

	// Exact lookup of a person in the rows by the blind index, in scope.
	found, err := e.db.FindByPersonal(ctx, reviewer, k, "people.id_no", strings.ToLower(plantedID))
	must(t, err)
	if len(found) != 1 || found[0].ID != r.ID {
		t.Fatalf("FindByPersonal in rows = %v", ids(found))
	}
	if found, _ := e.db.FindByPersonal(ctx, f.actors["clerkB"], k, "people.id_no", plantedID); len(found) != 0 {
		t.Fatal("B finds A's record by a row's ID number")
	}
	if _, err := e.db.FindByPersonal(ctx, reviewer, k, "people.name", "张三"); err == nil {
		t.Fatal("a non-personal column looked up by the blind index")
	}

	// A bad cell is refused naming row and column; nothing saved changes.
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 1, ledger.Values{"people": `[{"name":"甲","hours":"两小时"}]`})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe["people"], "「人员」第1行「学时」应为数字") {
		t.Fatalf("bad cell: %v", err)
	}
	again, err := e.db.Record(ctx, reviewer, r.ID)
	must(t, err)
	if again.Version != 1 || again.Data["people"] != clear.Data["people"] {
		t.Fatal("a refused update changed the record")
	}

	// Changing only a personal cell shows in the audit as a changed mark,
	// without plaintext; names and hours read in the diff.
	rows[1]["id_no"] = idNumber("11010519800101001")
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 1, ledger.Values{"people": ledger.EncodeRows(rows)})
	must(t, err)
	h, err := e.db.History(ctx, reviewer, r.ID)
	must(t, err)
	if len(h) != 2 {
		t.Fatalf("history has %d entries", len(h))
	}
	for _, x := range h {
		assertNoPlaintext(t, "history diff", []byte(x.Diff))
		if strings.Contains(x.Diff, other) || strings.Contains(x.Diff, rows[1]["id_no"]) {
			t.Fatalf("diff holds a row's ID number: %s", x.Diff)
		}
	}
	if !strings.Contains(h[0].Diff, "欧阳修远") && !strings.Contains(h[1].Diff, "欧阳修远") {
		t.Errorf("diffs do not read: %s / %s", h[0].Diff, h[1].Diff)
	}
	if h[1].Summary != "修改：人员（第2行「身份证号」[已加密] → [已加密]（已更改））" && h[0].Summary != "修改：人员（第2行「身份证号」[已加密] → [已加密]（已更改））" {
		t.Errorf("timeline: %q / %q", h[0].Summary, h[1].Summary)
	}
	if !strings.Contains(h[0].Diff+h[1].Diff, "[已加密]（已更改）") {
		t.Errorf("a changed personal cell is not marked: %s / %s", h[0].Diff, h[1].Diff)
	}
	assertNoPlaintext(t, "database rows", dumpRows(t, e))

	// Key rotation reseals the cells.
	e.db.cfg.Keys = keyRingOf(t, "1:"+strings.Repeat("ab", secure.MasterKeySize))
	r2, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "轮换", "people": people})
	must(t, err)
	e.db.cfg.Keys = e.keys
	if _, err := e.db.RotateKeys(ctx, SystemActor("test")); err != nil {
		t.Fatal(err)
	}
	must(t, e.db.queryRow(ctx, "SELECT data FROM records WHERE id = ?", r2.ID).Scan(&data))
	if strings.Contains(data, "sm4gcm:v1:") {
		t.Fatalf("cells not resealed: %s", data)
	}
	got, err := e.db.Record(ctx, reviewer, r2.ID)
	must(t, err)
	if got.Data.Rows("people")[0]["id_no"] != plantedID {
		t.Fatalf("after rotation reads %s", got.Data["people"])
	}
}
