package indicator

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Cache keeps evaluations between writes: a dashboard, its export and its
// 考核 page read the same unit and years again and again, and the records
// change only when someone writes. An entry is used only while the store's
// write generation is the one read before it was computed (any write since
// — a new record, a step, a correction, an import, a unit moved — makes
// it stale) and for at most TTL (writes by another process on the same
// database are not counted by this one's generation).
type Cache struct {
	TTL time.Duration
	Max int // entries kept; the cache is emptied when full

	mu      sync.Mutex
	m       map[string]cacheEntry
	running map[string]*flight // evaluations under way, by key and generation
}

// flight is one evaluation under way; readers of the same key and
// generation wait for it instead of evaluating again.
type flight struct {
	done chan struct{}
	res  *Result
	err  error
}

type cacheEntry struct {
	gen uint64
	at  time.Time
	res *Result
}

// NewCache is a cache of max entries valid for ttl.
func NewCache(ttl time.Duration, max int) *Cache {
	return &Cache{TTL: ttl, Max: max, m: map[string]cacheEntry{}, running: map[string]*flight{}}
}

// CacheKey is the key of q for a reader whose scope is scope (the records
// a reader may see decide the figures).
func CacheKey(scope string, q Query) string {
	var b strings.Builder
	b.WriteString(scope)
	for _, n := range []int64{q.UnitID, int64(q.From), int64(q.To)} {
		b.WriteByte(0)
		b.WriteString(strconv.FormatInt(n, 10))
	}
	b.WriteByte(0)
	b.WriteString(q.Drill)
	return b.String()
}

// Compute returns the cached evaluation of key at generation gen (the
// store's write generation read by the caller now), or computes it and
// keeps it under gen. A Result is read-only once computed, so one is
// shared by every reader of the same key.
func (c *Cache) Compute(ctx context.Context, e *Engine, src Source, q Query, key string, gen uint64) (*Result, error) {
	fkey := key + "\x00" + strconv.FormatUint(gen, 10)
	c.mu.Lock()
	if en, ok := c.m[key]; ok && en.gen == gen && time.Since(en.at) < c.TTL {
		c.mu.Unlock()
		return en.res, nil
	}
	// When an entry expires under load, every reader of a dashboard would
	// evaluate it at once (64 readers, 64 county evaluations on two
	// cores); the first evaluates, the others wait for its result.
	if f, ok := c.running[fkey]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
			if f.err != nil && ctx.Err() == nil && (errors.Is(f.err, context.Canceled) || errors.Is(f.err, context.DeadlineExceeded)) {
				return c.Compute(ctx, e, src, q, key, gen) // the first reader left; this one still waits
			}
			return f.res, f.err
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
	f := &flight{done: make(chan struct{})}
	c.running[fkey] = f
	c.mu.Unlock()

	f.res, f.err = e.Compute(ctx, src, q)
	c.mu.Lock()
	delete(c.running, fkey)
	if f.err == nil {
		if len(c.m) >= c.Max {
			clear(c.m)
		}
		c.m[key] = cacheEntry{gen: gen, at: time.Now(), res: f.res}
	}
	c.mu.Unlock()
	close(f.done)
	return f.res, f.err
}
