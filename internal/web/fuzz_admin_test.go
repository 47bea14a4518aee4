package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
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
