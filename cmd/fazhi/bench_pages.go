package main

// fazhi bench pages: the deadline board, the to-do list, the dashboards
// (issues 7 and 8) and a record list under 64 clients, over a generated county
// (bench_county.go), and the county's indicators computed from scratch.
//
// The server runs in this process (the real handler, on 127.0.0.1), the
// load comes from internal/loadtest; the pages are read logged in through
// POST /login (a session cookie), the API with a token, each as the county
// user and as a township user. Peak memory is this process's (server and
// driver together).

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/loadtest"
	"fazhi/internal/store"
	"fazhi/internal/web"
)

const benchPagesUsage = `用法: fazhi bench pages [flags]

在生成的县（默认 30 个乡镇 × 5 年、各类台账按年度规模）上压测期限看板、待办
清单、指标看板与一类台账的记录列表页面及其 API（64 并发，县级用户与乡镇用户各一），并从头计算全县
指标。数据目录（或 PostgreSQL 数据库）为空时先生成数据，已有数据则直接压测。

  fazhi bench pages --data /tmp/pagebench-sqlite
  fazhi bench pages --data /tmp/pagebench-pg --db postgres://127.0.0.1:5432/pagebench
  fazhi bench pages --data /tmp/pagebench-small --townships 3 --scale 20 --only indicators

最后一例只压测指标看板（县级与乡镇用户各一，含 p99）及其 API，数据为 3 个乡镇、各台账年度规模的 20%。

Flags:
`

type benchPagesFlags struct {
	db, data      string
	townships     int
	years, scale  int
	clients       int
	duration      time.Duration
	only, as      string
	cpuProfile    string
	computeRounds int
	generateOnly  bool
}

func cmdBenchPages(args []string, stdout, stderr io.Writer) int {
	var f benchPagesFlags
	fs := flag.NewFlagSet("fazhi bench pages", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchPagesUsage); fs.PrintDefaults() }
	fs.StringVar(&f.db, "db", "", "数据库：空为数据目录中的 SQLite；postgres://… 为该数据库（须已存在）")
	fs.StringVar(&f.data, "data", "", "数据目录（必填；密钥与 SQLite 文件在此）")
	fs.IntVar(&f.townships, "townships", 30, "生成的乡镇数")
	fs.IntVar(&f.years, "years", 5, "生成的年数（截至今年）")
	fs.IntVar(&f.scale, "scale", 100, "年度记录量的百分比（100 即各台账声明的 Demo.Volume）")
	fs.IntVar(&f.clients, "clients", 64, "并发客户端数")
	fs.DurationVar(&f.duration, "duration", 20*time.Second, "每个页面的压测时长")
	fs.StringVar(&f.only, "only", "", "只压测名称含此文字的页面（如 board、todo、indicators、compute）")
	fs.StringVar(&f.as, "as", "", "只以此用户压测：county 或 township（空为两者）")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "把压测期间的 CPU 剖析写入此文件")
	fs.IntVar(&f.computeRounds, "compute-rounds", 5, "从头计算全县指标的次数")
	fs.BoolVar(&f.generateOnly, "generate-only", false, "只生成数据，不压测")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case f.data == "":
		fmt.Fprintln(stderr, "用法错误: --data 缺失：请给出数据目录，如 --data /tmp/pagebench-sqlite")
		return 2
	case f.townships < 1 || f.townships > 5000:
		fmt.Fprintf(stderr, "用法错误: --townships %d 无效：须在 1 到 5000 之间\n", f.townships)
		return 2
	case f.years < 1 || f.years > 20:
		fmt.Fprintf(stderr, "用法错误: --years %d 无效：须在 1 到 20 之间\n", f.years)
		return 2
	case f.scale < 1 || f.scale > 1000:
		fmt.Fprintf(stderr, "用法错误: --scale %d 无效：须在 1 到 1000 之间\n", f.scale)
		return 2
	case f.clients < 1 || f.clients > loadtest.MaxClients:
		fmt.Fprintf(stderr, "用法错误: --clients %d 无效：须在 1 到 %d 之间\n", f.clients, loadtest.MaxClients)
		return 2
	case f.duration <= 0 || f.duration > loadtest.MaxDuration:
		fmt.Fprintf(stderr, "用法错误: --duration %s 无效：须在 0 到 %s 之间\n", f.duration, loadtest.MaxDuration)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := benchPages(ctx, f, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "fazhi bench pages:", err)
		return 1
	}
	return 0
}

func benchPages(ctx context.Context, f benchPagesFlags, stdout, stderr io.Writer) error {
	a, err := openApp(ctx, &config{DB: f.db, Data: f.data, KeyFile: filepath.Join(f.data, "master.key")}, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	db := a.store
	today := calendar.FromTime(time.Now().In(calendar.China))
	dbName := "SQLite"
	if isPostgres(f.db) {
		dbName = "PostgreSQL"
	}

	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	var users *countyUsers
	if len(units) == 0 {
		var towns []access.Unit
		if users, towns, err = countyPeople(ctx, db, f.townships); err != nil {
			return err
		}
		spec := demo.Spec{Volume: f.scale, Today: today, Seed: 2026, Workers: 32, Progress: stderr}
		for _, u := range towns {
			spec.Townships = append(spec.Townships, u.Name)
		}
		for y := today.Year - f.years + 1; y <= today.Year; y++ {
			spec.Years = append(spec.Years, y)
		}
		fmt.Fprintf(stderr, "generating %d townships × %d years (scale %d%%) on %s…\n", f.townships, f.years, f.scale, dbName)
		st, err := demo.Generate(ctx, db, a.kinds, a.cal, spec)
		if err != nil {
			return fmt.Errorf("generating the county: %w", err)
		}
		fmt.Fprintf(stdout, "generated: %d records, %d steps taken, %d steps refused, %d records made for gates, in %s (%.0f records/s) on %s\n",
			st.Records, st.Steps, st.Refused, st.ForGates, st.Elapsed.Round(time.Second), float64(st.Records)/st.Elapsed.Seconds(), dbName)
		if top := st.TopRefusals(8); len(top) > 0 {
			fmt.Fprintf(stdout, "most refused steps (another way on was then tried, or the record a gate asked for was made): %s\n", strings.Join(top, ", "))
		}
	} else if users, err = findCountyUsers(ctx, db); err != nil {
		return err
	}
	if err := describeData(ctx, db, f, dbName, stdout); err != nil {
		return err
	}
	if f.generateOnly {
		return nil
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: web.New(web.DefaultConfig(), db, a.kinds, a.cal, a.log).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	base := "http://" + ln.Addr().String()

	town := users.Towns[0]
	who := []struct {
		label string
		u     *access.User
	}{{"county", users.County}, {"township", town}}
	type cred struct{ cookie, token string }
	creds := map[string]cred{}
	for _, w := range who {
		c, err := benchLogin(ctx, base, w.u.Username, users.Password)
		if err != nil {
			return fmt.Errorf("logging in as %s: %w", w.u.Username, err)
		}
		tok, err := db.CreateToken(ctx, store.SystemActor("bench"), w.u.ID, "bench pages")
		if err != nil {
			return err
		}
		creds[w.label] = cred{c, tok}
	}

	if f.cpuProfile != "" {
		pf, err := os.Create(f.cpuProfile)
		if err != nil {
			return err
		}
		defer pf.Close()
		if err := pprof.StartCPUProfile(pf); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}

	fmt.Fprintf(stdout, "\n%s, %d clients, %s per row, load average at start %s\n\n", dbName, f.clients, f.duration, loadAvg())
	fmt.Fprintln(stdout, "| page | as | database | requests | failed | per second | p50 | p99 | max | KB per response | load avg |")
	fmt.Fprintln(stdout, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|")
	year := today.Year
	// The record list of the first kind declared, beside the board and
	// the to-do list (the pages the board's indexes must not slow down).
	kind := a.kinds.Kinds()[0].Name
	targets := []struct{ name, path string }{
		{"API board", "/api/v1/board"},
		{"API board, a page of 100", "/api/v1/board?per_page=100"},
		{"API todo", "/api/v1/todo"},
		{"API todo, a page of 100", "/api/v1/todo?per_page=100"},
		{"page /board", "/board"},
		{"page /todo", "/todo"},
		{"page / (工作台)", "/"},
		{"page /l/" + kind + " (record list)", "/l/" + kind},
		{"API records/" + kind + " (record list)", "/api/v1/records/" + kind},
		{"page /indicators (dashboard)", fmt.Sprintf("/indicators?year=%d", year)},
		{"API indicators", fmt.Sprintf("/api/v1/indicators?year=%d", year)},
	}
	for _, t := range targets {
		for _, w := range who {
			if (f.only != "" && !strings.Contains(t.name, f.only)) || (f.as != "" && f.as != w.label) {
				continue
			}
			c := creds[w.label]
			hdr := http.Header{}
			if strings.HasPrefix(t.path, "/api/") {
				hdr.Set("Authorization", "Bearer "+c.token)
			} else {
				hdr.Set("Cookie", c.cookie)
			}
			path := t.path
			res, err := loadtest.Run(ctx, loadtest.Config{BaseURL: base, Clients: f.clients, Duration: f.duration, Header: hdr,
				Next: func(int64, int) loadtest.Op {
					return loadtest.Op{Method: http.MethodGet, Path: path, Want: http.StatusOK}
				}})
			if err != nil {
				return err
			}
			kb := 0.0
			if res.OK+res.Failed > 0 {
				kb = float64(res.BytesRead) / float64(res.OK+res.Failed) / 1024
			}
			fmt.Fprintf(stdout, "| %s | %s | %s | %d | %d | %.0f | %s | %s | %s | %.0f | %s |\n", t.name, w.label, dbName,
				res.OK, res.Failed, res.PerSecond(), ms(res.Latency.Quantile(0.5)), ms(res.Latency.Quantile(0.99)),
				ms(res.Latency.Max()), kb, loadAvg())
			if res.Failed > 0 {
				fmt.Fprintf(stdout, "\n(first failure: %s)\n\n", res.FirstErr)
			}
		}
	}
	if f.only == "" || strings.Contains("compute", f.only) {
		if err := benchCompute(ctx, a, users, f, dbName, stdout); err != nil {
			return err
		}
	}
	peak, err := loadtest.PeakRSS(os.Getpid())
	if err == nil {
		fmt.Fprintf(stdout, "\npeak RSS of this process (server, driver and generator): %d MiB\n", peak>>20)
	}
	return nil
}

// benchCompute evaluates every indicator of the county, five years, as
// the county user, computeRounds times each way: from scratch (the full
// evaluation, no cache), and from the units' own parts (indicator.Parts)
// cold (every part computed, as after a restart), warm (every part kept)
// and after one write (a record of the kind with the largest volume
// created in the first township before each round, not timed: that
// township's parts of that kind recomputed: the first round reads its
// records of the kind in full and keeps them, the later ones read only
// the record written); then the first township's year from the parts, as
// the township's user: warm, after the first write since the parts were
// made (new parts made and the write done before each round, not timed)
// and after a write.
func benchCompute(ctx context.Context, a *app, users *countyUsers, f benchPagesFlags, dbName string, stdout io.Writer) error {
	db := a.store
	eng, err := indicator.NewEngine(a.kinds, nil)
	if err != nil {
		return err
	}
	county, err := db.ActorFor(ctx, users.County, "127.0.0.1")
	if err != nil {
		return err
	}
	town, err := db.ActorFor(ctx, users.Towns[0], "127.0.0.1")
	if err != nil {
		return err
	}
	units, err := db.Units(ctx)
	if err != nil {
		return err
	}
	today := calendar.FromTime(time.Now().In(calendar.China))
	q := indicator.Query{UnitID: users.County.UnitID, From: today.Year - 4, To: today.Year, Paths: indicator.Paths(units)}
	townQ := indicator.Query{UnitID: users.Towns[0].UnitID, From: today.Year, To: today.Year, Paths: q.Paths}
	var k *ledger.Kind // the kind made most of in a year: the write measured
	for _, c := range a.kinds.Kinds() {
		if k == nil || c.Demo.Volume > k.Demo.Volume {
			k = c
		}
	}
	if k == nil {
		return errors.New("no kind declares a demo volume")
	}
	write := func() error {
		_, err := db.CreateRecord(ctx, town, k, town.UnitID, k.ExampleForm(today))
		return err
	}
	parts := indicator.NewParts()
	fromParts := func(p *indicator.Parts, a store.Actor, q indicator.Query) func() error {
		return func() error {
			use := p
			if use == nil { // cold: a new store of parts each round
				use = indicator.NewParts()
			}
			_, err := use.Compute(ctx, eng, store.IndicatorSource(db, a), q, a.Scope.CanRead)
			return err
		}
	}
	if err := fromParts(parts, county, q)(); err != nil { // the warm rows start warm
		return err
	}
	var fresh *indicator.Parts // made before each round of the first write's row
	fmt.Fprintf(stdout, "\nindicators, every unit (%s, %d rounds each, one at a time; a write before a round is not timed):\n\n", dbName, f.computeRounds)
	fmt.Fprintln(stdout, "| what | best wall | mean wall | CPU per round | each | load avg |")
	fmt.Fprintln(stdout, "|---|---:|---:|---:|---|---|")
	for _, m := range []struct {
		what   string
		before func() error
		eval   func() error
	}{
		{fmt.Sprintf("county %d–%d from scratch (Engine.Compute)", q.From, q.To), nil, func() error {
			_, err := eng.Compute(ctx, store.IndicatorSource(db, county), q)
			return err
		}},
		{"county from parts, cold (every part computed)", nil, fromParts(nil, county, q)},
		{"county from parts, warm (every part kept)", nil, fromParts(parts, county, q)},
		{"county from parts, after a write (" + k.Name + ")", write, fromParts(parts, county, q)},
		{fmt.Sprintf("township %d from parts, warm", today.Year), nil, fromParts(parts, town, townQ)},
		{fmt.Sprintf("township %d from parts, first write since they were made", today.Year), func() error {
			fresh = indicator.NewParts()
			if err := fromParts(fresh, town, townQ)(); err != nil {
				return err
			}
			return write()
		}, func() error { return fromParts(fresh, town, townQ)() }},
		{fmt.Sprintf("township %d from parts, after a write", today.Year), write, fromParts(parts, town, townQ)},
	} {
		var walls []string
		var best, total, cpu time.Duration
		for i := range f.computeRounds {
			if m.before != nil {
				if err := m.before(); err != nil {
					return err
				}
			}
			cpu0, t := cpuTime(), time.Now()
			if err := m.eval(); err != nil {
				return err
			}
			d := time.Since(t)
			cpu += cpuTime() - cpu0
			total += d
			if i == 0 || d < best {
				best = d
			}
			walls = append(walls, ms(d))
		}
		n := time.Duration(f.computeRounds)
		fmt.Fprintf(stdout, "| %s | %s | %s | %s | %s | %s |\n", m.what, ms(best), ms(total/n), ms(cpu/n), strings.Join(walls, ", "), loadAvg())
	}
	return nil
}

// cpuTime is this process's user + system CPU time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// findCountyUsers finds the accounts of an already generated county.
func findCountyUsers(ctx context.Context, db *store.DB) (*countyUsers, error) {
	c, err := db.UserByUsername(ctx, "county")
	if err != nil {
		return nil, fmt.Errorf("the database has units but not the generated county's users (use an empty --data directory or database): %w", err)
	}
	t, err := db.UserByUsername(ctx, "town1")
	if err != nil {
		return nil, err
	}
	return &countyUsers{County: c, Towns: []*access.User{t}, Password: countyPassword}, nil
}

// describeData prints the size of the data the pages read.
func describeData(ctx context.Context, db *store.DB, f benchPagesFlags, dbName string, stdout io.Writer) error {
	st, err := db.BenchStats(ctx)
	if err != nil {
		return err
	}
	size := "—"
	if dbName == "SQLite" {
		var n int64
		for _, suf := range []string{"", "-wal"} {
			if fi, err := os.Stat(filepath.Join(f.data, "fazhi.db"+suf)); err == nil {
				n += fi.Size()
			}
		}
		size = fmt.Sprintf("%d MiB", n>>20)
	} else if st.Bytes > 0 {
		size = fmt.Sprintf("%d MiB", st.Bytes>>20)
	}
	fmt.Fprintf(stdout, "data: %d units, %d records, %d running deadlines (%d past due), database %s, GOMAXPROCS %d\n",
		st.Units, st.Records, st.Running, st.Overdue, size, runtime.GOMAXPROCS(0))
	return nil
}

// benchLogin logs in through the login form and returns the session
// cookie ("name=value").
func benchLogin(ctx context.Context, base, user, password string) (string, error) {
	if _, err := loadtest.CheckLoopback(base); err != nil {
		return "", err
	}
	form := url.Values{"username": {user}, "password": {password}}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/login", strings.NewReader(form.Encode()))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := c.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	for _, ck := range resp.Cookies() {
		if ck.Value != "" {
			return ck.Name + "=" + ck.Value, nil
		}
	}
	return "", fmt.Errorf("no session cookie (status %d)", resp.StatusCode)
}

// loadAvg is the 1-minute load average, or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	fields := strings.Fields(string(b))
	if len(fields) == 0 {
		return "?"
	}
	return fields[0]
}
