package web

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// The county dashboard's Excel export holds every sheet: the figures, the
// townships side by side (each the API's number), the five-year trend,
// the ranking and the scoring whose lines link to their evidence.
func TestIndicators_ExportHasEverySheet(t *testing.T) {
	e := indicatorEnv(t)
	county, a, b := e.units["county"], e.units["A"], e.units["B"]
	resp, body := e.loggedIn("inspector").download(t, fmt.Sprintf("/indicators/export.xlsx?unit=%d&year=2025", county.ID))
	if resp.StatusCode != 200 {
		t.Fatalf("export: %d", resp.StatusCode)
	}
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "指标,各单位对比,五年趋势,考核排名,考核评分" {
		t.Fatalf("sheets %s", got)
	}
	row := func(sheet, id string) []string {
		rows, _ := f.GetRows(sheet)
		for _, r := range rows {
			if len(r) > 0 && r[0] == id {
				return r
			}
		}
		t.Fatalf("%s: no row %s", sheet, id)
		return nil
	}
	side, _ := f.GetRows("各单位对比")
	if len(side) < 2 || strings.Join(side[1][3:], ",") != "甲镇,乙镇" {
		t.Fatalf("side by side header %v", side[1])
	}
	api := e.api("inspector")
	got := row("各单位对比", "legality_review.received")
	for i, u := range []int64{a.ID, b.ID} {
		if want := apiValue(t, api, u, 2025, "legality_review.received"); got[3+i] != strconv.FormatFloat(want, 'f', -1, 64) {
			t.Errorf("side by side %v, API %v", got, want)
		}
	}
	trend, _ := f.GetRows("五年趋势")
	if strings.Join(trend[1][3:], ",") != "2021年,2022年,2023年,2024年,2025年" || strings.Join(row("五年趋势", "legality_review.received")[3:], ",") != "0,0,0,0,5" {
		t.Errorf("trend %v %v", trend[1], row("五年趋势", "legality_review.received"))
	}
	rank, _ := f.GetRows("考核排名")
	if len(rank) != 4 || rank[2][0] != "1" {
		t.Errorf("ranking %v", rank)
	}
	lines, _ := f.GetRows("考核评分")
	var linked int
	for i, r := range lines[2:] {
		if len(r) > 8 && r[8] != "" {
			ok, target, _ := f.GetCellHyperLink("考核评分", "I"+strconv.Itoa(i+3))
			if !ok || !strings.HasPrefix(target, e.ts.URL+"/indicators/") {
				t.Errorf("line %v: evidence link %q", r, target)
			}
			linked++
		}
	}
	if linked == 0 || len(lines) < 2+2*len(e.srv.scheme()) {
		t.Errorf("scoring: %d lines, %d linked", len(lines)-2, linked)
	}
}
