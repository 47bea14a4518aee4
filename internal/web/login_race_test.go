package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/store"
)

// checkedPasswords counts the login attempts whose password was verified
// and wrong (audited as bad_password).
func (e *env) checkedPasswords() int {
	es, err := e.db.AuditEntries(context.Background(), store.SystemActor("test"), 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	n := 0
	for _, x := range es {
		if x.Action == "login_failed" && strings.Contains(x.Diff, "bad_password") {
			n++
		}
	}
	return n
}

// burst posts 100 logins at once and returns the count per status.
func burst(c *client, form func(i int) url.Values) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	got := map[int]int{}
	for i := range 100 {
		wg.Go(func() {
			resp, _ := c.post("/login", form(i))
			mu.Lock()
			got[resp.StatusCode]++
			mu.Unlock()
		})
	}
	wg.Wait()
	return got
}

// TestLogin_LockoutHoldsUnderConcurrency: 100 wrong passwords sent at once
// get at most 5 checked; the account is locked, the right password is
// refused, and the administrator's unlock lets it in.
func TestLogin_LockoutHoldsUnderConcurrency(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.AddrFailures = 1000 })
	c := e.client()
	got := burst(c, func(int) url.Values {
		return url.Values{"username": {"clerkA"}, "password": {"Wrong-Pass-2025"}}
	})
	if n := e.checkedPasswords(); n > 5 || n == 0 {
		t.Fatalf("%d of 100 concurrent wrong passwords were checked, want 1–5 (statuses %v)", n, got)
	}
	if got[http.StatusTooManyRequests] < 95 {
		t.Fatalf("statuses %v: want at least 95 refused as locked", got)
	}
	resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	wantBody(t, body, "临时锁定")
	admin := e.loggedIn("adminA")
	resp, body = admin.post(fmt.Sprintf("/admin/users/%d/unlock", e.users["clerkA"].ID), nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	c.login("clerkA")
}

// TestLogin_AddressThrottleHoldsUnderConcurrency: 100 guesses at once from
// one address under different names get at most the limit of 20 checked.
func TestLogin_AddressThrottleHoldsUnderConcurrency(t *testing.T) {
	e := caseEnv(t)
	got := burst(e.client(), func(i int) url.Values {
		return url.Values{"username": {fmt.Sprintf("guess%d", i)}, "password": {"Wrong-Pass-2025"}}
	})
	if n := e.checkedPasswords(); n > 20 || n == 0 {
		t.Fatalf("%d of 100 concurrent guesses from one address were checked, want 1–20 (statuses %v)", n, got)
	}
	resp, body := e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	wantBody(t, body, "过于频繁")
}
