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
