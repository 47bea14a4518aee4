package store

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// testConcurrentLogins: 100 attempts at once against one account admit at
// most the limit (the rest see the lock), and 100 at once from one address
// under different names admit at most the address limit; after an unlock
// (ClearLoginFailures, as `fazhi user unlock` and the web do) the account
// is admitted again.
func testConcurrentLogins(t *testing.T, e *testEnv) {
	ctx := context.Background()
	now := e.clock.t
	p := LoginPolicy{Window: 15 * time.Minute, LockFor: 15 * time.Minute, UserFailures: 5, AddrFailures: 1000}
	attempts := func(user func(i int) string, addr func(i int) string, p LoginPolicy) (admitted, locked, throttled int) {
		var mu sync.Mutex
		var wg sync.WaitGroup
		for i := range 100 {
			wg.Go(func() {
				a, err := e.db.BeginLogin(ctx, user(i), addr(i), now, p)
				if err != nil {
					t.Error(err)
					return
				}
				mu.Lock()
				defer mu.Unlock()
				switch {
				case a.Throttled:
					throttled++
				case a.Locked:
					locked++
				default:
					admitted++
				}
			})
		}
		wg.Wait()
		return
	}
	admitted, locked, _ := attempts(func(int) string { return "clerkA" }, func(i int) string { return fmt.Sprintf("198.51.100.%d", i) }, p)
	if admitted > 5 || admitted+locked != 100 {
		t.Fatalf("100 concurrent attempts: %d admitted (want at most 5), %d refused as locked", admitted, locked)
	}
	if l, err := e.db.LoginLocked(ctx, "clerkA", now, p.LockFor); err != nil || !l {
		t.Fatalf("account not locked after 100 attempts (err %v)", err)
	}
	if a, _ := e.db.BeginLogin(ctx, "clerkA", "203.0.113.1", now, p); !a.Locked {
		t.Fatal("the next attempt (the right password) was admitted while locked")
	}
	must(t, e.db.ClearLoginFailures(ctx, "clerkA"))
	if a, _ := e.db.BeginLogin(ctx, "clerkA", "203.0.113.1", now, p); a.Locked || a.Throttled || a.Failures != 1 {
		t.Fatalf("after unlock the attempt is %+v, want admitted as the first", a)
	}

	p.AddrFailures = 20
	admitted, _, throttled := attempts(func(i int) string { return fmt.Sprintf("user%d", i) }, func(int) string { return "192.0.2.9" }, p)
	if admitted > 20 || admitted+throttled != 100 {
		t.Fatalf("100 concurrent attempts from one address: %d admitted (want at most 20), %d throttled", admitted, throttled)
	}
}
