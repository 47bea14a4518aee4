// Package loadtest is a small HTTP load driver for benchmarking fazhi's API
// (and, for comparison, a peer such as PocketBase) on this machine: N
// concurrent clients send requests built by a caller's function until a
// request count or a time limit is reached, and the run reports throughput
// and a latency histogram (p50/p99).
//
// It only ever talks to loopback addresses (127.0.0.0/8, ::1, localhost):
// CheckLoopback refuses anything else before a run starts and the dialer
// refuses it again at connect time. Every run is bounded in time.
package loadtest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// Limits on a run, so a mistyped flag cannot start an endless load.
const (
	DefaultDuration = time.Minute
	MaxDuration     = 10 * time.Minute
	MaxClients      = 1024
	DefaultMaxErrs  = 100
	maxBody         = 8 << 20 // response bytes read per request
	// Grace is how long requests in flight at the deadline may take to
	// finish before they are cancelled (and not counted).
	Grace = 10 * time.Second
)

// Op is one request: method, path (with query) relative to the base URL,
// an optional body, and the status that counts as success.
type Op struct {
	Method string
	Path   string
	Body   []byte
	Header http.Header // added to Config.Header for this request
	Want   int         // expected status; 0 means any 2xx
	// Check, if set, inspects a successful response's body; an error
	// counts the request as failed.
	Check func(body []byte) error
}

// Config describes a run. Next is called concurrently from every client
// with the request's sequence number (0, 1, 2, ...) and the client's index.
type Config struct {
	BaseURL  string        // e.g. http://127.0.0.1:8080; loopback only
	Clients  int           // concurrent clients, 1..MaxClients
	Requests int64         // stop after this many requests; 0: no count limit
	Duration time.Duration // stop after this long; 0: DefaultDuration
	MaxErrs  int64         // stop early after this many failures; 0: DefaultMaxErrs, <0: never
	Header   http.Header   // sent with every request (e.g. Authorization)
	Next     func(seq int64, client int) Op
}

// Result is what a run measured. Latencies are those of successful requests.
type Result struct {
	OK        int64         // successful requests
	Failed    int64         // wrong status, transport error or failed Check
	Elapsed   time.Duration // from the first request to the last response
	Latency   Histogram
	Status    map[int]int64 // responses by status code
	FirstErr  string        // the first failure, for the report
	Stopped   string        // why the run ended: "count", "time", "errors" or "cancelled"
	Clients   int
	BytesRead int64
}

// PerSecond is successful requests per second of elapsed time.
func (r *Result) PerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.OK) / r.Elapsed.Seconds()
}

// String is a one-line summary: count, rate, p50, p99, max.
func (r *Result) String() string {
	return fmt.Sprintf("%d ok, %d failed in %.1fs: %.0f/s, p50 %s, p99 %s, max %s (%d clients, stopped by %s)",
		r.OK, r.Failed, r.Elapsed.Seconds(), r.PerSecond(),
		roundDur(r.Latency.Quantile(0.50)), roundDur(r.Latency.Quantile(0.99)), roundDur(r.Latency.Max()),
		r.Clients, r.Stopped)
}

func roundDur(d time.Duration) time.Duration {
	switch {
	case d >= 100*time.Millisecond:
		return d.Round(time.Millisecond)
	case d >= time.Millisecond:
		return d.Round(10 * time.Microsecond)
	default:
		return d.Round(time.Microsecond)
	}
}

// Run drives the load described by cfg and returns what it measured. It
// returns an error only for a bad configuration; failed requests are counted
// in the Result. Cancelling ctx ends the run early.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	base, err := cfg.check()
	if err != nil {
		return nil, err
	}
	client := newClient(cfg.Clients)
	defer client.CloseIdleConnections()

	// No request starts after the deadline; those in flight get a grace
	// period to finish, so what the server stored is what the run counted.
	deadline := time.Now().Add(cfg.Duration)
	reqCtx, cancel := context.WithDeadline(ctx, deadline.Add(Grace))
	defer cancel()

	var (
		seq     atomic.Int64
		failed  atomic.Int64
		stopped atomic.Value // string
		wg      sync.WaitGroup
	)
	workers := make([]worker, cfg.Clients)
	start := time.Now()
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wk := &workers[w]
			wk.status = map[int]int64{}
			for reqCtx.Err() == nil && stopped.Load() == nil {
				if !time.Now().Before(deadline) {
					stopped.CompareAndSwap(nil, "time")
					return
				}
				n := seq.Add(1) - 1
				if cfg.Requests > 0 && n >= cfg.Requests {
					stopped.CompareAndSwap(nil, "count")
					return
				}
				op := cfg.Next(n, w)
				d, status, nbytes, err := do(reqCtx, client, base, cfg.Header, op)
				if reqCtx.Err() != nil && err != nil {
					return // cut off by cancellation or the grace period: not counted
				}
				wk.bytes += nbytes
				if status != 0 {
					wk.status[status]++
				}
				if err != nil {
					if wk.firstErr == "" {
						wk.firstErr = fmt.Sprintf("request %d %s %s: %v", n, op.Method, op.Path, err)
					}
					if f := failed.Add(1); cfg.MaxErrs > 0 && f >= cfg.MaxErrs {
						stopped.CompareAndSwap(nil, "errors")
						cancel()
						return
					}
					continue
				}
				wk.ok++
				wk.hist.Record(d)
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)

	res := &Result{Elapsed: elapsed, Status: map[int]int64{}, Failed: failed.Load(), Clients: cfg.Clients}
	for i := range workers {
		wk := &workers[i]
		res.OK += wk.ok
		res.BytesRead += wk.bytes
		res.Latency.Merge(&wk.hist)
		for s, c := range wk.status {
			res.Status[s] += c
		}
		if res.FirstErr == "" {
			res.FirstErr = wk.firstErr
		}
	}
	switch why, _ := stopped.Load().(string); {
	case ctx.Err() != nil:
		res.Stopped = "cancelled"
	case why != "":
		res.Stopped = why
	default:
		res.Stopped = "time" // the grace period ran out
	}
	return res, nil
}

// worker is one client's private tally, merged after the run.
type worker struct {
	ok       int64
	bytes    int64
	hist     Histogram
	status   map[int]int64
	firstErr string
}

func (cfg *Config) check() (*url.URL, error) {
	base, err := CheckLoopback(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Clients < 1 || cfg.Clients > MaxClients {
		return nil, fmt.Errorf("并发客户端数 %d 无效：须在 1 到 %d 之间", cfg.Clients, MaxClients)
	}
	if cfg.Requests < 0 {
		return nil, fmt.Errorf("请求数 %d 无效：须为 0（不限）或正数", cfg.Requests)
	}
	if cfg.Duration == 0 {
		cfg.Duration = DefaultDuration
	}
	if cfg.Duration < 0 || cfg.Duration > MaxDuration {
		return nil, fmt.Errorf("时长 %s 无效：须在 0 到 %s 之间", cfg.Duration, MaxDuration)
	}
	if cfg.MaxErrs == 0 {
		cfg.MaxErrs = DefaultMaxErrs
	}
	if cfg.Next == nil {
		return nil, errors.New("loadtest: Config.Next is nil")
	}
	return base, nil
}

// newClient returns an HTTP client with one keep-alive connection per load
// client, no proxy, no redirects and a dialer that only reaches loopback.
func newClient(clients int) *http.Client {
	d := &net.Dialer{Timeout: 5 * time.Second}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         loopbackDial(d),
		MaxIdleConns:        clients,
		MaxIdleConnsPerHost: clients,
		IdleConnTimeout:     30 * time.Second,
		DisableCompression:  true,
	}
	return &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
}

// do sends one request and returns its latency, status, body size, and an
// error when it did not succeed.
func do(ctx context.Context, c *http.Client, base *url.URL, hdr http.Header, op Op) (time.Duration, int, int64, error) {
	ref, err := url.Parse(op.Path)
	if err != nil {
		return 0, 0, 0, fmt.Errorf("bad path: %w", err)
	}
	u := base.ResolveReference(ref)
	if u.Host != base.Host || u.Scheme != base.Scheme {
		return 0, 0, 0, fmt.Errorf("path %q leaves the base URL", op.Path)
	}
	var body io.Reader
	if op.Body != nil {
		body = bytes.NewReader(op.Body)
	}
	req, err := http.NewRequestWithContext(ctx, op.Method, u.String(), body)
	if err != nil {
		return 0, 0, 0, err
	}
	for k, vs := range hdr {
		req.Header[k] = vs
	}
	for k, vs := range op.Header {
		req.Header[k] = vs
	}
	if op.Body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "application/json")
	}
	t0 := time.Now()
	resp, err := c.Do(req)
	if err != nil {
		return 0, 0, 0, err
	}
	b, rerr := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	d := time.Since(t0)
	n := int64(len(b))
	if rerr != nil {
		return d, resp.StatusCode, n, fmt.Errorf("reading response: %w", rerr)
	}
	ok := resp.StatusCode == op.Want || (op.Want == 0 && resp.StatusCode/100 == 2)
	if !ok {
		return d, resp.StatusCode, n, fmt.Errorf("status %d: %s", resp.StatusCode, snippet(b))
	}
	if op.Check != nil {
		if err := op.Check(b); err != nil {
			return d, resp.StatusCode, n, err
		}
	}
	return d, resp.StatusCode, n, nil
}

func snippet(b []byte) string {
	const n = 300
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
