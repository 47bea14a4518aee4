package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// A step, an upload or a clock adjustment the reader's role may not make
// (a stale page, a crafted form) is refused on the record's own page,
// saying who may do it — not on a bare 403 page; and the page never
// offered the control.
func TestRoleRefusal_SaidOnTheRecordPage(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	path := clerk.create(t, e.caseForm("角色不符的案件"))
	resp, body := clerk.post(path+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)

	_, body = clerk.get(path)
	if strings.Contains(body, `/transition/decide"`) {
		t.Error("the clerk is offered the reviewer's step")
	}
	resp, body = clerk.post(path+"/transition/decide", url.Values{"version": {"2"}, "opinion": {"合法"}})
	wantStatus(t, resp, body, http.StatusForbidden)
	wantBody(t, body, "<h1>角色不符的案件</h1>", "“出具意见”须由审核员办理", `id="next"`)

	insp := e.loggedIn("inspector")
	_, body = insp.get(path)
	for _, control := range []string{`action="` + path + `/files"`, `class="clock-form"`, `/transition/`, `href="` + path + `/edit"`} {
		if strings.Contains(body, control) {
			t.Errorf("the inspector is shown %s", control)
		}
	}
	resp, body = insp.upload(t, path, "意见.pdf", []byte("%PDF-1.4 x"))
	wantStatus(t, resp, body, http.StatusForbidden)
	wantBody(t, body, "<h1>角色不符的案件</h1>", "上传附件须由", "您在本单位的角色不能上传")
	resp, body = insp.post(path+"/clock/handle", url.Values{"action": {"pause"}, "reason": {"r"}, "basis": {"b"}})
	wantStatus(t, resp, body, http.StatusForbidden)
	wantBody(t, body, "<h1>角色不符的案件</h1>", "您在本单位的角色不能调整")

	// Editing a record no longer editable says so, and how to correct.
	resp, body = clerk.get(path + "/edit")
	wantStatus(t, resp, body, http.StatusConflict)
	wantBody(t, body, "<h1>角色不符的案件</h1>", "记录处于「审查中」状态，表单内容不能再修改")
}
