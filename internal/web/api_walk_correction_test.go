package web

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/secure"
)

func TestAPIWalk_CorrectionSubject(t *testing.T) {
	e := apiEnv(t)
	planted := secure.Normalize("33010619850312123" + string(secure.IDCheckDigit("33010619850312123")))
	form := map[string]string{"case_no": "JZ2025-003", "name": "赵某", "id_number": planted, "phone": "13812345678", "address": "坪田村5组",
		"sex": "女", "correction_type": "缓刑", "crime": "危险驾驶罪", "deciding_body": "龙泉市人民法院",
		"effective_date": "2025-02-18", "start_date": "2025-02-18", "end_date": "2025-06-30",
		"group": `[{"name":"司法所甲","sex":"男","role":"司法所工作人员"}]`}
	absence := func(from, to, approver string) string {
		return fmt.Sprintf(`[{"from":%q,"to":%q,"destination":"杭州市","reason":"探望住院亲属","approver":%q}]`, from, to, approver)
	}
	rec := e.walk("correction_subject", "clerkA", form,
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03", "announced": "否"}, want: 422, says: []string{"第二十二条"}},
		// Reported on 3 March, three days after the tenth day (28 February).
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03", "announced": "是"}, want: 422,
			says: []string{"超过期限3日", "第二十一条"}},
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03", "announced": "是", "late_handling": "春运返乡延误，已通报法院"},
			want: 422, says: []string{"第二十五条", "女性成员"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"group": `[{"name":"司法所甲","sex":"男","role":"司法所工作人员"},{"name":"妇联乙","sex":"女","role":"志愿者"}]`}, want: 200},
		walkStep{user: "clerkA", event: "report", data: map[string]string{"report_date": "2025-03-03", "announced": "是", "late_handling": "春运返乡延误，已通报法院"},
			want: 200, state: "in_correction"},
		walkStep{user: "clerkA", event: "approve_absence", data: map[string]string{"absences": absence("2025-03-10", "2025-03-17", "司法所")}, want: 422,
			says: []string{"外出8日，超过7日，应由县级社区矫正机构批准"}},
		walkStep{user: "clerkA", event: "approve_absence", data: map[string]string{"absences": absence("2025-03-10", "2025-03-17", "县级社区矫正机构")}, want: 200},
		walkStep{user: "clerkA", event: "record_visit", data: map[string]string{"visits": `[{"date":"2025-03-02","way":"实地走访","by":"司法所甲"}]`}, want: 422,
			says: []string{"早于报到日期"}},
		walkStep{user: "clerkA", event: "record_visit", data: map[string]string{"visits": `[{"date":"2025-03-03","way":"实地走访","by":"司法所甲"}]`}, want: 200},
		walkStep{user: "clerkA", event: "release", data: map[string]string{"release_date": "2025-03-03", "release_reason": "矫正期满", "certificate": "是"},
			want: 422, says: []string{"早于期满日", "第四十四条"}},
	)
	var clocks []apiClock
	e.api("clerkA").must("GET", recordPathOf(rec.Kind, rec.ID)+"/clocks", nil, http.StatusOK, &clocks)
	for _, c := range clocks {
		if c.Period == "report_limit" && (c.Due != "2025-02-28" || c.Status != "stopped" || !strings.Contains(c.Basis, "第二十一条")) {
			t.Errorf("report clock %+v", c)
		}
		if c.Period == "term" && (c.Due != "2025-06-30" || c.Status != "running") {
			t.Errorf("term clock %+v", c)
		}
	}
	if len(clocks) != 2 {
		t.Errorf("clocks %+v", clocks)
	}
	e.at("2025-06-30")
	e.walkOn(rec, walkStep{user: "clerkA", event: "release", data: map[string]string{"release_date": "2025-06-30", "release_reason": "矫正期满", "certificate": "是"},
		want: 200, state: "released"})
	var seen apiRecord
	e.api("inspector").must("GET", recordPathOf(rec.Kind, rec.ID), nil, http.StatusOK, &seen)
	if seen.Data["id_number"] == planted || seen.Data["id_number"] != secure.Mask(secure.KindIDNumber, planted) {
		t.Errorf("the inspector sees %q", seen.Data["id_number"])
	}
	e.noPlaintextAtRest(e.api("clerkA"), rec, planted, "13812345678")

	// Committal and death, on other subjects.
	form["sex"], form["case_no"] = "男", "JZ2025-004"
	in := map[string]string{"report_date": "2025-06-20", "announced": "是", "late_handling": "在外地务工"}
	e.walk("correction_subject", "clerkA", form,
		walkStep{user: "clerkA", event: "report", data: in, want: 200},
		walkStep{user: "clerkA", event: "revoke", data: map[string]string{"revoke_date": "2025-06-25", "revoke_type": "撤销假释", "revoke_basis": "违反监督管理规定"},
			want: 422, says: []string{"收监类别应为“撤销缓刑”"}},
		walkStep{user: "clerkA", event: "revoke", data: map[string]string{"revoke_date": "2025-06-25", "revoke_type": "撤销缓刑", "revoke_basis": "法院裁定撤销缓刑"},
			want: 200, state: "committed"},
	)
	form["case_no"] = "JZ2025-005"
	e.walk("correction_subject", "clerkA", form,
		walkStep{user: "clerkA", event: "terminate", data: map[string]string{"death_date": "2025-02-01", "death_note": "x"}, want: 422, says: []string{"不能早于"}},
		walkStep{user: "clerkA", event: "terminate", data: map[string]string{"death_date": "2025-06-01", "death_note": "病故"}, want: 200, state: "ended"},
	)
}

func TestAPIWalk_Aftercare(t *testing.T) {
	e := apiEnv(t)
	form := map[string]string{"file_no": "AZ2020-01", "name": "钱某", "id_number": "11010519491231002X", "phone": "13812345678",
		"sex": "男", "release_type": "刑满释放", "release_date": "2020-02-29", "handover_date": "2020-02-20", "resettle_way": "务农"}
	e.api("clerkA").apiErr("POST", "/api/v1/records/aftercare_person", map[string]any{"data": form}, http.StatusUnprocessableEntity)
	form["resettled"], form["helped"] = "是", "是"
	rec := e.walk("aftercare_person", "clerkA", form,
		walkStep{user: "clerkA", event: "start", data: map[string]string{"start_date": "2020-02-28"}, want: 422, says: []string{"不能早于「释放（解矫）日期」"}},
		walkStep{user: "clerkA", event: "start", data: map[string]string{"start_date": "2020-03-02"}, want: 200, state: "in_aftercare"},
	)
	if rec.Data["aftercare_until"] != "2025-02-28" {
		t.Fatalf("aftercare_until %q", rec.Data["aftercare_until"])
	}
	// Past its end (28 February 2025), aftercare ends by itself.
	n, err := e.db.RunDueTransitions(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("due transitions: %d, %v", n, err)
	}
	var got apiRecord
	e.api("clerkA").must("GET", recordPathOf(rec.Kind, rec.ID), nil, http.StatusOK, &got)
	if got.State != "completed" {
		t.Errorf("state %q after the due date", got.State)
	}

	form["file_no"], form["release_date"], form["release_type"] = "AZ2024-02", "2024-05-01", "缓刑考验期满"
	e.walk("aftercare_person", "clerkA", form,
		walkStep{user: "clerkA", event: "start", data: map[string]string{"start_date": "2024-05-06"}, want: 200},
		walkStep{user: "clerkA", event: "complete", want: 422, says: []string{"尚未期满"}},
		walkStep{user: "clerkA", event: "reoffend", data: map[string]string{"reoffend_date": "2024-04-01", "reoffend_note": "x"}, want: 422, says: []string{"不能早于"}},
		walkStep{user: "clerkA", event: "reoffend", data: map[string]string{"reoffend_date": "2025-01-03", "reoffend_note": "因盗窃被刑事拘留"}, want: 200, state: "reoffended"},
	)
	form["file_no"] = "AZ2024-03"
	e.walk("aftercare_person", "clerkA", form,
		walkStep{user: "clerkA", event: "move_out", data: map[string]string{"move_date": "2025-02-01"}, want: 422, says: []string{"迁往地"}},
		walkStep{user: "clerkA", event: "move_out", data: map[string]string{"move_date": "2025-02-01", "moved_to": "某县某镇司法所"}, want: 200, state: "moved"},
	)
}
