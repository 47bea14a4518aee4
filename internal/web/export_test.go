package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Planted personal data: a valid ID number (GB 11643 check digit) and a
// mobile number that appear nowhere else in the tests.
const (
	plantedID    = "11010519491231002X"
	plantedPhone = "13987654321"
)

// exportEnv is the test env with the test kind plus an ID-number field, so
// both kinds of planted personal data can be recorded.
func exportEnv(t testing.TB) *env {
	k := testKind()
	k.Fields = append(k.Fields, ledger.Field{Name: "idno", Label: "申请人身份证号", Type: ledger.TypePersonal,
		Personal: ledger.PersonalIDNumber})
	reg, err := ledger.NewRegistry(k)
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, reg)
}

// workbook is an export read back with excelize.
type workbook struct {
	sheet string
	rows  [][]string
	f     *excelize.File
}

// download GETs path and returns the response and raw body.
func (c *client) download(t *testing.T, path string) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// export downloads an export and reads it back, failing unless it is a
// 200 xlsx with a UTF-8 file name.
func (c *client) export(t *testing.T, query string) (*workbook, []byte) {
	t.Helper()
	resp, b := c.download(t, "/l/case/export.xlsx?"+query)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export ?%s: status %d: %.500s", query, resp.StatusCode, b)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" {
		t.Errorf("Content-Type = %q", ct)
	}
	_, params, err := mime.ParseMediaType(resp.Header.Get("Content-Disposition"))
	if err != nil {
		t.Fatalf("Content-Disposition %q: %v", resp.Header.Get("Content-Disposition"), err)
	}
	if params["filename"] != "测试案件-20250303.xlsx" { // decoded from filename*=UTF-8''…
		t.Errorf("file name = %q, want 测试案件-20250303.xlsx (header %q)", params["filename"], resp.Header.Get("Content-Disposition"))
	}
	return readWorkbook(t, b), b
}

func readWorkbook(t testing.TB, b []byte) *workbook {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("export does not open as xlsx: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	sheets := f.GetSheetList()
	if len(sheets) != 1 {
		t.Fatalf("sheets = %v, want one", sheets)
	}
	rows, err := f.GetRows(sheets[0])
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("export has no header row")
	}
	return &workbook{sheet: sheets[0], rows: rows, f: f}
}

// col is the index of the column headed label.
func (w *workbook) col(t testing.TB, label string) int {
	t.Helper()
	i := slices.Index(w.rows[0], label)
	if i < 0 {
		t.Fatalf("no column %q in header %v", label, w.rows[0])
	}
	return i
}

// column returns the values of column label, one per data row.
func (w *workbook) column(t testing.TB, label string) []string {
	t.Helper()
	i := w.col(t, label)
	var out []string
	for _, r := range w.rows[1:] {
		if i < len(r) {
			out = append(out, r[i])
		} else {
			out = append(out, "")
		}
	}
	return out
}

// createCase records a case of unit A as c (clerkA) with the given extra
// values and returns its path.
func createCase(t *testing.T, e *env, c *client, title string, extra map[string]string) string {
	t.Helper()
	form := e.caseForm(title)
	for k, v := range extra {
		form.Set(k, v)
	}
	return c.create(t, form)
}

func TestExport_ClerkGetsOwnUnitOnlyAndFiltersApply(t *testing.T) {
	e := exportEnv(t)
	a, b := e.loggedIn("clerkA"), e.loggedIn("clerkB")
	createCase(t, e, a, "甲镇司法所案件", nil)
	createCase(t, e, a, "甲镇财政所案件", map[string]string{"dept": "财政所", "category": "行政诉讼"})
	formB := e.caseForm("乙镇案件")
	formB.Set("unit_id", fmt.Sprint(e.units["B"].ID))
	b.create(t, formB)

	w, _ := a.export(t, "")
	if w.sheet != "测试案件" {
		t.Errorf("sheet = %q, want the kind's label 测试案件", w.sheet)
	}
	for _, h := range []string{"编号", "标题", "承办科室", "收件日期", "申请人电话", "所属单位", "状态", "更新时间"} {
		w.col(t, h)
	}
	titles := w.column(t, "标题")
	slices.Sort(titles)
	if want := []string{"甲镇司法所案件", "甲镇财政所案件"}; !slices.Equal(titles, want) {
		t.Errorf("clerkA's export has %v, want %v (and never 乙镇案件)", titles, want)
	}
	for i, row := range w.rows[1:] {
		if row[w.col(t, "所属单位")] != "甲镇" || row[w.col(t, "状态")] != "起草" || row[w.col(t, "金额")] != "1200" {
			t.Errorf("row %d = %v: want unit 甲镇, state 起草, amount 1200", i+1, row)
		}
		if row[w.col(t, "收件日期")] != "2025-03-01" || row[w.col(t, "更新时间")] != "2025-03-03 09:00" {
			t.Errorf("row %d dates = %q, %q", i+1, row[w.col(t, "收件日期")], row[w.col(t, "更新时间")])
		}
		if _, err := strconv.Atoi(row[0]); err != nil {
			t.Errorf("row %d: 编号 %q is not a record number", i+1, row[0])
		}
	}
	// Dates are text, not spreadsheet serial numbers.
	cell, _ := excelize.CoordinatesToCellName(w.col(t, "收件日期")+1, 2)
	if typ, _ := w.f.GetCellType(w.sheet, cell); typ == excelize.CellTypeNumber || typ == excelize.CellTypeDate {
		t.Errorf("收件日期 cell %s has type %v, want text", cell, typ)
	}

	tests := []struct {
		name, query string
		want        []string
	}{
		{"list page field filter", "f_dept=" + url.QueryEscape("财政所"), []string{"甲镇财政所案件"}},
		{"API field filter", "f.category=" + url.QueryEscape("行政诉讼"), []string{"甲镇财政所案件"}},
		{"search", "q=" + url.QueryEscape("司法所案件"), []string{"甲镇司法所案件"}},
		{"state", "state=review", nil},
		{"year", "year=2025", []string{"甲镇司法所案件", "甲镇财政所案件"}},
		{"other unit gives nothing", "unit=" + fmt.Sprint(e.units["B"].ID), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w, _ := a.export(t, tt.query)
			got := w.column(t, "标题")
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("export ?%s has %v, want %v", tt.query, got, tt.want)
			}
		})
	}

	// The inspector reads the county: both townships.
	w, _ = e.loggedIn("inspector").export(t, "sort=title")
	if got := w.column(t, "标题"); len(got) != 3 || !slices.Contains(got, "乙镇案件") {
		t.Errorf("inspector's export has %v, want all three records", got)
	}
}

func TestExport_APIUsesScopeAndAnswersBadFiltersInChinese(t *testing.T) {
	e := exportEnv(t)
	createCase(t, e, e.loggedIn("clerkA"), "甲镇案件", nil)
	api := e.api("clerkB")
	status, body := api.call("GET", "/api/v1/records/case/export.xlsx", nil)
	if status != http.StatusOK {
		t.Fatalf("API export: status %d: %.300s", status, body)
	}
	if w := readWorkbook(t, body); len(w.rows) != 1 {
		t.Errorf("clerkB's export has rows %v; want only the header", w.rows)
	}
	bad := []struct{ query, field, says string }{
		{"year=abc", "year", "年度"},
		{"state=nosuch", "state", "没有状态"},
		{"sort=phone", "sort", "不能按"},
		{"f.phone=1", "f.phone", "个人信息"},
		{"overdue=maybe", "overdue", "overdue"},
	}
	for _, tt := range bad {
		ae := api.apiErr("GET", "/api/v1/records/case/export.xlsx?"+tt.query, nil, http.StatusBadRequest)
		if !strings.Contains(ae.Fields[tt.field], tt.says) {
			t.Errorf("?%s: field messages %v, want %s to say %q", tt.query, ae.Fields, tt.field, tt.says)
		}
	}
	// The page answers a Chinese error page, and unknown kinds are 404.
	c := e.loggedIn("clerkA")
	resp, page := c.get("/l/case/export.xlsx?year=abc")
	wantStatus(t, resp, page, http.StatusBadRequest)
	wantBody(t, page, "导出条件有误", "year 应为四位数字的年度")
	resp, page = c.get("/l/nosuch/export.xlsx")
	wantStatus(t, resp, page, http.StatusNotFound)
	api.apiErr("GET", "/api/v1/records/nosuch/export.xlsx", nil, http.StatusNotFound)
	// Without a login: the page redirects to the login, the API answers 401.
	resp, page = e.client().get("/l/case/export.xlsx")
	wantStatus(t, resp, page, http.StatusSeeOther)
	anon, err := http.Get(e.ts.URL + "/api/v1/records/case/export.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	anon.Body.Close()
	if anon.StatusCode != http.StatusUnauthorized {
		t.Errorf("API export without a token: status %d, want 401", anon.StatusCode)
	}
}

func TestExport_PersonalDataMaskedForRolesWithoutNeed(t *testing.T) {
	e := exportEnv(t)
	clerk := e.loggedIn("clerkA")
	createCase(t, e, clerk, "有当事人信息的案件", map[string]string{"phone": plantedPhone, "idno": plantedID})

	tests := []struct {
		user  string
		clear bool // access.SeesPersonal for the user's roles
	}{
		{"clerkA", true}, {"reviewerA", true}, {"headA", true},
		{"inspector", false}, {"adminA", false},
	}
	for _, tt := range tests {
		t.Run(tt.user, func(t *testing.T) {
			w, raw := e.loggedIn(tt.user).export(t, "")
			phone, id := w.column(t, "申请人电话"), w.column(t, "申请人身份证号")
			if len(phone) != 1 {
				t.Fatalf("%s's export has %d rows, want 1", tt.user, len(phone))
			}
			if tt.clear {
				if phone[0] != plantedPhone || id[0] != plantedID {
					t.Errorf("%s sees %q, %q; want the values in clear", tt.user, phone[0], id[0])
				}
				return
			}
			if phone[0] == "" || id[0] == "" || !strings.Contains(phone[0], "*") || !strings.Contains(id[0], "*") {
				t.Errorf("%s sees %q, %q; want masked values", tt.user, phone[0], id[0])
			}
			for _, part := range xlsxParts(t, raw) {
				if bytes.Contains(part.data, []byte(plantedPhone)) || bytes.Contains(part.data, []byte(plantedID)) {
					t.Errorf("%s's export holds planted personal data in clear in %s", tt.user, part.name)
				}
			}
		})
	}
}

type xlsxPart struct {
	name string
	data []byte
}

// xlsxParts unzips an xlsx into its parts.
func xlsxParts(t testing.TB, raw []byte) []xlsxPart {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	if err != nil {
		t.Fatalf("export is not a zip: %v", err)
	}
	var out []xlsxPart
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, xlsxPart{f.Name, b})
	}
	return out
}

// TestExport_PlantedPersonalDataNowhereInClear is issue 2's check: plant an
// ID number and a phone number, create and update records, export as the
// inspector, then grep the database file, its WAL, the server's logs and
// every part of the export: the plaintext is in none of them.
func TestExport_PlantedPersonalDataNowhereInClear(t *testing.T) {
	e := exportEnv(t)
	clerk := e.loggedIn("clerkA")
	path := createCase(t, e, clerk, "个人信息检查案件", map[string]string{"phone": plantedPhone, "idno": plantedID})
	createCase(t, e, clerk, "另一件个人信息检查案件", map[string]string{"phone": plantedPhone})
	form := e.caseForm("个人信息检查案件（已修改）")
	form.Set("phone", plantedPhone)
	form.Set("idno", plantedID)
	form.Set("version", "1")
	resp, body := clerk.post(path, form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	// A failed submit carrying the values goes through the logs' path too.
	form.Set("received", "2025-02-30")
	form.Set("version", "2")
	resp, body = clerk.post(path, form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)

	w, raw := e.loggedIn("inspector").export(t, "")
	if got := w.column(t, "标题"); !slices.Contains(got, "个人信息检查案件（已修改）") {
		t.Fatalf("inspector's export lacks the record: %v", got)
	}

	sources := map[string][]byte{"server logs": e.logs.Bytes()}
	for _, part := range xlsxParts(t, raw) {
		sources["export "+part.name] = part.data
	}
	dbFiles, err := filepath.Glob(filepath.Join(filepath.Dir(t.TempDir()), "*", "fazhi.db"))
	if err != nil || len(dbFiles) != 1 {
		t.Fatalf("database file of the env: %v, %v", dbFiles, err)
	}
	var disk []byte
	for _, name := range []string{dbFiles[0], dbFiles[0] + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		sources[filepath.Base(name)] = b
		disk = append(disk, b...)
	}
	// The grep reads the real files: the record's title is there.
	if !bytes.Contains(disk, []byte("个人信息检查案件（已修改）")) {
		t.Fatal("the database file and WAL do not hold the record's title; the grep is not reading the database")
	}
	for name, b := range sources {
		for _, planted := range []string{plantedID, plantedPhone} {
			if bytes.Contains(b, []byte(planted)) {
				t.Errorf("%s holds the planted %s in clear", name, planted)
			}
		}
	}
}

func TestExport_IsAudited(t *testing.T) {
	e := exportEnv(t)
	createCase(t, e, e.loggedIn("clerkA"), "审计导出案件", map[string]string{"phone": plantedPhone})
	e.loggedIn("inspector").export(t, "state=draft&f_dept="+url.QueryEscape("司法所")+"&q="+url.QueryEscape("电话 "+plantedPhone))
	es, err := e.db.AuditEntries(context.Background(), store.SystemActor("test"), 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, x := range es {
		if x.Action != "export" {
			continue
		}
		found = true
		if x.Object != "kind:case" || x.ActorID != e.users["inspector"].ID || x.Actor != "县督察员" || x.Addr == "" {
			t.Errorf("export entry = %+v", x)
		}
		var diff struct {
			Filter map[string]any `json:"filter"`
			Rows   int            `json:"rows"`
			Clear  bool           `json:"personal_in_clear"`
		}
		if err := json.Unmarshal([]byte(x.Diff), &diff); err != nil {
			t.Fatalf("diff %q: %v", x.Diff, err)
		}
		if diff.Filter["state"] != "draft" || fmt.Sprint(diff.Filter["f"]) != "map[dept:司法所]" || diff.Rows != 0 || diff.Clear {
			t.Errorf("diff = %s", x.Diff)
		}
		if strings.Contains(x.Diff, plantedPhone) {
			t.Errorf("audit diff holds a searched phone number in clear: %s", x.Diff)
		}
	}
	if !found {
		t.Fatalf("no export entry in the audit log: %v", e.audits())
	}
}

func TestExport_CappedExportSaysSo(t *testing.T) {
	e := exportEnv(t)
	clerk := e.loggedIn("clerkA")
	for i := range 5 {
		createCase(t, e, clerk, fmt.Sprintf("分页案件%d", i), nil)
	}
	q := store.ListQuery{Kind: "case", Sort: "title", PerPage: 2}
	l, err := e.srv.lookup(context.Background(), e.actor("clerkA"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ max, rows, total int }{{10, 5, 5}, {5, 5, 5}, {3, 3, 5}, {1, 1, 5}}
	for _, tt := range tests {
		recs, total, err := e.srv.exportRecords(context.Background(), e.actor("clerkA"), q, tt.max)
		if err != nil {
			t.Fatal(err)
		}
		if len(recs) != tt.rows || total != tt.total {
			t.Errorf("max %d: %d rows of %d, want %d of %d", tt.max, len(recs), total, tt.rows, tt.total)
		}
		for i := range recs {
			if want := fmt.Sprintf("分页案件%d", i); recs[i].Title != want {
				t.Errorf("max %d: row %d is %q, want %q (pages in order, none repeated)", tt.max, i, recs[i].Title, want)
			}
		}
		var buf bytes.Buffer
		if err := e.srv.writeWorkbook(&buf, l, e.srv.kinds.Kind("case"), recs, total); err != nil {
			t.Fatal(err)
		}
		w := readWorkbook(t, buf.Bytes())
		last := w.rows[len(w.rows)-1]
		capped := len(last) > 0 && strings.Contains(last[0], "一次最多导出")
		if capped != (tt.rows < tt.total) {
			t.Errorf("max %d: last row %v; a capped export must end with the note, a full one must not", tt.max, last)
		}
		if capped && !strings.Contains(last[0], fmt.Sprintf("共 %d 条", tt.total)) {
			t.Errorf("note %q does not say how many matched", last[0])
		}
	}
}

// An export in the list's default order (newest change first) reads its
// pages by keyset: every record exactly once, in the order of the list,
// and the workbook streams the pages into the sheet.
func TestExport_DefaultOrderReadsEveryPageOnce(t *testing.T) {
	e := exportEnv(t)
	clerk := e.loggedIn("clerkA")
	for i := range 7 {
		createCase(t, e, clerk, fmt.Sprintf("键集案件%d", i), nil)
	}
	ctx := context.Background()
	a := e.actor("clerkA")
	list, total, err := e.srv.store.ListRecords(ctx, a, store.ListQuery{Kind: "case", PerPage: 200})
	if err != nil {
		t.Fatal(err)
	}
	if total < 7 {
		t.Fatalf("list has %d records, want at least the 7 created", total)
	}
	l, err := e.srv.lookup(ctx, a)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct{ per, max int }{{2, 100}, {3, 100}, {2, 5}, {200, 100}} {
		q := store.ListQuery{Kind: "case", PerPage: tt.per}
		var buf bytes.Buffer
		rows, gotTotal, err := e.srv.writeExport(ctx, &buf, a, l, e.srv.kinds.Kind("case"), q, tt.max)
		if err != nil {
			t.Fatal(err)
		}
		want := min(tt.max, len(list))
		if rows != want || gotTotal != total {
			t.Errorf("per page %d, max %d: %d rows of %d, want %d of %d", tt.per, tt.max, rows, gotTotal, want, total)
		}
		w := readWorkbook(t, buf.Bytes())
		for i := 0; i < want; i++ {
			if i+1 >= len(w.rows) || w.rows[i+1][0] != fmt.Sprint(list[i].ID) {
				t.Fatalf("per page %d, max %d: sheet row %d is not record %d (%s) of the list: %v", tt.per, tt.max, i+1, list[i].ID, list[i].Title, w.rows[min(i+1, len(w.rows)-1)])
			}
		}
	}
}

var exportLinkRE = regexp.MustCompile(`href="(/l/case/export\.xlsx\?[^"]*)"`)

func TestListPage_ExportLinkCarriesFilters(t *testing.T) {
	e := exportEnv(t)
	c := e.loggedIn("clerkA")
	createCase(t, e, c, "甲镇司法所案件", nil)
	createCase(t, e, c, "甲镇财政所案件", map[string]string{"dept": "财政所", "category": "行政诉讼"})
	_, body := c.get("/l/case?state=draft&f_category=" + url.QueryEscape("行政诉讼") + "&sort=-received&overdue=0")
	m := exportLinkRE.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("list page has no 导出 Excel link: %.2000s", body)
	}
	wantBody(t, body, "导出 Excel")
	link := html.UnescapeString(m[1])
	u, err := url.Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	if v := u.Query(); v.Get("state") != "draft" || v.Get("f_category") != "行政诉讼" || v.Get("sort") != "-received" {
		t.Errorf("export link %q lacks the list's filters", link)
	}
	resp, raw := c.download(t, link)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("following the link: status %d: %.300s", resp.StatusCode, raw)
	}
	if got := readWorkbook(t, raw).column(t, "标题"); !slices.Equal(got, []string{"甲镇财政所案件"}) {
		t.Errorf("export from the link has %v, want only the filtered record", got)
	}
}

// apiExportCell is the scope matrix's export cell: the record is "show"n
// when its number is in the export of its unit.
func apiExportCell(c *matrixCell) string {
	status, body := c.api.call("GET", "/api/v1/records/legality_review/export.xlsx?unit="+strconv.FormatInt(c.target.UnitID, 10), nil)
	if status != http.StatusOK {
		return code(status)
	}
	w := readWorkbook(c.t, body)
	if slices.Contains(w.column(c.t, "编号"), strconv.FormatInt(c.target.ID, 10)) {
		return "show"
	}
	return "hide"
}

// FuzzExportQuery: no query string makes an export answer 500, through the
// page or the API.
func FuzzExportQuery(f *testing.F) {
	for _, s := range []string{"", "state=draft", "year=2025&unit=2", "q=%E5%90%88%E5%90%8C", "f_dept=x&f.category=%E5%85%B6%E4%BB%96",
		"sort=-received&overdue=1", "year=-1", "unit=99999999999999999999", "f.=1", "f_=", "sort=--", "page=0&per_page=100000",
		"q=%ff%fe", "f.phone=1", "overdue=2", "state=%00"} {
		f.Add(s)
	}
	e := exportEnv(f)
	c := e.client()
	c.login("clerkA")
	data := ledger.Values{"title": "模糊测试案件", "dept": "司法所", "received": "2025-03-01"}
	e.seed("case", "A", data)
	token := e.api("clerkA").token
	f.Fuzz(func(t *testing.T, query string) {
		if strings.ContainsAny(query, "# \r\n\t") || !utf8.ValidString(query) {
			query = url.PathEscape(query)
		}
		for _, path := range []string{"/l/case/export.xlsx?", "/api/v1/records/case/export.xlsx?"} {
			req, err := http.NewRequest("GET", e.ts.URL+path+query, nil)
			if err != nil {
				t.Skipf("not a request URL: %v", err)
			}
			if strings.HasPrefix(path, "/api/") {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode >= 500 {
				t.Errorf("GET %s%s: status %d: %.300s", path, query, resp.StatusCode, body)
			}
		}
	})
}
