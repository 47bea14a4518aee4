package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"

	"fazhi/internal/blob"
	"fazhi/internal/secure"
)

// The store suite runs every test on SQLite (a temp file) and on
// PostgreSQL when one is reachable at FAZHI_TEST_POSTGRES (default
// postgres://postgres@127.0.0.1:5432/test). With FAZHI_REQUIRE_POSTGRES=1
// an unreachable PostgreSQL fails the run instead of skipping.

// testEnv is one opened store plus what the tests need around it.
type testEnv struct {
	db      *DB
	dialect string
	dataDir string
	keys    *secure.KeyRing
	clock   *fakeNow
	open    func(t testing.TB) *testEnv // opens another fresh store like this one
}

// fakeNow is a settable clock, so tests control time.
type fakeNow struct{ t time.Time }

func (f *fakeNow) now() time.Time { return f.t }

func testKeys(t testing.TB) *secure.KeyRing {
	t.Helper()
	// Fixed key material: tests are reproducible.
	k, err := secure.ParseKeyRing("1:" + strings.Repeat("ab", secure.MasterKeySize) + "\n2:" + strings.Repeat("cd", secure.MasterKeySize))
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func newEnv(t testing.TB, url, dataDir string) *testEnv {
	t.Helper()
	clock := &fakeNow{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	keys := testKeys(t)
	blobs, err := blob.NewDir(filepath.Join(dataDir, "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	db, err := Open(context.Background(), Config{
		URL: url, DataDir: dataDir, Keys: keys, Kinds: testRegistry(t), Calendar: testCalendar{},
		Blobs: blobs, Now: clock.now,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return &testEnv{db: db, dialect: db.Dialect(), dataDir: dataDir, keys: keys, clock: clock}
}

func openSQLiteEnv(t testing.TB) *testEnv {
	dir := t.TempDir()
	return newEnv(t, "", dir)
}

var pgChecked struct {
	done bool
	url  string
}

// postgresAdminURL returns a reachable PostgreSQL URL, or "" (skipping
// with a message, or failing when FAZHI_REQUIRE_POSTGRES=1).
func postgresAdminURL(t testing.TB) string {
	if pgChecked.done {
		return pgChecked.url
	}
	pgChecked.done = true
	candidates := []string{os.Getenv("FAZHI_TEST_POSTGRES")}
	if candidates[0] == "" {
		candidates = []string{
			"postgres://postgres@127.0.0.1:5432/test?sslmode=disable",
			"postgres://root@127.0.0.1:5432/test?sslmode=disable",
		}
	}
	var lastErr error
	for _, u := range candidates {
		db, err := sql.Open("pgx", u)
		if err == nil {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			err = db.PingContext(ctx)
			cancel()
			db.Close()
		}
		if err == nil {
			pgChecked.url = u
			return u
		}
		lastErr = err
	}
	if os.Getenv("FAZHI_REQUIRE_POSTGRES") == "1" {
		t.Fatalf("PostgreSQL unreachable (FAZHI_REQUIRE_POSTGRES=1): %v", lastErr)
	}
	t.Logf("PostgreSQL unreachable, PostgreSQL half of the store suite skipped: %v", lastErr)
	return ""
}

// openPostgresEnv creates a fresh database (UTF-8, C.UTF-8 ctype so
// pg_trgm sees Chinese trigrams) and drops it when the test ends.
func openPostgresEnv(t testing.TB, adminURL string) *testEnv {
	t.Helper()
	var b [6]byte
	rand.Read(b[:])
	name := "fazhi_test_" + hex.EncodeToString(b[:])
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	if _, err := admin.ExecContext(ctx, fmt.Sprintf(
		`CREATE DATABASE %s TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`, name)); err != nil {
		admin.Close()
		t.Fatal(err)
	}
	dir := t.TempDir()
	env := newEnv(t, replaceDB(adminURL, name), dir)
	t.Cleanup(func() {
		env.db.Close()
		admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
		admin.Close()
	})
	return env
}

// replaceDB swaps the database name in a postgres URL.
func replaceDB(u, name string) string {
	rest := strings.TrimPrefix(strings.TrimPrefix(u, "postgresql://"), "postgres://")
	host, tail, _ := strings.Cut(rest, "/")
	_, query, hasQuery := strings.Cut(tail, "?")
	out := "postgres://" + host + "/" + name
	if hasQuery {
		out += "?" + query
	}
	return out
}
