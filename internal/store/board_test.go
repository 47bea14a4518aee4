package store

import (
	"context"
	"slices"
	"testing"
)

// testBoard: the deadline board lists running deadlines in scope by due
// date (overdue ones, being earliest, first), narrowed by kind, unit
// subtree and person.
func testBoard(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	later, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, newCase("甲镇晚", "received", "2025-03-03"))
	must(t, err)
	early, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.villageA.ID, newCase("甲村早", "received", "2024-12-01"))
	must(t, err)
	other, err := e.db.CreateRecord(ctx, f.actors["clerkB"], k, f.townB.ID, newCase("乙镇", "received", "2025-01-10"))
	must(t, err)
	ids := func(a Actor, q BoardQuery) []int64 {
		t.Helper()
		b, truncated, err := e.db.Board(ctx, a, q)
		must(t, err)
		if truncated {
			t.Fatal("truncated")
		}
		var out []int64
		for _, c := range b {
			if c.Clock.Period != "handle" || c.Kind != k.Name || c.CreatedBy == 0 {
				t.Fatalf("board row %+v", c)
			}
			out = append(out, c.RecordID)
		}
		return out
	}
	check := func(name string, got, want []int64) {
		t.Helper()
		if !slices.Equal(got, want) {
			t.Errorf("%s: %v, want %v", name, got, want)
		}
	}
	sys := SystemActor("test")
	check("everything, by due date", ids(sys, BoardQuery{}), []int64{early.ID, other.ID, later.ID})
	check("clerkA's scope", ids(f.actors["clerkA"], BoardQuery{}), []int64{early.ID, later.ID})
	check("unit A's subtree", ids(sys, BoardQuery{UnitID: f.townA.ID}), []int64{early.ID, later.ID})
	check("the village", ids(sys, BoardQuery{UnitID: f.villageA.ID}), []int64{early.ID})
	check("clerkB's records", ids(sys, BoardQuery{UserID: f.users["clerkB"].ID}), []int64{other.ID})
	check("another kind", ids(sys, BoardQuery{Kind: "nothing"}), nil)
	check("clerkB asks for A", ids(f.actors["clerkB"], BoardQuery{UnitID: f.townA.ID}), nil)
	check("an unknown unit", ids(sys, BoardQuery{UnitID: 987654}), nil)
}
