package store

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// wantUnitErr fails unless err is an *access.UnitError on field whose
// message contains msg.
func wantUnitErr(t testing.TB, err error, field, msg, what string) {
	t.Helper()
	var ue *access.UnitError
	if !errors.As(err, &ue) || ue.Field != field || !strings.Contains(ue.Msg, msg) {
		t.Fatalf("%s: got %v, want a unit error on %s saying %q", what, err, field, msg)
	}
}

// townAdmin adds an administrator of township A and returns their actor.
func townAdmin(t testing.TB, e *testEnv, f *fixture) Actor {
	t.Helper()
	ctx := context.Background()
	u := &access.User{Username: "adminA", Name: "甲镇管理员", UnitID: f.townA.ID, Roles: []access.Role{access.RoleAdmin}, PasswordHash: "$argon2id$test"}
	must(t, e.db.CreateUser(ctx, SystemActor("t"), u))
	f.users["adminA"] = u
	a, err := e.db.ActorFor(ctx, u, "192.0.2.1")
	must(t, err)
	return a
}

func caseInput(title string) ledger.Values {
	return ledger.Values{"title": title, "received": "2025-03-01"}
}

func testUnitLevelsAndNames(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	admin := f.actors["admin"]
	// 层级: a village sits under a township, a township under a county.
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "直属村", Level: access.LevelVillage}),
		"parent", "上级单位应为乡镇/街道", "village under the county")
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.townA.ID, Name: "镇中镇", Level: access.LevelTownship}),
		"parent", "上级单位应为县/区", "township under a township")
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.villageA.ID, Name: "村办", Level: access.LevelDepartment}),
		"parent", "部门/科室不能设在村/社区", "department under a village")
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "县司法局", Level: access.LevelDepartment}))
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.townA.ID, Name: "综合治理办公室", Level: access.LevelDepartment, CreditCode: ""}))
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "  ", Level: access.LevelTownship}), "name", "请填写单位名称", "blank name")
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "丙镇", Level: access.LevelTownship, CreditCode: "91350100M000100Y4A"}),
		"credit_code", "统一社会信用代码", "bad credit code")
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "丙镇", Level: access.LevelTownship, CreditCode: "91350100m000100y43"}))
	// 同名: names are unique among siblings, not across the tree.
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "甲镇", Level: access.LevelTownship}),
		"name", "「测试县」下已有名为「甲镇」的单位", "sibling with the same name")
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.townB.ID, Name: "甲村", Level: access.LevelVillage}))
	// One root, from the command line, and only into an empty tree.
	wantUnitErr(t, e.db.CreateUnit(ctx, SystemActor("t"), &access.Unit{Name: "他县", Level: access.LevelCounty}),
		"parent", "已有最上级单位「测试县」", "a second root")
	// Renaming keeps the rule; an admin of A may rename A's village, not B.
	adminA := townAdmin(t, e, f)
	wantUnitErr(t, e.db.RenameUnit(ctx, adminA, f.villageA.ID, "综合治理办公室", nil), "name", "已有名为「综合治理办公室」", "rename onto a sibling's name")
	must(t, e.db.RenameUnit(ctx, adminA, f.villageA.ID, "甲村村委会", nil))
	wantErr(t, e.db.RenameUnit(ctx, adminA, f.townB.ID, "乙乙镇", nil), ErrNotFound, "rename a unit of another township")
	u, err := e.db.Unit(ctx, f.villageA.ID)
	must(t, err)
	if u.Name != "甲村村委会" {
		t.Fatalf("renamed unit = %+v", u)
	}
	// By reference: id or unique name; a shared name asks for the id.
	got, err := e.db.UnitByRef(ctx, "甲村村委会")
	must(t, err)
	if got.ID != f.villageA.ID {
		t.Fatalf("UnitByRef by name = %+v", got)
	}
	_, err = e.db.UnitByRef(ctx, "不存在的单位")
	wantUnitErr(t, err, "unit", "找不到单位", "unknown name")
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.townA.ID, Name: "甲村", Level: access.LevelVillage}))
	_, err = e.db.UnitByRef(ctx, "甲村")
	wantUnitErr(t, err, "unit", "请改用单位 ID", "ambiguous name")
	// A township admin creates only in their township.
	wantErr(t, e.db.CreateUnit(ctx, adminA, &access.Unit{ParentID: f.townB.ID, Name: "越权村", Level: access.LevelVillage}), ErrNotFound, "adminA creates under B")
	wantErr(t, e.db.CreateUnit(ctx, adminA, &access.Unit{ParentID: f.county.ID, Name: "越权镇", Level: access.LevelTownship}), ErrNotFound, "adminA creates under the county")
	must(t, e.db.CreateUnit(ctx, adminA, &access.Unit{ParentID: f.townA.ID, Name: "新村", Level: access.LevelVillage}))
	if !strings.Contains(strings.Join(auditActions(t, e), ","), "unit.rename") {
		t.Error("rename not audited")
	}
}

func auditActions(t testing.TB, e *testEnv) []string {
	es, err := e.db.AuditEntries(context.Background(), SystemActor("t"), 0, 10000)
	must(t, err)
	var out []string
	for _, x := range es {
		out = append(out, x.Action)
	}
	return out
}

// 50 administrators creating the same unit at once: one wins, 49 are told
// the name is taken — on both databases.
func testUnitConcurrentSameName(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	var wg sync.WaitGroup
	errs := make([]error, 50)
	for i := range errs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = e.db.CreateUnit(ctx, f.actors["admin"], &access.Unit{ParentID: f.county.ID, Name: "同名镇", Level: access.LevelTownship})
		}()
	}
	wg.Wait()
	ok := 0
	for _, err := range errs {
		var ue *access.UnitError
		switch {
		case err == nil:
			ok++
		case errors.As(err, &ue) && ue.Field == "name":
		default:
			t.Errorf("concurrent create: %v", err)
		}
	}
	if ok != 1 {
		t.Fatalf("%d of 50 concurrent creates of one name succeeded, want 1", ok)
	}
}

func testUnitMove(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := caseKind()
	clerkA, clerkB, admin := f.actors["clerkA"], f.actors["clerkB"], f.actors["admin"]
	// A village of A with a record, and a hamlet department below it.
	sub := &access.Unit{ParentID: f.villageA.ID, Name: "村务室", Level: access.LevelVillage}
	wantUnitErr(t, e.db.CreateUnit(ctx, admin, sub), "parent", "", "village under a village")
	vclerk := &access.User{Username: "vclerk", Name: "村录入员", UnitID: f.villageA.ID, Roles: []access.Role{access.RoleClerk}}
	must(t, e.db.CreateUser(ctx, SystemActor("t"), vclerk))
	va, err := e.db.ActorFor(ctx, vclerk, "")
	must(t, err)
	rec, err := e.db.CreateRecord(ctx, va, k, f.villageA.ID, caseInput("村里的案件"))
	must(t, err)
	listed := func(a Actor) bool {
		rs, _, err := e.db.ListRecords(ctx, a, ListQuery{Kind: "case", PerPage: 200})
		must(t, err)
		for _, r := range rs {
			if r.ID == rec.ID {
				return true
			}
		}
		return false
	}
	filtered := func(a Actor) bool {
		rs, _, err := e.db.ListRecords(ctx, a, ListQuery{Kind: "case", PerPage: 200, Filters: map[string]string{"dept": "民政"}})
		must(t, err)
		return len(rs) > 0
	}
	rec, err = e.db.UpdateRecord(ctx, va, k, rec.ID, rec.Version, ledger.Values{"title": "村里的案件", "received": "2025-03-01", "dept": "民政"})
	must(t, err)
	if !listed(clerkA) || listed(clerkB) || !filtered(clerkA) {
		t.Fatal("before the move: the record must be township A's")
	}
	// Refused: under itself, under its own descendant, out of the scope.
	adminA := townAdmin(t, e, f)
	wantUnitErr(t, e.db.MoveUnit(ctx, admin, f.townA.ID, f.villageA.ID), "parent", "不能把「甲镇」移到它自己或它的下级单位", "move under a descendant")
	wantUnitErr(t, e.db.MoveUnit(ctx, admin, f.villageA.ID, f.villageA.ID), "parent", "它自己", "move under itself")
	wantErr(t, e.db.MoveUnit(ctx, adminA, f.villageA.ID, f.townB.ID), ErrNotFound, "adminA moves a village to B")
	wantErr(t, e.db.MoveUnit(ctx, adminA, f.townA.ID, f.townB.ID), ErrNotFound, "adminA moves their own township")
	wantUnitErr(t, e.db.MoveUnit(ctx, admin, f.villageA.ID, f.county.ID), "parent", "上级单位应为乡镇/街道", "village under the county")
	// The county admin moves the village to B: the whole subtree's paths,
	// the record, its counts and filter rows move in one transaction.
	must(t, e.db.MoveUnit(ctx, admin, f.villageA.ID, f.townB.ID))
	v, err := e.db.Unit(ctx, f.villageA.ID)
	must(t, err)
	if want := f.townB.Path + formatInt(v.ID) + "/"; v.Path != want || v.ParentID != f.townB.ID {
		t.Fatalf("moved unit = %+v, want path %s", v, want)
	}
	if listed(clerkA) || !listed(clerkB) || filtered(clerkA) || !filtered(clerkB) {
		t.Fatal("after the move: the record must be township B's, in lists and filtered lists")
	}
	for _, table := range []string{"records", "record_counts", "record_filters"} {
		var n int
		must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE unit_path = ?", f.villageA.Path).Scan(&n))
		if n != 0 {
			t.Errorf("%s keeps %d rows under the old path", table, n)
		}
	}
	// The audit entries about the village's record follow it: township B's
	// admin reads them, township A's no longer does.
	var oldScope, newScope int
	must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM audit WHERE scope_path = ?", f.villageA.Path).Scan(&oldScope))
	must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM audit WHERE scope_path = ?", v.Path).Scan(&newScope))
	if oldScope != 0 || newScope == 0 {
		t.Errorf("audit entries under the old path %d, under the new %d", oldScope, newScope)
	}
	counts, err := e.db.CountByState(ctx, clerkB)
	must(t, err)
	if len(counts) == 0 || counts[0].Count != 1 {
		t.Errorf("township B's counts after the move = %+v", counts)
	}
	// The village clerk keeps working there, at the new path.
	va, err = e.db.ActorFor(ctx, vclerk, "")
	must(t, err)
	if _, err := e.db.UpdateRecord(ctx, va, k, rec.ID, rec.Version, caseInput("村里的案件（续）")); err != nil {
		t.Fatalf("update after the move: %v", err)
	}
	if !strings.Contains(strings.Join(auditActions(t, e), ","), "unit.move") {
		t.Error("move not audited")
	}
	wantUnitErr(t, e.db.MoveUnit(ctx, admin, f.villageA.ID, f.townB.ID), "parent", "无需移动", "move where it is")
}

func testUnitClose(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := caseKind()
	admin, sys := f.actors["admin"], SystemActor("t")
	rec, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, caseInput("撤并前的案件"))
	must(t, err)
	// Refused while a child unit or an unlocked user would be stranded.
	wantUnitErr(t, e.db.CloseUnit(ctx, admin, f.townA.ID), "children", "甲村", "close with an open village")
	must(t, e.db.MoveUnit(ctx, admin, f.villageA.ID, f.townB.ID))
	wantUnitErr(t, e.db.CloseUnit(ctx, admin, f.townA.ID), "users", "clerkA", "close with users")
	wantErr(t, e.db.CloseUnit(ctx, f.actors["clerkA"], f.villageA.ID), ErrNotFound, "a clerk of A closes a village now in B")
	for _, n := range []string{"clerkA", "reviewerA", "headA"} {
		must(t, e.db.SetLocked(ctx, sys, f.users[n].ID, true))
	}
	must(t, e.db.UpdateUser(ctx, admin, f.users["reviewerA"].ID, "甲镇审核员", f.townB.ID, []access.Role{access.RoleReviewer}))
	must(t, e.db.CloseUnit(ctx, admin, f.townA.ID))
	// Kept, read-only, with its records.
	u, err := e.db.Unit(ctx, f.townA.ID)
	must(t, err)
	if !u.Closed || u.Name != "甲镇" {
		t.Fatalf("closed unit = %+v", u)
	}
	if _, err := e.db.Record(ctx, f.actors["inspector"], rec.ID); err != nil {
		t.Fatalf("a closed unit's record must stay readable: %v", err)
	}
	var re *ledger.RuleError
	if _, err := e.db.UpdateRecord(ctx, sys, k, rec.ID, rec.Version, caseInput("改")); !errors.As(err, &re) || !strings.Contains(re.Reason, "已撤销") {
		t.Fatalf("update in a closed unit: %v", err)
	}
	if _, err := e.db.Transition(ctx, sys, k, rec.ID, rec.Version, "submit", nil); !errors.As(err, &re) {
		t.Fatalf("transition in a closed unit: %v", err)
	}
	if _, err := e.db.CreateRecord(ctx, sys, k, f.townA.ID, caseInput("新")); !errors.As(err, &re) {
		t.Fatalf("create in a closed unit: %v", err)
	}
	if _, err := e.db.AddAttachment(ctx, sys, rec.ID, "a.txt", "text/plain", strings.NewReader("x")); !errors.As(err, &re) {
		t.Fatalf("attach in a closed unit: %v", err)
	}
	wantUnitErr(t, e.db.CreateUser(ctx, sys, &access.User{Username: "late", Name: "迟到", UnitID: f.townA.ID}), "unit_id", "已撤销", "user into a closed unit")
	wantUnitErr(t, e.db.CreateUnit(ctx, sys, &access.Unit{ParentID: f.townA.ID, Name: "新村", Level: access.LevelVillage}), "parent", "已撤销", "unit under a closed unit")
	wantUnitErr(t, e.db.CloseUnit(ctx, admin, f.townA.ID), "unit", "已撤销", "close twice")
	// Its name is free again among the open siblings.
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: f.county.ID, Name: "甲镇", Level: access.LevelTownship}))
	if got, err := e.db.UnitByRef(ctx, "甲镇"); err != nil || got.Closed {
		t.Fatalf("UnitByRef prefers the open unit: %+v %v", got, err)
	}
	// The county (the admin's own scope) cannot be closed by them.
	wantErr(t, e.db.CloseUnit(ctx, admin, f.county.ID), ErrForbidden, "admin closes the root")
}

func testUserEdit(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	adminA := townAdmin(t, e, f)
	clerk := f.users["clerkA"]
	// Within A: unit and roles change, audited with before and after.
	must(t, e.db.UpdateUser(ctx, adminA, clerk.ID, "甲村录入员", f.villageA.ID, []access.Role{access.RoleClerk, access.RoleHead}))
	u, err := e.db.UserByID(ctx, clerk.ID)
	must(t, err)
	if u.UnitID != f.villageA.ID || len(u.Roles) != 2 || u.Name != "甲村录入员" {
		t.Fatalf("updated user = %+v", u)
	}
	// Not out of the subtree, not a user of another township, not oneself.
	wantErr(t, e.db.UpdateUser(ctx, adminA, clerk.ID, "x", f.townB.ID, []access.Role{access.RoleClerk}), ErrNotFound, "adminA moves a user to B")
	wantErr(t, e.db.UpdateUser(ctx, adminA, f.users["clerkB"].ID, "x", f.townA.ID, []access.Role{access.RoleClerk}), ErrNotFound, "adminA takes B's clerk")
	wantErr(t, e.db.UpdateUser(ctx, adminA, f.users["adminA"].ID, "x", f.townA.ID, []access.Role{access.RoleAdmin, access.RoleHead}), ErrForbidden, "adminA edits themselves")
	// Grants: within the admin's subtree only; removal audited.
	g := access.Grant{UserID: clerk.ID, UnitID: f.townA.ID, Roles: []access.Role{access.RoleReviewer}}
	must(t, e.db.AddGrant(ctx, adminA, g))
	wantErr(t, e.db.AddGrant(ctx, adminA, access.Grant{UserID: clerk.ID, UnitID: f.townB.ID, Roles: []access.Role{access.RoleClerk}}), ErrNotFound, "adminA grants B")
	wantErr(t, e.db.RemoveGrant(ctx, adminA, f.users["adviser"].ID, f.townA.ID+1000), ErrNotFound, "remove a grant of an unknown unit")
	must(t, e.db.RemoveGrant(ctx, adminA, clerk.ID, f.townA.ID))
	wantErr(t, e.db.RemoveGrant(ctx, adminA, clerk.ID, f.townA.ID), ErrNotFound, "remove twice")
	gs, err := e.db.Grants(ctx, clerk.ID)
	must(t, err)
	if len(gs) != 0 {
		t.Fatalf("grants after removal = %+v", gs)
	}
	acts := strings.Join(auditActions(t, e), ",")
	for _, want := range []string{"user.update", "grant.add", "grant.remove"} {
		if !strings.Contains(acts, want) {
			t.Errorf("audit lacks %s: %s", want, acts)
		}
	}
}

func testUnitImport(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	admin := f.actors["admin"]
	units, err := e.db.Units(ctx)
	must(t, err)
	rows := []access.ImportRow{
		{Row: 2, Name: "东村", Parent: "丁镇", Level: "村"},
		{Row: 3, Name: "丁镇", Parent: "测试县", Level: "乡镇"},
		{Row: 4, Name: "丁镇司法所", Parent: "丁镇", Level: "部门"},
		{Row: 5, Name: "西社区", Parent: fmt.Sprint(f.townB.ID), Level: "社区"},
	}
	plan, errs := access.PlanImport(units, rows)
	if errs != nil {
		t.Fatal(errs)
	}
	// A township admin may not import under the county.
	adminA := townAdmin(t, e, f)
	wantErr(t, e.db.ImportUnits(ctx, adminA, plan), ErrNotFound, "adminA imports under the county")
	must(t, e.db.ImportUnits(ctx, admin, plan))
	got, err := e.db.UnitByRef(ctx, "东村")
	must(t, err)
	town, err := e.db.UnitByRef(ctx, "丁镇")
	must(t, err)
	if got.ParentID != town.ID || town.ParentID != f.county.ID {
		t.Fatalf("imported tree: 东村 %+v, 丁镇 %+v", got, town)
	}
	// Again: every row is now a duplicate; nothing is written.
	units, err = e.db.Units(ctx)
	must(t, err)
	before := len(units)
	if _, errs := access.PlanImport(units, rows[1:2]); len(errs) != 1 || errs[0].Row != 3 || errs[0].Column != access.ColName {
		t.Fatalf("re-import errors = %v", errs)
	}
	// A plan gone stale (the name was taken since it was checked) fails
	// whole, in its one transaction.
	plan2, errs := access.PlanImport(units, []access.ImportRow{
		{Row: 2, Name: "南村", Parent: "丁镇", Level: "村"},
		{Row: 3, Name: "北村", Parent: "丁镇", Level: "村"},
	})
	if errs != nil {
		t.Fatal(errs)
	}
	must(t, e.db.CreateUnit(ctx, admin, &access.Unit{ParentID: town.ID, Name: "北村", Level: access.LevelVillage}))
	err = e.db.ImportUnits(ctx, admin, plan2)
	var ie access.ImportErrors
	if !errors.As(err, &ie) || ie[0].Row != 3 {
		t.Fatalf("stale import: %v", err)
	}
	units, err = e.db.Units(ctx)
	must(t, err)
	if len(units) != before+1 {
		t.Fatalf("a failed import wrote units: %d → %d", before, len(units))
	}
	if !strings.Contains(strings.Join(auditActions(t, e), ","), "unit.import") {
		t.Error("import not audited")
	}
}

// Records written while their unit moves back and forth all end up under
// the unit's final path: a write that raced a move re-reads the path in
// its transaction.
func testUnitMoveRacesWrites(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := caseKind()
	sys := SystemActor("t")
	var wg sync.WaitGroup
	ids := make(chan int64, 200)
	errs := make(chan error, 200)
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 15; i++ {
				r, err := e.db.CreateRecord(ctx, sys, k, f.villageA.ID, caseInput(fmt.Sprintf("并发%d-%d", w, i)))
				if err != nil {
					errs <- err
					return
				}
				if _, err := e.db.UpdateRecord(ctx, sys, k, r.ID, r.Version, caseInput(fmt.Sprintf("并发%d-%d改", w, i))); err != nil {
					errs <- err
					return
				}
				ids <- r.ID
			}
		}()
	}
	for i := 0; i < 10; i++ {
		to := f.townB.ID
		if i%2 == 1 {
			to = f.townA.ID
		}
		must(t, e.db.MoveUnit(ctx, sys, f.villageA.ID, to))
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	v, err := e.db.Unit(ctx, f.villageA.ID)
	must(t, err)
	for _, table := range []string{"records", "record_counts", "record_filters"} {
		var n int
		must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM "+table+" WHERE unit_path <> ?", v.Path).Scan(&n))
		if n != 0 {
			t.Errorf("%s: %d rows with a stale path after racing moves", table, n)
		}
	}
}

// Units created under a unit while it moves end up under its final path.
func testUnitMoveRacesCreates(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("t")
	d := &access.Unit{ParentID: f.county.ID, Name: "司法局", Level: access.LevelDepartment}
	must(t, e.db.CreateUnit(ctx, sys, d))
	x := &access.Unit{ParentID: f.county.ID, Name: "财政局", Level: access.LevelDepartment}
	must(t, e.db.CreateUnit(ctx, sys, x))
	var wg sync.WaitGroup
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 10; i++ {
				must(t, e.db.CreateUnit(ctx, sys, &access.Unit{ParentID: d.ID, Name: fmt.Sprintf("股%d-%d", w, i), Level: access.LevelDepartment}))
			}
		}()
	}
	for i := 0; i < 10; i++ {
		to := x.ID
		if i%2 == 1 {
			to = f.townA.ID
		}
		must(t, e.db.MoveUnit(ctx, sys, d.ID, to))
	}
	wg.Wait()
	got, err := e.db.Unit(ctx, d.ID)
	must(t, err)
	units, err := e.db.Units(ctx)
	must(t, err)
	n := 0
	for _, u := range units {
		if u.ParentID == d.ID {
			n++
			if u.Path != got.Path+formatInt(u.ID)+"/" {
				t.Errorf("child %s has path %s under %s", u.Name, u.Path, got.Path)
			}
		}
	}
	if n != 30 {
		t.Fatalf("%d children, want 30", n)
	}
}
