package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// TestAPI_NormativeDocument_Lifecycle walks a 规范性文件 through the API:
// public comment, a legality review created for it (bound both ways), the
// deliberation gate, issue with the unit's register number (never typed,
// never reused), filing, and the public page.
func TestAPI_NormativeDocument_Lifecycle(t *testing.T) {
	e := apiEnv(t)
	ctx := context.Background()
	if err := e.db.SetSetting(ctx, store.SystemActor("test"), e.units["A"].ID, kinds.SettingUnitCode, "甲政"); err != nil {
		t.Fatal(err)
	}
	clerk, head, reviewer := e.api("clerkA"), e.api("headA"), e.api("reviewerA")
	walk := func(title string) apiRecord {
		t.Helper()
		var d apiRecord
		clerk.must("POST", "/api/v1/records/normative_document", map[string]any{"data": map[string]string{
			"title": title, "drafting_unit": "村建办", "provisional": "否", "business_related": "否", "summary": "规范管理"}}, http.StatusCreated, &d)
		path := recordPathOf("normative_document", d.ID)
		step := func(c *apiClient, event string, data map[string]string) {
			t.Helper()
			c.must("GET", path, nil, http.StatusOK, &d)
			c.must("POST", path+"/transitions", map[string]any{"event": event, "version": d.Version, "data": data}, http.StatusOK, &d)
		}
		step(clerk, "start_comment", map[string]string{"comment_start": "2025-01-06", "comment_channel": "镇政府网站"})
		step(clerk, "finish_comment", map[string]string{"comment_end": "2025-01-20", "comment_summary": "无意见"})
		// Without its own review the deliberation is refused.
		clerk.must("GET", path, nil, http.StatusOK, &d)
		refused := head.apiErr("POST", path+"/transitions", map[string]any{"event": "deliberate", "version": d.Version,
			"data": map[string]string{"meeting_type": "政府常务会议", "meeting_date": "2025-02-14"}}, http.StatusUnprocessableEntity)
		if !strings.Contains(refused.Message, "未经合法性审核") {
			t.Fatalf("deliberation without a review: %+v", refused)
		}
		var r apiRecord
		reviewer.must("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]string{
			"subject_type": "规范性文件", "document_id": fmt.Sprint(d.ID), "subject_title": title + "（送审稿）", "department": "村建办",
			"reviewer_type": "审核专班", "reviewer_name": "王五", "received_date": "2025-01-21"}}, http.StatusCreated, &r)
		rp := recordPathOf("legality_review", r.ID)
		reviewer.must("POST", rp+"/transitions", map[string]any{"event": "start_review", "version": r.Version}, http.StatusOK, &r)
		reviewer.must("POST", rp+"/transitions", map[string]any{"event": "give_opinion", "version": r.Version, "data": map[string]string{
			"opinion": "合法", "opinion_text": "制定主体、程序、内容合法", "opinion_date": "2025-02-10"}}, http.StatusOK, &r)
		step(head, "deliberate", map[string]string{"meeting_type": "政府常务会议", "meeting_date": "2025-02-14"})
		step(clerk, "issue", map[string]string{"issue_date": "2025-02-20", "validity_years": "5"})
		return d
	}
	first, second := walk("甲镇村庄保洁管理办法"), walk("甲镇集镇摊位管理办法")
	if first.Data["doc_no"] != "甲政规〔2025〕1号" || second.Data["doc_no"] != "甲政规〔2025〕2号" {
		t.Fatalf("register numbers %q, %q", first.Data["doc_no"], second.Data["doc_no"])
	}
	if first.Data["valid_until"] != "2030-02-19" || first.State != "in_force" {
		t.Fatalf("after issue: %+v", first.Data)
	}
	// Nobody types a number.
	bad := clerk.apiErr("PATCH", recordPathOf("normative_document", first.ID), map[string]any{"version": first.Version,
		"data": map[string]string{"doc_no": "甲政规〔2025〕9号"}}, http.StatusBadRequest)
	if bad.Fields["doc_no"] == "" {
		t.Errorf("typed register number: %+v", bad)
	}
	clerk.must("POST", recordPathOf("normative_document", first.ID)+"/transitions", map[string]any{"event": "file", "version": first.Version,
		"data": map[string]string{"filing_date": "2025-03-01", "filing_body": "县司法局"}}, http.StatusOK, &first)
	if first.State != "filed" {
		t.Fatalf("state %s", first.State)
	}
	status, body := (&apiClient{e: e}).call("GET", "/public/", nil)
	if status != http.StatusOK || !strings.Contains(string(body), "甲镇村庄保洁管理办法") || !strings.Contains(string(body), "2025-02-20") {
		t.Errorf("public page: %d %s", status, body)
	}
}
