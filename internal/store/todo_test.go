package store

import (
	"context"
	"slices"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// testWaiting: the to-do query returns a kind-state's records in the units
// where the caller holds a role that may act (a township's role reaches its
// villages), never another township's, with the records' running clocks.
func testWaiting(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	recA, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, newCase("甲镇待办案件"))
	must(t, err)
	recV, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.villageA.ID, newCase("甲村待办案件"))
	must(t, err)
	recB, err := e.db.CreateRecord(ctx, f.actors["clerkB"], k, f.townB.ID, newCase("乙镇待办案件"))
	must(t, err)
	clerk := []access.Role{access.RoleClerk}
	got := func(a Actor, roles []access.Role) []int64 {
		t.Helper()
		w, err := e.db.Todo(ctx, a, TodoQuery{Waits: []Wait{{Kind: k.Name, State: k.Initial(), Roles: roles}}})
		must(t, err)
		var ids []int64
		for _, r := range w {
			if r.Kind != k.Name || r.State != k.Initial() || len(r.Roles) == 0 {
				t.Fatalf("waiting record %+v lacks its kind, state or the caller's roles", r)
			}
			all, err := e.db.Clocks(ctx, a, r.RecordID)
			must(t, err)
			running := slices.DeleteFunc(all, func(c ledger.Clock) bool { return c.Status != ledger.ClockRunning })
			if len(r.Clocks) != len(running) {
				t.Fatalf("record %d: %d clocks with the to-do item, %d running", r.RecordID, len(r.Clocks), len(running))
			}
			ids = append(ids, r.RecordID)
		}
		slices.Sort(ids)
		return ids
	}
	if ids := got(f.actors["clerkA"], clerk); !slices.Equal(ids, []int64{recA.ID, recV.ID}) {
		t.Errorf("clerkA waits on %v, want %v (A and its village)", ids, []int64{recA.ID, recV.ID})
	}
	if ids := got(f.actors["clerkB"], clerk); !slices.Equal(ids, []int64{recB.ID}) {
		t.Errorf("clerkB waits on %v, want only B's %d", ids, recB.ID)
	}
	if ids := got(f.actors["reviewerA"], clerk); len(ids) != 0 {
		t.Errorf("reviewerA (no clerk role) waits on %v", ids)
	}
	if ids := got(SystemActor("test"), clerk); len(ids) != 0 {
		t.Errorf("the system actor waits on %v", ids)
	}
}
