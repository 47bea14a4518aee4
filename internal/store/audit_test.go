package store

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/access"
)

// Tampering with the audit table by raw SQL is detected, and
// VerifyAudit names the first broken entry.
func testAuditTampering(t *testing.T, e0 *testEnv) {
	_ = e0
	cases := []struct {
		name    string
		sql     []string
		wantSeq func(last int64) int64
		reason  string
	}{
		{"edit", []string{"UPDATE audit SET diff = '{}' WHERE seq = 5"}, func(int64) int64 { return 5 }, "篡改"},
		{"edit actor", []string{"UPDATE audit SET actor = 'x' WHERE seq = 2"}, func(int64) int64 { return 2 }, "篡改"},
		{"delete", []string{"DELETE FROM audit WHERE seq = 4"}, func(int64) int64 { return 4 }, "删除"},
		{"reorder", []string{
			"UPDATE audit SET seq = -1 WHERE seq = 3",
			"UPDATE audit SET seq = 3 WHERE seq = 6",
			"UPDATE audit SET seq = 6 WHERE seq = -1",
		}, func(int64) int64 { return 3 }, "篡改"},
		{"delete last", []string{"DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)"}, func(last int64) int64 { return last }, "最后"},
		{"delete all", []string{"DELETE FROM audit"}, func(int64) int64 { return 1 }, "删除"},
		// Without the key the head cannot be re-sealed to match.
		{"truncate the tail and move the head back", []string{
			"DELETE FROM audit WHERE seq > (SELECT MAX(seq) - 2 FROM audit)",
			"UPDATE audit_head SET seq = (SELECT MAX(seq) FROM audit), hash = (SELECT hash FROM audit WHERE seq = (SELECT MAX(seq) FROM audit))",
		}, func(last int64) int64 { return last - 2 }, "封签不符"},
		{"empty the log and reset the head", []string{"DELETE FROM audit", "UPDATE audit_head SET seq = 0, hash = ''"},
			func(int64) int64 { return 0 }, "封签不符"},
		{"head seal removed", []string{"UPDATE audit_head SET seal = ''"}, func(last int64) int64 { return last }, "封签不符"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := e0.open(t)
			f := seed(t, e)
			ctx := context.Background()
			_, err := e.db.CreateRecord(ctx, f.actors["clerkA"], kindOf(e), f.townA.ID, newCase("审计案"))
			must(t, err)
			if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
				t.Fatalf("intact chain: %+v %v", b, err)
			}
			var last int64
			must(t, e.db.queryRow(ctx, "SELECT MAX(seq) FROM audit").Scan(&last))
			for _, q := range tc.sql {
				rawExec(t, e, q)
			}
			b, err := e.db.VerifyAudit(ctx)
			must(t, err)
			if b == nil {
				t.Fatal("tampering not detected")
			}
			if want := tc.wantSeq(last); b.Seq != want || !strings.Contains(b.Reason, tc.reason) {
				t.Fatalf("break = %+v, want seq %d and a reason with %q", b, want, tc.reason)
			}
		})
	}
}

// Many goroutines writing at once share transactions (group commit); the
// chain still holds and every write landed once.
func testConcurrentWrites(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	const workers, each = 16, 10
	errs := make(chan error, workers*each)
	for w := range workers {
		go func() {
			for i := range each {
				title := "并发案件" + itoa(int64(w*each+i))
				vals := newCase(title)
				if i == 3 {
					// Fails inside the writer (unique username) for all but
					// one worker: rolls back alone, the rest of its batch commits.
					errs <- e.db.CreateUser(ctx, SystemActor("t"), &access.User{Username: "dup", Name: "dup", UnitID: f.townA.ID})
					continue
				}
				_, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, vals)
				errs <- err
			}
		}()
	}
	failed := 0
	for range workers * each {
		if err := <-errs; err != nil {
			wantErr(t, err, ErrDuplicate, "concurrent write")
			failed++
		}
	}
	if failed != workers-1 {
		t.Fatalf("%d writes failed, want %d (the duplicate users)", failed, workers-1)
	}
	_, total, err := e.db.ListRecords(ctx, f.actors["clerkA"], ListQuery{Kind: "case", PerPage: 5})
	must(t, err)
	if total != workers*(each-1) {
		t.Fatalf("total = %d, want %d", total, workers*(each-1))
	}
	if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("chain after concurrent writes: %+v %v", b, err)
	}
}
