package store

import (
	"fmt"
	"sync"
	"time"
)

// countCache keeps the exact totals of filtered lists (field filters,
// search, overdue), which cost a scan of every match, between writes: an
// entry is valid while no record of its kind was written through this
// store since it was computed, and for at most countTTL (writes by another
// process, e.g. a CLI next to the server on PostgreSQL).
type countCache struct {
	mu       sync.Mutex
	gen      map[string]uint64 // kind → writes so far
	m        map[string]countEntry
	inflight map[string]*countCall // one count per key at a time
}

type countCall struct {
	done chan struct{}
	n    int
	err  error
}

type countEntry struct {
	gen uint64
	n   int
	at  time.Time
}

const (
	countTTL       = 10 * time.Second
	maxCountCached = 4096
)

func newCountCache() *countCache {
	return &countCache{gen: map[string]uint64{}, m: map[string]countEntry{}, inflight: map[string]*countCall{}}
}

func countKey(kind, cond string, args []any) string {
	return kind + "\x00" + cond + "\x00" + fmt.Sprint(args...)
}

func (c *countCache) get(kind, key string) (int, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || e.gen != c.gen[kind] || time.Since(e.at) > countTTL {
		return 0, false
	}
	return e.n, true
}

// put stores a total counted at generation gen.
func (c *countCache) put(kind, key string, gen uint64, n int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if gen != c.gen[kind] {
		return
	}
	if len(c.m) >= maxCountCached {
		clear(c.m)
	}
	c.m[key] = countEntry{gen: gen, n: n, at: time.Now()}
}

// bump invalidates the totals of a kind after a write.
func (c *countCache) bump(kind string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.gen[kind]++
}

// reset drops every cached total (a unit moved: totals by unit path
// changed for every kind).
func (c *countCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k := range c.gen {
		c.gen[k]++
	}
	clear(c.m)
}

// do returns the cached total of key or runs count once for all callers
// asking at the same time (a page of a popular filter after a write).
func (c *countCache) do(kind, key string, count func() (int, error)) (int, error) {
	if n, ok := c.get(kind, key); ok {
		return n, nil
	}
	c.mu.Lock()
	if call, ok := c.inflight[key]; ok {
		c.mu.Unlock()
		<-call.done
		return call.n, call.err
	}
	call := &countCall{done: make(chan struct{})}
	c.inflight[key] = call
	gen := c.gen[kind]
	c.mu.Unlock()

	call.n, call.err = count()
	if call.err == nil {
		c.put(kind, key, gen, call.n)
	}
	c.mu.Lock()
	delete(c.inflight, key)
	c.mu.Unlock()
	close(call.done)
	return call.n, call.err
}
