package store

import (
	"context"
	"errors"
	"maps"
	"testing"
	"time"
)

// A job that fails inside a shared transaction takes its full-text changes
// with it (they are queued and applied at commit), while the other jobs of
// the same transaction stay searchable.
func testSearchAfterFailedJob(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	old, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("原有标题甲"))
	must(t, err)

	// Hold the writer until the two jobs below are queued, so they share
	// one transaction.
	release := make(chan struct{})
	started := make(chan struct{})
	held := make(chan error, 1)
	go func() {
		held <- e.db.write(ctx, func(*wtx) error { close(started); <-release; return nil })
	}()
	<-started
	boom := errors.New("boom")
	failed := make(chan error, 1)
	go func() {
		failed <- e.db.write(ctx, func(t *wtx) error {
			r := *old
			r.Data = maps.Clone(r.Data)
			r.Data["title"] = "幽灵标题乙"
			if err := t.writeIndex(k, &r, false); err != nil {
				return err
			}
			return boom
		})
	}()
	for len(e.db.w.jobs) != 1 {
		time.Sleep(time.Millisecond)
	}
	created := make(chan error, 1)
	go func() {
		_, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("同批标题丙"))
		created <- err
	}()
	for len(e.db.w.jobs) != 2 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	must(t, <-held)
	if err := <-failed; !errors.Is(err, boom) {
		t.Fatalf("failing job returned %v, want boom", err)
	}
	must(t, <-created)

	for _, tc := range []struct {
		search string
		want   int
	}{
		{"原有标题", 1},
		{"幽灵标题", 0},
		{"同批标题", 1},
	} {
		list, _, err := e.db.ListRecords(ctx, clerk, ListQuery{Kind: "case", Search: tc.search})
		must(t, err)
		if len(list) != tc.want {
			t.Errorf("search %q finds %v, want %d record(s)", tc.search, ids(list), tc.want)
		}
	}
}
