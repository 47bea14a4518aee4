package store

import (
	"context"
	"database/sql"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestBigrams(t *testing.T) {
	cases := []struct{ in, want string }{
		{"行政复议", "行政 政复 复议 议"},
		{"复议", "复议 议"},
		{"审", "审"},
		{"GB/T 32905 标准", "gb t 32905 标准 准"},
		{"张三，李四", "张三 三 李四 四"},
		{"", ""},
	}
	for _, c := range cases {
		if got := bigrams(c.in); got != c.want {
			t.Errorf("bigrams(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestFTSQuery(t *testing.T) {
	cases := []struct{ in, want string }{
		{"复议", `"复议"`},
		{"行政复议", `"行政" + "政复" + "复议"`},
		{"审", `"审"*`},
		{"复议 应诉", `"复议" AND "应诉"`},
		{`"); DROP`, `"drop"*`},
		{"***", ""},
	}
	for _, c := range cases {
		if got := ftsQuery(c.in); got != c.want {
			t.Errorf("ftsQuery(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Any user query becomes a MATCH expression SQLite accepts, and a text
// always finds itself.
func FuzzFTSQuery(f *testing.F) {
	for _, s := range []string{"复议", "行政复议", "审", `"x" OR y*`, "NEAR(a b)", "a:b", "-^", "GB/T 32905", "复议 应诉", "\x00", "ｆｕｌｌ"} {
		f.Add(s)
	}
	db, err := sql.Open("sqlite", "file::memory:")
	if err != nil {
		f.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	defer db.Close()
	ctx := context.Background()
	if _, err := db.ExecContext(ctx, "CREATE VIRTUAL TABLE t USING fts5(body, tokenize = 'unicode61')"); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, q string) {
		if !utf8.ValidString(q) {
			return
		}
		m := ftsQuery(q)
		if m == "" {
			return
		}
		if _, err := db.ExecContext(ctx, "DELETE FROM t"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ExecContext(ctx, "INSERT INTO t (rowid, body) VALUES (1, ?)", bigrams(q)); err != nil {
			t.Fatal(err)
		}
		var n int
		if err := db.QueryRowContext(ctx, "SELECT COUNT(*) FROM t WHERE t MATCH ?", m).Scan(&n); err != nil {
			t.Fatalf("ftsQuery(%q) = %q: %v", q, m, err)
		}
		if n != 1 && !strings.ContainsFunc(q, isOddToken) {
			t.Fatalf("text %q does not find itself with %q (indexed %q)", q, m, bigrams(q))
		}
	})
}

// isOddToken marks characters whose tokenization differs between Go's
// unicode tables and SQLite's unicode61 (marks, rare scripts): there
// self-match is not asserted, only a valid expression.
func isOddToken(r rune) bool { return r > 0x2FFF && !isHan(r) || r >= 0x80 && r < 0x3000 }

func TestDialectPlaceholders(t *testing.T) {
	got := postgres.q("SELECT '?' , a FROM t WHERE a = ? AND b IN (?, ?)")
	if want := "SELECT '?' , a FROM t WHERE a = $1 AND b IN ($2, $3)"; got != want {
		t.Fatalf("q = %q, want %q", got, want)
	}
	if lo, hi := pathRange("/1/4/"); lo != "/1/4/" || hi != "/1/40" {
		t.Fatalf("pathRange = %q, %q", lo, hi)
	}
}
