package web

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"fazhi/internal/ledger/kinds"
)

// TestMajorDecision_GateRefusalCitesArticle25 drives the product's real
// kinds through the web forms: a decision put to collective discussion
// without a passed legality review is refused with the article cited and
// stays where it was; linked to a review with the opinion 合法, it is
// decided and published, and then shows on the public page.
func TestMajorDecision_GateRefusalCitesArticle25(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg)
	head := e.loggedIn("headA")
	unit := fmt.Sprint(e.units["A"].ID)

	resp, body := head.post("/l/major_decision", url.Values{"unit_id": {unit}, "outside_reason": {outsideReason}, "catalogue_year": {"2025"}, "catalogue_item": {"2025-01"},
		"title": {"甲镇集镇农贸市场改造"}, "department": {"党政办"}, "description": {"改造集镇农贸市场，规范经营秩序"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	dec := resp.Header.Get("Location")
	version := 1
	step := func(c *client, path, event string, form url.Values, want int) string {
		t.Helper()
		form.Set("version", fmt.Sprint(version))
		resp, body := c.post(path+"/transition/"+event, form)
		wantStatus(t, resp, body, want)
		if want == http.StatusSeeOther {
			version++
		}
		return body
	}
	step(head, dec, "start_comment", url.Values{"comment_start": {"2025-01-02"}, "comment_channel": {"政府网站"}}, http.StatusSeeOther)
	step(head, dec, "finish_comment", url.Values{"comment_end": {"2025-02-05"}, "comment_summary": {"收到意见 12 条，采纳 8 条"}}, http.StatusSeeOther)
	step(head, dec, "expert_na", url.Values{"expert_na_reason": {"事项专业性不强"}}, http.StatusSeeOther)
	step(head, dec, "risk_na", url.Values{"risk_na_reason": {"经初步分析风险较低"}}, http.StatusSeeOther)
	step(head, dec, "submit_review", url.Values{"review_submitted": {"2025-02-10"}}, http.StatusSeeOther)

	decide := url.Values{"meeting_type": {"党政联席会议"}, "meeting_date": {"2025-03-01"}, "head_last": {"是"},
		"dissent": {"无"}, "decision_summary": {"同意改造方案"}}
	body = step(head, dec, "decide", decide, http.StatusUnprocessableEntity)
	wantBody(t, body, `class="refusal"`, "不得提交决策机关讨论", "依据：《重大行政决策程序暂行条例》第二十五条",
		`value="2025-03-01"`, "同意改造方案") // the step form keeps what was typed
	_, body = head.get(dec)
	wantBody(t, body, `<span class="badge big">合法性审查</span>`)
	// A step that keeps the state reads as the step alone in the timeline.
	wantBody(t, body, "无需专家论证</li>")

	// The legality review, opinion 合法.
	rev := e.loggedIn("reviewerA")
	// The decision page offers the review of this decision, prefilled.
	_, body = rev.get(dec)
	newReview := "/l/legality_review/new?subject_id=" + regexp.MustCompile(`\d+$`).FindString(dec)
	wantBody(t, body, "新建针对本事项的合法性审查", newReview)
	_, body = rev.get(newReview)
	wantBody(t, body, `<option value="`+regexp.MustCompile(`\d+$`).FindString(dec)+`" selected`)
	resp, body = rev.post("/l/legality_review", url.Values{"unit_id": {unit}, "subject_type": {"重大行政决策"},
		"subject_id":    {regexp.MustCompile(`\d+$`).FindString(dec)},
		"subject_title": {"甲镇集镇农贸市场改造方案"}, "department": {"党政办"}, "reviewer_type": {"审核专班"},
		"reviewer_name": {"王五"}, "received_date": {"2025-02-10"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	review := resp.Header.Get("Location")
	reviewID := regexp.MustCompile(`\d+$`).FindString(review)
	rv := 1
	for _, s := range []struct {
		event string
		form  url.Values
	}{
		{"start_review", url.Values{}},
		{"give_opinion", url.Values{"opinion": {"合法"}, "opinion_text": {"主体适格，程序合法，内容不违反上位法"},
			"opinion_date": {"2025-02-24"}, "adviser_opinion": {"同意"}}},
	} {
		s.form.Set("version", fmt.Sprint(rv))
		resp, body := rev.post(review+"/transition/"+s.event, s.form)
		wantStatus(t, resp, body, http.StatusSeeOther)
		rv++
	}

	// Created from the decision, the review is already linked: the edit
	// form shows it chosen; saving the form keeps it.
	version++
	_, body = head.get(dec + "/edit")
	wantBody(t, body, `<option value="`+reviewID+`" selected>甲镇集镇农贸市场改造方案`)
	edit := url.Values{"version": {fmt.Sprint(version)}, "outside_reason": {outsideReason}, "catalogue_year": {"2025"}, "catalogue_item": {"2025-01"},
		"title": {"甲镇集镇农贸市场改造"}, "department": {"党政办"}, "description": {"改造集镇农贸市场，规范经营秩序"}, "review_id": {reviewID}}
	resp, body = head.post(dec, edit)
	wantStatus(t, resp, body, http.StatusSeeOther)
	version++
	step(head, dec, "decide", decide, http.StatusSeeOther)
	step(head, dec, "publish", url.Values{"publish_date": {"2025-03-02"}, "publish_channel": {"政府网站"}}, http.StatusSeeOther)
	_, body = head.get(dec)
	wantBody(t, body, "已公布", "甲镇集镇农贸市场改造方案", "集体讨论决定")

	resp, body = e.client().get("/public/")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "重大行政决策", "甲镇集镇农贸市场改造")
	if strings.Contains(body, "甲镇集镇农贸市场改造方案") {
		t.Error("the public page lists a legality review")
	}
	// Dated by its publication date, linked to its public page, which shows
	// what the kind publishes and nothing else.
	pub := "/public/major_decision/" + regexp.MustCompile(`\d+$`).FindString(dec)
	wantBody(t, body, `<a href="`+pub+`">甲镇集镇农贸市场改造</a>`, "<td>2025-03-02</td>")
	resp, body = e.client().get(pub)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "同意改造方案", "政府网站", "党政联席会议")
	if strings.Contains(body, "规范经营秩序") || strings.Contains(body, "送请合法性审查") {
		t.Error("the public page shows fields the kind does not publish")
	}
	for _, hidden := range []string{"/public/legality_review/" + reviewID, "/public/major_decision/999"} {
		resp, body = e.client().get(hidden)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
}
