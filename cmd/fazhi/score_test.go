package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
)

// A county's own scheme file scores the demo townships: each line's score
// follows from the township's indicator (read back with fazhi indicators),
// the ranking is by total; a bad file is refused naming its line and
// column, by score and by serve alike.
func TestCLI_ScoreWithASchemeFile(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	year := strconv.Itoa(calendar.FromTime(time.Now().In(calendar.China)).Year)
	scheme := filepath.Join(dir, "方案.tsv")
	os.WriteFile(scheme, []byte("# 本县方案\nS1\t合法性审查\tlegality_review.received\tproportional\t100\t10\t\t按100件折算\n"+
		"S2\t年末在审\tlegality_review.pending\tdeduction\t\t5\t1\t每件扣1分\nS3\t述法\t\tmanual\t\t5\t\t人工\n"), 0o600)
	code, out := fazhi(t, "score", "--data", data, "--unit", "青山县", "--year", year, "--scheme", scheme, "--format", "json")
	var got struct {
		Ranking []struct {
			Rank  int     `json:"rank"`
			Unit  string  `json:"unit"`
			Total float64 `json:"total"`
			Max   float64 `json:"max"`
			Lines []struct {
				ID     string  `json:"id"`
				Score  float64 `json:"score"`
				ByHand bool    `json:"by_hand"`
			} `json:"lines"`
		} `json:"ranking"`
	}
	if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got.Ranking) != 3 {
		t.Fatalf("score: %d %v %.500s", code, err, out)
	}
	for i, c := range got.Ranking {
		if i > 0 && c.Total > got.Ranking[i-1].Total {
			t.Errorf("ranking out of order: %+v", got.Ranking)
		}
		if c.Max != 15 || len(c.Lines) != 3 || !c.Lines[2].ByHand {
			t.Errorf("%s: max %v lines %+v (the manual line is not in the 15 points)", c.Unit, c.Max, c.Lines)
		}
		values := map[string]float64{}
		_, js := fazhi(t, "indicators", "--data", data, "--unit", c.Unit, "--year", year)
		var sheet sheetJSON
		json.Unmarshal([]byte(strings.TrimSpace(js[strings.Index(js, "{"):])), &sheet)
		for _, v := range sheet.Indicators {
			values[v.ID] = v.Value
		}
		s1 := 10 * min(values["legality_review.received"]/100, 1)
		s2 := max(5-values["legality_review.pending"], 0)
		if !near(c.Lines[0].Score, s1) || !near(c.Lines[1].Score, s2) || !near(c.Total, s1+s2) {
			t.Errorf("%s: lines %+v total %v; from its indicators %v + %v", c.Unit, c.Lines, c.Total, s1, s2)
		}
	}
	if code, out := fazhi(t, "score", "--data", data, "--unit", "青山县", "--scheme", scheme); code != 0 || !strings.Contains(out, "名次") {
		t.Errorf("text: %d %s", code, out)
	}

	for _, c := range []struct{ file, want string }{
		{"S1\t甲\tno.such\tthreshold\t1\t10\t\t\n", "第1行「指标编号」"},
		{"# 注释\nS1\t甲\tlegality_review.total\tthreshold\t1\t10\t\t\nS2\t乙\tgrid.workers\tthreshold\t1\t10\t\t\n", "第3行「规则」"},
		{"S1\t甲\tlegality_review.total\tthreshold\tx\t10\t\t\n", "第1行「目标」"},
		{"", "没有任何项目"},
	} {
		os.WriteFile(scheme, []byte(c.file), 0o600)
		if code, out := fazhi(t, "score", "--data", data, "--unit", "青山县", "--scheme", scheme); code != 2 || !strings.Contains(out, c.want) {
			t.Errorf("scheme %q: %d %s; want %q", c.file, code, out, c.want)
		}
	}
	if code, out := fazhi(t, "serve", "--data", data, "--addr", "127.0.0.1:0", "--scheme", scheme); code != 2 || !strings.Contains(out, "没有任何项目") {
		t.Errorf("serve with a bad scheme: %d %s", code, out)
	}
	if code, out := fazhi(t, "score", "--data", data, "--unit", "青山县", "--scheme", filepath.Join(dir, "无.tsv")); code != 2 || !strings.Contains(out, "无法读取") {
		t.Errorf("missing file: %d %s", code, out)
	}
}

func near(a, b float64) bool { return a-b < 0.006 && b-a < 0.006 }
