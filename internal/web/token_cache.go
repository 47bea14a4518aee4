package web

import (
	"sync"
	"time"
)

// API tokens are resolved on every request (a program sends one with each
// call), which cost three read queries — token and user, home unit,
// grants — before any work. tokenCache keeps what a token resolved to for
// tokenCacheTTL, and only while the database's auth epoch
// (store.SharedAuthEpoch, one indexed row read per request) is unchanged:
// every committed write other than record data (token revoke, user lock,
// password or role change, grant or unit change), by this process or any
// other on the database such as a CLI command, moves it, so the change is
// enforced on the very next request. The cache holds no secret (keys are
// token hashes) and lives in memory only.
const (
	tokenCacheTTL = 5 * time.Second
	tokenCacheMax = 4096
)

type tokenCache struct {
	mu      sync.Mutex
	entries map[string]tokenEntry // by token hash
}

type tokenEntry struct {
	p       Principal // Actor.Addr is set per request
	epoch   uint64
	expires time.Time
}

// get returns a copy of the principal cached for the token hash if it was
// resolved under epoch and has not expired.
func (c *tokenCache) get(hash string, epoch uint64, now time.Time) (*Principal, bool) {
	c.mu.Lock()
	e, ok := c.entries[hash]
	c.mu.Unlock()
	if !ok || e.epoch != epoch || !now.Before(e.expires) {
		return nil, false
	}
	p := e.p
	u := *e.p.User
	p.User = &u
	return &p, true
}

// put caches p for the token hash, resolved under epoch (read before the
// store was asked).
func (c *tokenCache) put(hash string, epoch uint64, now time.Time, p *Principal) {
	u := *p.User
	e := tokenEntry{p: *p, epoch: epoch, expires: now.Add(tokenCacheTTL)}
	e.p.User = &u
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= tokenCacheMax {
		c.entries = make(map[string]tokenEntry)
	}
	c.entries[hash] = e
}
