package kinds_test

import (
	"slices"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func correctionForm(typ, effective string) ledger.Values {
	return ledger.Values{"case_no": "JZ2024-007", "name": "赵某", "id_number": "11010519491231002X", "phone": "13800138000",
		"address": "坪田村5组", "sex": "男", "correction_type": typ, "crime": "危险驾驶罪", "deciding_body": "龙泉市人民法院",
		"effective_date": effective, "start_date": effective, "end_date": "2025-09-24"}
}

func reported(t *testing.T, typ string) *machine {
	t.Helper()
	m := newMachine(t, kinds.Correction(), 1, correctionForm(typ, "2024-09-25"), nil)
	m.must("report", ledger.Values{"report_date": "2024-09-27", "announced": "是"}, "2024-09-27", clerk)
	return m
}

// 社区矫正法第二十一条: report within ten days of the judgment taking
// effect. Effective Wed 25 September 2024, the tenth day is 5 October in the
// National Day holiday, so the period ends on Tue 8 October; a report on the
// 9th is late and records why and how it was handled.
func TestCorrection_ReportWithinTenDays_Article21(t *testing.T) {
	k := kinds.Correction()
	if p := k.Period("report_limit"); p.Basis != "《中华人民共和国社区矫正法》第二十一条" {
		t.Errorf("basis %q", p.Basis)
	}
	m := newMachine(t, k, 1, correctionForm("缓刑", "2024-09-25"), nil)
	if c := m.clock("report_limit"); c == nil || c.Due != d("2024-10-08") {
		t.Fatalf("report clock %+v, want due 8 October", c)
	}
	ruleErr(t, m.try("report", ledger.Values{"report_date": "2024-10-08", "announced": "否"}, "2024-10-08", clerk), "第二十二条")
	ruleErr(t, m.try("report", ledger.Values{"report_date": "2024-09-24", "announced": "是"}, "2024-10-08", clerk), "不能早于「判决裁定生效")
	on := m
	on.must("report", ledger.Values{"report_date": "2024-10-08", "announced": "是"}, "2024-10-08", clerk)
	if c := on.clock("report_limit"); c.Status != ledger.ClockStopped || c.Late() {
		t.Errorf("a report on 8 October is on time: %+v", c)
	}

	late := newMachine(t, k, 2, correctionForm("缓刑", "2024-09-25"), nil)
	ruleErr(t, late.try("report", ledger.Values{"report_date": "2024-10-09", "announced": "是"}, "2024-10-09", clerk),
		"超过期限1日", "社区矫正法》第二十一条")
	late.must("report", ledger.Values{"report_date": "2024-10-09", "announced": "是", "late_handling": "因病住院，持医院证明；已通报决定机关"}, "2024-10-09", clerk)
	if c := late.clock("report_limit"); !c.Late() {
		t.Errorf("a report on 9 October is late: %+v", c)
	}

	// Outside any holiday: effective Mon 3 March 2025, reported 11 days later.
	eleven := newMachine(t, k, 3, correctionForm("假释", "2025-03-03"), nil)
	ruleErr(t, eleven.try("report", ledger.Values{"report_date": "2025-03-14", "announced": "是"}, "2025-03-14", clerk), "超过期限1日")
}

// 第二十五条: a woman's correction group has a woman in it.
func TestCorrection_WomanSubjectHasAWomanInHerGroup_Article25(t *testing.T) {
	f := correctionForm("管制", "2025-03-03")
	f["sex"] = "女"
	f["group"] = `[{"name":"司法所甲","sex":"男","role":"司法所工作人员"},{"name":"村干部乙","sex":"男","role":"村（居）民委员会人员"}]`
	m := newMachine(t, kinds.Correction(), 1, f, nil)
	ruleErr(t, m.try("report", ledger.Values{"report_date": "2025-03-05", "announced": "是"}, "2025-03-05", clerk), "第二十五条", "女性成员")
	m.r.Data["group"] = `[{"name":"司法所甲","sex":"男","role":"司法所工作人员"},{"name":"妇联丙","sex":"女","role":"志愿者"}]`
	m.must("report", ledger.Values{"report_date": "2025-03-05", "announced": "是"}, "2025-03-05", clerk)
}

func absence(from, to, approver string) ledger.Values {
	return ledger.Values{"from": from, "to": to, "destination": "杭州市", "reason": "探望住院亲属", "approver": approver}
}

// 第二十七条 and the absence rules (settings, reference §A7): up to 7 days
// approved by the judicial office, longer by the county, at most 30 days at
// a time; a yearly cap where the province sets one.
func TestCorrection_AbsenceApprovals_Article27(t *testing.T) {
	cases := []struct {
		name     string
		rows     []ledger.Values
		settings ledger.SettingValues
		want     string
	}{
		{"7 days by the judicial office", []ledger.Values{absence("2024-11-01", "2024-11-07", "司法所")}, nil, ""},
		{"8 days by the judicial office", []ledger.Values{absence("2024-11-01", "2024-11-08", "司法所")}, nil, "外出8日，超过7日，应由县级社区矫正机构批准"},
		{"8 days by the county", []ledger.Values{absence("2024-11-01", "2024-11-08", "县级社区矫正机构")}, nil, ""},
		{"31 days by the county", []ledger.Values{absence("2024-11-01", "2024-12-01", "县级社区矫正机构")}, nil, "外出31日，超过单次外出最长30日"},
		{"the province lets the office approve 3 days only", []ledger.Values{absence("2024-11-01", "2024-11-05", "司法所")},
			ledger.SettingValues{kinds.SettingAbsenceOfficeDays: "3"}, "超过3日"},
		{"ends before it starts", []ledger.Values{absence("2024-11-09", "2024-11-01", "司法所")}, nil, "早于外出开始"},
		{"before the report", []ledger.Values{absence("2024-09-20", "2024-09-22", "司法所")}, nil, "早于报到日期"},
		{"after the term", []ledger.Values{absence("2025-09-20", "2025-09-26", "司法所")}, nil, "晚于矫正期限止"},
		{"61 days in a year under a 60-day cap", []ledger.Values{absence("2025-01-01", "2025-01-30", "县级社区矫正机构"),
			absence("2025-03-01", "2025-03-30", "县级社区矫正机构"), absence("2025-06-01", "2025-06-01", "司法所")}, ledger.SettingValues{kinds.SettingAbsenceYearDays: "60"}, "累计外出已达61日"},
		{"61 days in a year, no cap", []ledger.Values{absence("2025-01-01", "2025-01-30", "县级社区矫正机构"),
			absence("2025-03-01", "2025-03-30", "县级社区矫正机构"), absence("2025-06-01", "2025-06-01", "司法所")}, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := reported(t, "缓刑")
			m.set = c.settings
			err := m.try("approve_absence", ledger.Values{"absences": ledger.EncodeRows(c.rows)}, "2024-10-30", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ruleErr(t, err, c.want)
		})
	}
}

// Visits are dated between the report and today.
func TestCorrection_VisitsAfterTheReport(t *testing.T) {
	m := reported(t, "缓刑")
	visit := func(date string) ledger.Values {
		return ledger.Values{"visits": ledger.EncodeRows([]ledger.Values{{"date": date, "way": "实地走访", "by": "司法所甲"}})}
	}
	ruleErr(t, m.try("record_visit", visit("2024-09-26"), "2024-10-10", clerk), "早于报到日期")
	fieldErr(t, m.try("record_visit", visit("2024-10-11"), "2024-10-10", clerk), "visits", "晚于今天")
	m.must("record_visit", visit("2024-10-10"), "2024-10-10", clerk)
}

// 第四十四条: released at the end of the term (or on pardon) with the
// certificate; the term's clock ends on the end date, reminded 30 days
// ahead.
func TestCorrection_ReleaseAtTheEndOfTheTerm_Article44(t *testing.T) {
	m := reported(t, "缓刑")
	if c := m.clock("term"); c == nil || c.Due != d("2025-09-24") || c.RemindOn != d("2025-08-25") {
		t.Fatalf("term clock %+v", c)
	}
	ruleErr(t, m.try("release", ledger.Values{"release_date": "2025-09-01", "release_reason": "矫正期满", "certificate": "是"}, "2025-09-01", clerk),
		"早于期满日", "第四十四条")
	ruleErr(t, m.try("release", ledger.Values{"release_date": "2025-09-24", "release_reason": "矫正期满", "certificate": "否"}, "2025-09-24", clerk),
		"解除社区矫正证明书")
	pardoned := reported(t, "假释")
	pardoned.must("release", ledger.Values{"release_date": "2025-09-01", "release_reason": "被赦免", "certificate": "是"}, "2025-09-01", clerk)
	m.must("release", ledger.Values{"release_date": "2025-09-24", "release_reason": "矫正期满", "certificate": "是"}, "2025-09-24", clerk)
	if c := m.clock("term"); m.r.State != "released" || c.Status != ledger.ClockStopped || c.Late() {
		t.Errorf("released: %s %+v", m.r.State, c)
	}
}

// 第四十六条、第四十九条: committal matches the type of correction.
func TestCorrection_CommittalMatchesTheType_Articles46And49(t *testing.T) {
	in := func(typ string) ledger.Values {
		return ledger.Values{"revoke_date": "2025-01-10", "revoke_type": typ, "revoke_basis": "法院裁定撤销缓刑"}
	}
	ruleErr(t, reported(t, "管制").try("revoke", in("撤销缓刑"), "2025-01-10", clerk), "管制")
	ruleErr(t, reported(t, "缓刑").try("revoke", in("撤销假释"), "2025-01-10", clerk), "收监类别应为“撤销缓刑”")
	m := reported(t, "缓刑")
	m.must("revoke", in("撤销缓刑"), "2025-01-10", clerk)
	if m.r.State != "committed" {
		t.Errorf("state %s", m.r.State)
	}
}

// The subject's identity is personal data and the ID number finds the
// subject's other records.
func TestCorrection_IdentityIsPersonalData(t *testing.T) {
	k := kinds.Correction()
	for _, n := range []string{"name", "id_number", "phone", "address"} {
		if f := k.Field(n); f.Type != ledger.TypePersonal || f.Search {
			t.Errorf("%s is not personal data", n)
		}
	}
	if !k.Field("id_number").SamePerson || !slices.Contains(k.Field("correction_type").Options, "暂予监外执行") {
		t.Error("ID number not matched across records, or a correction type missing")
	}
}
