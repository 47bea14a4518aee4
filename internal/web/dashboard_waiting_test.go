package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// The dashboard lists what waits for the reader: a case submitted for
// review appears for the township's reviewer with the step it waits for,
// not for the clerk who submitted it, nor for another township.
func TestDashboard_ShowsWhatWaitsForTheReader(t *testing.T) {
	e := caseEnv(t)
	clerk := e.loggedIn("clerkA")
	path := clerk.create(t, e.caseForm("待审查的案件"))
	resp, body := clerk.post(path+"/transition/submit", url.Values{"version": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	if loc := resp.Header.Get("Location"); loc != path+"?done=submit" {
		t.Errorf("after the step: redirect to %q", loc)
	}
	_, body = clerk.get(resp.Header.Get("Location"))
	wantBody(t, body, `id="notice"`, "已办理「提交审查」，记录现为「审查中」。", `id="next"`, "待审核员出具意见")
	clerk.create(t, e.caseForm("起草中的案件"))

	_, body = e.loggedIn("reviewerA").get("/")
	waiting := section(body, `id="waiting"`)
	if !strings.Contains(waiting, "待审查的案件") || !strings.Contains(waiting, "出具意见</b>") || strings.Contains(waiting, "起草中的案件") {
		t.Errorf("the reviewer's waiting list: %s", waiting)
	}
	_, body = clerk.get("/")
	waiting = section(body, `id="waiting"`)
	if strings.Contains(waiting, "待审查的案件") || !strings.Contains(waiting, "起草中的案件") {
		t.Errorf("the clerk's waiting list: %s", waiting)
	}
	for _, u := range []string{"clerkB", "inspector"} {
		_, body = e.loggedIn(u).get("/")
		if w := section(body, `id="waiting"`); strings.Contains(w, "案件") {
			t.Errorf("%s is shown A's cases as waiting: %s", u, w)
		}
	}
}

// section is the element of body whose opening tag contains attr, up to
// its </section>.
func section(body, attr string) string {
	i := strings.Index(body, attr)
	if i < 0 {
		return ""
	}
	j := strings.Index(body[i:], "</section>")
	if j < 0 {
		return body[i:]
	}
	return body[i : i+j]
}
