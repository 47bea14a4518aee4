package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
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

// TestDashboard_WaitingIsTheTodoList: the dashboard's 待我办理 and the
// to-do list name the same records for every user — a case under review,
// whose next step is the reviewer's but to which the clerk may still add
// material, waits for both of them, on both pages.
func TestDashboard_WaitingIsTheTodoList(t *testing.T) {
	k := testKind()
	k.Workflow.Transitions = append(k.Workflow.Transitions, ledger.Transition{Event: "supplement", Label: "补充材料",
		From: []string{"review"}, To: "review", Roles: []access.Role{access.RoleClerk}})
	reg, err := ledger.NewRegistry(k)
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg)
	clerk := e.loggedIn("clerkA")
	for i, title := range []string{"甲案", "乙案", "丙案"} {
		path := clerk.create(t, e.caseForm(title))
		if i > 0 {
			resp, body := clerk.post(path+"/transition/submit", url.Values{"version": {"1"}})
			wantStatus(t, resp, body, http.StatusSeeOther)
		}
	}
	links := func(html string) []string {
		var out []string
		for _, part := range strings.Split(html, `<a href="/l/`)[1:] {
			out = append(out, part[:strings.Index(part, `"`)])
		}
		slices.Sort(out)
		return out
	}
	for _, u := range []string{"clerkA", "reviewerA", "headA", "clerkB", "inspector"} {
		c := e.loggedIn(u)
		_, dash := c.get("/")
		_, todo := c.get("/todo")
		d := links(section(dash, `id="waiting"`))
		var all []string
		for _, g := range []string{"overdue", "due_soon", "returned", "waiting"} {
			all = append(all, links(section(todo, `id="todo-`+g+`"`))...)
		}
		slices.Sort(all)
		if !slices.Equal(d, all) {
			t.Errorf("%s: the dashboard lists %v, the to-do list %v", u, d, all)
		}
		if want := map[string]int{"clerkA": 3, "reviewerA": 2}[u]; len(d) != want {
			t.Errorf("%s should have %d cases waiting, has %v", u, want, d)
		}
	}
}
