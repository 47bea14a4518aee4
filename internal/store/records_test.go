package store

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/secure"
)

// idNumber is a valid resident ID number (check digit per GB 11643).
func idNumber(first17 string) string { return first17 + string(secure.IDCheckDigit(first17)) }

// Planted personal data: neither may ever appear in clear at rest.
var (
	plantedID    = idNumber("33010619850312123")
	plantedPhone = "13912345678"
)

func newCase(title string, extra ...string) ledger.Values {
	v := ledger.Values{"title": title, "dept": "司法所", "category": "行政复议", "received": "2025-03-03"}
	for i := 0; i+1 < len(extra); i += 2 {
		v[extra[i]] = extra[i+1]
	}
	return v
}

func kindOf(e *testEnv) *ledger.Kind { return e.db.cfg.Kinds.Kind("case") }

func testRecordLifecycle(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk, reviewer := f.actors["clerkA"], f.actors["reviewerA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("关于张某不服罚款决定申请行政复议案", "amount", "500"))
	must(t, err)
	if r.ID == 0 || r.State != "draft" || r.Version != 1 || r.Year != 2025 || r.Title != "关于张某不服罚款决定申请行政复议案" {
		t.Fatalf("created = %+v", r)
	}
	// Invalid input: field errors, nothing saved.
	_, err = e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "", "received": "2025-13-01"})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || fe["title"] == "" || fe["received"] == "" {
		t.Fatalf("bad input: err = %v", err)
	}
	// Clock started by the received date: 60 calendar days end on
	// 2025-05-02, inside the Labour Day holiday (1–5 May), so on 6 May.
	clocks, err := e.db.Clocks(ctx, clerk, r.ID)
	must(t, err)
	if len(clocks) != 1 || clocks[0].Period != "handle" || clocks[0].Status != ledger.ClockRunning || clocks[0].Due.String() != "2025-05-06" {
		t.Fatalf("clocks = %+v", clocks)
	}
	r2, err := e.db.UpdateRecord(ctx, clerk, k, r.ID, 1, ledger.Values{"amount": "800"})
	must(t, err)
	if r2.Version != 2 || r2.Data["amount"] != "800" || r2.Data["dept"] != "司法所" {
		t.Fatalf("updated = %+v", r2)
	}
	// Stale version: conflict, nothing changed.
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 1, ledger.Values{"amount": "900"})
	wantErr(t, err, ErrConflict, "stale update")
	r3, err := e.db.Transition(ctx, clerk, k, r.ID, 2, "submit", nil)
	must(t, err)
	if r3.State != "review" || r3.Version != 3 {
		t.Fatalf("submitted = %+v", r3)
	}
	// The clerk may not decide; the step field is required.
	_, err = e.db.Transition(ctx, clerk, k, r.ID, 3, "decide", ledger.Values{"opinion": "合法"})
	wantErr(t, err, ErrForbidden, "clerk decides")
	_, err = e.db.Transition(ctx, reviewer, k, r.ID, 3, "decide", nil)
	if !errors.As(err, &fe) || fe["opinion"] == "" {
		t.Fatalf("decide without opinion: %v", err)
	}
	// Not editable in review.
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 3, ledger.Values{"amount": "1"})
	var re *ledger.RuleError
	if !errors.As(err, &re) {
		t.Fatalf("edit in review: %v", err)
	}
	e.clock.t = e.clock.t.AddDate(0, 0, 10)
	r4, err := e.db.Transition(ctx, reviewer, k, r.ID, 3, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	if r4.State != "done" || r4.Data["opinion"] != "合法" {
		t.Fatalf("decided = %+v", r4)
	}
	clocks, _ = e.db.Clocks(ctx, clerk, r.ID)
	if clocks[0].Status != ledger.ClockStopped || clocks[0].StoppedOn.String() != "2025-03-13" {
		t.Fatalf("clock after decide = %+v", clocks[0])
	}
	got, err := e.db.Record(ctx, clerk, r.ID)
	must(t, err)
	if got.Version != 4 || got.State != "done" || got.Data["amount"] != "800" || got.UpdatedBy != reviewer.UserID {
		t.Fatalf("read back = %+v", got)
	}
	h, err := e.db.History(ctx, clerk, r.ID)
	must(t, err)
	var lines []string
	for _, x := range h {
		lines = append(lines, x.Action+" "+x.Summary)
	}
	want := []string{"create 创建测试案件", "update 修改：金额", "transition 提交审查：起草 → 审查中", "transition 出具意见：审查中 → 办结"}
	if !slices.Equal(lines, want) {
		t.Fatalf("history =\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	counts, err := e.db.CountByState(ctx, clerk)
	must(t, err)
	if len(counts) != 1 || counts[0] != (StateCount{"case", "done", 1}) {
		t.Fatalf("counts = %+v", counts)
	}
	if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("verify after lifecycle = %+v, %v", b, err)
	}
}

// The data-scope matrix at store level.
func testScopeMatrix(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	recA, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, newCase("甲镇复议案件"))
	must(t, err)
	recB, err := e.db.CreateRecord(ctx, f.actors["clerkB"], k, f.townB.ID, newCase("乙镇复议案件"))
	must(t, err)
	recV, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.villageA.ID, newCase("甲村复议案件"))
	must(t, err)

	// Township B's clerk: A's records do not exist.
	b := f.actors["clerkB"]
	_, err = e.db.Record(ctx, b, recA.ID)
	wantErr(t, err, ErrNotFound, "B reads A")
	_, err = e.db.UpdateRecord(ctx, b, k, recA.ID, 1, ledger.Values{"amount": "1"})
	wantErr(t, err, ErrNotFound, "B updates A")
	_, err = e.db.Transition(ctx, b, k, recA.ID, 1, "submit", nil)
	wantErr(t, err, ErrNotFound, "B transitions A")
	_, err = e.db.AddAttachment(ctx, b, recA.ID, "x.txt", "text/plain", strings.NewReader("x"))
	wantErr(t, err, ErrNotFound, "B attaches to A")
	_, err = e.db.Clocks(ctx, b, recA.ID)
	wantErr(t, err, ErrNotFound, "B reads A's clocks")
	_, err = e.db.History(ctx, b, recA.ID)
	wantErr(t, err, ErrNotFound, "B reads A's history")
	_, err = e.db.Attachments(ctx, b, recA.ID)
	wantErr(t, err, ErrNotFound, "B lists A's attachments")
	_, err = e.db.CreateRecord(ctx, b, k, f.townA.ID, newCase("越权"))
	wantErr(t, err, ErrNotFound, "B creates in A")
	list, total, err := e.db.ListRecords(ctx, b, ListQuery{Kind: "case"})
	must(t, err)
	if total != 1 || len(list) != 1 || list[0].ID != recB.ID {
		t.Fatalf("B lists %d records (total %d), want only its own", len(list), total)
	}
	list, _, err = e.db.ListRecords(ctx, b, ListQuery{Kind: "case", Search: "复议"})
	must(t, err)
	if len(list) != 1 || list[0].ID != recB.ID {
		t.Fatalf("B's search finds %v", ids(list))
	}
	list, _, err = e.db.ListRecords(ctx, b, ListQuery{Kind: "case", UnitID: f.townA.ID})
	must(t, err)
	if len(list) != 0 {
		t.Fatalf("B lists A's unit: %v", ids(list))
	}
	due, err := e.db.DueClocks(ctx, b, calendar.Date{Year: 2026, Month: 1, Day: 1})
	must(t, err)
	if len(due) != 1 || due[0].RecordID != recB.ID {
		t.Fatalf("B's due clocks = %+v", due)
	}

	// Own unit without the role: forbidden. The head of A may read but
	// not edit (EditRoles: clerk) nor submit (clerk).
	h := f.actors["headA"]
	if _, err := e.db.Record(ctx, h, recA.ID); err != nil {
		t.Fatalf("head reads own unit: %v", err)
	}
	_, err = e.db.UpdateRecord(ctx, h, k, recA.ID, 1, ledger.Values{"amount": "1"})
	wantErr(t, err, ErrForbidden, "head edits")
	_, err = e.db.Transition(ctx, h, k, recA.ID, 1, "submit", nil)
	wantErr(t, err, ErrForbidden, "head submits")
	_, err = e.db.CreateRecord(ctx, h, k, f.townA.ID, newCase("负责人创建"))
	wantErr(t, err, ErrForbidden, "head creates")
	_, err = e.db.AddAttachment(ctx, h, recA.ID, "x.txt", "text/plain", strings.NewReader("x"))
	wantErr(t, err, ErrForbidden, "head attaches")

	// The clerk of A reaches the village below A (roles extend down).
	if _, err := e.db.UpdateRecord(ctx, f.actors["clerkA"], k, recV.ID, 1, ledger.Values{"amount": "2"}); err != nil {
		t.Fatalf("clerkA edits village record: %v", err)
	}

	// The inspector reads the county subtree but writes nothing.
	in := f.actors["inspector"]
	_, total, err = e.db.ListRecords(ctx, in, ListQuery{Kind: "case"})
	must(t, err)
	if total != 3 {
		t.Fatalf("inspector sees %d records, want 3", total)
	}
	_, err = e.db.UpdateRecord(ctx, in, k, recB.ID, 1, ledger.Values{"amount": "1"})
	wantErr(t, err, ErrForbidden, "inspector edits")
	_, err = e.db.Transition(ctx, in, k, recB.ID, 1, "submit", nil)
	wantErr(t, err, ErrForbidden, "inspector submits")

	// The adviser (home B, granted A as adviser) decides in A.
	_, err = e.db.Transition(ctx, f.actors["clerkA"], k, recA.ID, 1, "submit", nil)
	must(t, err)
	adv := f.actors["adviser"]
	if _, err := e.db.Transition(ctx, adv, k, recA.ID, 2, "decide", ledger.Values{"opinion": "合法"}); err != nil {
		t.Fatalf("adviser decides in granted unit: %v", err)
	}
	_, total, err = e.db.ListRecords(ctx, adv, ListQuery{Kind: "case"})
	must(t, err)
	if total != 3 {
		t.Fatalf("adviser sees %d, want 3 (A's subtree and B)", total)
	}
}

func ids(rs []ledger.Record) []int64 {
	var out []int64
	for _, r := range rs {
		out = append(out, r.ID)
	}
	return out
}

func testSearchChinese(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	c := f.actors["clerkA"]
	titles := []string{
		"关于李某不服拆除决定申请行政复议案",
		"王某诉镇政府信息公开行政诉讼案",
		"村规民约合法性审查",
		"复议机关维持原行政行为后的应诉",
	}
	byTitle := map[string]int64{}
	for _, ti := range titles {
		r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase(ti, "summary", "承办人：赵六。涉及 GB/T 32905 标准", "applicant_id", plantedID))
		must(t, err)
		byTitle[ti] = r.ID
	}
	cases := []struct {
		q    string
		want []string
	}{
		{"复议", []string{titles[0], titles[3]}},
		{"行政复议", []string{titles[0]}},
		{"信息公开", []string{titles[1]}},
		{"合法性审查", []string{titles[2]}},
		{"诉讼", []string{titles[1]}},
		{"复议 应诉", []string{titles[3]}},
		{"赵六", titles},
		{"32905", titles},
		{"审查合法", nil},
		{"不存在的词", nil},
		{plantedID, nil}, // personal data is never searchable
	}
	for _, tc := range cases {
		list, total, err := e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Search: tc.q, Sort: "id"})
		must(t, err)
		var want []int64
		for _, ti := range tc.want {
			want = append(want, byTitle[ti])
		}
		slices.Sort(want)
		if got := ids(list); !slices.Equal(got, want) || total != len(want) {
			t.Errorf("search %q = %v (total %d), want %v", tc.q, got, total, want)
		}
	}
}

func testFiltersSortPaging(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	c := f.actors["clerkA"]
	var all []int64
	for i := range 25 {
		cat := []string{"行政复议", "行政诉讼", "其他"}[i%3]
		r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase(fmt.Sprintf("案件%02d", i), "category", cat, "amount", fmt.Sprint(i*7%11*100)))
		must(t, err)
		all = append(all, r.ID)
		e.clock.t = e.clock.t.Add(1e9)
	}
	// Default order: newest first; paging with exact totals.
	p1, total, err := e.db.ListRecords(ctx, c, ListQuery{Kind: "case", PerPage: 10})
	must(t, err)
	p3, _, err := e.db.ListRecords(ctx, c, ListQuery{Kind: "case", PerPage: 10, Page: 3})
	must(t, err)
	if total != 25 || len(p1) != 10 || p1[0].ID != all[24] || len(p3) != 5 || p3[4].ID != all[0] {
		t.Fatalf("paging: total %d, p1 %v, p3 %v", total, ids(p1), ids(p3))
	}
	// A page number at the edge of int is past the end, not an error.
	for _, q := range []ListQuery{{Kind: "case", Page: math.MaxInt}, {Kind: "case", Page: math.MaxInt, PerPage: 200},
		{Kind: "case", Page: math.MaxInt, Filters: map[string]string{"category": "行政复议"}}} {
		huge, total, err := e.db.ListRecords(ctx, c, q)
		if err != nil || len(huge) != 0 || total != 25 && q.Filters == nil {
			t.Fatalf("page %d: %d records, total %d, err %v; want an empty page", q.Page, len(huge), total, err)
		}
	}
	// Filter on an enum field: 9 复议 (i%3==0).
	list, total, err := e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Filters: map[string]string{"category": "行政复议"}, PerPage: 5})
	must(t, err)
	if total != 9 || len(list) != 5 {
		t.Fatalf("filter: total %d, %d rows", total, len(list))
	}
	for _, r := range list {
		if r.Data["category"] != "行政复议" {
			t.Fatalf("filter returned %+v", r.Data)
		}
	}
	// The filtered total is cached between writes, and a write shows.
	_, err = e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("案件25", "category", "行政复议"))
	must(t, err)
	_, total, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Filters: map[string]string{"category": "行政复议"}, PerPage: 5})
	must(t, err)
	if total != 10 {
		t.Fatalf("filter total after a write = %d, want 10", total)
	}
	_, total, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Filters: map[string]string{"category": "行政复议", "dept": "司法所"}, PerPage: 5})
	must(t, err)
	if total != 10 {
		t.Fatalf("two filters total = %d, want 10", total)
	}
	// Numeric sort on an integer field, ascending: 0, 100, … not "1000" < "200".
	list, _, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Sort: "amount", PerPage: 200})
	must(t, err)
	prev := -1
	sawEmpty := false
	for _, r := range list {
		if r.Data["amount"] == "" { // records without the value sort last
			sawEmpty = true
			continue
		}
		if sawEmpty {
			t.Fatal("a record with an amount sorts after one without")
		}
		var n int
		fmt.Sscan(r.Data["amount"], &n)
		if n < prev {
			t.Fatalf("amount order broken at %d after %d", n, prev)
		}
		prev = n
	}
	// State filter counts from record_counts.
	_, err = e.db.Transition(ctx, c, k, all[0], 1, "submit", nil)
	must(t, err)
	_, total, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", State: "review", Year: 2025})
	must(t, err)
	if total != 1 {
		t.Fatalf("review total = %d", total)
	}
	_, total, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", State: "draft", PerPage: 5})
	must(t, err)
	if total != 25 {
		t.Fatalf("draft total = %d", total)
	}
	// A filter on an unknown field is a field error, not a 500.
	_, _, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Filters: map[string]string{"nope": "x"}})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("unknown filter: %v", err)
	}
	_, _, err = e.db.ListRecords(ctx, c, ListQuery{Kind: "unknown"})
	wantErr(t, err, ErrNotFound, "unknown kind")
}

func testClocksAndDue(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	c := f.actors["clerkA"]
	early, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("早", "received", "2025-01-02"))
	must(t, err)
	late, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("晚", "received", "2025-03-01"))
	must(t, err)
	// Now is 2025-03-03: the early one (due 2025-03-03) is not yet overdue.
	due, err := e.db.DueClocks(ctx, c, calendar.Date{Year: 2025, Month: 4, Day: 1})
	must(t, err)
	if len(due) != 1 || due[0].RecordID != early.ID || due[0].Title != "早" {
		t.Fatalf("due before April = %+v", due)
	}
	e.clock.t = e.clock.t.AddDate(0, 0, 1)
	list, _, err := e.db.ListRecords(ctx, c, ListQuery{Kind: "case", Overdue: true})
	must(t, err)
	if got := ids(list); !slices.Equal(got, []int64{early.ID}) {
		t.Fatalf("overdue = %v", got)
	}
	// Extending needs a reason and basis; then the due date moves.
	err = e.db.AdjustClock(ctx, c, k, late.ID, "handle", ledger.ClockAdjustment{Action: "extend", Days: 30})
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) {
		t.Fatalf("extend without reason: %v", err)
	}
	must(t, e.db.AdjustClock(ctx, c, k, late.ID, "handle", ledger.ClockAdjustment{Action: "extend", Days: 30, Reason: "情况复杂", Basis: "测试依据第二条"}))
	clocks, err := e.db.Clocks(ctx, c, late.ID)
	must(t, err)
	if clocks[0].Due.String() != "2025-05-30" || len(clocks[0].Adjustments) != 1 || clocks[0].Adjustments[0].By != c.UserID {
		t.Fatalf("extended clock = %+v", clocks[0])
	}
	wantErr(t, e.db.AdjustClock(ctx, f.actors["inspector"], k, late.ID, "handle", ledger.ClockAdjustment{Action: "extend", Days: 1, Reason: "x", Basis: "y"}), ErrForbidden, "inspector extends")
	h, err := e.db.History(ctx, c, late.ID)
	must(t, err)
	if h[len(h)-1].Action != "clock" || h[len(h)-1].Summary != "调整期限" {
		t.Fatalf("history after extend = %+v", h[len(h)-1])
	}
}

func testLinks(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	a, b := f.actors["clerkA"], f.actors["clerkB"]
	first, err := e.db.CreateRecord(ctx, a, k, f.townA.ID, newCase("主案"))
	must(t, err)
	second, err := e.db.CreateRecord(ctx, a, k, f.townA.ID, newCase("关联案", "related", fmt.Sprint(first.ID)))
	must(t, err)
	links, err := e.db.Links(ctx, a, first.ID)
	must(t, err)
	if len(links) != 1 || links[0] != (ledger.Link{FromID: second.ID, ToID: first.ID, Role: "related"}) {
		t.Fatalf("links = %+v", links)
	}
	// B cannot link to A's record: it does not exist for B.
	_, err = e.db.CreateRecord(ctx, b, k, f.townB.ID, newCase("乙镇", "related", fmt.Sprint(first.ID)))
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || fe["related"] == "" {
		t.Fatalf("B links to A: %v", err)
	}
}

func testAttachments(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	c := f.actors["clerkA"]
	r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("附件案"))
	must(t, err)
	content := "审查意见书正文"
	at, err := e.db.AddAttachment(ctx, c, r.ID, "意见书.txt", "text/plain", strings.NewReader(content))
	must(t, err)
	if at.Size != int64(len(content)) || len(at.SHA256) != 64 {
		t.Fatalf("attachment = %+v", at)
	}
	list, err := e.db.Attachments(ctx, f.actors["inspector"], r.ID)
	must(t, err)
	if len(list) != 1 || list[0].Name != "意见书.txt" {
		t.Fatalf("attachments = %+v", list)
	}
	_, rc, err := e.db.OpenAttachment(ctx, c, r.ID, at.SHA256)
	must(t, err)
	buf := new(strings.Builder)
	_, _ = fmt.Fprint(buf, readAll(t, rc))
	if buf.String() != content {
		t.Fatalf("content = %q", buf.String())
	}
	_, _, err = e.db.OpenAttachment(ctx, f.actors["clerkB"], r.ID, at.SHA256)
	wantErr(t, err, ErrNotFound, "B opens A's attachment")
	_, _, err = e.db.OpenAttachment(ctx, c, r.ID, strings.Repeat("0", 64))
	wantErr(t, err, ErrNotFound, "unknown sha")
	h, _ := e.db.History(ctx, c, r.ID)
	if h[len(h)-1].Action != "attach" {
		t.Fatalf("history = %+v", h)
	}

	// A final record takes no more files, as it takes no more edits.
	r2, err := e.db.Transition(ctx, c, k, r.ID, r.Version, "submit", nil)
	must(t, err)
	_, err = e.db.Transition(ctx, f.actors["reviewerA"], k, r.ID, r2.Version, "decide", ledger.Values{"opinion": "合法"})
	must(t, err)
	_, err = e.db.AddAttachment(ctx, f.actors["reviewerA"], r.ID, "补充.txt", "text/plain", strings.NewReader("补充"))
	var rule *ledger.RuleError
	if !errors.As(err, &rule) || !strings.Contains(rule.Reason, "「办结」") || !strings.Contains(rule.Reason, "不能再上传附件") {
		t.Fatalf("attaching to a final record: %v, want a rule refusal naming the state", err)
	}
	if list, _ := e.db.Attachments(ctx, c, r.ID); len(list) != 1 {
		t.Fatalf("attachments after the refusal = %+v", list)
	}
}
