package main

import (
	"bytes"
	"context"
	"database/sql"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/audit"
	"fazhi/internal/secure"
)

func rawSQL(t *testing.T, data string, qs ...string) {
	t.Helper()
	db, err := sql.Open("sqlite", filepath.Join(data, "fazhi.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range qs {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}

// TestCLI_AuditAnchorAndTamperedTail: `fazhi audit anchor` prints a
// checkpoint that `audit verify --anchor` accepts; after the newest entries
// are deleted and the head rewritten without the key, verify names the
// head; after the same done with the key (re-sealed), the chain holds but
// the rows the deleted entries were about are named, and the checkpoint
// catches it; and `serve` says at start that the chain is broken.
func TestCLI_AuditAnchorAndTamperedTail(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	code, out := fazhi(t, "audit", "anchor", "--data", data)
	if code != 0 || !strings.HasPrefix(out, "fazhi-audit:") {
		t.Fatalf("anchor: %d %s", code, out)
	}
	cp, err := audit.ParseCheckpoint(strings.SplitN(out, "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data, "--anchor", cp.String()); code != 0 || !strings.Contains(out, "仍包含检查点") {
		t.Fatalf("verify --anchor on the intact log: %d %s", code, out)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data, "--anchor", "fazhi-audit:1:x:y"); code != 2 || !strings.Contains(out, "检查点格式") {
		t.Errorf("malformed checkpoint: %d %s", code, out)
	}
	keep := cp.Seq - 5
	k := strconv.FormatInt(keep, 10)

	// Without the key: the head cannot be re-sealed.
	rawSQL(t, data, "DELETE FROM audit WHERE seq > "+k,
		"UPDATE audit_head SET seq = "+k+", hash = (SELECT hash FROM audit WHERE seq = "+k+")")
	if code, out := fazhi(t, "audit", "verify", "--data", data); code == 0 || !strings.Contains(out, "封签不符") {
		t.Fatalf("truncated tail with a rewritten head: %d %s", code, out)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, &config{Data: data}, os.Stderr, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var served bytes.Buffer
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, nil, &served) }()
	waitHTTP(t, "http://"+ln.Addr().String()+"/login")
	cancel()
	<-done
	a.Close()
	if !strings.Contains(served.String(), "警告：审计日志校验失败") {
		t.Errorf("serve on a tampered log said: %s", served.String())
	}

	// With the key (beside the data directory by default): re-sealed, the
	// chain check passes and only the checkpoint kept elsewhere catches it.
	keys, err := secure.LoadKeyRing("file:" + data + ".key")
	if err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite", filepath.Join(data, "fazhi.db"))
	var hash string
	if err := db.QueryRow("SELECT hash FROM audit WHERE seq = ?", keep).Scan(&hash); err != nil {
		t.Fatal(err)
	}
	db.Close()
	rawSQL(t, data, "UPDATE audit_head SET seal = '"+audit.SealAnchor(keys.AuditKey(), keep, hash)+"'")
	// The chain itself now holds; the rows the deleted entries were about
	// no longer match the log, and the checkpoint is gone.
	code, out = fazhi(t, "audit", "verify", "--data", data)
	if code == 0 || !strings.Contains(out, "哈希链校验通过") || !strings.Contains(out, "不符 ") {
		t.Fatalf("re-sealed truncation: %d %s", code, out)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data, "--anchor", cp.String()); code == 0 || !strings.Contains(out, "已不在审计日志中") {
		t.Fatalf("re-sealed truncation against the checkpoint: %d %s", code, out)
	}
}

// TestCLI_AuditVerifyNamesEditedRows: on demo data `audit verify` finds the
// rows consistent with the log; a record title and a user's roles edited
// in the database file are each named.
func TestCLI_AuditVerifyNamesEditedRows(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	if code, out := fazhi(t, "audit", "verify", "--data", data); code != 0 || !strings.Contains(out, "逐一核对相符") {
		t.Fatalf("verify on demo data: %d %s", code, out)
	}
	rawSQL(t, data, "UPDATE records SET title = title, state = 'withdrawn' WHERE id = (SELECT MIN(id) FROM records WHERE kind = 'legality_review')",
		"UPDATE users SET roles = 'admin' WHERE username = 'yunxi.clerk'")
	code, out := fazhi(t, "audit", "verify", "--data", data)
	if code == 0 || !strings.Contains(out, "不符 record:") || !strings.Contains(out, "「已撤回」") || !strings.Contains(out, "用户 yunxi.clerk 的角色当前为") {
		t.Fatalf("verify after direct edits: %d %s", code, out)
	}
}
