package kinds_test

import (
	"encoding/json"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func attendees(rows ...map[string]string) string {
	b, _ := json.Marshal(rows)
	return string(b)
}

func studyForm(date, hours, people string) ledger.Values {
	return ledger.Values{"session_type": "理论中心组学法", "study_date": date, "topic": "学习《中华人民共和国行政复议法》",
		"organizer": "党政办", "hours": hours, "attendees": people}
}

// A session is held on a day that has come, with attendees; each person's
// hours over the year are held against the minimum for their post, those
// short first; a row without its own hours counts the session's.
func TestLawStudy_HoursAgainstMinimumPerPost(t *testing.T) {
	k := kinds.LawStudy()
	m := newMachine(t, k, 1, studyForm("2025-06-20", "4", ""), nil)
	ruleErr(t, m.try("hold", nil, "2025-06-10", clerk), "尚未到来")
	ruleErr(t, m.try("hold", nil, "2025-06-20", clerk), "参加人员")

	leader := map[string]string{"user": "7", "group": kinds.GroupLeader}
	officer := map[string]string{"name": "王执法", "group": kinds.GroupEnforcement, "hours": "20"}
	other := map[string]string{"name": "李干事", "group": kinds.GroupOther}
	recs := []ledger.Record{
		{ID: 1, Data: ledger.Values{"hours": "30", "attendees": attendees(leader, officer)}},
		{ID: 2, Data: ledger.Values{"hours": "8", "attendees": attendees(leader, other, map[string]string{"name": "王执法", "group": kinds.GroupEnforcement, "hours": "45"})}},
	}
	rows := k.Tally(k.TallyOf("study_hours"), recs, nil)
	want := []struct {
		key   string
		total float64
		min   int
		short bool
	}{
		{"7", 38, 40, true}, // short: listed first
		{"李干事", 8, 0, false},
		{"王执法", 65, 60, false},
	}
	if len(rows) != len(want) {
		t.Fatalf("rows %+v", rows)
	}
	for i, w := range want {
		r := rows[i]
		if r.Key != w.key || r.Total != w.total || r.Minimum != w.min || r.Short != w.short {
			t.Errorf("row %d = %+v, want %+v", i, r, w)
		}
	}
	// A township that sets leaders' minimum to 30 has nobody short.
	rows = k.Tally(k.TallyOf("study_hours"), recs, ledger.SettingValues{kinds.SettingStudyHoursLeader: "30"})
	for _, r := range rows {
		if r.Short {
			t.Errorf("short under the township's own minimum: %+v", r)
		}
	}
}

// Each attendee row names a user or a person without an account, not both
// and not neither; a cell in the wrong form names its row and column.
func TestLawStudy_AttendeeRows(t *testing.T) {
	k := kinds.LawStudy()
	for _, c := range []struct {
		people, want string
	}{
		{attendees(map[string]string{"group": kinds.GroupLeader}), "第1行：请选择「人员（系统用户）」或填写「姓名（非系统用户）」"},
		{attendees(map[string]string{"user": "3", "name": "张三", "group": kinds.GroupLeader}), "第1行：系统用户无需再填姓名"},
		{attendees(map[string]string{"name": "张三", "group": kinds.GroupLeader}, map[string]string{"name": "李四", "group": kinds.GroupOther, "hours": "三"}), "第2行「学时」"},
	} {
		_, errs := k.Normalize(studyForm("2025-06-20", "4", c.people), nil)
		if !strings.Contains(errs["attendees"], c.want) {
			t.Errorf("%s: %v, want %q", c.people, errs, c.want)
		}
	}
}
