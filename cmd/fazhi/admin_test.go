package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// fazhi runs the command line in-process and returns status and output.
func fazhi(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String() + errb.String()
}

// The administrator's day: demo data, users from the command line, an
// online backup while the server runs, a restore elsewhere and the audit
// check on the restored copy.
func TestCLI_UsersBackupRestoreAudit(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 || !strings.Contains(out, "demo-accounts.txt") {
		t.Fatalf("demo: %d %s", code, out)
	}
	if code, out := fazhi(t, "demo", "--data", data); code == 0 {
		t.Errorf("demo into a database with data succeeded: %s", out)
	}
	if code, out := fazhi(t, "user", "add", "--data", data, "--unit", "2", "--roles", "clerk", "--password", "short", "zhang"); code != 2 || !strings.Contains(out, "至少需要 10 个字符") {
		t.Errorf("weak password: %d %s", code, out)
	}
	if code, out := fazhi(t, "user", "add", "--data", data, "--unit", "2", "--roles", "clerk,nobody", "zhang"); code != 2 || !strings.Contains(out, "未知角色") {
		t.Errorf("unknown role: %d %s", code, out)
	}
	code, out := fazhi(t, "user", "add", "--data", data, "--unit", "2", "--roles", "clerk,head", "--name", "张三", "zhang")
	if code != 0 || !strings.Contains(out, "已创建用户 zhang") {
		t.Fatalf("user add: %d %s", code, out)
	}
	if code, out := fazhi(t, "user", "lock", "--data", data, "zhang"); code != 0 {
		t.Fatalf("lock: %d %s", code, out)
	}
	if _, out := fazhi(t, "user", "list", "--data", data); !strings.Contains(out, "张三") || !strings.Contains(out, "已锁定") {
		t.Errorf("list after lock: %s", out)
	}

	// Serve, and back up while it runs.
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, &config{Data: data}, os.Stderr, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, nil, &bytes.Buffer{}) }()
	defer func() { cancel(); <-done; a.Close() }()
	waitHTTP(t, "http://"+ln.Addr().String()+"/login")

	backup := filepath.Join(dir, "b.tar.gz")
	if code, out := fazhi(t, "backup", "--data", data, backup); code != 0 {
		t.Fatalf("backup while serving: %d %s", code, out)
	}
	restored := filepath.Join(dir, "restored")
	if code, out := fazhi(t, "restore", "--data", restored, backup); code != 0 {
		t.Fatalf("restore: %d %s", code, out)
	}
	if code, out := fazhi(t, "restore", "--data", restored, backup); code == 0 {
		t.Errorf("restore over existing data succeeded: %s", out)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", restored); code == 0 || !strings.Contains(out, "主密钥") {
		t.Errorf("verify without the key must say the key is missing: %d %s", code, out)
	}
	key, err := os.ReadFile(data + ".key") // the key lives beside the data directory
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(restored+".key", key, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", restored); code != 0 || !strings.Contains(out, "哈希链校验通过") {
		t.Errorf("verify restored copy: %d %s", code, out)
	}
	if _, out := fazhi(t, "user", "list", "--data", restored); !strings.Contains(out, "张三") {
		t.Errorf("restored copy lacks the user added before the backup: %s", out)
	}
}

func waitHTTP(t *testing.T, url string) {
	t.Helper()
	for i := 0; i < 100; i++ {
		if resp, err := http.Get(url); err == nil {
			resp.Body.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server at %s did not answer", url)
}

func TestCLI_BadUsage(t *testing.T) {
	for _, args := range [][]string{{}, {"nosuch"}, {"user"}, {"unit"}, {"unit", "nosuch"}, {"unit", "add"}, {"audit"}, {"backup"}, {"keys"}, {"serve", "--nosuchflag"}} {
		if code, _ := fazhi(t, args...); code != 2 {
			t.Errorf("fazhi %v: exit %d, want 2", args, code)
		}
	}
	if code, out := fazhi(t, "version"); code != 0 || !strings.Contains(out, "fazhi") {
		t.Errorf("version: %d %s", code, out)
	}
}
