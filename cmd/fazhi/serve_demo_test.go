package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/store"
)

// lockedBuffer is a bytes.Buffer the server goroutine writes while the
// test reads.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// TestServeDemo_GeneratesTheNamedTownshipsAndServes: `serve --demo` with
// the three flags on an empty data directory loads the scripted county,
// generates the years' records of every kind into the named townships
// (one of the scripted county's, one new), and serves the login page.
func TestServeDemo_GeneratesTheNamedTownshipsAndServes(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a county")
	}
	data := filepath.Join(t.TempDir(), "data")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb lockedBuffer
	done := make(chan error, 1)
	go func() {
		done <- cmdServe(ctx, []string{"--demo", "--data", data, "--addr", "127.0.0.1:0",
			"--demo-years", "2024-2025", "--demo-townships", "石门镇,新桥镇", "--demo-volume", "2"}, &out, &errb)
	}()
	addr := regexp.MustCompile(`已启动：(http://[^/\s]+/)`)
	var base string
	for base == "" {
		select {
		case err := <-done:
			t.Fatalf("serve ended: %v\n%s\n%s", err, out.String(), errb.String())
		case <-time.After(100 * time.Millisecond):
		}
		if m := addr.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	if !regexp.MustCompile(`已生成台账记录 [1-9]\d* 条`).MatchString(out.String()) {
		t.Errorf("no generation line: %s", out.String())
	}
	resp, err := http.Get(base + "login")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "登录") {
		t.Errorf("GET /login: %d", resp.StatusCode)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve: %v", err)
	}

	a, err := openApp(context.Background(), &config{Data: data, KeyFile: data + ".key"}, io.Discard, false)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	sys := store.SystemActor("test")
	for _, name := range []string{"石门镇", "新桥镇"} {
		u, err := a.store.UnitByRef(context.Background(), name)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, k := range a.kinds.Kinds() {
			recs, err := a.store.IndicatorRecords(context.Background(), sys, k.Name, u.ID, nil)
			if err != nil {
				t.Fatal(err)
			}
			years := map[int]bool{}
			for _, r := range recs {
				years[r.Year] = true
			}
			if !years[2024] || !years[2025] {
				t.Errorf("%s: %s（%s）has records of years %v, want 2024 and 2025", name, k.Label, k.Name, years)
			}
		}
	}
}

// TestServeDemo_BadFlagsNamedInChinese: the demo flags are checked before
// anything is loaded, and the scripted township is refused by name.
func TestServeDemo_BadFlagsNamedInChinese(t *testing.T) {
	for args, want := range map[string]string{
		"--demo-years 2025-2021": "--demo-years",
		"--demo-years abc":       "--demo-years",
		"--demo-years 2099":      "--demo-years",
		"--demo-years 1900-2021": "--demo-years",
		"--demo-volume -1":       "--demo-volume -1 无效",
		"--demo-townships 云溪镇":   "演示脚本所用的乡镇",
	} {
		data := filepath.Join(t.TempDir(), "data")
		code, msg := fazhi(t, append([]string{"serve", "--demo", "--data", data, "--addr", "127.0.0.1:0"}, strings.Fields(args)...)...)
		if code != 2 || !strings.Contains(msg, want) {
			t.Errorf("serve --demo %s: exit %d, %q; want 2 and %q", args, code, msg, want)
		}
	}
}

// FuzzParseYears: any --demo-years value is either refused or gives years
// from 2000 to the last year, each once.
func FuzzParseYears(f *testing.F) {
	for _, s := range []string{"2021-2025", "2024", "2021,2023", "2025-2021", "abc", "2099", "1900-2021", ",", "2021-", "-2021", "2021-2025,2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, v string) {
		years, err := parseYears(v, 2026)
		if err != nil {
			if !strings.Contains(err.Error(), "--demo-years") {
				t.Fatalf("%q: message %q does not name the flag", v, err)
			}
			return
		}
		seen := map[int]bool{}
		for _, y := range years {
			if y < 2000 || y > 2026 || seen[y] {
				t.Fatalf("%q gave %v", v, years)
			}
			seen[y] = true
		}
	})
}
