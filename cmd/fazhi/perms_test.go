package main

import (
	"os"
	"path/filepath"
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
