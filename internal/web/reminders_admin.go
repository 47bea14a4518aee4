package web

import (
	"net/http"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// RemindersAdminPage is GET /admin/reminders: which channels are on, the
// digests not (yet) delivered and the webhook delivery log, for the users
// of the units the administrator administers.
type RemindersAdminPage struct {
	Base
	Email, Webhook bool
	Channels       ChannelForm
	Undelivered    []DigestView
	Log            []DeliveryView
}

// DigestView is a digest not yet delivered.
type DigestView struct {
	User, Day, Channel, Status, Error string
	Attempts                          int
}

// DeliveryView is one webhook attempt.
type DeliveryView struct {
	User, Day, At, Error string
	Attempt, Status      int
}

var channelLabels = map[string]string{store.ChannelApp: "系统内", store.ChannelEmail: "电子邮件", store.ChannelWebhook: "推送"}

func (s *Server) adminReminders(w http.ResponseWriter, r *http.Request) error {
	form, err := s.channelForm(r.Context(), principal(r))
	if err != nil {
		return err
	}
	form.Notice = channelNotices[r.URL.Query().Get("done")]
	return s.renderReminders(w, r, http.StatusOK, &form)
}

// renderReminders renders the page with the channel form as given.
func (s *Server) renderReminders(w http.ResponseWriter, r *http.Request, status int, form *ChannelForm) error {
	ctx := r.Context()
	p := principal(r)
	if !p.User.Has(access.RoleAdmin) {
		return errForbidden
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	names := map[int64]string{}
	for _, u := range l.administered() {
		us, err := s.store.Users(ctx, u.Path)
		if err != nil {
			return err
		}
		for _, x := range us {
			names[x.ID] = x.Name
			if x.Name == "" {
				names[x.ID] = x.Username
			}
		}
	}
	mc, wc, err := s.channels(ctx)
	if err != nil {
		return err
	}
	page := &RemindersAdminPage{Base: s.base(r, "到期提醒投递"), Email: mc != nil, Webhook: wc != nil, Channels: *form}
	ds, err := s.store.UndeliveredDigests(ctx, 1000)
	if err != nil {
		return err
	}
	for _, d := range ds {
		if n, ok := names[d.UserID]; ok && len(page.Undelivered) < 200 {
			st := "待重试"
			if d.Status == "failed" {
				st = "已放弃"
			}
			page.Undelivered = append(page.Undelivered, DigestView{User: n, Day: d.Day, Channel: channelLabels[d.Channel], Status: st,
				Error: d.Error, Attempts: d.Attempts})
		}
	}
	log, err := s.store.WebhookLog(ctx, 1000)
	if err != nil {
		return err
	}
	for _, x := range log {
		if n, ok := names[x.UserID]; ok && len(page.Log) < 200 {
			page.Log = append(page.Log, DeliveryView{User: n, Day: x.Day, At: x.At.In(calendar.China).Format(time.DateTime),
				Error: x.Error, Attempt: x.Attempt, Status: x.Status})
		}
	}
	s.render(w, r, status, "reminders.html", page)
	return nil
}
