package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// 代表建议与政协提案 through the API: the three-month clock from the day of
// assignment (代表法第五十一条), the six-month one once declared complex,
// reply, the proposer's view, handling again, publication.
func TestAPIWalk_Suggestion(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-10-20")
	form := map[string]string{"source": "人大代表建议", "number": "第12号", "title": "关于硬化东山村至西岭村道路的建议",
		"proposer": "王某某等5名代表", "received_date": "2025-06-20", "assigned_date": "2025-07-01", "department": "村镇建设办"}
	s := e.walk("suggestion", "clerkA", form)
	c := e.api("clerkA")
	clockOf := func(id int64, period string) apiClock {
		var cs []apiClock
		c.must("GET", fmt.Sprintf("/api/v1/records/suggestion/%d/clocks", id), nil, http.StatusOK, &cs)
		for _, x := range cs {
			if x.Period == period {
				return x
			}
		}
		return apiClock{}
	}
	if cl := clockOf(s.ID, "reply_limit"); cl.Due != "2025-10-09" || !strings.Contains(cl.Basis, "第五十一条") {
		t.Errorf("reply clock %+v", cl)
	}
	e.walkOn(s,
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"complex": "是"}, want: 422, says: []string{"情况复杂的说明"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"complex": "是", "complex_reason": "涉及两村土地调整"}, want: 200},
	)
	if cl := clockOf(s.ID, "reply_limit_complex"); cl.Due != "2026-01-04" || cl.Status != "running" {
		t.Errorf("complex clock %+v", cl)
	}
	if cl := clockOf(s.ID, "reply_limit"); cl.Period != "" {
		t.Errorf("the three-month clock still there: %+v", cl)
	}
	reply := map[string]string{"reply_date": "2025-06-30", "result": "列入计划逐步解决", "reply_text": "已列入2026年村道建设计划"}
	e.walkOn(s,
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-10-20", "publish_channel": "镇政府网站"}, want: 409},
		walkStep{user: "clerkA", event: "reply", data: reply, want: 422, says: []string{"不能早于「交办日期」"}},
		walkStep{user: "clerkA", event: "reply", data: map[string]string{"reply_date": "2025-09-10", "result": "列入计划逐步解决", "reply_text": "已列入计划"}, want: 200, state: "replied"},
		walkStep{user: "clerkA", event: "evaluate", data: map[string]string{"satisfaction": "不满意", "evaluate_date": "2025-09-15"}, want: 200, state: "evaluated"},
		walkStep{user: "clerkA", event: "rehandle", data: map[string]string{"rehandle_reason": "代表要求明确开工时间"}, want: 200, state: "handling"},
		walkStep{user: "clerkA", event: "reply", data: map[string]string{"reply_date": "2025-09-30", "result": "已解决或采纳", "reply_text": "2026年3月开工"}, want: 200},
		walkStep{user: "clerkA", event: "evaluate", data: map[string]string{"satisfaction": "满意", "evaluate_date": "2025-10-10"}, want: 200},
		walkStep{user: "clerkA", event: "rehandle", data: map[string]string{"rehandle_reason": "x"}, want: 422, says: []string{"无需再次办理"}},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-10-20", "publish_channel": "镇政府网站"}, want: 200, state: "published"},
	)
	if cl := clockOf(s.ID, "reply_limit_complex"); cl.Status != "stopped" || cl.Late != "" {
		t.Errorf("replied in time: %+v", cl)
	}
	resp, page := e.loggedIn("clerkA").get(fmt.Sprintf("/public/suggestion/%d", s.ID))
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "2026年3月开工") {
		t.Errorf("the handling is not on the public pages: %d", resp.StatusCode)
	}
}

// 法治建设会议 and 述法 through the API: a committee meeting without a
// rule-of-law topic is refused, its topics counted; one 述法 per leader a
// year.
func TestAPIWalk_MeetingAndLawReport(t *testing.T) {
	e := apiEnv(t)
	e.at("2025-03-11")
	m := e.walk("law_meeting", "clerkA", map[string]string{"meeting_type": "全面依法治镇委员会会议", "title": "2025年第一次全面依法治镇委员会会议",
		"meeting_date": "2025-03-12", "chair": "李书记", "topics": `[{"topic":"春耕生产安排","category":"其他"}]`},
		walkStep{user: "clerkA", event: "hold", want: 422, says: []string{"尚未到来"}},
	)
	e.at("2025-03-14")
	m = e.walkOn(m,
		walkStep{user: "clerkA", event: "hold", want: 422, says: []string{"应研究法治建设重要问题", "第一责任人职责规定"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"topics": `[{"topic":"学习行政复议法","category":"会前学法"},` +
			`{"topic":"审议2025年法治建设工作要点","category":"研究法治建设","decision":"原则通过"},{"topic":"部署宪法宣传","category":"研究法治建设","decision":"司法所牵头"}]`}, want: 200},
		walkStep{user: "clerkA", event: "hold", data: map[string]string{"held_note": "应到9人，实到8人"}, want: 200, state: "held"},
		walkStep{user: "clerkA", event: "archive", data: map[string]string{"minutes_no": "依法治镇〔2025〕1号", "archive_date": "2025-03-11"}, want: 422,
			says: []string{"不能早于「会议日期」"}},
		walkStep{user: "clerkA", event: "archive", data: map[string]string{"minutes_no": "依法治镇〔2025〕1号", "archive_date": "2025-03-14"}, want: 200, state: "archived"},
	)
	if m.Data["law_topics"] != "2" || m.Data["studied_law"] != "是" {
		t.Errorf("computed %q %q", m.Data["law_topics"], m.Data["studied_law"])
	}
	e.walk("law_meeting", "clerkA", map[string]string{"meeting_type": "政府常务会议", "title": "第5次政府常务会议", "meeting_date": "2025-04-02", "chair": "张镇长"},
		walkStep{user: "clerkA", event: "cancel", data: map[string]string{"cancel_reason": "改期"}, want: 200, state: "cancelled"},
	)

	e.at("2026-01-08")
	report := map[string]string{"year": "2025", "leader": "张某某", "post": "镇长", "principal": "是", "form": "年终述职中述法"}
	step := map[string]string{"report_date": "2026-01-08", "report_summary": "履行推进法治建设第一责任人职责情况"}
	first := e.walk("law_report", "clerkA", report,
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2024-12-30", "report_summary": "x"}, want: 422, says: []string{"不能早于该年度"}},
		walkStep{user: "clerkA", event: "report", data: step, want: 200, state: "reported"},
		walkStep{user: "clerkA", event: "evaluate", data: map[string]string{"rating": "好", "evaluate_date": "2026-01-07"}, want: 422, says: []string{"不能早于「述法日期」"}},
		walkStep{user: "clerkA", event: "evaluate", data: map[string]string{"rating": "好", "evaluate_date": "2026-01-08"}, want: 200, state: "evaluated"},
	)
	e.walk("law_report", "clerkA", report,
		walkStep{user: "clerkA", event: "report", data: step, want: 422, says: []string{fmt.Sprintf("已登记2025年度述法（编号 %d）", first.ID)}},
		walkStep{user: "clerkA", event: "void", data: map[string]string{"void_reason": "重复登记"}, want: 200, state: "void"},
	)
	// The same name in another township is another leader.
	e.walk("law_report", "clerkB", report, walkStep{user: "clerkB", event: "report", data: step, want: 200, state: "reported"})
}
