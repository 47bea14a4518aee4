package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// Reminders (到期提醒): once a day each person gets a digest of their to-do
// items that are due soon or overdue, on every channel the administrator
// configured — in the product (always: the bell), by e-mail over SMTP with
// STARTTLS, and by an outgoing webhook with a signed JSON body. The job is
// run by `fazhi serve` at start and hourly. It is idempotent and survives
// restarts: a digest is first written to reminder_digests (once per person,
// day and channel), then delivered; one that failed or was cut short stays
// pending and is retried with backoff by later runs.

// ReminderConfig are the channels besides the bell; a nil one is off.
type ReminderConfig struct {
	SMTP    *SMTPConfig
	Webhook *WebhookConfig
	// TLS and Client apply to channels set on /admin/reminders as to
	// these (tests trust their own certificate); nil: the defaults.
	TLS    *tls.Config
	Client *http.Client
}

// digestBody is the payload of a digest, the webhook's JSON body as is.
type digestBody struct {
	User  string       `json:"user"`
	Name  string       `json:"name"`
	Day   string       `json:"day"`
	Title string       `json:"title"`
	Text  string       `json:"text"`
	Items []digestItem `json:"items"`
}

type digestItem struct {
	Kind     string `json:"kind"`
	Title    string `json:"title"`
	Unit     string `json:"unit"`
	Period   string `json:"period"`
	Basis    string `json:"basis"`
	Due      string `json:"due"`
	Overdue  bool   `json:"overdue"`
	DaysLeft int    `json:"days_left"`
	URL      string `json:"url"`
}

// maxDigestAttempts is how often an e-mail or webhook delivery is tried
// before it is given up (logged as failed).
const maxDigestAttempts = 8

// backoff is the wait before attempt n+1 after n failed attempts: 1, 2, 4 …
// minutes, at most 6 hours.
func backoff(n int) time.Duration {
	d := time.Minute << min(n-1, 9)
	return min(d, 6*time.Hour)
}

// RunReminders queues today's digests and delivers every pending one. It
// returns how many digests were queued and delivered.
func (s *Server) RunReminders(ctx context.Context) (queued, delivered int, err error) {
	defer func() {
		if err != nil {
			err = fmt.Errorf("web.RunReminders: %w", err)
		}
	}()
	now := s.cfg.Now()
	today := calendar.FromTime(now.In(calendar.China))
	mc, wc, err := s.channels(ctx)
	if err != nil {
		return 0, 0, err
	}
	users, err := s.store.Users(ctx, "")
	if err != nil {
		return 0, 0, err
	}
	late, err := s.store.LateReports(ctx, today.String())
	if err != nil {
		return 0, 0, err
	}
	for i := range users {
		u := &users[i]
		if u.Locked {
			continue
		}
		a, err := s.store.ActorFor(ctx, u, "")
		if err != nil {
			return queued, delivered, err
		}
		groups, err := s.todoList(ctx, a, today, store.TodoQuery{DueBy: today.AddDays(s.cfg.DueSoonDays)})
		if err != nil {
			return queued, delivered, err
		}
		d := digestBody{User: u.Username, Name: u.Name, Day: today.String(), Items: []digestItem{}}
		overdue, soon := 0, 0
		for _, g := range groups {
			if g.Name != todoOverdue && g.Name != todoDueSoon {
				continue
			}
			for _, it := range g.Items {
				d.Items = append(d.Items, digestItem{Kind: it.KindLabel, Title: it.Title, Unit: it.Unit, Period: it.Period,
					Basis: it.Basis, Due: it.Due, Overdue: it.Overdue, DaysLeft: it.DaysLeft, URL: it.URL})
				if it.Overdue {
					overdue++
				} else {
					soon++
				}
			}
		}
		for _, it := range lateReportItems(u, a, late, today) {
			d.Items = append(d.Items, it)
			overdue++
		}
		if len(d.Items) == 0 {
			continue
		}
		d.Title = fmt.Sprintf("到期提醒：%s 已逾期 %d 件，即将到期 %d 件", today.Chinese(), overdue, soon)
		var b strings.Builder
		for _, it := range d.Items {
			state := fmt.Sprintf("剩 %d 天", it.DaysLeft)
			if it.Overdue {
				state = fmt.Sprintf("已逾期 %d 天", -it.DaysLeft)
			}
			fmt.Fprintf(&b, "【%s】%s（%s）%s 届满日 %s，%s；依据：%s\n", it.Kind, it.Title, it.Unit, it.Period, it.Due, state, it.Basis)
		}
		d.Text = b.String()
		body, err := json.Marshal(d)
		if err != nil {
			return queued, delivered, err
		}
		channels := []string{store.ChannelApp}
		if mc != nil {
			if addr, err := s.store.ReminderEmail(ctx, u.ID); err != nil {
				return queued, delivered, err
			} else if addr != "" {
				channels = append(channels, store.ChannelEmail)
			}
		}
		if wc != nil {
			channels = append(channels, store.ChannelWebhook)
		}
		added, err := s.store.QueueDigest(ctx, u.ID, today, d.Title, d.Text, string(body), channels, now)
		if err != nil {
			return queued, delivered, err
		}
		if added {
			queued++
		}
	}
	pending, err := s.store.PendingDigests(ctx, now)
	if err != nil {
		return queued, delivered, err
	}
	for _, p := range pending {
		ok, err := s.deliver(ctx, p, mc, wc, now)
		if ctx.Err() != nil {
			return queued, delivered, ctx.Err()
		}
		msg := ""
		if err != nil {
			msg = err.Error()
			s.log.Warn("reminder delivery failed", slog.String("channel", p.Channel), slog.Int64("user", p.UserID),
				slog.String("day", p.Day), slog.Int("attempt", p.Attempts+1), slog.Any("err", err))
		}
		giveUp := !ok && p.Attempts+1 >= maxDigestAttempts
		if err := s.store.DigestAttempt(ctx, p, ok, msg, now.Add(backoff(p.Attempts+1)), giveUp, now); err != nil {
			return queued, delivered, err
		}
		if ok {
			delivered++
		}
	}
	return queued, delivered, nil
}

// deliver tries one pending digest once.
func (s *Server) deliver(ctx context.Context, d store.Digest, mc *SMTPConfig, wc *WebhookConfig, now time.Time) (bool, error) {
	var body digestBody
	if err := json.Unmarshal([]byte(d.Body), &body); err != nil {
		return false, err
	}
	switch d.Channel {
	case store.ChannelEmail:
		c := mc
		if c == nil {
			return false, fmt.Errorf("e-mail channel is no longer configured")
		}
		to, err := s.store.ReminderEmail(ctx, d.UserID)
		if err != nil || to == "" {
			return false, fmt.Errorf("no e-mail address for user %d: %v", d.UserID, err)
		}
		if err := c.send(to, body.Title, body.Text+"\n"+s.cfg.SiteName+"\n", now); err != nil {
			return false, err
		}
		return true, nil
	case store.ChannelWebhook:
		c := wc
		if c == nil {
			return false, fmt.Errorf("webhook channel is no longer configured")
		}
		status, err := c.post(ctx, []byte(d.Body), now)
		logErr := ""
		if err != nil {
			logErr = err.Error()
		}
		if lerr := s.store.LogWebhook(ctx, store.WebhookDelivery{UserID: d.UserID, Day: d.Day, Attempt: d.Attempts + 1,
			Status: status, Error: logErr, At: now}); lerr != nil {
			return false, lerr
		}
		return err == nil, err
	}
	return false, fmt.Errorf("unknown channel %q", d.Channel)
}

// sign is the webhook's signature of body: hex HMAC-SHA256 under secret of
// the timestamp, a dot and the body.
func sign(secret, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write([]byte(timestamp))
	m.Write([]byte("."))
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}
