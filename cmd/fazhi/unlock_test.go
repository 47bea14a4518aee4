package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestCLI_UnlockEndsLockout: five wrong passwords lock an account on the
// running server; `fazhi user unlock` beside it really ends the lockout,
// and the right password then signs in.
func TestCLI_UnlockEndsLockout(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	const pw = "Correct-Horse-2025"
	if code, out := fazhi(t, "user", "add", "--data", data, "--unit", "2", "--roles", "clerk", "--password", pw, "wang"); code != 0 {
		t.Fatalf("user add: %d %s", code, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, &config{Data: data}, os.Stderr, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, nil, &bytes.Buffer{}) }()
	defer func() { cancel(); <-done; a.Close() }()
	base := "http://" + ln.Addr().String()
	waitHTTP(t, base+"/login")
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	login := func(password string) int {
		resp, err := hc.PostForm(base+"/login", url.Values{"username": {"wang"}, "password": {password}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	for range 5 {
		login("Wrong-Pass-2025")
	}
	if got := login(pw); got != http.StatusTooManyRequests {
		t.Fatalf("right password during the lockout: status %d, want 429", got)
	}
	if code, out := fazhi(t, "user", "unlock", "--data", data, "wang"); code != 0 || !strings.Contains(out, "已解锁") {
		t.Fatalf("unlock: %d %s", code, out)
	}
	if got := login(pw); got != http.StatusSeeOther {
		t.Fatalf("right password after `fazhi user unlock`: status %d, want 303 (signed in)", got)
	}
}

// TestCLI_TokensListedAndRevokedAtOnce: `fazhi user tokens` lists a token
// issued with `fazhi user token`; `fazhi user revoke-token` beside the
// running server refuses it on the server's next request.
func TestCLI_TokensListedAndRevokedAtOnce(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	code, out := fazhi(t, "user", "token", "--data", data, "--token-days", "30", "--name", "报送程序", "yunxi.clerk")
	tok := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(tok, "fz_") {
		t.Fatalf("user token: %d %s", code, out)
	}
	code, out = fazhi(t, "user", "tokens", "--data", data, "yunxi.clerk")
	if code != 0 || !strings.Contains(out, "报送程序") || !strings.Contains(out, "有效") {
		t.Fatalf("user tokens: %d %s", code, out)
	}
	if want := "到期 " + time.Now().AddDate(0, 0, 30).Format("2006-01-02"); !strings.Contains(out, want) {
		t.Errorf("user tokens: %s lacks %q (--token-days 30)", out, want)
	}
	id := strings.Fields(out)[0]

	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, &config{Data: data}, os.Stderr, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, nil, &bytes.Buffer{}) }()
	defer func() { cancel(); <-done; a.Close() }()
	base := "http://" + ln.Addr().String()
	waitHTTP(t, base+"/login")
	call := func() int {
		req, _ := http.NewRequest("GET", base+"/api/v1/kinds", nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if got := call(); got != http.StatusOK {
		t.Fatalf("token before revoke: %d", got)
	}
	call() // cached now
	if code, out := fazhi(t, "user", "revoke-token", "--data", data, id); code != 0 || !strings.Contains(out, "已吊销令牌") {
		t.Fatalf("revoke-token: %d %s", code, out)
	}
	if got := call(); got != http.StatusUnauthorized {
		t.Fatalf("token right after `fazhi user revoke-token`: status %d, want 401", got)
	}
	if code, out := fazhi(t, "user", "revoke-token", "--data", data, id); code == 0 || !strings.Contains(out, "不存在或已吊销") {
		t.Errorf("second revoke: %d %s", code, out)
	}
}
