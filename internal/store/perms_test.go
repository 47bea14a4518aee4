package store

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSQLiteFilesOwnerOnly: the database, its WAL and shared-memory files
// and the blobs are readable by the owner only — also when a database file
// from before was world-readable.
func TestSQLiteFilesOwnerOnly(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "fazhi.db"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, "", dir)
	f := seed(t, e)
	ctx := context.Background()
	r, err := e.db.CreateRecord(ctx, f.actors["clerkA"], kindOf(e), f.townA.ID, newCase("权限案"))
	must(t, err)
	_, err = e.db.AddAttachment(ctx, f.actors["clerkA"], r.ID, "a.txt", "text/plain", strings.NewReader("内容"))
	must(t, err)
	seen := 0
	err = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			if p == dir {
				return nil // the test's temporary directory; the command makes the data directory 0700
			}
			want = 0o700
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s: mode %o, want %o", p, got, want)
		}
		seen++
		return nil
	})
	must(t, err)
	for _, name := range []string{"fazhi.db", "fazhi.db-wal", "fazhi.db-shm"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if seen < 6 {
		t.Fatalf("only %d files and directories checked", seen)
	}
}
