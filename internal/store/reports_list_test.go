package store

import (
	"context"
	"fmt"
	"testing"
)

// testReportsList: the list of reports is the reader's scope — a township
// clerk sees their own, the county inspector every township's — filtered
// by a unit's subtree and a year; a report read by id outside the scope
// does not exist.
func testReportsList(t *testing.T, e *testEnv) {
	ctx := context.Background()
	f := seed(t, e)
	sys := SystemActor("test")
	a25, err := e.db.CreateReport(ctx, sys, f.townA.ID, 2025, sampleReport("甲镇", 2025))
	must(t, err)
	_, err = e.db.CreateReport(ctx, sys, f.townA.ID, 2024, sampleReport("甲镇", 2024))
	must(t, err)
	b25, err := e.db.CreateReport(ctx, sys, f.townB.ID, 2025, sampleReport("乙镇", 2025))
	must(t, err)

	list := func(a Actor, q ReportQuery) string {
		t.Helper()
		rs, err := e.db.Reports(ctx, a, q)
		must(t, err)
		s := ""
		for _, r := range rs {
			s += fmt.Sprintf("%s%d ", r.Unit, r.Year)
		}
		return s
	}
	for _, c := range []struct {
		who  string
		q    ReportQuery
		want string
	}{
		{"clerkA", ReportQuery{}, "甲镇2025 甲镇2024 "},
		{"clerkA", ReportQuery{Year: 2024}, "甲镇2024 "},
		{"clerkB", ReportQuery{}, "乙镇2025 "},
		{"inspector", ReportQuery{}, "甲镇2025 乙镇2025 甲镇2024 "},
		{"inspector", ReportQuery{UnitID: f.county.ID, Year: 2025}, "甲镇2025 乙镇2025 "},
		{"inspector", ReportQuery{UnitID: f.townB.ID}, "乙镇2025 "},
		{"inspector", ReportQuery{Year: 2099}, ""},
		{"adviser", ReportQuery{Year: 2025}, "甲镇2025 乙镇2025 "}, // 乙镇's adviser with a grant to 甲镇
	} {
		if got := list(f.actors[c.who], c.q); got != c.want {
			t.Errorf("%s %+v: %q, want %q", c.who, c.q, got, c.want)
		}
	}
	_, err = e.db.Reports(ctx, f.actors["clerkB"], ReportQuery{UnitID: f.townA.ID})
	wantErr(t, err, ErrNotFound, "乙镇's clerk listing 甲镇's reports")

	if r, err := e.db.ReportByID(ctx, f.actors["clerkA"], a25.ID); err != nil || r.Unit != "甲镇" || r.Year != 2025 {
		t.Fatalf("甲镇's clerk reading their report by id: %+v %v", r, err)
	}
	_, err = e.db.ReportByID(ctx, f.actors["clerkA"], b25.ID)
	wantErr(t, err, ErrNotFound, "甲镇's clerk reading 乙镇's report by id")
	_, err = e.db.ReportByID(ctx, sys, b25.ID+100)
	wantErr(t, err, ErrNotFound, "a report that does not exist")
}
