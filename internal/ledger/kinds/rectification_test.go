package kinds_test

import (
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

func rectificationForm() ledger.Values {
	return ledger.Values{"title": "K05 信访事项年末在办：失3分", "source": kinds.SourceScoring, "found_date": "2025-01-10",
		"scheme_item": "K05 信访事项年末在办", "indicator": "petition.pending", "score_year": "2024", "lost_points": "3",
		"description": "2024年末尚有3件信访事项未办结"}
}

// A problem found in scoring is assigned, rectified with evidence, and
// struck off by the county above: the township that rectified it cannot
// strike it off (or send it back) itself, nor can a township above a
// village.
func TestRectification_StruckOffOnlyByTheCountyAbove(t *testing.T) {
	m := newMachine(t, kinds.Rectification(), 1, rectificationForm(), nil)
	if c := m.clock("deadline"); c != nil {
		t.Fatalf("a deadline before the problem is assigned: %+v", c)
	}
	m.must("assign", ledger.Values{"assign_date": "2025-01-15", "department": "信访办", "deadline": "2025-03-31"}, "2025-01-15", clerk)
	if c := m.clock("deadline"); c == nil || c.Due != d("2025-03-31") {
		t.Fatalf("deadline clock %+v", m.clocks)
	}
	ruleErr(t, m.try("rectify", ledger.Values{"rectify_date": "2025-03-01", "measures": "逐件督办，已全部办结"}, "2025-03-01", clerk), "须附整改佐证材料")
	m.must("rectify", ledger.Values{"rectify_date": "2025-03-01", "measures": "逐件督办，已全部办结", "rectify_files": strings.Repeat("ab", 32)}, "2025-03-01", clerk)

	closeIn := ledger.Values{"close_date": "2025-03-10", "check_opinion": "经核查，3件均已办结，予以销号"}
	for name, a := range map[string]ledger.Actor{
		"the township itself":        {UnitID: 2, Level: access.LevelTownship, Relation: ledger.SameUnit},
		"a village below":            {UnitID: 4, Level: access.LevelVillage, Relation: ledger.BelowUnit},
		"a township above a village": {UnitID: 2, Level: access.LevelTownship, Relation: ledger.AboveUnit},
		"another county by grant":    {UnitID: 9, Level: access.LevelCounty, Relation: ledger.OtherUnit},
		"no place given":             {},
	} {
		m.actor = a
		ruleErr(t, m.try("close", closeIn, "2025-03-10", clerk), "由上级县（市、区）核查后办理")
		ruleErr(t, m.try("send_back", ledger.Values{"return_date": "2025-03-10", "return_reason": "佐证不足"}, "2025-03-10", clerk), "整改单位本身不能退回")
		if m.r.State != "rectified" {
			t.Fatalf("%s moved the record to %s", name, m.r.State)
		}
	}
	m.actor = countyAbove
	m.must("send_back", ledger.Values{"return_date": "2025-03-05", "return_reason": "缺少办结告知书"}, "2025-03-05", clerk)
	m.must("rectify", ledger.Values{"rectify_date": "2025-03-08", "measures": "补充办结告知书", "rectify_files": strings.Repeat("ab", 32) + "," + strings.Repeat("cd", 32)}, "2025-03-08", clerk)
	ruleErr(t, m.try("close", ledger.Values{"close_date": "2025-03-07", "check_opinion": "同意"}, "2025-03-10", clerk), "不能早于「整改完成日期」")
	m.must("close", closeIn, "2025-03-10", clerk)
	if m.r.State != "closed" || m.clock("deadline").Late() {
		t.Errorf("closed: %s %+v", m.r.State, m.clock("deadline"))
	}
}

func TestRectification_ScoringSourceNamesTheSchemeLine(t *testing.T) {
	f := rectificationForm()
	delete(f, "scheme_item")
	if _, errs := kinds.Rectification().Normalize(f, nil); errs["scheme_item"] == "" {
		t.Error("a problem from scoring without its scheme line accepted")
	}
	if l := kinds.Rectification().FromScore; l == nil || l.SourceValue != kinds.SourceScoring {
		t.Errorf("FromScore %+v", l)
	}
}
