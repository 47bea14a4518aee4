package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"path/filepath"
	"strings"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/proofread"
	"fazhi/internal/web"
)

// cmdServe runs the web UI and API until the context ends. With --demo it
// first loads the demo county when the database holds no units.
func cmdServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var demoFlag bool
	var gen demoGen
	cfg, _, err := parseFlags("serve", args, stderr, func(fs *flag.FlagSet) {
		fs.BoolVar(&demoFlag, "demo", false, "数据库为空时载入演示数据并打印演示账号")
		gen.flags(fs)
	})
	if err != nil {
		return err
	}
	if _, err := gen.spec(calendar.Today(nil)); err != nil {
		return err
	}
	proxies, err := cfg.trustedProxies()
	if err != nil {
		return err
	}
	// A bad word-list file is a configuration error: say so at start, not
	// on the first check.
	if _, err := proofread.NewChecker(proofread.Config{ExtraFiles: cfg.CheckLists}); err != nil {
		return fmt.Errorf("审校词表配置有误: %w", err)
	}
	a, err := openApp(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	// Holiday years uploaded by administrators are in the database; load
	// them into the calendar before anything counts a period.
	if ys, err := a.store.LoadHolidays(ctx); err != nil {
		return err
	} else if len(ys) > 0 {
		a.log.Info("loaded uploaded holiday years", slog.Any("years", ys))
	}
	if keyInsideData(cfg) {
		a.log.Warn("the master key lies in the data directory: whoever copies that directory reads the personal data and can re-seal the audit log; keep the key elsewhere (--key-file or FAZHI_MASTER_KEY) and take checkpoints with `fazhi audit anchor`",
			slog.String("key_file", cfg.keyFile()), slog.String("data", cfg.Data))
	}
	// Due dates left pending for want of a year's holidays are filled in
	// once that year is loaded (--holidays or an upload).
	if n, err := a.store.FillPendingDues(ctx); err != nil {
		return err
	} else if n > 0 {
		a.log.Info("filled pending due dates", slog.Int("records", n))
	}
	if demoFlag {
		if err := seedDemoIfEmpty(ctx, a, gen, stdout); err != nil {
			return err
		}
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("监听 %s 失败: %w", cfg.Addr, err)
	}
	return serve(ctx, a, ln, proxies, stdout)
}

// serve serves on ln until ctx ends, then shuts down gracefully.
func serve(ctx context.Context, a *app, ln net.Listener, proxies []netip.Prefix, stdout io.Writer) error {
	wcfg := web.DefaultConfig()
	wcfg.SecureCookies = a.cfg.SecureCookies
	wcfg.CheckLists = a.cfg.CheckLists
	wcfg.TrustedProxies = proxies
	wcfg.CheckMemory = int64(a.cfg.CheckMemoryMB) << 20
	rem, err := a.cfg.Reminders.config()
	if err != nil {
		return err
	}
	wcfg.Reminders = rem
	if wcfg.Scheme, err = loadScheme(a.cfg.Scheme, a.kinds); err != nil {
		return err
	}
	wcfg.ReportSections = kinds.ReportSections()
	ws := web.New(wcfg, a.store, a.kinds, a.cal, a.log)
	go purgeSessions(ctx, ws, a.log)
	checkAuditTail(ctx, a, stdout) // at start, then hourly
	go func() {
		t := time.NewTicker(time.Hour)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				checkAuditTail(ctx, a, io.Discard)
			}
		}
	}()
	go runDueWork(ctx, a, time.Hour)
	go runReminders(ctx, ws, a.log, time.Hour)
	srv := &http.Server{
		Handler:           ws.Handler(),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       2 * time.Minute,
		WriteTimeout:      5 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		ErrorLog:          slog.NewLogLogger(a.log.Handler(), slog.LevelWarn),
	}
	fmt.Fprintf(stdout, "fazhi %s 已启动：http://%s/\n", version, ln.Addr())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// runDueWork takes the date-driven transitions that are due (e.g. expiry
// after 有效期至) at start and then every interval, and reloads the holiday
// years other processes may have uploaded. A run after downtime catches up:
// the store asks for everything due before today.
func runDueWork(ctx context.Context, a *app, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if _, err := a.store.LoadHolidays(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("loading uploaded holidays", slog.Any("err", err))
		}
		if n, err := a.store.RunDueTransitions(ctx); err != nil && ctx.Err() == nil {
			a.log.Error("date-driven transitions", slog.Any("err", err))
		} else if n > 0 {
			a.log.Info("date-driven transitions taken", slog.Int("records", n))
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// purgeSessions deletes expired sessions every ten minutes until ctx ends.
func purgeSessions(ctx context.Context, ws *web.Server, log *slog.Logger) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if n, err := ws.PurgeSessions(ctx); err != nil {
				log.Error("purging expired sessions", slog.Any("err", err))
			} else if n > 0 {
				log.Info("purged expired sessions", slog.Int64("count", n))
			}
		}
	}
}

// auditTail is how many of the newest audit entries serve checks, with
// the sealed head: milliseconds, however long the log. `fazhi audit
// verify` checks them all.
const auditTail = 1000

// checkAuditTail verifies the audit head's seal and the newest entries. A
// break is logged as an error (and printed at start): the server keeps
// serving, since refusing would let whoever can edit the database stop it,
// but the operator is told to run `fazhi audit verify`.
func checkAuditTail(ctx context.Context, a *app, stdout io.Writer) {
	brk, err := a.store.VerifyAuditTail(ctx, auditTail)
	switch {
	case err != nil:
		a.log.Error("audit tail check failed", slog.Any("err", err))
	case brk != nil:
		a.log.Error("audit chain broken", slog.Int64("seq", brk.Seq), slog.String("reason", brk.Reason))
		fmt.Fprintf(stdout, "警告：审计日志校验失败（第 %d 条）：%s。请立即运行 fazhi audit verify 并检查服务器。\n", brk.Seq, brk.Reason)
	}
}

// keyInsideData reports whether the master key file is inside the data
// directory (the default).
func keyInsideData(cfg *config) bool {
	if cfg.MasterKey != "" {
		return false
	}
	data, err1 := filepath.Abs(cfg.Data)
	key, err2 := filepath.Abs(cfg.keyFile())
	if err1 != nil || err2 != nil {
		return true
	}
	rel, err := filepath.Rel(data, key)
	return err != nil || !strings.HasPrefix(rel, "..")
}
