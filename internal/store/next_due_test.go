package store

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
)

// wantNextDue checks what the to-do list orders a record by: its next due
// date (records.next_due) is the due date of its nearest running deadline
// as read back from its clocks ("" when none runs), that is want, and
// each of its clocks carries the record's unit path (the board's scope).
func wantNextDue(t *testing.T, e *testEnv, id int64, want, after string) {
	t.Helper()
	ctx := context.Background()
	var got, path string
	must(t, e.db.queryRow(ctx, "SELECT next_due, unit_path FROM records WHERE id = ?", id).Scan(&got, &path))
	clocks, err := e.db.clocksOf(ctx, id)
	must(t, err)
	if from := dateText(ledger.NextDue(clocks)); got != from || got != want {
		t.Errorf("after %s: record %d's next due is %q, its clocks say %q, want %q", after, id, got, from, want)
	}
	var stray int
	must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM clocks WHERE record_id = ? AND unit_path <> ?", id, path).Scan(&stray))
	if stray != 0 {
		t.Errorf("after %s: %d clocks of record %d lack its unit path %s", after, stray, id, path)
	}
}

// todoIDs is a's to-do list of the test kind (every waiting state), in its
// order.
func todoIDs(t *testing.T, e *testEnv, a Actor, q TodoQuery) []int64 {
	t.Helper()
	k := kindOf(e)
	for _, w := range k.WaitingStates() {
		q.Waits = append(q.Waits, Wait{Kind: k.Name, State: w.State, Roles: w.Roles})
	}
	recs, err := e.db.Todo(context.Background(), a, q)
	must(t, err)
	var out []int64
	for _, r := range recs {
		out = append(out, r.RecordID)
	}
	return out
}

// testNextDueCreateAndStep: a new record's next due date is its deadline's;
// a step that keeps the clock keeps it, the step that stops the clock
// clears it, and the clerk's to-do list is ordered by it.
func testNextDueCreateAndStep(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk, reviewer := f.actors["clerkA"], f.actors["reviewerA"]
	late, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("晚到期", "received", "2025-02-01"))
	must(t, err)
	wantNextDue(t, e, late.ID, "2025-04-02", "create")
	early, err := e.db.CreateRecord(ctx, clerk, k, f.villageA.ID, newCase("早到期", "received", "2025-01-02"))
	must(t, err)
	wantNextDue(t, e, early.ID, "2025-03-03", "create")
	if got := todoIDs(t, e, clerk, TodoQuery{}); !slices.Equal(got, []int64{early.ID, late.ID}) {
		t.Errorf("clerk's to-do list %v, want the earlier due date first %v", got, []int64{early.ID, late.ID})
	}
	r, err := e.db.Transition(ctx, clerk, k, early.ID, early.Version, "submit", nil)
	must(t, err)
	wantNextDue(t, e, early.ID, "2025-03-03", "submit")
	_, err = e.db.Transition(ctx, reviewer, k, r.ID, r.Version, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	wantNextDue(t, e, early.ID, "", "decide")
}

// testNextDuePauseResumeExtend: a paused deadline does not run, so the
// record has no next due date until it resumes, later by the days paused;
// an extension moves it.
func testNextDuePauseResumeExtend(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("中止案", "received", "2025-01-02"))
	must(t, err)
	day := func(s string) calendar.Date { d, _ := calendar.ParseDate(s); return d }
	must(t, e.db.AdjustClock(ctx, clerk, k, r.ID, "handle", ledger.ClockAdjustment{Action: "pause", On: day("2025-02-01"), Reason: "鉴定", Basis: "测试依据第三条"}))
	wantNextDue(t, e, r.ID, "", "pause")
	if got := todoIDs(t, e, clerk, TodoQuery{DueBy: day("2025-12-31")}); len(got) != 0 {
		t.Errorf("a paused deadline is due soon on the to-do list: %v", got)
	}
	must(t, e.db.AdjustClock(ctx, clerk, k, r.ID, "handle", ledger.ClockAdjustment{Action: "resume", On: day("2025-02-11"), Reason: "鉴定完毕", Basis: "测试依据第三条"}))
	wantNextDue(t, e, r.ID, "2025-03-13", "resume after 10 days")
	must(t, e.db.AdjustClock(ctx, clerk, k, r.ID, "handle", ledger.ClockAdjustment{Action: "extend", Days: 30, Reason: "情况复杂", Basis: "测试依据第二条"}))
	wantNextDue(t, e, r.ID, "2025-04-14", "extend by 30 days (to a Saturday, so the Monday)")
}

// testNextDueCorrection: correcting the date that starts the deadline
// (更正) moves the next due date with it.
func testNextDueCorrection(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("收件日期录错", "received", "2025-01-03"))
	must(t, err)
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "submit", nil)
	must(t, err)
	wantNextDue(t, e, r.ID, "2025-03-04", "submit")
	_, err = e.db.CorrectRecord(ctx, clerk, k, r.ID, r.Version, ledger.Correction{Input: ledger.Values{"received": "2025-02-03"}, Reason: "收件登记簿载明2月3日收件"})
	must(t, err)
	wantNextDue(t, e, r.ID, "2025-04-07", "correction (to 清明, so the day after the holiday)")
}

// testNextDueImport: imported records (including those whose steps the
// import replays) carry their next due dates; undoing the import takes
// them off the to-do list and the board.
func testNextDueImport(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	_, a := importerActor(t, e, f)
	rows := []map[string]string{
		{"标题": "导入起草", "收件日期": "2025-01-06"},
		{"标题": "导入审查中", "收件日期": "2025-02-03", "状态": "审查中"},
		{"标题": "导入办结", "收件日期": "2025-02-04", "审查意见": "合法", "状态": "办结"},
	}
	rep := runImport(t, e, a, k, f.townA.ID, workbook(t, k, rows), importer.Options{})
	if !rep.Clean() || rep.Imported != 3 {
		t.Fatalf("import: %+v", rep)
	}
	recs, _, err := e.db.ListRecords(ctx, a, ListQuery{Kind: k.Name})
	must(t, err)
	want := map[string]string{"导入起草": "2025-03-07", "导入审查中": "2025-04-07", "导入办结": ""}
	for _, r := range recs {
		wantNextDue(t, e, r.ID, want[r.Title], "import of "+r.Title)
	}
	if got := todoIDs(t, e, a, TodoQuery{}); len(got) != 2 {
		t.Errorf("to-do list after the import: %v, want the two open records", got)
	}
	_, err = e.db.UndoImport(ctx, a, rep.Batch)
	must(t, err)
	if got := todoIDs(t, e, a, TodoQuery{}); len(got) != 0 {
		t.Errorf("to-do list after undoing the import: %v", got)
	}
	if b, _, err := e.db.Board(ctx, a, BoardQuery{}); err != nil || len(b) != 0 {
		t.Errorf("board after undoing the import: %d rows, %v", len(b), err)
	}
}

// testNextDueDueTransition: the date-driven job that expires a document
// stops its clock, and so clears its next due date; filing it first left
// the validity's end as the next due date.
func testNextDueDueTransition(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := docOf(e)
	clerk := f.actors["clerkA"]
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "unit_code", "甲政"))
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "一年期", "years": "1"})
	must(t, err)
	wantNextDue(t, e, r.ID, "", "create (no clock runs yet)")
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "issue", ledger.Values{"issue_date": "2024-02-29"})
	must(t, err)
	wantNextDue(t, e, r.ID, "2024-04-01", "issue (filing due in 30 days, a Saturday, so the Monday)")
	_, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "file", nil)
	must(t, err)
	wantNextDue(t, e, r.ID, "2025-02-28", "file (the validity's end)")
	n, err := e.db.RunDueTransitions(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("the job changed %d records", n)
	}
	wantNextDue(t, e, r.ID, "", "the date-driven expiry")
}

// testNextDueUnitMove: a unit moved to another township takes its
// records' running deadlines along: they leave the old township's board
// and join the new one's.
func testNextDueUnitMove(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	r, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.villageA.ID, newCase("村里的案件", "received", "2025-01-02"))
	must(t, err)
	board := func(a Actor) []int64 {
		t.Helper()
		b, _, err := e.db.Board(ctx, a, BoardQuery{})
		must(t, err)
		var ids []int64
		for _, c := range b {
			ids = append(ids, c.RecordID)
		}
		return ids
	}
	if got := board(f.actors["clerkB"]); len(got) != 0 {
		t.Fatalf("B's board before the move: %v", got)
	}
	must(t, e.db.MoveUnit(ctx, f.actors["admin"], f.villageA.ID, f.townB.ID))
	wantNextDue(t, e, r.ID, "2025-03-03", "the unit's move")
	b, err := e.db.ActorFor(ctx, f.users["clerkB"], "192.0.2.1")
	must(t, err)
	a, err := e.db.ActorFor(ctx, f.users["clerkA"], "192.0.2.1")
	must(t, err)
	if got := board(b); !slices.Equal(got, []int64{r.ID}) {
		t.Errorf("B's board after the move: %v, want %v", got, []int64{r.ID})
	}
	if got := board(a); len(got) != 0 {
		t.Errorf("A's board after the move: %v", got)
	}
}

// testBoardAndTodoPaging: read a page at a time, the board lists every
// running deadline once, in the order of the whole board, and its summary
// counts them all; so does the to-do list.
func testBoardAndTodoPaging(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	for i := range 23 {
		unit := f.townA.ID
		if i%3 == 0 {
			unit = f.villageA.ID
		}
		received := fmt.Sprintf("2025-01-%02d", 1+i%9) // due dates shared by several records
		_, err := e.db.CreateRecord(ctx, clerk, k, unit, newCase(fmt.Sprintf("第%d件", i), "received", received))
		must(t, err)
	}
	_, err := e.db.CreateRecord(ctx, f.actors["clerkB"], k, f.townB.ID, newCase("乙镇的", "received", "2025-01-01"))
	must(t, err)
	for _, a := range []Actor{clerk, f.actors["inspector"], f.actors["adviser"]} {
		whole, truncated, err := e.db.Board(ctx, a, BoardQuery{})
		must(t, err)
		if truncated {
			t.Fatal("truncated")
		}
		var paged []BoardClock
		for off := 0; ; off += 5 {
			page, more, err := e.db.Board(ctx, a, BoardQuery{Limit: 5, Offset: off})
			must(t, err)
			paged = append(paged, page...)
			if !more {
				break
			}
		}
		keys := func(cs []BoardClock) (out []string) {
			for _, c := range cs {
				out = append(out, fmt.Sprint(c.RecordID, c.Clock.Period))
			}
			return out
		}
		if !slices.Equal(keys(whole), keys(paged)) {
			t.Errorf("%s: pages of 5 give %d rows, the whole board %d, or another order", a.UserName, len(paged), len(whole))
		}
		sum, err := e.db.BoardSummary(ctx, a, BoardQuery{}, calendar.Date{Year: 2025, Month: 3, Day: 3})
		must(t, err)
		overdue := 0
		for _, c := range whole {
			if c.Clock.Overdue(calendar.Date{Year: 2025, Month: 3, Day: 3}) {
				overdue++
			}
		}
		if sum.Running != len(whole) || sum.Overdue != overdue {
			t.Errorf("%s: summary %d running, %d overdue; the board has %d, %d", a.UserName, sum.Running, sum.Overdue, len(whole), overdue)
		}
	}
	whole := todoIDs(t, e, clerk, TodoQuery{})
	var paged []int64
	for off := 0; off < 40; off += 4 {
		paged = append(paged, todoIDs(t, e, clerk, TodoQuery{Limit: 4, Offset: off})...)
	}
	n, err := e.db.TodoCount(ctx, clerk, TodoQuery{Waits: []Wait{{Kind: k.Name, State: k.Initial(), Roles: []access.Role{access.RoleClerk}}}})
	must(t, err)
	if len(whole) != 23 || !slices.Equal(whole, paged) || n != 23 {
		t.Errorf("to-do list: %d records, by pages of 4 %d (%v vs %v), counted %d; want 23", len(whole), len(paged), whole, paged, n)
	}
}

// testMigration0023Backfill: the statements of migration 0023 that fill
// records.next_due and clocks.unit_path for data written before it give
// every record what the store now writes.
func testMigration0023Backfill(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk := f.actors["clerkA"]
	var ids []int64
	for i, received := range []string{"2025-01-02", "2025-02-10", "2025-02-20"} {
		r, err := e.db.CreateRecord(ctx, clerk, k, []int64{f.townA.ID, f.villageA.ID, f.townA.ID}[i], newCase("回填", "received", received))
		must(t, err)
		ids = append(ids, r.ID)
	}
	r, err := e.db.Transition(ctx, clerk, k, ids[2], 1, "submit", nil)
	must(t, err)
	_, err = e.db.Transition(ctx, f.actors["reviewerA"], k, r.ID, r.Version, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	rawExec(t, e, "UPDATE records SET next_due = ''")
	rawExec(t, e, "UPDATE clocks SET unit_path = ''")
	sql := migrationSQL(t, e, 23)
	i, j := strings.Index(sql, "UPDATE clocks"), strings.Index(sql, "CREATE INDEX")
	if i < 0 || j < i {
		t.Fatal("migration 0023's backfill not found")
	}
	for _, stmt := range strings.Split(sql[i:j], ";") {
		if strings.TrimSpace(stmt) != "" {
			rawExec(t, e, stmt)
		}
	}
	for i, want := range []string{"2025-03-03", "2025-04-11", ""} {
		wantNextDue(t, e, ids[i], want, "the backfill")
	}
}

// TestIntersectPaths: the units waiting for a role within the read scope
// are the subtrees in both.
func TestIntersectPaths(t *testing.T) {
	for _, c := range []struct {
		roles, read, want []string
	}{
		{[]string{"/1/2/"}, []string{"/1/"}, []string{"/1/2/"}},
		{[]string{"/1/"}, []string{"/1/2/", "/1/4/"}, []string{"/1/2/", "/1/4/"}},
		{[]string{"/1/2/", "/1/2/3/"}, []string{"/1/2/"}, []string{"/1/2/"}},
		{[]string{"/1/2/"}, []string{"/1/4/"}, nil},
		{[]string{"/1/2/", "/1/22/"}, []string{"/1/2/"}, []string{"/1/2/"}},
		{nil, []string{"/1/"}, nil},
	} {
		if got := intersectPaths(c.roles, c.read); !slices.Equal(got, c.want) {
			t.Errorf("intersectPaths(%v, %v) = %v, want %v", c.roles, c.read, got, c.want)
		}
	}
}
