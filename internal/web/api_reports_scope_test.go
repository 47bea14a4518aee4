package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/report"
	"fazhi/internal/store"
)

// TestAPIReport_ScopeMatrix: who may read and write 甲镇's report through
// the API, as in the editor — its clerk, reviewer and head edit, only the
// clerk and head send it to review, the county's inspector and
// administrator read it and change nothing, and 乙镇's clerk does not see
// it at all (404 on every route, the same as a report that does not
// exist).
func TestAPIReport_ScopeMatrix(t *testing.T) {
	e := reportEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	ra, err := e.db.CreateReport(ctx, sys, e.units["A"].ID, 2025, report.Document{Unit: "甲镇", Year: 2025, Title: "甲镇的报告",
		Sections: []report.Section{{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: "甲镇的正文。"}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.CreateReport(ctx, sys, e.units["B"].ID, 2025, report.Document{Unit: "乙镇", Year: 2025, Title: "乙镇的报告"}); err != nil {
		t.Fatal(err)
	}
	path := apiReportPath(ra.ID, "")
	version := func() int { return e.reportNow("A").Status.Version }

	type want struct{ read, save, review, create int }
	for _, c := range []struct {
		user string
		want want
	}{
		{"clerkB", want{http.StatusNotFound, http.StatusNotFound, http.StatusNotFound, http.StatusNotFound}},
		{"inspector", want{http.StatusOK, http.StatusForbidden, http.StatusForbidden, http.StatusForbidden}},
		{"admin", want{http.StatusOK, http.StatusForbidden, http.StatusForbidden, http.StatusForbidden}},
		{"adminA", want{http.StatusOK, http.StatusForbidden, http.StatusForbidden, http.StatusForbidden}},
		{"reviewerA", want{http.StatusOK, http.StatusOK, http.StatusForbidden, http.StatusForbidden}},
		// The head sends it to review; the clerk, next, is refused by the
		// state, not the role. Both are refused a second draft (409).
		{"headA", want{http.StatusOK, http.StatusOK, http.StatusOK, http.StatusConflict}},
		{"clerkA", want{http.StatusOK, http.StatusOK, http.StatusUnprocessableEntity, http.StatusConflict}},
	} {
		api := e.api(c.user)
		for _, rd := range []string{"", "/versions", "/versions/1", "/versions/1/diff", "/export.docx", "/figures.json", "/figures.csv"} {
			if resp, b := api.get(path + rd); resp.StatusCode != c.want.read {
				t.Errorf("%s GET %s: %d, want %d: %.200s", c.user, rd, resp.StatusCode, c.want.read, b)
			}
		}
		before := version()
		status, b := api.call("PUT", path+"/sections/1", map[string]any{"version": before, "body": c.user + "写的正文。"})
		if status != c.want.save {
			t.Errorf("%s PUT section: %d, want %d: %s", c.user, status, c.want.save, b)
		}
		if after := version(); (status == http.StatusOK) != (after == before+1) {
			t.Errorf("%s PUT section: %d, version %d → %d", c.user, status, before, after)
		}
		status, b = api.call("POST", path+"/transitions", map[string]any{"event": "review", "version": version()})
		if status != c.want.review {
			t.Errorf("%s 送审校: %d, want %d: %s", c.user, status, c.want.review, b)
		}
		if status, b = api.call("POST", "/api/v1/reports", map[string]any{"unit": "甲镇", "year": 2025}); status != c.want.create {
			t.Errorf("%s drafting 甲镇's report: %d, want %d: %s", c.user, status, c.want.create, b)
		}
		if status >= 400 {
			var ae apiError
			if json.Unmarshal(b, &ae) != nil || ae.Message == "" {
				t.Errorf("%s: refusal without a message: %s", c.user, b)
			}
		}
		// The list is the scope: 乙镇's clerk sees 乙镇's report only.
		var list apiReportList
		api.must("GET", "/api/v1/reports?year=2025", nil, http.StatusOK, &list)
		var units []string
		for _, it := range list.Items {
			units = append(units, it.Unit)
		}
		wantUnits := []string{"甲镇", "乙镇"}
		switch c.user {
		case "clerkB":
			wantUnits = []string{"乙镇"}
		case "adminA", "reviewerA", "headA", "clerkA":
			wantUnits = []string{"甲镇"}
		}
		if !slices.Equal(units, wantUnits) {
			t.Errorf("%s lists %v, want %v", c.user, units, wantUnits)
		}
	}
	// A report id that does not exist answers like one outside the scope.
	clerkB := e.api("clerkB")
	outside := clerkB.apiErr("GET", path, nil, http.StatusNotFound)
	missing := clerkB.apiErr("GET", apiReportPath(ra.ID+1000, ""), nil, http.StatusNotFound)
	if outside.Message != missing.Message || !strings.Contains(outside.Message, "数据范围") {
		t.Errorf("outside scope %q, missing %q", outside.Message, missing.Message)
	}
	for _, p := range []string{"/api/v1/reports/abc", "/api/v1/reports/0", "/api/v1/reports/-1", "/api/v1/reports/99999999999999999999"} {
		clerkB.apiErr("GET", p, nil, http.StatusNotFound)
	}
	clerkB.apiErr("GET", "/api/v1/reports?unit=甲镇", nil, http.StatusNotFound)
	clerkB.apiErr("GET", "/api/v1/reports/board?unit=甲镇", nil, http.StatusNotFound)
	// Without a token: 401.
	if status, _ := (&apiClient{e: e}).call("GET", path, nil); status != http.StatusUnauthorized {
		t.Errorf("no token: %d", status)
	}
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
