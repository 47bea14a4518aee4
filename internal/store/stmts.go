package store

import (
	"context"
	"database/sql"
	"strconv"
	"sync"
)

// stmtCache keeps prepared statements by query text, so the (pure Go,
// comparatively slow) SQLite parser runs once per query rather than once
// per call. database/sql prepares a cached statement again on each pool
// connection that needs it.
type stmtCache struct {
	prep func(ctx context.Context, query string) (*sql.Stmt, error)
	mu   sync.Mutex
	m    map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache: queries built with a varying number of
// rows or conditions beyond it run unprepared.
const maxCachedStmts = 1024

// newStmtCache caches statements prepared by prep: a pool's
// PrepareContext for readers, the writer's connection's for the writer.
func newStmtCache(prep func(ctx context.Context, query string) (*sql.Stmt, error)) *stmtCache {
	return &stmtCache{prep: prep, m: map[string]*sql.Stmt{}}
}

// get returns the prepared statement of query, or nil when the cache is
// full.
func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	if len(c.m) >= maxCachedStmts {
		return nil, nil
	}
	st, err := c.prep(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.m {
		st.Close()
	}
	c.m = map[string]*sql.Stmt{}
}

// limitSQL is " LIMIT n" with n written into the statement, never bound:
// SQLite reads a bound LIMIT as a constant when it plans, so every new
// binding of it expires the statement and the next step prepares it again
// (sqlite3ExprIsInteger marks the parameter; in a profile of the filtered
// list that re-preparing was 19% of the handler). Callers bound n to a few
// values (a page size of at most 200), so the statement cache holds a few
// statements per query, not one per offset.
func limitSQL(n int) string { return " LIMIT " + strconv.Itoa(max(n, 0)) }
