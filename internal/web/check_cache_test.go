package web

import (
	"strings"
	"testing"
	"time"

	"fazhi/internal/proofread"
)

func cacheEntry(textBytes int) *checkEntry {
	return &checkEntry{Reports: []checkedReport{{Name: "a.txt", Result: &proofread.Result{},
		Lines: []proofread.Line{{No: 1, Text: strings.Repeat("x", textBytes)}}}}}
}

// TestCheckCache_Bounds: an owner sees only its own entries; entries
// expire after the TTL; an owner keeps its latest few; the total size is
// capped by evicting the oldest, never the entry just stored.
func TestCheckCache_Bounds(t *testing.T) {
	clock := &fakeClock{t: time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)}
	tick := func() { clock.Add(time.Second) }

	t.Run("owner and expiry", func(t *testing.T) {
		c := newCheckCache(clock.Now, 30*time.Minute, 1<<20, 3)
		id := c.put("s:a", cacheEntry(10))
		if _, ok := c.get("s:a", id); !ok {
			t.Fatal("the owner does not get its entry")
		}
		if _, ok := c.get("s:b", id); ok {
			t.Fatal("another session gets the entry")
		}
		if _, ok := c.get("s:a", id+"x"); ok {
			t.Fatal("a wrong id finds an entry")
		}
		clock.Add(30*time.Minute + time.Second)
		if _, ok := c.get("s:a", id); ok {
			t.Fatal("the entry outlives its 30 minutes")
		}
		if c.bytes != 0 || len(c.entries) != 0 {
			t.Fatalf("expired entry still counted: %d bytes, %d entries", c.bytes, len(c.entries))
		}
	})

	t.Run("per owner", func(t *testing.T) {
		c := newCheckCache(clock.Now, time.Hour, 1<<20, 3)
		var ids []string
		for range 5 {
			ids = append(ids, c.put("s:a", cacheEntry(10)))
			tick()
		}
		other := c.put("s:b", cacheEntry(10))
		for i, id := range ids {
			_, ok := c.get("s:a", id)
			if want := i >= 2; ok != want {
				t.Errorf("entry %d kept = %v, want %v (the latest 3)", i, ok, want)
			}
		}
		if _, ok := c.get("s:b", other); !ok {
			t.Error("one owner's submissions evicted another's")
		}
	})

	t.Run("same clock reading", func(t *testing.T) {
		// A coarse or fake clock gives equal times: insertion order decides.
		c := newCheckCache(clock.Now, time.Hour, 1<<20, 2)
		var ids []string
		for range 4 {
			ids = append(ids, c.put("s:a", cacheEntry(10)))
		}
		for i, id := range ids {
			if _, ok := c.get("s:a", id); ok != (i >= 2) {
				t.Errorf("entry %d kept = %v, want only the latest 2", i, ok)
			}
		}
	})

	t.Run("total size", func(t *testing.T) {
		c := newCheckCache(clock.Now, time.Hour, 3000, 10)
		a := c.put("s:a", cacheEntry(1000))
		tick()
		b := c.put("s:b", cacheEntry(1000))
		tick()
		cc := c.put("s:c", cacheEntry(1000))
		if _, ok := c.get("s:a", a); ok {
			t.Error("the oldest entry stays although the cache is over its size")
		}
		for owner, id := range map[string]string{"s:b": b, "s:c": cc} {
			if _, ok := c.get(owner, id); !ok {
				t.Errorf("%s: a newer entry was evicted", owner)
			}
		}
		if c.bytes > 3000 {
			t.Errorf("cache holds %d bytes, cap 3000", c.bytes)
		}
		tick()
		huge := c.put("s:d", cacheEntry(10000))
		if _, ok := c.get("s:d", huge); !ok || len(c.entries) != 1 {
			t.Errorf("an entry over the cap alone: kept=%v, %d entries, want only it", ok, len(c.entries))
		}
	})
}
