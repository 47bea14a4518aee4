// Package web serves the Chinese web UI and the JSON API: every route is in
// routes.go, one small handler per action, typed page structs, templates and
// static assets embedded.
package web

import (
	"html/template"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"

	"golang.org/x/sync/semaphore"
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
	Password        access.PasswordParams // argon2id cost of new hashes
	DueSoonDays     int                   // dashboard: deadlines due within this many days, 7
	SiteName        string                // shown in the header
	// CheckLists names files extending the 审校 word lists ("confusables",
	// "outdated", "laws", "documents", "reduplications" → path), as
	// `fazhi check --list` does.
	CheckLists map[string]string
	// CheckConcurrency caps reports being checked at once (default: CPUs).
	CheckConcurrency int
	// CheckMemory is the memory budget of the 审校 checks running at once,
	// in bytes (default 256 MiB): a check waits until its estimate fits,
	// and a report whose check alone exceeds it is refused.
	CheckMemory int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For is
	// believed for the client address (login throttle, audit log).
	TrustedProxies []netip.Prefix
	// Reminders are the reminder channels besides the bell (reminders.go).
	Reminders ReminderConfig
	// Scheme is the county's 考核 scheme (indicator.ParseScheme); nil
	// means indicator.DefaultScheme.
	Scheme []indicator.Item
	// ReportSections are the places of the annual report the kinds'
	// figures go to (kinds.ReportSections); nil drafts the outline with
	// no figures.
	ReportSections []ledger.ReportSection
}

// Server holds what handlers need. Build it with New.
type Server struct {
	cfg   Config
	store store.Contract
	kinds *ledger.Registry
	cal   *calendar.Calendar
	// indicators evaluates the kinds' indicator declarations.
	indicators *indicator.Engine
	// parts keeps each unit's own figures per kind under its write
	// generation (indicator.Parts); figures keeps drill-downs between
	// writes (indicator.Cache).
	parts   *indicator.Parts
	figures *indicator.Cache
	log     *slog.Logger

	pages     map[string]*template.Template // by page file name
	dummyHash string                        // verified against for unknown users, so timing does not reveal them
	static    http.Handler
	openAPI   []byte // served OpenAPI document, kinds generated in

	checkSlots  chan struct{}       // semaphore of running 审校 checks
	checkMemory *semaphore.Weighted // CheckMemory bytes, shared by running checks
	tokens      tokenCache          // API token → principal (token_cache.go)
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
	// TokenExpires is when the API token of the request expires (zero
	// for a session): a cached resolution is not used past it.
	TokenExpires time.Time
}

// DefaultConfig returns the settings a government deployment starts from
// (等保2.0 三级 expectations): 30-minute idle and 12-hour absolute sessions,
// lockout for 15 minutes after 5 failures in 15 minutes.
func DefaultConfig() Config {
	return Config{
		IdleTimeout:     30 * time.Minute,
		AbsoluteTimeout: 12 * time.Hour,
		TouchInterval:   time.Minute,
		LockoutFailures: 5,
		LockoutWindow:   15 * time.Minute,
		LockoutFor:      15 * time.Minute,
		AddrFailures:    20,
		MinPasswordLen:  10,
		MaxUpload:       20 << 20,
		AllowedUploads:  []string{".pdf", ".ofd", ".doc", ".docx", ".xls", ".xlsx", ".wps", ".et", ".txt", ".jpg", ".jpeg", ".png", ".zip"},
		Now:             time.Now,
		Password:        access.DefaultPasswordParams,
		DueSoonDays:     7,
		SiteName:        "法治政府建设管理平台",
		CheckMemory:     256 << 20,
	}
}

// New builds the server. Zero settings in cfg take DefaultConfig's values.
// It panics when the embedded templates do not parse: that is a build
// defect, caught by the template test.
func New(cfg Config, st store.Contract, kinds *ledger.Registry, cal *calendar.Calendar, log *slog.Logger) *Server {
	def := DefaultConfig()
	fill(&cfg.IdleTimeout, def.IdleTimeout)
	fill(&cfg.AbsoluteTimeout, def.AbsoluteTimeout)
	fill(&cfg.TouchInterval, def.TouchInterval)
	fill(&cfg.LockoutFailures, def.LockoutFailures)
	fill(&cfg.LockoutWindow, def.LockoutWindow)
	fill(&cfg.LockoutFor, def.LockoutFor)
	fill(&cfg.AddrFailures, def.AddrFailures)
	fill(&cfg.MinPasswordLen, def.MinPasswordLen)
	fill(&cfg.MaxUpload, def.MaxUpload)
	fill(&cfg.DueSoonDays, def.DueSoonDays)
	fill(&cfg.SiteName, def.SiteName)
	fill(&cfg.CheckConcurrency, runtime.NumCPU())
	fill(&cfg.CheckMemory, def.CheckMemory)
	if cfg.AllowedUploads == nil {
		cfg.AllowedUploads = def.AllowedUploads
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Password == (access.PasswordParams{}) {
		cfg.Password = def.Password
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	s := &Server{cfg: cfg, store: st, kinds: kinds, cal: cal, log: log,
		checkSlots: make(chan struct{}, cfg.CheckConcurrency), checkMemory: semaphore.NewWeighted(cfg.CheckMemory)}
	pages, err := parsePages()
	if err != nil {
		panic(err)
	}
	s.pages = pages
	s.figures = indicator.NewCache(10*time.Second, 256)
	s.parts = indicator.NewParts()
	if s.indicators, err = indicator.NewEngine(kinds, nil); err != nil {
		panic(err)
	}
	if s.openAPI, err = buildOpenAPI(openAPIDoc, kinds); err != nil {
		panic(err)
	}
	s.static = staticHandler()
	if s.dummyHash, err = access.HashPassword("dummy-password-for-timing", cfg.Password); err != nil {
		panic(err)
	}
	return s
}

func fill[T comparable](v *T, def T) {
	var zero T
	if *v == zero {
		*v = def
	}
}
