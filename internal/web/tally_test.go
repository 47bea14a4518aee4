package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// The year's study hours per person, against the minimum for their post:
// shortfalls first, each linked to the sessions counted, exported; the
// township's own minimum applies; another township's sessions are not
// counted.
func TestTally_StudyHoursShortfall(t *testing.T) {
	e := apiEnv(t)
	clerk := e.api("clerkA")
	people := func(rows ...map[string]string) string {
		b, _ := json.Marshal(rows)
		return string(b)
	}
	leader := fmt.Sprint(e.users["headA"].ID)
	session := func(c *apiClient, date, hours, rows string) apiRecord {
		t.Helper()
		var r apiRecord
		c.must("POST", "/api/v1/records/law_study", map[string]any{"data": map[string]string{
			"session_type": "专题讲座", "study_date": date, "topic": "学习《中华人民共和国行政处罚法》", "organizer": "党政办",
			"hours": hours, "attendees": rows}}, http.StatusCreated, &r)
		c.must("POST", recordPathOf("law_study", r.ID)+"/transitions", map[string]any{"event": "hold", "version": r.Version}, http.StatusOK, &r)
		return r
	}
	first := session(clerk, "2025-01-10", "20", people(map[string]string{"user": leader, "group": "领导干部"},
		map[string]string{"name": "王执法", "group": "执法人员", "hours": "30"}))
	session(clerk, "2025-02-14", "15", people(map[string]string{"user": leader, "group": "领导干部"}))
	e.seed("law_study", "B", map[string]string{"session_type": "专题讲座", "study_date": "2025-02-01", "topic": "乙镇学法",
		"organizer": "党政办", "hours": "30", "attendees": people(map[string]string{"name": "王执法", "group": "执法人员"})})

	ui := e.loggedIn("clerkA")
	resp, body := ui.get(fmt.Sprintf("/tally/law_study/study_hours?unit=%d&year=2025", e.units["A"].ID))
	wantStatus(t, resp, body, http.StatusOK)
	// 甲镇负责人 35 of 40 (short by 5), 王执法 30 of 60 (short by 30), nothing from township B.
	wantBody(t, body, "2 人未达到最低要求", "甲镇负责人", "差5学时", "王执法", "差30学时",
		fmt.Sprintf(`href="/l/law_study/%d"`, first.ID))
	if strings.Contains(body, "差0学时") || strings.Contains(body, "60</td><td>达标") {
		t.Error("township B's session counted")
	}
	_, list := ui.get("/l/law_study")
	wantBody(t, list, `href="/tally/law_study/study_hours"`, "年度学法学时统计")

	// The township lowers the leaders' minimum to 30: the head is no longer short.
	if err := e.db.SetSetting(context.Background(), store.SystemActor("test"), e.units["A"].ID, kinds.SettingStudyHoursLeader, "30"); err != nil {
		t.Fatal(err)
	}
	_, body = ui.get(fmt.Sprintf("/tally/law_study/study_hours?unit=%d&year=2025", e.units["A"].ID))
	wantBody(t, body, "1 人未达到最低要求")
	resp, xlsx := ui.get(fmt.Sprintf("/tally/law_study/study_hours?unit=%d&year=2025&format=xlsx", e.units["A"].ID))
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(xlsx, "PK") {
		t.Errorf("export: %d", resp.StatusCode)
	}
	// An unknown tally is not found.
	resp, _ = ui.get("/tally/law_study/nothing")
	wantStatus(t, resp, "", http.StatusNotFound)
}
