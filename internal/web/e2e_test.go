package web

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"fazhi/internal/access"
	"fazhi/internal/blob"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// TestE2E_MajorDecisionInTheBrowser starts the server the way `fazhi serve
// --demo` does — key file, built-in calendar, the real kinds, SQLite in a
// data directory, the demo county, web.New(...).Handler() on a TCP port —
// and drives headless Chromium through the story of issue 2: a township
// head records a major decision and takes it through public participation,
// expert review and risk assessment; putting it to collective discussion is
// refused with 《重大行政决策程序暂行条例》第二十五条 shown; the township's
// reviewer records a legality review with the opinion 合法; the head links
// it, decides and publishes, and the record shows 已公布.
func TestE2E_MajorDecisionInTheBrowser(t *testing.T) {
	chromium := e2eChromium(t)
	base, accounts, serverLog := e2eServer(t)

	ctx, cancel := e2eBrowser(t, chromium)
	defer cancel()
	// FAZHI_E2E_SHOTS=DIR keeps the screenshots for a person to look at.
	shots := os.Getenv("FAZHI_E2E_SHOTS")
	if shots == "" {
		shots = t.TempDir()
	} else if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	b := &browser{t: t, ctx: ctx, base: base, shots: shots, serverLog: serverLog}

	today := calendar.Today(nil)
	day := func(offset int) string { return today.AddDays(offset).String() }
	const title = "云溪镇集镇农贸市场提升改造方案"

	// The head of 云溪镇 records the decision and takes it through the
	// procedures before legality review.
	b.login("yunxi.head", accounts["yunxi.head"])
	b.open("/l/major_decision/new")
	b.fill("form.form", map[string]string{
		"catalogue_year": fmt.Sprint(today.Year), "catalogue_item": fmt.Sprintf("%d-09", today.Year), "title": title,
		"department": "党政办", "description": "改造集镇农贸市场，规范经营秩序，方便群众生活。",
		"outside_reason": "县政府交办的民生实事项目，已报请调整年度决策事项目录",
	})
	b.submit(`form.form button[type="submit"]`)
	decision := b.location(`^/l/major_decision/\d+$`)
	b.wantState("草案起草")

	b.step("start_comment", map[string]string{"comment_start": day(-60), "comment_channel": "镇政府网站、集镇公告栏"})
	b.wantState("公众参与")
	b.step("finish_comment", map[string]string{"comment_end": day(-25), "comment_summary": "收到意见12条，采纳8条"})
	b.wantState("专家论证与风险评估")
	b.step("expert_done", map[string]string{"expert_date": day(-22), "expert_summary": "专家组认为方案可行"})
	b.step("risk_done", map[string]string{"risk_date": day(-21), "risk_summary": "社会稳定风险等级为低"})
	b.step("submit_review", map[string]string{"review_submitted": day(-20)})
	b.wantState("合法性审查")

	meeting := map[string]string{"meeting_type": "党政联席会议", "meeting_date": day(-5), "head_last": "是",
		"dissent": "无", "decision_summary": "同意实施集镇农贸市场提升改造方案"}
	b.step("decide", meeting)
	reason, basis := b.text(".refusal .reason"), b.text(".refusal .basis")
	if !strings.Contains(basis, "《重大行政决策程序暂行条例》第二十五条") || !strings.Contains(reason, "合法性审查") {
		b.fatalf("the refusal should cite 第二十五条: reason %q, basis %q", reason, basis)
	}
	b.wantState("合法性审查")
	b.logout()

	// The township's reviewer records the legality review and finds the
	// draft lawful.
	// The review is created from the decision's page, so it is bound to
	// this decision and no other.
	b.login("yunxi.reviewer", accounts["yunxi.reviewer"])
	b.open(decision)
	b.submit(`a.bind-new`) // a link: the same click and wait for the next page
	b.location(`^/l/legality_review/new\?`)
	b.fill("form.form", map[string]string{
		"subject_title": title + "（草案）", "department": "党政办",
		"reviewer_type": "审核专班", "reviewer_name": "林一帆", "received_date": day(-20),
	})
	b.submit(`form.form button[type="submit"]`)
	review := b.location(`^/l/legality_review/\d+$`)
	b.wantState("已受理")
	b.step("start_review", nil)
	b.wantState("审查中")
	b.step("give_opinion", map[string]string{"opinion": "合法", "opinion_text": "制定主体、权限、程序和内容符合法律法规规定。",
		"opinion_date": day(-8), "adviser_opinion": "县司法局法律顾问周明远：无法律风险。"})
	b.wantState("已出具意见")
	b.logout()

	// The head links the review, decides and publishes.
	b.login("yunxi.head", accounts["yunxi.head"])
	b.open(decision + "/edit")
	b.fill("form.form", map[string]string{"review_id": strings.TrimPrefix(review, "/l/legality_review/")})
	b.submit(`form.form button[type="submit"]`)
	b.location(`^` + decision + `\?done=updated$`) // the edit is saved: the notice says so
	if links := b.text("#links"); !strings.Contains(links, title+"（草案）") {
		b.fatalf("the decision page should link the review: %q", links)
	}
	b.step("decide", meeting)
	b.wantState("集体讨论决定")
	b.step("publish", map[string]string{"publish_date": day(0), "publish_channel": "镇政府网站"})
	b.wantState("已公布")
	if h := b.text("h1"); h != title {
		b.fatalf("heading %q, want %q", h, title)
	}
	if tl := b.text("#timeline"); !strings.Contains(tl, "公布") || !strings.Contains(tl, "集体讨论决定") {
		b.fatalf("the timeline should record the decision and the publication: %q", tl)
	}
	b.screenshot("published")

	// The same pages at phone width: nothing wider than the screen.
	b.do("phone width", chromedp.EmulateViewport(390, 844))
	for _, path := range []string{decision, "/l/major_decision", "/l/major_decision/new", "/"} {
		b.open(path)
		if wide, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`)); wide {
			b.fatalf("%s is wider than a 390px phone screen", path)
		}
	}
	b.screenshot("published-phone")
}

// e2eChromium is the path of Debian's chromium, or the test is skipped —
// failed when FAZHI_REQUIRE_BROWSER=1, so CI cannot skip it silently.
func e2eChromium(t *testing.T) string {
	path, err := exec.LookPath("chromium")
	if err != nil {
		if os.Getenv("FAZHI_REQUIRE_BROWSER") == "1" {
			t.Fatalf("chromium not found and FAZHI_REQUIRE_BROWSER=1: install Debian package chromium")
		}
		t.Skip("chromium not found: install Debian package chromium (apt-get install chromium) to run the browser test")
	}
	return path
}

// e2eServer starts the server as `fazhi serve --demo` wires it and returns
// its base URL, the demo passwords by user name and the server's log.
func e2eServer(t *testing.T) (string, map[string]string, *syncBuffer) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	keyFile := filepath.Join(dir, "master.key")
	if err := secure.GenerateKeyFile(keyFile); err != nil {
		t.Fatal(err)
	}
	keys, err := secure.LoadKeyRing("file:" + keyFile)
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Builtin()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	logs := &syncBuffer{}
	log := slog.New(slog.NewTextHandler(logs, nil))
	st, err := store.Open(ctx, store.Config{DataDir: dir, Keys: keys, Blobs: blobs, Kinds: reg, Calendar: cal, Log: log})
	if err != nil {
		t.Fatal(err)
	}
	// The demo's accounts get cheap hashes: the test is about the flow, and
	// login verifies whatever parameters the stored hash names.
	hash := func(pw string) (string, error) { return access.HashPassword(pw, cheapPassword) }
	var out bytes.Buffer
	if err := demo.Seed(ctx, st, reg, cal, hash, calendar.Today(nil), &out); err != nil {
		t.Fatal(err)
	}
	accounts := map[string]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		// "  yunxi.head  <password>  负责人  …": every account, the county's
		// admin, inspector and adviser too.
		if f := strings.Fields(line); len(f) >= 2 && strings.HasPrefix(line, "  ") {
			accounts[f[0]] = f[1]
		}
	}
	if accounts["yunxi.head"] == "" || accounts["yunxi.reviewer"] == "" {
		t.Fatalf("demo accounts not printed as expected:\n%s", out.String())
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: New(DefaultConfig(), st, reg, cal, log).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() {
		shut, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shut)
		st.Close()
	})
	return "http://" + ln.Addr().String(), accounts, logs
}

// e2eBrowser starts headless Chromium with a fresh profile, nothing fetched
// from the network, and a 1366×768 window (the small desktop).
func e2eBrowser(t *testing.T, path string) (context.Context, context.CancelFunc) {
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.DisableGPU, chromedp.Headless,
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1366, 768),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.Flag("disable-extensions", true),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	// The first run starts the browser, which lives as long as the context
	// of that run: start it without the test's deadline.
	if err := chromedp.Do(bctx); err != nil {
		cancelBrowser()
		cancelAlloc()
		t.Fatalf("start %s: %v", path, err)
	}
	ctx, cancelTimeout := context.WithTimeout(bctx, 3*time.Minute)
	return ctx, func() { cancelTimeout(); cancelBrowser(); cancelAlloc() }
}

// browser is one tab of the test's Chromium with the steps of the story.
type browser struct {
	t         *testing.T
	ctx       context.Context
	base      string
	shots     string
	serverLog *syncBuffer
}

// fatalf stops the test with a screenshot of the page and the server log.
func (b *browser) fatalf(format string, args ...any) {
	b.t.Helper()
	b.screenshot("failure")
	if loc, err := chromedp.Run(b.ctx, chromedp.Location()); err == nil {
		b.t.Logf("page: %s", loc)
	}
	b.t.Logf("server log:\n%s", b.serverLog.String())
	b.t.Fatalf(format, args...)
}

func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, steps...); err != nil {
		b.fatalf("%s: %v", what, err)
	}
}

func (b *browser) screenshot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Logf("screenshot %s: %v", name, err)
		return
	}
	path := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(path, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot: %s", path)
}

func (b *browser) open(path string) {
	b.t.Helper()
	b.do("open "+path, chromedp.Navigate(b.base+path), chromedp.WaitReady(chromedp.CSS("main, body")))
}

// e2eWait bounds each wait for the page: generous, because a login hashes
// with the production argon2id cost and CI machines may be busy. It is a
// bound on waiting, not a timed assertion.
const e2eWait = 45 * time.Second

// text is the visible text of the first element matching a CSS selector.
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, e2eWait)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.fatalf("read %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// location waits until the page's path matches re and returns it.
func (b *browser) location(re string) string {
	b.t.Helper()
	rx := regexp.MustCompile(re)
	var path string
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err != nil {
			b.fatalf("location: %v", err)
		}
		path = strings.TrimPrefix(loc, b.base)
		if rx.MatchString(path) {
			return path
		}
	}
	b.fatalf("page %s, want one matching %s; page says: %.500s", path, re, b.text("main"))
	return ""
}

// fill sets the named fields of the form matching formSel, the way a user
// picks options and dates.
func (b *browser) fill(formSel string, values map[string]string) {
	b.t.Helper()
	for name, v := range values {
		sel := fmt.Sprintf(`%s [name=%q]`, formSel, name)
		b.do("fill "+name, chromedp.SetValue(chromedp.CSS(sel), v))
	}
}

// submit clicks a submit button and waits for the next page to load.
func (b *browser) submit(buttonSel string) {
	b.t.Helper()
	if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.e2eOldPage = true`)); err != nil {
		b.fatalf("mark page: %v", err)
	}
	b.do("click "+buttonSel, chromedp.Click(chromedp.CSS(buttonSel)))
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`window.e2eOldPage !== true && document.readyState === "complete"`))
		if err == nil && loaded {
			return
		}
	}
	b.fatalf("no new page after clicking %s", buttonSel)
}

// step opens a transition on the record page, fills its fields and submits.
func (b *browser) step(event string, values map[string]string) {
	b.t.Helper()
	form := fmt.Sprintf(`form[action$="/transition/%s"]`, event)
	b.do("open step "+event, chromedp.Click(chromedp.CSS(`details:has(`+form+`) > summary`)))
	b.fill(form, values)
	b.submit(form + ` button[type="submit"]`)
}

// wantState checks the record page's state badge.
func (b *browser) wantState(label string) {
	b.t.Helper()
	if got := b.text(".badge.big"); got != label {
		msg := ""
		if ok, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`!!document.querySelector(".alert, .refusal, .error")`)); ok {
			msg = b.text(".alert, .refusal, .error")
		}
		b.fatalf("state %q, want %q; the page says: %s", got, label, msg)
	}
}

func (b *browser) login(user, password string) {
	b.t.Helper()
	b.open("/login")
	b.do("log in as "+user,
		chromedp.SendKeys(chromedp.CSS("#username"), user),
		chromedp.SendKeys(chromedp.CSS("#password"), password))
	b.submit(`form[action="/login"] button[type="submit"]`)
	if path := b.location(`^/`); strings.HasPrefix(path, "/login") {
		b.fatalf("login as %s failed: %s", user, b.text("main"))
	}
}

func (b *browser) logout() {
	b.t.Helper()
	b.submit(`form[action="/logout"] button`)
	b.location(`^/(login|public)`)
}

// syncBuffer is a log buffer safe for the server's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}
