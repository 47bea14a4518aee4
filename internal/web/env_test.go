package web

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/blob"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// testPassword satisfies the password policy; every seeded user has it.
const testPassword = "Fazhi-Test-2025"

// fakeClock is the time every part of a test server sees.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// countingStore is the real store, counting the session writes the auth
// middleware makes.
type countingStore struct {
	store.Contract
	touches atomic.Int64
	reads   atomic.Int64 // IndicatorRecords, IndicatorUnitRecords and IndicatorRecordsByID calls
}

func (c *countingStore) IndicatorUnitRecords(ctx context.Context, kind string, rootID int64, units []int64, persons []string) ([]ledger.Record, error) {
	c.reads.Add(1)
	return c.Contract.IndicatorUnitRecords(ctx, kind, rootID, units, persons)
}

func (c *countingStore) IndicatorRecordsByID(ctx context.Context, kind string, unitID int64, ids []int64, persons []string) ([]ledger.Record, []int64, error) {
	c.reads.Add(1)
	return c.Contract.IndicatorRecordsByID(ctx, kind, unitID, ids, persons)
}

func (c *countingStore) IndicatorRecords(ctx context.Context, a store.Actor, kind string, unitID int64, persons []string) ([]ledger.Record, error) {
	c.reads.Add(1)
	return c.Contract.IndicatorRecords(ctx, a, kind, unitID, persons)
}

func (c *countingStore) TouchSession(ctx context.Context, id string, at time.Time) error {
	c.touches.Add(1)
	return c.Contract.TouchSession(ctx, id, at)
}

// env is a real server on a real SQLite file: a county with townships A and
// B, and users clerkA, reviewerA, headA, adminA (admin of A), clerkB,
// inspector (county) and admin (county).
type env struct {
	t     testing.TB
	db    *store.DB
	st    *countingStore
	srv   *Server
	ts    *httptest.Server
	clock *fakeClock
	units map[string]access.Unit
	users map[string]*access.User
	logs  *bytes.Buffer
	// storeCfg opened db: a second store.Open with it is another process
	// on the same database.
	storeCfg store.Config
}

func newEnv(t testing.TB, reg *ledger.Registry, tweak ...func(*Config)) *env {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	clock := &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, calendar.China)}
	keys, err := secure.ParseKeyRing("1:" + strings.Repeat("ab", secure.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	cal := calendar.Builtin()
	scfg := store.Config{URL: filepath.Join(dir, "fazhi.db"), DataDir: dir, Keys: keys,
		Blobs: blobs, Kinds: reg, Calendar: cal, Now: clock.Now}
	db, err := store.Open(ctx, scfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	e := &env{t: t, db: db, st: &countingStore{Contract: db}, clock: clock, storeCfg: scfg,
		units: map[string]access.Unit{}, users: map[string]*access.User{}, logs: &bytes.Buffer{}}
	sys := store.SystemActor("test")
	unit := func(key, name string, parent int64, level access.Level) {
		u := access.Unit{ParentID: parent, Name: name, Level: level}
		if err := db.CreateUnit(ctx, sys, &u); err != nil {
			t.Fatal(err)
		}
		e.units[key] = u
	}
	unit("county", "测试县", 0, access.LevelCounty)
	unit("A", "甲镇", e.units["county"].ID, access.LevelTownship)
	unit("B", "乙镇", e.units["county"].ID, access.LevelTownship)
	hash, err := access.HashPassword(testPassword, cheapPassword)
	if err != nil {
		t.Fatal(err)
	}
	user := func(name, display, unit string, roles ...access.Role) {
		u := &access.User{Username: name, Name: display, UnitID: e.units[unit].ID, Roles: roles, PasswordHash: hash}
		if err := db.CreateUser(ctx, sys, u); err != nil {
			t.Fatal(err)
		}
		e.users[name] = u
	}
	user("clerkA", "甲镇录入员", "A", access.RoleClerk)
	user("reviewerA", "甲镇审核员", "A", access.RoleReviewer)
	user("headA", "甲镇负责人", "A", access.RoleHead)
	user("adminA", "甲镇管理员", "A", access.RoleAdmin)
	user("clerkB", "乙镇录入员", "B", access.RoleClerk)
	user("inspector", "县督察员", "county", access.RoleInspector)
	user("admin", "县管理员", "county", access.RoleAdmin)

	cfg := DefaultConfig()
	cfg.Now = clock.Now
	cfg.Password = cheapPassword
	for _, f := range tweak {
		f(&cfg)
	}
	log := slog.New(slog.NewTextHandler(e.logs, nil))
	e.srv = New(cfg, e.st, reg, cal, log)
	e.ts = httptest.NewServer(e.srv.Handler())
	t.Cleanup(e.ts.Close)
	return e
}

// caseEnv is an env with the test kind.
func caseEnv(t testing.TB, tweak ...func(*Config)) *env {
	reg, err := ledger.NewRegistry(testKind())
	if err != nil {
		t.Fatal(err)
	}
	return newEnv(t, reg, tweak...)
}

// client is one browser: a cookie jar, redirects not followed, the CSRF
// token of its session.
type client struct {
	e    *env
	hc   *http.Client
	csrf string
}

func (e *env) client() *client {
	jar, _ := cookiejar.New(nil)
	return &client{e: e, hc: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
}

// do sends req and returns the response with its body read.
func (c *client) do(req *http.Request) (*http.Response, string) {
	c.e.t.Helper()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func mustURL(s string) *url.URL { u, _ := url.Parse(s); return u }

func (c *client) get(path string, hdr ...string) (*http.Response, string) {
	c.e.t.Helper()
	req, _ := http.NewRequest("GET", c.e.ts.URL+path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

// post submits a form the way a same-site browser does, with the session's
// CSRF token unless the form carries its own.
func (c *client) post(path string, form url.Values, hdr ...string) (*http.Response, string) {
	c.e.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form[csrfField]; !ok && c.csrf != "" {
		form.Set(csrfField, c.csrf)
	}
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", c.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return c.do(req)
}

var csrfRE = regexp.MustCompile(`name="csrf_token" value="([^"]+)"`)

// login signs in as user with the test password and reads the CSRF token.
func (c *client) login(user string) {
	c.e.t.Helper()
	resp, body := c.post("/login", url.Values{"username": {user}, "password": {testPassword}})
	if resp.StatusCode != http.StatusSeeOther {
		c.e.t.Fatalf("login %s: status %d: %s", user, resp.StatusCode, body)
	}
	_, body = c.get("/")
	m := csrfRE.FindStringSubmatch(body)
	if m == nil {
		c.e.t.Fatalf("login %s: no CSRF token on the dashboard", user)
	}
	c.csrf = m[1]
}

// loggedIn is a client logged in as user.
func (e *env) loggedIn(user string) *client {
	c := e.client()
	c.login(user)
	return c
}

// actor is the store actor of a seeded user, for checking what was saved.
func (e *env) actor(user string) store.Actor {
	e.t.Helper()
	p, err := e.srv.principalFor(context.Background(), e.users[user], "127.0.0.1")
	if err != nil {
		e.t.Fatal(err)
	}
	return p.Actor
}

// audits returns the audit actions recorded so far.
func (e *env) audits() []string {
	e.t.Helper()
	es, err := e.db.AuditEntries(context.Background(), store.SystemActor("test"), 0, 1000)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, x := range es {
		out = append(out, x.Action+" "+x.Actor)
	}
	return out
}

func wantStatus(t testing.TB, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d; body: %s", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want, body)
	}
}

func wantBody(t testing.TB, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q; body: %.1500s", w, body)
		}
	}
}
