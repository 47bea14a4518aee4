package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCLI_DataDirectoryOwnerOnly: a data directory made 0755 by hand is
// 0700 once fazhi has opened it, and the key and database in it are 0600.
func TestCLI_DataDirectoryOwnerOnly(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(data, 0o755); err != nil {
		t.Fatal(err)
	}
	if code, out := fazhi(t, "migrate", "--data", data); code != 0 {
		t.Fatalf("migrate: %d %s", code, out)
	}
	for name, want := range map[string]os.FileMode{"": 0o700, "master.key": 0o600, "fazhi.db": 0o600} {
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
