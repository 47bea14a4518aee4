package store

import (
	"context"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func formatInt(n int64) string    { return strconv.FormatInt(n, 10) }
func contains(s, sub string) bool { return strings.Contains(s, sub) }

func readAll(t testing.TB, rc io.ReadCloser) string {
	t.Helper()
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func runtimeProcs() int { return runtime.GOMAXPROCS(0) }

// rawExec runs SQL as is, on the writer's connection (the only one that
// may write to SQLite), bypassing the store's methods.
func rawExec(t testing.TB, e *testEnv, query string) {
	t.Helper()
	err := e.db.write(context.Background(), func(tx *wtx) error {
		_, err := tx.conn.ExecContext(tx.ctx, query)
		return err
	})
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}
