package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
	"fazhi/internal/store"
)

// importBook writes rows (field names, or the headers 所属单位 and 状态,
// to values) under kind k's template header.
func importBook(t testing.TB, k *ledger.Kind, rows []map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for j, c := range importer.Columns(k) {
		key := c.Header
		if c.Field != nil {
			key = c.Field.Name
		}
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		f.SetCellStr("Sheet1", cell, c.Header)
		for i, r := range rows {
			if v := r[key]; v != "" {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				f.SetCellStr("Sheet1", cell, v)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// importUpload posts a workbook to a page form (multipart, CSRF token in
// the form) with fields.
func (c *client) importUpload(path string, file []byte, fields map[string]string) (*http.Response, string) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	if c.csrf != "" {
		mw.WriteField(csrfField, c.csrf)
	}
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("file", "导入.xlsx")
	fw.Write(file)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// importer adds a user of A holding the clerk's and the reviewer's roles,
// who may both create reviews and replay every step of their workflow.
func addImporter(t *testing.T, e *env) {
	u := &access.User{Username: "importer", Name: "甲镇导入员", UnitID: e.units["A"].ID,
		Roles: []access.Role{access.RoleClerk, access.RoleReviewer}, PasswordHash: e.users["clerkA"].PasswordHash}
	if err := e.db.CreateUser(context.Background(), store.SystemActor("test"), u); err != nil {
		t.Fatal(err)
	}
	e.users[u.Username] = u
}

func addUnit(t *testing.T, e *env, key, name string, parent string) access.Unit {
	u := access.Unit{ParentID: e.units[parent].ID, Name: name, Level: access.LevelVillage}
	if err := e.db.CreateUnit(context.Background(), store.SystemActor("test"), &u); err != nil {
		t.Fatal(err)
	}
	e.units[key] = u
	return u
}

// TestImport_RoundTrip: reviews in every state are exported from 甲镇 and
// the export imported into an empty village; the village then holds the
// same records (fields and states), replayed through the workflow, and the
// batch undoes as a whole.
func TestImport_RoundTrip(t *testing.T) {
	e := apiEnv(t)
	addImporter(t, e)
	village := addUnit(t, e, "village", "甲村", "A")
	ctx, sys := context.Background(), store.SystemActor("test")
	k := e.srv.kinds.Kind("legality_review")
	step := func(r *ledger.Record, event string, in ledger.Values) *ledger.Record {
		out, err := e.db.Transition(ctx, sys, k, r.ID, r.Version, event, in)
		if err != nil {
			t.Fatalf("%s: %v", event, err)
		}
		return out
	}
	opinion := ledger.Values{"opinion": "合法", "opinion_text": "制定主体、权限、程序和内容均合法。", "opinion_date": "2025-02-20"}
	e.seed("legality_review", "A", reviewData("往返一号（已受理）"))
	step(e.seed("legality_review", "A", reviewData("往返二号（审查中）")), "start_review", nil)
	step(step(e.seed("legality_review", "A", reviewData("往返三号（已出具意见）")), "start_review", nil), "give_opinion", opinion)
	r := step(e.seed("legality_review", "A", reviewData("往返四号（退回后出具意见）")), "start_review", nil)
	r = step(r, "return_materials", ledger.Values{"return_reason": "缺少起草说明"})
	r = step(r, "resubmit", ledger.Values{"supplement_date": "2025-02-14"})
	step(r, "give_opinion", opinion)
	step(e.seed("legality_review", "A", reviewData("往返五号（已撤回）")), "withdraw", ledger.Values{"withdraw_reason": "决策事项取消"})
	long := reviewData("往返六号（材料说明多行）")
	long["materials"] = "第一行\n第二行"
	long["review_limit_days"] = "12"
	e.seed("legality_review", "A", long)

	byTitle := func(unit int64) map[string]ledger.Record {
		recs, _, err := e.db.ListRecords(ctx, sys, store.ListQuery{Kind: k.Name, UnitID: unit, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]ledger.Record{}
		for _, r := range recs {
			if r.UnitID == unit {
				out[r.Title] = r
			}
		}
		return out
	}
	orig := byTitle(e.units["A"].ID)
	if len(orig) != 6 {
		t.Fatalf("seeded %d", len(orig))
	}

	resp, xlsx := e.loggedIn("importer").download(t, fmt.Sprintf("/l/legality_review/export.xlsx?unit=%d", e.units["A"].ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	api := e.api("importer")
	path := fmt.Sprintf("/api/v1/records/legality_review/import?unit=%d", village.ID)
	status, body := api.upload(path+"&dry_run=1", "导出.xlsx", xlsx)
	var rep apiImportReport
	json.Unmarshal(body, &rep)
	if status != http.StatusOK || rep.Total != 0 || rep.Rows != 6 || rep.Imported != 0 || len(byTitle(village.ID)) != 0 {
		t.Fatalf("dry run: %d %s", status, body)
	}
	status, body = api.upload(path, "导出.xlsx", xlsx)
	json.Unmarshal(body, &rep)
	if status != http.StatusCreated || rep.Imported != 6 || rep.Batch == 0 {
		t.Fatalf("import: %d %s", status, body)
	}
	got := byTitle(village.ID)
	for title, o := range orig {
		g, ok := got[title]
		if !ok {
			t.Errorf("%s not imported", title)
			continue
		}
		if g.State != o.State || !maps.Equal(g.Data, o.Data) {
			t.Errorf("%s: imported %s %v, want %s %v", title, g.State, g.Data, o.State, o.Data)
		}
		if h, err := e.db.History(ctx, sys, g.ID); err != nil || len(h) < 1 {
			t.Errorf("%s: history %v %v", title, h, err)
		}
	}

	// The batch undoes as a whole; the audit chain stays intact.
	var b apiBatch
	api.must("POST", fmt.Sprintf("/api/v1/imports/%d/undo", rep.Batch), nil, http.StatusOK, &b)
	if b.Status != store.ImportUndone || len(byTitle(village.ID)) != 0 || len(byTitle(e.units["A"].ID)) != 6 {
		t.Fatalf("undo: %+v, %d left", b, len(byTitle(village.ID)))
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain after undo: %v %v", brk, err)
	}
	ae := api.apiErr("POST", fmt.Sprintf("/api/v1/imports/%d/undo", rep.Batch), nil, http.StatusUnprocessableEntity)
	if !strings.Contains(ae.Message, "已于") {
		t.Errorf("second undo: %s", ae.Message)
	}
	e.api("clerkB").apiErr("POST", fmt.Sprintf("/api/v1/imports/%d/undo", rep.Batch), nil, http.StatusNotFound)
}

// TestImport_ThousandBadRows: each bad row is answered in Chinese naming
// its row, column, field and fix; nothing is written.
func TestImport_ThousandBadRows(t *testing.T) {
	e := apiEnv(t)
	k := e.srv.kinds.Kind("legality_review")
	var rows []map[string]string
	for i := 0; i < 1000; i++ {
		d := reviewData(fmt.Sprintf("坏行%d", i))
		d["received_date"] = "2099-03-01"
		d["review_limit_days"] = "九十"
		rows = append(rows, d)
	}
	rows = append(rows, reviewData("好行"))
	api := e.api("clerkA")
	before := len(e.audits())
	status, body := api.upload(fmt.Sprintf("/api/v1/records/legality_review/import?unit=%d", e.units["A"].ID), "坏.xlsx", importBook(t, k, rows))
	var rep apiImportReport
	if err := json.Unmarshal(body, &rep); err != nil {
		t.Fatal(err)
	}
	if status != http.StatusUnprocessableEntity || rep.Imported != 0 || rep.Bad != 1000 || rep.Valid != 1 || rep.Total != 2000 || len(rep.Problems) != 1000 {
		t.Fatalf("status %d, rows %d bad %d valid %d total %d listed %d", status, rep.Rows, rep.Bad, rep.Valid, rep.Total, len(rep.Problems))
	}
	cols := map[string]string{}
	for i, c := range importer.Columns(k) {
		cols[c.Header] = colLetter(i)
	}
	for i, p := range rep.Problems {
		wantRow := 2 + i/2
		if p.Row != wantRow || p.Column == "" || p.Reason == "" || !strings.HasPrefix(p.Message, fmt.Sprintf("第 %d 行 %s 列「%s」", wantRow, p.Column, p.Header)) {
			t.Fatalf("problem %d: %+v", i, p)
		}
	}
	p0, p1 := rep.Problems[0], rep.Problems[1]
	if p0.Column != cols["收到送审材料日期"] || !strings.Contains(p0.Reason, "晚于今天") ||
		p1.Column != cols["审查时限（工作日）"] || !strings.Contains(p1.Reason, "「审查时限（工作日）」应为整数") {
		t.Fatalf("problems %+v %+v", p0, p1)
	}
	if !strings.Contains(rep.Message, "未导入任何记录") {
		t.Errorf("message %q", rep.Message)
	}
	if n := len(e.audits()); n != before {
		t.Fatalf("a refused import left %d audit entries", n-before)
	}
	recs, _, _ := e.db.ListRecords(context.Background(), store.SystemActor("test"), store.ListQuery{Kind: k.Name})
	if len(recs) != 0 {
		t.Fatalf("a refused import wrote %d records", len(recs))
	}
}

func colLetter(i int) string { n, _ := excelize.ColumnNumberToName(i + 1); return n }

var batchRE = regexp.MustCompile(`^/imports/(\d+)$`)

// TestImport_Page walks the UI: the list's 导入 action, the template,
// the check report, 只导入无误的行, the batch page and its undo.
func TestImport_Page(t *testing.T) {
	e := apiEnv(t)
	k := e.srv.kinds.Kind("legality_review")
	c := e.loggedIn("clerkA")
	_, body := c.get("/l/legality_review")
	if !strings.Contains(body, `href="/l/legality_review/import"`) {
		t.Fatal("list has no 导入 action for a clerk")
	}
	if _, body := e.loggedIn("inspector").get("/l/legality_review"); strings.Contains(body, `/l/legality_review/import"`) {
		t.Error("the inspector is offered 导入")
	}
	resp, body := c.get("/l/legality_review/import")
	wantStatus(t, resp, body, http.StatusOK)
	for _, s := range []string{"/l/legality_review/import/template.xlsx", "只导入无误的行", "「送审材料附件」", "所属单位"} {
		if !strings.Contains(body, s) {
			t.Errorf("import page lacks %q", s)
		}
	}
	resp, tpl := c.download(t, "/l/legality_review/import/template.xlsx")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("template: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader(tpl))
	if err != nil {
		t.Fatal(err)
	}
	if s := f.GetSheetList(); len(s) != 2 || s[1] != "说明" {
		t.Fatalf("template sheets %v", s)
	}
	f.Close()

	bad := reviewData("页面坏行")
	bad["subject_type"] = "其他文件"
	book := importBook(t, k, []map[string]string{reviewData("页面好行"), bad})
	unit := strconv.FormatInt(e.units["A"].ID, 10)
	resp, body = c.importUpload("/l/legality_review/import", book, map[string]string{"action": "check", "unit": unit})
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(body, "检查结果") || !strings.Contains(body, "<td>3</td><td>A</td><td>审查事项类型</td><td>其他文件</td>") {
		t.Fatalf("check report: %s", body)
	}
	// Confirm the checked file without choosing it again: only as the
	// uploader, and only once.
	m := regexp.MustCompile(`name="upload" value="([0-9a-f]+)"`).FindStringSubmatch(body)
	if m == nil || !strings.Contains(body, "确认导入“导入.xlsx”") {
		t.Fatalf("no confirm form: %s", body)
	}
	confirm := func() map[string][]string {
		return map[string][]string{"upload": {m[1]}, "unit": {unit}, "action": {"import"}}
	}
	if resp, _ := e.loggedIn("reviewerA").post("/l/legality_review/import", confirm()); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("another user's stash: %d", resp.StatusCode)
	}
	resp, body = c.post("/l/legality_review/import", confirm())
	wantStatus(t, resp, body, http.StatusUnprocessableEntity) // not clean, valid_only not ticked
	resp, body = c.post("/l/legality_review/import", confirm())
	wantStatus(t, resp, body, http.StatusBadRequest) // used up
	resp, body = c.importUpload("/l/legality_review/import", book, map[string]string{"action": "import", "unit": unit})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "未导入任何记录") {
		t.Fatalf("refused import: %s", body)
	}
	resp, body = c.importUpload("/l/legality_review/import", book, map[string]string{"action": "import", "unit": unit, "valid_only": "1"})
	wantStatus(t, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !batchRE.MatchString(loc) {
		t.Fatalf("redirect to %q", loc)
	}
	resp, body = c.get(loc)
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(body, "整批撤销") || !strings.Contains(body, "导入.xlsx") {
		t.Fatalf("batch page: %s", body)
	}
	if resp, _ := e.loggedIn("clerkB").get(loc); resp.StatusCode != http.StatusNotFound {
		t.Errorf("batch of A shown to B: %d", resp.StatusCode)
	}
	resp, body = c.post(loc+"/undo", url_(csrfField, "wrong"))
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = c.post(loc+"/undo", nil)
	wantStatus(t, resp, body, http.StatusOK)
	if !strings.Contains(body, "已撤销第") {
		t.Fatalf("undo page: %s", body)
	}
	if acts := strings.Join(e.audits(), " "); !strings.Contains(acts, "import_begin") || !strings.Contains(acts, "import_undo") || !strings.Contains(acts, "delete") {
		t.Errorf("audit: %s", acts)
	}
}

func url_(k, v string) map[string][]string { return map[string][]string{k: {v}} }

// Scope matrix cells of the import routes.

func apiImportCell(c *matrixCell) string {
	k := c.e.srv.kinds.Kind("legality_review")
	status, _ := c.api.upload(fmt.Sprintf("/api/v1/records/legality_review/import?unit=%d", c.target.UnitID), "矩阵.xlsx",
		importBook(c.t, k, []map[string]string{reviewData(c.title() + "导入")}))
	return code(status)
}

func apiTemplateCell(c *matrixCell) string {
	status, _ := c.api.call("GET", "/api/v1/records/legality_review/import/template.xlsx", nil)
	return code(status)
}

// apiUndoCell undoes a batch imported by the system into the target's
// unit.
func apiUndoCell(c *matrixCell) string {
	k := c.e.srv.kinds.Kind("legality_review")
	sys := store.SystemActor("test")
	imp := c.e.db.Import(sys, k, c.target.UnitID, "矩阵.xlsx")
	rep, err := importer.Run(context.Background(), bytes.NewReader(importBook(c.t, k, []map[string]string{reviewData(c.title() + "批次")})),
		k, imp, imp, importer.Options{Unit: c.target.UnitID})
	if err != nil || rep.Imported != 1 {
		c.t.Fatalf("batch: %+v %v", rep, err)
	}
	status, _ := c.api.call("POST", fmt.Sprintf("/api/v1/imports/%d/undo", rep.Batch), nil)
	return code(status)
}

func uiImportCell(c *matrixCell) string {
	k := c.e.srv.kinds.Kind("legality_review")
	resp, _ := c.ui.importUpload("/l/legality_review/import", importBook(c.t, k, []map[string]string{reviewData(c.title() + "导入")}),
		map[string]string{"action": "import", "unit": strconv.FormatInt(c.target.UnitID, 10)})
	return code(resp.StatusCode)
}

// importRenderCases are the import pages for TestEveryTemplateRenders.
func importRenderCases(base Base, k *ledger.Kind) map[string]any {
	rep := &importer.Report{Kind: k.Name, Rows: 2, Valid: 1, Bad: 1, Total: 2,
		Problems: []importer.Problem{{Line: 3, Col: "B", Header: "标题", Value: "<x>", Reason: "请填写「标题」"}}}
	return map[string]any{
		"import.html": &ImportPage{Base: base, Kind: k, Units: []Option{{Value: "1", Label: "甲镇"}}, Columns: importer.Columns(k),
			Files: []string{"附件"}, Report: rep, Summary: "检查完毕", DryRun: true, More: 1},
		"import_batch.html": &BatchPage{Base: base, Kind: k, Unit: "甲镇", By: "张三", CanUndo: true, Message: "已撤销", Error: "不能撤销",
			Batch: &store.ImportBatch{ID: 1, Kind: k.Name, FileName: "a.xlsx", Rows: 2, Imported: 1, Refused: 1, Status: store.ImportDone, UndoneBy: 1}},
	}
}

// TestImport_RoundTripRows: 学法培训 sessions with attendees as rows inside
// the record (system users and named non-users) are exported with their
// row sheet and imported into an empty village unchanged.
func TestImport_RoundTripRows(t *testing.T) {
	e := apiEnv(t)
	village := addUnit(t, e, "village", "甲村", "A")
	ctx, sys := context.Background(), store.SystemActor("test")
	k := e.srv.kinds.Kind("law_study")
	if k == nil || len(importer.TableFields(k)) == 0 {
		t.Skip("no kind with rows inside its records")
	}
	clerk := strconv.FormatInt(e.users["clerkA"].ID, 10)
	session := func(topic, rows string) ledger.Values {
		return ledger.Values{"session_type": "专题讲座", "study_date": "2025-02-20", "topic": topic, "organizer": "司法所", "hours": "2", "attendees": rows}
	}
	e.seed("law_study", "A", session("学习宪法", `[{"group":"领导干部","user":"`+clerk+`"},{"group":"其他工作人员","hours":"1.5","name":"王村干"}]`))
	e.seed("law_study", "A", session("学习民法典", ""))
	r := e.seed("law_study", "A", session("学习行政复议法", `[{"group":"执法人员","name":"李执法"}]`))
	if _, err := e.db.Transition(ctx, sys, k, r.ID, r.Version, "hold", ledger.Values{"held_note": "按计划举办"}); err != nil {
		t.Fatal(err)
	}
	byTopic := func(unit int64) map[string]ledger.Record {
		recs, _, err := e.db.ListRecords(ctx, sys, store.ListQuery{Kind: k.Name, UnitID: unit, PerPage: 200})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]ledger.Record{}
		for _, r := range recs {
			if r.UnitID == unit {
				out[r.Data["topic"]] = r
			}
		}
		return out
	}
	orig := byTopic(e.units["A"].ID)
	resp, xlsx := e.loggedIn("clerkA").download(t, fmt.Sprintf("/l/law_study/export.xlsx?unit=%d", e.units["A"].ID))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	status, body := e.api("clerkA").upload(fmt.Sprintf("/api/v1/records/law_study/import?unit=%d", village.ID), "导出.xlsx", xlsx)
	if status != http.StatusCreated {
		t.Fatalf("import: %d %s", status, body)
	}
	got := byTopic(village.ID)
	if len(got) != len(orig) {
		t.Fatalf("imported %d of %d", len(got), len(orig))
	}
	for topic, o := range orig {
		g := got[topic]
		if g.State != o.State || !maps.Equal(g.Data, o.Data) {
			t.Errorf("%s: imported %s %v, want %s %v", topic, g.State, g.Data, o.State, o.Data)
		}
	}
}

// TestImport_StatutoryRulesApply: a row naming a later state is replayed
// through the workflow as the importing user, so the statutes' guards
// refuse imported history as they refuse a clerk's clicks, citing their
// basis — and nothing is written.
func TestImport_StatutoryRulesApply(t *testing.T) {
	e := apiEnv(t)
	k := e.srv.kinds.Kind("major_decision")
	row := decisionData("导入的重大行政决策")
	for n, v := range map[string]string{"comment_start": "2024-11-01", "comment_channel": "镇政府网站", "comment_end": "2024-12-10",
		"comment_summary": "收到意见 3 条，采纳 2 条。", "expert_na_reason": "不涉及专业性、技术性问题", "risk_na_reason": "不涉及社会稳定风险",
		"review_submitted": "2025-01-05", "meeting_type": "党政联席会议", "meeting_date": "2025-02-01", "head_last": "是",
		"dissent": "无", "decision_summary": "通过。", importer.HeaderState: "集体讨论决定"} {
		row[n] = v
	}
	short := maps.Clone(row)
	short["comment_end"] = "2024-11-10"
	api := e.api("headA")
	status, body := api.upload(fmt.Sprintf("/api/v1/records/major_decision/import?unit=%d", e.units["A"].ID), "决策.xlsx",
		importBook(t, k, []map[string]string{row, short}))
	var rep apiImportReport
	json.Unmarshal(body, &rep)
	if status != http.StatusUnprocessableEntity || rep.Bad != 2 || rep.Imported != 0 {
		t.Fatalf("status %d: %s", status, body)
	}
	if m := rep.Problems[0].Message; !strings.HasPrefix(m, "第 2 行") || !strings.Contains(m, "“集体讨论决定”这一步被拒绝") || !strings.Contains(m, "第二十五条") {
		t.Errorf("decision without a legality review: %s", m)
	}
	if m := rep.Problems[1].Message; !strings.HasPrefix(m, "第 3 行") || !strings.Contains(m, "第十五条") {
		t.Errorf("comment period too short: %s", m)
	}
	recs, _, _ := e.db.ListRecords(context.Background(), store.SystemActor("test"), store.ListQuery{Kind: k.Name})
	if len(recs) != 0 {
		t.Fatalf("refused history wrote %d records", len(recs))
	}
}
