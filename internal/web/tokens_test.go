package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"fazhi/internal/store"
)

var tokenShownRE = regexp.MustCompile(`<code id="token">([^<]+)</code>`)

// issueToken issues a token on the user's own token page and returns it.
func (c *client) issueToken(name string) string {
	c.e.t.Helper()
	resp, body := c.post("/account/tokens", url.Values{"name": {name}})
	wantStatus(c.e.t, resp, body, http.StatusOK)
	m := tokenShownRE.FindStringSubmatch(body)
	if m == nil {
		c.e.t.Fatalf("token not shown: %.2000s", body)
	}
	return m[1]
}

// bearerStatus is the status of a page fetched with the token.
func (e *env) bearerStatus(tok string) int {
	resp, _ := e.client().get("/", "Authorization", "Bearer "+tok)
	return resp.StatusCode
}

// TestTokens_SelfServiceListedRevocable: a user issues a token on its own
// page (shown once), sees it listed with its expiry 90 days on, and revokes
// it; the next request with it is refused. An administrator has no way to
// issue one for somebody else, and cannot revoke another user's token
// through the account page.
func TestTokens_SelfServiceListedRevocable(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	resp, body := clerk.post("/account/tokens", url.Values{"name": {""}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "请填写令牌用途")
	tok := clerk.issueToken("数据报送程序")
	if got := e.bearerStatus(tok); got != http.StatusOK {
		t.Fatalf("fresh token: status %d", got)
	}
	_, body = clerk.get("/account/tokens")
	wantBody(t, body, "数据报送程序", "2025-03-03", "2025-06-01", "有效")
	if strings.Contains(body, tok) {
		t.Error("the token is shown again")
	}

	admin := e.loggedIn("adminA")
	resp, _ = admin.post(fmt.Sprintf("/admin/users/%d/token", e.users["clerkA"].ID), url.Values{"name": {"冒用"}})
	wantStatus(t, resp, "", http.StatusNotFound)
	if _, err := e.db.CreateToken(context.Background(), e.actor("adminA"), e.users["clerkA"].ID, "冒用"); err == nil {
		t.Fatal("the store let an administrator issue a token for another user")
	}
	ts, err := e.db.Tokens(context.Background(), e.actor("clerkA"), e.users["clerkA"].ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("tokens %v, err %v", ts, err)
	}
	resp, _ = admin.post(fmt.Sprintf("/account/tokens/%d/revoke", ts[0].ID), nil)
	wantStatus(t, resp, "", http.StatusNotFound)

	resp, body = clerk.post(fmt.Sprintf("/account/tokens/%d/revoke", ts[0].ID), nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if got := e.bearerStatus(tok); got != http.StatusUnauthorized {
		t.Fatalf("revoked token: status %d, want 401", got)
	}
	_, body = clerk.get(resp.Header.Get("Location"))
	wantBody(t, body, "令牌已吊销", "已吊销（2025-03-03）")
}

// TestTokens_Expire: a token stops working when its lifetime (90 days by
// default) is over.
func TestTokens_Expire(t *testing.T) {
	e := caseEnv(t)
	tok := e.loggedIn("clerkA").issueToken("脚本")
	e.clock.Add(90*24*time.Hour - time.Minute)
	if got := e.bearerStatus(tok); got != http.StatusOK {
		t.Fatalf("a minute before expiry: status %d", got)
	}
	e.clock.Add(2 * time.Minute)
	if got := e.bearerStatus(tok); got != http.StatusUnauthorized {
		t.Fatalf("after 90 days: status %d, want 401", got)
	}
}

// TestTokens_DieWithPasswordResetLockAndLogoutEverywhere: each of the
// three ends every token of the user at once.
func TestTokens_DieWithPasswordResetLockAndLogoutEverywhere(t *testing.T) {
	for _, tc := range []struct {
		name string
		act  func(e *env, clerk *client)
	}{
		{"log out everywhere", func(e *env, clerk *client) {
			resp, body := clerk.post("/logout/all", nil)
			wantStatus(t, resp, body, http.StatusSeeOther)
		}},
		{"password reset", func(e *env, _ *client) {
			resp, body := e.loggedIn("adminA").post(fmt.Sprintf("/admin/users/%d/password", e.users["clerkA"].ID), url.Values{"password": {"Another-Pass-2025"}})
			wantStatus(t, resp, body, http.StatusSeeOther)
		}},
		{"lock", func(e *env, _ *client) {
			resp, body := e.loggedIn("adminA").post(fmt.Sprintf("/admin/users/%d/lock", e.users["clerkA"].ID), nil)
			wantStatus(t, resp, body, http.StatusSeeOther)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := caseEnv(t)
			clerk := e.loggedIn("clerkA")
			tok := clerk.issueToken("脚本")
			if got := e.bearerStatus(tok); got != http.StatusOK {
				t.Fatalf("before: status %d", got)
			}
			tc.act(e, clerk)
			if got := e.bearerStatus(tok); got != http.StatusUnauthorized {
				t.Fatalf("after %s: status %d, want 401", tc.name, got)
			}
		})
	}
}

// TestTokens_RevokeByAnotherProcessIsImmediate: a revoke through a second
// store on the same database file (what `fazhi user revoke-token` beside the
// server is) refuses the token on the server's very next request, though
// the server had just cached it.
func TestTokens_RevokeByAnotherProcessIsImmediate(t *testing.T) {
	e := caseEnv(t)
	tok := e.loggedIn("clerkA").issueToken("脚本")
	if e.bearerStatus(tok) != http.StatusOK || e.bearerStatus(tok) != http.StatusOK {
		t.Fatal("token refused before the revoke")
	}
	other := e.openSecond()
	ts, err := other.Tokens(context.Background(), store.SystemActor("cli"), e.users["clerkA"].ID)
	if err != nil || len(ts) != 1 {
		t.Fatalf("tokens %v, err %v", ts, err)
	}
	if err := other.RevokeToken(context.Background(), store.SystemActor("cli"), ts[0].ID); err != nil {
		t.Fatal(err)
	}
	if got := e.bearerStatus(tok); got != http.StatusUnauthorized {
		t.Fatalf("after a revoke by another process: status %d, want 401 at once", got)
	}
}

// openSecond opens a second store on the env's database file, as another
// process would.
func (e *env) openSecond() *store.DB {
	e.t.Helper()
	db, err := store.Open(context.Background(), e.storeCfg)
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db
}
