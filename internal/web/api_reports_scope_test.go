package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/ledger/kinds"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// The report API's scope and role matrix: every report route, called by
// every role of 甲镇, the county's inspector and administrator, a legal
// adviser of 甲镇 with a grant to 乙镇 and 乙镇's clerk, on 甲镇's report
// ("own") and on 乙镇's ("other"). As in the editor:
//
//   - another township's report does not exist for the caller: 404, and
//     lists and the board do not show it;
//   - 录入员, 审核员 and 负责人 edit; 录入员 and 负责人 draft and send to
//     review; 审校 is also the legal adviser's;
//   - the county's 督察员 and 管理员 read every township's and change
//     nothing (403);
//   - a second draft of the same unit and year is 409 for whoever may draft.
//
// Cells: a status, or for the list and the board "show" (200 and the
// report is there) and "hide".
var reportMatrixUsers = []string{"clerkA", "reviewerA", "adviserA", "headA", "adminA", "inspector", "admin", "adviserAB", "clerkB"}

type reportMatrixRow struct {
	route      string // method and pattern, as in apiRouteTable
	own, other string // one cell per reportMatrixUsers column
	do         func(c *reportCell) int
}

var reportMatrix = []reportMatrixRow{
	//                                                   clerkA reviewerA adviserA headA adminA inspector admin adviserAB clerkB
	{"GET /api/v1/reports", "show show show show show show show show 404", "404 404 404 404 404 show show show show", nil},
	{"GET /api/v1/reports/board", "show show show show show show show show 404", "404 404 404 404 404 show show show show", nil},
	{"GET /api/v1/reports/{id}", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("")},
	{"GET /api/v1/reports/{id}/versions", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/versions")},
	{"GET /api/v1/reports/{id}/versions/{n}", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/versions/1")},
	{"GET /api/v1/reports/{id}/versions/{n}/diff", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/versions/1/diff")},
	{"GET /api/v1/reports/{id}/export.docx", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/export.docx")},
	{"GET /api/v1/reports/{id}/export.pdf", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/export.pdf")},
	{"GET /api/v1/reports/{id}/figures.json", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/figures.json")},
	{"GET /api/v1/reports/{id}/figures.csv", "200 200 200 200 200 200 200 200 404", "404 404 404 404 404 200 200 200 200", reportGet("/figures.csv")},
	{"PUT /api/v1/reports/{id}/sections/{key}", "200 200 403 200 403 403 403 403 404", "404 404 404 404 404 403 403 403 200", reportSave},
	{"POST /api/v1/reports/{id}/check", "200 200 200 200 403 403 403 200 404", "404 404 404 404 404 403 403 200 200", reportCheckCell},
	{"POST /api/v1/reports/{id}/transitions", "200 403 403 200 403 403 403 403 404", "404 404 404 404 404 403 403 403 200", reportReview},
	{"POST /api/v1/reports", "409 403 403 409 403 403 403 403 404", "404 404 404 404 404 403 403 403 409", reportCreateCell},
}

// reportCell is one call on one unit's report.
type reportCell struct {
	api  *apiClient
	rep  *store.Report // as it is before the call
	unit string        // its unit's name
}

func reportGet(suffix string) func(c *reportCell) int {
	return func(c *reportCell) int {
		resp, b := c.api.get(apiReportPath(c.rep.ID, suffix))
		if resp.StatusCode == http.StatusServiceUnavailable && strings.Contains(string(b), "LibreOffice") {
			if _, err := exec.LookPath("soffice"); err != nil {
				return http.StatusOK // the PDF is converted when LibreOffice is installed; here it is not
			}
		}
		return resp.StatusCode
	}
}

func reportSave(c *reportCell) int {
	status, _ := c.api.call("PUT", apiReportPath(c.rep.ID, "/sections/1"), map[string]any{"version": c.rep.Status.Version, "body": c.api.user + "写的正文。"})
	return status
}

func reportCheckCell(c *reportCell) int {
	status, _ := c.api.call("POST", apiReportPath(c.rep.ID, "/check"), nil)
	return status
}

func reportReview(c *reportCell) int {
	status, _ := c.api.call("POST", apiReportPath(c.rep.ID, "/transitions"), map[string]any{"event": "review", "version": c.rep.Status.Version})
	return status
}

func reportCreateCell(c *reportCell) int {
	status, _ := c.api.call("POST", "/api/v1/reports", map[string]any{"unit": c.unit, "year": 2025})
	return status
}

// reportListed: "show" when the list (or the board) of the report's unit
// has the report.
func reportListed(c *reportCell, board bool) string {
	var ids []int64
	var status int
	var b []byte
	if board {
		status, b = c.api.call("GET", "/api/v1/reports/board?year=2025&unit="+url.QueryEscape(c.unit), nil)
		var bd apiReportBoardBody
		json.Unmarshal(b, &bd)
		for _, r := range bd.Rows {
			ids = append(ids, r.ReportID)
		}
	} else {
		status, b = c.api.call("GET", "/api/v1/reports?year=2025&unit="+url.QueryEscape(c.unit), nil)
		var l apiReportList
		json.Unmarshal(b, &l)
		for _, r := range l.Items {
			ids = append(ids, r.ID)
		}
	}
	switch {
	case status != http.StatusOK:
		return strconv.Itoa(status)
	case slices.Contains(ids, c.rep.ID):
		return "show"
	}
	return "hide"
}

// TestAPIReport_ScopeMatrix checks every row of reportMatrix; a refused
// call leaves the report as it was.
func TestAPIReport_ScopeMatrix(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg, func(c *Config) { c.ReportSections = kinds.ReportSections() })
	e.addAdvisers()
	e.at("2026-01-15")
	ctx, sys := context.Background(), store.SystemActor("test")
	reps := map[string]*store.Report{}
	for _, u := range []string{"A", "B"} {
		r, err := e.db.CreateReport(ctx, sys, e.units[u].ID, 2025, report.Document{Unit: e.units[u].Name, Year: 2025, Title: e.units[u].Name + "的报告",
			Sections: []report.Section{{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: e.units[u].Name + "的正文。"}}})
		if err != nil {
			t.Fatal(err)
		}
		reps[u] = r
	}
	apis := map[string]*apiClient{}
	for _, u := range reportMatrixUsers {
		apis[u] = e.api(u)
	}
	for _, row := range reportMatrix {
		for _, side := range []struct{ unit, name, line string }{{"A", "own", row.own}, {"B", "other", row.other}} {
			want := strings.Fields(side.line)
			if len(want) != len(reportMatrixUsers) {
				t.Fatalf("row %q has %d cells for %d users", row.route, len(want), len(reportMatrixUsers))
			}
			for i, user := range reportMatrixUsers {
				before, err := e.db.ReportByID(ctx, sys, reps[side.unit].ID)
				if err != nil {
					t.Fatal(err)
				}
				c := &reportCell{api: apis[user], rep: before, unit: e.units[side.unit].Name}
				var got string
				if row.do != nil {
					got = strconv.Itoa(row.do(c))
				} else {
					got = reportListed(c, strings.Contains(row.route, "board"))
				}
				if got != want[i] {
					t.Errorf("%-45s %-9s %-5s (report of %s): got %s, want %s", row.route, user, side.name, side.unit, got, want[i])
				}
				after, err := e.db.ReportByID(ctx, sys, before.ID)
				if err != nil {
					t.Fatal(err)
				}
				if (got == "403" || got == "404" || got == "409") && (after.Status != before.Status || report.PlainText(after.Doc) != report.PlainText(before.Doc)) {
					t.Errorf("%s by %s was refused with %s but changed the report: %+v → %+v", row.route, user, got, before.Status, after.Status)
				}
				if after.Status.State == report.Reviewing { // back to drafting for the next caller
					if _, err := e.db.ReportStep(ctx, sys, after.ID, after.Status.Version, report.SendBack, report.Approval{}, ""); err != nil {
						t.Fatal(err)
					}
				}
			}
		}
	}

	// A report that does not exist answers like one outside the scope.
	clerkB := apis["clerkB"]
	outside := clerkB.apiErr("GET", apiReportPath(reps["A"].ID, ""), nil, http.StatusNotFound)
	missing := clerkB.apiErr("GET", apiReportPath(reps["A"].ID+1000, ""), nil, http.StatusNotFound)
	if outside.Message != missing.Message || !strings.Contains(outside.Message, "数据范围") {
		t.Errorf("outside scope %q, missing %q", outside.Message, missing.Message)
	}
	for _, p := range []string{"/api/v1/reports/abc", "/api/v1/reports/0", "/api/v1/reports/-1", "/api/v1/reports/99999999999999999999"} {
		clerkB.apiErr("GET", p, nil, http.StatusNotFound)
	}
	// Without a token: 401.
	if status, _ := (&apiClient{e: e}).call("GET", apiReportPath(reps["A"].ID, ""), nil); status != http.StatusUnauthorized {
		t.Errorf("no token: %d", status)
	}
}

// hasReportRow: the report route has a row in reportMatrix.
func hasReportRow(route string) bool {
	return slices.ContainsFunc(reportMatrix, func(r reportMatrixRow) bool { return r.route == route })
}

// TestAPIReport_FiftyConcurrentSaves: 50 clients save the same section
// from the same version at once — exactly one wins, 49 are told who saved
// meanwhile, and the text kept is the winner's. Then 50 clients each add
// their own paragraph, re-reading and retrying after each 409: every
// version has exactly one author and no paragraph is lost.
func TestAPIReport_FiftyConcurrentSaves(t *testing.T) {
	e := reportEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	rep, err := e.db.CreateReport(ctx, sys, e.units["A"].ID, 2025, report.Document{Unit: "甲镇", Year: 2025, Title: "甲镇的报告",
		Sections: []report.Section{{Key: "2", Level: 1, Title: "二、存在的不足和原因", ByPeople: true}}})
	if err != nil {
		t.Fatal(err)
	}
	path := apiReportPath(rep.ID, "/sections/2")
	clerk := e.api("clerkA")
	const n = 50
	var wg sync.WaitGroup
	var mu sync.Mutex
	codes := map[int]int{}
	winner := ""
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			body := fmt.Sprintf("第%d人的文字。", i)
			status, b := clerk.call("PUT", path, map[string]any{"version": 1, "body": body})
			mu.Lock()
			defer mu.Unlock()
			codes[status]++
			switch status {
			case http.StatusOK:
				winner = body
			case http.StatusConflict:
				if !strings.Contains(string(b), "未保存：您编辑的是第1版") || !strings.Contains(string(b), "保存了第2版") {
					t.Errorf("409 without the reason: %s", b)
				}
			}
		}()
	}
	wg.Wait()
	if codes[http.StatusOK] != 1 || codes[http.StatusConflict] != n-1 {
		t.Fatalf("status counts: %v", codes)
	}
	if cur := e.reportNow("A"); cur.Status.Version != 2 || cur.Doc.Sections[0].Body != winner {
		t.Fatalf("kept v%d %q, the winner wrote %q", cur.Status.Version, cur.Doc.Sections[0].Body, winner)
	}

	// Each adds a paragraph, merging with what is saved after a 409.
	conflicts := 0
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mine := fmt.Sprintf("第%d条补充。", i)
			for attempt := 0; ; attempt++ {
				if attempt > 10*n {
					t.Errorf("%s: not saved after %d attempts", mine, attempt)
					return
				}
				var v apiReportVersions
				clerk.must("GET", apiReportPath(rep.ID, "/versions"), nil, http.StatusOK, &v)
				var cur apiReportVersion
				clerk.must("GET", apiReportPath(rep.ID, fmt.Sprintf("/versions/%d", v.Items[0].Version)), nil, http.StatusOK, &cur)
				status, b := clerk.call("PUT", path, map[string]any{"version": cur.Version, "body": cur.Document.Sections[0].Body + "\n" + mine})
				if status == http.StatusOK {
					return
				}
				if status != http.StatusConflict {
					t.Errorf("%s: %d %s", mine, status, b)
					return
				}
				mu.Lock()
				conflicts++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	vs, err := e.db.ReportVersions(ctx, sys, rep.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != n+2 {
		t.Fatalf("%d versions, want %d (one per successful save)", len(vs), n+2)
	}
	for i, v := range vs {
		if v.Version != n+2-i {
			t.Fatalf("versions are not 1…%d without a gap: %d at %d", n+2, v.Version, i)
		}
	}
	final := vs[0].Doc.Sections[0].Body
	for i := range n {
		if strings.Count(final, fmt.Sprintf("第%d条补充。", i)) != 1 {
			t.Errorf("paragraph %d lost or doubled in the final text", i)
		}
	}
	if !strings.HasPrefix(final, winner+"\n") {
		t.Errorf("the first winner's text is lost: %.80q", final)
	}
	t.Logf("%d concurrent appends, %d refused as stale and retried", n, conflicts)
}

// TestAPIReport_CookieWritesNeedTheCSRFHeader: the browser's session may
// save a section through the API only with X-CSRF-Token; a bearer token
// needs none.
func TestAPIReport_CookieWritesNeedTheCSRFHeader(t *testing.T) {
	e := reportEnv(t)
	rep, err := e.db.CreateReport(context.Background(), store.SystemActor("test"), e.units["A"].ID, 2025,
		report.Document{Unit: "甲镇", Year: 2025, Sections: []report.Section{{Key: "2", Level: 1, Title: "二"}}})
	if err != nil {
		t.Fatal(err)
	}
	c := e.loggedIn("clerkA")
	put := func(version int, hdr ...string) int {
		req, _ := http.NewRequest("PUT", e.ts.URL+apiReportPath(rep.ID, "/sections/2"), strings.NewReader(fmt.Sprintf(`{"version":%d,"body":"会话保存"}`, version)))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		resp, _ := c.do(req)
		return resp.StatusCode
	}
	if s := put(1); s != http.StatusForbidden {
		t.Errorf("without the CSRF header: %d", s)
	}
	if s := put(1, csrfHeader, c.csrf, "Sec-Fetch-Site", "cross-site"); s != http.StatusForbidden {
		t.Errorf("cross-site: %d", s)
	}
	if v := e.reportNow("A").Status.Version; v != 1 {
		t.Fatalf("a refused cookie write saved: v%d", v)
	}
	if s := put(1, csrfHeader, c.csrf); s != http.StatusOK {
		t.Errorf("with the CSRF header: %d", s)
	}
	e.api("clerkA").must("PUT", apiReportPath(rep.ID, "/sections/2"), map[string]any{"version": 2, "body": "令牌保存"}, http.StatusOK, nil)
}
