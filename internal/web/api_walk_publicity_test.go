package web

import (
	"fmt"
	"strings"
	"testing"
)

func TestAPIWalk_PublicityEventAndDutyList(t *testing.T) {
	e := apiEnv(t)
	duty := e.walk("publicity_duty", "clerkA", map[string]string{"year": "2025", "title": "甲镇2025年度普法责任清单",
		"items": `[{"content":"民法典","office":"司法所","status":"推进中"},{"content":"安全生产法","office":"应急办","status":"未开始","due":"2025-06-16"}]`},
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-03-03", "conclusion": "x"}, want: 409},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-03-04", "publish_channel": "镇政府网站"}, want: 422,
			says: []string{"公布日期", "晚于今天"}},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-03-03", "publish_channel": "镇政府网站"}, want: 200, state: "published"},
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-03-03", "conclusion": "完成2项"}, want: 422,
			says: []string{"第1行（民法典）推进中", "谁执法谁普法"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{
			"items": `[{"content":"民法典","office":"司法所","status":"已完成"},{"content":"安全生产法","office":"应急办","status":"已完成","due":"2025-06-16"}]`}, want: 200},
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-03-03", "conclusion": "完成2项"}, want: 200, state: "concluded"},
	)
	if duty.Data["done_count"] != "2" {
		t.Errorf("done_count %q", duty.Data["done_count"])
	}

	ev := e.walk("publicity_event", "clerkA", map[string]string{"event_date": "2025-03-15", "title": "3·15消费者权益日普法进社区",
		"theme": "3·15消费者权益日", "setting": "进社区", "organizer": "市场监管所", "duty_id": fmt.Sprint(duty.ID)},
		walkStep{user: "clerkA", event: "record_held", data: map[string]string{"reached": "200", "summary": "设咨询台"}, want: 422, says: []string{"尚未开展"}},
		walkStep{user: "clerkA", event: "confirm", want: 409},
	)
	e.at("2025-03-15")
	e.walkOn(ev,
		walkStep{user: "clerkA", event: "record_held", data: map[string]string{"reached": "0", "summary": "设咨询台"}, want: 422, says: []string{"受众人数"}},
		walkStep{user: "clerkA", event: "record_held", data: map[string]string{"reached": "200", "materials": "600", "banners": "2",
			"consultations": "31", "summary": "设咨询台，发放资料"}, want: 200, state: "held"},
		walkStep{user: "clerkA", event: "confirm", want: 403},
		walkStep{user: "headA", event: "confirm", want: 200, state: "confirmed"},
	)
	e.walk("publicity_event", "clerkA", map[string]string{"event_date": "2025-04-15", "title": "国家安全教育日进校园",
		"theme": "4·15全民国家安全教育日", "setting": "进校园", "organizer": "综治办"},
		walkStep{user: "clerkA", event: "cancel", data: map[string]string{"cancel_reason": "学校调整课程，改期"}, want: 200, state: "cancelled"},
	)
}

func TestAPIWalk_ModelVillageAndVillageTalent(t *testing.T) {
	e := apiEnv(t)
	v := e.walk("model_village", "clerkA", map[string]string{"village": "坪田村", "level": "省级", "named_date": "2023-03-01", "naming_body": "省司法厅、省民政厅"},
		walkStep{user: "clerkA", event: "keep", data: map[string]string{"recheck_date": "2023-02-01", "recheck_note": "x"}, want: 422, says: []string{"不能早于「命名日期」"}},
		walkStep{user: "clerkA", event: "keep", data: map[string]string{"recheck_date": "2025-02-20", "recheck_note": "保留"}, want: 200, state: "named"},
		walkStep{user: "clerkA", event: "revoke", data: map[string]string{"lose_date": "2025-02-01", "lose_result": "撤销", "lose_reason": "x"}, want: 422,
			says: []string{"不能早于「复核日期」"}},
		walkStep{user: "clerkA", event: "revoke", data: map[string]string{"lose_date": "2025-03-03", "lose_result": "取消", "lose_reason": "村撤并"}, want: 200, state: "lost"},
	)
	var clocks []apiClock
	e.api("clerkA").must("GET", fmt.Sprintf("/api/v1/records/model_village/%d/clocks", v.ID), nil, 200, &clocks)
	// Both re-check clocks stopped by the revocation; the second started on
	// the re-check; each cites the two-year rule.
	if len(clocks) != 2 {
		t.Fatalf("clocks %+v", clocks)
	}
	for _, c := range clocks {
		if c.Status != "stopped" || !strings.Contains(c.Basis, "每两年复核") {
			t.Errorf("clock %+v", c)
		}
		if c.Period == "next_recheck" && c.Start != "2025-02-20" {
			t.Errorf("next re-check started %s", c.Start)
		}
	}

	rows := `[{"name":"甲","category":"法律明白人","status":"在册","phone":"13912345678"},{"name":"乙","category":"法律明白人","status":"在册"},{"name":"丙","category":"法治带头人","status":"在册"}]`
	tal := e.walk("village_talent", "clerkA", map[string]string{"year": "2025", "village": "坪田村", "talents": rows},
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03"}, want: 422, says: []string{"在册法律明白人2名，少于培养目标3名"}},
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03", "shortfall_note": "年内从网格员中补选1名"}, want: 200, state: "reported"},
	)
	e.noPlaintextAtRest(e.api("clerkA"), tal, "13912345678")
}
