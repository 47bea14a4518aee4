package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// TestReminders_ChannelsSetByTheAdministrator: the county's administrator
// sets the e-mail channel on /admin/reminders — a wrong server address is
// refused naming the field, with what was typed kept — and the next
// reminder run sends through it; the password is kept when left blank, is
// never shown or stored or audited in clear, and a township's
// administrator can neither see nor change the channels. Removing the
// page's setting falls back to the start-up flags (here: none).
func TestReminders_ChannelsSetByTheAdministrator(t *testing.T) {
	mta := startTestSMTP(t)
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg, func(c *Config) { c.Reminders.TLS = &tls.Config{RootCAs: mta.roots} })
	ctx, sys := context.Background(), store.SystemActor("test")
	const password = "渠道口令-Secret42"

	township := e.loggedIn("adminA")
	_, body := township.get("/admin/reminders")
	if strings.Contains(body, `action="/admin/reminders/email"`) {
		t.Error("a township's administrator is offered the channel form")
	}
	if resp, _ := township.post("/admin/reminders/email", url.Values{"addr": {"evil.example:25"}, "from": {"a@b.cn"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a township's administrator sets the channel: %d", resp.StatusCode)
	}

	admin := e.loggedIn("admin")
	resp, body := admin.post("/admin/reminders/email", url.Values{"addr": {"smtp.example.gov.cn"}, "username": {"fazhi"},
		"password": {password}, "from": {"fazhi@example.gov.cn"}})
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "「邮件服务器」应为 主机:端口", `value="fazhi@example.gov.cn"`)
	if strings.Contains(body, password) {
		t.Error("the refused form shows the password")
	}

	resp, body = admin.post("/admin/reminders/email", url.Values{"addr": {mta.ln.Addr().String()}, "username": {"fazhi"},
		"password": {password}, "from": {"fazhi@example.gov.cn"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = admin.get(resp.Header.Get("Location"))
	wantBody(t, body, "已保存电子邮件渠道设置", "电子邮件：已开启", mta.ln.Addr().String(), "已设置，留空不修改")
	if strings.Contains(body, password) {
		t.Error("the page shows the stored password")
	}

	// Saved again with the password left blank: the stored one is kept.
	resp, body = admin.post("/admin/reminders/email", url.Values{"addr": {mta.ln.Addr().String()}, "username": {"fazhi"},
		"password": {""}, "from": {"tixing@example.gov.cn"}})
	wantStatus(t, resp, body, http.StatusSeeOther)

	d := reviewData("渠道提醒事项")
	d["review_limit_days"] = "10"
	e.seed("legality_review", "A", d)
	if err := e.db.SetReminderEmail(ctx, sys, e.users["reviewerA"].ID, "shenhe@example.gov.cn"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.srv.RunReminders(ctx); err != nil {
		t.Fatal(err)
	}
	if err := e.db.SetReminderEmail(ctx, sys, e.users["admin"].ID, "admin@example.gov.cn"); err != nil {
		t.Fatal(err)
	}
	resp, body = admin.post("/admin/reminders/email/test", nil)
	wantStatus(t, resp, body, http.StatusSeeOther)
	mta.mu.Lock()
	var to []string
	for _, m := range mta.mails {
		to = append(to, m.To)
		if auth, _ := base64.StdEncoding.DecodeString(m.Auth); string(auth) != "\x00fazhi\x00"+password || !m.TLS {
			t.Errorf("mail to %s: AUTH %q, TLS %v", m.To, auth, m.TLS)
		}
		if !strings.Contains(m.Data, "From: tixing@example.gov.cn") {
			t.Errorf("mail to %s is not from the address saved last", m.To)
		}
	}
	mta.mu.Unlock()
	if strings.Join(to, " ") != "shenhe@example.gov.cn admin@example.gov.cn" {
		t.Errorf("mails went to %v, want the reviewer's digest and the administrator's test", to)
	}

	checkAtRest(t, e, func(where string, b []byte) {
		if bytes.Contains(b, []byte(password)) {
			t.Errorf("%s holds the SMTP password in clear", where)
		}
	})
	entries, err := e.db.SearchAudit(ctx, sys, store.AuditQuery{Action: "reminder.channel"})
	if err != nil {
		t.Fatal(err)
	}
	changes := 0
	for _, en := range entries {
		if en.Action == "reminder.channel" {
			changes++
		}
	}
	if changes != 2 {
		t.Errorf("%d audited channel changes, want 2", changes)
	}

	resp, body = admin.post("/admin/reminders/email", url.Values{"clear": {"1"}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	_, body = admin.get("/admin/reminders")
	wantBody(t, body, "电子邮件：未开启")
}
