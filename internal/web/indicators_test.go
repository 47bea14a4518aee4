package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// indicatorEnv: the real kinds, with three legality reviews received in
// 2025 by 甲镇 and two by 乙镇.
func indicatorEnv(t *testing.T) *env {
	t.Helper()
	e := apiEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	k := e.srv.kinds.Kind("legality_review")
	for i, unit := range []string{"A", "A", "A", "B", "B"} {
		_, err := e.db.CreateRecord(ctx, sys, k, e.units[unit].ID, ledger.Values{
			"subject_type": "合同", "subject_title": fmt.Sprintf("第%d号合同审查", i+1), "department": "党政办",
			"reviewer_type": "法律顾问", "reviewer_name": "王律师", "received_date": fmt.Sprintf("2025-01-%02d", i+2)})
		if err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// apiValue reads one indicator of a unit-year from the API.
func apiValue(t *testing.T, c *apiClient, unit int64, year int, id string) float64 {
	t.Helper()
	status, body := c.call("GET", fmt.Sprintf("/api/v1/indicators?unit=%d&year=%d", unit, year), nil)
	if status != http.StatusOK {
		t.Fatalf("indicators of %d: %d %s", unit, status, body)
	}
	var s struct {
		Indicators []struct {
			ID    string  `json:"id"`
			Value float64 `json:"value"`
		} `json:"indicators"`
	}
	if err := json.Unmarshal(body, &s); err != nil {
		t.Fatal(err)
	}
	for _, v := range s.Indicators {
		if v.ID == id {
			return v.Value
		}
	}
	t.Fatalf("%s not in the API's answer", id)
	return 0
}

var receivedCell = regexp.MustCompile(`(?s)<tr data-id="legality_review.received">.*?<td class="num"><a href="([^"]+)">(\d+)</a>`)

// Without script, the county's page lists the figures the API gives, each
// a link to its records, and the townships side by side; a township's
// clerk cannot open another township's figures, page or API.
func TestIndicators_PageMatchesAPIAndScope(t *testing.T) {
	e := indicatorEnv(t)
	county, a, b := e.units["county"], e.units["A"], e.units["B"]
	insp := e.loggedIn("inspector")
	resp, body := insp.get(fmt.Sprintf("/indicators?unit=%d&year=2025", county.ID))
	if resp.StatusCode != 200 {
		t.Fatalf("county page: %d", resp.StatusCode)
	}
	m := receivedCell.FindStringSubmatch(body)
	if m == nil || m[2] != "5" || apiValue(t, e.api("inspector"), county.ID, 2025, "legality_review.received") != 5 {
		t.Fatalf("county 合法性审查 received: page %v", m)
	}
	drillPath := strings.ReplaceAll(m[1], "&amp;", "&")
	resp, drill := insp.get(drillPath)
	if resp.StatusCode != 200 || !strings.Contains(drill, `<b id="drill-count">5</b>`) || strings.Count(drill, "号合同审查") != 5 {
		t.Errorf("drill-down of the county's 5: %d %s", resp.StatusCode, drill)
	}
	if !strings.Contains(body, `id="children-table"`) || !strings.Contains(body, "甲镇") || !strings.Contains(body, "乙镇") {
		t.Error("the county page lacks its townships side by side")
	}
	clerkA := e.loggedIn("clerkA")
	if resp, _ := clerkA.get(fmt.Sprintf("/indicators?unit=%d&year=2025", b.ID)); resp.StatusCode != 404 {
		t.Errorf("甲镇's clerk opened 乙镇's figures: %d", resp.StatusCode)
	}
	if resp, _ := clerkA.get(fmt.Sprintf("/indicators?unit=%d&year=2025", county.ID)); resp.StatusCode != 404 {
		t.Errorf("甲镇's clerk opened the county's figures: %d", resp.StatusCode)
	}
	if status, body := e.api("clerkA").call("GET", "/api/v1/indicators?unit="+url.QueryEscape("乙镇")+"&year=2025", nil); status != 404 || !strings.Contains(string(body), "不在您的数据范围内") {
		t.Errorf("甲镇's clerk read 乙镇 by API: %d %s", status, body)
	}
	resp, own := clerkA.get("/indicators?year=2025") // the home unit by default
	if m := receivedCell.FindStringSubmatch(own); resp.StatusCode != 200 || m == nil || m[2] != "3" || apiValue(t, e.api("clerkA"), a.ID, 2025, "legality_review.received") != 3 {
		t.Errorf("甲镇's own page: %d %v", resp.StatusCode, m)
	}
	if status, body := e.api("clerkA").call("GET", "/api/v1/indicators?year=20x5", nil); status != 400 || !strings.Contains(string(body), "参数 year 应为") {
		t.Errorf("bad year: %d %s", status, body)
	}
	if resp, body := clerkA.get("/indicators?year=1999"); resp.StatusCode != 400 || !strings.Contains(body, "参数 year 应为") {
		t.Errorf("bad year page: %d", resp.StatusCode)
	}
	resp, empty := clerkA.get("/indicators?year=2019")
	if resp.StatusCode != 200 || !strings.Contains(empty, "甲镇2019年度没有台账记录") {
		t.Errorf("a year without records: %d", resp.StatusCode)
	}
	resp, score := insp.get(fmt.Sprintf("/indicators/assessment?unit=%d&year=2025", county.ID))
	if resp.StatusCode != 200 || !strings.Contains(score, `id="ranking"`) || !strings.Contains(score, "人工评分") {
		t.Errorf("assessment: %d", resp.StatusCode)
	}
	resp, _ = insp.get(fmt.Sprintf("/indicators/export.xlsx?unit=%d&year=2025", county.ID))
	if resp.StatusCode != 200 || !strings.Contains(resp.Header.Get("Content-Type"), "spreadsheetml") {
		t.Errorf("export: %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
}

func FuzzIndicatorParams(f *testing.F) {
	for _, s := range []string{"unit=3&year=2025", "unit=%E7%94%B2%E9%95%87&year=2025&part=numerator&page=2",
		"year=20x5", "year=-1", "part=x", "page=0", "unit=" + strings.Repeat("镇", 101), "unit=%ff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		q, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		p, errs := parseIndicatorParams(q, 2025)
		if errs != nil {
			for k, msg := range errs {
				if !strings.Contains(msg, "参数 "+k) {
					t.Errorf("message for %s does not name it: %q", k, msg)
				}
			}
			return
		}
		if p.Year < 2000 || p.Year > 2100 || p.Page < 1 || (p.Part != "" && p.Part != "numerator" && p.Part != "denominator") {
			t.Errorf("accepted %q as %+v", raw, p)
		}
	})
}

// TestE2E_IndicatorDashboard: in headless Chromium the county's charts
// render and the townships' table beside them holds the API's numbers.
func TestE2E_IndicatorDashboard(t *testing.T) {
	chromium := e2eChromium(t)
	e := indicatorEnv(t)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	shots := os.Getenv("FAZHI_E2E_SHOTS") // DIR keeps the screenshots for a person to look at
	if shots == "" {
		shots = t.TempDir()
	}
	b := &browser{t: t, ctx: ctx, base: e.ts.URL, shots: shots, serverLog: &syncBuffer{}}
	b.login("inspector", testPassword)
	b.open(fmt.Sprintf("/indicators?unit=%d&year=2025", e.units["county"].ID))
	b.do("charts drawn", chromedp.WaitVisible(chromedp.CSS(`#trend-chart[data-rendered] svg`)),
		chromedp.WaitVisible(chromedp.CSS(`#children-chart[data-rendered] svg`)))
	b.screenshot("indicators-county")
	api := e.api("inspector")
	rows := b.text("#children-table tbody")
	for _, u := range []string{"A", "B"} {
		unit := e.units[u]
		want := apiValue(t, api, unit.ID, 2025, "legality_review.received")
		var line string
		for _, l := range strings.Split(rows, "\n") {
			if strings.Contains(l, unit.Name) {
				line = l
			}
		}
		if !strings.Contains(line, fmt.Sprint(want)) {
			b.fatalf("%s's row %q lacks the API's %v", unit.Name, line, want)
		}
	}
}

// TestIndicators_DueListsTheFirstTwentyAndLinksTheBoard: the dashboard's
// table of deadlines holds the unit's earliest twenty past due or due soon
// (not every one of the subtree's, which made the page slow), and links
// the unit's board for the rest; another township's do not appear.
func TestIndicators_DueListsTheFirstTwentyAndLinksTheBoard(t *testing.T) {
	e := apiEnv(t)
	seed := func(unit, title, received string) {
		d := reviewData(title)
		d["received_date"], d["review_limit_days"] = received, "10"
		e.seed("legality_review", unit, d)
	}
	for i := range 25 {
		seed("A", fmt.Sprintf("甲镇第%02d件", i+1), fmt.Sprintf("2025-01-%02d", i+2))
	}
	seed("B", "乙镇逾期件", "2025-01-02")
	dueTable := regexp.MustCompile(`(?s)<table class="table" id="due-table">.*?</table>`)
	rowTitle := regexp.MustCompile(`<tr class="overdue">\s*<td><a href="[^"]+">([^<]+)</a>`)

	resp, body := e.loggedIn("clerkA").get("/indicators?year=2025")
	table := dueTable.FindString(body)
	if resp.StatusCode != 200 || table == "" {
		t.Fatalf("甲镇's dashboard: %d, due table %q", resp.StatusCode, table)
	}
	var titles []string
	for _, m := range rowTitle.FindAllStringSubmatch(table, -1) {
		titles = append(titles, m[1])
	}
	if len(titles) != 20 || titles[0] != "甲镇第01件" || titles[19] != "甲镇第20件" {
		t.Fatalf("甲镇's due table lists %d rows %v, want its earliest 20 (第01件 … 第20件)", len(titles), titles)
	}
	board := fmt.Sprintf(`href="/board?unit=%d"`, e.units["A"].ID)
	if !strings.Contains(body, board) || strings.Contains(table, "乙镇逾期件") {
		t.Errorf("甲镇's dashboard: want a link to its board (%s) and no 乙镇 deadline", board)
	}
	resp, body = e.loggedIn("clerkB").get("/indicators?year=2025")
	if t2 := dueTable.FindString(body); resp.StatusCode != 200 || !strings.Contains(t2, "乙镇逾期件") || strings.Contains(body, "/board?unit=") {
		t.Errorf("乙镇's dashboard (one deadline): %d, want it listed and no link to more", resp.StatusCode)
	}
}

// TestDashboard_DueListsTheFirstTwentyAndLinksTheBoard: the 工作台's
// 期限提醒 holds the reader's earliest twenty and links the board.
func TestDashboard_DueListsTheFirstTwentyAndLinksTheBoard(t *testing.T) {
	e := apiEnv(t)
	for i := range 22 {
		d := reviewData(fmt.Sprintf("甲镇第%02d件", i+1))
		d["received_date"], d["review_limit_days"] = fmt.Sprintf("2025-01-%02d", i+2), "10"
		e.seed("legality_review", "A", d)
	}
	resp, body := e.loggedIn("clerkA").get("/")
	if resp.StatusCode != 200 {
		t.Fatalf("工作台: %d", resp.StatusCode)
	}
	if n := strings.Count(body, `<tr class="overdue">`); n != 20 || !strings.Contains(body, "甲镇第20件") || strings.Contains(body, "甲镇第21件") {
		t.Errorf("工作台 lists %d overdue deadlines, want the earliest 20", n)
	}
	if !strings.Contains(body, `href="/board">还有更多`) {
		t.Error("工作台 does not link the board for the rest")
	}
}
