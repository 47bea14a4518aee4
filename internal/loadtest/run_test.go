package loadtest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// countingServer answers 201 to every request, sleeping ?sleep=ms first and
// answering ?status=N when asked, and counts what it saw.
func countingServer(t *testing.T) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		if ms, _ := strconv.Atoi(r.URL.Query().Get("sleep")); ms > 0 {
			time.Sleep(time.Duration(ms) * time.Millisecond)
		}
		if r.Header.Get("Authorization") != "Bearer tok" {
			http.Error(w, "no token", http.StatusUnauthorized)
			return
		}
		status := http.StatusCreated
		if s, _ := strconv.Atoi(r.URL.Query().Get("status")); s > 0 {
			status = s
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"seq":%q}`, r.URL.Query().Get("seq"))
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

var auth = http.Header{"Authorization": {"Bearer tok"}}

func TestRun_StopsAtRequestCount(t *testing.T) {
	srv, seen := countingServer(t)
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 8, Requests: 500, Duration: 30 * time.Second, Header: auth,
		Next: func(seq int64, _ int) Op {
			return Op{Method: "POST", Path: "/api?seq=" + strconv.FormatInt(seq, 10), Body: []byte(`{}`), Want: 201}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 500 || res.Failed != 0 || seen.Load() != 500 {
		t.Fatalf("ok %d failed %d, server saw %d; want 500, 0, 500 (first error: %s)", res.OK, res.Failed, seen.Load(), res.FirstErr)
	}
	if res.Stopped != "count" || res.Status[201] != 500 || res.Latency.Count() != 500 {
		t.Errorf("stopped by %q, status %v, %d latencies; want count, 201×500, 500", res.Stopped, res.Status, res.Latency.Count())
	}
	if res.PerSecond() <= 0 || !strings.Contains(res.String(), "500 ok") {
		t.Errorf("summary %q, rate %v", res.String(), res.PerSecond())
	}
}

func TestRun_StopsByItselfAtDuration(t *testing.T) {
	srv, seen := countingServer(t)
	t0 := time.Now()
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 4, Duration: 300 * time.Millisecond, Header: auth,
		Next: func(int64, int) Op { return Op{Method: "GET", Path: "/?sleep=2"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if took := time.Since(t0); took > 10*time.Second {
		t.Fatalf("a 300ms run took %v", took)
	}
	if res.Stopped != "time" || res.OK == 0 || res.Failed != 0 {
		t.Fatalf("stopped by %q with %d ok, %d failed (%s); want time, >0, 0", res.Stopped, res.OK, res.Failed, res.FirstErr)
	}
	// Requests in flight at the deadline finish and are counted.
	if got := seen.Load(); got != res.OK {
		t.Errorf("server saw %d requests, driver counted %d ok", got, res.OK)
	}
}

func TestRun_LatencyQuantilesReflectSlowRequests(t *testing.T) {
	srv, _ := countingServer(t)
	// Every 10th request sleeps 40ms, the rest 1ms: p99 must see the slow ones.
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 4, Requests: 400, Duration: 30 * time.Second, Header: auth,
		Next: func(seq int64, _ int) Op {
			if seq%10 == 0 {
				return Op{Method: "GET", Path: "/?sleep=40"}
			}
			return Op{Method: "GET", Path: "/?sleep=1"}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	p50, p99 := res.Latency.Quantile(0.5), res.Latency.Quantile(0.99)
	if p50 < time.Millisecond || p50 >= 40*time.Millisecond {
		t.Errorf("p50 = %v, want between 1ms and 40ms", p50)
	}
	if p99 < 40*time.Millisecond {
		t.Errorf("p99 = %v, want at least 40ms", p99)
	}
}

func TestRun_CountsFailures(t *testing.T) {
	srv, _ := countingServer(t)
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 3, Requests: 100, Duration: 30 * time.Second, Header: auth, MaxErrs: -1,
		Next: func(seq int64, _ int) Op {
			if seq%2 == 1 {
				return Op{Method: "POST", Path: "/?status=500", Want: 201}
			}
			return Op{Method: "POST", Path: "/", Want: 201}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 50 || res.Failed != 50 || res.Status[500] != 50 || res.Status[201] != 50 {
		t.Fatalf("ok %d failed %d status %v; want 50/50", res.OK, res.Failed, res.Status)
	}
	if !strings.Contains(res.FirstErr, "status 500") {
		t.Errorf("first error %q does not name the status", res.FirstErr)
	}
	if res.Latency.Count() != 50 {
		t.Errorf("%d latencies recorded, want only the 50 successes", res.Latency.Count())
	}
}

func TestRun_CheckFailsARequest(t *testing.T) {
	srv, _ := countingServer(t)
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 2, Requests: 20, Header: auth, MaxErrs: -1,
		Next: func(seq int64, _ int) Op {
			return Op{Method: "GET", Path: "/?seq=" + strconv.FormatInt(seq, 10), Check: func(b []byte) error {
				if strings.Contains(string(b), `"seq":"7"`) {
					return errors.New("seven")
				}
				return nil
			}}
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.OK != 19 || res.Failed != 1 || !strings.Contains(res.FirstErr, "seven") {
		t.Fatalf("ok %d failed %d first %q; want 19, 1, seven", res.OK, res.Failed, res.FirstErr)
	}
}

func TestRun_StopsEarlyAfterMaxErrors(t *testing.T) {
	srv, seen := countingServer(t)
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 4, Requests: 100000, Duration: 30 * time.Second, MaxErrs: 10,
		// no Authorization header: every request answers 401
		Next: func(int64, int) Op { return Op{Method: "GET", Path: "/"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped != "errors" || res.OK != 0 {
		t.Fatalf("stopped by %q with %d ok; want errors, 0", res.Stopped, res.OK)
	}
	if got := seen.Load(); got > 10+4 {
		t.Errorf("server saw %d requests after the 10th failure should have stopped 4 clients", got)
	}
}

func TestRun_CancelledContextEndsTheRun(t *testing.T) {
	srv, _ := countingServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	res, err := Run(ctx, Config{
		BaseURL: srv.URL, Clients: 2, Duration: time.Minute, Header: auth,
		Next: func(int64, int) Op { return Op{Method: "GET", Path: "/?sleep=1"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stopped != "cancelled" {
		t.Fatalf("stopped by %q, want cancelled", res.Stopped)
	}
}

func TestRun_DoesNotFollowRedirectsOffTheMachine(t *testing.T) {
	var hits atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "http://10.0.0.1/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 1, Requests: 3, MaxErrs: -1,
		Next: func(int64, int) Op { return Op{Method: "GET", Path: "/", Want: 200} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 3 || res.Status[http.StatusFound] != 3 || hits.Load() != 3 {
		t.Fatalf("failed %d status %v hits %d; want 3 failures answered 302 and nothing followed", res.Failed, res.Status, hits.Load())
	}
}

func TestRun_RefusesPathsThatLeaveTheBase(t *testing.T) {
	srv, seen := countingServer(t)
	res, err := Run(context.Background(), Config{
		BaseURL: srv.URL, Clients: 1, Requests: 2, MaxErrs: -1,
		Next: func(int64, int) Op { return Op{Method: "GET", Path: "http://10.0.0.1/x"} },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Failed != 2 || seen.Load() != 0 || !strings.Contains(res.FirstErr, "leaves the base") {
		t.Fatalf("failed %d, server saw %d, first %q", res.Failed, seen.Load(), res.FirstErr)
	}
}

func TestRun_BadConfig(t *testing.T) {
	next := func(int64, int) Op { return Op{Method: "GET", Path: "/"} }
	tests := []struct {
		name string
		cfg  Config
		want string
	}{
		{"private address", Config{BaseURL: "http://192.168.0.5:80", Clients: 1, Next: next}, "回环"},
		{"host name", Config{BaseURL: "http://example.com", Clients: 1, Next: next}, "回环"},
		{"no clients", Config{BaseURL: "http://127.0.0.1:1", Clients: 0, Next: next}, "并发客户端数"},
		{"too many clients", Config{BaseURL: "http://127.0.0.1:1", Clients: 5000, Next: next}, "并发客户端数"},
		{"negative count", Config{BaseURL: "http://127.0.0.1:1", Clients: 1, Requests: -1, Next: next}, "请求数"},
		{"endless", Config{BaseURL: "http://127.0.0.1:1", Clients: 1, Duration: time.Hour, Next: next}, "时长"},
		{"no request", Config{BaseURL: "http://127.0.0.1:1", Clients: 1}, "Next"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Run(context.Background(), tt.cfg)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want one mentioning %q", err, tt.want)
			}
		})
	}
}
