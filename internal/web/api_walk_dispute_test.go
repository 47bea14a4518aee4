package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/secure"
)

func TestAPIWalk_MediationCommitteeDisputeCaseAndZeroReport(t *testing.T) {
	e := apiEnv(t)
	member := func(name, sex, pos string) string {
		return fmt.Sprintf(`{"name":%q,"sex":%q,"position":%q,"mediator":"兼职"}`, name, sex, pos)
	}
	ten := "[" + member("主任甲", "女", "主任")
	for i := range 9 {
		ten += "," + member(fmt.Sprintf("委员%d", i), "男", "委员")
	}
	ten += "]"
	noWoman := "[" + member("主任甲", "男", "主任") + "," + member("委员乙", "男", "委员") + "," + member("委员丙", "男", "委员") + "]"
	good := "[" + member("主任甲", "女", "主任") + "," + member("委员乙", "男", "委员") + "," + member("委员丙", "男", "委员") +
		`,{"name":"调解员丁","sex":"男","position":"聘任调解员","mediator":"专职","phone":"13912345678"}]`
	com := e.walk("mediation_committee", "clerkA", map[string]string{"name": "甲镇人民调解委员会", "committee_type": "乡镇（街道）人民调解委员会",
		"founded_date": "2012-05-01", "members": ten},
		walkStep{user: "clerkA", event: "constitute", data: map[string]string{"term_start": "2024-01-05"}, want: 422, says: []string{"现为10人", "第八条"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"members": noWoman}, want: 200},
		walkStep{user: "clerkA", event: "constitute", data: map[string]string{"term_start": "2024-01-05"}, want: 422, says: []string{"妇女成员", "第八条"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"members": good}, want: 200},
		walkStep{user: "clerkA", event: "constitute", data: map[string]string{"term_start": "2024-01-05"}, want: 200, state: "active"},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"members": ten}, want: 422, says: []string{"现为10人"}},
		walkStep{user: "clerkA", event: "re_elect", data: map[string]string{"reelect_date": "2023-12-01"}, want: 422, says: []string{"第九条"}},
		walkStep{user: "clerkA", event: "re_elect", data: map[string]string{"reelect_date": "2025-03-01"}, want: 200, state: "active"},
	)
	if com.Data["term_end"] != "2028-03-01" || com.Data["member_count"] != "3" || com.Data["fulltime_count"] != "1" {
		t.Errorf("committee %v", com.Data)
	}

	planted := secure.Normalize("33010619850312123" + string(secure.IDCheckDigit("33010619850312123")))
	parties := fmt.Sprintf(`[{"name":"张甲","side":"申请人","id_number":%q,"phone":"13812345678"},{"name":"李乙","side":"被申请人","address":"坪田村3组"}]`, planted)
	form := map[string]string{"intake_date": "2025-02-10", "source": "当事人申请", "dispute_type": "邻里", "summary": "两户排水沟纠纷",
		"details": "雨水排放引发争执", "parties": parties, "committee_id": fmt.Sprint(com.ID), "mediator": "王五"}
	dc := e.walk("dispute_case", "clerkA", form,
		walkStep{user: "clerkA", event: "succeed", data: map[string]string{"agreement_date": "2025-02-20"}, want: 409},
		walkStep{user: "clerkA", event: "mediate", data: map[string]string{"mediation_date": "2025-02-11"}, want: 422, says: []string{"第十三条", "王五"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"mediator": "调解员丁"}, want: 200},
		walkStep{user: "clerkA", event: "mediate", data: map[string]string{"mediation_date": "2025-02-11"}, want: 200, state: "mediating"},
		walkStep{user: "clerkA", event: "succeed", data: map[string]string{"agreement_date": "2025-02-20", "agreement_form": "书面协议", "agreement": "改道排水"},
			want: 422, says: []string{"第二十九条"}},
		walkStep{user: "clerkA", event: "succeed", data: map[string]string{"agreement_date": "2025-02-20", "agreement_form": "书面协议",
			"agreement_signed": "是", "agreement": "改道排水"}, want: 200, state: "agreed"},
		walkStep{user: "clerkA", event: "apply_confirmation", data: map[string]string{"confirm_apply_date": "2025-02-19", "court": "龙泉市人民法院"},
			want: 422, says: []string{"不能早于「达成协议日期」", "第三十三条"}},
		walkStep{user: "clerkA", event: "apply_confirmation", data: map[string]string{"confirm_apply_date": "2025-02-25", "court": "龙泉市人民法院"},
			want: 200, state: "confirming"},
		walkStep{user: "clerkA", event: "record_confirmation", data: map[string]string{"confirm_date": "2025-02-24", "confirm_result": "确认有效"},
			want: 422, says: []string{"不能早于「申请司法确认日期」"}},
		walkStep{user: "clerkA", event: "record_confirmation", data: map[string]string{"confirm_date": "2025-03-03", "confirm_result": "确认有效"},
			want: 200, state: "closed"},
	)
	if dc.Data["result"] != "调解成功" || dc.Data["month"] != "2025-02" {
		t.Errorf("dispute %v", dc.Data)
	}
	// The parties' ID numbers and phones are sealed, and masked for the
	// county inspector.
	var seen apiRecord
	e.api("inspector").must("GET", recordPathOf(dc.Kind, dc.ID), nil, http.StatusOK, &seen)
	if strings.Contains(seen.Data["parties"], planted) || !strings.Contains(seen.Data["parties"], secure.Mask(secure.KindIDNumber, planted)) {
		t.Errorf("the inspector sees the parties as %s", seen.Data["parties"])
	}
	e.noPlaintextAtRest(e.api("clerkA"), dc, planted, "13812345678", "13912345678")

	// The other outcomes.
	form["mediator"] = "委员乙"
	other := e.walk("dispute_case", "clerkA", form,
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-02-25", "conclusion": "调解未成功", "conclude_note": "x"},
			want: 422, says: []string{"尚未开始调解"}},
		walkStep{user: "clerkA", event: "mediate", data: map[string]string{"mediation_date": "2025-02-11"}, want: 200},
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-02-25", "conclusion": "调解未成功", "conclude_note": "分歧大"},
			want: 422, says: []string{"第二十六条"}},
		walkStep{user: "clerkA", event: "conclude", data: map[string]string{"conclude_date": "2025-02-25", "conclusion": "调解未成功", "conclude_note": "分歧大",
			"rights_told": "是"}, want: 200, state: "concluded"},
	)
	if other.Data["result"] != "调解未成功" {
		t.Errorf("result %q", other.Data["result"])
	}
	e.walk("dispute_case", "clerkA", form,
		walkStep{user: "clerkA", event: "mediate", data: map[string]string{"mediation_date": "2025-02-11"}, want: 200},
		walkStep{user: "clerkA", event: "succeed", data: map[string]string{"agreement_date": "2025-02-12", "agreement_form": "口头协议", "agreement": "当场赔礼"}, want: 200},
		walkStep{user: "clerkA", event: "apply_confirmation", data: map[string]string{"confirm_apply_date": "2025-02-13", "court": "龙泉市人民法院"},
			want: 422, says: []string{"口头调解协议不能申请司法确认"}},
		walkStep{user: "clerkA", event: "close", data: map[string]string{"close_date": "2025-02-11", "performance": "已履行"}, want: 422, says: []string{"不能早于「达成协议日期」"}},
		walkStep{user: "clerkA", event: "close", data: map[string]string{"close_date": "2025-03-01", "performance": "已履行"}, want: 200, state: "closed"},
	)

	// 零上报: refused for February (disputes registered), accepted once for
	// January, refused for April (not begun) and for January again.
	e.walk("dispute_zero_report", "clerkA", map[string]string{"month": "2025-02", "organisation": "甲镇人民调解委员会"},
		walkStep{user: "clerkA", event: "submit", data: map[string]string{"report_date": "2025-03-01"}, want: 422, says: []string{"已登记矛盾纠纷调解3件"}})
	e.walk("dispute_zero_report", "clerkA", map[string]string{"month": "2025-02", "organisation": "甲镇人民调解委员会", "committee_id": fmt.Sprint(com.ID)},
		walkStep{user: "clerkA", event: "submit", data: map[string]string{"report_date": "2025-03-01"}, want: 422, says: []string{"所选人民调解委员会受理的"}})
	e.walk("dispute_zero_report", "clerkA", map[string]string{"month": "2025-04", "organisation": "甲镇人民调解委员会"},
		walkStep{user: "clerkA", event: "submit", data: map[string]string{"report_date": "2025-03-03"}, want: 422, says: []string{"尚未开始"}})
	e.walk("dispute_zero_report", "clerkA", map[string]string{"month": "2025-01", "organisation": "甲镇人民调解委员会"},
		walkStep{user: "clerkA", event: "submit", data: map[string]string{"report_date": "2025-02-01"}, want: 200, state: "submitted"})
	e.walk("dispute_zero_report", "clerkA", map[string]string{"month": "2025-01", "organisation": "甲镇人民调解委员会"},
		walkStep{user: "clerkA", event: "submit", data: map[string]string{"report_date": "2025-02-01"}, want: 422, says: []string{"同一月份只上报一次"}})
	// Township B's disputes are not A's: B's clerk reports February empty.
	e.walk("dispute_zero_report", "clerkB", map[string]string{"month": "2025-02", "organisation": "乙镇人民调解委员会"},
		walkStep{user: "clerkB", event: "submit", data: map[string]string{"report_date": "2025-03-01"}, want: 200, state: "submitted"})

	e.walk("dispute_screening", "clerkA", map[string]string{"screening_date": "2025-03-01", "title": "3月定期排查", "round": "定期排查",
		"scope": "全镇12个村", "organizer": "综治中心", "found": "6", "resolved": "3", "prevented": "1", "to_mediation": "2"},
		walkStep{user: "clerkA", event: "confirm", data: map[string]string{"confirm_date": "2025-03-02"}, want: 403},
		walkStep{user: "headA", event: "confirm", data: map[string]string{"confirm_date": "2025-02-28"}, want: 422, says: []string{"不能早于「排查日期」"}},
		walkStep{user: "headA", event: "confirm", data: map[string]string{"confirm_date": "2025-03-02"}, want: 200, state: "confirmed"},
	)
	e.walkOn(com, walkStep{user: "clerkA", event: "dissolve", data: map[string]string{"dissolve_date": "2025-03-03", "dissolve_reason": "机构调整"}, want: 200, state: "dissolved"})
}
