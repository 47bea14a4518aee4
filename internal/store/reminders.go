package store

import (
	"context"
	"strconv"
	"time"

	"fazhi/internal/calendar"
)

// Reminder channels.
const (
	ChannelApp     = "app"     // the bell in the product
	ChannelEmail   = "email"   // SMTP
	ChannelWebhook = "webhook" // signed JSON to a robot gateway
)

// Digest is one person's reminder of one day on one channel.
type Digest struct {
	UserID   int64
	Day      string // YYYY-MM-DD
	Channel  string
	Body     string // the payload, JSON: the same bytes on every attempt
	Status   string // pending, sent, failed
	Attempts int
	NextAt   time.Time
	SentAt   time.Time
	Error    string
}

// Notification is an in-product reminder.
type Notification struct {
	ID        int64
	Day       string
	Title     string
	Body      string
	CreatedAt time.Time
	Read      bool
}

// WebhookDelivery is one attempt of the outgoing webhook.
type WebhookDelivery struct {
	UserID  int64
	Day     string
	Attempt int
	Status  int // HTTP status, 0 when none came back
	Error   string
	At      time.Time
}

// ReminderStore is what the reminder job and the bell need (reminders.go).
type ReminderStore interface {
	QueueDigest(ctx context.Context, userID int64, day calendar.Date, title, text, body string, channels []string, now time.Time) (bool, error)
	PendingDigests(ctx context.Context, now time.Time) ([]Digest, error)
	DigestAttempt(ctx context.Context, d Digest, sent bool, errMsg string, next time.Time, giveUp bool, now time.Time) error
	Digests(ctx context.Context, channel string) ([]Digest, error)
	UndeliveredDigests(ctx context.Context, limit int) ([]Digest, error)
	LogWebhook(ctx context.Context, w WebhookDelivery) error
	WebhookLog(ctx context.Context, limit int) ([]WebhookDelivery, error)
	Notifications(ctx context.Context, userID int64, limit int) ([]Notification, error)
	UnreadNotifications(ctx context.Context, userID int64) (int, error)
	MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) error
	SetReminderEmail(ctx context.Context, a Actor, userID int64, address string) error
	ReminderEmail(ctx context.Context, userID int64) (string, error)
	SetReminderChannel(ctx context.Context, a Actor, channel, config string, now time.Time) error
	ReminderChannel(ctx context.Context, channel string) (string, error)
}

func ms(t time.Time) int64 {
	if t.IsZero() {
		return 0
	}
	return t.UnixMilli()
}

func fromMS(n int64) time.Time {
	if n == 0 {
		return time.Time{}
	}
	return time.UnixMilli(n)
}

// QueueDigest writes userID's digest of day once per channel: a channel
// already queued that day is left as it is, so a second run of the day (or
// a run after a restart) adds nothing. The in-product channel is delivered
// at once, as the notification written in the same transaction. It reports
// whether anything new was written.
func (db *DB) QueueDigest(ctx context.Context, userID int64, day calendar.Date, title, text, body string, channels []string, now time.Time) (added bool, err error) {
	defer wrap(&err, "store.QueueDigest(%d %s)", userID, day)
	err = db.write(ctx, func(t *wtx) error {
		for _, ch := range channels {
			status, sent := "pending", int64(0)
			if ch == ChannelApp {
				status, sent = "sent", ms(now)
			}
			res, err := t.exec(`INSERT INTO reminder_digests (user_id, day, channel, body, status, sent_at, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, day, channel) DO NOTHING`,
				userID, day.String(), ch, body, status, sent, ms(now))
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				continue
			}
			added = true
			if ch == ChannelApp {
				if _, err := t.exec(`INSERT INTO notifications (user_id, day, title, body, created_at) VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (user_id, day) DO NOTHING`, userID, day.String(), title, text, ms(now)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return added, err
}

const digestCols = "user_id, day, channel, body, status, attempts, next_at, sent_at, error"

func scanDigest(row interface{ Scan(...any) error }) (Digest, error) {
	var d Digest
	var next, sent int64
	err := row.Scan(&d.UserID, &d.Day, &d.Channel, &d.Body, &d.Status, &d.Attempts, &next, &sent, &d.Error)
	d.NextAt, d.SentAt = fromMS(next), fromMS(sent)
	return d, err
}

func (db *DB) digests(ctx context.Context, where string, args ...any) ([]Digest, error) {
	rows, err := db.query(ctx, "SELECT "+digestCols+" FROM reminder_digests WHERE "+where+" ORDER BY day, user_id, channel", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Digest
	for rows.Next() {
		d, err := scanDigest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// PendingDigests are the digests not yet delivered whose next attempt is
// due at now, oldest day first — those of earlier days too, so a digest
// queued before a restart is still delivered after it.
func (db *DB) PendingDigests(ctx context.Context, now time.Time) (_ []Digest, err error) {
	defer wrap(&err, "store.PendingDigests")
	return db.digests(ctx, "status = 'pending' AND next_at <= ?", ms(now))
}

// Digests lists every digest of a channel ("" every channel).
func (db *DB) Digests(ctx context.Context, channel string) (_ []Digest, err error) {
	defer wrap(&err, "store.Digests(%s)", channel)
	if channel == "" {
		return db.digests(ctx, "1 = 1")
	}
	return db.digests(ctx, "channel = ?", channel)
}

// UndeliveredDigests are the digests still pending or given up, newest
// day first, at most limit.
func (db *DB) UndeliveredDigests(ctx context.Context, limit int) (_ []Digest, err error) {
	defer wrap(&err, "store.UndeliveredDigests")
	rows, err := db.query(ctx, "SELECT "+digestCols+" FROM reminder_digests WHERE status <> 'sent' ORDER BY day DESC, user_id LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Digest
	for rows.Next() {
		d, err := scanDigest(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, rows.Err()
}

// DigestAttempt records a delivery attempt of d: sent, or failed with the
// next attempt at next (or given up).
func (db *DB) DigestAttempt(ctx context.Context, d Digest, sent bool, errMsg string, next time.Time, giveUp bool, now time.Time) (err error) {
	defer wrap(&err, "store.DigestAttempt(%d %s %s)", d.UserID, d.Day, d.Channel)
	status := "pending"
	switch {
	case sent:
		status, errMsg = "sent", ""
	case giveUp:
		status = "failed"
	}
	sentAt := int64(0)
	if sent {
		sentAt = ms(now)
	}
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec(`UPDATE reminder_digests SET status = ?, attempts = attempts + 1, next_at = ?, sent_at = ?, error = ?
			WHERE user_id = ? AND day = ? AND channel = ? AND status = 'pending'`,
			status, ms(next), sentAt, errMsg, d.UserID, d.Day, d.Channel)
		return err
	})
}

// LogWebhook appends an attempt to the webhook delivery log.
func (db *DB) LogWebhook(ctx context.Context, w WebhookDelivery) (err error) {
	defer wrap(&err, "store.LogWebhook")
	return db.write(ctx, func(t *wtx) error {
		_, err := t.exec(`INSERT INTO webhook_deliveries (user_id, day, attempt, status, error, at) VALUES (?, ?, ?, ?, ?, ?)`,
			w.UserID, w.Day, w.Attempt, w.Status, w.Error, ms(w.At))
		return err
	})
}

// WebhookLog is the delivery log, newest first.
func (db *DB) WebhookLog(ctx context.Context, limit int) (_ []WebhookDelivery, err error) {
	defer wrap(&err, "store.WebhookLog")
	rows, err := db.query(ctx, "SELECT user_id, day, attempt, status, error, at FROM webhook_deliveries ORDER BY id DESC LIMIT ?", limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []WebhookDelivery
	for rows.Next() {
		var w WebhookDelivery
		var at int64
		if err := rows.Scan(&w.UserID, &w.Day, &w.Attempt, &w.Status, &w.Error, &at); err != nil {
			return nil, err
		}
		w.At = fromMS(at)
		out = append(out, w)
	}
	return out, rows.Err()
}

// Notifications are userID's in-product reminders, newest first.
func (db *DB) Notifications(ctx context.Context, userID int64, limit int) (_ []Notification, err error) {
	defer wrap(&err, "store.Notifications(%d)", userID)
	rows, err := db.query(ctx, "SELECT id, day, title, body, created_at, read_at FROM notifications WHERE user_id = ? ORDER BY day DESC, id DESC LIMIT ?", userID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Notification
	for rows.Next() {
		var n Notification
		var created, read int64
		if err := rows.Scan(&n.ID, &n.Day, &n.Title, &n.Body, &created, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.Read = fromMS(created), read != 0
		out = append(out, n)
	}
	return out, rows.Err()
}

// UnreadNotifications counts userID's unread reminders (the bell).
func (db *DB) UnreadNotifications(ctx context.Context, userID int64) (n int, err error) {
	defer wrap(&err, "store.UnreadNotifications(%d)", userID)
	err = db.queryRow(ctx, "SELECT COUNT(*) FROM notifications WHERE user_id = ? AND read_at = 0", userID).Scan(&n)
	return n, err
}

// MarkNotificationRead marks one of userID's reminders read (id 0: all of
// them); another person's is ErrNotFound.
func (db *DB) MarkNotificationRead(ctx context.Context, userID, id int64, now time.Time) (err error) {
	defer wrap(&err, "store.MarkNotificationRead(%d %d)", userID, id)
	return db.write(ctx, func(t *wtx) error {
		if id == 0 {
			_, err := t.exec("UPDATE notifications SET read_at = ? WHERE user_id = ? AND read_at = 0", ms(now), userID)
			return err
		}
		var one int
		if err := t.queryRow("SELECT 1 FROM notifications WHERE id = ? AND user_id = ?", id, userID).Scan(&one); err != nil {
			return db.translate(err)
		}
		_, err := t.exec("UPDATE notifications SET read_at = ? WHERE id = ? AND read_at = 0", ms(now), id)
		return err
	})
}

// SetReminderEmail sets the address userID's e-mail reminders go to (""
// removes it), audited.
func (db *DB) SetReminderEmail(ctx context.Context, a Actor, userID int64, address string) (err error) {
	defer wrap(&err, "store.SetReminderEmail(%d)", userID)
	if !a.System {
		return ErrForbidden
	}
	return db.write(ctx, func(t *wtx) error {
		var one int
		if err := t.queryRow("SELECT 1 FROM users WHERE id = ?", userID).Scan(&one); err != nil {
			return db.translate(err)
		}
		summary := "删除到期提醒邮箱"
		if address == "" {
			if _, err := t.exec("DELETE FROM reminder_emails WHERE user_id = ?", userID); err != nil {
				return err
			}
		} else {
			summary = "设置到期提醒邮箱"
			if _, err := t.exec(`INSERT INTO reminder_emails (user_id, address) VALUES (?, ?)
				ON CONFLICT (user_id) DO UPDATE SET address = excluded.address`, userID, address); err != nil {
				return err
			}
		}
		_, err := t.audit(a, "user.reminder_email", "user:"+strconv.FormatInt(userID, 10), map[string]string{"summary": summary})
		return err
	})
}

// ReminderEmail is userID's reminder address ("" none).
func (db *DB) ReminderEmail(ctx context.Context, userID int64) (addr string, err error) {
	defer wrap(&err, "store.ReminderEmail(%d)", userID)
	err = db.queryRow(ctx, "SELECT address FROM reminder_emails WHERE user_id = ?", userID).Scan(&addr)
	if err != nil && db.translate(err) == ErrNotFound {
		return "", nil
	}
	return addr, err
}
