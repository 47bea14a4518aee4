package store

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/ledger"
)

// testAuditScopedByRecordUnit: the audit page of an administrator shows
// the entries about records (and users) of its units, whoever acted: a
// township admin sees the adviser from the other township deciding its
// record; the adviser's own township's admin does not, nor does a county
// bureau's admin.
func testAuditScopedByRecordUnit(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("t")
	bureau := access.Unit{ParentID: f.county.ID, Name: "县司法局", Level: access.LevelDepartment}
	must(t, e.db.CreateUnit(ctx, sys, &bureau))
	admin := func(name string, unit access.Unit) Actor {
		u := &access.User{Username: name, Name: name, UnitID: unit.ID, Roles: []access.Role{access.RoleAdmin}, PasswordHash: "$argon2id$test"}
		must(t, e.db.CreateUser(ctx, sys, u))
		a, err := e.db.ActorFor(ctx, u, "192.0.2.1")
		must(t, err)
		return a
	}
	adminA, adminB, adminBureau := admin("adminA", f.townA), admin("adminB", f.townB), admin("adminBureau", bureau)

	k := kindOf(e)
	r, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, newCase("审计范围案"))
	must(t, err)
	r, err = e.db.Transition(ctx, f.actors["clerkA"], k, r.ID, r.Version, "submit", nil)
	must(t, err)
	_, err = e.db.Transition(ctx, f.actors["adviser"], k, r.ID, r.Version, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	obj := fmt.Sprintf("record:%d", r.ID)

	sees := func(a Actor) []string {
		es, err := e.db.AuditEntries(ctx, a, 0, 1000)
		must(t, err)
		var out []string
		for _, x := range es {
			if x.Object == obj {
				out = append(out, x.Action+" "+x.Actor)
			}
		}
		// The audit page's search keeps the same scope, newest first,
		// and names the record's kind.
		rows, err := e.db.SearchAudit(ctx, a, AuditQuery{Kind: k.Name})
		must(t, err)
		var searched []string
		for _, x := range slices.Backward(rows) {
			if x.Object == obj {
				if x.Kind != k.Name {
					t.Errorf("entry %d about %s: kind %q", x.Seq, obj, x.Kind)
				}
				searched = append(searched, x.Action+" "+x.Actor)
			}
		}
		if !slices.Equal(searched, out) {
			t.Errorf("%s: SearchAudit sees %v, AuditEntries %v", a.UserName, searched, out)
		}
		return out
	}
	if got := sees(adminA); !slices.Contains(got, "transition adviser") || !slices.Contains(got, "create clerkA") {
		t.Errorf("甲镇 admin sees %v about its record; want the adviser's decision and the clerk's creation", got)
	}
	if got := sees(adminB); len(got) != 0 {
		t.Errorf("乙镇 admin (the adviser's home) sees %v about 甲镇's record", got)
	}
	if got := sees(adminBureau); len(got) != 0 {
		t.Errorf("the county bureau's admin sees %v about 甲镇's record", got)
	}
	if got, want := sees(f.actors["admin"]), sees(adminA); !slices.Equal(got, want) {
		t.Errorf("the county admin sees %v, want every entry of its townships %v", got, want)
	}
	// Entries about a user follow the user's unit.
	must(t, e.db.SetLocked(ctx, f.actors["admin"], f.users["clerkB"].ID, true))
	userObj := fmt.Sprintf("user:%d", f.users["clerkB"].ID)
	for _, tc := range []struct {
		a    Actor
		want bool
	}{{adminB, true}, {adminA, false}} {
		es, err := e.db.AuditEntries(ctx, tc.a, 0, 1000)
		must(t, err)
		got := slices.ContainsFunc(es, func(x audit.Entry) bool { return x.Object == userObj && x.Action == "user.lock" })
		if got != tc.want {
			t.Errorf("%s sees the lock of 乙镇's clerk = %v, want %v", tc.a.UserName, got, tc.want)
		}
	}
}
