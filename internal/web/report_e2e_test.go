package web

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/report"
	"fazhi/internal/store"
)

// TestE2E_ReportEditor: in headless Chromium, two tabs of 甲镇's report
// edit part 2 from the same version; the first saves, the second is
// refused with its text still in the box and the first's text shown.
// Then the published report on the public page fits a 390 px phone.
func TestE2E_ReportEditor(t *testing.T) {
	chromium := e2eChromium(t)
	e := reportEnv(t)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	shots := os.Getenv("FAZHI_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	url := reportURL(e.units["A"].ID, 2025)
	b := &browser{t: t, ctx: ctx, base: e.ts.URL, shots: shots, serverLog: &syncBuffer{}}
	b.login("clerkA", testPassword)
	b.open(url)
	b.submit(`form[action="` + url + `"] button`)
	b.location(`^` + url)
	if got := b.text("#report-status"); got != "起草" {
		b.fatalf("state %q after drafting", got)
	}
	b.screenshot("report-editor")
	b.do("scroll to part 1", chromedp.ScrollIntoView(chromedp.CSS("#s1\\.1")))
	b.screenshot("report-editor-part1")

	tab2, cancel2 := chromedp.NewContext(ctx)
	defer cancel2()
	b2 := &browser{t: t, ctx: tab2, base: e.ts.URL, shots: shots, serverLog: b.serverLog}
	b2.open(url)

	first, second := "第一个标签页写下的不足和原因。", "第二个标签页同时写下的文字，不能丢。"
	b.do("type in tab 1", chromedp.SetValue(chromedp.CSS("#body-2"), first))
	b.submit(`form[action="` + url + `/sections/2"] button`)
	if !strings.Contains(b.text("#notice"), "已保存") {
		b.fatalf("tab 1 not saved: %s", b.text("main"))
	}
	b2.do("type in tab 2", chromedp.SetValue(chromedp.CSS("#body-2"), second))
	b2.submit(`form[action="` + url + `/sections/2"] button`)
	if !strings.Contains(b2.text("#refusal"), "未保存") {
		b2.fatalf("tab 2 not refused: %s", b2.text("main"))
	}
	kept, err := chromedp.Run(tab2, chromedp.Evaluate[string](`document.querySelector("#body-2").value`))
	if err != nil || kept != second {
		b2.fatalf("tab 2's text not kept: %q %v", kept, err)
	}
	if cur := b2.text("#s2 pre.current"); cur != first {
		b2.fatalf("the text saved meanwhile is not shown: %q", cur)
	}
	b2.screenshot("report-conflict")

	// Publish through the store and read the public page at phone width.
	actx, sys := context.Background(), store.SystemActor("test")
	r := e.reportNow("A")
	e.db.ReportStep(actx, sys, r.ID, r.Status.Version, report.SendReview, report.Approval{}, "")
	e.db.AddReportCheck(actx, sys, r.ID, store.ReportCheck{Version: r.Status.Version, Findings: "[]"})
	for _, ev := range []report.Event{report.Approve, report.Publish} {
		if _, err := e.db.ReportStep(actx, sys, r.ID, r.Status.Version, ev, report.Approval{Acked: true}, ""); err != nil {
			t.Fatal(err)
		}
	}
	b.do("phone width", chromedp.EmulateViewport(390, 844))
	b.open(fmt.Sprintf("/public/reports/%d", r.ID))
	wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > 390`))
	if err != nil || wide {
		b.fatalf("the public report is wider than a 390 px phone (%v)", err)
	}
	if !strings.Contains(b.text("main"), first) {
		b.fatalf("the public report lacks the saved text")
	}
	b.screenshot("report-public-390")
}
