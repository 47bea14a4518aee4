package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/loadtest"
)

// The bench starts its server as a child process of os.Executable(); in a
// test that is the test binary, which this hook turns into fazhi.
func init() {
	if os.Getenv("FAZHI_BENCH_TEST_CHILD") == "1" && len(os.Args) > 2 && os.Args[1] == "bench" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
}

// Every generated record is one the legality review accepts as it is.
func TestBenchWorkload_IsValidLegalityReviewInput(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	k := reg.Kind(benchKind)
	fields, err := benchFields(k)
	if err != nil {
		t.Fatal(err)
	}
	api := loadtest.FazhiAPI{Kind: benchKind, Fields: fields}
	for seq := range int64(500) {
		op := api.Create(loadtest.Principal{Token: "t", Unit: "7"}, loadtest.SampleRecord(seq))
		var body struct {
			UnitID int64         `json:"unit_id"`
			Data   ledger.Values `json:"data"`
		}
		if err := json.Unmarshal(op.Body, &body); err != nil {
			t.Fatal(err)
		}
		if body.UnitID != 7 {
			t.Fatalf("unit_id %d, want 7", body.UnitID)
		}
		if _, ferrs := k.Normalize(body.Data, nil); len(ferrs) > 0 {
			t.Fatalf("record %d %v refused: %v", seq, body.Data, ferrs)
		}
	}
}

func TestBenchFlags_RefusesBadValues(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--target", "mysql"}, "--target"},
		{[]string{"--clients", "0"}, "--clients"},
		{[]string{"--records", "-5"}, "--records"},
		{[]string{"--units", "0"}, "--units"},
		{[]string{"--list-duration", "1h"}, "--list-duration"},
		{[]string{"--target", "pocketbase"}, "--pb-superuser"},
		{[]string{"--target", "pocketbase", "--pb-superuser", "a@b.c:pw", "--pb-scope", "all"}, "--pb-scope"},
		{[]string{"--nonsense"}, "nonsense"},
	}
	for _, tt := range tests {
		var out, errb bytes.Buffer
		if code := cmdBench(tt.args, &out, &errb); code != 2 || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("bench %v: exit %d, stderr %q; want 2 naming %s", tt.args, code, errb.String(), tt.want)
		}
	}
}

// TestBench_EndToEnd runs a small bench against the real server in a child
// process: every request must succeed and the table must report both phases.
func TestBench_EndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server child and drives it for a few seconds; skipped with -short")
	}
	t.Setenv("FAZHI_BENCH_TEST_CHILD", "1")
	dbs := []struct{ name, url string }{{"SQLite", ""}}
	if pg := testPostgres(t); pg != "" {
		dbs = append(dbs, struct{ name, url string }{"PostgreSQL", pg})
	}
	for _, db := range dbs {
		t.Run(db.name, func(t *testing.T) {
			args := []string{"--records", "300", "--clients", "8", "--units", "2", "--list-duration", "1s"}
			if db.url != "" {
				args = append(args, "--db", db.url)
			}
			var out, errb bytes.Buffer
			if code := cmdBench(args, &out, &errb); code != 0 {
				t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, out.String(), errb.String())
			}
			create := regexp.MustCompile(`\| fazhi \| ` + db.name + ` \| create \(0 → 300 records\) \| 8 \| 300 \| 0 \| (\d+) \|`).FindStringSubmatch(out.String())
			list := regexp.MustCompile(`\| fazhi \| ` + db.name + ` \| filtered list, page of 20 \(300 records\) \| 8 \| (\d+) \| 0 \|`).FindStringSubmatch(out.String())
			if create == nil || list == nil {
				t.Fatalf("the table lacks a create row with 300 records or a list row without failures:\n%s\n%s", out.String(), errb.String())
			}
			if n, _ := strconv.Atoi(list[1]); n == 0 {
				t.Errorf("no list request succeeded:\n%s", out.String())
			}
			if !regexp.MustCompile(`\| \d+ MiB \|`).MatchString(out.String()) {
				t.Errorf("no server peak memory in the table:\n%s", out.String())
			}
		})
	}
}

// testPostgres returns the URL of a reachable PostgreSQL to create the
// bench's temporary database on, or "" (skipping that half unless
// FAZHI_REQUIRE_POSTGRES=1, when it fails).
func testPostgres(t *testing.T) string {
	u := os.Getenv("FAZHI_TEST_POSTGRES")
	if u == "" {
		u = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	c, err := pgx.Connect(ctx, u)
	if err != nil {
		if os.Getenv("FAZHI_REQUIRE_POSTGRES") == "1" {
			t.Fatalf("PostgreSQL required but unreachable at %s: %v", redactURL(u), err)
		}
		t.Logf("PostgreSQL unreachable at %s (%v): bench end-to-end runs on SQLite only", redactURL(u), err)
		return ""
	}
	c.Close(ctx)
	return u
}
