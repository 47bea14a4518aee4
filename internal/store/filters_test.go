package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// testFilterSlots checks that lists answered through the filter slots
// (record_filters) return exactly the records, order and totals of the
// record_values path, for slotted filters alone, with an unslotted field,
// with search, state, unit and sort, in two scopes; and that assigning a
// slot fills it for existing records.
func testFilterSlots(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	if e.db.slotOf("case", "dept") == 0 || e.db.slotOf("case", "category") == 0 {
		t.Fatalf("Filter fields have no slot: %v", e.db.slots)
	}
	if e.db.slotOf("case", "amount") != 0 || e.db.slotOf("case", "applicant_id") != 0 {
		t.Fatalf("non-Filter or personal field has a slot: %v", e.db.slots)
	}
	depts := []string{"司法所", "综治办", "党政办"}
	cats := []string{"行政复议", "行政诉讼", "其他"}
	for i := range 60 {
		town, clerk := f.townA, f.actors["clerkA"]
		if i%4 == 3 {
			town, clerk = f.townB, f.actors["clerkB"]
		}
		r, err := e.db.CreateRecord(ctx, clerk, k, town.ID, newCase(fmt.Sprintf("案件%02d", i),
			"dept", depts[i%3], "category", cats[i*7%3], "amount", fmt.Sprint(i%5*100)))
		must(t, err)
		e.clock.t = e.clock.t.Add(1e9)
		if i%5 == 0 { // a transition moves the record up in updated_at order
			_, err = e.db.Transition(ctx, clerk, k, r.ID, 1, "submit", nil)
			must(t, err)
		}
	}
	queries := []ListQuery{
		{Kind: "case", Filters: map[string]string{"category": "行政复议"}},
		{Kind: "case", Filters: map[string]string{"category": "行政诉讼", "dept": "综治办"}},
		{Kind: "case", Filters: map[string]string{"dept": "司法所", "amount": "200"}}, // amount has no slot
		{Kind: "case", Filters: map[string]string{"category": "其他"}, Search: "案件"},
		{Kind: "case", Filters: map[string]string{"category": "其他"}, Search: "案件4"},
		{Kind: "case", Filters: map[string]string{"dept": "党政办"}, State: "review"},
		{Kind: "case", Filters: map[string]string{"dept": "党政办"}, UnitID: f.townA.ID},
		{Kind: "case", Filters: map[string]string{"category": "行政复议"}, Sort: "updated_at"},
		{Kind: "case", Filters: map[string]string{"category": "行政复议"}, Sort: "-amount"},
		{Kind: "case", Filters: map[string]string{"dept": "无此科室"}},
	}
	compare := func(label string) {
		t.Helper()
		nonEmpty := 0
		for _, actor := range []string{"clerkA", "inspector"} {
			a := f.actors[actor]
			for qi, q := range queries {
				for page := 1; page <= 3; page++ {
					q.Page, q.PerPage = page, 4
					e.db.noSlots = false
					got, gotTotal, err := e.db.ListRecords(ctx, a, q)
					must(t, err)
					e.db.noSlots = true
					want, wantTotal, err := e.db.ListRecords(ctx, a, q)
					e.db.noSlots = false
					must(t, err)
					if !slices.Equal(ids(got), ids(want)) || gotTotal != wantTotal {
						t.Fatalf("%s: %s query %d page %d: slots give %v (total %d), record_values %v (total %d)",
							label, actor, qi, page, ids(got), gotTotal, ids(want), wantTotal)
					}
					nonEmpty += len(got)
				}
			}
		}
		if nonEmpty < 100 {
			t.Fatalf("%s: only %d rows listed in all; the comparison proves little", label, nonEmpty)
		}
	}
	compare("fresh records")

	// Sorting by a slotted field reads its slot (it has no record_values
	// row): every record, in the field's order.
	for _, sort := range []string{"dept", "-category"} {
		all, total, err := e.db.ListRecords(ctx, f.actors["inspector"], ListQuery{Kind: "case", Sort: sort, PerPage: 200})
		must(t, err)
		if len(all) != total || total < 60 {
			t.Fatalf("sort %s: %d of %d records listed, want all of at least 60", sort, len(all), total)
		}
		field, desc := sort, false
		if sort[0] == '-' {
			field, desc = sort[1:], true
		}
		for i := 1; i < len(all); i++ {
			a, b := all[i-1].Data[field], all[i].Data[field]
			if a != b && (a < b) == desc {
				t.Fatalf("sort %s: %q (record %d) listed before %q (record %d)", sort, a, all[i-1].ID, b, all[i].ID)
			}
		}
	}

	// An edit moves a record between filter values.
	list, _, err := e.db.ListRecords(ctx, f.actors["clerkA"], ListQuery{Kind: "case", Filters: map[string]string{"category": "行政复议"}, State: "draft", PerPage: 1})
	must(t, err)
	if len(list) != 1 {
		t.Fatalf("no draft 行政复议 record to edit")
	}
	r := list[0]
	r.Data["category"] = "行政诉讼"
	_, err = e.db.UpdateRecord(ctx, f.actors["clerkA"], k, r.ID, r.Version, r.Data)
	must(t, err)
	compare("after an edit")

	// A slot assigned to existing records (as after migration 0003, or a
	// new Filter field) is filled from their values.
	must(t, e.db.write(ctx, func(t *wtx) error {
		if _, err := t.exec("DELETE FROM filter_slots"); err != nil {
			return err
		}
		_, err := t.exec("UPDATE record_filters SET f1 = NULL, f2 = NULL, f3 = NULL, f4 = NULL, f5 = NULL, f6 = NULL, f7 = NULL, f8 = NULL")
		return err
	}))
	must(t, e.db.syncFilterSlots(ctx))
	e.db.counts.bump("case")
	compare("after the slots were filled again")
}
