// Package web serves the Chinese web UI and the JSON API: every route is in
// routes.go, one small handler per action, typed page structs, templates and
// static assets embedded.
package web

import (
	"log/slog"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Config is the web layer's settings, with the defaults of DefaultConfig.
type Config struct {
	SecureCookies   bool          // Secure flag (behind TLS)
	IdleTimeout     time.Duration // 30m
	AbsoluteTimeout time.Duration // 12h
	TouchInterval   time.Duration // 1m: sessions are touched at most this often
	LockoutFailures int           // 5
	LockoutWindow   time.Duration // 15m
	LockoutFor      time.Duration // 15m
	AddrFailures    int           // per-address throttle, e.g. 20 in the window
	MinPasswordLen  int           // 10
	MaxUpload       int64         // bytes, e.g. 20 MiB
	AllowedUploads  []string      // extensions, e.g. .pdf .docx .doc .xlsx .jpg .png .ofd .zip .txt
	Now             func() time.Time
}

// Server holds what handlers need. Build it with New.
type Server struct {
	cfg   Config
	store store.Contract
	kinds *ledger.Registry
	cal   *calendar.Calendar
	log   *slog.Logger
}

// Principal is the authenticated caller of a request: the user, and the
// store.Actor (scope, roles, address) every store call takes. The auth
// middleware (auth.go) sets it from the session cookie or from an
// "Authorization: Bearer <token>" API token; handlers read it with
// principal(r).
type Principal struct {
	User    *access.User
	Actor   store.Actor
	Session *store.Session // nil for API-token requests
}
