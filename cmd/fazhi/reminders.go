package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/mail"
	"os"
	"strings"
	"time"

	"fazhi/internal/store"
	"fazhi/internal/web"
)

// reminderFlags are the reminder channels' settings (docs/operations.md):
// e-mail over SMTP with STARTTLS and the outgoing webhook. Passwords and
// secrets come from the environment only, never the command line.
type reminderFlags struct {
	SMTPAddr, SMTPUser, SMTPFrom string
	SMTPPassword                 string
	WebhookURL, WebhookSecret    string
}

func (r *reminderFlags) flags(fs *flag.FlagSet) {
	fs.StringVar(&r.SMTPAddr, "smtp", env("FAZHI_SMTP_ADDR", ""), "到期提醒邮件服务器 host:port（须支持 STARTTLS；空为不发邮件）")
	fs.StringVar(&r.SMTPUser, "smtp-user", env("FAZHI_SMTP_USER", ""), "邮件服务器用户名（密码取自 FAZHI_SMTP_PASSWORD）")
	fs.StringVar(&r.SMTPFrom, "smtp-from", env("FAZHI_SMTP_FROM", ""), "提醒邮件的发件地址")
	fs.StringVar(&r.WebhookURL, "webhook", env("FAZHI_WEBHOOK_URL", ""), "到期提醒 webhook 地址（签名密钥取自 FAZHI_WEBHOOK_SECRET；空为不推送）")
	r.SMTPPassword = os.Getenv("FAZHI_SMTP_PASSWORD")
	r.WebhookSecret = os.Getenv("FAZHI_WEBHOOK_SECRET")
}

// config is the web reminder configuration, or a Chinese error naming the
// setting to fix.
func (r *reminderFlags) config() (web.ReminderConfig, error) {
	var c web.ReminderConfig
	if r.SMTPAddr != "" {
		c.SMTP = &web.SMTPConfig{Addr: r.SMTPAddr, Username: r.SMTPUser, Password: r.SMTPPassword, From: r.SMTPFrom}
		if err := c.SMTP.Check(); err != nil {
			return c, fmt.Errorf("--smtp / --smtp-from（FAZHI_SMTP_ADDR / FAZHI_SMTP_FROM）：%w", err)
		}
	}
	if r.WebhookURL != "" {
		c.Webhook = &web.WebhookConfig{URL: r.WebhookURL, Secret: r.WebhookSecret}
		if err := c.Webhook.Check(); err != nil {
			return c, fmt.Errorf("--webhook（FAZHI_WEBHOOK_URL，密钥取自 FAZHI_WEBHOOK_SECRET）：%w", err)
		}
	}
	return c, nil
}

// runReminders runs the reminder job at start and then every interval; a
// run after downtime delivers what was left pending and queues today's.
func runReminders(ctx context.Context, ws *web.Server, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if q, d, err := ws.RunReminders(ctx); err != nil && ctx.Err() == nil {
			log.Error("reminders", slog.Any("err", err))
		} else if q > 0 || d > 0 {
			log.Info("reminders", slog.Int("queued", q), slog.Int("delivered", d))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// setReminderEmail is `fazhi user email`.
func setReminderEmail(ctx context.Context, a *app, actor store.Actor, username, address string, stdout io.Writer) error {
	u, err := a.store.UserByUsername(ctx, username)
	if err != nil {
		return fmt.Errorf("用户 %s: %w", username, err)
	}
	address = strings.TrimSpace(address)
	if address != "" {
		m, err := mail.ParseAddress(address)
		if err != nil {
			return fmt.Errorf("--address 不是有效的邮件地址：%q", address)
		}
		address = m.Address
	}
	if err := a.store.SetReminderEmail(ctx, actor, u.ID, address); err != nil {
		return err
	}
	if address == "" {
		fmt.Fprintf(stdout, "已删除 %s 的到期提醒邮箱\n", username)
	} else {
		fmt.Fprintf(stdout, "%s 的到期提醒将发送到 %s\n", username, address)
	}
	return nil
}
