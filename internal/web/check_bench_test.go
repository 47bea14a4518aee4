package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkCheckReportPage measures what a filter click costs once a
// report is checked: marking the findings in a township-sized report
// (about 20 KB, 200 lines) and rendering the page. Run with
// go test -run XXX -bench CheckReportPage ./internal/web
func BenchmarkCheckReportPage(b *testing.B) {
	text := strings.Repeat(checkSampleReport, 20)
	reps, err := runCheck(context.Background(), nil, []checkInput{{Name: "甲镇.txt", Data: []byte(text)}}, 0, false, true)
	if err != nil || reps[0].Result == nil {
		b.Fatal(err, reps[0].Err)
	}
	s := New(Config{Password: cheapPassword}, nil, nil, nil, nil)
	rep := reps[0]
	req := httptest.NewRequest("GET", "/check/x/1", nil)
	b.SetBytes(int64(len(text)))
	b.ReportAllocs()
	for b.Loop() {
		page := &CheckReportPage{Base: Base{Title: "审校结果"}, Name: rep.Name,
			Parts: partViews(rep.Result.Parts), Counts: countFindings(rep.Result.Findings),
			Findings: buildCheckFindings(rep.Lines, rep.Result.Findings, "", ""), Figures: figureViews(rep.Result.Figures)}
		w := httptest.NewRecorder()
		s.render(w, req, http.StatusOK, "check_report.html", page)
		if w.Code != http.StatusOK {
			b.Fatal(w.Body.String())
		}
	}
}
