package web

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger/kinds"
)

// TestE2E_EachRolesDay walks a working day of each role of the demo county
// in headless Chromium, from login through what waits for them: the clerk
// opens public comment on a draft decision, the reviewer gives the opinion
// on a review under way, the head puts the reviewed decision to collective
// discussion; each sees what happened and what comes next. The adviser
// finds the reviews assigned to them, the inspector reads without controls
// to press, and the admin finds the day's steps at the top of the audit log.
func TestE2E_EachRolesDay(t *testing.T) {
	chromium := e2eChromium(t)
	base, accounts, serverLog := e2eServer(t)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	shots := os.Getenv("FAZHI_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: base, shots: shots, serverLog: serverLog}
	today := calendar.Today(nil).String()

	// The clerk: what waits, then public comment on the draft decision.
	b.login("yunxi.clerk", accounts["yunxi.clerk"])
	b.wantWaiting("公开征求意见")
	b.screenshot("day-clerk-dashboard")
	b.openWaiting("公开征求意见")
	if next := b.text("#next"); !strings.Contains(next, "公开征求意见（您可在下方办理）") {
		b.fatalf("the draft's next step: %q", next)
	}
	if first := b.text("#steps details.step > summary"); !strings.HasPrefix(first, "公开征求意见") {
		b.fatalf("the primary step is not first: %q", first)
	}
	b.step("start_comment", map[string]string{"comment_start": today, "comment_channel": "镇政府网站"})
	b.wantState("公众参与")
	b.wantNotice("已办理「公开征求意见」，记录现为「公众参与」。")
	if next := b.text("#next"); !strings.Contains(next, "结束征求意见") {
		b.fatalf("after opening comment the page says: %q", next)
	}
	b.screenshot("day-clerk-after")
	b.logout()

	// The reviewer: the reviews under way, one given its opinion.
	b.login("yunxi.reviewer", accounts["yunxi.reviewer"])
	b.wantWaiting("出具审查意见")
	b.openWaiting("出具审查意见")
	if next := b.text("#next"); !strings.Contains(next, "出具审查意见（您可在下方办理）") || !strings.Contains(next, "期限") {
		b.fatalf("the review's next step: %q", next)
	}
	b.step("give_opinion", map[string]string{"opinion": "合法", "opinion_text": "主体、权限、程序和内容符合规定。", "opinion_date": today})
	b.wantState("已出具意见")
	b.wantNotice("已办理「出具审查意见」，记录现为「已出具意见」。")
	if next := b.text("#next"); !strings.Contains(next, "最终状态") {
		b.fatalf("a final review says: %q", next)
	}
	if n := b.count(`a[href$="/edit"]`); n != 0 {
		b.fatalf("a final record offers editing")
	}
	b.screenshot("day-reviewer-after")
	b.logout()

	// The head: the decision reviewed and waiting for collective discussion.
	b.login("yunxi.head", accounts["yunxi.head"])
	b.wantWaiting("集体讨论决定")
	b.openWaiting("集体讨论决定")
	decision := b.location(`^/l/major_decision/\d+$`)
	if next := b.text("#next"); !strings.HasPrefix(next, "待负责人集体讨论决定（您可在下方办理）") {
		b.fatalf("the decision's next step: %q", next)
	}
	if first := b.text("#steps details.step > summary"); !strings.HasPrefix(first, "集体讨论决定") {
		b.fatalf("the primary step is not first: %q", first)
	}
	if n := b.count(`#steps > details.more details.step`); n == 0 {
		b.fatalf("going back or terminating should be folded under 其他操作")
	}
	b.step("decide", map[string]string{"meeting_type": "党政联席会议", "meeting_date": today, "head_last": "是",
		"dissent": "无", "decision_summary": "同意实施"})
	b.wantState("集体讨论决定")
	b.wantNotice("已办理「集体讨论决定」，记录现为「集体讨论决定」。")
	if next := b.text("#next"); !strings.Contains(next, "公布决策") {
		b.fatalf("after the decision the page says: %q", next)
	}
	b.screenshot("day-head-after")
	b.logout()

	// The adviser: the dashboard lists what is assigned (or says nothing is).
	b.login("adviser", accounts["adviser"])
	b.open("/") // login lands on the to-do list; the dashboard repeats what waits
	if w := b.text("#waiting"); !strings.HasPrefix(w, "待我办理") {
		b.fatalf("the adviser's dashboard: %q", w)
	}
	b.logout()

	// The inspector reads the decision: no step, upload, clock or edit control.
	b.login("inspector", accounts["inspector"])
	b.open(decision)
	for _, sel := range []string{`form[action$="/files"]`, `.clock-form`, `details.step`, `a[href$="/edit"]`, `#corrections`} {
		if n := b.count(sel); n != 0 {
			b.fatalf("the inspector is shown %d %s", n, sel)
		}
	}
	if w := b.text("#next"); w == "" {
		b.fatalf("no next-step sentence for the inspector")
	}
	b.screenshot("day-inspector")
	b.logout()

	// The admin: the day's steps, newest first, in the audit log.
	b.login("admin", accounts["admin"])
	b.open("/admin/audit?action=transition")
	if first := b.text("table.audit tbody tr"); !strings.Contains(first, "集体讨论决定") || !strings.Contains(first, "吴志远") {
		b.fatalf("the newest step in the audit log: %q", first)
	}
	b.screenshot("day-admin-audit")
}

// TestE2E_PhoneWidth: at 360 px no list, form or record page of any kind is
// wider than the screen, and tables read as cards; at 1366×768 (the small
// desktop) none is wider than the window either, lists are tables, and each
// form's save button and each record's state are on the page.
func TestE2E_PhoneWidth(t *testing.T) {
	chromium := e2eChromium(t)
	base, accounts, serverLog := e2eServer(t)
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	records := seedEveryKind(t, base, accounts, reg)
	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	shots := os.Getenv("FAZHI_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	}
	b := &browser{t: t, ctx: ctx, base: base, shots: shots, serverLog: serverLog}
	b.login("yunxi.head", accounts["yunxi.head"])
	b.do("phone width", chromedp.EmulateViewport(360, 740))
	pages := []string{"/", "/check", "/admin/audit", "/docs/api"}
	for _, k := range reg.Kinds() {
		pages = append(pages, "/l/"+k.Name, "/l/"+k.Name+"/new")
		if p := records[k.Name]; p != "" {
			pages = append(pages, p)
		}
	}
	b.logout()
	b.login("admin", accounts["admin"])
	for _, path := range pages {
		b.open(path)
		if wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
			b.screenshot("too-wide")
			w, _ := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
			b.fatalf("%s is %d px wide on a 360 px screen", path, w)
		}
		if strings.HasPrefix(path, "/l/") && strings.Count(path, "/") == 2 {
			if d, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`(function(){var h=document.querySelector("#table thead");return h?getComputedStyle(h).display:"none"})()`)); d != "none" {
				b.fatalf("%s: the list's table header is shown on a phone (display %s): rows should be cards", path, d)
			}
		}
	}
	b.screenshot("phone-last")

	b.do("desktop width", chromedp.EmulateViewport(1366, 768))
	for _, path := range pages {
		b.open(path)
		if wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`)); wide {
			b.screenshot("too-wide-desktop")
			b.fatalf("%s is wider than a 1366 px window", path)
		}
		var probe, what string
		switch {
		case strings.HasSuffix(path, "/new"):
			probe, what = `(function(){var f=document.querySelector("form.record-form, form[method=post]");var btn=f&&f.querySelector("button[type=submit], button:not([type])");if(!btn)return "";var r=btn.getBoundingClientRect();return r.width>0&&r.height>0?"ok":""})()`, "a visible save button"
		case strings.HasPrefix(path, "/l/") && strings.Count(path, "/") == 2:
			probe, what = `(function(){var h=document.querySelector("#table thead");return h&&getComputedStyle(h).display!=="none"?"ok":(document.querySelector("#table")?"":"ok")})()`, "its list as a table"
		case strings.HasPrefix(path, "/l/"):
			probe, what = `(function(){var n=document.querySelector("#next");return n&&n.getBoundingClientRect().height>0?"ok":""})()`, "where it stands (#next)"
		default:
			continue
		}
		if got, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](probe)); got != "ok" {
			b.screenshot("desktop-missing")
			b.fatalf("%s at 1366×768 lacks %s", path, what)
		}
	}
	b.screenshot("desktop-last")
}

// wantWaiting checks the dashboard's 待我办理 lists a step.
func (b *browser) wantWaiting(step string) {
	b.t.Helper()
	b.open("/")
	if w := b.text("#waiting"); !strings.Contains(w, step) {
		b.fatalf("待我办理 lacks %s: %q", step, w)
	}
}

// openWaiting opens the first record of 待我办理 waiting for step.
func (b *browser) openWaiting(step string) {
	b.t.Helper()
	b.submit(`#waiting tr:has(b[data-step=` + jsString(step) + `]) a`)
}

// wantNotice checks the notice after an action.
func (b *browser) wantNotice(want string) {
	b.t.Helper()
	if got := b.text("#notice"); got != want {
		b.fatalf("notice %q, want %q", got, want)
	}
}
