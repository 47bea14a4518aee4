package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/store"
)

// 重大行政决策事项目录 through the API and the pages: items published after
// the Party committee agreed (第三条); a decision registered from its item
// is bound to it both ways and runs its procedure; an item of the year
// before, of a village below, of another township, or already another
// decision's, is refused; the item is marked decided once its decision is.
func TestAPIWalk_DecisionCatalogue(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-03-13")
	village := addUnit(t, e, "village", "甲村", "A")
	item := func(unit int64, year, no, title string) apiRecord {
		var rec apiRecord
		e.api("clerkA").must("POST", "/api/v1/records/decision_catalogue", map[string]any{"unit_id": unit, "data": map[string]string{
			"catalogue_year": year, "catalogue_item": no, "title": title, "department": "村镇建设办", "category": "重大公共建设项目"}},
			http.StatusCreated, &rec)
		return rec
	}
	pub := map[string]string{"agreed_date": "2025-03-10", "publish_date": "2025-03-13", "publish_channel": "镇政府网站"}
	it := e.walkOn(item(e.units["A"].ID, "2025", "2025-01", "甲镇集镇污水管网改造工程"),
		walkStep{user: "clerkA", event: "mark_decided", data: map[string]string{"decided_date": "2025-03-13"}, want: 409},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"agreed_date": "2025-03-14", "publish_date": "2025-03-13", "publish_channel": "镇政府网站"},
			want: 422, says: []string{"晚于今天"}},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"agreed_date": "2025-03-12", "publish_date": "2025-03-11", "publish_channel": "镇政府网站"},
			want: 422, says: []string{"不能早于「同级党委同意日期」", "第三条"}},
		walkStep{user: "clerkA", event: "publish", data: pub, want: 200, state: "published"},
	)
	last := e.walkOn(item(e.units["A"].ID, "2024", "2024-05", "甲镇敬老院改扩建工程"), walkStep{user: "clerkA", event: "publish", data: pub, want: 200})
	below := e.walkOn(item(village.ID, "2025", "2025-01", "甲村集体土地流转方案"), walkStep{user: "clerkA", event: "publish", data: pub, want: 200})
	var other apiRecord
	e.api("clerkB").must("POST", "/api/v1/records/decision_catalogue", map[string]any{"data": map[string]string{
		"catalogue_year": "2025", "catalogue_item": "2025-01", "title": "乙镇集镇改造", "department": "党政办", "category": "其他"}}, http.StatusCreated, &other)

	// The item's page offers to register its decision, prefilled.
	resp, page := e.loggedIn("clerkA").get(fmt.Sprintf("/l/decision_catalogue/%d", it.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "按本目录事项登记重大行政决策") ||
		!strings.Contains(page, "catalogue_item="+url.QueryEscape("2025-01")) || !strings.Contains(page, fmt.Sprintf("catalogue_id=%d", it.ID)) {
		t.Errorf("item page lacks the prefilled link to its decision (%d)", resp.StatusCode)
	}

	c := e.api("clerkA")
	decision := func(item int64, year, no string) map[string]any {
		return map[string]any{"data": map[string]string{"catalogue_year": year, "catalogue_item": no, "catalogue_id": fmt.Sprint(item),
			"title": "甲镇集镇污水管网改造工程", "department": "村镇建设办", "description": "改造集镇污水管网4.2公里"}}
	}
	// Another township's item does not exist for 甲镇's clerk.
	ae := c.apiErr("POST", "/api/v1/records/major_decision", decision(other.ID, "2025", "2025-01"), http.StatusUnprocessableEntity)
	if !strings.Contains(ae.Fields["catalogue_id"], "不存在或无权查看") {
		t.Errorf("another township's item: %+v", ae)
	}
	start := map[string]string{"comment_start": "2025-03-14", "comment_channel": "镇政府网站"}
	e.at("2025-03-14")
	var wrong apiRecord
	c.must("POST", "/api/v1/records/major_decision", decision(last.ID, "2025", "2024-05"), http.StatusCreated, &wrong)
	e.walkOn(wrong, walkStep{user: "clerkA", event: "start_comment", data: start, want: 422, says: []string{"是2024年度目录的事项", "第三条"}})
	var village2 apiRecord
	c.must("POST", "/api/v1/records/major_decision", decision(below.ID, "2025", "2025-01"), http.StatusCreated, &village2)
	e.walkOn(village2, walkStep{user: "clerkA", event: "start_comment", data: start, want: 422, says: []string{"是另一单位的目录事项"}})

	var dec apiRecord
	c.must("POST", "/api/v1/records/major_decision", decision(it.ID, "2025", "2025-01"), http.StatusCreated, &dec)
	c.must("GET", fmt.Sprintf("/api/v1/records/decision_catalogue/%d", it.ID), nil, http.StatusOK, &it)
	if it.Data["decision_id"] != fmt.Sprint(dec.ID) {
		t.Fatalf("the item does not name its decision: %v", it.Data)
	}
	// A second decision from the same item is refused.
	var twice apiRecord
	c.must("POST", "/api/v1/records/major_decision", decision(it.ID, "2025", "2025-01"), http.StatusCreated, &twice)
	e.walkOn(twice, walkStep{user: "clerkA", event: "start_comment", data: start, want: 422, says: []string{fmt.Sprintf("已用于另一决策事项（编号 %d）", dec.ID)}})

	e.walkOn(dec,
		walkStep{user: "clerkA", event: "start_comment", data: start, want: 200, state: "consulting"},
	)
	e.at("2025-04-20")
	e.walkOn(dec,
		walkStep{user: "clerkA", event: "finish_comment", data: map[string]string{"comment_end": "2025-04-14", "comment_summary": "收到意见6条，采纳4条"}, want: 200},
		walkStep{user: "clerkA", event: "expert_na", data: map[string]string{"expert_na_reason": "技术方案已经县住建局审查"}, want: 200},
		walkStep{user: "clerkA", event: "risk_na", data: map[string]string{"risk_na_reason": "不涉及征地拆迁"}, want: 200},
		walkStep{user: "clerkA", event: "submit_review", data: map[string]string{"review_submitted": "2025-04-15"}, want: 200, state: "reviewing"},
	)
	e.at("2025-04-28")
	e.walk("legality_review", "adviserA", map[string]string{"subject_type": "重大行政决策", "subject_id": fmt.Sprint(dec.ID),
		"subject_title": "甲镇集镇污水管网改造工程", "department": "村镇建设办", "reviewer_type": "法律顾问", "reviewer_name": "刘律师", "received_date": "2025-04-15"},
		walkStep{user: "adviserA", event: "start_review", want: 200},
		walkStep{user: "adviserA", event: "give_opinion", data: map[string]string{"opinion": "合法", "opinion_text": "主体、权限、程序合法", "opinion_date": "2025-04-25"}, want: 200},
	)
	e.walkOn(it, walkStep{user: "clerkA", event: "mark_decided", data: map[string]string{"decided_date": "2025-04-28"}, want: 422, says: []string{"尚未经集体讨论作出决定"}})
	e.walkOn(dec, walkStep{user: "headA", event: "decide", data: map[string]string{"meeting_type": "党政联席会议", "meeting_date": "2025-04-28",
		"head_last": "是", "dissent": "无", "decision_summary": "同意实施"}, want: 200, state: "decided"})
	e.walkOn(it,
		walkStep{user: "clerkA", event: "mark_decided", data: map[string]string{"decided_date": "2025-04-28"}, want: 200, state: "decided"},
	)
	e.walkOn(last,
		walkStep{user: "clerkA", event: "adjust_out", data: map[string]string{"adjust_date": "2025-04-20", "adjust_reason": "上级政策调整"}, want: 403},
		walkStep{user: "headA", event: "adjust_out", data: map[string]string{"adjust_date": "2025-04-20", "adjust_reason": "上级政策调整"}, want: 200, state: "adjusted_out"},
	)
	resp, page = e.loggedIn("clerkA").get(fmt.Sprintf("/public/decision_catalogue/%d", it.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "甲镇集镇污水管网改造工程") {
		t.Errorf("the published item's public page: %d", resp.StatusCode)
	}
}

// 工作要点 and its tasks through the API: a task of another year's plan is
// refused; the next year's task, created from an unfinished one, binds
// both ways and lets it be carried over; the plan concludes once every
// task is closed.
func TestAPIWalk_WorkPlanAndCarriedTask(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-03-01")
	plan := func(year string) apiRecord {
		return e.walk("work_plan", "clerkA", map[string]string{"year": year, "title": "甲镇" + year + "年法治建设工作要点"},
			walkStep{user: "clerkA", event: "issue", data: map[string]string{"doc_no": "甲委发〔" + year + "〕5号", "issue_date": "2025-03-01"}, want: 200, state: "issued"})
	}
	p25, p26 := plan("2025"), plan("2026")
	task := func(plan apiRecord, year string, extra map[string]string) apiRecord {
		data := map[string]string{"plan_id": fmt.Sprint(plan.ID), "year": year, "task_no": "3", "title": "推进村级合法性审查全覆盖",
			"department": "司法所", "lead": "分管政法党委委员", "due_date": year + "-11-30"}
		for n, v := range extra {
			data[n] = v
		}
		var rec apiRecord
		e.api("clerkA").must("POST", "/api/v1/records/plan_task", map[string]any{"data": data}, http.StatusCreated, &rec)
		return rec
	}
	e.at("2025-12-20")
	done := e.walkOn(task(p25, "2025", map[string]string{"title": "制定年度普法责任清单"}),
		walkStep{user: "clerkA", event: "complete", data: map[string]string{"done_date": "2025-04-01", "result": "已印发"}, want: 200, state: "done"})
	_ = done
	wrongYear := task(p26, "2025", nil)
	e.walkOn(wrongYear,
		walkStep{user: "clerkA", event: "complete", data: map[string]string{"done_date": "2025-12-20", "result": "x"}, want: 422, says: []string{"是2026年度的工作要点"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"plan_id": fmt.Sprint(p25.ID)}, want: 200},
		walkStep{user: "clerkA", event: "mark_unfinished", data: map[string]string{"check_date": "2025-12-20", "unfinished_reason": "上级调整部署"}, want: 200},
		walkStep{user: "clerkA", event: "drop", data: map[string]string{"drop_reason": "上级调整部署"}, want: 403},
		walkStep{user: "headA", event: "drop", data: map[string]string{"drop_reason": "上级调整部署"}, want: 200, state: "dropped"},
	)
	open := task(p25, "2025", nil)
	e.walk("plan_task", "clerkA", map[string]string{"plan_id": fmt.Sprint(p25.ID), "year": "2025", "title": "开展行政执法案卷评查", "department": "综合执法办", "due_date": "2025-10-31"})
	e.walkOn(p25, walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-12-20", "conclusion": "x"}, want: 422,
		says: []string{"尚未完成"}})
	e.walkOn(open,
		walkStep{user: "clerkA", event: "carry_over", data: map[string]string{"carry_date": "2025-12-20"}, want: 409},
		walkStep{user: "clerkA", event: "mark_unfinished", data: map[string]string{"check_date": "2025-12-20", "unfinished_reason": "2个村尚未配备审查人员"}, want: 200, state: "unfinished"},
		walkStep{user: "clerkA", event: "carry_over", data: map[string]string{"carry_date": "2025-12-20"}, want: 422, says: []string{"请从本任务登记下一年度的任务"}},
	)
	// The unfinished task's page offers its successor, prefilled.
	resp, page := e.loggedIn("clerkA").get(fmt.Sprintf("/l/plan_task/%d", open.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "结转至下一年度") || !strings.Contains(page, fmt.Sprintf("carried_from=%d", open.ID)) ||
		!strings.Contains(page, "department="+url.QueryEscape("司法所")) {
		t.Errorf("the unfinished task's page lacks the prefilled carry-over link (%d)", resp.StatusCode)
	}
	same := task(p25, "2025", map[string]string{"carried_from": fmt.Sprint(open.ID)})
	e.walkOn(open, walkStep{user: "clerkA", event: "carry_over", data: map[string]string{"carry_date": "2025-12-20"}, want: 422, says: []string{"应为2026年度"}})
	e.walkOn(same, walkStep{user: "clerkA", event: "edit", data: map[string]string{"carried_from": ""}, want: 200})
	e.walkOn(open, walkStep{user: "clerkA", event: "edit", data: map[string]string{"next_task_id": ""}, want: 200})
	next := task(p26, "2026", map[string]string{"carried_from": fmt.Sprint(open.ID)})
	var cur apiRecord
	e.api("clerkA").must("GET", fmt.Sprintf("/api/v1/records/plan_task/%d", open.ID), nil, http.StatusOK, &cur)
	if cur.Data["next_task_id"] != fmt.Sprint(next.ID) {
		t.Fatalf("the unfinished task does not name its successor: %v", cur.Data)
	}
	e.walkOn(open, walkStep{user: "clerkA", event: "carry_over", data: map[string]string{"carry_date": "2025-12-20"}, want: 200, state: "carried"})
	recs, _, err := e.db.ListRecords(context.Background(), store.SystemActor("test"), store.ListQuery{Kind: "plan_task", PerPage: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs {
		if r.State == "open" && r.Year == 2025 {
			e.walkOn(apiRecord{Kind: r.Kind, ID: r.ID}, walkStep{user: "clerkA", event: "complete", data: map[string]string{"done_date": "2025-10-30", "result": "完成评查30卷"}, want: 200})
		}
	}
	e.walkOn(p25,
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-12-20", "conclusion": "完成2项，结转1项，不再实施1项"}, want: 200, state: "concluded"})
}
