package store

import (
	"context"
	"errors"
	"sync"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator/indicatortest"
	"fazhi/internal/ledger"
)

// testCalendar is the built-in working-day calendar.
type testCalendar struct{}

var builtinCal = sync.OnceValue(calendar.Builtin)

func (testCalendar) Add(start calendar.Date, n int, c calendar.Counting) (calendar.Date, error) {
	return builtinCal().Add(start, n, c)
}

// caseKind is a small ledger kind exercising every storage feature: search
// fields, filters, a date that starts a deadline, personal data, a step
// field and a reference.
func caseKind() *ledger.Kind {
	return &ledger.Kind{
		Name: "case", Label: "测试案件", TitleField: "title", YearField: "received",
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "dept", Label: "承办科室", Type: ledger.TypeText, Filter: true, List: true},
			{Name: "category", Label: "类别", Type: ledger.TypeEnum, Options: []string{"行政复议", "行政诉讼", "其他"}, Filter: true},
			{Name: "received", Label: "收件日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "amount", Label: "金额", Type: ledger.TypeInteger},
			{Name: "summary", Label: "案情摘要", Type: ledger.TypeLongText, Search: true},
			{Name: "applicant_id", Label: "申请人身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "applicant_phone", Label: "申请人电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "related", Label: "关联案件", Type: ledger.TypeReference, RefKind: "case"},
			{Name: "opinion", Label: "审查意见", Type: ledger.TypeEnum, Options: []string{"合法", "不合法"}, Step: "decide", Required: true},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "draft", Label: "起草", Editable: true},
				{Name: "review", Label: "审查中"},
				{Name: "done", Label: "办结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "submit", Label: "提交审查", From: []string{"draft"}, To: "review", Roles: []access.Role{access.RoleClerk}},
				{Event: "decide", Label: "出具意见", From: []string{"review"}, To: "done", Roles: []access.Role{access.RoleReviewer, access.RoleAdviser},
					Fields: []string{"opinion"}},
			},
		},
		Periods: []ledger.Period{
			{Name: "handle", Label: "办理期限", Type: ledger.Deadline, StartField: "received", StopEvents: []string{"decide"},
				Days: 60, Counting: calendar.CalendarDays, Basis: "测试依据第一条",
				MaxExtendDays: 60, ExtendRoles: []access.Role{access.RoleClerk, access.RoleHead}},
		},
		CreateRoles: []access.Role{access.RoleClerk},
		EditRoles:   []access.Role{access.RoleClerk},
	}
}

func testRegistry(t testing.TB) *ledger.Registry {
	r, err := ledger.NewRegistry(append([]*ledger.Kind{caseKind(), docKind(), rosterKind(), indicatortest.Kind(), engagementKind()}, boundKinds()...)...)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// fixture is a county with two townships (A with a village), and one user
// per role that the scope matrix needs.
type fixture struct {
	county, townA, townB, villageA access.Unit
	users                          map[string]*access.User
	actors                         map[string]Actor
}

func seed(t testing.TB, e *testEnv) *fixture {
	t.Helper()
	ctx := context.Background()
	sys := SystemActor("test")
	f := &fixture{users: map[string]*access.User{}, actors: map[string]Actor{}}
	f.county = access.Unit{Name: "测试县", Level: access.LevelCounty}
	must(t, e.db.CreateUnit(ctx, sys, &f.county))
	f.townA = access.Unit{ParentID: f.county.ID, Name: "甲镇", Level: access.LevelTownship}
	must(t, e.db.CreateUnit(ctx, sys, &f.townA))
	f.townB = access.Unit{ParentID: f.county.ID, Name: "乙镇", Level: access.LevelTownship}
	must(t, e.db.CreateUnit(ctx, sys, &f.townB))
	f.villageA = access.Unit{ParentID: f.townA.ID, Name: "甲村", Level: access.LevelVillage}
	must(t, e.db.CreateUnit(ctx, sys, &f.villageA))
	add := func(name string, unit access.Unit, roles ...access.Role) {
		u := &access.User{Username: name, Name: name, UnitID: unit.ID, Roles: roles, PasswordHash: "$argon2id$test"}
		must(t, e.db.CreateUser(ctx, sys, u))
		f.users[name] = u
	}
	add("clerkA", f.townA, access.RoleClerk)
	add("reviewerA", f.townA, access.RoleReviewer)
	add("headA", f.townA, access.RoleHead)
	add("clerkB", f.townB, access.RoleClerk)
	add("inspector", f.county, access.RoleInspector)
	add("adviser", f.townB, access.RoleAdviser)
	add("admin", f.county, access.RoleAdmin)
	must(t, e.db.AddGrant(ctx, sys, access.Grant{UserID: f.users["adviser"].ID, UnitID: f.townA.ID, Roles: []access.Role{access.RoleAdviser}}))
	for name, u := range f.users {
		a, err := e.db.ActorFor(ctx, u, "192.0.2.1")
		must(t, err)
		f.actors[name] = a
	}
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// wantErr fails unless err matches target.
func wantErr(t testing.TB, err, target error, what string) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: got error %v, want %v", what, err, target)
	}
}
