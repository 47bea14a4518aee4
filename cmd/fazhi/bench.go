package main

// fazhi bench: the ledger-API load benchmark of docs/benchmarks.md.
//
// For fazhi it starts the real server as a child process (this binary,
// "bench --child") on 127.0.0.1:0 over a fresh database — a temporary
// SQLite file, or a fresh PostgreSQL database created for the run — with a
// county, one township per unit flag and a clerk with an API token in each.
// The parent then drives the create phase and the filtered-list phase
// through the JSON API with internal/loadtest, and reads the child's peak
// memory (VmHWM) from /proc. A child keeps the server's memory and CPU
// profile apart from the driver's.
//
// "fazhi bench pages" (bench_pages.go) measures the board, the to-do list
// and the dashboards over a generated county instead.
//
// For PocketBase (--target pocketbase) it sets up a running PocketBase with
// the same shape of records and runs the same workload against it.

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/loadtest"
	"fazhi/internal/store"
	"fazhi/internal/web"
)

const benchUsage = `用法: fazhi bench [flags]

对台账 JSON API 压测：先经 API 创建 --records 条合法性审查记录（创建阶段），
再以筛选、排序、分页的列表请求压测（列表阶段），打印吞吐量、p50/p99 延迟与
服务进程峰值内存。审计与数据范围始终开启。只连接本机回环地址。

  fazhi bench                                   # 内置 SQLite，64 并发，10 万条
  fazhi bench --db postgres://127.0.0.1:5432/postgres   # 在该服务器上新建临时数据库
  fazhi bench pages --data DIR                  # 期限看板、待办与指标看板页面（见 fazhi bench pages -h）
  fazhi bench --target pocketbase --pb-url http://127.0.0.1:8090 \
              --pb-superuser EMAIL:PASSWORD --pb-pid PID   # 同一负载压测 PocketBase

Flags:
`

// benchFlags are the bench command's settings.
type benchFlags struct {
	target         string
	db             string
	clients        int
	records        int64
	units          int
	createDuration time.Duration
	listDuration   time.Duration
	cpuProfile     string
	keep           bool
	analyze        bool
	pbURL          string
	pbSuperuser    string
	pbCollection   string
	pbPID          int
	pbScope        string
	// child mode (internal)
	child   bool
	dataDir string
}

func cmdBench(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "pages" {
		return cmdBenchPages(args[1:], stdout, stderr)
	}
	var f benchFlags
	fs := flag.NewFlagSet("fazhi bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, benchUsage); fs.PrintDefaults() }
	fs.StringVar(&f.target, "target", "fazhi", "压测对象：fazhi 或 pocketbase")
	fs.StringVar(&f.db, "db", "", "fazhi 的数据库：空为临时 SQLite；postgres://… 则在该服务器上新建临时数据库")
	fs.IntVar(&f.clients, "clients", 64, "并发客户端数")
	fs.Int64Var(&f.records, "records", 100000, "创建阶段写入的记录数（列表阶段即在这些记录上进行）")
	fs.IntVar(&f.units, "units", 4, "乡镇数：每个乡镇一名录入员及其 API 令牌，客户端轮流使用")
	fs.DurationVar(&f.createDuration, "create-duration", 2*time.Minute, "创建阶段计时上限（未写完的记录随后补齐，不计入结果）")
	fs.DurationVar(&f.listDuration, "list-duration", 30*time.Second, "列表阶段时长")
	fs.StringVar(&f.cpuProfile, "cpuprofile", "", "把 fazhi 服务进程在两个阶段中的 CPU 剖析写入此文件（go tool pprof）")
	fs.BoolVar(&f.keep, "keep", false, "保留临时数据目录与 PostgreSQL 临时数据库")
	fs.BoolVar(&f.analyze, "analyze", false, "PostgreSQL：列表阶段前执行 ANALYZE（autovacuum 关闭的服务器上，否则规划器没有统计信息）")
	fs.StringVar(&f.pbURL, "pb-url", "http://127.0.0.1:8090", "PocketBase 地址（仅本机）")
	fs.StringVar(&f.pbSuperuser, "pb-superuser", "", "PocketBase 超级用户 EMAIL:PASSWORD")
	fs.StringVar(&f.pbCollection, "pb-collection", kinds.BenchKind, "PocketBase 集合名（会删除重建）")
	fs.IntVar(&f.pbPID, "pb-pid", 0, "PocketBase 进程号，用于读取其峰值内存")
	fs.StringVar(&f.pbScope, "pb-scope", "unit", "PocketBase 列表规则：unit（按用户所属单位，同 fazhi 的数据范围）或 owner（仅本人创建的记录）")
	fs.BoolVar(&f.child, "child", false, "（内部）作为被压测的 fazhi 服务子进程运行")
	fs.StringVar(&f.dataDir, "data", "", "（内部）子进程的数据目录")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if msg := f.check(); msg != "" {
		fmt.Fprintln(stderr, "用法错误:", msg)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	var err error
	switch {
	case f.child:
		err = benchChild(ctx, f, os.Stdin, stdout, stderr)
	case f.target == "pocketbase":
		err = benchPocketBase(ctx, f, stdout, stderr)
	default:
		err = benchFazhi(ctx, f, stdout, stderr)
	}
	if err != nil {
		fmt.Fprintln(stderr, "fazhi bench:", err)
		return 1
	}
	return 0
}

// check returns a Chinese message for a bad flag combination, or "".
func (f *benchFlags) check() string {
	switch {
	case f.target != "fazhi" && f.target != "pocketbase":
		return fmt.Sprintf("--target %q 无效：请写 fazhi 或 pocketbase", f.target)
	case f.clients < 1 || f.clients > loadtest.MaxClients:
		return fmt.Sprintf("--clients %d 无效：须在 1 到 %d 之间", f.clients, loadtest.MaxClients)
	case f.records < 1:
		return fmt.Sprintf("--records %d 无效：须为正数", f.records)
	case f.units < 1 || f.units > 100:
		return fmt.Sprintf("--units %d 无效：须在 1 到 100 之间", f.units)
	case f.createDuration <= 0 || f.createDuration > loadtest.MaxDuration:
		return fmt.Sprintf("--create-duration %s 无效：须在 0 到 %s 之间", f.createDuration, loadtest.MaxDuration)
	case f.listDuration <= 0 || f.listDuration > loadtest.MaxDuration:
		return fmt.Sprintf("--list-duration %s 无效：须在 0 到 %s 之间", f.listDuration, loadtest.MaxDuration)
	case f.pbScope != "unit" && f.pbScope != "owner":
		return fmt.Sprintf("--pb-scope %q 无效：请写 unit 或 owner", f.pbScope)
	case f.target == "pocketbase" && !strings.Contains(f.pbSuperuser, ":"):
		return "--pb-superuser 缺失：请写成 EMAIL:PASSWORD（PocketBase 的超级用户）"
	case f.child && f.dataDir == "":
		return "--child 需要 --data 目录"
	}
	return ""
}

// childHello is what the child prints on its first stdout line.
type childHello struct {
	Addr       string               `json:"addr"`
	Principals []loadtest.Principal `json:"principals"`
	Fields     loadtest.FazhiFields `json:"fields"`
}

// benchFazhi runs the workload against a fazhi server in a child process.
func benchFazhi(ctx context.Context, f benchFlags, stdout, stderr io.Writer) (err error) {
	dir, err := os.MkdirTemp("", "fazhi-bench-")
	if err != nil {
		return err
	}
	if !f.keep {
		defer os.RemoveAll(dir)
	}
	dbName := "SQLite"
	dbURL := ""
	if isPostgres(f.db) {
		dbName = "PostgreSQL"
		var drop func()
		dbURL, drop, err = freshPostgres(ctx, f.db)
		if err != nil {
			return err
		}
		if !f.keep {
			defer drop()
		}
	}

	exe, err := os.Executable()
	if err != nil {
		return err
	}
	childArgs := []string{"bench", "--child", "--data", dir, "--units", fmt.Sprint(f.units)}
	if dbURL != "" {
		childArgs = append(childArgs, "--db", dbURL)
	}
	if f.cpuProfile != "" {
		prof, err := filepath.Abs(f.cpuProfile)
		if err != nil {
			return err
		}
		childArgs = append(childArgs, "--cpuprofile", prof)
	}
	// The child stops when its stdin closes; a child that does not is
	// interrupted, then killed, so the bench always ends.
	childCtx, stopChild := context.WithCancel(ctx)
	defer stopChild()
	cmd := exec.CommandContext(childCtx, exe, childArgs...)
	cmd.Cancel = func() error { return cmd.Process.Signal(os.Interrupt) }
	cmd.WaitDelay = 15 * time.Second
	cmd.Stderr = stderr
	in, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("starting the server: %w", err)
	}
	defer func() {
		in.Close()
		t := time.AfterFunc(childStopTimeout, stopChild)
		defer t.Stop()
		if werr := cmd.Wait(); werr != nil && err == nil {
			err = fmt.Errorf("server child: %w", werr)
		}
	}()
	helloc := make(chan []byte, 1)
	go func() {
		line, _ := bufio.NewReader(out).ReadBytes('\n')
		helloc <- line
		io.Copy(io.Discard, out)
	}()
	var hello childHello
	select {
	case line := <-helloc:
		if json.Unmarshal(line, &hello) != nil || hello.Addr == "" {
			return fmt.Errorf("the server child did not start (its errors are above)")
		}
	case <-time.After(childStartTimeout):
		return fmt.Errorf("the server child did not start within %s", childStartTimeout)
	case <-ctx.Done():
		return ctx.Err()
	}

	pid := cmd.Process.Pid
	fmt.Fprintf(stdout, "fazhi bench: fazhi on %s at %s, %d clients, %d records over %d townships, audit and data scope on\n",
		dbName, hello.Addr, f.clients, f.records, f.units)
	var beforeList func() error
	if f.analyze && dbURL != "" {
		dbName += " (ANALYZE before lists)"
		beforeList = func() error { return analyzePostgres(ctx, dbURL) }
	}
	return runLedgerBench(ctx, f, "fazhi", dbName, "http://"+hello.Addr,
		loadtest.FazhiAPI{Kind: benchKind, Fields: hello.Fields}, hello.Principals, pid, beforeList, stdout, stderr)
}

// benchPocketBase runs the workload against a running PocketBase.
func benchPocketBase(ctx context.Context, f benchFlags, stdout, stderr io.Writer) error {
	email, pass, _ := strings.Cut(f.pbSuperuser, ":")
	who, err := loadtest.PocketBaseSetup{BaseURL: f.pbURL, Email: email, Password: pass,
		Collection: f.pbCollection, Units: f.units, Scope: f.pbScope}.Run(ctx)
	if err != nil {
		return fmt.Errorf("setting up PocketBase: %w", err)
	}
	fmt.Fprintf(stdout, "fazhi bench: PocketBase at %s, %d clients, %d records over %d units, list rule scoped by %s\n",
		f.pbURL, f.clients, f.records, f.units, f.pbScope)
	return runLedgerBench(ctx, f, "PocketBase ("+f.pbScope+" rule)", "SQLite", f.pbURL,
		loadtest.PocketBaseAPI{Collection: f.pbCollection}, who, f.pbPID, nil, stdout, stderr)
}

// runLedgerBench runs both phases and prints the figures as a Markdown
// table. pid, if non-zero, is the server process whose peak memory is read;
// beforeList, if set, runs between the phases.
func runLedgerBench(ctx context.Context, f benchFlags, target, dbName, baseURL string, api loadtest.LedgerAPI,
	who []loadtest.Principal, pid int, beforeList func() error, stdout, stderr io.Writer) error {
	peak := func() string {
		if pid == 0 {
			return "—"
		}
		b, err := loadtest.PeakRSS(pid)
		if err != nil {
			return "?"
		}
		return fmt.Sprintf("%d MiB", b>>20)
	}
	var createPeak string
	b := loadtest.LedgerBench{
		BaseURL: baseURL, API: api, Principals: who, Clients: f.clients, Records: f.records,
		CreateDuration: f.createDuration, ListDuration: f.listDuration, Progress: stderr,
		BeforeList: func() error {
			if beforeList != nil {
				if err := beforeList(); err != nil {
					return err
				}
			}
			createPeak = peak()
			if pid != 0 {
				_ = loadtest.ResetPeakRSS(pid) // the list row then shows the list phase's own peak
			}
			return nil
		},
	}
	res, err := b.Run(ctx)
	if err != nil {
		return err
	}
	listPeak := peak()
	fmt.Fprintln(stdout)
	fmt.Fprintln(stdout, "| target | database | phase | clients | requests | failed | per second | p50 | p99 | max | server peak RSS |")
	fmt.Fprintln(stdout, "|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
	row := func(phase string, r *loadtest.Result, rss string) {
		fmt.Fprintf(stdout, "| %s | %s | %s | %d | %d | %d | %.0f | %s | %s | %s | %s |\n",
			target, dbName, phase, r.Clients, r.OK, r.Failed, r.PerSecond(),
			ms(r.Latency.Quantile(0.5)), ms(r.Latency.Quantile(0.99)), ms(r.Latency.Max()), rss)
	}
	row(fmt.Sprintf("create (0 → %d records)", res.Create.OK), res.Create, createPeak)
	row(fmt.Sprintf("filtered list, page of 20 (%d records)", res.Records), res.List, listPeak)
	if res.Seed != nil {
		fmt.Fprintf(stdout, "\n(the timed create phase stored %d records; %d more were created untimed before the list phase)\n",
			res.Create.OK, res.Seed.OK)
	}
	if res.List.Failed > 0 {
		fmt.Fprintf(stdout, "\nlist failures: %d, first: %s\n", res.List.Failed, res.List.FirstErr)
	}
	return nil
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}

func isPostgres(u string) bool {
	return strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://")
}

// benchDBPrefix begins the name of a benchmark's temporary PostgreSQL
// database: $FAZHI_BENCH_DB_PREFIX (letters, digits and _ only), so that
// several people benchmarking on one server can tell theirs apart, or
// fazhi_bench_.
func benchDBPrefix() string {
	p := os.Getenv("FAZHI_BENCH_DB_PREFIX")
	if p == "" || strings.Trim(p, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
		return "fazhi_bench_"
	}
	return p
}

// freshPostgres creates an empty database for the run on the server named
// by adminURL and returns its URL and a func that drops it.
func freshPostgres(ctx context.Context, adminURL string) (string, func(), error) {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "", nil, fmt.Errorf("connecting to PostgreSQL %s: %w", redactURL(adminURL), err)
	}
	defer conn.Close(ctx)
	name := fmt.Sprintf("%s%d", benchDBPrefix(), time.Now().UnixNano())
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name+" TEMPLATE template0 ENCODING 'UTF8' LC_CTYPE 'C.UTF-8' LC_COLLATE 'C.UTF-8'"); err != nil {
		return "", nil, fmt.Errorf("creating database %s: %w", name, err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", nil, err
	}
	u.Path = "/" + name
	drop := func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		c, err := pgx.Connect(ctx, adminURL)
		if err != nil {
			return
		}
		defer c.Close(ctx)
		_, _ = c.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	}
	return u.String(), drop, nil
}

// analyzePostgres gathers planner statistics in the database at dbURL.
func analyzePostgres(ctx context.Context, dbURL string) error {
	c, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		return fmt.Errorf("connecting for ANALYZE: %w", err)
	}
	defer c.Close(ctx)
	if _, err := c.Exec(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("ANALYZE: %w", err)
	}
	return nil
}

func redactURL(s string) string {
	u, err := url.Parse(s)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// How long the server child may take to start (migrations, users, tokens)
// and to stop after its stdin closes.
const (
	childStartTimeout = 2 * time.Minute
	childStopTimeout  = 30 * time.Second
)

// benchKind is the ledger kind the workload writes (declared with the kinds).
const benchKind = kinds.BenchKind

// benchChild is the server side: it opens a fresh store, creates the unit
// tree, clerks and tokens, serves the real handler on 127.0.0.1:0, prints a
// childHello line and serves until stdin closes.
func benchChild(ctx context.Context, f benchFlags, stdin io.Reader, stdout, stderr io.Writer) (err error) {
	// The same wiring as fazhi serve: key ring, calendar, kinds, blobs, store.
	// A throwaway key inside the throwaway directory, removed with it.
	a, err := openApp(ctx, &config{DB: f.db, Data: f.dataDir, KeyFile: filepath.Join(f.dataDir, "master.key")}, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	db := a.store
	kind := a.kinds.Kind(benchKind)
	if kind == nil {
		return fmt.Errorf("kind %s is not registered", benchKind)
	}
	fields, err := benchFields(kind)
	if err != nil {
		return err
	}

	who, err := benchPrincipals(ctx, db, f.units)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: web.New(web.DefaultConfig(), db, a.kinds, a.cal, a.log).Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()

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
	hello, _ := json.Marshal(childHello{Addr: ln.Addr().String(), Principals: who, Fields: fields})
	fmt.Fprintf(stdout, "%s\n", hello)

	done := make(chan struct{})
	go func() { io.Copy(io.Discard, stdin); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return srv.Shutdown(sctx)
}

// benchPrincipals creates a county with n townships, a clerk in each and an
// API token for each clerk.
func benchPrincipals(ctx context.Context, db *store.DB, n int) ([]loadtest.Principal, error) {
	sys := store.SystemActor("bench")
	county := &access.Unit{Name: "压测县", Level: access.LevelCounty}
	if err := db.CreateUnit(ctx, sys, county); err != nil {
		return nil, err
	}
	hash, err := access.HashPassword("Bench-password-2026", access.DefaultPasswordParams)
	if err != nil {
		return nil, err
	}
	var out []loadtest.Principal
	for i := 1; i <= n; i++ {
		town := &access.Unit{ParentID: county.ID, Name: fmt.Sprintf("压测%d镇", i), Level: access.LevelTownship}
		if err := db.CreateUnit(ctx, sys, town); err != nil {
			return nil, err
		}
		u := &access.User{Username: fmt.Sprintf("bench%d", i), Name: fmt.Sprintf("录入员%d", i),
			UnitID: town.ID, Roles: []access.Role{access.RoleClerk}, PasswordHash: hash}
		if err := db.CreateUser(ctx, sys, u); err != nil {
			return nil, err
		}
		tok, err := db.CreateToken(ctx, sys, u.ID, "bench")
		if err != nil {
			return nil, err
		}
		out = append(out, loadtest.Principal{Token: tok, Unit: fmt.Sprint(town.ID)})
	}
	return out, nil
}

// benchFields names the legality-review fields the workload fills in (the
// kind's required create fields) and checks the declaration still has them
// with the types the generator produces.
func benchFields(k *ledger.Kind) (loadtest.FazhiFields, error) {
	bf := kinds.BenchFields
	ff := loadtest.FazhiFields{SubjectType: bf.SubjectType, Title: k.TitleField, Department: bf.Department,
		Reviewer: bf.Reviewer, ReviewerBy: bf.ReviewerBy, Received: bf.Received}
	want := map[string]ledger.FieldType{ff.SubjectType: ledger.TypeEnum, ff.Title: ledger.TypeText,
		ff.Department: ledger.TypeText, ff.Reviewer: ledger.TypeEnum, ff.ReviewerBy: ledger.TypeText,
		ff.Received: ledger.TypeDate}
	for _, fd := range k.Fields {
		if t, ok := want[fd.Name]; ok && t == fd.Type {
			delete(want, fd.Name)
		}
	}
	if len(want) > 0 {
		return ff, fmt.Errorf("kind %s no longer declares the fields the bench fills in (or their types changed): %v", k.Name, want)
	}
	return ff, nil
}
