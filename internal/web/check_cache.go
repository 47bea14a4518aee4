package web

import (
	"sync"
	"time"
)

// checkCache keeps the latest check results of each session in memory so
// that the result page, its filters and both exports work without sending
// the files again.
//
// Why a cache rather than re-running from text posted back: a filter click
// must answer at once, an upload may be 20 MB of .docx or .pdf (external
// tools, seconds), and posting the report text back would put a second copy
// of every report in each page. The cache holds only what the user sent,
// in memory (never on disk, never logged), for one owner (the session),
// for at most ttl, and within maxBytes in total: old entries are evicted
// first. Lost results (restart, expiry) cost a re-upload, with a message
// saying so.
type checkCache struct {
	mu       sync.Mutex
	now      func() time.Time
	ttl      time.Duration
	maxBytes int64
	perOwner int
	entries  map[string]*checkEntry
	bytes    int64
	seq      uint64 // insertion order: clocks may give equal times
}

// checkEntry is one submitted batch of reports.
type checkEntry struct {
	ID      string
	owner   string
	created time.Time
	seq     uint64
	size    int64
	Year    int
	Corpus  bool
	Reports []checkedReport
}

func newCheckCache(now func() time.Time, ttl time.Duration, maxBytes int64, perOwner int) *checkCache {
	return &checkCache{now: now, ttl: ttl, maxBytes: maxBytes, perOwner: perOwner, entries: map[string]*checkEntry{}}
}

// put stores e for owner under a new random id and returns it.
func (c *checkCache) put(owner string, e *checkEntry) string {
	e.ID = newToken()[:22]
	e.owner = owner
	e.size = entrySize(e)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.created = c.now()
	c.seq++
	e.seq = c.seq
	c.entries[e.ID] = e
	c.bytes += e.size
	c.evict(e)
	return e.ID
}

// get returns owner's entry id; another owner's entry, an expired or an
// evicted one are all not found.
func (c *checkCache) get(owner, id string) (*checkEntry, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || e.owner != owner {
		return nil, false
	}
	if c.now().Sub(e.created) > c.ttl {
		c.drop(e)
		return nil, false
	}
	return e, true
}

// evict drops expired entries, then the owner's oldest beyond perOwner,
// then the oldest of all until the total fits. The entry just stored
// always stays.
func (c *checkCache) evict(newest *checkEntry) {
	now := c.now()
	mine := 0
	for _, e := range c.entries {
		if e != newest && now.Sub(e.created) > c.ttl {
			c.drop(e)
			continue
		}
		if e.owner == newest.owner {
			mine++
		}
	}
	for mine > c.perOwner {
		c.drop(c.oldest(func(e *checkEntry) bool { return e.owner == newest.owner && e != newest }))
		mine--
	}
	for c.bytes > c.maxBytes && len(c.entries) > 1 {
		c.drop(c.oldest(func(e *checkEntry) bool { return e != newest }))
	}
}

// oldest is the first stored entry that matches.
func (c *checkCache) oldest(match func(*checkEntry) bool) *checkEntry {
	var o *checkEntry
	for _, e := range c.entries {
		if match(e) && (o == nil || e.seq < o.seq) {
			o = e
		}
	}
	return o
}

func (c *checkCache) drop(e *checkEntry) {
	if e == nil {
		return
	}
	if _, ok := c.entries[e.ID]; ok {
		delete(c.entries, e.ID)
		c.bytes -= e.size
	}
}

// entrySize estimates the memory an entry holds: its text and the strings
// of its findings and figures, plus a fixed cost per item.
func entrySize(e *checkEntry) int64 {
	n := int64(256)
	for _, r := range e.Reports {
		n += int64(len(r.Name) + len(r.Err) + 64)
		for _, l := range r.Lines {
			n += int64(len(l.Text) + 48)
		}
		if r.Result == nil {
			continue
		}
		for _, f := range r.Result.Findings {
			n += int64(len(f.Rule) + len(f.Excerpt) + len(f.Message) + len(f.Suggestion) + 112)
		}
		for _, g := range r.Result.Figures {
			n += int64(len(g.Indicator) + len(g.Label) + len(g.Unit) + len(g.Excerpt) + 112)
		}
		for _, h := range r.Result.Outline {
			n += int64(len(h.Number) + len(h.Title) + 80)
		}
	}
	return n
}
