package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"fazhi/internal/store"
)

func TestLogin_SuccessStartsServerSideSession(t *testing.T) {
	e := caseEnv(t)
	c := e.client()
	resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}, "next": {"/l/case"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != "/l/case" {
		t.Errorf("redirect to %q, want the page asked for", loc)
	}
	var ck *http.Cookie
	for _, x := range resp.Cookies() {
		if x.Name == sessionCookie {
			ck = x
		}
	}
	if ck == nil {
		t.Fatal("no session cookie")
	}
	if !ck.HttpOnly || ck.SameSite != http.SameSiteLaxMode || ck.Secure {
		t.Errorf("cookie flags HttpOnly=%v SameSite=%v Secure=%v; want HttpOnly, Lax, not Secure without TLS", ck.HttpOnly, ck.SameSite, ck.Secure)
	}
	// The store holds the token's SHA-256, never the token.
	ctx := context.Background()
	if _, err := e.db.SessionByID(ctx, ck.Value); err == nil {
		t.Error("session found by the raw cookie token: the token is stored in clear")
	}
	if _, err := e.db.SessionByID(ctx, hashToken(ck.Value)); err != nil {
		t.Errorf("session not found by the token's hash: %v", err)
	}
	resp, body = c.get("/")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "甲镇录入员", "工作台")
	if !slices.Contains(e.audits(), "login 甲镇录入员") {
		t.Errorf("login not audited: %v", e.audits())
	}
}

func TestLogin_SecureCookieBehindTLS(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.SecureCookies = true })
	resp, _ := e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	if len(resp.Cookies()) == 0 || !resp.Cookies()[0].Secure {
		t.Error("session cookie without Secure when SecureCookies is set")
	}
	if resp.Header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS header when SecureCookies is set")
	}
}

func TestLogin_WrongPasswordOrUserSameMessage(t *testing.T) {
	e := caseEnv(t)
	for _, tc := range []struct{ user, pw string }{
		{"clerkA", "Wrong-Pass-2025"},
		{"nobody", testPassword},
	} {
		c := e.client()
		resp, body := c.post("/login", url.Values{"username": {tc.user}, "password": {tc.pw}})
		wantStatus(t, resp, body, http.StatusUnauthorized)
		wantBody(t, body, "用户名或密码不正确", `value="`+tc.user+`"`)
		if len(resp.Cookies()) != 0 {
			t.Errorf("%s: a failed login set a cookie", tc.user)
		}
		if r, _ := c.get("/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: dashboard reachable after a failed login", tc.user)
		}
	}
	a := e.audits()
	if !slices.Contains(a, "login_failed clerkA") || !slices.Contains(a, "login_failed nobody") {
		t.Errorf("failed logins not audited: %v", a)
	}
	resp, body := e.client().post("/login", url.Values{"username": {""}, "password": {""}})
	wantStatus(t, resp, body, http.StatusBadRequest)
	wantBody(t, body, "请输入用户名和密码")
}

func TestLogin_LockoutAfterFiveFailuresFor15Minutes(t *testing.T) {
	e := caseEnv(t)
	c := e.client()
	for i := 0; i < 5; i++ {
		resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {"Wrong-Pass-2025"}})
		if i < 4 {
			wantStatus(t, resp, body, http.StatusUnauthorized)
		} else { // the fifth failure says the account is now locked
			wantStatus(t, resp, body, http.StatusTooManyRequests)
		}
		e.clock.Add(time.Minute)
	}
	// The right password is refused while locked.
	resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	wantBody(t, body, "临时锁定", "15 分钟")
	// Another user is not affected.
	e.loggedIn("reviewerA")
	// 15 minutes from the fifth failure, however the failures were spread.
	e.clock.Add(13*time.Minute + 59*time.Second) // 14:59 after the fifth
	resp, body = c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	e.clock.Add(2 * time.Second)
	c.login("clerkA")
}

func TestLogin_AdminUnlockEndsLockout(t *testing.T) {
	e := caseEnv(t)
	c := e.client()
	for i := 0; i < 5; i++ {
		c.post("/login", url.Values{"username": {"clerkA"}, "password": {"Wrong-Pass-2025"}})
	}
	resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	admin := e.loggedIn("adminA")
	resp, body = admin.post(fmt.Sprintf("/admin/users/%d/unlock", e.users["clerkA"].ID), nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	c.login("clerkA")
}

func TestLogin_AdminLockedUserRefusedAndSignedOut(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	admin := e.loggedIn("adminA")
	resp, body := admin.post(fmt.Sprintf("/admin/users/%d/lock", e.users["clerkA"].ID), nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if r, _ := clerk.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("locked user's session still serves pages (status %d)", r.StatusCode)
	}
	resp, body = e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusForbidden)
	wantBody(t, body, "已被管理员停用")
	// An admin of another township cannot reach the user: it does not exist for them.
	other := e.loggedIn("admin") // county admin may
	resp, _ = other.post(fmt.Sprintf("/admin/users/%d/unlock", e.users["clerkA"].ID), nil)
	wantStatus(t, resp, "", http.StatusSeeOther)
	resp, _ = admin.post(fmt.Sprintf("/admin/users/%d/lock", e.users["clerkB"].ID), nil)
	wantStatus(t, resp, "", http.StatusNotFound)
	e.client().login("clerkA")
}

func TestLogin_PerAddressThrottle(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.AddrFailures = 4 })
	c := e.client()
	for i := 0; i < 4; i++ { // four different names, so no account lockout
		c.post("/login", url.Values{"username": {fmt.Sprintf("guess%d", i)}, "password": {"x"}})
	}
	resp, body := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, body, http.StatusTooManyRequests)
	wantBody(t, body, "过于频繁")
	e.clock.Add(16 * time.Minute)
	c.login("clerkA")
}

func TestSession_IdleExpiry(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	// Used every 20 minutes, the session outlives the 30-minute idle limit.
	for i := 0; i < 3; i++ {
		e.clock.Add(20 * time.Minute)
		resp, body := c.get("/")
		wantStatus(t, resp, body, http.StatusOK)
	}
	e.clock.Add(30*time.Minute + time.Second)
	resp, _ := c.get("/")
	wantStatus(t, resp, "", http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login") {
		t.Errorf("idle session redirected to %q, want the login page", loc)
	}
}

func TestSession_AbsoluteExpiryAfter12Hours(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	for elapsed := time.Duration(0); elapsed < 12*time.Hour-20*time.Minute; elapsed += 20 * time.Minute {
		e.clock.Add(20 * time.Minute)
		resp, body := c.get("/")
		wantStatus(t, resp, body, http.StatusOK)
	}
	e.clock.Add(25 * time.Minute) // past 12 h since login, though used 25 min ago
	resp, _ := c.get("/")
	wantStatus(t, resp, "", http.StatusSeeOther)
}

func TestSession_TouchedAtMostOncePerMinute(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA") // login + one dashboard view
	base := e.st.touches.Load()
	for i := 0; i < 20; i++ {
		c.get("/")
	}
	e.clock.Add(50 * time.Second)
	c.get("/")
	if n := e.st.touches.Load() - base; n != 0 {
		t.Errorf("%d session writes within the first minute, want 0", n)
	}
	e.clock.Add(15 * time.Second)
	for i := 0; i < 10; i++ {
		c.get("/")
	}
	if n := e.st.touches.Load() - base; n != 1 {
		t.Errorf("%d session writes after a minute and 11 requests, want 1", n)
	}
}

func TestLogout_EndsThisSessionAndIsAudited(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	other := e.loggedIn("clerkA")
	resp, body := c.post("/logout", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if r, _ := c.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Error("session still valid after logout")
	}
	if r, _ := other.get("/"); r.StatusCode != http.StatusOK {
		t.Error("logout ended another device's session")
	}
	if !slices.Contains(e.audits(), "logout 甲镇录入员") {
		t.Errorf("logout not audited: %v", e.audits())
	}
}

func TestLogoutAll_EndsEverySessionOfTheUser(t *testing.T) {
	e := caseEnv(t)
	a, b := e.loggedIn("clerkA"), e.loggedIn("clerkA")
	someoneElse := e.loggedIn("reviewerA")
	resp, body := a.post("/logout/all", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	for i, c := range []*client{a, b} {
		if r, _ := c.get("/"); r.StatusCode != http.StatusSeeOther {
			t.Errorf("session %d still valid after logout of all sessions", i)
		}
	}
	if r, _ := someoneElse.get("/"); r.StatusCode != http.StatusOK {
		t.Error("another user's session ended")
	}
}

func TestBearerToken_ActsAsTheUserWithoutCSRF(t *testing.T) {
	e := caseEnv(t)
	tok, err := e.db.CreateToken(context.Background(), store.SystemActor("test"), e.users["clerkA"].ID, "脚本")
	if err != nil {
		t.Fatal(err)
	}
	c := e.client()
	resp, body := c.get("/", "Authorization", "Bearer "+tok)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "甲镇录入员")
	form := url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "title": {"令牌登记"}, "received": {"2025-03-01"}}
	req, _ := http.NewRequest("POST", e.ts.URL+"/l/case", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, body = c.do(req)
	wantStatus(t, resp, body, http.StatusSeeOther)

	for _, bad := range []string{"Bearer nope", "Bearer ", "Basic abc"} {
		resp, body = c.get("/", "Authorization", bad)
		wantStatus(t, resp, body, http.StatusUnauthorized)
	}
}

func TestPurgeSessions_RemovesOnlyExpired(t *testing.T) {
	e := caseEnv(t)
	old := e.loggedIn("clerkA")
	e.clock.Add(25 * time.Minute)
	fresh := e.loggedIn("reviewerA")
	e.clock.Add(10 * time.Minute) // old: idle 35 min; fresh: 10 min
	n, err := e.srv.PurgeSessions(context.Background())
	if err != nil || n != 1 {
		t.Fatalf("PurgeSessions = %d, %v; want 1 expired session removed", n, err)
	}
	if r, _ := fresh.get("/"); r.StatusCode != http.StatusOK {
		t.Error("a live session was purged")
	}
	if r, _ := old.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Error("an expired session still serves pages")
	}
}

func TestLogin_AgainReplacesTheSession(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	var before string
	u, _ := url.Parse(e.ts.URL)
	for _, ck := range c.hc.Jar.Cookies(u) {
		before = ck.Value
	}
	c.login("reviewerA") // the login form of a logged-in browser carries its token
	_, body := c.get("/")
	wantBody(t, body, "甲镇审核员")
	if _, err := e.db.SessionByID(context.Background(), hashToken(before)); err == nil {
		t.Error("the replaced session is still in the store")
	}
}
