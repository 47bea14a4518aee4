package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/mail"
	"strings"
	"time"

	"fazhi/internal/store"
)

// The e-mail and webhook channels are set by an administrator of the whole
// installation on /admin/reminders (stored sealed, see
// store.SetReminderChannel); a channel not set there keeps the server's
// start-up flags (Config.Reminders). Every run of the reminder job reads
// them afresh, so a change applies from the next run without a restart.

// Check says in Chinese what is wrong with an SMTP configuration.
func (c *SMTPConfig) Check() error {
	if _, _, err := net.SplitHostPort(c.Addr); err != nil || c.Addr == "" {
		return fmt.Errorf("「邮件服务器」应为 主机:端口，如 smtp.example.gov.cn:587（收到 %q）", c.Addr)
	}
	if _, err := mail.ParseAddress(c.From); err != nil {
		return fmt.Errorf("「发件地址」不是有效的邮箱地址：%q", c.From)
	}
	return nil
}

// Check says in Chinese what is wrong with a webhook configuration.
func (c *WebhookConfig) Check() error {
	if !strings.HasPrefix(c.URL, "https://") && !strings.HasPrefix(c.URL, "http://") {
		return fmt.Errorf("「推送地址」应以 https:// 开头：%q", c.URL)
	}
	if len(c.Secret) < 16 {
		return errors.New("「签名密钥」未设置或短于 16 个字符：请设置签名密钥")
	}
	return nil
}

// storedSMTP and storedWebhook are the stored forms of the channels.
type storedSMTP struct {
	Addr     string `json:"addr"`
	Username string `json:"username"`
	Password string `json:"password"`
	From     string `json:"from"`
}

type storedWebhook struct {
	URL    string `json:"url"`
	Secret string `json:"secret"`
}

// channels are the e-mail and webhook channels in force: those stored by
// the administrator, else the start-up flags'; nil is off.
func (s *Server) channels(ctx context.Context) (*SMTPConfig, *WebhookConfig, error) {
	mc, wc := s.cfg.Reminders.SMTP, s.cfg.Reminders.Webhook
	raw, err := s.store.ReminderChannel(ctx, store.ChannelEmail)
	if err != nil {
		return nil, nil, err
	}
	if raw != "" {
		var c storedSMTP
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return nil, nil, fmt.Errorf("web.channels: e-mail: %w", err)
		}
		mc = &SMTPConfig{Addr: c.Addr, Username: c.Username, Password: c.Password, From: c.From, TLS: s.cfg.Reminders.TLS}
	}
	if raw, err = s.store.ReminderChannel(ctx, store.ChannelWebhook); err != nil {
		return nil, nil, err
	}
	if raw != "" {
		var c storedWebhook
		if err := json.Unmarshal([]byte(raw), &c); err != nil {
			return nil, nil, fmt.Errorf("web.channels: webhook: %w", err)
		}
		wc = &WebhookConfig{URL: c.URL, Secret: c.Secret, Client: s.cfg.Reminders.Client}
	}
	return mc, wc, nil
}

// ChannelForm is the channel section of /admin/reminders: the values in
// force (secrets never shown), where they come from, and a message.
type ChannelForm struct {
	Editable                bool // the reader administers the whole installation
	EmailStored, HookStored bool // set here rather than by the start-up flags
	SMTPAddr, SMTPUser      string
	SMTPFrom, HookURL       string
	HasPassword, HasSecret  bool
	Error, Notice           string
	Failed                  string // the channel the error is about
}

var channelNotices = map[string]string{
	"email":      "已保存电子邮件渠道设置，下次提醒起生效。",
	"webhook":    "已保存推送渠道设置，下次提醒起生效。",
	"email-off":  "已删除页面上的电子邮件渠道设置，改用服务器启动参数。",
	"hook-off":   "已删除页面上的推送渠道设置，改用服务器启动参数。",
	"email-test": "测试邮件已发出，请查收。",
	"hook-test":  "测试推送已送达（对方返回 2xx）。",
}

// channelForm fills the form from the channels in force.
func (s *Server) channelForm(ctx context.Context, p *Principal) (ChannelForm, error) {
	var f ChannelForm
	f.Editable = s.topAdmin(ctx, p)
	mc, wc, err := s.channels(ctx)
	if err != nil {
		return f, err
	}
	if mc != nil {
		f.SMTPAddr, f.SMTPUser, f.SMTPFrom, f.HasPassword = mc.Addr, mc.Username, mc.From, mc.Password != ""
	}
	if wc != nil {
		f.HookURL, f.HasSecret = wc.URL, wc.Secret != ""
	}
	raw, err := s.store.ReminderChannel(ctx, store.ChannelEmail)
	if err != nil {
		return f, err
	}
	f.EmailStored = raw != ""
	if raw, err = s.store.ReminderChannel(ctx, store.ChannelWebhook); err != nil {
		return f, err
	}
	f.HookStored = raw != ""
	return f, nil
}

// topAdmin: p administers a unit with no parent (the whole installation).
func (s *Server) topAdmin(ctx context.Context, p *Principal) bool {
	if !p.User.Has("admin") {
		return false
	}
	u, err := s.store.Unit(ctx, p.User.UnitID)
	return err == nil && u.ParentID == 0
}

// adminChannelSave stores (or with clear=1 removes) one channel's settings.
// A blank password or secret keeps the stored one. A refused value is shown
// again as typed with the message; nothing stored is changed.
func (s *Server) adminChannelSave(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	if !s.topAdmin(ctx, p) {
		return errForbidden
	}
	channel := r.PathValue("channel")
	if channel != store.ChannelEmail && channel != store.ChannelWebhook {
		return errNotFound
	}
	mc, wc, err := s.channels(ctx)
	if err != nil {
		return err
	}
	refuse := func(msg string, typed ChannelForm) error {
		typed.Error, typed.Failed = msg, channel
		return s.renderReminders(w, r, http.StatusUnprocessableEntity, &typed)
	}
	form, err := s.channelForm(ctx, p)
	if err != nil {
		return err
	}
	if r.PostFormValue("clear") == "1" {
		if err := s.store.SetReminderChannel(ctx, p.Actor, channel, "", time.Now()); err != nil {
			return err
		}
		done := map[string]string{store.ChannelEmail: "email-off", store.ChannelWebhook: "hook-off"}[channel]
		http.Redirect(w, r, "/admin/reminders?done="+done, http.StatusSeeOther)
		return nil
	}
	var raw []byte
	switch channel {
	case store.ChannelEmail:
		c := storedSMTP{Addr: strings.TrimSpace(r.PostFormValue("addr")), Username: strings.TrimSpace(r.PostFormValue("username")),
			Password: r.PostFormValue("password"), From: strings.TrimSpace(r.PostFormValue("from"))}
		if c.Password == "" && mc != nil {
			c.Password = mc.Password
		}
		form.SMTPAddr, form.SMTPUser, form.SMTPFrom = c.Addr, c.Username, c.From
		if err := (&SMTPConfig{Addr: c.Addr, From: c.From}).Check(); err != nil {
			return refuse(err.Error(), form)
		}
		raw, _ = json.Marshal(c)
	case store.ChannelWebhook:
		c := storedWebhook{URL: strings.TrimSpace(r.PostFormValue("url")), Secret: r.PostFormValue("secret")}
		if c.Secret == "" && wc != nil {
			c.Secret = wc.Secret
		}
		form.HookURL = c.URL
		if err := (&WebhookConfig{URL: c.URL, Secret: c.Secret}).Check(); err != nil {
			return refuse(err.Error(), form)
		}
		raw, _ = json.Marshal(c)
	}
	if err := s.store.SetReminderChannel(ctx, p.Actor, channel, string(raw), time.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/reminders?done="+channel, http.StatusSeeOther)
	return nil
}

// adminChannelTest sends one test message through a channel in force: an
// e-mail to the administrator's own reminder address, a signed test body
// to the webhook. A failure is shown with the server's answer.
func (s *Server) adminChannelTest(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	if !s.topAdmin(ctx, p) {
		return errForbidden
	}
	channel := r.PathValue("channel")
	mc, wc, err := s.channels(ctx)
	if err != nil {
		return err
	}
	form, err := s.channelForm(ctx, p)
	if err != nil {
		return err
	}
	fail := func(msg string) error {
		form.Error, form.Failed = msg, channel
		return s.renderReminders(w, r, http.StatusUnprocessableEntity, &form)
	}
	now := time.Now()
	switch channel {
	case store.ChannelEmail:
		if mc == nil {
			return fail("电子邮件渠道尚未设置：请先填写并保存邮件服务器")
		}
		to, err := s.store.ReminderEmail(ctx, p.User.ID)
		if err != nil {
			return err
		}
		if to == "" {
			return fail("您的账号没有设置提醒邮箱：请先用 fazhi user email 设置，再发送测试邮件")
		}
		if err := mc.send(to, "到期提醒测试邮件", "这是一封测试邮件：到期提醒的电子邮件渠道工作正常。\n"+s.cfg.SiteName+"\n", now); err != nil {
			return fail("测试邮件发送失败：" + err.Error())
		}
		http.Redirect(w, r, "/admin/reminders?done=email-test", http.StatusSeeOther)
	case store.ChannelWebhook:
		if wc == nil {
			return fail("推送渠道尚未设置：请先填写并保存推送地址和签名密钥")
		}
		body, _ := json.Marshal(digestBody{User: p.User.Username, Name: p.User.Name, Day: s.today().String(),
			Title: "到期提醒测试推送", Text: "这是一条测试推送：到期提醒的推送渠道工作正常。"})
		if _, err := wc.post(ctx, body, now); err != nil {
			return fail("测试推送失败：" + err.Error())
		}
		http.Redirect(w, r, "/admin/reminders?done=hook-test", http.StatusSeeOther)
	default:
		return errNotFound
	}
	return nil
}
