package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLI_DataDirectoryOwnerOnly: a data directory made 0755 by hand is
// 0700 once fazhi has opened it, the database in it 0600, and the key —
// beside the directory, not in it — 0600.
func TestCLI_DataDirectoryOwnerOnly(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, out := fazhi(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %d %s", code, out)
	}
	if _, err := os.Stat(filepath.Join(data, "master.key")); err == nil {
		t.Error("a new installation keeps its key inside the data directory")
	}
	for name, want := range map[string]os.FileMode{"": 0o700, "../data.key": 0o600, "fazhi.db": 0o600} {
		fi, err := os.Stat(filepath.Join(data, name))
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", filepath.Join(data, name), got, want)
		}
	}
}

// TestCLI_DemoPasswordsStayOutOfTheLog: with output that is not a terminal
// (a service's log), `fazhi demo` prints where the accounts are, not the
// passwords; the file is the owner's only and holds the accounts.
func TestCLI_DemoPasswordsStayOutOfTheLog(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	code, out := fazhi(t, "demo", "--data", data)
	if code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	path := filepath.Join(data, "demo-accounts.txt")
	if !strings.Contains(out, path) {
		t.Fatalf("demo output does not say where the accounts are: %s", out)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %o, want 600", path, fi.Mode().Perm())
	}
	b, _ := os.ReadFile(path)
	var passwords []string
	for _, line := range strings.Split(string(b), "\n") {
		if f := strings.Fields(line); len(f) > 2 && strings.Contains(f[0], ".") {
			passwords = append(passwords, f[1])
		}
	}
	if len(passwords) < 5 || !strings.Contains(string(b), "yunxi.clerk") {
		t.Fatalf("accounts file: %s", b)
	}
	for _, pw := range passwords {
		if strings.Contains(out, pw) {
			t.Fatalf("password %q printed to non-terminal output", pw)
		}
	}
}

// TestCLI_OldKeyInsideDataStillUsed: an installation made when the key
// lived in the data directory keeps using that key (serve warns), rather
// than making a new key and losing the personal data.
func TestCLI_OldKeyInsideDataStillUsed(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if code, out := fazhi(t, "migrate", "--data", data, "--key-file", filepath.Join(data, "master.key")); code != 0 {
		t.Fatalf("migrate: %d %s", code, out)
	}
	if code, out := fazhi(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate again: %d %s", code, out)
	}
	if _, err := os.Stat(data + ".key"); err == nil {
		t.Error("a second key was created beside the data directory")
	}
	cfg := &config{Data: data}
	if got := cfg.keyFile(); got != filepath.Join(data, "master.key") {
		t.Errorf("key file %s, want the existing one inside the data directory", got)
	}
}
