package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"strings"
	"testing"

	"fazhi/internal/report"
	"fazhi/internal/store"
)

// apiReportPath is /api/v1/reports/{id} and what follows.
func apiReportPath(id int64, rest string) string {
	return fmt.Sprintf("/api/v1/reports/%d%s", id, rest)
}

// wantMessage fails unless the error body says every part of want.
func wantMessage(t *testing.T, what string, e apiError, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(e.Message, w) {
			t.Fatalf("%s: message %q lacks %q", what, e.Message, w)
		}
	}
}

// sectionOf is section key of d.
func sectionOf(t *testing.T, d apiReportDetail, key string) apiReportSection {
	t.Helper()
	for _, s := range d.Sections {
		if s.Key == key {
			return s
		}
	}
	t.Fatalf("report has no section %s", key)
	return apiReportSection{}
}

// TestAPIReport_ClerkHeadPublishSubmit walks 甲镇's 2025 report through the
// API as its clerk and head do — draft from the indicators, edit, 审校,
// approval with the figures acknowledged, submission, publication, a
// correction — meeting each refusal on the way with the editor's message
// and status.
func TestAPIReport_ClerkHeadPublishSubmit(t *testing.T) {
	e := reportEnv(t)
	A := e.units["A"]
	clerk, head, inspector := e.api("clerkA"), e.api("headA"), e.api("inspector")

	var list apiReportList
	clerk.must("GET", "/api/v1/reports?year=2025", nil, http.StatusOK, &list)
	if list.Total != 0 || list.Items == nil {
		t.Fatalf("before drafting: %+v", list)
	}
	// Drafting: not by the county's inspector, not a year out of range,
	// not in another township.
	wantMessage(t, "inspector drafts", inspector.apiErr("POST", "/api/v1/reports", map[string]any{"unit": "甲镇", "year": 2025}, http.StatusForbidden), "无权")
	wantMessage(t, "year 1899", clerk.apiErr("POST", "/api/v1/reports", map[string]any{"year": 1899}, http.StatusBadRequest), "year", "2000至2100")
	wantMessage(t, "year as text", clerk.apiErr("POST", "/api/v1/reports", `{"year":"2025"}`, http.StatusBadRequest), "year")
	wantMessage(t, "乙镇 by 甲镇's clerk", clerk.apiErr("POST", "/api/v1/reports", map[string]any{"unit": "乙镇", "year": 2025}, http.StatusNotFound), "乙镇", "数据范围")

	var rep apiReportDetail
	status, b := clerk.call("POST", "/api/v1/reports", map[string]any{"year": 2025}) // the clerk's own unit
	if status != http.StatusCreated || json.Unmarshal(b, &rep) != nil {
		t.Fatalf("draft: %d %s", status, b)
	}
	stored := e.reportNow("A")
	if rep.ID != stored.ID || rep.Version != 1 || rep.State != string(report.Drafting) || rep.StateLabel != "起草" || rep.Unit != "甲镇" {
		t.Fatalf("drafted: %+v", rep.apiReportSummary)
	}
	if len(rep.Sections) != len(stored.Doc.Sections) || rep.SubmitBy != "2026-03-01" || rep.PublishBy != "2026-04-01" {
		t.Fatalf("drafted: %d sections (stored %d), deadlines %s %s", len(rep.Sections), len(stored.Doc.Sections), rep.SubmitBy, rep.PublishBy)
	}
	// Every figure carries its indicator id and value, as stored.
	figures := 0
	for i, sec := range rep.Sections {
		if sec.Body != stored.Doc.Sections[i].Body {
			t.Fatalf("section %s: API text differs from the stored draft", sec.Key)
		}
		for j, f := range sec.Figures {
			sf := stored.Doc.Sections[i].Figures[j]
			if f.ID != sf.ID || f.Value != sf.Value || f.Text != sf.Text || f.Stale || f.Hand || !strings.Contains(sec.Body, f.Text) {
				t.Fatalf("figure %+v, stored %+v", f, sf)
			}
			figures++
		}
	}
	if figures == 0 {
		t.Fatal("the draft has no traced figure")
	}
	// Drafting twice: the editor's 409 and message, from either side.
	dup := clerk.apiErr("POST", "/api/v1/reports", map[string]any{"unit": fmt.Sprint(A.ID), "year": 2025}, http.StatusConflict)
	wantMessage(t, "second draft", dup, "甲镇2025年度报告已经起草，不能再次生成")
	if body := e.loggedIn("clerkA").reportForm(reportURL(A.ID, 2025), nil, http.StatusConflict); !strings.Contains(body, dup.Message) {
		t.Fatalf("the editor refuses a second draft with another message than the API's %q", dup.Message)
	}

	clerk.must("GET", "/api/v1/reports?unit=甲镇&year=2025", nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].ID != rep.ID || list.Items[0].State != "draft" || list.Items[0].Published || len(list.Items[0].Late) != 0 {
		t.Fatalf("list after drafting: %+v", list)
	}

	// Two people save part 2 from version 1: the second is refused,
	// naming who saved which version, and nothing is saved over it.
	path := apiReportPath(rep.ID, "")
	shortfall := "一是执法人员培训不够系统，部分执法人员对新修订的行政处罚法掌握不够全面。"
	clerk.must("PUT", path+"/sections/2", map[string]any{"version": 1, "body": shortfall}, http.StatusOK, &rep)
	if rep.Version != 2 || sectionOf(t, rep, "2").Body != shortfall {
		t.Fatalf("after saving part 2: v%d %q", rep.Version, sectionOf(t, rep, "2").Body)
	}
	c := head.apiErr("PUT", path+"/sections/2", map[string]any{"version": 1, "body": "负责人同时写下的另一段文字。"}, http.StatusConflict)
	wantMessage(t, "concurrent edit", c, "未保存：您编辑的是第1版", "甲镇录入员已于", "保存了第2版", "第2版的文字和版本号")
	wantMessage(t, "no version", clerk.apiErr("PUT", path+"/sections/2", map[string]any{"body": "x"}, http.StatusBadRequest), "version")
	wantMessage(t, "no such section", clerk.apiErr("PUT", path+"/sections/9.9", map[string]any{"version": 2, "body": "x"}, http.StatusNotFound), "key")
	huge := clerk.apiErr("PUT", path+"/sections/2", map[string]any{"version": 2, "body": strings.Repeat("长", report.MaxSectionRunes+1)}, http.StatusUnprocessableEntity)
	wantMessage(t, "huge section", huge, "上限")
	if huge.Fields["body"] == "" {
		t.Fatalf("huge section: the field is not named: %+v", huge)
	}
	if cur := e.reportNow("A"); cur.Status.Version != 2 || !strings.Contains(report.PlainText(cur.Doc), shortfall) {
		t.Fatalf("after the refused saves: v%d", cur.Status.Version)
	}

	// A figure changed by hand is flagged and no longer follows its
	// indicator.
	cur := e.reportNow("A")
	sec, fig0 := figureSection(t, cur.Doc)
	edited := strings.Replace(sec.Body, fig0.Sentence, replaceNumber(fig0.Sentence, fig0.Text, "987"), 1)
	clerk.must("PUT", path+"/sections/"+sec.Key, map[string]any{"version": 2, "body": edited}, http.StatusOK, &rep)
	hand := false
	for _, f := range sectionOf(t, rep, sec.Key).Figures {
		hand = hand || f.Hand && f.Text == "987"
	}
	if !hand {
		t.Fatalf("hand-edited figure not flagged: %+v", sectionOf(t, rep, sec.Key).Figures)
	}
	clerk.must("PUT", path+"/sections/4", map[string]any{"version": 3, "body": "一是全面推进行政执法三项制度落实。"}, http.StatusOK, &rep)

	// 负责人审定: not before 送审校, not without a clean 审校 run on this
	// version, not with a figure left unacknowledged, not by the clerk.
	wantMessage(t, "approve a draft", head.apiErr("POST", path+"/transitions", map[string]any{"event": "approve", "version": 4}, http.StatusUnprocessableEntity), "送审校")
	wantMessage(t, "unknown event", head.apiErr("POST", path+"/transitions", map[string]any{"event": "edit", "version": 4}, http.StatusBadRequest), "review（送审校）")
	clerk.must("POST", path+"/transitions", map[string]any{"event": "review", "version": 4}, http.StatusOK, &rep)
	if rep.State != "review" || rep.StateLabel != "审校" {
		t.Fatalf("after 送审校: %s", rep.State)
	}
	unchecked := head.apiErr("POST", path+"/transitions", map[string]any{"event": "approve", "version": 4}, http.StatusUnprocessableEntity)
	wantMessage(t, "approve unchecked", unchecked, "尚未对报告运行审校")
	if body := e.loggedIn("headA").reportForm(reportURL(A.ID, 2025)+"/step/approve", urlValues("version", "4"), http.StatusUnprocessableEntity); !strings.Contains(body, "尚未对报告运行审校") {
		t.Fatal("the editor refuses the unchecked approval otherwise than the API")
	}
	var chk apiReportCheck
	clerk.must("POST", path+"/check", nil, http.StatusOK, &chk)
	if chk.Version != 4 || chk.Errors != 0 || !chk.Current || chk.Findings == nil {
		t.Fatalf("审校: %+v", chk)
	}
	wantMessage(t, "inspector runs 审校", inspector.apiErr("POST", path+"/check", nil, http.StatusForbidden), "无权")
	// A ledger changes after drafting: the figure it feeds turns stale.
	fig := firstFigure(t, e.reportNow("A").Doc)
	def, _ := e.srv.indicators.Def(fig.ID)
	if !e.exampleRecord(def.Kind, "A") {
		t.Fatalf("cannot add a %s record", def.Kind.Label)
	}
	head.must("GET", path, nil, http.StatusOK, &rep)
	staleSeen := false
	for _, s := range rep.Sections {
		for _, f := range s.Figures {
			if f.ID == fig.ID && f.Stale && f.Now != "" {
				staleSeen = true
			}
		}
	}
	if !staleSeen || len(rep.Acknowledge) < 2 || len(rep.Blockers) == 0 || rep.Check == nil || rep.Check.Version != 4 {
		t.Fatalf("after the ledger changed: stale %v, %d to acknowledge, blockers %v", staleSeen, len(rep.Acknowledge), rep.Blockers)
	}
	var keys []string
	for _, a := range rep.Acknowledge {
		keys = append(keys, a.Key)
	}
	stale := head.apiErr("POST", path+"/transitions", map[string]any{"event": "approve", "version": 4}, http.StatusUnprocessableEntity)
	wantMessage(t, "approve with a stale figure", stale, "与指标当前值不一致", "已核对")
	wantMessage(t, "one figure unacknowledged", head.apiErr("POST", path+"/transitions",
		map[string]any{"event": "approve", "version": 4, "acknowledge": keys[1:]}, http.StatusUnprocessableEntity), "不能审定")
	wantMessage(t, "clerk approves", clerk.apiErr("POST", path+"/transitions",
		map[string]any{"event": "approve", "version": 4, "acknowledge": keys}, http.StatusForbidden), "无权")
	wantMessage(t, "approve an old version", head.apiErr("POST", path+"/transitions",
		map[string]any{"event": "approve", "version": 3, "acknowledge": keys}, http.StatusConflict), "未办理：报告已有新版本或状态已变化")
	head.must("POST", path+"/transitions", map[string]any{"event": "approve", "version": 4, "acknowledge": keys, "note": "已核对"}, http.StatusOK, &rep)
	if rep.State != "approved" || rep.ApprovedAt == nil || rep.Date == "" {
		t.Fatalf("after approval: %s %v %q", rep.State, rep.ApprovedAt, rep.Date)
	}
	wantMessage(t, "edit after approval", clerk.apiErr("PUT", path+"/sections/2", map[string]any{"version": 4, "body": "x"}, http.StatusUnprocessableEntity), "撤回审定")

	// 报送 with its receipt, then 公开; each once.
	e.at("2026-02-20")
	clerk.must("POST", path+"/transitions", map[string]any{"event": "submit", "version": 4}, http.StatusOK, &rep)
	if !rep.Submitted || rep.SubmittedBy != "甲镇录入员" || rep.SubmittedVersion != 4 || rep.StateLabel != "已报送" {
		t.Fatalf("receipt: %+v", rep.apiReportSummary)
	}
	wantMessage(t, "submit twice", clerk.apiErr("POST", path+"/transitions", map[string]any{"event": "submit", "version": 4}, http.StatusUnprocessableEntity), "不能再次报送")
	e.at("2026-03-10")
	head.must("POST", path+"/transitions", map[string]any{"event": "publish", "version": 4}, http.StatusOK, &rep)
	if !rep.Published || rep.PublicURL != fmt.Sprintf("/public/reports/%d", rep.ID) || rep.StateLabel != "已公开、已报送" {
		t.Fatalf("published: %+v", rep.apiReportSummary)
	}
	wantMessage(t, "withdraw after release", head.apiErr("POST", path+"/transitions", map[string]any{"event": "withdraw", "version": 4}, http.StatusUnprocessableEntity), "更正")

	// 更正: locked, so a change needs its reason and is a new version.
	wantMessage(t, "correction without reason", clerk.apiErr("PUT", path+"/sections/2", map[string]any{"version": 4, "body": shortfall + "补充。"}, http.StatusUnprocessableEntity), "更正原因")
	clerk.must("PUT", path+"/sections/2", map[string]any{"version": 4, "body": shortfall + "补充。", "reason": "补充培训不足的原因"}, http.StatusOK, &rep)
	if rep.Version != 5 || len(rep.Versions) != 5 || !rep.Versions[0].Correction || rep.Versions[0].Reason != "补充培训不足的原因" {
		t.Fatalf("correction: v%d %+v", rep.Version, rep.Versions)
	}
	var v5 apiReportVersion
	clerk.must("GET", path+"/versions/5", nil, http.StatusOK, &v5)
	if v5.Version != 5 || !v5.Correction || !strings.Contains(report.PlainText(v5.Document), shortfall+"补充。") {
		t.Fatalf("version 5: %+v", v5.apiReportVersionAt)
	}
	var v1 apiReportVersion
	clerk.must("GET", path+"/versions/1", nil, http.StatusOK, &v1)
	if v1.Reason != "由指标生成初稿" || strings.Contains(report.PlainText(v1.Document), shortfall) {
		t.Fatalf("version 1: %+v", v1.apiReportVersionAt)
	}
	wantMessage(t, "version 6", clerk.apiErr("GET", path+"/versions/6", nil, http.StatusNotFound), "没有第6版", "第1至5版")
	var diff apiReportDiff
	clerk.must("GET", path+"/versions/5/diff", nil, http.StatusOK, &diff)
	if diff.From != 4 || changedKeys(diff) != "2" || !diffHas(diff, "-", shortfall) || !diffHas(diff, "+", shortfall+"补充。") {
		t.Fatalf("diff 4→5: %+v", diff)
	}
	clerk.must("GET", path+"/versions/5/diff?from=1", nil, http.StatusOK, &diff)
	if diff.From != 1 || len(diff.Sections) < 3 {
		t.Fatalf("diff 1→5: %d sections", len(diff.Sections))
	}

	// Exports and figures.
	resp, docx := clerk.get(path + "/export.docx")
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(docx), "PK") || !strings.Contains(resp.Header.Get("Content-Disposition"), "report.docx") {
		t.Fatalf("export.docx: %d", resp.StatusCode)
	}
	if !strings.Contains(docxText(t, docx), shortfall+"补充。") {
		t.Fatal("the .docx is not the current version")
	}
	if _, err := exec.LookPath("soffice"); err == nil {
		if resp, pdf := clerk.get(path + "/export.pdf"); resp.StatusCode != http.StatusOK || !strings.HasPrefix(string(pdf), "%PDF") {
			t.Fatalf("export.pdf: %d", resp.StatusCode)
		}
	} else {
		wantMessage(t, "export.pdf without LibreOffice", clerk.apiErr("GET", path+"/export.pdf", nil, http.StatusServiceUnavailable), "LibreOffice")
	}
	var figs reportFiguresBody
	clerk.must("GET", path+"/figures.json", nil, http.StatusOK, &figs)
	if figs.Unit != "甲镇" || figs.Version != 5 || figs.Published != "2026-03-10" || len(figs.Figures) != figures {
		t.Fatalf("figures.json: %+v", figs)
	}
	resp, csvBody := clerk.get(path + "/figures.csv")
	if !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/csv") || !strings.Contains(string(csvBody), fig.ID) || !strings.Contains(string(csvBody), "987") {
		t.Fatalf("figures.csv: %s", csvBody)
	}

	// The county board: 甲镇 submitted and published on time, 乙镇 late
	// on both.
	e.at("2026-04-02")
	var board apiReportBoardBody
	inspector.must("GET", "/api/v1/reports/board?year=2025", nil, http.StatusOK, &board)
	rows := map[string]apiReportBoardRow{}
	for _, r := range board.Rows {
		rows[r.Unit] = r
	}
	a, bRow := rows["甲镇"], rows["乙镇"]
	if board.Unit != "测试县" || board.Today != "2026-04-02" || len(board.Rows) != 2 {
		t.Fatalf("board: %+v", board)
	}
	if a.ReportID != rep.ID || a.Status != "已公开、已报送" || a.Submitted != "2026-02-20" || a.Published != "2026-03-10" || a.LateSubmit || a.LatePublish || a.Drafted != "2026-01-15" || a.Approved != "2026-01-15" {
		t.Fatalf("甲镇 on the board: %+v", a)
	}
	if !bRow.Missing || !bRow.LateSubmit || !bRow.LatePublish || bRow.Status != "未起草" || bRow.ReportID != 0 {
		t.Fatalf("乙镇 on the board: %+v", bRow)
	}
	// The events: the receipt of the submission names who and which version.
	inspector.must("GET", path, nil, http.StatusOK, &rep)
	var receipt *apiReportEvent
	for i := range rep.Events {
		if rep.Events[i].Event == "submit" {
			receipt = &rep.Events[i]
		}
	}
	if receipt == nil || receipt.Actor != "甲镇录入员" || receipt.Version != 4 || len(rep.Steps) != 0 || rep.CanEdit {
		t.Fatalf("the inspector's view: receipt %+v, steps %v, can edit %v", receipt, rep.Steps, rep.CanEdit)
	}
	if sys, err := e.db.ReportByID(context.Background(), store.SystemActor("t"), rep.ID); err != nil || sys.Status.Version != 5 {
		t.Fatalf("stored: %+v %v", sys, err)
	}
	// Every refusal above, the PDF without LibreOffice included, was the
	// caller's answer: none is logged as a server error.
	if logs := e.logs.String(); strings.Contains(logs, "level=ERROR") {
		t.Errorf("refusals logged as errors:\n%s", logs)
	}
}

// changedKeys are the sections a diff changes besides the heading ("标题":
// a correction stores the date of issue the earlier versions only show).
func changedKeys(d apiReportDiff) string {
	var keys []string
	for _, s := range d.Sections {
		if s.Key != "" {
			keys = append(keys, s.Key)
		}
	}
	return strings.Join(keys, " ")
}

func diffHas(d apiReportDiff, op, text string) bool {
	for _, s := range d.Sections {
		for _, l := range s.Lines {
			if l.Op == op && l.Text == text {
				return true
			}
		}
	}
	return false
}

// get reads path with the client's token, returning the raw body.
func (c *apiClient) get(path string) (*http.Response, []byte) {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	req.Header.Set("Authorization", "Bearer "+c.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}
