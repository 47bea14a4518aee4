package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestMajorDecision_ReviewOfAnotherDecisionRefused walks the hole of the
// 第二十五条 gate: a passed legality review of decision A must not unlock
// decision B — neither by linking it on B (refused, naming the field) nor
// by B's collective discussion (refused citing 第二十五条); B stays as it
// was.
func TestMajorDecision_ReviewOfAnotherDecisionRefused(t *testing.T) {
	e := apiEnv(t)
	clerk, head, adviser := e.api("clerkA"), e.api("headA"), e.api("adviserA")
	toReviewing := func(title string) apiRecord {
		t.Helper()
		var d apiRecord
		clerk.must("POST", "/api/v1/records/major_decision", map[string]any{"data": decisionData(title)}, http.StatusCreated, &d)
		path := fmt.Sprintf("/api/v1/records/major_decision/%d", d.ID)
		for _, s := range []struct {
			event string
			data  map[string]string
		}{
			{"start_comment", map[string]string{"comment_start": "2025-01-02", "comment_channel": "镇政府网站"}},
			{"finish_comment", map[string]string{"comment_end": "2025-02-20", "comment_summary": "收到意见3条，采纳2条"}},
			{"expert_na", map[string]string{"expert_na_reason": "专业性不强"}},
			{"risk_na", map[string]string{"risk_na_reason": "不涉及群众切身利益"}},
			{"submit_review", map[string]string{"review_submitted": "2025-02-24"}},
		} {
			clerk.must("POST", path+"/transitions", map[string]any{"event": s.event, "version": d.Version, "data": s.data}, http.StatusOK, &d)
		}
		return d
	}
	a, b := toReviewing("甲镇农村集体资产管理办法"), toReviewing("甲镇集镇停车管理办法")

	// The adviser reviews decision A (created from A's page) and finds it lawful.
	var r apiRecord
	adviser.must("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]string{
		"subject_type": "重大行政决策", "subject_id": fmt.Sprint(a.ID), "subject_title": "甲镇农村集体资产管理办法（草案）",
		"department": "党政办", "reviewer_type": "法律顾问", "reviewer_name": "李律师", "received_date": "2025-02-20"}}, http.StatusCreated, &r)
	rpath := fmt.Sprintf("/api/v1/records/legality_review/%d", r.ID)
	adviser.must("POST", rpath+"/transitions", map[string]any{"event": "start_review", "version": r.Version}, http.StatusOK, &r)
	adviser.must("POST", rpath+"/transitions", map[string]any{"event": "give_opinion", "version": r.Version, "data": map[string]string{
		"opinion": "合法", "opinion_text": "草案符合法律法规规定。", "opinion_date": "2025-03-03"}}, http.StatusOK, &r)
	// A was linked back when the review was created.
	clerk.must("GET", recordPathOf("major_decision", a.ID), nil, http.StatusOK, &a)
	if a.Data["review_id"] != fmt.Sprint(r.ID) {
		t.Fatalf("decision A does not name its review: %v", a.Data)
	}

	// B cites A's review: refused on the field, B unchanged.
	bpath := recordPathOf("major_decision", b.ID)
	refused := clerk.apiErr("PATCH", bpath, map[string]any{"version": b.Version, "data": map[string]string{"review_id": fmt.Sprint(r.ID)}},
		http.StatusUnprocessableEntity)
	if !strings.Contains(refused.Fields["review_id"], fmt.Sprintf("已用于另一事项（编号 %d）", a.ID)) {
		t.Fatalf("linking A's review on B: %+v", refused)
	}
	var cur apiRecord
	clerk.must("GET", bpath, nil, http.StatusOK, &cur)
	if cur.Version != b.Version || cur.Data["review_id"] != "" {
		t.Fatalf("refused link changed B: %+v", cur)
	}
	// B's collective discussion is refused under 第二十五条.
	meeting := map[string]string{"meeting_type": "党政联席会议", "meeting_date": "2025-03-03", "head_last": "是",
		"dissent": "无", "decision_summary": "通过"}
	gate := head.apiErr("POST", bpath+"/transitions", map[string]any{"event": "decide", "version": cur.Version, "data": meeting},
		http.StatusUnprocessableEntity)
	if !strings.Contains(gate.Basis, "第二十五条") {
		t.Fatalf("B decided without its own review: %+v", gate)
	}
	// A, with its own review, is decided.
	head.must("POST", recordPathOf("major_decision", a.ID)+"/transitions", map[string]any{"event": "decide", "version": a.Version, "data": meeting},
		http.StatusOK, &a)
	if a.State != "decided" {
		t.Fatalf("A state %s", a.State)
	}
}

func recordPathOf(kind string, id int64) string {
	return fmt.Sprintf("/api/v1/records/%s/%d", kind, id)
}
