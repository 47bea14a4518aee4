package store

import (
	"context"
	"errors"
	"testing"
	"time"
)

// Creates share a transaction without a savepoint each (pipeline.go). When
// one of them fails — here a job that queues a duplicate key, which
// PostgreSQL only reports when the batch is sent — the others of its
// transaction are replayed: each is stored once, with its clocks, count and
// audit entry, and the chain still verifies.
func testCreatesReplayedAfterFailure(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	before, _, err := e.db.ListRecords(ctx, clerk, ListQuery{Kind: k.Name, PerPage: 200})
	must(t, err)

	release := make(chan struct{})
	started := make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- e.db.write(ctx, func(*wtx) error { close(started); <-release; return nil })
	}()
	<-started
	created := make(chan error, 4)
	create := func(title string) {
		_, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase(title))
		created <- err
	}
	queued := func(n int) {
		for len(e.db.w.jobs) != n {
			time.Sleep(time.Millisecond)
		}
	}
	go create("重放前甲")
	queued(1)
	go create("重放前乙")
	queued(2)
	failed := make(chan error, 1)
	go func() {
		failed <- e.db.writeCreate(ctx, func(t *wtx) error {
			return t.queue("INSERT INTO audit_head (id, seq, hash, seal) VALUES (1, 0, '', '')")
		})
	}()
	queued(3)
	go create("重放后丙")
	queued(4)
	go create("重放后丁")
	queued(5)
	close(release)
	must(t, <-held)
	if err := <-failed; !errors.Is(err, ErrDuplicate) {
		t.Fatalf("the failing job returned %v, want ErrDuplicate", err)
	}
	for range 4 {
		must(t, <-created)
	}

	after, total, err := e.db.ListRecords(ctx, clerk, ListQuery{Kind: k.Name, PerPage: 200})
	must(t, err)
	if total != len(before)+4 {
		t.Fatalf("%d records after four creates, want %d", total, len(before)+4)
	}
	seen := map[string]int{}
	for _, r := range after {
		seen[r.Title]++
	}
	for _, title := range []string{"重放前甲", "重放前乙", "重放后丙", "重放后丁"} {
		if seen[title] != 1 {
			t.Errorf("record %q stored %d times, want once", title, seen[title])
		}
	}
	for _, r := range after[:4] {
		clocks, err := e.db.Clocks(ctx, clerk, r.ID)
		must(t, err)
		if len(clocks) == 0 {
			t.Errorf("record %d (%s) has no clocks", r.ID, r.Title)
		}
		var n int
		must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM audit WHERE object = ? AND action = 'create'", object("record", r.ID)).Scan(&n))
		if n != 1 {
			t.Errorf("record %d has %d create entries in the audit log, want 1", r.ID, n)
		}
	}
	if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("audit chain after the replay: break %v, err %v", b, err)
	}
}
