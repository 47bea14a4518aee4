package store

import (
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// engagementKind grants its named person the adviser role over the units of
// its rows (or its own unit) while active.
func engagementKind() *ledger.Kind {
	staff := []access.Role{access.RoleClerk}
	return &ledger.Kind{
		Name: "engagement", Label: "聘用", TitleField: "name", CreateRoles: staff, EditRoles: staff,
		Grant: &ledger.Grant{User: "person", Roles: []access.Role{access.RoleAdviser}, States: []string{"active"}, Table: "served", Column: "unit"},
		Fields: []ledger.Field{
			{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true},
			{Name: "person", Label: "账号", Type: ledger.TypeUser},
			{Name: "served", Label: "服务单位", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "unit", Label: "单位", Type: ledger.TypeUnit, Required: true}}},
		},
		Workflow: ledger.Workflow{
			States:      []ledger.State{{Name: "active", Label: "在聘", Editable: true}, {Name: "ended", Label: "已结束", Final: true}},
			Transitions: []ledger.Transition{{Event: "end", Label: "结束", From: []string{"active"}, To: "ended", Roles: staff}},
		},
	}
}

// testRecordGrants: a township's engagement of another township's adviser
// opens to them exactly the units its rows name — their scope, as the
// store computes it for a fresh login, reads a record there and no other
// of the township — changes the auth epoch (cached credentials are dropped),
// follows an edit of the rows, and closes with the engagement.
func testRecordGrants(t *testing.T, e *testEnv) {
	ctx := context.Background()
	f := seed(t, e)
	k := e.db.kind("engagement")
	caseK := e.db.kind("case")
	inVillage, err := e.db.CreateRecord(ctx, f.actors["clerkA"], caseK, f.villageA.ID, ledger.Values{"title": "甲村事项", "received": "2025-02-03"})
	must(t, err)
	inTown, err := e.db.CreateRecord(ctx, f.actors["clerkA"], caseK, f.townA.ID, ledger.Values{"title": "甲镇事项", "received": "2025-02-03"})
	must(t, err)
	lawyer := &access.User{Username: "lawyer", Name: "丁律师", UnitID: f.townB.ID, Roles: []access.Role{access.RoleAdviser}, PasswordHash: "$argon2id$test"}
	must(t, e.db.CreateUser(ctx, SystemActor("test"), lawyer))
	reads := func() (village, town bool) {
		a, err := e.db.ActorFor(ctx, lawyer, "")
		must(t, err)
		_, errV := e.db.Record(ctx, a, inVillage.ID)
		_, errT := e.db.Record(ctx, a, inTown.ID)
		return errV == nil, errT == nil
	}
	rows := func(units ...int64) string {
		var out []map[string]string
		for _, u := range units {
			out = append(out, map[string]string{"unit": strconv.FormatInt(u, 10)})
		}
		b, _ := json.Marshal(out)
		return string(b)
	}
	if v, tw := reads(); v || tw {
		t.Fatalf("before the engagement the lawyer reads A's village %v, township %v", v, tw)
	}
	epoch, err := e.db.SharedAuthEpoch(ctx)
	must(t, err)
	rec, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, ledger.Values{"name": "丁律师",
		"person": strconv.FormatInt(lawyer.ID, 10), "served": rows(f.villageA.ID)})
	must(t, err)
	if v, tw := reads(); !v || tw {
		t.Errorf("engaged for the village: reads the village %v (want true), the township %v (want false)", v, tw)
	}
	if now, _ := e.db.SharedAuthEpoch(ctx); now == epoch {
		t.Error("the engagement did not change the auth epoch: cached credentials keep the old scope")
	}
	// The rows now name the township itself instead.
	rec, err = e.db.UpdateRecord(ctx, f.actors["clerkA"], k, rec.ID, rec.Version, ledger.Values{"name": "丁律师",
		"person": strconv.FormatInt(lawyer.ID, 10), "served": rows(f.townA.ID)})
	must(t, err)
	if v, tw := reads(); !v || !tw {
		t.Errorf("engaged for the township: reads the village %v, the township %v (want both)", v, tw)
	}
	// A clerk's account cannot be named: the record would hand them a role.
	_, err = e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, ledger.Values{"name": "乙镇录入员",
		"person": strconv.FormatInt(f.users["clerkB"].ID, 10), "served": rows(f.villageA.ID)})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || fe["person"] == "" {
		t.Errorf("an engagement naming a clerk: %v", err)
	}
	_, err = e.db.Transition(ctx, f.actors["clerkA"], k, rec.ID, rec.Version, "end", nil)
	must(t, err)
	if v, tw := reads(); v || tw {
		t.Errorf("after the engagement ended the lawyer reads A's village %v, township %v", v, tw)
	}
}
