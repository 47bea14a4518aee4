package store

import (
	"context"
	"slices"
	"strings"
	"testing"
)

// The SQLite and PostgreSQL migrations must move in step: same numbers,
// same names, each with a comment saying why.
func TestMigrationsParity(t *testing.T) {
	lite, err := migrations(sqlite)
	must(t, err)
	pg, err := migrations(postgres)
	must(t, err)
	names := func(ms []migration) []string {
		var out []string
		for _, m := range ms {
			out = append(out, m.Name)
		}
		return out
	}
	if !slices.Equal(names(lite), names(pg)) {
		t.Fatalf("migrations diverge:\n sqlite   %v\n postgres %v", names(lite), names(pg))
	}
	// Numbers only increase. Gaps are allowed while parallel branches hold
	// their reserved numbers (0004, 0005, 0006) until they are merged.
	for i, m := range append(lite, pg...) {
		if j := i % len(lite); j > 0 && m.Num <= lite[j-1].Num {
			t.Errorf("%s: numbers must increase", m.Name)
		}
		if !strings.HasPrefix(strings.TrimSpace(m.SQL), "--") {
			t.Errorf("%s: must start with a comment saying why", m.Name)
		}
	}
}

// Migrate is idempotent: reopening a migrated database applies nothing
// and keeps the data.
func TestMigrateTwice(t *testing.T) {
	e := openSQLiteEnv(t)
	f := seed(t, e)
	must(t, e.db.Migrate(context.Background()))
	e.db.Close()
	e2 := newEnv(t, "", e.dataDir)
	u, err := e2.db.Unit(context.Background(), f.townA.ID)
	must(t, err)
	if u.Name != "甲镇" {
		t.Fatalf("unit after reopen = %+v", u)
	}
	var n int
	must(t, e2.db.queryRow(context.Background(), "SELECT COUNT(*) FROM schema_migrations").Scan(&n))
	if ms, _ := migrations(sqlite); n != len(ms) {
		t.Fatalf("schema_migrations rows = %d, want %d", n, len(ms))
	}
}
