package web

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// reportEnv: the real kinds and report sections, today 2026-01-15, and in
// 甲镇 records of every kind whose declared example can be stored, dated
// in 2025.
func reportEnv(t *testing.T) *env {
	t.Helper()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg, func(c *Config) { c.ReportSections = kinds.ReportSections() })
	e.at("2026-01-15")
	for i, k := range reg.Kinds() { // 1 to 4 records a kind, so figures differ
		for range i%4 + 1 {
			e.exampleRecord(k, "A")
		}
	}
	return e
}

// exampleRecord stores k's declared example dated 2025-06-10 in unit; false
// when the kind needs more than its example (links, steps).
func (e *env) exampleRecord(k *ledger.Kind, unit string) bool {
	_, err := e.db.CreateRecord(context.Background(), store.SystemActor("test"), k, e.units[unit].ID,
		k.ExampleForm(calendar.Date{Year: 2025, Month: 6, Day: 10}))
	return err == nil
}

var ackBox = regexp.MustCompile(`name="ack" value="([^"]+)"`)

var figureLink = regexp.MustCompile(`href="(/indicators/[^"/]+/records\?unit=\d+&amp;year=2025)"`)

func (c *client) reportForm(path string, form url.Values, wantStatus int) string {
	c.e.t.Helper()
	resp, body := c.post(path, form)
	if resp.StatusCode != wantStatus {
		c.e.t.Fatalf("POST %s: %d, want %d\n%s", path, resp.StatusCode, wantStatus, refusalOf(body))
	}
	return body
}

func refusalOf(body string) string {
	if i := strings.Index(body, `id="refusal"`); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	if i := strings.Index(body, "<main"); i >= 0 {
		return body[i:min(len(body), i+600)]
	}
	return body
}

func (e *env) reportNow(unit string) *store.Report {
	e.t.Helper()
	r, err := e.db.Report(context.Background(), store.SystemActor("test"), e.units[unit].ID, 2025)
	if err != nil {
		e.t.Fatal(err)
	}
	return r
}

// TestReport_DraftEditApprovePublishSubmit walks 甲镇's 2025 report from
// the draft to the public page, as its clerk and head do, with the
// refusals a user meets on the way.
func TestReport_DraftEditApprovePublishSubmit(t *testing.T) {
	e := reportEnv(t)
	A := e.units["A"]
	url := reportURL(A.ID, 2025)
	clerk, head := e.loggedIn("clerkA"), e.loggedIn("headA")

	_, body := clerk.get("/reports")
	if !strings.Contains(body, `href="`+url+`"`) || !strings.Contains(body, "未起草") || !strings.Contains(body, "年度报告</a>") {
		t.Fatalf("board of the clerk's unit:\n%s", refusalOf(body))
	}
	clerk.reportForm(url, nil, http.StatusSeeOther)
	clerk.reportForm(url, nil, http.StatusConflict) // drafted once per unit and year

	resp, body := clerk.get(url)
	links := figureLink.FindAllStringSubmatch(body, -1)
	if resp.StatusCode != 200 || len(links) == 0 || !strings.Contains(body, "第 1 版") {
		t.Fatalf("draft page: %d, %d figure links\n%s", resp.StatusCode, len(links), refusalOf(body))
	}
	// A figure's link is its drill-down, listing records.
	resp, drill := clerk.get(strings.ReplaceAll(links[0][1], "&amp;", "&"))
	if resp.StatusCode != 200 || !strings.Contains(drill, "/l/") {
		t.Fatalf("drill-down %s: %d", links[0][1], resp.StatusCode)
	}

	// The exports: a .docx, and a PDF through LibreOffice.
	if resp, b := clerk.get(url + "/export.docx"); resp.StatusCode != 200 || !strings.HasPrefix(b, "PK") {
		t.Fatalf("export.docx: %d", resp.StatusCode)
	}
	if _, err := exec.LookPath("soffice"); err == nil {
		if resp, b := clerk.get(url + "/export.pdf"); resp.StatusCode != 200 || !strings.HasPrefix(b, "%PDF") {
			t.Fatalf("export.pdf: %d %s", resp.StatusCode, refusalOf(b))
		}
	} else {
		t.Log("LibreOffice not installed: PDF export not tried")
	}

	// Outside the reader's scope, or not a unit: 404.
	if resp, _ := e.loggedIn("clerkB").get(url); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("乙镇's clerk opening 甲镇's report: %d", resp.StatusCode)
	}
	if resp, _ := e.loggedIn("clerkB").get(fmt.Sprintf("/reports/%d/archive", A.ID)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("乙镇's clerk opening 甲镇's archive: %d", resp.StatusCode)
	}
	for _, p := range []string{"/reports/999999/2025", "/reports/abc/2025", fmt.Sprintf("/reports/%d/1899", A.ID)} {
		if resp, _ := clerk.get(p); resp.StatusCode != http.StatusNotFound {
			t.Fatalf("%s: %d", p, resp.StatusCode)
		}
	}

	// Two people edit part 2 from version 1: the second is refused with
	// the text they typed still in the box.
	shortfall := "一是执法人员培训不够系统，部分执法人员对新修订的行政处罚法掌握不够全面。"
	clerk.reportForm(url+"/sections/2", urlValues("version", "1", "body", shortfall), http.StatusSeeOther)
	mine := "这是负责人同时写下的另一段文字，不应丢失。"
	body = head.reportForm(url+"/sections/2", urlValues("version", "1", "body", mine), http.StatusConflict)
	if !strings.Contains(body, "未保存") || !strings.Contains(body, "甲镇录入员已于") || !strings.Contains(body, ">"+mine+"</textarea>") || !strings.Contains(body, shortfall) {
		t.Fatalf("conflict page:\n%s", refusalOf(body))
	}
	// A body beyond the limit is refused and kept.
	huge := strings.Repeat("长", report.MaxSectionRunes+1)
	body = clerk.reportForm(url+"/sections/2", urlValues("version", "2", "body", huge), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "上限") || !strings.Contains(body, huge) {
		t.Fatal("huge section: no message or text lost")
	}
	if v := e.reportNow("A").Status.Version; v != 2 {
		t.Fatalf("version after refused saves: %d", v)
	}
	// A figure changed by hand is marked and no longer follows its
	// indicator.
	cur := e.reportNow("A")
	sec, fig0 := figureSection(t, cur.Doc)
	edited := strings.Replace(sec.Body, fig0.Sentence, replaceNumber(fig0.Sentence, fig0.Text, "987"), 1)
	clerk.reportForm(url+"/sections/"+sec.Key, urlValues("version", "2", "body", edited), http.StatusSeeOther)
	if _, body := clerk.get(url); !strings.Contains(body, "987") || !strings.Contains(body, "手工修改</span>") {
		t.Fatalf("hand-edited figure not marked: %q → %q", fig0.Sentence, replaceNumber(fig0.Sentence, fig0.Text, "987"))
	}
	plan := "一是全面推进行政执法三项制度落实。二是持续开展领导干部学法用法活动。"
	clerk.reportForm(url+"/sections/4", urlValues("version", "3", "body", plan), http.StatusSeeOther)

	// Approval: refused until review, a clean 审校 run on this version,
	// and the figures that moved since drafting looked at.
	body = head.reportForm(url+"/step/approve", urlValues("version", "4"), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "送审校") {
		t.Fatalf("approve a draft:\n%s", refusalOf(body))
	}
	clerk.reportForm(url+"/step/review", urlValues("version", "4"), http.StatusSeeOther)
	body = head.reportForm(url+"/step/approve", urlValues("version", "4"), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "尚未对报告运行审校") {
		t.Fatalf("approve unchecked:\n%s", refusalOf(body))
	}
	clerk.reportForm(url+"/check", nil, http.StatusSeeOther)
	chk, err := e.db.LatestReportCheck(context.Background(), store.SystemActor("t"), e.reportNow("A").ID)
	if err != nil || chk.Version != 4 || chk.Errors != 0 {
		t.Fatalf("审校 of the draft: %+v %v", chk, err)
	}
	// A ledger changes after drafting: the figure it feeds is stale.
	fig := firstFigure(t, e.reportNow("A").Doc)
	def, _ := e.srv.indicators.Def(fig.ID)
	if !e.exampleRecord(def.Kind, "A") {
		t.Fatalf("cannot add a %s record", def.Kind.Label)
	}
	body = head.reportForm(url+"/step/approve", urlValues("version", "4"), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "与指标当前值不一致") || !strings.Contains(body, "已核对") {
		t.Fatalf("approve with a stale figure:\n%s", refusalOf(body))
	}
	if _, body := head.get(url); !strings.Contains(body, "指标现为") {
		t.Fatal("the stale figure is not marked on the page")
	}
	_, body = head.get(url)
	checks := ackBox.FindAllStringSubmatch(body, -1)
	if len(checks) < 2 { // the hand-edited figure and the stale one
		t.Fatalf("figures to check: %v", checks)
	}
	acks := urlValues("version", "4")
	for _, c := range checks[1:] {
		acks.Add("ack", html.UnescapeString(c[1]))
	}
	body = head.reportForm(url+"/step/approve", acks, http.StatusUnprocessableEntity) // one figure left unticked
	if !strings.Contains(body, "不能审定") {
		t.Fatalf("approval with one figure unchecked:\n%s", refusalOf(body))
	}
	acks.Add("ack", html.UnescapeString(checks[0][1]))
	clerk.reportForm(url+"/step/approve", acks, http.StatusForbidden)
	head.reportForm(url+"/step/approve", acks, http.StatusSeeOther)

	// Submission with its receipt, publication, the lock.
	e.at("2026-02-20")
	clerk, head = e.loggedIn("clerkA"), e.loggedIn("headA") // the sessions expired meanwhile
	clerk.reportForm(url+"/step/submit", urlValues("version", "4"), http.StatusSeeOther)
	_, body = clerk.get(url)
	if !strings.Contains(body, "报送回执：甲镇录入员") || !strings.Contains(body, "报送第 4 版") {
		t.Fatalf("receipt:\n%s", refusalOf(body))
	}
	e.at("2026-03-10")
	clerk, head = e.loggedIn("clerkA"), e.loggedIn("headA")
	head.reportForm(url+"/step/publish", urlValues("version", "4"), http.StatusSeeOther)
	body = clerk.reportForm(url+"/sections/2", urlValues("version", "4", "body", shortfall+"补充。"), http.StatusUnprocessableEntity)
	if !strings.Contains(body, "更正原因") || !strings.Contains(body, shortfall+"补充。") {
		t.Fatalf("edit after publication without a reason:\n%s", refusalOf(body))
	}
	clerk.reportForm(url+"/sections/2", urlValues("version", "4", "body", shortfall+"补充。", "reason", "补充培训不足的原因"), http.StatusSeeOther)

	// The public page, without login: the corrected text, the correction
	// and its reason, the date against 1 April, the figures.
	anon := e.client()
	_, list := anon.get("/public/reports")
	id := e.reportNow("A").ID
	if !strings.Contains(list, fmt.Sprintf("/public/reports/%d", id)) || !strings.Contains(list, "公开于 2026-03-10（期限 2026-04-01）") {
		t.Fatalf("public list:\n%s", list)
	}
	resp, pub := anon.get(fmt.Sprintf("/public/reports/%d", id))
	if resp.StatusCode != 200 || !strings.Contains(pub, "补充培训不足的原因") || !strings.Contains(pub, shortfall+"补充。") || !strings.Contains(pub, "按期公开") {
		t.Fatalf("public report: %d\n%s", resp.StatusCode, pub)
	}
	// Dated the day the head approved it, without leading zeros.
	issued := calendar.FromTime(e.reportNow("A").ApprovedAt.In(calendar.China)).Chinese()
	if !strings.Contains(pub, `<p class="signature">`+issued+`</p>`) {
		t.Fatalf("the public report is not dated %s, the day of approval", issued)
	}
	if _, txt := clerk.get(url + "/export.docx"); !strings.Contains(docxText(t, []byte(txt)), issued) {
		t.Errorf("the .docx is not dated %s", issued)
	}
	_, js := anon.get(fmt.Sprintf("/public/reports/%d/figures.json", id))
	var figs struct {
		Figures []struct {
			ID    string  `json:"id"`
			Value float64 `json:"value"`
		} `json:"figures"`
	}
	if err := json.Unmarshal([]byte(js), &figs); err != nil || len(figs.Figures) == 0 || figs.Figures[0].ID != fig.ID {
		t.Fatalf("figures.json: %v %s", err, js)
	}
	resp, csvBody := anon.get(fmt.Sprintf("/public/reports/%d/figures.csv", id))
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(csvBody, fig.ID) {
		t.Fatalf("figures.csv: %s", csvBody)
	}
	if resp, _ := anon.get(fmt.Sprintf("/public/reports/%d", id+1)); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("an unpublished report in public: %d", resp.StatusCode)
	}

	// History: the diff of part 2 in the correction.
	_, hist := clerk.get(url + "/history")
	if !strings.Contains(hist, "第 5 版") || !strings.Contains(hist, "补充培训不足的原因") || !strings.Contains(hist, "<ins>+ "+shortfall+"补充。</ins>") {
		t.Fatalf("history:\n%s", refusalOf(hist))
	}

	// The county board: 甲镇 submitted and published on time, 乙镇 late.
	e.at("2026-04-02")
	inspector := e.loggedIn("inspector")
	_, audit := inspector.get("/admin/audit")
	for _, want := range []string{"生成年度报告初稿", "年度报告审定", "报送年度报告", "更正年度报告", "年度报告（编号"} {
		if !strings.Contains(audit, want) {
			t.Errorf("audit log lacks %s", want)
		}
	}
	_, board := inspector.get("/reports?year=2025")
	compare := regexp.MustCompile(`id="compare">[^<]*<a href="([^"]+)"`).FindStringSubmatch(board)
	if compare == nil {
		t.Fatal("the board does not link to the figures side by side")
	}
	if resp, side := inspector.get(html.UnescapeString(compare[1])); resp.StatusCode != 200 || !strings.Contains(side, "甲镇") || !strings.Contains(side, "乙镇") {
		t.Fatalf("the figures side by side: %d", resp.StatusCode)
	}
	if !strings.Contains(board, "已公开、已报送") || !strings.Contains(board, "乙镇") || strings.Count(board, "逾期</span>") != 2 {
		t.Fatalf("county board:\n%s", board)
	}
}

// TestReport_CopiedPassageNamesItsSource: 乙镇 copies a passage of 甲镇's
// published report and of its own legacy 2024 report; 审校 names both.
func TestReport_CopiedPassageNamesItsSource(t *testing.T) {
	e := reportEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	A, B := e.units["A"], e.units["B"]
	passage := "我镇坚持把矛盾纠纷多元化解作为基层治理的重要抓手，建立了镇村两级调解组织网络并实行每周例会制度。"
	doc := report.Document{Unit: "甲镇", Year: 2025, Title: "甲镇关于2025年度法治政府建设情况的报告",
		Sections: []report.Section{{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: passage}}}
	r, err := e.db.CreateReport(ctx, sys, A.ID, 2025, doc)
	if err != nil {
		t.Fatal(err)
	}
	for _, ev := range []report.Event{report.SendReview} {
		if _, err := e.db.ReportStep(ctx, sys, r.ID, 1, ev, report.Approval{}, ""); err != nil {
			t.Fatal(err)
		}
	}
	if err := e.db.AddReportCheck(ctx, sys, r.ID, store.ReportCheck{Version: 1, Findings: "[]"}); err != nil {
		t.Fatal(err)
	}
	for _, ev := range []report.Event{report.Approve, report.Publish} {
		if _, err := e.db.ReportStep(ctx, sys, r.ID, 1, ev, report.Approval{Acked: true}, ""); err != nil {
			t.Fatal(err)
		}
	}
	clerkB := e.loggedIn("clerkB")
	legacy := "乙镇全面落实重大行政决策程序规定，所有重大决策事项均经过公众参与专家论证风险评估合法性审查和集体讨论决定。"
	resp, body := clerkB.postFileFields(fmt.Sprintf("/reports/%d/archive", B.ID), "file", "乙镇2024年度报告.txt", []byte(legacy), "year", "2024")
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("legacy upload: %d %s", resp.StatusCode, refusalOf(body))
	}
	resp, body = clerkB.postFileFields(fmt.Sprintf("/reports/%d/archive", B.ID), "file", "x.exe", []byte("MZ"), "year", "2024")
	if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, ".docx、.txt 或 .pdf") {
		t.Fatalf("wrong file type: %d", resp.StatusCode)
	}
	urlB := reportURL(B.ID, 2025)
	clerkB.reportForm(urlB, nil, http.StatusSeeOther)
	v := e.reportNow("B").Status.Version
	clerkB.reportForm(urlB+"/sections/2", urlValues("version", strconv.Itoa(v), "body", passage+"\n"+legacy), http.StatusSeeOther)
	clerkB.reportForm(urlB+"/check", nil, http.StatusSeeOther)
	_, page := clerkB.get(urlB)
	if !strings.Contains(page, "甲镇2025年度报告（公开版本）") || !strings.Contains(page, "乙镇2024年度报告（历史报告（上传））") {
		t.Fatalf("copy findings do not name the sources:\n%s", page[strings.Index(page, `id="check"`):][:3000])
	}
	_, arch := clerkB.get(fmt.Sprintf("/reports/%d/archive", B.ID))
	if !strings.Contains(arch, "乙镇2024年度报告.txt") {
		t.Fatal("legacy report not listed in the archive")
	}
}

// TestReport_FiftyConcurrentSaves: the same section saved 50 times at
// once from one version over HTTP — exactly one 303, 49 409s.
func TestReport_FiftyConcurrentSaves(t *testing.T) {
	e := reportEnv(t)
	A := e.units["A"]
	url := reportURL(A.ID, 2025)
	clerk := e.loggedIn("clerkA")
	clerk.reportForm(url, nil, http.StatusSeeOther)
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	for i := range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			form := urlValues("version", "1", "body", fmt.Sprintf("第%d人的文字。", i), csrfField, clerk.csrf)
			req, _ := http.NewRequest("POST", e.ts.URL+url+"/sections/2", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", e.ts.URL)
			resp, err := clerk.hc.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			resp.Body.Close()
			mu.Lock()
			codes[resp.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	if codes[http.StatusSeeOther] != 1 || codes[http.StatusConflict] != 49 {
		t.Fatalf("status counts: %v", codes)
	}
	if v := e.reportNow("A").Status.Version; v != 2 {
		t.Fatalf("version: %d", v)
	}
}

// postFileFields submits a multipart form with one file and text fields.
func (c *client) postFileFields(path, field, name string, content []byte, kv ...string) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, c.csrf)
	for i := 0; i+1 < len(kv); i += 2 {
		mw.WriteField(kv[i], kv[i+1])
	}
	fw, _ := mw.CreateFormFile(field, name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.ts.URL)
	return c.do(req)
}

var numberRE = regexp.MustCompile(`\d+(\.\d+)?`)

// figureSection is the first figure whose number is printed once in its
// sentence, and its section.
func figureSection(t *testing.T, d report.Document) (report.Section, report.Figure) {
	for _, s := range d.Sections {
		for _, f := range s.Figures {
			n := 0
			for _, m := range numberRE.FindAllString(f.Sentence, -1) {
				if m == f.Text {
					n++
				}
			}
			if n == 1 {
				return s, f
			}
		}
	}
	t.Fatal("the draft has no figure")
	return report.Section{}, report.Figure{}
}

// replaceNumber replaces text where it stands as a whole number in
// sentence (no digit either side).
func replaceNumber(sentence, text, with string) string {
	digit := func(s string, i int) bool { return i >= 0 && i < len(s) && s[i] >= '0' && s[i] <= '9' }
	for i := 0; i+len(text) <= len(sentence); i++ {
		if sentence[i:i+len(text)] == text && !digit(sentence, i-1) && !digit(sentence, i+len(text)) && !digit(sentence, i+len(text)+1) {
			return sentence[:i] + with + sentence[i+len(text):]
		}
	}
	return sentence
}

func firstFigure(t *testing.T, d report.Document) report.Figure {
	for _, s := range d.Sections {
		if len(s.Figures) > 0 {
			return s.Figures[0]
		}
	}
	t.Fatal("the draft has no figure")
	return report.Figure{}
}

func urlValues(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// FuzzParseSectionSave: any form parses to a bounded, valid-UTF-8 body or
// a message naming the field.
func FuzzParseSectionSave(f *testing.F) {
	f.Add("1", "正文\r\n第二段", "")
	f.Add("0", "", "原因")
	f.Add("-3", "\xff\xfe", "a\nb")
	f.Add("99999999999999999999", strings.Repeat("字", 30), strings.Repeat("理", 600))
	f.Fuzz(func(t *testing.T, version, body, reason string) {
		got, errs := parseSectionSave(url.Values{"version": {version}, "body": {body}, "reason": {reason}})
		for k, m := range errs {
			if m == "" || !strings.ContainsFunc(m, func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Fatalf("field %s: message %q", k, m)
			}
		}
		if errs == nil {
			if got.Version < 1 || strings.Contains(got.Body, "\r") || len([]rune(got.Body)) > report.MaxSectionRunes {
				t.Fatalf("accepted %+v", got)
			}
		}
		if !utf8Valid(got.Body) {
			t.Fatalf("body not UTF-8: %q", got.Body)
		}
	})
}

func utf8Valid(s string) bool { return strings.ToValidUTF8(s, "") == s }

// reportRenderCases are the report pages for TestEveryTemplateRenders.
func reportRenderCases(base Base) map[string]any {
	rep := &store.Report{ID: 1, UnitID: 2, Unit: "甲镇", Year: 2025, Status: report.Status{State: report.Reviewing, Version: 2, Submitted: true},
		SubmittedBy: "张三", SubmittedVersion: 2, Doc: report.Document{Title: "甲镇关于2025年度法治政府建设情况的报告", Addressee: "测试县人民政府：",
			Sections: []report.Section{{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: "<b>值</b>"}}}}
	return map[string]any{
		"reports.html": &ReportBoardPage{Base: base, Unit: access.Unit{ID: 1, Name: "测试县"}, Year: 2025, Years: []int{2026, 2025},
			Units: []Option{{Value: "1", Label: "测试县", Selected: true}}, Rows: []ReportBoardView{{Unit: "甲镇", Status: "已报送", Submitted: "2026-02-01", LatePublish: true}, {Unit: "乙镇", Missing: true}}},
		"report.html": &ReportPage{Base: base, Unit: access.Unit{ID: 2, Name: "甲镇"}, Year: 2025, URL: "/reports/2/2025", R: rep, CanEdit: true, Released: true,
			Status: "已报送", Blockers: []string{"尚未运行审校"}, Stale: []string{"一：3"}, Checks: []FigureCheck{{Key: "1:a.b:3", Message: "<b>值</b>"}}, Late: []string{"逾期未公开"}, Error: "未保存",
			Steps: []ReportStepView{{Event: "approve", Label: "负责人审定", URL: "/x", Approve: true, Primary: true}},
			Sections: []ReportSectionView{{Key: "4", Level: 1, Title: "四、", Body: "<b>值</b>", Current: "旧", Error: "冲突", LastPlan: "去年",
				Figures: []ReportFigureView{{ID: "a.b", Text: "3", URL: "/indicators/a.b/records?unit=2&year=2025", Hand: true, Stale: true, Now: "4"}}}},
			Events: []ReportEventView{{Label: "生成初稿"}}},
		"report_history.html": &ReportHistoryPage{Base: base, URL: "/reports/2/2025", Versions: []ReportVersionView{{ReportVersion: store.ReportVersion{Version: 2, Reason: "笔误", Correction: true},
			Changes: []SectionChange{{Title: "二、", Lines: []report.DiffLine{{Op: "=", Text: "同"}, {Op: "-", Text: "旧"}, {Op: "+", Text: "新"}}}}}, {ReportVersion: store.ReportVersion{Version: 1}}}},
		"report_archive.html": &ReportArchivePage{Base: base, Unit: access.Unit{ID: 2, Name: "甲镇"}, URL: "/reports/2/archive", Error: "年度有误",
			Entries: []store.ArchiveEntry{{Year: 2024, Source: "legacy", Name: "<b>值</b>"}}},
		"public_reports.html": &PublicReportsPage{Base: base, Years: []PublicReportYear{{Year: 2025, Reports: []PublicReportRow{{Unit: "甲镇", Title: "报告", Late: true}}}}},
		"public_report.html": &PublicReportPage{Base: base, R: rep, Published: "2026-03-01", Deadline: "2026-04-01",
			Corrections: []store.ReportVersion{{Version: 3, Reason: "笔误"}}, Paragraphs: []PublicReportSection{{Title: "一、", Level: 1, Paras: []string{"段"}}}},
	}
}

// TestReport_LateReminders: on 2 March a township with no submitted
// report reminds its own clerk and the county, through the reminder
// digest (the bell), once a day; the other township's clerk is not told.
func TestReport_LateReminders(t *testing.T) {
	e := reportEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	r, err := e.db.CreateReport(ctx, sys, e.units["A"].ID, 2025, report.Document{Title: "甲镇报告"})
	if err != nil {
		t.Fatal(err)
	}
	e.db.ReportStep(ctx, sys, r.ID, 1, report.SendReview, report.Approval{}, "")
	e.db.AddReportCheck(ctx, sys, r.ID, store.ReportCheck{Version: 1, Findings: "[]"})
	for _, ev := range []report.Event{report.Approve, report.Submit} {
		if _, err := e.db.ReportStep(ctx, sys, r.ID, 1, ev, report.Approval{Acked: true}, ""); err != nil {
			t.Fatal(err)
		}
	}
	text := func(user string) string {
		ns, err := e.db.Notifications(ctx, e.users[user].ID, 50)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, n := range ns {
			b.WriteString(n.Body + "\n")
		}
		return b.String()
	}
	e.at("2026-03-01")
	if _, _, err := e.srv.RunReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(text("clerkB"), "年度法治政府建设情况报告") {
		t.Fatal("reminded on the deadline day itself")
	}
	e.at("2026-03-02")
	for range 2 {
		if _, _, err := e.srv.RunReminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	b := text("clerkB")
	if strings.Count(b, "【年度报告】乙镇2025年度法治政府建设情况报告（乙镇）报送期限 届满日 2026-03-01") != 1 || strings.Contains(b, "甲镇2025") {
		t.Fatalf("乙镇 clerk's reminders:\n%s", b)
	}
	if ins := text("inspector"); !strings.Contains(ins, "乙镇2025年度") || strings.Contains(ins, "甲镇2025年度") {
		t.Fatalf("county inspector's reminders:\n%s", ins)
	}
	if a := text("clerkA"); strings.Contains(a, "年度报告") {
		t.Fatalf("甲镇 submitted on time but was reminded:\n%s", a)
	}
}

// TestReport_DeadlineSettingOnSettingsPage: the county's administrator
// sets the submission deadline on 本地设置; a day that does not exist
// every year is refused naming the setting; the board reads the value.
func TestReport_DeadlineSettingOnSettingsPage(t *testing.T) {
	e := reportEnv(t)
	admin := e.loggedIn("admin")
	county := strconv.FormatInt(e.units["county"].ID, 10)
	_, page := admin.get("/admin/settings?unit=" + county)
	if !strings.Contains(page, "年度报告报送期限") || !strings.Contains(page, "第二十四条") {
		t.Fatal("the report's deadlines are not on 本地设置")
	}
	resp, body := admin.post("/admin/settings", urlValues("unit_id", county, "name", "report_submit_by", "value", "02-29"))
	if resp.StatusCode < 400 || !strings.Contains(body, "年度报告报送期限") || !strings.Contains(body, "月-日") {
		t.Fatalf("02-29 accepted: %d %s", resp.StatusCode, refusalOf(body))
	}
	if resp, _ := admin.post("/admin/settings", urlValues("unit_id", county, "name", "report_submit_by", "value", "02-15")); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("02-15: %d", resp.StatusCode)
	}
	_, board := e.loggedIn("inspector").get("/reports?year=2025")
	if strings.Count(board, "（2026-02-15）") != 2 {
		t.Fatalf("board does not use the county's deadline:\n%s", board)
	}
}

// TestReport_LastYearsPlanBesidePart4: 甲镇's 2024 report planned two
// items; the 2025 editor shows that part 4 beside this year's.
func TestReport_LastYearsPlanBesidePart4(t *testing.T) {
	e := reportEnv(t)
	A := e.units["A"]
	last := report.Document{Unit: "甲镇", Year: 2024, Title: "甲镇关于2024年度法治政府建设情况的报告", Sections: []report.Section{
		{Key: "4", Level: 1, Title: "四、2025年度推进法治政府建设的主要安排", Body: "一是推进镇级合法性审查全覆盖。\n二是建成村级公共法律服务工作室。"}}}
	if _, err := e.db.CreateReport(context.Background(), store.SystemActor("test"), A.ID, 2024, last); err != nil {
		t.Fatal(err)
	}
	clerk := e.loggedIn("clerkA")
	url := reportURL(A.ID, 2025)
	clerk.reportForm(url, nil, http.StatusSeeOther)
	_, body := clerk.get(url)
	i := strings.Index(body, `id="last-plan"`)
	if i < 0 || !strings.Contains(body[i:], "一是推进镇级合法性审查全覆盖。\n二是建成村级公共法律服务工作室。") {
		t.Fatalf("last year's plan not beside part 4:\n%s", refusalOf(body))
	}
	if s := body[:i]; !strings.Contains(s[strings.LastIndex(s, `id="s`):], `id="s4"`) {
		t.Fatal("last year's plan is not in part 4's section")
	}
}

// docxText is the text of a .docx's body: word/document.xml without tags.
func docxText(t *testing.T, b []byte) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			x, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				t.Fatal(err)
			}
			return regexp.MustCompile(`<[^>]*>`).ReplaceAllString(string(x), "")
		}
	}
	t.Fatal("no word/document.xml")
	return ""
}

// TestReport_PlanItemsDoneOrNotBesidePart4: 甲镇's 2025 work plan has two
// tasks, one completed; the 2025 report's part 4 lists both beside the
// editor, marked done and not done, linked to their records — and neither
// 甲镇's 2024 task nor 乙镇's 2025 task.
func TestReport_PlanItemsDoneOrNotBesidePart4(t *testing.T) {
	e := reportEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	plan := e.seed(kinds.WorkPlanKind, "A", ledger.Values{"year": "2025", "title": "甲镇2025年法治建设工作要点"})
	task := func(unit, year, title string) *ledger.Record {
		return e.seed(kinds.PlanTaskKind, unit, ledger.Values{"plan_id": strconv.FormatInt(plan.ID, 10), "year": year,
			"title": title, "department": "党政办", "due_date": year + "-12-31"})
	}
	done := task("A", "2025", "推进镇级合法性审查全覆盖")
	task("A", "2025", "建成村级公共法律服务工作室")
	if _, err := e.db.Transition(ctx, sys, e.srv.kinds.Kind(kinds.PlanTaskKind), done.ID, done.Version, "complete",
		ledger.Values{"done_date": "2025-02-20", "result": "镇级合法性审查实现全覆盖"}); err != nil {
		t.Fatal(err)
	}
	e.seed(kinds.PlanTaskKind, "A", ledger.Values{"year": "2024", "title": "上年度的任务", "department": "党政办", "due_date": "2024-12-31"})
	e.seed(kinds.PlanTaskKind, "B", ledger.Values{"year": "2025", "title": "乙镇的任务", "department": "党政办", "due_date": "2025-12-31"})

	clerk := e.loggedIn("clerkA")
	url := reportURL(e.units["A"].ID, 2025)
	clerk.reportForm(url, nil, http.StatusSeeOther)
	_, body := clerk.get(url)
	i := strings.Index(body, `id="plan-items"`)
	if i < 0 {
		t.Fatalf("no work-plan items beside part 4:\n%s", refusalOf(body))
	}
	aside := body[i : strings.Index(body[i:], "</aside>")+i]
	items, doneN := strings.Count(aside, "<li>"), strings.Count(aside, "已完成</span>")
	wantBody(t, aside, fmt.Sprintf("完成 %d / %d 项", doneN, items), `已完成</span> <a href="/l/plan_task/`+strconv.FormatInt(done.ID, 10)+`">推进镇级合法性审查全覆盖</a>`,
		`未完成</span> <a href="/l/plan_task/`, "建成村级公共法律服务工作室")
	for _, not := range []string{"上年度的任务", "乙镇的任务"} {
		if strings.Contains(aside, not) {
			t.Errorf("part 4 lists %s", not)
		}
	}
}

// TestReport_CountyDraftsFromTheRollUp: the county's own report is drafted
// from the roll-up of its townships — each count the sum of 甲镇's and
// 乙镇's, each rate recomputed — and addressed and titled as the county's.
func TestReport_CountyDraftsFromTheRollUp(t *testing.T) {
	e := reportEnv(t)
	for i, k := range e.srv.kinds.Kinds() {
		for range (i+1)%3 + 1 {
			e.exampleRecord(k, "B")
		}
	}
	clerk := &access.User{Username: "countyClerk", Name: "县法治办", UnitID: e.units["county"].ID, Roles: []access.Role{access.RoleClerk},
		PasswordHash: e.users["clerkA"].PasswordHash}
	if err := e.db.CreateUser(context.Background(), store.SystemActor("test"), clerk); err != nil {
		t.Fatal(err)
	}
	e.users[clerk.Username] = clerk
	c := e.loggedIn("countyClerk")
	c.reportForm(reportURL(e.units["county"].ID, 2025), nil, http.StatusSeeOther)
	doc := e.reportNow("county").Doc
	if !strings.HasPrefix(doc.Title, "测试县") {
		t.Errorf("the county's report is titled %q", doc.Title)
	}
	value := func(unit string, id string) float64 {
		status, body := e.api("inspector").call("GET", fmt.Sprintf("/api/v1/indicators?unit=%d&year=2025", e.units[unit].ID), nil)
		if status != http.StatusOK {
			t.Fatalf("indicators of %s: %d %s", unit, status, body)
		}
		var out struct {
			Indicators []struct {
				ID    string  `json:"id"`
				Unit  string  `json:"unit"`
				Value float64 `json:"value"`
			} `json:"indicators"`
		}
		if err := json.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		for _, in := range out.Indicators {
			if in.ID == id {
				return in.Value
			}
		}
		t.Fatalf("%s: no indicator %s", unit, id)
		return 0
	}
	counts := 0
	for _, s := range doc.Sections {
		for _, f := range s.Figures {
			if f.Change {
				continue // a comparison with last year, not the year's figure
			}
			if got := value("county", f.ID); f.Value != got {
				t.Errorf("%s: the county's draft says %v, its indicator is %v", f.ID, f.Value, got)
			}
			if d, _ := e.srv.indicators.Def(f.ID); d.Measure == ledger.Count {
				counts++
				if a, b := value("A", f.ID), value("B", f.ID); f.Value != a+b {
					t.Errorf("%s: the county's %v is not 甲镇's %v + 乙镇's %v", f.ID, f.Value, a, b)
				}
			}
		}
	}
	if counts == 0 {
		t.Fatal("the county's draft has no count to check")
	}
}
