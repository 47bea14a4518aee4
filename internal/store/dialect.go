package store

import (
	"strconv"
	"strings"
)

// dialect is the database in use. Queries are written once with "?"
// placeholders; q rewrites them for PostgreSQL.
type dialect string

const (
	sqlite   dialect = "sqlite"
	postgres dialect = "postgres"
)

// q returns query in the dialect's placeholder style.
func (d dialect) q(query string) string {
	if d != postgres {
		return query
	}
	var b strings.Builder
	n := 0
	inStr := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inStr = !inStr
			b.WriteByte(c)
		case c == '?' && !inStr:
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}

// pathRange returns the bounds [lo, hi) of every materialised path that
// starts with prefix: paths hold only digits and '/', and the character
// after '/' is '0', so hi is prefix with its last '/' replaced by '0'.
func pathRange(prefix string) (lo, hi string) {
	if prefix == "" || prefix[len(prefix)-1] != '/' {
		prefix += "/"
	}
	return prefix, prefix[:len(prefix)-1] + "0"
}

// scopeSQL returns the WHERE fragment limiting col (a unit_path column) to
// the read paths, with its arguments. No paths means nothing is visible.
func scopeSQL(col string, paths []string) (string, []any) {
	if len(paths) == 0 {
		return "1 = 0", nil
	}
	parts := make([]string, 0, len(paths))
	args := make([]any, 0, 2*len(paths))
	for _, p := range paths {
		lo, hi := pathRange(p)
		parts = append(parts, "("+col+" >= ? AND "+col+" < ?)")
		args = append(args, lo, hi)
	}
	return "(" + strings.Join(parts, " OR ") + ")", args
}
