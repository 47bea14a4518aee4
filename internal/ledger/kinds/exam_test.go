package kinds_test

import (
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func examForm(rows string) ledger.Values {
	return ledger.Values{"exam_type": "年度学法用法考试", "title": "2025年度镇村干部学法用法考试", "exam_date": "2025-11-20",
		"organizer": "司法所", "form": "闭卷", "full_mark": "100", "pass_mark": "60", "excellent_mark": "90", "participants": rows}
}

const examRows = `[{"name":"王一","score":"95"},{"name":"李二","score":"88.5"},{"name":"张三","score":"59.5"},{"name":"赵四","absent":"是"}]`

// The rates come from the rows: 4 on the list, 3 sat (75%), 2 reached the
// pass mark 60 (66.7%), 1 the excellence mark 90 (33.3%).
func TestExam_RatesFromTheParticipantRows(t *testing.T) {
	m := newMachine(t, kinds.Exam(), 1, examForm(examRows), nil)
	want := map[string]string{"total": "4", "sat": "3", "turnout_rate": "75.0", "pass_rate": "66.7", "excellent_rate": "33.3"}
	for f, v := range want {
		if m.r.Data[f] != v {
			t.Errorf("%s = %q, want %q", f, m.r.Data[f], v)
		}
	}
}

// Publishing the results checks every row against the exam and the unit's
// local thresholds (settings): wrong but valid-looking records are refused
// with the row and the fix.
func TestExam_PublishChecksRowsAndLocalThresholds(t *testing.T) {
	full := `[{"name":"王一","score":"95"},{"name":"李二","score":"61"}]`
	cases := []struct {
		name     string
		rows     string
		change   ledger.Values
		settings ledger.SettingValues
		note     string
		want     string // "" = published
	}{
		{"all sat and scored", full, nil, nil, "", ""},
		{"absent with a score", `[{"name":"王一","score":"95"},{"name":"李二","absent":"是","score":"70"}]`, nil, nil, "", "第2行（李二）标为缺考"},
		{"sat without a score", `[{"name":"王一","score":"95"},{"name":"李二"}]`, nil, nil, "", "第2行（李二）没有成绩"},
		{"score above the full mark", `[{"name":"王一","score":"105"}]`, nil, nil, "", "不在0至满分100之间"},
		{"pass mark below 60% of the full mark", full, ledger.Values{"pass_mark": "50"}, nil, "", "满分100的60%（60.0分）"},
		{"the unit set 50%", full, ledger.Values{"pass_mark": "50"}, ledger.SettingValues{kinds.SettingExamPassPercent: "50"}, "", ""},
		{"excellence mark below the pass mark", full, ledger.Values{"full_mark": "150", "pass_mark": "140", "excellent_mark": "135"}, nil, "", "不能低于「及格分数线」"},
		{"turnout below 100% unexplained", examRows, nil, nil, "", "参考率75.0%，低于目标100%"},
		{"turnout below 100% explained", examRows, nil, nil, "赵四因公出差，安排12月补考", ""},
		{"the unit's target is 70%", examRows, nil, ledger.SettingValues{kinds.SettingExamTurnoutTarget: "70"}, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := examForm(c.rows)
			for k, v := range c.change {
				f[k] = v
			}
			m := newMachine(t, kinds.Exam(), 1, f, nil)
			m.set = c.settings
			m.must("hold", nil, "2025-11-20", clerk)
			err := m.try("publish", ledger.Values{"publish_date": "2025-11-25", "absence_note": c.note}, "2025-11-25", clerk)
			if c.want == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.want)
		})
	}
}

// An exam is held on its date: it cannot be recorded as sat before then.
func TestExam_NotHeldBeforeItsDate(t *testing.T) {
	m := newMachine(t, kinds.Exam(), 1, examForm(examRows), nil)
	ruleErr(t, m.try("hold", nil, "2025-11-19", clerk), "不能晚于今天")
	m.must("hold", nil, "2025-11-20", clerk)
}
