package store

import (
	"context"
	"slices"
	"testing"

	"fazhi/internal/ledger"
)

// Records of one person are found by the keyed hash of their ID number, in
// the caller's scope only, and guards count records by field.
func testSamePerson(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	a, b := f.actors["clerkA"], f.actors["clerkB"]
	mk := func(actor Actor, unit int64, title, id string) *ledger.Record {
		t.Helper()
		r, err := e.db.CreateRecord(ctx, actor, k, unit, newCase(title, "applicant_id", id))
		must(t, err)
		return r
	}
	first := mk(a, f.townA.ID, "第一次申请", "11010519491231002X")
	again := mk(a, f.townA.ID, "再次申请", "110105 19491231 002x") // typed with spaces and a small x
	other := mk(a, f.townA.ID, "他人申请", "110101199003071233")
	inB := mk(b, f.townB.ID, "乙镇受理", "11010519491231002X")
	ids := func(rs []ledger.Record) []int64 {
		var out []int64
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	got, err := e.db.SamePerson(ctx, a, first.ID, "applicant_id")
	must(t, err)
	if !slices.Equal(ids(got), []int64{again.ID}) {
		t.Errorf("township A sees %v, want only %d", ids(got), again.ID)
	}
	got, err = e.db.SamePerson(ctx, f.actors["inspector"], first.ID, "applicant_id")
	must(t, err)
	if !slices.Equal(ids(got), []int64{again.ID, inB.ID}) {
		t.Errorf("the county sees %v, want %d and %d", ids(got), again.ID, inB.ID)
	}
	if got, err = e.db.SamePerson(ctx, a, other.ID, "applicant_id"); err != nil || len(got) != 0 {
		t.Errorf("another person's record matched %v (%v)", ids(got), err)
	}
	if _, err := e.db.SamePerson(ctx, b, first.ID, "applicant_id"); err == nil {
		t.Error("township B read a township A record's matches")
	}
	// What guards see.
	fr := linkedReader{e.db, a}
	n, err := fr.Count(ctx, "case", ledger.Values{"dept": "司法所"})
	must(t, err)
	if n != 3 {
		t.Errorf("count in scope = %d, want 3", n)
	}
	byID, err := fr.ByPersonal(ctx, "case", "applicant_id", "11010519491231002X")
	must(t, err)
	if !slices.Equal(ids(byID), []int64{first.ID, again.ID}) {
		t.Errorf("by personal = %v", ids(byID))
	}
}
