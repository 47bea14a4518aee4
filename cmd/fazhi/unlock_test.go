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
