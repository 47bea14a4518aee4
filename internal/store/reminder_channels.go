package store

import (
	"context"
	"database/sql"
	"errors"
	"slices"
	"time"

	"fazhi/internal/access"
)

// Reminder channels the administrator configures in the product: the
// channel's settings as JSON (the web package owns their shape), sealed
// with the personal-data key because they hold a password or a signing
// secret. The audit records that a channel changed, never its settings.

// SetReminderChannel stores channel's settings (config "" removes them, so
// the server's start-up flags apply again). Only the system actor or an
// administrator of a top-level unit (the whole installation) may.
func (db *DB) SetReminderChannel(ctx context.Context, a Actor, channel, config string, now time.Time) (err error) {
	defer wrap(&err, "store.SetReminderChannel(%s)", channel)
	if channel != ChannelEmail && channel != ChannelWebhook {
		return errors.New("unknown channel")
	}
	if err := db.requireTopAdmin(ctx, a); err != nil {
		return err
	}
	sealed := ""
	if config != "" {
		if db.cfg.Keys == nil {
			return errors.New("no personal-data key to seal the channel's secret")
		}
		if sealed, err = db.cfg.Keys.Encrypt(config, channelAAD(channel)); err != nil {
			return err
		}
	}
	return db.write(ctx, func(t *wtx) error {
		summary := "设置到期提醒渠道"
		if sealed == "" {
			summary = "删除到期提醒渠道设置"
			if _, err := t.exec("DELETE FROM reminder_channels WHERE name = ?", channel); err != nil {
				return err
			}
		} else if _, err := t.exec(`INSERT INTO reminder_channels (name, config, updated_at) VALUES (?, ?, ?)
			ON CONFLICT (name) DO UPDATE SET config = excluded.config, updated_at = excluded.updated_at`, channel, sealed, ms(now)); err != nil {
			return err
		}
		_, err := t.audit(a, "reminder.channel", "channel:"+channel, map[string]string{"summary": summary})
		return err
	})
}

// ReminderChannel is channel's stored settings ("" when none are stored).
func (db *DB) ReminderChannel(ctx context.Context, channel string) (config string, err error) {
	defer wrap(&err, "store.ReminderChannel(%s)", channel)
	var sealed string
	if err := db.queryRow(ctx, "SELECT config FROM reminder_channels WHERE name = ?", channel).Scan(&sealed); errors.Is(err, sql.ErrNoRows) {
		return "", nil
	} else if err != nil {
		return "", err
	}
	if db.cfg.Keys == nil {
		return "", errors.New("no personal-data key to open the channel's settings")
	}
	return db.cfg.Keys.Decrypt(sealed, channelAAD(channel))
}

func channelAAD(channel string) string { return "reminder_channel:" + channel }

// requireTopAdmin: the system actor, or an administrator whose unit has no
// parent.
func (db *DB) requireTopAdmin(ctx context.Context, a Actor) error {
	if a.System {
		return nil
	}
	if a.UserID == 0 || !slices.Contains(a.Roles, access.RoleAdmin) {
		return ErrForbidden
	}
	unit, err := db.Unit(ctx, a.UnitID)
	if err != nil {
		return err
	}
	if unit.ParentID != 0 {
		return ErrForbidden
	}
	return nil
}
