package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// FuzzAdminUserForm posts arbitrary values to the add-user form: a created
// user (303) or the form again with messages (422, 403) — never a 500.
func FuzzAdminUserForm(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("admin")
	f.Add("wang.wu", "王五", "clerk", "Abcdefgh12!x", int64(0))
	f.Add("", "", "nobody", "short", int64(99))
	f.Add("a", "\x00名字", "admin", "aaaaaaaaaaaa", int64(-1))
	f.Add("x_y.z", "很长的名字很长的名字很长的名字很长的名字很长的名字很长的名字很长", "inspector", "Ab1!Ab1!Ab1!", int64(1))
	f.Fuzz(func(t *testing.T, username, name, role, password string, unitDelta int64) {
		form := url.Values{"username": {username}, "name": {name}, "roles": {role}, "password": {password},
			"unit_id": {strconv.FormatInt(e.units["A"].ID+unitDelta%4, 10)}}
		resp, body := fuzzPost(t, c, "/admin/users", form)
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusOK, http.StatusUnprocessableEntity, http.StatusForbidden, http.StatusConflict:
		default:
			t.Fatalf("add user %v: status %d: %.500s", form, resp.StatusCode, body)
		}
	})
}

// FuzzClockAdjustForm posts arbitrary pause/resume/extend requests to a
// record's clock: done (303) or refused with a message (422) — never a 500.
func FuzzClockAdjustForm(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("clerkA")
	path := c.create(f, e.caseForm("期限调整模糊测试"))
	f.Add("extend", "30", "需补充材料", "测试依据第二条")
	f.Add("pause", "", "", "")
	f.Add("resume", "-5", "理由", "依据")
	f.Add("explode", "99999999999999999999", "\x00", "《》")
	f.Fuzz(func(t *testing.T, action, days, reason, basis string) {
		form := url.Values{"action": {action}, "days": {days}, "reason": {reason}, "basis": {basis}}
		resp, body := fuzzPost(t, c, path+"/clock/handle", form)
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusConflict:
		default:
			t.Fatalf("clock %s: status %d: %.500s", fmt.Sprint(form), resp.StatusCode, body)
		}
	})
}

// FuzzAdminUnitForms posts arbitrary values to the unit forms (create,
// rename, move, close): done (303) or refused with a message (422, 404,
// 413) — never a 500, and the tree keeps a single root.
func FuzzAdminUnitForms(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("admin")
	f.Add("create", int64(0), "township", "丙镇", "")
	f.Add("create", int64(1), "village", "丙村", "91350100M000100Y43")
	f.Add("rename", int64(1), "", "甲镇/乙", "x")
	f.Add("move", int64(2), "", "", "")
	f.Add("close", int64(1), "", "", "")
	f.Add("create", int64(-9), "\x00", "\u202e镇", "ZZZZZZZZZZZZZZZZZZ")
	f.Fuzz(func(t *testing.T, action string, delta int64, level, name, code string) {
		county := e.units["county"].ID
		target := strconv.FormatInt(county+delta%5, 10)
		var resp *http.Response
		var body string
		switch action {
		case "rename":
			resp, body = fuzzPost(t, c, "/admin/units/"+target+"/rename", url.Values{"name": {name}, "credit_code": {code}})
		case "move":
			resp, body = fuzzPost(t, c, "/admin/units/"+target+"/move", url.Values{"parent_id": {strconv.FormatInt(county+(delta/5)%5, 10)}})
		case "close":
			resp, body = fuzzPost(t, c, "/admin/units/"+target+"/close", url.Values{})
		default:
			resp, body = fuzzPost(t, c, "/admin/units", url.Values{"parent_id": {target}, "level": {level}, "name": {name}, "credit_code": {code}})
		}
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusNotFound, http.StatusForbidden:
		default:
			t.Fatalf("%s %q %q %q: status %d: %.500s", action, level, name, code, resp.StatusCode, body)
		}
		us, err := e.db.Units(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		roots := 0
		for _, u := range us {
			if u.ParentID == 0 && !u.Closed {
				roots++
			}
			if u.ParentID != 0 && !strings.HasPrefix(u.Path, "/"+strconv.FormatInt(county, 10)+"/") {
				t.Fatalf("unit %+v left the tree", u)
			}
		}
		if roots != 1 {
			t.Fatalf("%d open roots", roots)
		}
	})
}

// FuzzPasswordForm posts arbitrary old and new passwords: changed (303),
// refused with a message (422) or throttled (429) — never a 500.
func FuzzPasswordForm(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("clerkA")
	f.Add(testPassword, "New-Pass-2026", "New-Pass-2026")
	f.Add("", "", "")
	f.Add("x", "\x00\x01", "\xff")
	f.Add(testPassword, strings.Repeat("Aa1!", 300), strings.Repeat("Aa1!", 300))
	f.Fuzz(func(t *testing.T, old, pw, again string) {
		if err := e.db.ClearLoginFailures(context.Background(), "clerkA"); err != nil { // out of the lockout
			t.Fatal(err)
		}
		resp, body := fuzzPost(t, c, "/account/password", url.Values{"old_password": {old}, "new_password": {pw}, "new_password2": {again}})
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusTooManyRequests:
		default:
			t.Fatalf("password %q %q %q: status %d: %.500s", old, pw, again, resp.StatusCode, body)
		}
	})
}

// FuzzAdminUserEditForm posts arbitrary values to the user edit and grant
// forms: saved (303) or refused (422, 404) — never a 500.
func FuzzAdminUserEditForm(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("adminA")
	f.Add("甲镇录入员", int64(1), "clerk", false)
	f.Add("", int64(-3), "nobody", true)
	f.Add("\x00", int64(99), "admin", true)
	f.Fuzz(func(t *testing.T, name string, unitDelta int64, role string, grant bool) {
		unit := strconv.FormatInt(e.units["county"].ID+unitDelta%4, 10)
		path := "/admin/users/" + strconv.FormatInt(e.users["clerkA"].ID, 10)
		form := url.Values{"name": {name}, "unit_id": {unit}, "roles": {role}}
		if grant {
			path += "/grants"
			form = url.Values{"grant_unit": {unit}, "grant_roles": {role}}
		}
		resp, body := fuzzPost(t, c, path, form)
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusUnprocessableEntity, http.StatusNotFound:
		default:
			t.Fatalf("%s %v: status %d: %.500s", path, form, resp.StatusCode, body)
		}
	})
}
