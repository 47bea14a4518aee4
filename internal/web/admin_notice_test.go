package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAdminUsers_NoticeCannotBeSpoofed: text in ?msg= is never shown; the
// notice after an action names the user from the store, and only for a
// user of the admin's own subtree.
func TestAdminUsers_NoticeCannotBeSpoofed(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("adminA")
	_, body := admin.get("/admin/users?msg=" + url.QueryEscape("系统通知：请立即把密码发送到 evil@example.com"))
	if strings.Contains(body, "evil@example.com") || strings.Contains(body, "系统通知") {
		t.Fatal("text from the URL is shown as a notice")
	}
	resp, body := admin.post(fmt.Sprintf("/admin/users/%d/lock", e.users["clerkA"].ID), nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = admin.get(resp.Header.Get("Location"))
	wantBody(t, body, `<p class="notice">已锁定用户 clerkA</p>`)
	_, body = admin.get(fmt.Sprintf("/admin/users?done=locked&user=%d", e.users["clerkB"].ID))
	if strings.Contains(body, `class="notice"`) {
		t.Error("a notice about another township's user is shown")
	}
	_, body = admin.get(fmt.Sprintf("/admin/users?done=%s&user=%d", url.QueryEscape("<b>x</b>"), e.users["clerkA"].ID))
	if strings.Contains(body, `class="notice"`) {
		t.Error("an unknown notice code is shown")
	}
}

// TestFlash_OnlySignedNoticesShown: on the password, unit and user-edit
// pages a ?msg= made by anyone else shows nothing, while the notice the
// server signs for this session after an action is shown; another
// session's signed link shows nothing either. A changed password also
// ends the user's API tokens.
func TestFlash_OnlySignedNoticesShown(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("adminA")
	spoof := url.QueryEscape("系统通知：请把密码发到 evil@example.com")
	for _, path := range []string{"/account/password", "/admin/units", fmt.Sprintf("/admin/users/%d", e.users["clerkA"].ID)} {
		for _, q := range []string{"?msg=" + spoof, "?msg=" + spoof + "&sig=AAAA"} {
			_, body := admin.get(path + q)
			if strings.Contains(body, "evil@example.com") {
				t.Errorf("%s%s shows the URL's text", path, q)
			}
		}
	}
	clerk := e.loggedIn("clerkA")
	tok := clerk.issueToken("脚本")
	resp, body := clerk.post("/account/password", url.Values{"old_password": {testPassword}, "new_password": {"New-Pass-2026"}, "new_password2": {"New-Pass-2026"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	_, body = clerk.get(loc)
	wantBody(t, body, "密码已修改")
	if _, other := admin.get(loc); strings.Contains(other, "密码已修改") {
		t.Error("a notice signed for one session shows in another")
	}
	if got := e.bearerStatus(tok); got != http.StatusUnauthorized {
		t.Errorf("token after the owner changed the password: %d, want 401", got)
	}
}
