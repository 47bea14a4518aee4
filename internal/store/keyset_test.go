package store

import (
	"context"
	"fmt"
	"slices"
	"testing"
)

// Keyset paging (ListQuery.After) reads, page after page, exactly the
// records and order of the offset pages — with and without a slotted
// filter, newest first and oldest first, records sharing an updated_at
// included — and counts no total.
func testListKeyset(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	depts := []string{"司法所", "综治办"}
	for i := range 23 {
		_, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase(fmt.Sprintf("键集%02d", i), "dept", depts[i%2]))
		must(t, err)
		if i%3 == 0 { // every third shares its updated_at with the next
			e.clock.t = e.clock.t.Add(1e9)
		}
	}
	for _, q := range []ListQuery{
		{Kind: "case"},
		{Kind: "case", Sort: "updated_at"},
		{Kind: "case", Sort: "-updated_at", Filters: map[string]string{"dept": "综治办"}},
		{Kind: "case", Sort: "updated_at", Filters: map[string]string{"dept": "司法所"}},
		{Kind: "case", State: "draft", Filters: map[string]string{"dept": "司法所"}},
	} {
		q.PerPage = 200
		all, total, err := e.db.ListRecords(ctx, clerk, q)
		must(t, err)
		if total < 10 {
			t.Fatalf("%+v: only %d records", q, total)
		}
		q.PerPage = 4
		var got []int64
		for q.After = nil; ; {
			page, n, err := e.db.ListRecords(ctx, clerk, q)
			must(t, err)
			if q.After != nil && n != -1 {
				t.Fatalf("%+v: keyset page counted a total (%d)", q, n)
			}
			got = append(got, ids(page)...)
			if len(page) < q.PerPage {
				break
			}
			q.After = CursorOf(&page[len(page)-1])
		}
		if want := ids(all); !slices.Equal(got, want) {
			t.Errorf("%+v: keyset pages give %v, want %v", q, got, want)
		}
	}
	if _, _, err := e.db.ListRecords(ctx, clerk, ListQuery{Kind: "case", Sort: "title", After: &ListCursor{ID: 1}}); err == nil {
		t.Errorf("keyset paging in title order was accepted")
	}
}
