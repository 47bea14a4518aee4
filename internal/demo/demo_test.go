package demo_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/blob"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// now is the store's clock in these tests: 2025-06-16 10:00 China time.
var now = time.Date(2025, 6, 16, 2, 0, 0, 0, time.UTC)

type env struct {
	db  *store.DB
	reg *ledger.Registry
	cal *calendar.Calendar // the store's calendar, for loading a year mid-test
	out string
}

// seeded opens a real SQLite store in a temporary directory and seeds it.
func seeded(t *testing.T) *env {
	t.Helper()
	e, err := seededAt(t, now)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// seededAt seeds a store whose clock says now.
func seededAt(t *testing.T, now time.Time) (*env, error) {
	t.Helper()
	dir := t.TempDir()
	keys, err := secure.ParseKeyRing("1:" + strings.Repeat("ab", secure.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Builtin()
	db, err := store.Open(context.Background(), store.Config{DataDir: dir, Keys: keys, Blobs: blobs, Kinds: reg,
		Calendar: cal, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var out bytes.Buffer
	today := calendar.FromTime(now.In(calendar.China))
	err = demo.Seed(context.Background(), db, reg, cal, fakeHash, today, &out)
	return &env{db: db, reg: reg, cal: cal, out: out.String()}, err
}

// fakeHash stands in for argon2id so the test is quick; Seed takes the hash
// function from its caller.
func fakeHash(pw string) (string, error) { return "test$" + pw, nil }

func (e *env) actor(t *testing.T, username string) store.Actor {
	t.Helper()
	ctx := context.Background()
	u, err := e.db.UserByUsername(ctx, username)
	if err != nil {
		t.Fatal(err)
	}
	scope, err := e.db.ScopeOf(ctx, u)
	if err != nil {
		t.Fatal(err)
	}
	return store.Actor{UserID: u.ID, UserName: u.Name, UnitID: u.UnitID, Scope: scope, Roles: u.Roles, SeePersonal: true}
}

func (e *env) all(t *testing.T, a store.Actor, q store.ListQuery) []ledger.Record {
	t.Helper()
	q.PerPage = 200
	recs, total, err := e.db.ListRecords(context.Background(), a, q)
	if err != nil {
		t.Fatal(err)
	}
	if total != len(recs) {
		t.Fatalf("paged: %d of %d", len(recs), total)
	}
	return recs
}

var accountLine = regexp.MustCompile(`(?m)^\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)$`)

func TestSeed_AccountsOnePerRoleWithPrintedPasswords(t *testing.T) {
	e := seeded(t)
	ctx := context.Background()
	lines := accountLine.FindAllStringSubmatch(e.out, -1)
	if len(lines) != 12 {
		t.Fatalf("printed %d accounts:\n%s", len(lines), e.out)
	}
	roles := map[access.Role]bool{}
	for _, l := range lines {
		username, pw := l[1], l[2]
		if err := access.CheckPasswordPolicy(pw, 10); err != nil {
			t.Errorf("%s: printed password %q fails the policy: %v", username, pw, err)
		}
		u, err := e.db.UserByUsername(ctx, username)
		if err != nil {
			t.Fatalf("%s: %v", username, err)
		}
		if u.PasswordHash != "test$"+pw {
			t.Errorf("%s: the printed password is not the stored one", username)
		}
		for _, r := range u.Roles {
			roles[r] = true
		}
	}
	for _, r := range access.AllRoles {
		if !roles[r] {
			t.Errorf("no demo account with role %s", r.Label())
		}
	}
	adviser, _ := e.db.UserByUsername(ctx, "adviser")
	grants, err := e.db.Grants(ctx, adviser.ID)
	if err != nil || len(grants) != 3 {
		t.Errorf("adviser grants = %v, %v; want one per township", grants, err)
	}
}

func TestSeed_UnitTree(t *testing.T) {
	e := seeded(t)
	units, err := e.db.Units(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	levels := map[access.Level]int{}
	for _, u := range units {
		levels[u.Level]++
	}
	want := map[access.Level]int{access.LevelCounty: 1, access.LevelTownship: 3, access.LevelVillage: 6, access.LevelDepartment: 3}
	for l, n := range want {
		if levels[l] != n {
			t.Errorf("%s units: %d, want %d", l.Label(), levels[l], n)
		}
	}
}

func TestSeed_RecordsInVariedStatesSomeOverdue(t *testing.T) {
	e := seeded(t)
	insp := e.actor(t, "inspector")
	recs := e.all(t, insp, store.ListQuery{})
	// About 50 reviews and decisions, and each decision's catalogue item.
	if len(recs) < 60 || len(recs) > 75 {
		t.Errorf("%d records, want about 67", len(recs))
	}
	states := map[string]map[string]int{}
	seen := map[string]bool{}
	for _, r := range recs {
		if seen[r.Kind+r.Title] {
			t.Errorf("two %s records titled %s", r.Kind, r.Title)
		}
		seen[r.Kind+r.Title] = true
		if states[r.Kind] == nil {
			states[r.Kind] = map[string]int{}
		}
		states[r.Kind][r.State]++
	}
	for kind, want := range map[string][]string{
		kinds.LegalityReviewKind: {"received", "reviewing", "returned", "opined", "withdrawn"},
		kinds.MajorDecisionKind:  {"drafting", "consulting", "evaluating", "reviewing", "decided", "published", "archived", "terminated"},
	} {
		for _, s := range want {
			if states[kind][s] == 0 {
				t.Errorf("no %s in state %s (have %v)", kind, s, states[kind])
			}
		}
	}
	overdue := e.all(t, insp, store.ListQuery{Overdue: true})
	if len(overdue) < 3 {
		t.Errorf("%d overdue records, want some", len(overdue))
	}
	today := calendar.FromTime(now.In(calendar.China))
	for _, r := range overdue {
		cs, err := e.db.Clocks(context.Background(), insp, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(cs, func(c ledger.Clock) bool { return c.Overdue(today) }) {
			t.Errorf("record %d listed overdue without an overdue clock: %+v", r.ID, cs)
		}
	}
	paused := false
	for _, r := range e.all(t, insp, store.ListQuery{Kind: kinds.LegalityReviewKind, State: "returned"}) {
		cs, _ := e.db.Clocks(context.Background(), insp, r.ID)
		for _, c := range cs {
			paused = paused || (c.Status == ledger.ClockPaused && len(c.Adjustments) == 1 && c.Adjustments[0].Reason != "")
		}
	}
	if !paused {
		t.Error("no returned review with its time limit paused (with a reason)")
	}
}

// Every decision past collective discussion went through the gate of
// 条例第二十五条: its linked review says 合法 or 修改后合法, dated before the
// meeting.
func TestSeed_DecisionsPassedTheLegalityGate(t *testing.T) {
	e := seeded(t)
	ctx := context.Background()
	insp := e.actor(t, "inspector")
	n := 0
	for _, r := range e.all(t, insp, store.ListQuery{Kind: kinds.MajorDecisionKind}) {
		if r.State != "decided" && r.State != "published" && r.State != "archived" {
			continue
		}
		n++
		full, err := e.db.Record(ctx, insp, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		rev, err := e.db.Record(ctx, insp, mustID(t, full.Data["review_id"]))
		if err != nil {
			t.Fatalf("decision %d: linked review: %v", r.ID, err)
		}
		op := rev.Data["opinion"]
		if op != kinds.OpinionLawful && op != kinds.OpinionLawfulRevised {
			t.Errorf("decision %d decided on a review with opinion %q", r.ID, op)
		}
		if full.Data["meeting_date"] < rev.Data["opinion_date"] {
			t.Errorf("decision %d: meeting %s before opinion %s", r.ID, full.Data["meeting_date"], rev.Data["opinion_date"])
		}
		hist, err := e.db.History(ctx, insp, r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(hist, func(h store.HistoryEntry) bool { return h.Action == "transition" }) {
			t.Errorf("decision %d has no transitions in its history", r.ID)
		}
	}
	if n < 5 {
		t.Errorf("only %d decisions past the gate", n)
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Errorf("audit chain after seeding: %v %v", brk, err)
	}
}

func TestSeed_TownshipClerkSeesOnlyTheirTownship(t *testing.T) {
	e := seeded(t)
	ctx := context.Background()
	clerk := e.actor(t, "yunxi.clerk")
	home, err := e.db.Unit(ctx, clerk.UnitID)
	if err != nil {
		t.Fatal(err)
	}
	recs := e.all(t, clerk, store.ListQuery{})
	if len(recs) == 0 {
		t.Fatal("the clerk sees nothing")
	}
	for _, r := range recs {
		u, err := e.db.Unit(ctx, r.UnitID)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(u.Path, home.Path) {
			t.Errorf("云溪镇 clerk sees record %d of %s", r.ID, u.Name)
		}
	}
	if total := len(e.all(t, e.actor(t, "inspector"), store.ListQuery{})); len(recs) >= total {
		t.Errorf("clerk sees %d of %d records", len(recs), total)
	}
}

func TestSeed_FixedSeedAndEmptyDatabaseOnly(t *testing.T) {
	a, b := seeded(t), seeded(t)
	titles := func(e *env) string {
		var s []string
		for _, r := range e.all(t, e.actor(t, "inspector"), store.ListQuery{Sort: "title"}) {
			s = append(s, r.Kind+"/"+r.State+"/"+r.Title)
		}
		return strings.Join(s, "\n")
	}
	if titles(a) != titles(b) {
		t.Error("two seeds differ: the random seed is not fixed")
	}
	err := demo.Seed(context.Background(), a.db, a.reg, calendar.Builtin(), fakeHash, calendar.FromTime(now), &bytes.Buffer{})
	if !errors.Is(err, demo.ErrNotEmpty) {
		t.Errorf("seeding twice: %v", err)
	}
}

func mustID(t *testing.T, s string) int64 {
	t.Helper()
	var n int64
	for _, c := range s {
		if c < '0' || c > '9' {
			t.Fatalf("bad id %q", s)
		}
		n = n*10 + int64(c-'0')
	}
	if n == 0 {
		t.Fatalf("no id")
	}
	return n
}

// Near the end of the last year the built-in calendar knows (2026), the
// demo still loads; beyond it, it says the calendar is unknown.
func TestSeed_AtTheEndOfTheKnownCalendar(t *testing.T) {
	for _, at := range []time.Time{time.Date(2026, 12, 30, 2, 0, 0, 0, time.UTC), time.Date(2027, 1, 5, 2, 0, 0, 0, time.UTC)} {
		e, err := seededAt(t, at)
		if err != nil {
			t.Fatalf("seeding on %s: %v", at.Format(time.DateOnly), err)
		}
		if !strings.Contains(e.out, "台账记录 67 条") {
			t.Errorf("output: %s", e.out)
		}
	}
	_, err := seededAt(t, time.Date(2027, 3, 1, 2, 0, 0, 0, time.UTC))
	if !errors.Is(err, calendar.ErrUnknown) {
		t.Errorf("seeding in an unknown year: %v, want calendar.ErrUnknown", err)
	}
}

// After seeding at the end of the known calendar, a clerk still records a
// review whose time limit reaches 2027: it is saved with its due date
// pending, can be paused, and gets its due date on the next edit once the
// 2027 holidays are loaded.
func TestSeed_NewReviewWhoseLimitReachesTheUnknownYear(t *testing.T) {
	e, err := seededAt(t, time.Date(2026, 12, 30, 2, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	clerk := e.actor(t, "yunxi.clerk")
	k := e.reg.Kind(kinds.LegalityReviewKind)
	form := ledger.Values{"subject_type": "合同", "subject_title": "云溪镇保洁服务合同", "department": "党政办公室",
		"reviewer_type": "审核专班", "reviewer_name": "林一帆", "received_date": "2026-12-28", "review_limit_days": "7"}
	r, err := e.db.CreateRecord(ctx, clerk, k, clerk.UnitID, form)
	if err != nil {
		t.Fatalf("creating a review received 2026-12-28 with 7 working days: %v", err)
	}
	clock := func() ledger.Clock {
		t.Helper()
		cs, err := e.db.Clocks(ctx, clerk, r.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("clocks: %+v %v", cs, err)
		}
		return cs[0]
	}
	c := clock()
	if c.Period != "review_limit" || c.Start != d(t, "2026-12-28") || c.Days != 7 || !c.DueUnknown() {
		t.Fatalf("stored clock = %+v, want 7 working days from 2026-12-28 with the due date pending", c)
	}
	if note := c.DuePendingNote(e.cal); note != "期限届满日待定：2027年节假日安排尚未载入（请管理员载入节假日文件）" {
		t.Errorf("note = %q", note)
	}
	err = e.db.AdjustClock(ctx, clerk, k, r.ID, "review_limit", ledger.ClockAdjustment{Action: "extend", Days: 2,
		On: d(t, "2026-12-30"), Reason: "送审材料较多", Basis: "本地合法性审查工作规则"})
	if err != nil {
		t.Fatalf("extending a clock with a pending due date: %v", err)
	}
	if c := clock(); !c.DueUnknown() || len(c.Adjustments) != 1 {
		t.Fatalf("after extending: %+v", c)
	}

	if err := e.cal.Load(strings.NewReader("year\t2027\t测试日历\n2027-01-01\t元旦\t1\n")); err != nil {
		t.Fatal(err)
	}
	form["materials"] = "补充：合同文本及询价记录。"
	if _, err := e.db.UpdateRecord(ctx, clerk, k, r.ID, r.Version, form); err != nil {
		t.Fatal(err)
	}
	// 9 working days after 28 Dec: 29–31 Dec, (元旦 off) 4–8 Jan, 11 Jan.
	if c := clock(); c.DueUnknown() || c.Due != d(t, "2027-01-11") {
		t.Errorf("after loading 2027 and editing: due %s, want 2027-01-11", c.Due)
	}
}

func d(t *testing.T, s string) calendar.Date {
	t.Helper()
	dt, err := calendar.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return dt
}
