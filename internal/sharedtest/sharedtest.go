// Package sharedtest finds ../shared — the seed reports and reference data
// that lie beside the repository in CI and on developers' machines but not
// in a user's clone — for tests, which skip with the reason when it is
// absent.
package sharedtest

import (
	"os"
	"path/filepath"
	"testing"
)

// Path returns ../shared/sub beside the module root (the directory holding
// go.mod, found by walking up from the test's directory), or skips tb
// saying what the test reads and why it is not there.
func Path(tb testing.TB, sub string) string {
	tb.Helper()
	dir, err := os.Getwd()
	if err != nil {
		tb.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			tb.Skipf("reads ../shared/%s: no go.mod above the test directory", sub)
		}
		dir = parent
	}
	p := filepath.Join(filepath.Dir(dir), "shared", sub)
	if _, err := os.Stat(p); err != nil {
		tb.Skipf("reads ../shared/%s, which is absent: the seeds and reference data lie beside the repository, not in it", sub)
	}
	return p
}
