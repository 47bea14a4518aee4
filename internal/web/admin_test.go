package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

func TestAdminUsers_AddWithPolicyMessagesThenLogin(t *testing.T) {
	e := caseEnv(t)
	admin := e.loggedIn("adminA")
	form := url.Values{"username": {"wang.wu"}, "name": {"王五"}, "unit_id": {fmt.Sprint(e.units["A"].ID)},
		"roles": {"clerk", "head"}, "password": {"short1"}}
	resp, body := admin.post("/admin/users", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "密码至少需要 10 个字符", `value="wang.wu"`, `value="王五"`, `value="head" checked`)

	form.Set("username", "王 五")
	form.Set("password", "Wangwu-2025!")
	form.Set("unit_id", fmt.Sprint(e.units["B"].ID)) // outside adminA's township
	resp, body = admin.post("/admin/users", form)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "用户名须为", "请选择您管辖范围内的单位")

	form.Set("username", "wang.wu")
	form.Set("unit_id", fmt.Sprint(e.units["A"].ID))
	resp, body = admin.post("/admin/users", form)
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.post("/admin/users", form)
	wantStatus(t, resp, body, http.StatusConflict)
	wantBody(t, body, "该用户名已被使用")

	_, body = admin.get("/admin/users")
	wantBody(t, body, "wang.wu", "王五", "录入员、负责人")
	if strings.Contains(body, "clerkB") {
		t.Error("township A's admin sees township B's users")
	}
	c := e.client()
	resp, body = c.post("/login", url.Values{"username": {"wang.wu"}, "password": {"Wangwu-2025!"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
}

func TestAdminUsers_ResetPasswordEndsSessions(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	admin := e.loggedIn("adminA")
	path := fmt.Sprintf("/admin/users/%d/password", e.users["clerkA"].ID)
	resp, body := admin.post(path, url.Values{"password": {"abc"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "新密码不符合要求")
	resp, body = admin.post(path, url.Values{"password": {"New-Pass-2025"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if r, _ := clerk.get("/"); r.StatusCode != http.StatusSeeOther {
		t.Error("the user's session survived a password reset")
	}
	resp, _ = e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	wantStatus(t, resp, "", http.StatusUnauthorized)
	resp, _ = e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {"New-Pass-2025"}})
	wantStatus(t, resp, "", http.StatusSeeOther)
	// Not an admin: refused.
	resp, _ = e.loggedIn("headA").post(path, url.Values{"password": {"Other-Pass-2025"}})
	wantStatus(t, resp, "", http.StatusForbidden)
}

func TestAdminAudit_ShowsLoginsAndLogouts(t *testing.T) {
	e := caseEnv(t)
	e.client().post("/login", url.Values{"username": {"clerkA"}, "password": {"bad-Pass-2025"}})
	c := e.loggedIn("clerkA")
	c.post("/logout", nil)
	admin := e.loggedIn("admin")
	resp, body := admin.get("/admin/audit")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "登录失败", "登录", "退出登录", "甲镇录入员", "127.0.0.1")
}

// TestPersonalData_MaskedForRolesWithoutNeed: the clerk who recorded a
// phone number sees it; the county inspector sees it masked.
func TestPersonalData_MaskedForRolesWithoutNeed(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	form := e.caseForm("有当事人电话的案件")
	form.Set("phone", "13800138000")
	path := clerk.create(t, form)
	_, body := clerk.get(path)
	wantBody(t, body, "13800138000")
	resp, body := e.loggedIn("inspector").get(path)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "有当事人电话的案件")
	if strings.Contains(body, "13800138000") {
		t.Error("the inspector sees the phone number in clear")
	}
}
