package web

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fazhi/internal/store"
)

var recordPathRE = regexp.MustCompile(`^/l/case/(\d+)$`)

// create posts the create form and returns the new record's path.
func (c *client) create(t testing.TB, form url.Values) string {
	t.Helper()
	resp, body := c.post("/l/case", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !recordPathRE.MatchString(loc) {
		t.Fatalf("created record redirects to %q", loc)
	}
	return loc
}

func (e *env) caseForm(title string) url.Values {
	return url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "title": {title}, "dept": {"司法所"},
		"received": {"2025-03-01"}, "summary": {"关于某村土地承包合同的审查"}, "amount": {"1200"}}
}

func TestRecordCreate_FailedSubmitKeepsValuesAndNamesEachField(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	form := e.caseForm("")
	form.Set("received", "2025-02-30")
	form.Set("amount", "一千二")
	form.Set("summary", `含<script>的摘要`)
	resp, body := c.post("/l/case", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	// Every value typed is back in its input, escaped.
	wantBody(t, body, `value="2025-02-30"`, `value="一千二"`, `value="司法所"`, `含&lt;script&gt;的摘要`)
	// A message beside each wrong field, and none beside the right ones.
	for _, name := range []string{"title", "received", "amount"} {
		if !strings.Contains(body, `id="e-`+name+`"`) {
			t.Errorf("no message beside field %s", name)
		}
	}
	if strings.Contains(body, `id="e-dept"`) {
		t.Error("a message beside a correct field")
	}
	ctx := context.Background()
	if _, total, _ := e.db.ListRecords(ctx, e.actor("clerkA"), store.ListQuery{Kind: "case", Page: 1, PerPage: 5}); total != 0 {
		t.Fatalf("a failed submit saved %d records", total)
	}
	// Fixed, it is saved and shown.
	form.Set("title", "某村土地承包合同")
	form.Set("received", "2025-02-28")
	form.Set("amount", "1200")
	path := c.create(t, form)
	resp, body = c.get(path)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "某村土地承包合同", "司法所", "2025-02-28", "起草", "提交审查", "办理期限")
}

func TestRecordUpdate_StaleVersionKeepsTypedValues(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("合同审查"))
	_, body := c.get(path + "/edit")
	wantBody(t, body, `name="version" value="1"`)
	form := e.caseForm("合同审查（第一次修改）")
	form.Set("version", "1")
	resp, body := c.post(path, form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	form.Set("title", "合同审查（过时的修改）")
	resp, body = c.post(path, form) // still version 1
	wantStatus(t, resp, body, http.StatusConflict)
	wantBody(t, body, "记录已被他人修改", `value="合同审查（过时的修改）"`, `name="version" value="2"`)
	_, body = c.get(path)
	wantBody(t, body, "合同审查（第一次修改）")
	// Having checked, the user submits the re-rendered form again.
	form.Set("version", "2")
	resp, body = c.post(path, form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = c.get(path)
	wantBody(t, body, "合同审查（过时的修改）")
}

func TestRecordTransition_RefusalShowsReasonAndBasis(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	form := e.caseForm("无摘要的案件")
	form.Del("summary")
	path := c.create(t, form)
	resp, body := c.post(path+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, `class="refusal"`, "未填写案情摘要的，不得提交审查", "依据：测试规则第七条")
	_, body = c.get(path)
	wantBody(t, body, `<span class="badge big">起草</span>`)

	// A step field left empty re-renders the step form with its message.
	full := c.create(t, e.caseForm("有摘要的案件"))
	resp, body = c.post(full+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	rev := e.loggedIn("reviewerA")
	resp, body = rev.post(full+"/transition/decide", url.Values{"version": {"2"}, "opinion": {""}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, `id="e-opinion"`, "<details class=\"step primary\" open>")
	resp, body = rev.post(full+"/transition/decide", url.Values{"version": {"2"}, "opinion": {"合法"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = rev.get(full)
	wantBody(t, body, "办结", "合法")
	// The clerk may not take the reviewer's step.
	resp, _ = c.post(path+"/transition/decide", url.Values{"version": {"1"}, "opinion": {"合法"}})
	if resp.StatusCode != http.StatusConflict && resp.StatusCode != http.StatusForbidden {
		t.Errorf("clerk deciding a draft: status %d, want 403 or 409", resp.StatusCode)
	}
}

func TestRecordPages_NotFoundAndForbidden(t *testing.T) {
	e := caseEnv(t)
	a := e.loggedIn("clerkA")
	path := a.create(t, e.caseForm("甲镇的案件"))
	b := e.loggedIn("clerkB")
	for _, tc := range []struct {
		c    *client
		path string
		want int
	}{
		{a, "/l/nokind", 404},
		{a, "/l/nokind/1", 404},
		{a, "/l/case/999999", 404},
		{a, "/l/case/abc", 404},
		{a, "/l/case/-1", 404},
		{a, "/nowhere", 404},
		{b, path, 404},                                 // another township's record does not exist for B
		{b, path + "/edit", 404},                       //
		{a, "/admin/users", 403},                       // not an admin
		{a, "/admin/audit", 403},                       //
		{a, path + "/edit", 200},                       //
		{e.loggedIn("reviewerA"), path + "/edit", 403}, // reviewer reads but may not edit
	} {
		resp, body := tc.c.get(tc.path)
		if resp.StatusCode != tc.want {
			t.Errorf("GET %s: status %d, want %d", tc.path, resp.StatusCode, tc.want)
		}
		if tc.want == 404 {
			wantBody(t, body, "找不到页面")
		}
	}
	resp, body := b.post(path+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusNotFound)
	resp, body = a.post("/l/case", url.Values{"unit_id": {fmt.Sprint(e.units["B"].ID)}, "title": {"越权"}, "received": {"2025-03-01"}})
	if resp.StatusCode != http.StatusForbidden && resp.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("create in another township: status %d", resp.StatusCode)
	}
	if strings.Contains(e.logs.String(), "level=ERROR") {
		t.Errorf("user errors were logged as server errors:\n%s", e.logs)
	}
}

func TestRecordList_SearchFiltersAndHTMXFragment(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	c.create(t, e.caseForm("征地补偿协议审查"))
	other := e.caseForm("路灯采购合同审查")
	other.Set("dept", "党政办")
	c.create(t, other)

	resp, body := c.get("/l/case")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "<html", "全文检索", "征地补偿协议审查", "路灯采购合同审查", "共 2 条")

	resp, body = c.get("/l/case?q="+url.QueryEscape("征地"), "HX-Request", "true")
	wantStatus(t, resp, body, http.StatusOK)
	if strings.Contains(body, "<html") || !strings.HasPrefix(body, `<div id="table"`) {
		t.Errorf("htmx request got more than the table: %.300s", body)
	}
	wantBody(t, body, "征地补偿协议审查", "共 1 条")
	if strings.Contains(body, "路灯采购合同审查") {
		t.Error("search did not filter")
	}
	_, body = c.get("/l/case?f_dept=" + url.QueryEscape("党政办"))
	if !strings.Contains(body, "路灯采购合同审查") || strings.Contains(body, "征地补偿协议审查") {
		t.Error("filter field did not filter")
	}
	// Stale or hand-edited parameters are ignored, not errors.
	resp, body = c.get("/l/case?state=bogus&year=abc&unit=999&sort=password&page=-3")
	wantStatus(t, resp, body, http.StatusOK)
	// Another township sees none of them.
	_, body = e.loggedIn("clerkB").get("/l/case")
	wantBody(t, body, "共 0 条")
}

func TestDashboard_CountsAndDeadlines(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	old := e.caseForm("久拖未办的案件")
	old.Set("received", "2024-12-01") // 60-day deadline long past on 2025-03-03
	c.create(t, old)
	c.create(t, e.caseForm("新收的案件"))
	_, body := c.get("/")
	wantBody(t, body, "测试案件", "共 2 件", "久拖未办的案件", "已逾期")
	_, body = e.loggedIn("clerkB").get("/")
	if strings.Contains(body, "久拖未办的案件") {
		t.Error("another township's deadline shown on B's dashboard")
	}
}

func TestClockAdjust_NeedsReasonAndBasis(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("需延期的案件"))
	resp, body := c.post(path+"/clock/handle", url.Values{"action": {"extend"}, "days": {"30"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请填写调整期限的理由", "请填写调整期限的依据", `value="30"`)
	resp, body = c.post(path+"/clock/handle", url.Values{"action": {"extend"}, "days": {"30"}, "reason": {"需补充材料"}, "basis": {"测试依据第二条"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = c.get(path)
	wantBody(t, body, "需补充材料", "2025-05-30")
	resp, _ = c.post(path+"/clock/nosuch", url.Values{"action": {"pause"}, "reason": {"r"}, "basis": {"b"}})
	wantStatus(t, resp, "", http.StatusNotFound)
}

// upload posts a file with the multipart form a browser sends.
func (c *client) upload(t *testing.T, path, name string, content []byte) (*http.Response, string) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, c.csrf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path+"/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return c.do(req)
}

func TestAttachments_LimitsHashAndDownload(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.MaxUpload = 64 << 10 })
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("带附件的案件"))
	content := []byte("%PDF-1.4 审查意见书")
	resp, body := c.upload(t, path, "审查意见书.pdf", content)
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = c.get(path)
	wantBody(t, body, "审查意见书.pdf")
	m := regexp.MustCompile(`/files/([0-9a-f]{64})`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no download link with a SHA-256")
	}
	resp, got := c.get(path + "/files/" + m[1])
	wantStatus(t, resp, got, http.StatusOK)
	if got != string(content) || !strings.HasPrefix(resp.Header.Get("Content-Disposition"), "attachment") {
		t.Errorf("download = %q, disposition %q", got, resp.Header.Get("Content-Disposition"))
	}

	resp, body = c.upload(t, path, "脚本.html", []byte("<script>alert(1)</script>"))
	wantStatus(t, resp, body, http.StatusUnsupportedMediaType)
	wantBody(t, body, "不支持“html”类型的文件", "PDF、")
	resp, body = c.upload(t, path, "大文件.pdf", bytes.Repeat([]byte("x"), 200<<10))
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	wantBody(t, body, "文件过大")
	resp, _ = c.get(path + "/files/" + strings.Repeat("0", 64))
	wantStatus(t, resp, "", http.StatusNotFound)
	// Another township cannot download it.
	resp, _ = e.loggedIn("clerkB").get(path + "/files/" + m[1])
	wantStatus(t, resp, "", http.StatusNotFound)
}

func TestRecordList_SortAndPaging(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	for i := 1; i <= 23; i++ {
		f := e.caseForm(fmt.Sprintf("第%02d号案件", i))
		f.Set("received", fmt.Sprintf("2025-01-%02d", i))
		c.create(t, f)
	}
	rows := regexp.MustCompile(`第(\d\d)号案件`)
	_, body := c.get("/l/case?sort=received")
	got := rows.FindAllStringSubmatch(body, -1)
	if len(got) != listPerPage || got[0][1] != "01" || got[19][1] != "20" {
		t.Fatalf("page 1 sorted by date ascending: %d rows, first %v", len(got), got[:1])
	}
	wantBody(t, body, "共 23 条，第 1 / 2 页", "下一页", `class="sort asc"`)
	m := regexp.MustCompile(`href="(/l/case\?[^"]*page=2[^"]*)">下一页`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no link to page 2")
	}
	_, body = c.get(strings.ReplaceAll(m[1], "&amp;", "&"))
	got = rows.FindAllStringSubmatch(body, -1)
	if len(got) != 3 || got[0][1] != "21" {
		t.Errorf("page 2 = %v, want cases 21–23", got)
	}
	_, body = c.get("/l/case?sort=-received")
	if got = rows.FindAllStringSubmatch(body, -1); got[0][1] != "23" {
		t.Errorf("descending sort starts with %s", got[0][1])
	}
}

// An upload is judged by its bytes, not its name: a program renamed to
// .pdf and a page renamed to .docx are refused, naming the file; genuine
// files of each kind are kept.
func TestAttachments_ContentMustMatchName(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("附件类型核对"))
	for _, f := range []struct {
		name    string
		content []byte
		want    int
	}{
		{"审查意见书.pdf", []byte("%PDF-1.7\n正文"), http.StatusSeeOther},
		{"合同.docx", []byte("PK\x03\x04 word/document.xml"), http.StatusSeeOther},
		{"现场照片.jpg", []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10}, http.StatusSeeOther},
		{"说明.txt", []byte("会议纪要：同意。"), http.StatusSeeOther},
		{"意见书.pdf", []byte("MZ\x90\x00 program"), http.StatusUnsupportedMediaType},
		{"合同.docx", []byte("<html><script>alert(1)</script></html>"), http.StatusUnsupportedMediaType},
		{"旧文档.doc", []byte("%PDF-1.4"), http.StatusUnsupportedMediaType},
		{"说明.txt", []byte("\x00\x01\x02\x03binary"), http.StatusUnsupportedMediaType},
	} {
		resp, body := c.upload(t, path, f.name, f.content)
		wantStatus(t, resp, body, f.want)
		if f.want != http.StatusSeeOther {
			wantBody(t, body, "「"+f.name+"」的内容不是", "扩展名与内容不符")
		}
	}
	api := e.api("clerkA")
	var rec apiRecord
	api.must("GET", "/api/v1/records/case/"+strings.TrimPrefix(path, "/l/case/"), nil, http.StatusOK, &rec)
	status, body := api.upload(fmt.Sprintf("/api/v1/records/case/%d/attachments", rec.ID), "意见书.pdf", []byte("MZ program"))
	if status != http.StatusUnsupportedMediaType || !strings.Contains(string(body), "扩展名与内容不符") {
		t.Errorf("API upload of a renamed program: %d %s", status, body)
	}
}
