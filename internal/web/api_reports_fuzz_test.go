package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"

	"fazhi/internal/report"
	"fazhi/internal/store"
)

// reportFuzzEnv is a real server with 甲镇's report in review, a clean
// 审校 run on it, and a token of its head (who may save and take every
// step).
func reportFuzzEnv(f *testing.F) (*env, *store.Report, string) {
	e := apiEnv(f)
	ctx, sys := context.Background(), store.SystemActor("test")
	rep, err := e.db.CreateReport(ctx, sys, e.units["A"].ID, 2025, report.Document{Unit: "甲镇", Year: 2025, Title: "甲镇的报告",
		Sections: []report.Section{{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: "2025年，镇政府作出重大行政决策3项。",
			Figures: []report.Figure{{ID: "major_decision.total", Value: 3, Text: "3", Sentence: "2025年，镇政府作出重大行政决策3项。"}}},
			{Key: "2", Level: 1, Title: "二、存在的不足和原因", ByPeople: true}}})
	if err != nil {
		f.Fatal(err)
	}
	if rep, err = e.db.ReportStep(ctx, sys, rep.ID, 1, report.SendReview, report.Approval{}, ""); err != nil {
		f.Fatal(err)
	}
	if err := e.db.AddReportCheck(ctx, sys, rep.ID, store.ReportCheck{Version: 1, Findings: "[]"}); err != nil {
		f.Fatal(err)
	}
	return e, rep, e.api("headA").token
}

// fuzzCall sends body with the token and fails on a 500 or on an error
// without a JSON message; it returns the status and body.
func fuzzCall(t *testing.T, e *env, tok, method, path, body string) (int, []byte) {
	if strings.ContainsFunc(path, func(r rune) bool { return r <= ' ' || r == 0x7f }) {
		t.Skip() // net/http refuses the request line before any handler
	}
	req, err := http.NewRequest(method, e.ts.URL+path, strings.NewReader(body))
	if err != nil {
		t.Skip() // not a request a client could send
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Skip()
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode >= 500 {
		t.Fatalf("%s %s %q: status %d: %s", method, path, body, resp.StatusCode, b)
	}
	if resp.StatusCode >= 400 {
		var ae apiError
		if err := json.Unmarshal(b, &ae); err != nil || ae.Message == "" || !utf8.ValidString(ae.Message) {
			t.Fatalf("%s %s %q: status %d without a JSON error: %s", method, path, body, resp.StatusCode, b)
		}
	}
	return resp.StatusCode, b
}

// FuzzAPIReportWrite sends arbitrary bodies to a section save, the
// workflow steps and 审校 of a real report, and to any section key: never
// a 500, an error is a JSON body with a message, a refused request leaves
// the report as it was, and a saved one is the next version with the text
// sent.
func FuzzAPIReportWrite(f *testing.F) {
	e, rep, tok := reportFuzzEnv(f)
	sys := store.SystemActor("test")
	for _, seed := range []struct {
		op   uint8
		key  string
		body string
	}{
		{0, "2", `{"version":1,"body":"一是培训不够。"}`}, {0, "2", `{"version":0,"body":"x"}`}, {0, "2", `{"body":"x"}`},
		{0, "2", `{"version":"1","body":"x"}`}, {0, "1", `{"version":1,"body":"2025年，镇政府作出重大行政决策4项。"}`},
		{0, "9", `{"version":1,"body":"x"}`}, {0, "..", `{"version":1}`}, {0, "2", `{"version":1,"body":"\u0000\ud800"}`},
		{0, "2", `{"version":1,"body":"` + strings.Repeat("长", 2000) + `","reason":"` + strings.Repeat("因", 600) + `"}`},
		{0, "2", `{"version":99999999999999999999}`}, {0, "2", `{"version":1,"extra":1}`}, {0, "2", "\xff\xfe"}, {0, "2", `[]`},
		{1, "", `{"event":"approve","version":1}`}, {1, "", `{"event":"approve","version":1,"acknowledge":["1:major_decision.total:3"]}`},
		{1, "", `{"event":"back","version":1,"note":"退回"}`}, {1, "", `{"event":"publish","version":1}`},
		{1, "", `{"event":"edit","version":1}`}, {1, "", `{"event":"","version":-5}`}, {1, "", `{"event":"review","version":1,"acknowledge":"x"}`},
		{1, "", `{"event":"withdraw","version":1,"note":"` + strings.Repeat("说", 600) + `"}`}, {1, "", `{"event":"approve"}`},
		{2, "", ``}, {2, "", `{}`},
	} {
		f.Add(seed.op, seed.key, seed.body)
	}
	state := func(t *testing.T) *store.Report {
		r, err := e.db.ReportByID(context.Background(), sys, rep.ID)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	f.Fuzz(func(t *testing.T, op uint8, key, body string) {
		before := state(t)
		var method, path string
		switch op % 3 {
		case 0:
			method, path = "PUT", apiReportPath(rep.ID, "/sections/"+url.PathEscape(key))
		case 1:
			method, path = "POST", apiReportPath(rep.ID, "/transitions")
		default:
			method, path = "POST", apiReportPath(rep.ID, "/check")
		}
		status, b := fuzzCall(t, e, tok, method, path, body)
		after := state(t)
		if status >= 400 {
			if after.Status != before.Status || report.PlainText(after.Doc) != report.PlainText(before.Doc) {
				t.Fatalf("%s %s %q: refused with %d but the report changed from %+v to %+v", method, path, body, status, before.Status, after.Status)
			}
			return
		}
		var d apiReportDetail
		if op%3 != 2 && (json.Unmarshal(b, &d) != nil || d.ID != rep.ID || d.Version != after.Status.Version) {
			t.Fatalf("%s %s %q: %d without the report: %s", method, path, body, status, b)
		}
		if op%3 == 0 {
			var in apiSectionBody
			json.Unmarshal([]byte(body), &in)
			idx, _ := sectionIndex(after.Doc, key)
			if after.Status.Version != before.Status.Version+1 || after.Doc.Sections[idx].Body != strings.TrimRight(strings.ReplaceAll(strings.ReplaceAll(in.Body, "\r\n", "\n"), "\r", "\n"), " \t\n") {
				t.Fatalf("PUT %q: saved v%d→v%d %q", body, before.Status.Version, after.Status.Version, after.Doc.Sections[idx].Body)
			}
		}
	})
}

// FuzzAPIReportRead sends arbitrary queries to the list and the board,
// arbitrary drafting bodies and arbitrary version references: never a 500.
func FuzzAPIReportRead(f *testing.F) {
	e, rep, tok := reportFuzzEnv(f)
	for _, seed := range []struct {
		op  uint8
		arg string
	}{
		{0, ""}, {0, "year=2025"}, {0, "unit=甲镇&year=2025"}, {0, "unit=不存在"}, {0, "year=1899"}, {0, "year=2099"}, {0, "year=%00"},
		{0, "unit=" + strings.Repeat("镇", 300)}, {1, "year=2025"}, {1, "unit=测试县&year=2026"}, {1, "year=abc"},
		{2, `{"year":2025}`}, {2, `{"unit":"乙镇","year":2025}`}, {2, `{"unit":"测试县","year":2099}`}, {2, `{"year":1e400}`},
		{2, `{"year":2025,"unit":7}`}, {2, `{}`}, {2, `null`}, {2, `{"year":2025}{}`},
		{3, "1"}, {3, "0"}, {3, "-1"}, {3, "1/diff"}, {3, "1/diff?from=0"}, {3, "1/diff?from=x"}, {3, "99999999999999999999/diff"},
	} {
		f.Add(seed.op, seed.arg)
	}
	f.Fuzz(func(t *testing.T, op uint8, arg string) {
		switch op % 4 {
		case 0:
			if status, b := fuzzCall(t, e, tok, "GET", "/api/v1/reports?"+arg, ""); status == http.StatusOK {
				var l apiReportList
				if json.Unmarshal(b, &l) != nil || l.Items == nil || l.Total != len(l.Items) {
					t.Fatalf("list %q: %s", arg, b)
				}
			}
		case 1:
			if status, b := fuzzCall(t, e, tok, "GET", "/api/v1/reports/board?"+arg, ""); status == http.StatusOK {
				var bd apiReportBoardBody
				if json.Unmarshal(b, &bd) != nil || bd.Rows == nil || bd.Year < 2000 {
					t.Fatalf("board %q: %s", arg, b)
				}
			}
		case 2:
			status, b := fuzzCall(t, e, tok, "POST", "/api/v1/reports", arg)
			if status == http.StatusCreated {
				var d apiReportDetail
				if json.Unmarshal(b, &d) != nil || d.Version != 1 || d.ID == 0 {
					t.Fatalf("draft %q: %s", arg, b)
				}
			}
		default:
			fuzzCall(t, e, tok, "GET", fmt.Sprintf("/api/v1/reports/%d/versions/%s", rep.ID, arg), "")
		}
	})
}
