package web

import (
	"bufio"
	"crypto/rand"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger/kinds"
)

// TestE2E_Firefox runs the phone-width check and a clerk's step in Debian's
// Firefox ESR, driven through WebDriver BiDi (Firefox's own remote protocol:
// no driver program, no Go dependency — a minimal WebSocket client below).
// Skipped when firefox-esr is not installed; FAZHI_REQUIRE_FIREFOX=1 fails
// instead.
func TestE2E_Firefox(t *testing.T) {
	path, err := exec.LookPath("firefox-esr")
	if err != nil {
		if os.Getenv("FAZHI_REQUIRE_FIREFOX") == "1" {
			t.Fatal("firefox-esr not found and FAZHI_REQUIRE_FIREFOX=1: install Debian package firefox-esr")
		}
		t.Skip("firefox-esr not found: install Debian package firefox-esr (apt-get install firefox-esr) to run the pages in Firefox too")
	}
	base, accounts, serverLog := e2eServer(t)
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	records := seedEveryKind(t, base, accounts, reg)
	ff := startFirefox(t, path)
	ff.log, ff.base = serverLog, base

	ff.login("yunxi.clerk", accounts["yunxi.clerk"])
	ff.viewport(360, 740)
	pages := []string{"/"}
	for _, k := range reg.Kinds() {
		pages = append(pages, "/l/"+k.Name, "/l/"+k.Name+"/new")
		if p := records[k.Name]; p != "" {
			pages = append(pages, p)
		}
	}
	for _, p := range pages {
		ff.open(base + p)
		w, vw := ff.evalInt(`document.documentElement.scrollWidth`), ff.evalInt(`window.innerWidth`)
		if vw != 360 || w <= 0 {
			t.Fatalf("Firefox: %s: viewport %d px, page %d px: the phone width was not applied", p, vw, w)
		}
		if w > vw {
			t.Errorf("Firefox: %s is %d px wide on a 360 px screen", p, w)
		}
	}

	// The clerk's step: public comment on the draft decision, then the
	// notice and the next step.
	ff.viewport(1366, 768)
	ff.open(base + "/")
	ff.waitFor(`!!document.querySelector('#waiting tr:has(b[data-step="公开征求意见"]) a')`)
	ff.eval(`document.querySelector('#waiting tr:has(b[data-step="公开征求意见"]) a').click()`)
	ff.waitFor(`location.pathname.startsWith("/l/major_decision/") && document.readyState === "complete" && !!document.querySelector('form[action$="/transition/start_comment"]')`)
	today := calendar.Today(nil).String()
	ff.eval(`(function(){var f=document.querySelector('form[action$="/transition/start_comment"]');
		f.querySelector('[name=comment_start]').value=` + jsString(today) + `;
		f.querySelector('[name=comment_channel]').value="镇政府网站";
		window.ffOld=true; f.requestSubmit(); return true})()`)
	ff.waitFor(`window.ffOld !== true && document.readyState === "complete" && !!document.querySelector("#notice")`)
	if got := ff.evalString(`document.querySelector("#notice").textContent.trim()`); got != "已办理「公开征求意见」，记录现为「公众参与」。" {
		t.Errorf("Firefox: notice %q", got)
	}
	if got := ff.evalString(`document.querySelector("#next").textContent`); !strings.Contains(got, "结束征求意见") {
		t.Errorf("Firefox: next step %q", got)
	}
}

// firefox is one headless Firefox driven over WebDriver BiDi.
type firefox struct {
	t       *testing.T
	ws      *wsConn
	context string
	id      int
	log     *syncBuffer
	base    string // the test server
}

func startFirefox(t *testing.T, path string) *firefox {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	profile := t.TempDir()
	// Nothing fetched from the network: no updates, telemetry or start page.
	prefs := `user_pref("app.update.disabledForTesting", true);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.homepage_override.mstone", "ignore");
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("network.captive-portal-service.enabled", false);
user_pref("browser.safebrowsing.update.enabled", false);
`
	if err := os.WriteFile(filepath.Join(profile, "user.js"), []byte(prefs), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(path, "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port", fmt.Sprint(port), "about:blank")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	ready := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if strings.Contains(sc.Text(), "WebDriver BiDi listening") {
				ready <- true
			}
		}
	}()
	select {
	case <-ready:
	case <-time.After(e2eWait):
		t.Fatal("firefox-esr did not start its remote protocol")
	}
	ws, err := dialWS(fmt.Sprintf("127.0.0.1:%d", port), "/session")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ws.c.Close() })
	f := &firefox{t: t, ws: ws}
	f.call("session.new", map[string]any{"capabilities": map[string]any{}})
	var tree struct {
		Contexts []struct{ Context string }
	}
	f.callInto("browsingContext.getTree", map[string]any{}, &tree)
	if len(tree.Contexts) == 0 {
		t.Fatal("Firefox has no browsing context")
	}
	f.context = tree.Contexts[0].Context
	return f
}

func (f *firefox) call(method string, params any) json.RawMessage {
	f.t.Helper()
	f.id++
	msg, _ := json.Marshal(map[string]any{"id": f.id, "method": method, "params": params})
	if err := f.ws.write(msg); err != nil {
		f.t.Fatalf("%s: %v", method, err)
	}
	for {
		b, err := f.ws.read()
		if err != nil {
			f.t.Fatalf("%s: %v", method, err)
		}
		var r struct {
			Type    string
			ID      int
			Result  json.RawMessage
			Error   string
			Message string
		}
		if err := json.Unmarshal(b, &r); err != nil || r.ID != f.id {
			continue // an event, or an answer to something else
		}
		if r.Type == "error" {
			f.t.Fatalf("Firefox %s: %s %s", method, r.Error, r.Message)
		}
		return r.Result
	}
}

func (f *firefox) callInto(method string, params, out any) {
	f.t.Helper()
	if err := json.Unmarshal(f.call(method, params), out); err != nil {
		f.t.Fatalf("%s: %v", method, err)
	}
}

func (f *firefox) open(url string) {
	f.t.Helper()
	f.call("browsingContext.navigate", map[string]any{"context": f.context, "url": url, "wait": "complete"})
}

func (f *firefox) viewport(w, h int) {
	f.t.Helper()
	f.call("browsingContext.setViewport", map[string]any{"context": f.context, "viewport": map[string]int{"width": w, "height": h}})
}

// eval runs a JavaScript expression in the page and returns its value.
func (f *firefox) eval(expr string) json.RawMessage {
	f.t.Helper()
	var r struct {
		Type   string
		Result struct {
			Type  string
			Value json.RawMessage
		}
		ExceptionDetails *struct{ Text string } `json:"exceptionDetails"`
	}
	f.callInto("script.evaluate", map[string]any{"expression": expr, "target": map[string]string{"context": f.context}, "awaitPromise": false}, &r)
	if r.ExceptionDetails != nil {
		f.t.Fatalf("Firefox: %s: %s", expr, r.ExceptionDetails.Text)
	}
	return r.Result.Value
}

func (f *firefox) evalInt(expr string) int {
	var n int
	json.Unmarshal(f.eval(expr), &n)
	return n
}

func (f *firefox) evalString(expr string) string {
	var s string
	json.Unmarshal(f.eval(expr), &s)
	return s
}

// waitFor polls a condition, bounded like the Chromium helpers (a bound on
// waiting, not a timed assertion).
func (f *firefox) waitFor(cond string) {
	f.t.Helper()
	for deadline := time.Now().Add(e2eWait); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if string(f.eval(`!!(`+cond+`)`)) == "true" {
			return
		}
	}
	f.t.Logf("server log:\n%s", f.log.String())
	f.t.Fatalf("Firefox: waited for %s; page %s", cond, f.evalString(`location.href`))
}

func (f *firefox) login(user, password string) {
	f.t.Helper()
	f.open(f.base + "/login")
	f.eval(`(function(){document.querySelector("#username").value=` + jsString(user) + `;
		document.querySelector("#password").value=` + jsString(password) + `;
		document.querySelector('form[action="/login"]').requestSubmit(); return true})()`)
	f.waitFor(`location.pathname !== "/login" && document.readyState === "complete"`)
}

// wsConn is a minimal WebSocket client (RFC 6455): text frames, masked
// writes, fragmented reads, pings answered.
type wsConn struct {
	c net.Conn
	r *bufio.Reader
}

func dialWS(addr, path string) (*wsConn, error) {
	c, err := net.Dial("tcp", addr)
	if err != nil {
		return nil, err
	}
	key := make([]byte, 16)
	rand.Read(key)
	req := "GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
		"Sec-WebSocket-Key: " + base64.StdEncoding.EncodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n\r\n"
	if _, err := io.WriteString(c, req); err != nil {
		return nil, err
	}
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusSwitchingProtocols {
		return nil, fmt.Errorf("websocket handshake: %s", resp.Status)
	}
	return &wsConn{c: c, r: r}, nil
}

func (w *wsConn) write(p []byte) error { return w.frame(0x1, p) }

func (w *wsConn) frame(op byte, p []byte) error {
	hdr := []byte{0x80 | op}
	switch n := len(p); {
	case n < 126:
		hdr = append(hdr, 0x80|byte(n))
	case n < 1<<16:
		hdr = append(hdr, 0x80|126, byte(n>>8), byte(n))
	default:
		hdr = append(hdr, 0x80|127)
		hdr = binary.BigEndian.AppendUint64(hdr, uint64(n))
	}
	mask := make([]byte, 4)
	rand.Read(mask)
	hdr = append(hdr, mask...)
	out := make([]byte, len(p))
	for i := range p {
		out[i] = p[i] ^ mask[i%4]
	}
	_, err := w.c.Write(append(hdr, out...))
	return err
}

func (w *wsConn) read() ([]byte, error) {
	var msg []byte
	for {
		var h [2]byte
		if _, err := io.ReadFull(w.r, h[:]); err != nil {
			return nil, err
		}
		fin, op := h[0]&0x80 != 0, h[0]&0x0f
		n := uint64(h[1] & 0x7f)
		switch n {
		case 126:
			var b [2]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return nil, err
			}
			n = uint64(binary.BigEndian.Uint16(b[:]))
		case 127:
			var b [8]byte
			if _, err := io.ReadFull(w.r, b[:]); err != nil {
				return nil, err
			}
			n = binary.BigEndian.Uint64(b[:])
		}
		p := make([]byte, n)
		if _, err := io.ReadFull(w.r, p); err != nil {
			return nil, err
		}
		switch op {
		case 0x8:
			return nil, io.EOF
		case 0x9:
			if err := w.frame(0xA, p); err != nil {
				return nil, err
			}
			continue
		case 0xA:
			continue
		}
		msg = append(msg, p...)
		if fin {
			return msg, nil
		}
	}
}
