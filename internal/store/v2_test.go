package store

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// docKind is a normative-document-like kind using the v2 shapes: a filing
// deadline whose days are a setting, a register number at issue, a computed
// 有效期至 ending a validity period (reminded 6 months ahead, expired by date).
func docKind() *ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return &ledger.Kind{
		Name: "doc", Label: "文件", TitleField: "title", CreateRoles: clerk, EditRoles: clerk,
		Settings: []ledger.Setting{
			{Name: "filing_days", Label: "备案期限（日）", Type: ledger.SettingInt, Default: "30", Basis: "本省规定"},
			{Name: "unit_code", Label: "代字", Type: ledger.SettingText, Basis: "发文代字"},
			{Name: "doc_no_pattern", Label: "文件编号格式", Type: ledger.SettingPattern, Default: "{代字}规〔{年}〕{序号}号", Basis: "公文格式"},
		},
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true},
			{Name: "years", Label: "有效期（年）", Type: ledger.TypeInteger},
			{Name: "issue_date", Label: "印发日期", Type: ledger.TypeDate, Step: "issue"},
			{Name: "doc_no", Label: "文件编号", Type: ledger.TypeText, Register: "doc_no_pattern", List: true, Filter: true},
			{Name: "valid_until", Label: "有效期至", Type: ledger.TypeDate, List: true, Compute: func(r *ledger.Record) string {
				n, _ := r.Data.Int("years")
				if n == 0 {
					return ""
				}
				return ledger.AddYears(r, "issue_date", n)
			}},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{{Name: "draft", Label: "起草", Editable: true}, {Name: "in_force", Label: "有效"},
				{Name: "filed", Label: "已备案"}, {Name: "expired", Label: "失效", Final: true}},
			Transitions: []ledger.Transition{
				{Event: "issue", Label: "印发", From: []string{"draft"}, To: "in_force", Roles: clerk, Register: "doc_no"},
				{Event: "file", Label: "报送备案", From: []string{"in_force"}, To: "filed", Roles: clerk},
				{Event: "expire", Label: "失效", From: []string{"in_force", "filed"}, To: "expired", Roles: clerk, OnDue: "validity"},
			},
		},
		Periods: []ledger.Period{
			{Name: "filing", Label: "备案期限", Type: ledger.Deadline, StartField: "issue_date", StopEvents: []string{"file"},
				DaysSetting: "filing_days", Counting: calendar.CalendarDays, Basis: "本省规定"},
			{Name: "validity", Label: "有效期", Type: ledger.Deadline, StartField: "issue_date", UntilField: "valid_until",
				RemindMonths: 6, Counting: calendar.CalendarDays, Basis: "有效期制度"},
		},
	}
}

func docOf(e *testEnv) *ledger.Kind { return e.db.cfg.Kinds.Kind("doc") }

func testSettingsOverrideOrder(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	effective := func(unit access.Unit) (string, string) {
		ss, err := e.db.Settings(ctx, sys, unit.ID)
		must(t, err)
		for _, s := range ss {
			if s.Setting.Name == "filing_days" {
				return s.Value, s.Source()
			}
		}
		t.Fatal("filing_days not listed")
		return "", ""
	}
	if v, src := effective(f.villageA); v != "30" || src != "默认值" {
		t.Fatalf("default = %s %s", v, src)
	}
	province := access.Unit{Name: "测试省", Level: access.LevelProvince}
	_ = province // the fixture's root is the county; its override stands for the level above the township
	must(t, e.db.SetSetting(ctx, sys, f.county.ID, "filing_days", "20"))
	if v, src := effective(f.villageA); v != "20" || !strings.Contains(src, "测试县") {
		t.Fatalf("county override = %s %s", v, src)
	}
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "filing_days", "15"))
	if v, _ := effective(f.villageA); v != "15" {
		t.Fatalf("township beats county: %s", v)
	}
	if v, _ := effective(f.townB); v != "20" {
		t.Fatalf("the other township keeps the county's: %s", v)
	}
	if v, src := effective(f.townA); src != "本单位设置" || v != "15" {
		t.Fatalf("own = %s %s", v, src)
	}
	// A bad value is refused in Chinese and changes nothing.
	var fe ledger.FieldErrors
	if err := e.db.SetSetting(ctx, sys, f.townA.ID, "filing_days", "十五"); !errors.As(err, &fe) || !strings.Contains(fe["filing_days"], "整数") {
		t.Fatalf("bad value: %v", err)
	}
	// Only an administrator over the unit may override.
	wantErr(t, e.db.SetSetting(ctx, f.actors["clerkA"], f.townA.ID, "filing_days", "10"), ErrForbidden, "clerk sets")
	wantErr(t, e.db.SetSetting(ctx, f.actors["admin"], f.townA.ID, "nope", "10"), ErrNotFound, "unknown setting")
	must(t, e.db.SetSetting(ctx, f.actors["admin"], f.townA.ID, "unit_code", "甲政"))

	// A record's clock takes the unit's value and keeps it after the
	// setting changes.
	k := docOf(e)
	clerk := f.actors["clerkA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "甲", "years": "5"})
	must(t, err)
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "issue", ledger.Values{"issue_date": "2025-03-03"})
	must(t, err)
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "filing_days", "60"))
	cs, err := e.db.Clocks(ctx, clerk, r.ID)
	must(t, err)
	i := slices.IndexFunc(cs, func(c ledger.Clock) bool { return c.Period == "filing" })
	if cs[i].Days != 15 || cs[i].Setting != "filing_days" || cs[i].Due.String() != "2025-03-18" {
		t.Fatalf("filing clock = %+v", cs[i])
	}
	// Removing the override brings the county's value back.
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "filing_days", ""))
	if v, _ := effective(f.townA); v != "20" {
		t.Fatalf("after removal = %s", v)
	}
	// The record shows its number and computed date; neither may be typed.
	if r.Data["doc_no"] != "甲政规〔2025〕1号" || r.Data["valid_until"] != "2030-03-03" {
		t.Fatalf("derived = %q %q", r.Data["doc_no"], r.Data["valid_until"])
	}
	_, err = e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "乙", "doc_no": "甲政规〔2025〕9号"})
	if !errors.As(err, &fe) || !strings.Contains(fe["doc_no"], "不能填写") {
		t.Fatalf("typed number: %v", err)
	}
	list, _, err := e.db.ListRecords(ctx, clerk, ListQuery{Kind: "doc", Filters: map[string]string{"doc_no": "甲政规〔2025〕1号"}})
	must(t, err)
	if len(list) != 1 || list[0].ID != r.ID {
		t.Fatalf("filter by register number = %v", ids(list))
	}
}

func testRegisterConcurrentUnique(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := docOf(e)
	clerk := f.actors["clerkA"]
	// Without 代字 the transition is refused and takes no number.
	r0, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "无代字"})
	must(t, err)
	_, err = e.db.Transition(ctx, clerk, k, r0.ID, r0.Version, "issue", ledger.Values{"issue_date": "2025-03-03"})
	var re *ledger.RuleError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "代字") {
		t.Fatalf("no 代字: %v", err)
	}
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "unit_code", "甲政"))
	const n = 50
	recs := make([]*ledger.Record, n)
	for i := range recs {
		recs[i], err = e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": fmt.Sprintf("文件%d", i)})
		must(t, err)
	}
	// A transition refused at the write (stale version) consumes nothing.
	stale := *recs[0]
	_, err = e.db.UpdateRecord(ctx, clerk, k, recs[0].ID, recs[0].Version, ledger.Values{"title": "文件0改"})
	must(t, err)
	_, err = e.db.Transition(ctx, clerk, k, stale.ID, stale.Version, "issue", ledger.Values{"issue_date": "2025-03-03"})
	wantErr(t, err, ErrConflict, "stale issue")
	recs[0].Version++
	nums := make([]string, n)
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range recs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r, err := e.db.Transition(ctx, clerk, k, recs[i].ID, recs[i].Version, "issue", ledger.Values{"issue_date": "2025-03-03"})
			errs[i] = err
			if err == nil {
				nums[i] = r.Data["doc_no"]
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		must(t, err)
	}
	var want []string
	for i := 1; i <= n; i++ {
		want = append(want, fmt.Sprintf("甲政规〔2025〕%d号", i))
	}
	got := slices.Clone(nums)
	slices.SortFunc(got, func(a, b string) int { return len(a)*1000 - len(b)*1000 + strings.Compare(a, b) })
	if !slices.Equal(got, want) {
		t.Fatalf("numbers = %v", got)
	}
	// The stored records agree, and another township counts from 1.
	for i, r := range recs {
		stored, err := e.db.Record(ctx, clerk, r.ID)
		must(t, err)
		if stored.Data["doc_no"] != nums[i] {
			t.Fatalf("record %d stored %q, returned %q", r.ID, stored.Data["doc_no"], nums[i])
		}
	}
	must(t, e.db.SetSetting(ctx, sys, f.townB.ID, "unit_code", "乙政"))
	rb, err := e.db.CreateRecord(ctx, f.actors["clerkB"], k, f.townB.ID, ledger.Values{"title": "乙文"})
	must(t, err)
	rb, err = e.db.Transition(ctx, f.actors["clerkB"], k, rb.ID, rb.Version, "issue", ledger.Values{"issue_date": "2025-03-03"})
	must(t, err)
	if rb.Data["doc_no"] != "乙政规〔2025〕1号" {
		t.Fatalf("other unit = %q", rb.Data["doc_no"])
	}
}

func testDueTransitionsIdempotent(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := docOf(e)
	clerk := f.actors["clerkA"]
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "unit_code", "甲政"))
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "一年期", "years": "1"})
	must(t, err)
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "issue", ledger.Values{"issue_date": "2024-02-29"})
	must(t, err)
	if r.Data["valid_until"] != "2025-02-28" {
		t.Fatalf("valid_until = %q", r.Data["valid_until"])
	}
	// Today (2025-03-03) is past 有效期至: one run expires it, a second run
	// and a run after a restart find nothing.
	n, err := e.db.RunDueTransitions(ctx)
	must(t, err)
	if n != 1 {
		t.Fatalf("first run changed %d", n)
	}
	n, err = e.db.RunDueTransitions(ctx)
	must(t, err)
	if n != 0 {
		t.Fatalf("second run changed %d", n)
	}
	if e.dialect == "sqlite" {
		must(t, e.db.Close())
		e2 := newEnv(t, "", e.dataDir)
		e2.clock.t = e.clock.t
		n, err = e2.db.RunDueTransitions(ctx)
		must(t, err)
		if n != 0 {
			t.Fatalf("after restart changed %d", n)
		}
		e = e2
	}
	got, err := e.db.Record(ctx, clerk, r.ID)
	must(t, err)
	if got.State != "expired" {
		t.Fatalf("state = %s", got.State)
	}
	hist, err := e.db.History(ctx, clerk, r.ID)
	must(t, err)
	expires := 0
	for _, h := range hist {
		if h.Action == "transition" && strings.Contains(h.Summary, "失效") {
			expires++
		}
	}
	if expires != 1 {
		t.Fatalf("history has %d expiries: %+v", expires, hist)
	}
}

func testRemindersAndLate(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("test")
	k := docOf(e)
	clerk := f.actors["clerkA"]
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "unit_code", "甲政"))
	must(t, e.db.SetSetting(ctx, sys, f.townA.ID, "filing_days", "10"))
	// Valid until 2025-06-30: the reminder is due from 2024-12-30.
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "将到期", "years": "1"})
	must(t, err)
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "issue", ledger.Values{"issue_date": "2024-06-30"})
	must(t, err)
	far, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, ledger.Values{"title": "远", "years": "5"})
	must(t, err)
	_, err = e.db.Transition(ctx, clerk, k, far.ID, far.Version, "issue", ledger.Values{"issue_date": "2025-01-02"})
	must(t, err)
	rem, err := e.db.Reminders(ctx, clerk, calendar.Date{Year: 2025, Month: 3, Day: 3})
	must(t, err)
	if len(rem) != 1 || rem[0].RecordID != r.ID || rem[0].Clock.Period != "validity" {
		t.Fatalf("reminders = %+v", rem)
	}
	rem, err = e.db.Reminders(ctx, f.actors["clerkB"], calendar.Date{Year: 2025, Month: 3, Day: 3})
	must(t, err)
	if len(rem) != 0 {
		t.Fatalf("other township sees %d reminders", len(rem))
	}
	// Filed after its 10 days (due 2024-07-10) reads late.
	r, err = e.db.Transition(ctx, clerk, k, r.ID, r.Version, "file", nil)
	must(t, err)
	cs, err := e.db.Clocks(ctx, clerk, r.ID)
	must(t, err)
	i := slices.IndexFunc(cs, func(c ledger.Clock) bool { return c.Period == "filing" })
	if cs[i].LateNote() != "逾期236日办结" {
		t.Fatalf("late = %q (%+v)", cs[i].LateNote(), cs[i])
	}
}

func testHolidayUpload(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	var he *HolidayFileError
	_, err := e.db.UploadHolidays(ctx, f.actors["admin"], []byte("2027-01-01\t元旦\t2\n"))
	if !errors.As(err, &he) || !strings.Contains(he.Message, "第1行") {
		t.Fatalf("bad file: %v", err)
	}
	_, err = e.db.UploadHolidays(ctx, f.actors["clerkA"], []byte("year\t2027\t通知\n"))
	wantErr(t, err, ErrForbidden, "clerk uploads")
	ys, err := e.db.LoadHolidays(ctx)
	must(t, err)
	if len(ys) != 0 {
		t.Fatalf("refused uploads stored: %v", ys)
	}
	ys, err = e.db.UploadHolidays(ctx, f.actors["admin"], []byte("year\t2027\t国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01\t元旦\t1\n"))
	must(t, err)
	if !slices.Equal(ys, []int{2027}) {
		t.Fatalf("years = %v", ys)
	}
	ys, err = e.db.LoadHolidays(ctx)
	must(t, err)
	if !slices.Equal(ys, []int{2027}) {
		t.Fatalf("stored = %v", ys)
	}
	entries, err := e.db.AuditEntries(ctx, SystemActor("t"), 0, 1000)
	must(t, err)
	if !slices.ContainsFunc(entries, func(en audit.Entry) bool { return en.Action == "holidays" }) {
		t.Fatal("upload not audited")
	}
}
