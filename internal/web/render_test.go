package web

import (
	"io/fs"
	"maps"
	"net/http"
	"net/http/httptest"
	"path"
	"strings"
	"testing"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// TestEveryTemplateRenders executes every page template with a filled page
// struct, so a template referring to a missing field fails here and not in
// front of a user. A page added without a case here fails the test.
func TestEveryTemplateRenders(t *testing.T) {
	reg, err := ledger.NewRegistry(testKind())
	if err != nil {
		t.Fatal(err)
	}
	s := New(Config{Password: cheapPassword}, nil, reg, nil, nil)
	k := reg.Kind("case")
	user := &access.User{ID: 1, Username: "clerk", Name: "张三", Roles: []access.Role{access.RoleClerk, access.RoleAdmin}}
	req := httptest.NewRequest("GET", "/l/case/1", nil)
	req = req.WithContext(withPrincipal(req, &Principal{User: user, Session: &store.Session{CSRF: "tok"}}))
	base := s.base(req, "测试")
	ff := []FormField{
		{Name: "title", Label: "标题", Widget: "text", Value: "<b>值</b>", Error: "请填写标题", Required: true},
		{Name: "summary", Label: "摘要", Widget: "textarea", Value: "长文本"},
		{Name: "category", Label: "类别", Widget: "select", Options: []Option{{Value: "a", Label: "甲", Selected: true}}},
		{Name: "id", Label: "身份证号", Widget: "personal", Value: "1101**********1234"},
		{Name: "n", Label: "数量", Widget: "number", Step: "1", Value: "3"},
	}
	now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	rec := &ledger.Record{ID: 1, Kind: "case", State: "draft", Title: "某镇规范性文件审查", Version: 2, Data: ledger.Values{"title": "x"}, UpdatedAt: now}
	pages := map[string]any{
		"error.html": &ErrorPage{Base: base, Status: 404, Message: "找不到"},
		"indicators.html": &IndicatorsPage{Base: base, Unit: access.Unit{ID: 2, Name: "甲镇"}, Year: 2025, Years: []int{2024, 2025}, Message: "甲镇2025年度没有台账记录，各项指标均为0",
			Rows:  []IndicatorRow{{ID: "a.b", Name: "件数", Unit: "件", Value: "3", URL: "/indicators/a.b/records", Measured: true}, {ID: "a.r", Name: "比率", Unit: "%", Value: "50", Num: "1", Den: "2", NumURL: "/x", DenURL: "/y", Measured: true}},
			Heads: []string{"件数"}, Trend: []TrendRow{{Name: "件数", Unit: "件", Cells: []Cell{{"1", "/x"}, {"3", "/y"}}}}, TrendChart: `{"type":"line"}`,
			Children: []TrendRow{{Name: "甲村", URL: "/indicators?unit=4", Cells: []Cell{{"3", "/x"}}}}, ChildChart: `{"type":"bar"}`,
			Due: []DueRow{{URL: "/l/case/1", Title: "甲", Due: "2025-03-02", DaysLeft: -2, Overdue: true}}},
		"indicator_records.html": &IndicatorRecordsPage{Base: base, Indicator: IndicatorRow{Name: "比率", Value: "50", Num: "1", Den: "2", Note: "口径"}, UnitName: "甲镇", Year: 2025,
			PartLabel: "分子", Count: 1, Sum: true, Rows: []DrillRow{{URL: "/l/case/1", Title: "甲", Part: "2"}}, Next: "/n"},
		"assessment.html": &AssessmentPage{Base: base, Unit: access.Unit{ID: 1, Name: "测试县"}, Year: 2025, Cards: []ScoreCard{{
			Scorecard: indicator.Scorecard{Unit: access.Unit{ID: 2, Name: "甲镇"}, Total: 7.5, Max: 25, Rank: 1},
			Lines: []ScoreLine{{Line: indicator.Line{Item: indicator.Item{ID: "K1", Name: "审查率"}, Score: 5}, Value: "50%", URL: "/x", NumURL: "/n", DenURL: "/d"},
				{Line: indicator.Line{Item: indicator.Item{ID: "K2", Name: "人工"}, ByHand: true}}}}}},
		"login.html":     &LoginPage{Base: base, Username: "u", Error: msgLoginBad},
		"dashboard.html": &DashboardPage{Base: base, Today: "2025年3月1日", CalendarMissing: "2027年节假日安排尚未载入", Reminders: []DueRow{{URL: "/l/case/1", Title: "丙", DaysLeft: 90}}, Counts: []KindCounts{{Kind: "case", Label: "案件", Total: 3, States: []StateCell{{State: "draft", Label: "起草", Count: 3}}}}, Due: []DueRow{{URL: "/l/case/1", Title: "甲", Due: "2025-03-02", DaysLeft: -2, Overdue: true}, {Title: "乙", DaysLeft: 3}}},
		"todo.html": &TodoPage{Base: base, Today: "2025年3月1日", Total: 1, Page: 1, Pages: 2, NextURL: "/todo?page=2", Error: "「页码」应为从 1 开始的正整数", Groups: []TodoGroup{{Name: "overdue", Label: "已逾期", Empty: "无",
			Items: []TodoItem{{URL: "/l/case/1", Title: "甲", KindLabel: "案件", Unit: "甲镇", StateLabel: "起草", Steps: []TodoStep{{Event: "e", Label: "办结"}},
				Period: "办理期限", Basis: "规定", Due: "2025-02-27", DaysLeft: -2, Overdue: true}}}, {Name: "waiting", Label: "待我办理", Empty: "无"}}},
		"board.html": &BoardPage{Base: base, Today: "2025年3月1日", KindOpts: []Option{{Label: "全部台账"}}, Units: []Option{{Label: "全部单位"}},
			People: []Option{{Label: "全部经办人"}}, Total: 2, Overdue: 1, Page: 2, Pages: 3, PrevURL: "/board", NextURL: "/board?page=3", ExportURL: "/board/export.xlsx?", Error: "「单位」应为正整数编号",
			ByUnit: []BoardUnit{{Unit: "甲镇", Running: 2, Overdue: 1}},
			Rows: []BoardRow{{URL: "/l/case/1", Title: "甲", KindLabel: "案件", Unit: "甲镇", State: "起草", Period: "办理期限", Basis: "规定", Due: "2025-02-27", DaysLeft: -2, Overdue: true, Person: "张三"},
				{Title: "乙", Pending: "期限届满日待定"}}},
		"notifications.html": &NotificationsPage{Base: base, Items: []NotificationView{{ID: 1, Day: "2025-03-01", Title: "到期提醒：已逾期 1 件", Lines: []string{"【案件】甲 已逾期 2 天"}}, {ID: 2, Title: "乙", Read: true}}},
		"reminders.html": &RemindersAdminPage{Base: base, Email: true, Undelivered: []DigestView{{User: "张三", Day: "2025-03-01", Channel: "推送", Status: "待重试", Attempts: 2, Error: "503"}},
			Log: []DeliveryView{{User: "张三", Day: "2025-03-01", At: "2025-03-01 09:00:00", Attempt: 1, Status: 503, Error: "忙"}}},
		"public.html": &PublicPage{Base: base, Sections: []PublicSection{{Label: "重大行政决策", Records: []PublicRecord{{Title: "决策", Unit: "甲镇", Date: "2025-01-01"}}}}},
		"tally.html": &TallyPage{Base: base, Kind: &ledger.Kind{Name: "k", Label: "学法"}, Tally: &ledger.Tally{Name: "t", Label: "学时", Unit: "学时", Basis: "规定"},
			Year: 2025, Rows: []TallyView{{Person: "<b>值</b>", Group: "领导干部", Total: "3", Minimum: "40", Status: "差37学时", Short: true,
				Records: []LinkView{{Title: "第1号", URL: "/l/k/1"}}}}, Short: 1, ExportURL: "/tally/k/t?format=xlsx"},
		"public_record.html": &PublicRecordPage{Base: base, Kind: "重大行政决策", Name: "决策", Unit: "甲镇", Fields: []FieldView{{Label: "决定内容", Value: "通过"}}},
		"list.html": &ListPage{Base: base, Kind: k, CanCreate: true, States: []Option{{Label: "全部"}}, Units: []Option{{Label: "全部单位"}}, Filters: ff[:1],
			Table: ListTable{Kind: "case", Total: 1, Page: 1, Pages: 2, NextURL: "/l/case?page=2", Columns: []Column{{Label: "日期", SortURL: "/l/case?sort=received", Sorted: "asc"}},
				Rows: []ListRow{{URL: "/l/case/1", Title: "甲", State: "起草", Cells: []string{"2025-01-01"}}}}},
		"form.html": &FormPage{Base: base, Kind: k, Action: "/l/case", Cancel: "/l/case", Units: []Option{{Value: "1", Label: "甲镇"}}, Fields: ff, Error: "输入有误"},
		"record.html": &RecordPage{Base: base, Kind: k, Rec: rec, URL: "/l/case/1", StateLabel: "起草", CanEdit: true,
			Fields:      []FieldView{{Label: "标题", Value: "x"}, {Label: "关联", Value: "y", URL: "/l/case/2"}, {Label: "摘要", Long: true}},
			Transitions: []TransitionForm{{Event: "decide", Label: "出具意见", To: "办结", Fields: ff}},
			Clocks: []ClockView{{Period: "handle", Label: "办理期限", Type: "deadline", Start: "2025-01-01", Due: "2025-03-01", Running: true, Overdue: true,
				Error: ledger.FieldErrors{"reason": "请填写理由"}, Values: map[string]string{"reason": "r"},
				Sentence: "2025-01-01 起，2025-03-01 截止，计时中", CanPause: true, CanExtend: true,
				Adjusted: []string{"2025-02-01 延长 30 天：理由：r；依据：b"}}},
			Next: "待审核员出具意见，法定期限至2025年3月1日，已逾期2日。", NextMine: true, Notice: "已办理「受理」，记录现为「起草」。", CanUpload: true,
			History:   []store.HistoryEntry{{At: now, Actor: "张三", Summary: "登记"}},
			Files:     []store.Attachment{{Name: "意见书.pdf", Size: 10, SHA256: strings.Repeat("a", 64), CreatedAt: now}},
			Links:     []LinkView{{Label: "合法性审查", Title: "审查", URL: "/l/case/2"}},
			Refusal:   &ledger.RuleError{Reason: "未经合法性审查或者经审查不合法的，不得提交集体讨论", Basis: "《重大行政决策程序暂行条例》第二十五条"},
			OpenEvent: "decide", FileError: "文件过大"},
		"users.html": &UsersPage{Base: base, Users: []UserRow{{ID: 2, Username: "li", Name: "李四", Locked: true}, {ID: 3, Username: "w"}},
			Units: []Option{{Value: "1", Label: "甲镇"}}, Roles: []Option{{Value: "clerk", Label: "录入员"}},
			Form: map[string]string{"username": "x"}, Errors: map[string]string{"password": "密码太短"}, Message: "已添加"},
		"tokens.html": &TokensPage{Base: base, Tokens: []TokenRow{{ID: 1, Name: "<b>值</b>", Created: "2025-03-01", Expires: "2025-05-30", Live: true}, {ID: 2, Name: "旧", End: "已过期"}},
			Name: "x", Error: "请填写令牌用途", Message: "已签发", Token: "fz_tok"},
		"units.html": &UnitsPage{Base: base, Units: []UnitRow{{ID: 1, Name: "测试县", Level: "县/区", CanChange: true}, {ID: 2, Indent: "　", Name: "甲镇", Level: "乡镇/街道", CreditCode: "x",
			CanChange: true, CanMove: true, MoveTo: []Option{{Value: "1", Label: "测试县"}}}, {ID: 3, Name: "旧镇", Closed: true}},
			Parents: []Option{{Value: "1", Label: "测试县"}}, Levels: []Option{{Value: "township", Label: "乡镇/街道"}},
			Form: map[string]string{"name": "x"}, Errors: map[string]string{"name": "请填写单位名称"}, Message: "已新建", Error: "不能移动",
			Import: access.ImportErrors{{Row: 2, Column: "层级", Value: "小区", Reason: "无法识别"}, {Reason: "表中没有单位"}}},
		"user_edit.html": &UserEditPage{Base: base, UserID: 2, Username: "li", Form: map[string]string{"name": "李四"}, Errors: map[string]string{"unit_id": "请选择"},
			Units: []Option{{Value: "1", Label: "甲镇", Selected: true}}, Roles: []Option{{Value: "clerk", Label: "录入员"}}, Message: "已保存",
			Grants: []GrantRow{{UnitID: 3, Unit: "乙镇", Roles: "法律顾问", CanRemove: true}}, GrantTo: []Option{{Value: "3", Label: "乙镇"}}},
		"password.html": &PasswordPage{Base: base, Errors: map[string]string{"old_password": "原密码不正确"}, Message: "已修改", MinLen: 10},
		"settings.html": &SettingsPage{Base: base, Units: []Option{{Value: "1", Label: "甲镇", Selected: true}}, UnitID: 1, UnitName: "甲镇",
			Settings: []SettingRow{{Name: "d", Label: "备案期限", Effective: "30", Source: "默认值", Basis: "规定", Help: "h"},
				{Name: "c", Label: "代字", Effective: "甲", Source: "本单位设置", Own: true, Value: "乙", Error: "请填写"}},
			Years: []int{2025, 2026}, Missing: "2027年节假日安排尚未载入", Message: "已保存", Error: "第1行有误"},
		"audit.html": &AuditPage{Base: base, Entries: []AuditView{{Seq: 1, At: now, Actor: "张三", Action: "修改", Object: "案件：甲", ObjectURL: "/l/case/1",
			Changes: []AuditChange{{Label: "标题", Old: "甲", New: "乙"}, {Label: "身份证号", Old: "", New: "（个人信息，不显示）"}}}}, NextURL: "/admin/audit?before=1",
			Units: []Option{{Label: "全部单位"}}, Users: []Option{{Label: "全部人员"}}, Ledgers: []Option{{Label: "全部台账"}}, Actions: []Option{{Label: "全部操作"}}, Error: "记录编号须为数字"},
	}
	docs, err := apiDocsPage(s.openAPI)
	if err != nil {
		t.Fatal(err)
	}
	docs.Base = base
	pages["api_docs.html"] = docs
	maps.Copy(pages, checkRenderCases(base))     // 报告审校 pages: check_render_test.go
	maps.Copy(pages, importRenderCases(base, k)) // import pages: imports_test.go
	maps.Copy(pages, reportRenderCases(base))    // annual report pages: report_test.go
	files, _ := fs.Glob(assets, "templates/*.html")
	for _, f := range files {
		name := path.Base(f)
		if name == "layout.html" {
			continue
		}
		data, ok := pages[name]
		if !ok {
			t.Errorf("template %s has no render case in this test", name)
			continue
		}
		t.Run(name, func(t *testing.T) {
			w := httptest.NewRecorder()
			s.render(w, req, http.StatusOK, name, data)
			body := w.Body.String()
			if w.Code != http.StatusOK {
				t.Fatalf("status %d: %s", w.Code, body)
			}
			for _, want := range []string{"<!doctype html>", "</html>", "测试 - 法治政府建设管理平台", `hx-headers="{&#34;X-CSRF-Token&#34;:&#34;tok&#34;}"`} {
				if !strings.Contains(body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			if strings.Contains(body, "<b>值</b>") {
				t.Error("a user value was not escaped")
			}
			if strings.Contains(body, "<script>") || strings.Contains(body, " onclick=") {
				t.Error("inline script in a page: the CSP forbids it")
			}
		})
	}
	// The list's table fragment renders alone for htmx.
	w := httptest.NewRecorder()
	s.renderFragment(w, req, "list.html", "table", pages["list.html"].(*ListPage).Table)
	if b := w.Body.String(); !strings.HasPrefix(b, `<div id="table"`) || strings.Contains(b, "<html") {
		t.Errorf("table fragment is not just the table: %.200s", b)
	}
}
