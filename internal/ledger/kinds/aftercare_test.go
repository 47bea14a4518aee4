package kinds_test

import (
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func aftercareForm(typ, released string) ledger.Values {
	return ledger.Values{"file_no": "AZ2021-03", "name": "钱某", "id_number": "11010519491231002X", "sex": "男",
		"release_type": typ, "release_date": released, "handover_date": released}
}

// Aftercare lasts five years after release from prison, three after the
// end of community correction; it ends by itself when over (OnDue) and is
// refused earlier.
func TestAftercare_FiveYearsAfterRelease(t *testing.T) {
	k := kinds.Aftercare()
	m := newMachine(t, k, 1, aftercareForm("刑满释放", "2020-02-29"), nil)
	if m.r.Data["aftercare_until"] != "2025-02-28" {
		t.Fatalf("aftercare_until %q", m.r.Data["aftercare_until"])
	}
	if c := m.clock("aftercare"); c == nil || c.Due != d("2025-02-28") {
		t.Fatalf("aftercare clock %+v", c)
	}
	if k.DueTransitions()["aftercare"] != "complete" {
		t.Errorf("due transitions %v", k.DueTransitions())
	}
	ruleErr(t, m.try("start", ledger.Values{"start_date": "2020-02-01"}, "2020-03-02", clerk), "不能早于「释放（解矫）日期」")
	m.must("start", ledger.Values{"start_date": "2020-03-02"}, "2020-03-02", clerk)
	ruleErr(t, m.try("complete", nil, "2025-02-27", clerk), "尚未期满")
	m.must("complete", nil, "2025-02-28", clerk)
	if m.r.State != "completed" || m.clock("aftercare").Late() {
		t.Errorf("completed: %s %+v", m.r.State, m.clock("aftercare"))
	}

	c := newMachine(t, k, 2, aftercareForm("缓刑考验期满", "2023-06-10"), nil)
	if c.r.Data["aftercare_until"] != "2026-06-10" {
		t.Errorf("after correction: %q", c.r.Data["aftercare_until"])
	}
}

// 安置 and 帮教 are flags the rates count; a way of resettlement needs the
// flag.
func TestAftercare_ResettlementFlags(t *testing.T) {
	f := aftercareForm("刑满释放", "2024-05-01")
	f["resettle_way"] = "就业"
	if _, errs := kinds.Aftercare().Normalize(f, nil); errs["resettle_way"] == "" {
		t.Error("a resettlement way without 已安置 accepted")
	}
	f["resettled"], f["helped"] = "是", "是"
	m := newMachine(t, kinds.Aftercare(), 1, f, nil)
	m.must("start", ledger.Values{"start_date": "2024-05-06"}, "2024-05-06", clerk)
	m.must("reoffend", ledger.Values{"reoffend_date": "2025-01-03", "reoffend_note": "因盗窃被刑事拘留"}, "2025-01-03", clerk)
	if m.r.State != "reoffended" || m.clock("aftercare").Status != ledger.ClockStopped {
		t.Errorf("reoffended: %s %+v", m.r.State, m.clocks)
	}
}

// The years of aftercare are settings: a province that counts three years
// after release from prison gets that end date and that clock, and the
// other release type keeps its default.
func TestAftercare_YearsFromTheUnitsSetting(t *testing.T) {
	k := kinds.Aftercare()
	set := ledger.SettingValues{kinds.SettingAftercarePrisonYears: "3"}
	data, errs := k.NormalizeIn(aftercareForm("刑满释放", "2020-02-29"), nil, d("2020-03-02"), set)
	if errs != nil {
		t.Fatal(errs)
	}
	if data["aftercare_until"] != "2023-02-28" {
		t.Fatalf("aftercare_until with 3 years set: %q", data["aftercare_until"])
	}
	r := &ledger.Record{ID: 1, Kind: k.Name, State: k.Initial(), Data: data}
	clocks, err := k.StartClocksIn(r, cal, set)
	if err != nil {
		t.Fatal(err)
	}
	m := &machine{t: t, k: k, r: r, clocks: clocks, cal: cal, set: set, actor: countyAbove}
	if c := m.clock("aftercare"); c == nil || c.Due != d("2023-02-28") {
		t.Fatalf("aftercare clock %+v", c)
	}
	m.must("start", ledger.Values{"start_date": "2020-03-02"}, "2020-03-02", clerk)
	ruleErr(t, m.try("complete", nil, "2023-02-27", clerk), "尚未期满")
	m.must("complete", nil, "2023-02-28", clerk)

	data, _ = k.NormalizeIn(aftercareForm("缓刑考验期满", "2023-06-10"), nil, d("2023-06-12"), set)
	if data["aftercare_until"] != "2026-06-10" {
		t.Errorf("correction release keeps its default 3 years: %q", data["aftercare_until"])
	}
	if _, msg := k.Setting(kinds.SettingAftercarePrisonYears).Normalize("0"); msg == "" {
		t.Error("0 years of aftercare accepted")
	}
}
