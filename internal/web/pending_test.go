package web

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
)

// A deadline that ends in a year whose holidays are not loaded yet is shown
// as pending with the reason — never as overdue, never as a guessed date.
func TestDeadlineInUnknownYearShownAsPending(t *testing.T) {
	e := caseEnv(t)
	e.clock.t = time.Date(2026, 12, 20, 9, 0, 0, 0, calendar.China)
	c := e.loggedIn("clerkA")
	form := e.caseForm("年底收到的案件")
	form.Set("received", "2026-12-15") // 60 days → February 2027
	path := c.create(t, form)

	_, body := c.get(path)
	wantBody(t, body, "届满日待定", "2027年节假日安排尚未载入")
	_, body = c.get("/")
	wantBody(t, body, "年底收到的案件", "届满日待定")
	if strings.Contains(body, "已逾期") {
		t.Error("a pending deadline is shown as overdue on the dashboard")
	}
}

// TestDashboard_PendingDeadlineListedBesideLaterOnes: a pending deadline
// (its year's holidays not loaded) stays on the 工作台 when more than a
// dashboard's worth of later deadlines — due beyond the next days — run
// beside it: those are not listed, the pending one is.
func TestDashboard_PendingDeadlineListedBesideLaterOnes(t *testing.T) {
	e := caseEnv(t)
	e.clock.t = time.Date(2026, 12, 20, 9, 0, 0, 0, calendar.China)
	c := e.loggedIn("clerkA")
	form := e.caseForm("年底收到的案件")
	form.Set("received", "2026-12-15") // 60 days → February 2027
	c.create(t, form)
	e.clock.t = time.Date(2026, 6, 1, 9, 0, 0, 0, calendar.China)
	c = e.loggedIn("clerkA") // a session begun in December is not June's
	for i := range 22 {
		form := e.caseForm(fmt.Sprintf("五月收到的第%02d件", i+1))
		form.Set("received", "2026-05-25") // due in July, beyond the next 7 days
		c.create(t, form)
	}
	_, body := c.get("/")
	due, _, _ := strings.Cut(body[strings.Index(body, "<h2>期限提醒</h2>")+1:], "</section>")
	wantBody(t, due, "年底收到的案件", "届满日待定")
	if strings.Contains(due, "五月收到的第01件") {
		t.Error("a deadline due in July is listed among those past due or due within 7 days")
	}
}
