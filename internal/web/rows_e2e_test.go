package web

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestE2E_RowsInTheBrowser: with the script, 添加一行 adds a row whose
// inputs are saved, 删除 removes a row in place, and the rows shown are
// the rows saved.
func TestE2E_RowsInTheBrowser(t *testing.T) {
	chromium := e2eChromium(t)
	e := rosterEnv(t)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	shots := os.Getenv("FAZHI_E2E_SHOTS") // DIR keeps the screenshots for a person to look at
	if shots == "" {
		shots = t.TempDir()
	}
	b := &browser{t: t, ctx: ctx, base: e.ts.URL, shots: shots, serverLog: &syncBuffer{}}
	b.login("clerkA", testPassword)
	b.open("/l/roster/new")
	count := func() int {
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll("#f-people-rows tbody tr").length`))
		if err != nil {
			b.fatalf("count rows: %v", err)
		}
		return n
	}
	if n := count(); n != blankRows {
		b.fatalf("%d rows offered, want %d", n, blankRows)
	}
	if boxes, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll('#f-people-rows input[type="checkbox"]').length`)); boxes != 0 {
		b.fatalf("the script left %d 删除 boxes", boxes)
	}
	b.do("add a row", chromedp.Click(chromedp.CSS(`button[data-add-row="people"]`)))
	if n := count(); n != blankRows+1 {
		b.fatalf("%d rows after 添加一行", n)
	}
	b.fill("form.form", map[string]string{"topic": "宪法宣传周学法",
		"people.0.name": "甲", "people.0.hours": "1", "people.1.name": "乙", "people.1.hours": "2",
		"people.3.name": "丁", "people.3.hours": "4"})
	b.do("remove row 2", chromedp.Click(chromedp.CSS(`#f-people-rows tbody tr:nth-child(2) button`)))
	if n := count(); n != blankRows {
		b.fatalf("%d rows after 删除", n)
	}
	b.screenshot("rows-form")
	b.submit(`form.form button[type="submit"]`)
	b.location(`^/l/roster/\d+$`)
	b.screenshot("rows-record")
	got := b.text("table.rows tbody")
	if !strings.Contains(got, "甲") || !strings.Contains(got, "丁") || strings.Contains(got, "乙") {
		b.fatalf("saved rows: %q", got)
	}
}
