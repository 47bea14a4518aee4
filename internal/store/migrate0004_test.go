package store

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/audit"
)

// testMigration0004Backfill: the statements of migration 0004 that fill
// audit.scope_path for entries written before it give every entry the path
// the store now writes (record, user, token, unit, else the actor's unit),
// also next to an entry whose object is not numeric.
func testMigration0004Backfill(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	r, err := e.db.CreateRecord(ctx, f.actors["clerkA"], kindOf(e), f.townA.ID, newCase("回填案"))
	must(t, err)
	_ = r
	_, err = e.db.CreateToken(ctx, f.actors["clerkB"], f.users["clerkB"].ID, "脚本")
	must(t, err)
	must(t, e.db.SetLocked(ctx, f.actors["admin"], f.users["clerkB"].ID, true))
	must(t, e.db.AppendAudit(ctx, &audit.Entry{Actor: "guess", Action: "login_failed", Object: "user:guess", Diff: "{}"}))
	must(t, e.db.AppendAudit(ctx, &audit.Entry{ActorID: f.users["clerkA"].ID, Actor: "clerkA", UnitID: f.townA.ID, Action: "logout", Object: "session", Diff: "{}"}))

	want := map[int64]string{}
	rows, err := e.db.query(ctx, "SELECT seq, scope_path FROM audit")
	must(t, err)
	for rows.Next() {
		var seq int64
		var p string
		must(t, rows.Scan(&seq, &p))
		want[seq] = p
	}
	rows.Close()
	if len(want) < 10 {
		t.Fatalf("only %d entries", len(want))
	}

	rawExec(t, e, "UPDATE audit SET scope_path = ''")
	sql := migrationSQL(t, e, 4)
	i := strings.Index(sql, "UPDATE audit SET scope_path")
	j := strings.Index(sql[i:], "-- The head is sealed")
	if i < 0 || j < 0 {
		t.Fatal("migration 0004's backfill not found")
	}
	rawExec(t, e, sql[i:i+j])

	rows, err = e.db.query(ctx, "SELECT seq, object, scope_path FROM audit")
	must(t, err)
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var obj, p string
		must(t, rows.Scan(&seq, &obj, &p))
		if p != want[seq] {
			t.Errorf("entry %d (%s): backfilled %q, the store writes %q", seq, obj, p, want[seq])
		}
	}
}

// migrationSQL is the text of migration num on e's database.
func migrationSQL(t testing.TB, e *testEnv, num int) string {
	t.Helper()
	ms, err := migrations(e.db.dialect)
	must(t, err)
	for _, m := range ms {
		if m.Num == num {
			return m.SQL
		}
	}
	t.Fatalf("no migration %04d", num)
	return ""
}
