package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// 政务公开 through the API: a proactive item published late only with its
// reason (第二十六条) and then on the public pages; a request sent back for
// supplements within 7 working days (第三十条), its reply period extended
// by the head alone (第三十三条), each outcome saying what 第三十六条 needs;
// the applicant's data nowhere in clear.
func TestAPIWalk_Disclosure(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-11-03")
	item := e.walk("disclosure_item", "clerkA", map[string]string{"title": "2025年秋冬季农田水利建设项目安排",
		"category": "农田水利工程建设运营", "department": "农业农村办", "made_date": "2025-09-26", "channel": "政府网站",
		"summary": "东山村、西岭村灌溉渠道维修"},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-09-25", "publish_place": "镇政府网站"}, want: 422,
			says: []string{"不能早于「信息形成（变更）日期」"}},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-10-31", "publish_place": "镇政府网站"}, want: 422,
			says: []string{"应于2025年10月30日前公开", "第二十六条"}},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-10-31", "publish_place": "镇政府网站",
			"late_reason": "资金数额待县农业农村局核定"}, want: 200, state: "published"},
	)
	c := e.api("clerkA")
	var clocks []apiClock
	c.must("GET", fmt.Sprintf("/api/v1/records/disclosure_item/%d/clocks", item.ID), nil, http.StatusOK, &clocks)
	if len(clocks) != 1 || clocks[0].Due != "2025-10-30" || clocks[0].Late != "逾期1日办结" || !strings.Contains(clocks[0].Basis, "第二十六条") {
		t.Errorf("publish clock %+v", clocks)
	}
	resp, page := e.loggedIn("clerkA").get(fmt.Sprintf("/public/disclosure_item/%d", item.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "2025年秋冬季农田水利建设项目安排") {
		t.Errorf("public page %d", resp.StatusCode)
	}
	e.walk("disclosure_item", "clerkA", map[string]string{"title": "某户低保审核材料", "category": "社会救助",
		"department": "社会事务办", "made_date": "2025-10-20", "channel": "政务公开栏"},
		walkStep{user: "clerkA", event: "withhold", data: map[string]string{"withhold_reason": "涉及个人隐私"}, want: 403},
		walkStep{user: "headA", event: "withhold", data: map[string]string{"withhold_reason": "涉及个人隐私（第十五条）"}, want: 200, state: "withheld"},
	)

	request := map[string]string{"received_date": "2025-09-26", "receipt_way": "邮寄", "applicant_type": "公民",
		"applicant_name": "陈某某", "applicant_id": plantedID, "applicant_phone": plantedPhone, "applicant_address": "甲镇东山村七组88号",
		"content": "2024年东山村土地征收补偿标准及发放明细", "department": "自然资源所"}
	ask := map[string]string{"supplement_request_date": "2025-10-14", "supplement_items": "请明确所申请信息的地块"}
	r := e.walk("disclosure_request", "clerkA", request,
		walkStep{user: "clerkA", event: "supplemented", data: map[string]string{"supplement_date": "2025-10-20"}, want: 409},
		walkStep{user: "clerkA", event: "request_supplement", data: ask, want: 422, says: []string{"最迟应在2025年10月13日", "第三十条"}},
	)
	ask["supplement_request_date"] = "2025-10-13"
	e.walkOn(r,
		walkStep{user: "clerkA", event: "request_supplement", data: ask, want: 200, state: "supplementing"},
		walkStep{user: "clerkA", event: "supplemented", data: map[string]string{"supplement_date": "2025-10-10"}, want: 422, says: []string{"不能早于「告知补正日期」"}},
		walkStep{user: "clerkA", event: "supplemented", data: map[string]string{"supplement_date": "2025-10-20"}, want: 200, state: "handling"},
		walkStep{user: "clerkA", event: "request_supplement", data: ask, want: 409},
	)
	c.must("GET", fmt.Sprintf("/api/v1/records/disclosure_request/%d/clocks", r.ID), nil, http.StatusOK, &clocks)
	for _, cl := range clocks {
		if cl.Period == "reply_after_supplement" && (cl.Due != "2025-11-17" || cl.Status != "running") {
			t.Errorf("reply clock after the supplement %+v", cl)
		}
	}
	ext := map[string]any{"action": "extend", "days": 20, "reason": "需调取征收档案", "basis": "经政府信息公开工作机构负责人同意，已告知申请人"}
	path := fmt.Sprintf("/api/v1/records/disclosure_request/%d/clocks/reply_after_supplement", r.ID)
	c.apiErr("POST", path, ext, http.StatusForbidden)
	e.api("headA").apiErr("POST", path, map[string]any{"action": "extend", "days": 21, "reason": "x", "basis": "y"}, http.StatusUnprocessableEntity)
	e.api("headA").must("POST", path, ext, http.StatusOK, nil)
	c.must("GET", fmt.Sprintf("/api/v1/records/disclosure_request/%d/clocks", r.ID), nil, http.StatusOK, &clocks)
	for _, cl := range clocks {
		if cl.Period == "reply_after_supplement" && cl.Due != "2025-12-15" {
			t.Errorf("extended reply clock %+v, want 2025-12-15", cl)
		}
	}
	reply := map[string]string{"reply_date": "2025-11-03", "outcome": "不予公开", "reply_way": "书面答复", "reply_text": "经审查不予公开"}
	e.walkOn(r,
		walkStep{user: "clerkA", event: "reply", data: reply, want: 422, says: []string{"不予公开的理由和依据", "第三十六条第三项"}},
		walkStep{user: "clerkA", event: "reply", data: map[string]string{"reply_date": "2025-11-03", "outcome": "部分公开", "reply_way": "书面答复",
			"reply_text": "公开补偿标准", "refuse_basis": "发放明细涉及个人隐私，依据第十五条不予公开"}, want: 200, state: "replied"},
	)
	e.walk("disclosure_request", "clerkA", request,
		walkStep{user: "clerkA", event: "reply", data: map[string]string{"reply_date": "2025-10-09", "outcome": "不属于本机关负责公开",
			"reply_way": "书面答复", "reply_text": "不属于本机关负责公开"}, want: 422, says: []string{"第三十六条第五项"}},
		walkStep{user: "clerkA", event: "withdraw", data: map[string]string{"withdraw_date": "2025-10-09"}, want: 200, state: "withdrawn"},
	)
	l := e.walk("disclosure_request", "clerkA", request,
		walkStep{user: "clerkA", event: "request_supplement", data: ask, want: 200},
		walkStep{user: "clerkA", event: "lapse", data: map[string]string{"lapse_date": "2025-11-03"}, want: 200, state: "lapsed"},
	)
	e.noPlaintextAtRest(c, l, plantedID, plantedPhone, "东山村七组88号")
}
