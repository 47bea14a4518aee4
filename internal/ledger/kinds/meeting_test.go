package kinds_test

import (
	"context"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func meetingForm(kind, topics string) ledger.Values {
	return ledger.Values{"meeting_type": kind, "title": "2025年第一次全面依法治镇委员会会议", "meeting_date": "2025-03-12",
		"chair": "李书记", "topics": topics}
}

// A committee meeting studies rule-of-law matters and records what it
// decided on each; the computed counts feed the annual report.
func TestMeeting_FirstDuty_CommitteeDecidesOnRuleOfLaw(t *testing.T) {
	other := `[{"topic":"春耕生产安排","category":"其他"}]`
	m := newMachine(t, kinds.Meeting(), 1, meetingForm(kinds.MeetingCommittee, other), nil)
	ruleErr(t, m.try("hold", nil, "2025-03-11", clerk), "尚未到来")
	ruleErr(t, m.try("hold", nil, "2025-03-12", clerk), "应研究法治建设重要问题", "第一责任人职责规定")
	m.r.Data["topics"] = ledger.EncodeRows([]ledger.Values{
		{"topic": "学习《中华人民共和国行政复议法》", "category": kinds.TopicLawStudy},
		{"topic": "审议《2025年法治建设工作要点》", "category": kinds.TopicLawBuilding},
	})
	ruleErr(t, m.try("hold", nil, "2025-03-12", clerk), "第2行", "请填写「决定事项」")

	data, errs := m.k.Normalize(meetingForm(kinds.MeetingCommittee, `[{"topic":"学习行政复议法","category":"会前学法"},`+
		`{"topic":"审议2025年法治建设工作要点","category":"研究法治建设","decision":"原则通过，印发实施","department":"党政办"},`+
		`{"topic":"部署民法典宣传月","category":"研究法治建设","decision":"司法所牵头"}]`), nil)
	if errs != nil {
		t.Fatal(errs)
	}
	if data["law_topics"] != "2" || data["law_studies"] != "1" || data["studied_law"] != "是" {
		t.Fatalf("computed counts %q %q %q", data["law_topics"], data["law_studies"], data["studied_law"])
	}
	m.r.Data = data
	m.must("hold", ledger.Values{"held_note": "应到9人，实到8人"}, "2025-03-12", clerk)
	ruleErr(t, m.try("archive", ledger.Values{"minutes_no": "依法治镇〔2025〕1号", "archive_date": "2025-03-11"}, "2025-03-14", clerk), "不能早于「会议日期」")
	m.must("archive", ledger.Values{"minutes_no": "依法治镇〔2025〕1号", "archive_date": "2025-03-14"}, "2025-03-14", clerk)

	// An executive meeting that only studied law needs no rule-of-law topic.
	e := newMachine(t, kinds.Meeting(), 2, meetingForm(kinds.MeetingExecutive, `[{"topic":"会前学法：学习安全生产法","category":"会前学法"}]`), nil)
	e.must("hold", nil, "2025-03-12", clerk)
	if e.r.Data["law_topics"] != "0" || e.r.Data["studied_law"] != "是" {
		t.Errorf("study-only meeting counts %q %q", e.r.Data["law_topics"], e.r.Data["studied_law"])
	}
	c := newMachine(t, kinds.Meeting(), 3, meetingForm(kinds.MeetingLeading, ""), nil)
	ruleErr(t, c.try("hold", nil, "2025-03-12", clerk), "请在「会议议题」中登记")
	c.must("cancel", ledger.Values{"cancel_reason": "改期"}, "2025-03-10", clerk)
}

// lawReports is a Finder over 述法 records.
type lawReports []ledger.Record

func (l lawReports) Count(context.Context, string, ledger.Values) (int, error) { return len(l), nil }
func (l lawReports) Records(_ context.Context, kind string, f ledger.Values, _ int) ([]ledger.Record, error) {
	var out []ledger.Record
	for _, r := range l {
		if r.Kind == kind && r.Data["year"] == f["year"] && r.Data["leader"] == f["leader"] {
			out = append(out, r)
		}
	}
	return out, nil
}
func (lawReports) ByPersonal(context.Context, string, string, string) ([]ledger.Record, error) {
	return nil, nil
}

// One leader gives one 述法 a year: a second for the same year is refused,
// one for another year, another leader or another unit is not, and a
// voided entry does not count.
func TestLawReport_OnePerLeaderPerYear(t *testing.T) {
	form := ledger.Values{"year": "2025", "leader": "张某某", "post": "镇长", "principal": "是", "form": "年终述职中述法"}
	given := func(id int64, year, leader, state string, unit int64) ledger.Record {
		return ledger.Record{ID: id, Kind: kinds.LawReportKind, UnitID: unit, State: state, Data: ledger.Values{"year": year, "leader": leader}}
	}
	step := ledger.Values{"report_date": "2026-01-08", "report_summary": "履行第一责任人职责情况"}
	for _, c := range []struct {
		name   string
		others lawReports
		want   string
	}{
		{"first of the year", lawReports{given(7, "2024", "张某某", "evaluated", 1), given(8, "2025", "王某", "reported", 1)}, ""},
		{"second of the year", lawReports{given(7, "2025", "张某某", "reported", 1)}, "已登记2025年度述法（编号 7）"},
		{"voided duplicate", lawReports{given(7, "2025", "张某某", "void", 1)}, ""},
		{"same name in another township", lawReports{given(7, "2025", "张某某", "evaluated", 2)}, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			m := newMachine(t, kinds.LawReport(), 1, form, nil)
			m.r.UnitID = 1
			m.find = append(c.others, *m.r)
			err := m.try("report", step, "2026-01-08", clerk)
			if c.want == "" && err != nil {
				t.Fatal(err)
			}
			if c.want != "" {
				ruleErr(t, err, c.want, "第一责任人职责规定")
			}
		})
	}
	m := newMachine(t, kinds.LawReport(), 1, form, nil)
	ruleErr(t, m.try("report", ledger.Values{"report_date": "2024-12-28", "report_summary": "x"}, "2026-01-08", clerk), "不能早于该年度")
	m.must("report", step, "2026-01-08", clerk)
	m.must("evaluate", ledger.Values{"rating": "好", "evaluate_date": "2026-01-10"}, "2026-01-10", clerk)
}
