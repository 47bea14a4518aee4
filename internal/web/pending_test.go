package web

import (
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
