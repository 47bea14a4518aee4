package web

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// webhookSink is a robot gateway: it checks each body's signature, fails
// the first attempt on some days, and counts what it accepted.
type webhookSink struct {
	t       *testing.T
	secret  string
	mu      sync.Mutex
	got     map[string]int // user/day → accepted deliveries
	tried   map[string]int
	failDay func(day string) bool
}

func (h *webhookSink) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	ts, sig := r.Header.Get("X-Fazhi-Timestamp"), r.Header.Get("X-Fazhi-Signature")
	want := "sha256=" + sign(h.secret, ts, body)
	if ts == "" || !hmac.Equal([]byte(sig), []byte(want)) {
		h.t.Errorf("webhook signature %q does not verify", sig)
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	var d digestBody
	if err := json.Unmarshal(body, &d); err != nil || d.Title == "" || len(d.Items) == 0 || d.Items[0].Basis == "" {
		h.t.Errorf("webhook body %s: %v", body, err)
	}
	key := d.User + "/" + d.Day
	h.mu.Lock()
	defer h.mu.Unlock()
	h.tried[key]++
	if h.failDay(d.Day) && h.tried[key] == 1 {
		http.Error(w, "gateway busy", http.StatusServiceUnavailable)
		return
	}
	h.got[key]++
}

// TestReminders_AYearOfDigestsEachSentOnce: a fake clock walks through a
// year of due dates. Every person whose to-do list has an item due within
// the week or overdue gets that day's digest exactly once in the product
// and on the webhook — though the job runs several times a day, the server
// restarts every month and the gateway refuses some first attempts — and
// nobody else gets one.
func TestReminders_AYearOfDigestsEachSentOnce(t *testing.T) {
	e := apiEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	seed := func(unit, received, days string) *ledger.Record {
		d := reviewData("提醒测试" + unit + received)
		d["received_date"], d["review_limit_days"] = received, days
		return e.seed("legality_review", unit, d)
	}
	a1 := seed("A", "2025-03-03", "10")
	b1 := seed("B", "2025-03-03", "5")
	withdrawOn := calendar.Date{Year: 2025, Month: 5, Day: 6} // a1 is withdrawn: its reminders stop
	due := map[int64]calendar.Date{}
	dueOf := func(r *ledger.Record) {
		cs, err := e.db.Clocks(ctx, sys, r.ID)
		if err != nil || len(cs) != 1 {
			t.Fatalf("clocks of %d: %v %v", r.ID, cs, err)
		}
		due[r.ID] = cs[0].Due
	}
	dueOf(a1)
	dueOf(b1)
	a2Day := calendar.Date{Year: 2025, Month: 6, Day: 2} // received later in the year
	var a2 *ledger.Record
	// Who may act on a received review: the reviewers and advisers of its
	// unit (adviserAB also in B by grant).
	actors := map[int64][]string{a1.ID: {"reviewerA", "adviserA", "adviserAB"}, b1.ID: {"adviserAB"}}

	sink := &webhookSink{t: t, secret: "机器人密钥-secret", got: map[string]int{}, tried: map[string]int{},
		failDay: func(day string) bool { return strings.HasSuffix(day, "5") }}
	hook := httptest.NewServer(sink)
	defer hook.Close()
	cfg := e.srv.cfg
	cfg.Reminders = ReminderConfig{Webhook: &WebhookConfig{URL: hook.URL, Secret: sink.secret}}
	srv := New(cfg, e.st, e.srv.kinds, e.srv.cal, nil)

	want := map[string]bool{}
	start := calendar.FromTime(e.clock.Now())
	for day := start; day.Before(start.AddDays(366)); day = day.AddDays(1) {
		if day == a2Day {
			a2 = seed("A", day.String(), "20")
			dueOf(a2)
			actors[a2.ID] = actors[a1.ID]
		}
		if day == withdrawOn {
			r, err := e.db.Record(ctx, sys, a1.ID)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.db.Transition(ctx, sys, e.srv.kinds.Kind("legality_review"), a1.ID, r.Version, "withdraw", ledger.Values{"withdraw_reason": "起草单位撤回"}); err != nil {
				t.Fatal(err)
			}
		}
		for id, d := range due {
			if id == a1.ID && !day.Before(withdrawOn) {
				continue
			}
			if !d.After(day.AddDays(cfg.DueSoonDays)) {
				for _, u := range actors[id] {
					want[u+"/"+day.String()] = true
				}
			}
		}
		if day.Day == 1 { // a restart: nothing but the database carries over
			srv = New(cfg, e.st, e.srv.kinds, e.srv.cal, nil)
		}
		for range 3 { // 09:00, 10:00, 11:00
			if _, _, err := srv.RunReminders(ctx); err != nil {
				t.Fatal(err)
			}
			e.clock.Add(time.Hour)
		}
		e.clock.Add(21 * time.Hour)
	}

	names := map[int64]string{}
	for n, u := range e.users {
		names[u.ID] = n
	}
	for _, ch := range []string{store.ChannelApp, store.ChannelWebhook} {
		ds, err := e.db.Digests(ctx, ch)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, d := range ds {
			k := names[d.UserID] + "/" + d.Day
			if got[k] {
				t.Errorf("%s: digest %s twice", ch, k)
			}
			got[k] = true
			if d.Status != "sent" {
				t.Errorf("%s: digest %s is %s after %d attempts: %s", ch, k, d.Status, d.Attempts, d.Error)
			}
		}
		if !mapsEqual(got, want) {
			t.Errorf("%s: %d digests sent, want %d; extra %v, missing %v", ch, len(got), len(want), diffKeys(got, want), diffKeys(want, got))
		}
	}
	for k, n := range sink.got {
		if n != 1 || !want[k] {
			t.Errorf("webhook accepted %s %d times (expected: %v)", k, n, want[k])
		}
	}
	if len(sink.got) != len(want) {
		t.Errorf("webhook accepted %d digests, want %d", len(sink.got), len(want))
	}
	log, err := e.db.WebhookLog(ctx, 100000)
	if err != nil {
		t.Fatal(err)
	}
	failed := slices.IndexFunc(log, func(w store.WebhookDelivery) bool { return w.Status == http.StatusServiceUnavailable })
	if failed < 0 || len(log) <= len(want) {
		t.Errorf("delivery log has %d attempts for %d digests, want the refused first attempts logged too", len(log), len(want))
	}
	_, page := e.loggedIn("adminA").get("/admin/reminders")
	if !strings.Contains(page, "推送记录") || !strings.Contains(page, "<td>503</td>") || !strings.Contains(page, "全部提醒均已送达") {
		t.Error("/admin/reminders does not show the delivery log with the refused attempts")
	}
}

func mapsEqual(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

func diffKeys(a, b map[string]bool) []string {
	var out []string
	for k := range a {
		if !b[k] {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	if len(out) > 5 {
		out = append(out[:5], "…")
	}
	return out
}
