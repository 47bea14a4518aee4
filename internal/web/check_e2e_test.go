package web

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestE2E_CheckInTheBrowser drives headless Chromium through 报告审校: a
// township clerk uploads a report file and pastes another, opens the
// first, sees the numbering skip and 截止 marked in place, filters by
// rule (htmx swaps the findings only), and the page fits a 390px phone.
func TestE2E_CheckInTheBrowser(t *testing.T) {
	chromium := e2eChromium(t)
	base, accounts, serverLog := e2eServer(t)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	b := &browser{t: t, ctx: ctx, base: base, shots: t.TempDir(), serverLog: serverLog}

	file := filepath.Join(t.TempDir(), "甲镇2023年报告.txt")
	if err := os.WriteFile(file, []byte(checkSampleReport), 0o600); err != nil {
		t.Fatal(err)
	}
	b.login("yunxi.clerk", accounts["yunxi.clerk"])
	b.open("/check")
	b.do("choose file", chromedp.SetUploadFiles(chromedp.CSS("#check-file"), []string{file}))
	b.fill("form.check-form", map[string]string{"text": checkOtherReport})
	b.submit(`form.check-form button[type="submit"]`)
	b.location(`^/check/[\w-]+$`)
	if rows := b.count("table.check-summary tbody tr"); rows != 2 {
		b.fatalf("summary has %d rows, want 2", rows)
	}
	b.screenshot("check-summary")

	b.do("open the first report", chromedp.Click(chromedp.CSS(`table.check-summary tbody tr:first-child a`)))
	b.location(`^/check/[\w-]+/1$`)
	if got := b.text("#l4 mark"); got != "截止" {
		b.fatalf("line 4 marks %q, want 截止", got)
	}
	if got := b.text("#l9 mark"); got != "五、" {
		b.fatalf("line 9 marks %q, want 五、", got)
	}
	b.screenshot("check-report")

	// Changing the rule filter swaps the findings without a new page.
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.e2eSamePage = true`)); err != nil {
		b.fatalf("mark page: %v", err)
	}
	b.do("filter by rule", chromedp.SetValue(chromedp.CSS("#f-rule"), "numbering.skip"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("f-rule").dispatchEvent(new Event("change", {bubbles: true}))`))
	for deadline := time.Now().Add(e2eWait); b.count("#findings mark") != 1; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			b.fatalf("after filtering %d marks, want 1", b.count("#findings mark"))
		}
	}
	if same, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.e2eSamePage === true`)); !same {
		b.fatalf("the filter loaded a new page instead of swapping the findings")
	}
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.Contains(loc, "rule=numbering.skip") {
		b.fatalf("the filter is not in the address bar: %s", loc)
	}

	b.do("phone width", chromedp.EmulateViewport(390, 844))
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	for _, path := range []string{"/check", strings.TrimPrefix(loc, base), strings.TrimSuffix(strings.TrimPrefix(loc, base), "/1?rule=numbering.skip")} {
		b.open(path)
		if wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
			b.fatalf("%s is wider than a 390px phone screen", path)
		}
	}
	b.screenshot("check-phone")
}

// count is the number of elements matching a CSS selector.
func (b *browser) count(sel string) int {
	b.t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+jsString(sel)+`).length`))
	if err != nil {
		b.fatalf("count %s: %v", sel, err)
	}
	return n
}

func jsString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(s) + `"`
}
