package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A comment start typed wrongly leaves the decision unable to end its
// comment period; the head corrects it on the record page with a reason
// (a wrong correction keeps what was typed), the clock follows and the
// step goes through. A reviewer gets no correction form.
func TestRecordPage_CorrectionUnsticksARecord(t *testing.T) {
	e := apiEnv(t)
	head, reviewer := e.loggedIn("headA"), e.loggedIn("reviewerA")
	unit := fmt.Sprint(e.units["A"].ID)
	resp, body := head.post("/l/major_decision", url.Values{"unit_id": {unit}, "outside_reason": {outsideReason}, "catalogue_year": {"2025"}, "catalogue_item": {"2025-02"},
		"title": {"甲镇河道保洁管理办法"}, "department": {"党政办"}, "description": {"规范河道保洁"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	dec := resp.Header.Get("Location")
	version := 1
	post := func(c *client, path string, form url.Values, want int) string {
		t.Helper()
		form.Set("version", fmt.Sprint(version))
		resp, body := c.post(path, form)
		wantStatus(t, resp, body, want)
		if want == http.StatusSeeOther {
			version++
		}
		return body
	}
	post(head, dec+"/transition/start_comment", url.Values{"comment_start": {"2025-03-01"}, "comment_channel": {"政府网站"}}, http.StatusSeeOther)
	finish := url.Values{"comment_end": {"2025-03-03"}, "comment_summary": {"收到意见2条"}}
	body = post(head, dec+"/transition/finish_comment", finish, http.StatusUnprocessableEntity)
	wantBody(t, body, "第十五条")

	_, body = reviewer.get(dec)
	if strings.Contains(body, "提交更正") {
		t.Error("a reviewer is offered a correction of the decision")
	}
	post(reviewer, dec+"/correct", url.Values{"event": {"start_comment"}, "comment_start": {"2025-01-20"}, "reason": {"x"}}, http.StatusForbidden)

	_, body = head.get(dec)
	wantBody(t, body, "更正「公开征求意见」所填内容")
	body = post(head, dec+"/correct", url.Values{"event": {"start_comment"}, "comment_start": {"2099-01-20"}, "comment_channel": {"政府网站"},
		"reason": {"公告日期录入有误"}}, http.StatusUnprocessableEntity)
	wantBody(t, body, "晚于今天", `value="2099-01-20"`, "公告日期录入有误")
	body = post(head, dec+"/correct", url.Values{"event": {"start_comment"}, "comment_start": {"2025-01-20"}, "comment_channel": {"政府网站"}},
		http.StatusUnprocessableEntity)
	wantBody(t, body, "请填写「更正理由」", `value="2025-01-20"`)
	post(head, dec+"/correct", url.Values{"event": {"start_comment"}, "comment_start": {"2025-01-20"}, "comment_channel": {"政府网站"},
		"reason": {"公告于1月20日发布，原录入有误"}}, http.StatusSeeOther)
	_, body = head.get(dec)
	wantBody(t, body, "更正「公开征求意见」：征求意见开始日期（理由：公告于1月20日发布，原录入有误）", "2025-01-20 起")
	post(head, dec+"/transition/finish_comment", finish, http.StatusSeeOther)
	_, body = head.get(dec)
	wantBody(t, body, "专家论证与风险评估")

	// The same through the API, on the step just taken.
	api := e.api("headA")
	var rec apiRecord
	path := "/api/v1/records/major_decision/" + strings.TrimPrefix(dec, "/l/major_decision/")
	api.must("GET", path, nil, http.StatusOK, &rec)
	bad := api.apiErr("POST", path+"/corrections", map[string]any{"event": "finish_comment", "version": rec.Version,
		"data": map[string]string{"comment_summary": "收到意见2条，采纳1条"}}, http.StatusUnprocessableEntity)
	if bad.Fields["reason"] == "" {
		t.Errorf("API correction without a reason: %+v", bad)
	}
	api.must("POST", path+"/corrections", map[string]any{"event": "finish_comment", "version": rec.Version,
		"data": map[string]string{"comment_summary": "收到意见2条，采纳1条"}, "reason": "补记采纳情况"}, http.StatusOK, &rec)
	if rec.Data["comment_summary"] != "收到意见2条，采纳1条" || rec.State != "evaluating" {
		t.Errorf("after API correction: %+v", rec)
	}
}

// A clerk's correction of a major decision waits for the head: the page
// shows the request, only the head gets the buttons, approval applies it.
func TestRecordPage_CorrectionApprovedByTheHead(t *testing.T) {
	e := apiEnv(t)
	clerk, head, reviewer := e.loggedIn("clerkA"), e.loggedIn("headA"), e.loggedIn("reviewerA")
	rec := e.seed("major_decision", "A", decisionData("甲镇农贸市场管理办法"))
	path := recordURL("major_decision", rec.ID)
	resp, body := clerk.post(path+"/correct", url.Values{"version": {fmt.Sprint(rec.Version)}, "department": {"市场监管所"}, "reason": {"承办单位登记有误"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = clerk.get(path)
	wantBody(t, body, "待负责人批准", "「承办单位（科室）」党政办 → 市场监管所", "承办单位登记有误")
	if strings.Contains(body, "批准更正</button>") {
		t.Error("the clerk is offered the approval")
	}
	_, body = head.get(path)
	wantBody(t, body, "批准更正</button>")
	reqs, err := e.db.CorrectionRequests(context.Background(), e.actor("headA"), rec.ID)
	if err != nil || len(reqs) != 1 {
		t.Fatalf("requests %v %v", reqs, err)
	}
	decide := fmt.Sprintf("%s/corrections/%d/approve", path, reqs[0].ID)
	resp, _ = reviewer.post(decide, url.Values{})
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a reviewer approved: %d", resp.StatusCode)
	}
	resp, body = head.post(decide, url.Values{})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = head.get(path)
	wantBody(t, body, "已批准", "<dd>市场监管所</dd>", "批准更正申请（编号")
	// Through the API the request is answered 202.
	var cur apiRecord
	api := e.api("clerkA")
	api.must("GET", recordPathOf("major_decision", rec.ID), nil, http.StatusOK, &cur)
	status, raw := api.call("POST", recordPathOf("major_decision", rec.ID)+"/corrections", map[string]any{"version": cur.Version,
		"data": map[string]string{"department": "党政办"}, "reason": "改回"})
	if status != http.StatusAccepted || !strings.Contains(string(raw), `"pending"`) {
		t.Errorf("API correction awaiting approval: %d %s", status, raw)
	}
}
