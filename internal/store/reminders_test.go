package store

import (
	"context"
	"testing"
	"time"

	"fazhi/internal/calendar"
)

// testReminderDigests: a digest is written once per person, day and
// channel however often it is queued; the bell's notification with it; a
// failed delivery stays pending until sent, and a sent one is never
// pending again.
func testReminderDigests(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	u := f.users["clerkA"].ID
	day := calendar.Date{Year: 2025, Month: 3, Day: 3}
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	chs := []string{ChannelApp, ChannelWebhook}
	for i, want := range []bool{true, false, false} {
		added, err := e.db.QueueDigest(ctx, u, day, "到期提醒", "甲\n乙", `{"a":1}`, chs, now)
		must(t, err)
		if added != want {
			t.Fatalf("queue #%d added = %v, want %v", i+1, added, want)
		}
	}
	ds, err := e.db.Digests(ctx, "")
	must(t, err)
	if len(ds) != 2 {
		t.Fatalf("%d digests, want one per channel", len(ds))
	}
	pending, err := e.db.PendingDigests(ctx, now)
	must(t, err)
	if len(pending) != 1 || pending[0].Channel != ChannelWebhook {
		t.Fatalf("pending = %+v, want the webhook's only", pending)
	}
	must(t, e.db.DigestAttempt(ctx, pending[0], false, "503", now.Add(time.Minute), false, now))
	if p, _ := e.db.PendingDigests(ctx, now); len(p) != 0 {
		t.Fatalf("a failed delivery is retried before its backoff: %+v", p)
	}
	p, err := e.db.PendingDigests(ctx, now.Add(time.Minute))
	must(t, err)
	if len(p) != 1 || p[0].Attempts != 1 || p[0].Error != "503" {
		t.Fatalf("after backoff pending = %+v", p)
	}
	must(t, e.db.DigestAttempt(ctx, p[0], true, "", time.Time{}, false, now.Add(time.Minute)))
	if p, _ := e.db.PendingDigests(ctx, now.Add(time.Hour)); len(p) != 0 {
		t.Fatalf("a sent digest is pending again: %+v", p)
	}
	n, err := e.db.UnreadNotifications(ctx, u)
	must(t, err)
	if n != 1 {
		t.Fatalf("unread = %d, want 1", n)
	}
	ns, err := e.db.Notifications(ctx, u, 10)
	must(t, err)
	wantErr(t, e.db.MarkNotificationRead(ctx, f.users["clerkB"].ID, ns[0].ID, now), ErrNotFound, "clerkB marks clerkA's")
	must(t, e.db.MarkNotificationRead(ctx, u, ns[0].ID, now))
	if n, _ := e.db.UnreadNotifications(ctx, u); n != 0 {
		t.Fatalf("unread after marking = %d", n)
	}
	wantErr(t, e.db.SetReminderEmail(ctx, f.actors["adminA"], u, "a@example.gov.cn"), ErrForbidden, "an admin sets an address through the store")
	must(t, e.db.SetReminderEmail(ctx, SystemActor("test"), u, "a@example.gov.cn"))
	if a, _ := e.db.ReminderEmail(ctx, u); a != "a@example.gov.cn" {
		t.Fatalf("address = %q", a)
	}
	if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("audit after setting an address: %+v %v", b, err)
	}
}
