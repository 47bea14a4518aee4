package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPI_LegalityReviewLifecycle: a program creates, reads, edits, lists,
// searches and moves a 合法性审查 through its workflow, with attachments,
// history and clocks, using nothing but the documented API.
func TestAPI_LegalityReviewLifecycle(t *testing.T) {
	e := apiEnv(t)
	clerk, reviewer := e.api("clerkA"), e.api("reviewerA")
	const base = "/api/v1/records/legality_review"

	var rec apiRecord
	clerk.must("POST", base, map[string]any{"data": map[string]any{
		"subject_type": "规范性文件", "subject_title": "关于规范村级小微权力运行的实施办法", "department": "党政办",
		"reviewer_type": "审核专班", "reviewer_name": "王审核", "received_date": "2025-02-10", "review_limit_days": 10,
	}}, http.StatusCreated, &rec)
	if rec.ID == 0 || rec.Kind != "legality_review" || rec.UnitID != e.units["A"].ID || rec.State != "received" ||
		rec.Title != "关于规范村级小微权力运行的实施办法" || rec.Year != 2025 || rec.Version == 0 ||
		rec.Data["review_limit_days"] != "10" || rec.CreatedAt.IsZero() {
		t.Fatalf("created %+v", rec)
	}
	path := fmt.Sprintf("%s/%d", base, rec.ID)

	var got apiRecord
	reviewer.must("GET", path, nil, http.StatusOK, &got)
	if got.ID != rec.ID || got.Version != rec.Version || got.Data["department"] != "党政办" {
		t.Errorf("read back %+v", got)
	}

	// Edit: a stale version is refused and changes nothing.
	stale := clerk.apiErr("PATCH", path, map[string]any{"version": rec.Version - 1, "data": map[string]string{"department": "财政所"}}, http.StatusConflict)
	if !strings.Contains(stale.Message, "version") {
		t.Errorf("409 should say to re-read the version: %q", stale.Message)
	}
	var edited apiRecord
	clerk.must("PATCH", path, map[string]any{"version": rec.Version, "data": map[string]string{"department": "财政所"}}, http.StatusOK, &edited)
	if edited.Data["department"] != "财政所" || edited.Version <= rec.Version || edited.Data["subject_title"] != rec.Title {
		t.Errorf("edited %+v", edited)
	}
	bad := clerk.apiErr("PATCH", path, map[string]any{"version": edited.Version, "data": map[string]string{"received_date": "2025-13-40"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Fields["received_date"], "收到送审材料日期") {
		t.Errorf("bad date should name the field: %+v", bad)
	}
	clerk.must("GET", path, nil, http.StatusOK, &got)
	if got.Version != edited.Version || got.Data["received_date"] != "2025-02-10" {
		t.Errorf("a failed edit changed the record: %+v", got)
	}

	// List, filter, search, page.
	e.seed("legality_review", "A", reviewData("农村集体经济组织合同审查"))
	var list apiList
	clerk.must("GET", base+"?q=小微权力", nil, http.StatusOK, &list)
	if list.Total != 1 || len(list.Items) != 1 || list.Items[0].ID != rec.ID {
		t.Errorf("search 小微权力: %+v", list)
	}
	clerk.must("GET", base+"?f.department=财政所&state=received", nil, http.StatusOK, &list)
	if list.Total != 1 || list.Items[0].ID != rec.ID {
		t.Errorf("filter department=财政所: %+v", list)
	}
	clerk.must("GET", base+"?per_page=1&page=2&sort=id", nil, http.StatusOK, &list)
	if list.Total != 2 || len(list.Items) != 1 || list.Page != 2 || list.PerPage != 1 || list.Items[0].ID == rec.ID {
		t.Errorf("page 2 of 1 sorted by id: %+v", list)
	}

	// Workflow: the clerk may not start the review; the reviewer may.
	denied := clerk.apiErr("POST", path+"/transitions", map[string]any{"event": "start_review", "version": edited.Version}, http.StatusForbidden)
	if !strings.Contains(denied.Message, "审核员") {
		t.Errorf("a refused role should be told who may: %q", denied.Message)
	}
	var moved apiRecord
	reviewer.must("POST", path+"/transitions", map[string]any{"event": "start_review", "version": edited.Version}, http.StatusOK, &moved)
	if moved.State != "reviewing" {
		t.Fatalf("after start_review: %+v", moved)
	}
	missing := reviewer.apiErr("POST", path+"/transitions", map[string]any{"event": "give_opinion", "version": moved.Version,
		"data": map[string]string{"opinion": "合法"}}, http.StatusUnprocessableEntity)
	for _, f := range []string{"opinion_text", "opinion_date"} {
		if missing.Fields[f] == "" {
			t.Errorf("give_opinion without %s: fields %v", f, missing.Fields)
		}
	}
	wrongStep := reviewer.apiErr("POST", path+"/transitions", map[string]any{"event": "give_opinion", "version": moved.Version,
		"data": map[string]string{"department": "x"}}, http.StatusBadRequest)
	if wrongStep.Fields["department"] == "" {
		t.Errorf("a form field in a step should be named: %+v", wrongStep)
	}
	reviewer.apiErr("POST", path+"/transitions", map[string]any{"event": "approve", "version": moved.Version}, http.StatusBadRequest)
	content := []byte("%PDF-1.4 审查意见书")
	if status, body := reviewer.upload(path+"/attachments", "审查意见书.pdf", content); status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	reviewer.must("POST", path+"/transitions", map[string]any{"event": "give_opinion", "version": moved.Version, "data": map[string]string{
		"opinion": "合法", "opinion_text": "制定主体、权限、程序和内容均合法。", "opinion_date": "2025-02-20"}}, http.StatusOK, &moved)
	if moved.State != "opined" || moved.Data["opinion"] != "合法" {
		t.Fatalf("after give_opinion: %+v", moved)
	}
	noWay := reviewer.apiErr("POST", path+"/transitions", map[string]any{"event": "start_review", "version": moved.Version}, http.StatusConflict)
	if !strings.Contains(noWay.Message, "「已出具意见」状态") {
		t.Errorf("a transition from the wrong state should say so: %q", noWay.Message)
	}

	// Attachments: upload (before the record is final), list, download
	// byte for byte; refusals, one of them for the final record.
	status, body := reviewer.upload(path+"/attachments", "补充意见.pdf", []byte("%PDF-1.4 补充"))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "不能再上传附件") {
		t.Errorf("an upload to the final record: %d %s", status, body)
	}
	sum := sha256.Sum256(content)
	sha := hex.EncodeToString(sum[:])
	var atts []apiAttachment
	clerk.must("GET", path+"/attachments", nil, http.StatusOK, &atts)
	if len(atts) != 1 || atts[0].SHA256 != sha || atts[0].Name != "审查意见书.pdf" || atts[0].Size != int64(len(content)) {
		t.Fatalf("attachments %+v", atts)
	}
	status, body = clerk.call("GET", atts[0].URL, nil)
	if status != http.StatusOK || !bytes.Equal(body, content) {
		t.Errorf("download: %d %q", status, body)
	}
	clerk.must("GET", path+"/attachments/"+strings.Repeat("0", 64), nil, http.StatusNotFound, nil)
	clerk.must("GET", path+"/attachments/not-a-sha", nil, http.StatusNotFound, nil)
	if status, body := clerk.upload(path+"/attachments", "setup.exe", []byte("MZ")); status != http.StatusBadRequest || !strings.Contains(string(body), ".exe") {
		t.Errorf("an .exe upload: %d %s", status, body)
	}
	if status, body := clerk.upload(path+"/attachments", "empty.pdf", nil); status != http.StatusBadRequest || !strings.Contains(string(body), "空") {
		t.Errorf("an empty upload: %d %s", status, body)
	}
	huge := bytes.Repeat([]byte("x"), int(e.srv.cfg.MaxUpload)+1)
	if status, body := clerk.upload(path+"/attachments", "big.pdf", huge); status != http.StatusRequestEntityTooLarge {
		t.Errorf("an oversized upload: %d %.200s", status, body)
	}

	// History tells the story; clocks show the review limit, stopped.
	var hist []apiHistoryEntry
	clerk.must("GET", path+"/history", nil, http.StatusOK, &hist)
	var actions []string
	for _, h := range hist {
		actions = append(actions, h.Action)
	}
	for _, want := range []string{"create", "update", "transition", "attach"} {
		if !strings.Contains(strings.Join(actions, " "), want) {
			t.Errorf("history %v lacks %s", actions, want)
		}
	}
	var clocks []apiClock
	clerk.must("GET", path+"/clocks", nil, http.StatusOK, &clocks)
	if len(clocks) != 1 || clocks[0].Period != "review_limit" || clocks[0].Label != "审查时限" || clocks[0].Status != "stopped" ||
		clocks[0].Start != "2025-02-10" || clocks[0].Due == "" {
		t.Errorf("clocks %+v", clocks)
	}
}

// TestAPI_ClockAdjustment: pausing and extending a running deadline needs a
// reason and a basis, and shows in the clock.
func TestAPI_ClockAdjustment(t *testing.T) {
	e := apiEnv(t)
	data := reviewData("某镇河道采砂管理合同")
	data["review_limit_days"] = "10"
	rec := e.seed("legality_review", "A", data)
	clerk := e.api("clerkA")
	path := recordPath(rec) + "/clocks/review_limit"

	incomplete := clerk.apiErr("POST", path, map[string]any{"action": "extend"}, http.StatusBadRequest)
	for _, f := range []string{"days", "reason", "basis"} {
		if incomplete.Fields[f] == "" {
			t.Errorf("extend without %s: %+v", f, incomplete.Fields)
		}
	}
	clerk.apiErr("POST", path, map[string]any{"action": "stop", "reason": "r", "basis": "b"}, http.StatusBadRequest)
	clerk.apiErr("POST", recordPath(rec)+"/clocks/no_such_period", map[string]any{"action": "pause", "reason": "r", "basis": "b"}, http.StatusNotFound)

	var before []apiClock
	clerk.must("GET", recordPath(rec)+"/clocks", nil, http.StatusOK, &before)
	var after []apiClock
	clerk.must("POST", path, map[string]any{"action": "extend", "days": 5, "reason": "送审材料需补充论证",
		"basis": "本地合法性审查工作规则第十条"}, http.StatusOK, &after)
	if len(after) != 1 || len(after[0].Adjustments) != 1 || after[0].Due <= before[0].Due ||
		after[0].Adjustments[0].Reason != "送审材料需补充论证" {
		t.Errorf("after extend: %+v (before %+v)", after, before)
	}
	e.api("inspector").apiErr("POST", path, map[string]any{"action": "pause", "reason": "r", "basis": "b"}, http.StatusForbidden)
}

// TestAPI_Refusals: the answers a program gets for requests it got wrong —
// never a 500, always a JSON body with a Chinese message.
func TestAPI_Refusals(t *testing.T) {
	e := apiEnv(t)
	rec := e.seed("legality_review", "A", reviewData("某合同"))
	clerk := e.api("clerkA")
	anon := &apiClient{e: e, user: "anonymous"}
	forged := &apiClient{e: e, user: "forged", token: "not-a-token"}

	tests := []struct {
		name         string
		c            *apiClient
		method, path string
		body         any
		status       int
		say          string
	}{
		{"no credentials", anon, "GET", "/api/v1/kinds", nil, 401, "Authorization"},
		{"forged token", forged, "GET", "/api/v1/kinds", nil, 401, "令牌"},
		{"unknown kind", clerk, "GET", "/api/v1/records/no_such_kind", nil, 404, "/api/v1/kinds"},
		{"unknown kind description", clerk, "GET", "/api/v1/kinds/no_such_kind", nil, 404, "台账"},
		{"unknown id", clerk, "GET", "/api/v1/records/legality_review/999999", nil, 404, "不存在"},
		{"id not a number", clerk, "GET", "/api/v1/records/legality_review/abc", nil, 404, "不存在"},
		{"record under another kind", clerk, "GET", fmt.Sprintf("/api/v1/records/major_decision/%d", rec.ID), nil, 404, "不存在"},
		{"unknown route", clerk, "GET", "/api/v1/nothing", nil, 404, "openapi.json"},
		{"wrong method", clerk, "DELETE", recordPath(rec), nil, 405, "PATCH"},
		{"unknown top-level field", clerk, "POST", "/api/v1/records/legality_review", `{"data":{},"unit":1}`, 400, "unit"},
		{"unknown data field", clerk, "POST", "/api/v1/records/legality_review", `{"data":{"subjet_title":"x"}}`, 400, "subjet_title"},
		{"step field on create", clerk, "POST", "/api/v1/records/legality_review", `{"data":{"opinion":"合法"}}`, 400, "出具审查意见"},
		{"missing required fields", clerk, "POST", "/api/v1/records/legality_review", `{"data":{}}`, 422, "送审事项名称"},
		{"bad enum", clerk, "POST", "/api/v1/records/legality_review", `{"data":{"subject_type":"条约"}}`, 422, "审查事项类型"},
		{"bad unit id", clerk, "POST", "/api/v1/records/legality_review", `{"unit_id":-1,"data":{}}`, 400, "unit_id"},
		{"patch without version", clerk, "PATCH", recordPath(rec), `{"data":{"department":"x"}}`, 400, "version"},
		{"patch with nothing", clerk, "PATCH", recordPath(rec), fmt.Sprintf(`{"version":%d}`, rec.Version), 400, "data"},
		{"transition without event", clerk, "POST", recordPath(rec) + "/transitions", fmt.Sprintf(`{"version":%d}`, rec.Version), 400, "event"},
		{"bad list parameter", clerk, "GET", "/api/v1/records/legality_review?per_page=1000", nil, 400, "per_page"},
		{"bad sort", clerk, "GET", "/api/v1/records/legality_review?sort=opinion_text", nil, 400, "sort"},
		{"truncated JSON", clerk, "POST", "/api/v1/records/legality_review", `{"data":`, 400, "不完整"},
		{"oversized JSON", clerk, "POST", "/api/v1/records/legality_review", `{"data":{"materials":"` + strings.Repeat("长", 1<<19) + `"}}`, 413, "过大"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := tt.c.call(tt.method, tt.path, tt.body)
			if status != tt.status {
				t.Fatalf("status %d, want %d; body %.300s", status, tt.status, body)
			}
			if !strings.Contains(string(body), `"error":`) || !strings.Contains(string(body), tt.say) {
				t.Errorf("body %.300s should be a JSON error saying %q", body, tt.say)
			}
		})
	}
}

// TestAPI_KindsAndDashboard: the declarations a program needs to build its
// requests, and the dashboard counts of the caller's scope.
func TestAPI_KindsAndDashboard(t *testing.T) {
	e := apiEnv(t)
	late := reviewData("甲镇的审查")
	late["review_limit_days"] = "10" // from 2025-02-10: due in February, past due on 2025-03-03
	lateA := e.seed("legality_review", "A", late)
	lateB := reviewData("乙镇的审查")
	lateB["review_limit_days"] = "10"
	e.seed("legality_review", "B", lateB)
	e.seed("major_decision", "A", decisionData("甲镇的决策"))
	clerk := e.api("clerkA")

	var ks []apiKindDesc
	clerk.must("GET", "/api/v1/kinds", nil, http.StatusOK, &ks)
	if len(ks) != len(e.srv.kinds.Kinds()) || ks[0].Name != "legality_review" || ks[1].Name != "major_decision" {
		t.Fatalf("kinds %+v", ks)
	}
	var md map[string]any
	clerk.must("GET", "/api/v1/kinds/major_decision", nil, http.StatusOK, &md)
	js := fmt.Sprint(md)
	for _, want := range []string{"重大行政决策", "decide", "集体讨论决定", "第十五条", "initial_state:drafting", "review_id"} {
		if !strings.Contains(js, want) {
			t.Errorf("major_decision description lacks %q", want)
		}
	}

	var dash apiDashboardBody
	clerk.must("GET", "/api/v1/dashboard", nil, http.StatusOK, &dash)
	counts := map[string]int{}
	for _, c := range dash.Counts {
		counts[c.Kind+"/"+c.State] += c.Count
		if c.KindLabel == c.Kind || c.StateLabel == c.State {
			t.Errorf("count without Chinese labels: %+v", c)
		}
	}
	if counts["legality_review/received"] != 1 || counts["major_decision/drafting"] != 1 {
		t.Errorf("clerk of A sees counts %v, want only A's records", counts)
	}
	if len(dash.Due) != 1 || dash.Due[0].RecordID != lateA.ID || !dash.Due[0].Clock.Overdue || dash.Due[0].Clock.Label != "审查时限" {
		t.Errorf("clerk of A's deadline board %+v, want A's overdue review only", dash.Due)
	}
	e.api("inspector").must("GET", "/api/v1/dashboard", nil, http.StatusOK, &dash)
	counts = map[string]int{}
	for _, c := range dash.Counts {
		counts[c.Kind+"/"+c.State] += c.Count
	}
	if counts["legality_review/received"] != 2 {
		t.Errorf("the county inspector sees counts %v, want both townships", counts)
	}
	if dash.Today != "2025-03-03" {
		t.Errorf("today = %q, want the server clock's 2025-03-03", dash.Today)
	}
}

// TestAPI_OpenAPIServed: the document is served without login and is the
// embedded one with the server's kinds generated in.
func TestAPI_OpenAPIServed(t *testing.T) {
	e := apiEnv(t)
	status, body := (&apiClient{e: e}).call("GET", "/api/v1/openapi.json", nil)
	want, err := buildOpenAPI(openAPIDoc, e.srv.kinds)
	if err != nil {
		t.Fatal(err)
	}
	if status != http.StatusOK || !bytes.Equal(body, want) || !bytes.Contains(body, []byte(`"major_decisionStep"`)) {
		t.Fatalf("GET /api/v1/openapi.json: %d, %d bytes", status, len(body))
	}
}
