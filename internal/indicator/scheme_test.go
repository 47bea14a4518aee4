package indicator_test

import (
	"context"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
)

// Townships A and B of the fixture scored by hand for 2025:
//
//	S1 支持率≥60% 10分:  A 50% → 0;  B 100% → 10
//	S2 收件按4件折算 10分: A 1件 → 2.5; B 2件 → 5
//	S3 在办每件扣2分 5分: A 0件 → 5;  B 2件 → 1
//	S4 人工评分 10分: not in the totals
//
// A 7.5 of 25, B 16 of 25: B first.
func TestScore_HandScoredTownships(t *testing.T) {
	scheme, err := indicator.ParseScheme("S1\t支持率\tt.rate\tthreshold\t60\t10\t\t\n" +
		"S2\t收件\tt.received\tproportional\t4\t10\t\t\n" +
		"S3\t在办\tt.pending\tdeduction\t\t5\t2\t\n" +
		"S4\t学法\t\tmanual\t\t10\t\t人工评分\n")
	if err != nil {
		t.Fatal(err)
	}
	e, m := testEngine(t), newMemory()
	res, _ := e.Compute(context.Background(), m, indicator.Query{UnitID: 1, From: 2025, To: 2025, Paths: m.paths})
	a := res.Score(scheme, access.Unit{ID: 2, Name: "甲镇"}, 2025)
	b := res.Score(scheme, access.Unit{ID: 3, Name: "乙镇"}, 2025)
	want := map[string][]float64{"甲镇": {0, 2.5, 5, 0}, "乙镇": {10, 5, 1, 0}}
	for _, sc := range []indicator.Scorecard{a, b} {
		for i, l := range sc.Lines {
			if l.Score != want[sc.Unit.Name][i] {
				t.Errorf("%s %s: %v points, want %v", sc.Unit.Name, l.ID, l.Score, want[sc.Unit.Name][i])
			}
		}
		if !sc.Lines[3].ByHand || sc.Max != 25 {
			t.Errorf("%s: manual line %+v, max %v", sc.Unit.Name, sc.Lines[3], sc.Max)
		}
	}
	if a.Total != 7.5 || b.Total != 16 {
		t.Errorf("totals A %v B %v, want 7.5 and 16", a.Total, b.Total)
	}
	cards := []indicator.Scorecard{a, b}
	indicator.Rank(cards)
	if cards[0].Unit.Name != "乙镇" || cards[0].Rank != 1 || cards[1].Rank != 2 {
		t.Errorf("ranking %+v", cards)
	}
}

func TestParseScheme_RefusesBadLinesInChinese(t *testing.T) {
	for name, tsv := range map[string]string{
		"seven columns":  "S1\t甲\tt.rate\tthreshold\t60\t10\t\n",
		"unknown rule":   "S1\t甲\tt.rate\taverage\t60\t10\t\t\n",
		"no target":      "S1\t甲\tt.rate\tthreshold\t\t10\t\t\n",
		"no per case":    "S1\t甲\tt.pending\tdeduction\t\t10\t\t\n",
		"negative":       "S1\t甲\tt.rate\tthreshold\t-1\t10\t\t\n",
		"duplicate":      "S1\t甲\t\tmanual\t\t10\t\t\nS1\t乙\t\tmanual\t\t10\t\t\n",
		"missing points": "S1\t甲\t\tmanual\t\t\t\t\n",
	} {
		if _, err := indicator.ParseScheme(tsv); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if len(indicator.DefaultScheme()) == 0 {
		t.Error("the default scheme is empty")
	}
}
