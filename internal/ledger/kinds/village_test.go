package kinds_test

import (
	"strconv"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func villageForm(named string) ledger.Values {
	return ledger.Values{"village": "坪田村", "level": "省级", "named_date": named, "naming_body": "省司法厅、省民政厅"}
}

// A model village title is re-checked every two years, with a reminder
// three months ahead; keeping the title starts the next two years from the
// re-check; a title named on 2月29日 falls due on 2月28日.
func TestModelVillage_RecheckEveryTwoYears(t *testing.T) {
	m := newMachine(t, kinds.ModelVillage(), 1, villageForm("2024-02-29"), nil)
	if m.r.Data["named_year"] != "2024" {
		t.Errorf("named_year %q", m.r.Data["named_year"])
	}
	c := m.clock("first_recheck")
	if c == nil || c.Due != d("2026-02-28") || c.RemindOn != d("2025-11-28") {
		t.Fatalf("first re-check clock %+v, want due 2026-02-28, reminder 2025-11-28", c)
	}
	ruleErr(t, m.try("keep", ledger.Values{"recheck_date": "2024-01-10", "recheck_note": "x"}, "2026-01-10", clerk), "不能早于「命名日期」")
	m.must("keep", ledger.Values{"recheck_date": "2026-01-10", "recheck_note": "各项指标达标，予以保留"}, "2026-01-10", clerk)
	if c := m.clock("first_recheck"); c.Status != ledger.ClockStopped || c.StoppedOn != d("2026-01-10") {
		t.Errorf("first clock %+v", c)
	}
	// 2028 is beyond the built-in calendar: the next due date is pending
	// (filled in when that year's holidays are loaded), two years on.
	if c := m.clock("next_recheck"); c == nil || c.Status != ledger.ClockRunning || c.Start != d("2026-01-10") || c.Months != 24 || !c.DueUnknown() {
		t.Fatalf("next re-check clock %+v", c)
	}
	m.must("keep", ledger.Values{"recheck_date": "2028-01-05", "recheck_note": "保留"}, "2028-01-05", clerk)
	if c := m.clock("next_recheck"); c.Status != ledger.ClockRunning || c.Start != d("2028-01-05") {
		t.Fatalf("re-check after the second keep %+v", c)
	}
	in := ledger.Values{"lose_date": "2027-12-01", "lose_result": "撤销", "lose_reason": "发生重大群体性事件"}
	ruleErr(t, m.try("revoke", in, "2029-12-01", clerk), "不能早于「复核日期」")
	in["lose_date"] = "2029-12-01"
	m.must("revoke", in, "2029-12-01", clerk)
	if m.r.State != "lost" || m.clock("next_recheck").Status != ledger.ClockStopped {
		t.Errorf("after revoke: %s %+v", m.r.State, m.clocks)
	}
}

func talentRows(literate int) string {
	rows := []ledger.Values{{"name": "陈法治", "category": "法治带头人", "status": "在册"},
		{"name": "刘家", "category": "学法用法示范户", "status": "在册"},
		{"name": "周调整", "category": "法律明白人", "status": "已调整"}}
	for i := range literate {
		rows = append(rows, ledger.Values{"name": "明白人" + string(rune('甲'+i)), "category": "法律明白人", "source": "网格员", "status": "在册"})
	}
	return ledger.EncodeRows(rows)
}

// ≥3 法律明白人 per village (a setting, default 3): a village below the
// target reports only with the reason and a plan; those no longer on the
// roll do not count.
func TestVillageTalent_LegalLiterateTargetPerVillage(t *testing.T) {
	cases := []struct {
		name     string
		literate int
		settings ledger.SettingValues
		note     string
		want     string
	}{
		{"three on the roll", 3, nil, "", ""},
		{"two on the roll and one adjusted", 2, nil, "", "在册法律明白人2名，少于培养目标3名"},
		{"two, explained", 2, nil, "1名外出务工已调整，年内从网格员中补选", ""},
		{"the county set 2", 2, ledger.SettingValues{kinds.SettingLegalLiterateMin: "2"}, "", ""},
		{"the county set 5", 4, ledger.SettingValues{kinds.SettingLegalLiterateMin: "5"}, "", "少于培养目标5名"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.VillageTalent(), 1, ledger.Values{"year": "2025", "village": "坪田村", "talents": talentRows(c.literate)}, nil)
			if m.r.Data["literate_count"] != strconv.Itoa(c.literate) || m.r.Data["leader_count"] != "1" || m.r.Data["household_count"] != "1" {
				t.Fatalf("counts %v", m.r.Data)
			}
			m.set = c.settings
			err := m.try("report", ledger.Values{"report_date": "2025-12-10", "shortfall_note": c.note}, "2025-12-10", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			ruleErr(t, err, c.want, "法律明白人")
		})
	}
}
