package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPI_MajorDecision_NoCollectiveDiscussionWithoutPassedReview drives a
// 重大行政决策 through the API: public participation, expert review and risk
// assessment, then the gate of 《重大行政决策程序暂行条例》第二十五条 refuses
// collective discussion until a legality review with the opinion 合法 is
// linked; after that it is decided and published.
func TestAPI_MajorDecision_NoCollectiveDiscussionWithoutPassedReview(t *testing.T) {
	e := apiEnv(t)
	clerk, head, adviser := e.api("clerkA"), e.api("headA"), e.api("adviserA")

	var d apiRecord
	clerk.must("POST", "/api/v1/records/major_decision", map[string]any{"data": decisionData("甲镇农村集体资产管理办法")}, http.StatusCreated, &d)
	path := fmt.Sprintf("/api/v1/records/major_decision/%d", d.ID)
	step := func(c *apiClient, event string, data map[string]string, want int) apiError {
		t.Helper()
		var cur apiRecord
		c.must("GET", path, nil, http.StatusOK, &cur)
		body := map[string]any{"event": event, "version": cur.Version, "data": data}
		if want != http.StatusOK {
			return c.apiErr("POST", path+"/transitions", body, want)
		}
		c.must("POST", path+"/transitions", body, http.StatusOK, &d)
		return apiError{}
	}

	step(clerk, "start_comment", map[string]string{"comment_start": "2025-01-02", "comment_channel": "镇政府网站"}, 200)
	early := step(clerk, "finish_comment", map[string]string{"comment_end": "2025-01-20", "comment_summary": "收到意见3条"}, 422)
	if !strings.Contains(early.Basis, "第十五条") {
		t.Errorf("ending the comment period after 18 days should cite 第十五条: %+v", early)
	}
	step(clerk, "finish_comment", map[string]string{"comment_end": "2025-02-20", "comment_summary": "收到意见3条，采纳2条"}, 200)
	step(clerk, "expert_done", map[string]string{"expert_date": "2025-02-21", "expert_summary": "专家认为可行"}, 200)
	step(clerk, "risk_na", map[string]string{"risk_na_reason": "不涉及群众切身利益，无需风险评估"}, 200)
	step(clerk, "submit_review", map[string]string{"review_submitted": "2025-02-24"}, 200)
	if d.State != "reviewing" {
		t.Fatalf("state %q, want reviewing", d.State)
	}

	meeting := map[string]string{"meeting_type": "党政联席会议", "meeting_date": "2025-02-28", "head_last": "是",
		"dissent": "无", "decision_summary": "通过《甲镇农村集体资产管理办法》"}
	clerk.apiErr("POST", path+"/transitions", map[string]any{"event": "decide", "version": d.Version, "data": meeting}, http.StatusForbidden)
	refused := step(head, "decide", meeting, http.StatusUnprocessableEntity)
	if !strings.Contains(refused.Basis, "第二十五条") || !strings.Contains(refused.Message, "合法性审查") {
		t.Fatalf("decide without a review: %+v, want a refusal citing 第二十五条", refused)
	}

	// The legal adviser reviews the draft and finds it lawful.
	var r apiRecord
	adviser.must("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]string{
		"subject_type": "重大行政决策", "subject_title": "甲镇农村集体资产管理办法（草案）", "department": "党政办", "subject_id": fmt.Sprint(d.ID),
		"reviewer_type": "法律顾问", "reviewer_name": "李律师", "received_date": "2025-02-10"}}, http.StatusCreated, &r)
	rpath := fmt.Sprintf("/api/v1/records/legality_review/%d", r.ID)
	adviser.must("POST", rpath+"/transitions", map[string]any{"event": "start_review", "version": r.Version}, http.StatusOK, &r)
	adviser.must("POST", rpath+"/transitions", map[string]any{"event": "give_opinion", "version": r.Version, "data": map[string]string{
		"opinion": "合法", "opinion_text": "草案符合法律法规规定。", "opinion_date": "2025-02-21"}}, http.StatusOK, &r)

	clerk.must("GET", path, nil, http.StatusOK, &d) // bound to the review created for it
	if d.Data["review_id"] != fmt.Sprint(r.ID) {
		t.Errorf("decision not linked back to the review made for it: %v", d.Data)
	}
	clerk.must("PATCH", path, map[string]any{"version": d.Version, "data": map[string]string{"review_id": fmt.Sprint(r.ID)}}, http.StatusOK, &d)
	var links []apiLink
	clerk.must("GET", path+"/links", nil, http.StatusOK, &links)
	// Linked both ways: the decision names its review, the review its decision.
	want := map[apiLink]bool{{FromID: d.ID, ToID: r.ID, Role: "review_id"}: true, {FromID: r.ID, ToID: d.ID, Role: "subject_id"}: true}
	for _, l := range links {
		delete(want, l)
	}
	if len(links) != 2 || len(want) != 0 {
		t.Errorf("links %+v, want the two directions", links)
	}

	step(head, "decide", meeting, 200)
	step(clerk, "publish", map[string]string{"publish_date": "2025-03-03", "publish_channel": "镇政府网站"}, 200)
	if d.State != "published" || d.Data["decision_summary"] == "" {
		t.Errorf("after publish: %+v", d)
	}
}
