package store

import (
	"io"
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
