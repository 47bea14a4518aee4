package store

import (
	"context"
	"slices"
	"testing"
	"time"

	"fazhi/internal/access"
)

func testUnitsTree(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	if want := "/" + itoa(f.county.ID) + "/" + itoa(f.townA.ID) + "/" + itoa(f.villageA.ID) + "/"; f.villageA.Path != want {
		t.Fatalf("village path = %q, want %q", f.villageA.Path, want)
	}
	units, err := e.db.Units(ctx)
	must(t, err)
	var names []string
	for _, u := range units {
		names = append(names, u.Name)
	}
	if want := []string{"测试县", "甲镇", "甲村", "乙镇"}; !slices.Equal(names, want) {
		t.Fatalf("units by path = %v, want %v", names, want)
	}
	got, err := e.db.Unit(ctx, f.villageA.ID)
	must(t, err)
	if got.ParentID != f.townA.ID || got.Level != access.LevelVillage {
		t.Fatalf("village = %+v", got)
	}
	_, err = e.db.Unit(ctx, 9999)
	wantErr(t, err, ErrNotFound, "unknown unit")
	err = e.db.CreateUnit(ctx, SystemActor("t"), &access.Unit{ParentID: 9999, Name: "无", Level: access.LevelVillage})
	wantErr(t, err, ErrNotFound, "unit under unknown parent")
}

func testUsersAndGrants(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	u, err := e.db.UserByUsername(ctx, "adviser")
	must(t, err)
	if u.UnitID != f.townB.ID || !u.Has(access.RoleAdviser) {
		t.Fatalf("adviser = %+v", u)
	}
	_, err = e.db.UserByUsername(ctx, "nobody")
	wantErr(t, err, ErrNotFound, "unknown user")
	dup := &access.User{Username: "clerkA", Name: "重复", UnitID: f.townA.ID}
	wantErr(t, e.db.CreateUser(ctx, SystemActor("t"), dup), ErrDuplicate, "duplicate username")

	inA, err := e.db.Users(ctx, f.townA.Path)
	must(t, err)
	var names []string
	for _, u := range inA {
		names = append(names, u.Username)
	}
	if want := []string{"clerkA", "headA", "reviewerA"}; !slices.Equal(names, want) {
		t.Fatalf("users of A = %v, want %v", names, want)
	}
	// Scope: the adviser reads B (home) and A (grant); the inspector the
	// whole county but writes nowhere; clerkA reads A's subtree only.
	adv := f.actors["adviser"].Scope
	if !adv.CanRead(f.townA.Path) || !adv.CanRead(f.townB.Path) || adv.CanRead(f.county.Path) {
		t.Fatalf("adviser scope = %+v", adv)
	}
	insp := f.actors["inspector"].Scope
	if !insp.CanRead(f.villageA.Path) || len(insp.WriteUnits) != 0 {
		t.Fatalf("inspector scope = %+v", insp)
	}
	ca := f.actors["clerkA"].Scope
	if !ca.CanRead(f.villageA.Path) || ca.CanRead(f.townB.Path) {
		t.Fatalf("clerkA scope = %+v", ca)
	}
	// Locking and passwords are audited and visible.
	must(t, e.db.SetLocked(ctx, f.actors["admin"], f.users["clerkA"].ID, true))
	u, _ = e.db.UserByID(ctx, f.users["clerkA"].ID)
	if !u.Locked {
		t.Fatal("clerkA not locked")
	}
	must(t, e.db.SetPassword(ctx, f.actors["admin"], u.ID, "$argon2id$new"))
	u, _ = e.db.UserByID(ctx, u.ID)
	if u.PasswordHash != "$argon2id$new" {
		t.Fatalf("hash = %q", u.PasswordHash)
	}
	entries, err := e.db.AuditEntries(ctx, SystemActor("t"), 0, 1000)
	must(t, err)
	var actions []string
	for _, en := range entries {
		if en.Object == object("user", u.ID) {
			actions = append(actions, en.Action)
		}
	}
	if want := []string{"user.create", "user.lock", "user.password"}; !slices.Equal(actions, want) {
		t.Fatalf("audit of clerkA = %v, want %v", actions, want)
	}
	for _, en := range entries {
		if contains(en.Diff, "argon2id") {
			t.Fatalf("audit entry %d holds a password hash: %s", en.Seq, en.Diff)
		}
	}
}

func testAdminRights(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	// A township clerk may not create users or units, nor grant.
	u := &access.User{Username: "x", Name: "x", UnitID: f.townA.ID}
	wantErr(t, e.db.CreateUser(ctx, f.actors["clerkA"], u), ErrForbidden, "clerk creates user")
	wantErr(t, e.db.CreateUser(ctx, f.actors["clerkA"], &access.User{Username: "y", Name: "y", UnitID: f.townB.ID}), ErrNotFound, "clerk creates user in other town")
	wantErr(t, e.db.CreateUnit(ctx, f.actors["clerkA"], &access.Unit{ParentID: f.townA.ID, Name: "丙村", Level: access.LevelVillage}), ErrForbidden, "clerk creates unit")
	wantErr(t, e.db.SetLocked(ctx, f.actors["clerkA"], f.users["clerkB"].ID, true), ErrNotFound, "clerkA locks clerkB")
	wantErr(t, e.db.AddGrant(ctx, f.actors["inspector"], access.Grant{UserID: f.users["clerkA"].ID, UnitID: f.townB.ID, Roles: []access.Role{access.RoleClerk}}), ErrForbidden, "inspector grants")
	// The county admin may, in the subtree.
	v := &access.Unit{ParentID: f.townB.ID, Name: "乙村", Level: access.LevelVillage}
	must(t, e.db.CreateUnit(ctx, f.actors["admin"], v))
	must(t, e.db.CreateUser(ctx, f.actors["admin"], &access.User{Username: "clerkB2", Name: "乙村录入员", UnitID: v.ID, Roles: []access.Role{access.RoleClerk}}))
	// A root unit only from the command line.
	wantErr(t, e.db.CreateUnit(ctx, f.actors["admin"], &access.Unit{Name: "他县", Level: access.LevelCounty}), ErrForbidden, "admin creates a root")
}

func testSessions(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	t0 := e.clock.t
	uid := f.users["clerkA"].ID
	for i, id := range []string{"s1", "s2"} {
		must(t, e.db.CreateSession(ctx, &Session{ID: id, UserID: uid, CreatedAt: t0.Add(time.Duration(i) * time.Hour), Addr: "192.0.2.1", UserAgent: "UA", CSRF: "c" + id}))
	}
	must(t, e.db.CreateSession(ctx, &Session{ID: "s3", UserID: f.users["clerkB"].ID, CreatedAt: t0}))
	wantErr(t, e.db.CreateSession(ctx, &Session{ID: "s1", UserID: uid, CreatedAt: t0}), ErrDuplicate, "same session id")
	s, err := e.db.SessionByID(ctx, "s2")
	must(t, err)
	if s.UserID != uid || s.CSRF != "cs2" || !s.CreatedAt.Equal(t0.Add(time.Hour)) || !s.LastSeen.Equal(s.CreatedAt) {
		t.Fatalf("session = %+v", s)
	}
	must(t, e.db.TouchSession(ctx, "s1", t0.Add(2*time.Hour)))
	wantErr(t, e.db.TouchSession(ctx, "gone", t0), ErrNotFound, "touch unknown session")
	// Idle before t0+30m: s3 (last seen t0); s1 was touched, s2 is newer.
	n, err := e.db.DeleteExpiredSessions(ctx, t0.Add(30*time.Minute), t0.Add(-12*time.Hour))
	must(t, err)
	if n != 1 {
		t.Fatalf("expired = %d, want 1", n)
	}
	_, err = e.db.SessionByID(ctx, "s3")
	wantErr(t, err, ErrNotFound, "expired session")
	must(t, e.db.DeleteSession(ctx, "s2"))
	must(t, e.db.DeleteUserSessions(ctx, uid))
	_, err = e.db.SessionByID(ctx, "s1")
	wantErr(t, err, ErrNotFound, "session after logout of all")
}

func testLoginFailures(t *testing.T, e *testEnv) {
	seed(t, e)
	ctx := context.Background()
	t0 := e.clock.t
	for i := range 5 {
		must(t, e.db.RecordLoginFailure(ctx, "clerkA", "198.51.100.7", t0.Add(time.Duration(i)*time.Minute)))
	}
	must(t, e.db.RecordLoginFailure(ctx, "other", "198.51.100.7", t0.Add(10*time.Minute)))
	byUser, byAddr, err := e.db.LoginFailures(ctx, "clerkA", "198.51.100.7", t0.Add(2*time.Minute))
	must(t, err)
	if byUser != 3 || byAddr != 4 {
		t.Fatalf("failures since t0+2m = %d by user, %d by address; want 3, 4", byUser, byAddr)
	}
	must(t, e.db.ClearLoginFailures(ctx, "clerkA"))
	byUser, byAddr, err = e.db.LoginFailures(ctx, "clerkA", "198.51.100.7", t0)
	must(t, err)
	if byUser != 0 || byAddr != 1 {
		t.Fatalf("after clear = %d, %d; want 0, 1", byUser, byAddr)
	}
}

func testTokens(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	uid := f.users["clerkA"].ID
	tok, err := e.db.CreateToken(ctx, f.actors["clerkA"], uid, "脚本")
	must(t, err)
	u, _, err := e.db.UserByToken(ctx, tok)
	must(t, err)
	if u.ID != uid {
		t.Fatalf("token user = %d, want %d", u.ID, uid)
	}
	_, _, err = e.db.UserByToken(ctx, tok+"x")
	wantErr(t, err, ErrNotFound, "wrong token")
	_, err = e.db.CreateToken(ctx, f.actors["clerkB"], uid, "盗用")
	wantErr(t, err, ErrNotFound, "clerkB issues a token for clerkA")
	var id int64
	must(t, e.db.queryRow(ctx, "SELECT id FROM api_tokens WHERE user_id = ?", uid).Scan(&id))
	var stored string
	must(t, e.db.queryRow(ctx, "SELECT token_hash FROM api_tokens WHERE id = ?", id).Scan(&stored))
	if stored == tok || contains(stored, tok[3:]) {
		t.Fatal("token stored in clear")
	}
	must(t, e.db.RevokeToken(ctx, f.actors["admin"], id))
	_, _, err = e.db.UserByToken(ctx, tok)
	wantErr(t, err, ErrNotFound, "revoked token")

	// Self-service only: an administrator over the user cannot issue one.
	_, err = e.db.CreateToken(ctx, f.actors["admin"], uid, "冒用")
	wantErr(t, err, ErrForbidden, "admin issues a token for clerkA")
	// Listed for the owner, with the 90-day expiry; it expires then.
	tok, err = e.db.CreateToken(ctx, f.actors["clerkA"], uid, "报送")
	must(t, err)
	ts, err := e.db.Tokens(ctx, f.actors["clerkA"], uid)
	must(t, err)
	if len(ts) != 2 || ts[0].Name != "报送" || !ts[0].Live(e.clock.t) || ts[1].Live(e.clock.t) ||
		!ts[0].ExpiresAt.Equal(e.clock.t.Add(DefaultTokenTTL)) {
		t.Fatalf("tokens %+v", ts)
	}
	_, err = e.db.Tokens(ctx, f.actors["clerkB"], uid)
	wantErr(t, err, ErrNotFound, "clerkB lists clerkA's tokens")
	e.clock.t = e.clock.t.Add(DefaultTokenTTL)
	_, _, err = e.db.UserByToken(ctx, tok)
	wantErr(t, err, ErrNotFound, "expired token")
	// "Log out everywhere" (and a reset or lock, which call it) revokes.
	tok, err = e.db.CreateToken(ctx, f.actors["clerkA"], uid, "再次")
	must(t, err)
	must(t, e.db.DeleteUserSessions(ctx, uid))
	_, _, err = e.db.UserByToken(ctx, tok)
	wantErr(t, err, ErrNotFound, "token after log out everywhere")
}

func itoa(n int64) string { return formatInt(n) }
