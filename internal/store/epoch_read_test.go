package store

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestSharedRead_SeesEveryChangeMadeBeforeTheCall: 50 callers at once, each
// committing a change (bumping the value) just before it asks; every answer
// is at least the value its caller committed — no caller is answered by a
// read that began before its change — and the callers share reads.
func TestSharedRead_SeesEveryChangeMadeBeforeTheCall(t *testing.T) {
	var value, reads atomic.Uint64
	s := sharedRead{read: func(ctx context.Context) (uint64, error) {
		reads.Add(1)
		n := value.Load()
		time.Sleep(200 * time.Microsecond) // a read takes a while
		return n, nil
	}}
	const callers, rounds = 50, 20
	var wg sync.WaitGroup
	var calls atomic.Int64
	errs := make(chan string, callers*rounds)
	for range callers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				committed := value.Add(1)
				calls.Add(1)
				got, err := s.get(context.Background())
				if err != nil || got < committed {
					errs <- fmt.Sprintf("a caller that committed %d was answered %d (%v)", committed, got, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Fatal(e)
	}
	if r := reads.Load(); r >= uint64(calls.Load()) {
		t.Fatalf("%d reads for %d calls: callers at the same time did not share a read", r, calls.Load())
	}
	t.Logf("%d reads answered %d calls", reads.Load(), calls.Load())
}

// TestSharedRead_CancelledWaiterLeavesNothingStuck: a caller whose request
// ends while it waits returns at once, and the next caller is still
// answered.
func TestSharedRead_CancelledWaiterLeavesNothingStuck(t *testing.T) {
	release := make(chan struct{})
	var n atomic.Uint64
	s := sharedRead{read: func(ctx context.Context) (uint64, error) {
		<-release
		return n.Add(1), nil
	}}
	first := make(chan uint64)
	go func() { v, _ := s.get(context.Background()); first <- v }()
	for { // wait until the first read is under way
		s.mu.Lock()
		running := s.running != nil
		s.mu.Unlock()
		if running {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	waited := make(chan error)
	go func() { _, err := s.get(ctx); waited <- err }()
	time.Sleep(5 * time.Millisecond)
	cancel()
	if err := <-waited; err == nil {
		t.Fatal("a cancelled waiter got no error")
	}
	close(release)
	if v := <-first; v != 1 {
		t.Fatalf("first read %d", v)
	}
	if v, err := s.get(context.Background()); err != nil || v < 2 {
		t.Fatalf("after a cancelled waiter: %d, %v (want a new read)", v, err)
	}
}

// TestSharedRead_FirstCallerIsNotKeptByTheQueue: under a stream of callers
// that never pauses, the caller who began a read returns with it rather
// than running every round queued after it.
func TestSharedRead_FirstCallerIsNotKeptByTheQueue(t *testing.T) {
	var n atomic.Uint64
	s := sharedRead{read: func(ctx context.Context) (uint64, error) {
		time.Sleep(time.Millisecond)
		return n.Add(1), nil
	}}
	first := make(chan struct{})
	go func() { s.get(context.Background()); close(first) }()
	for { // the first read is under way
		s.mu.Lock()
		running := s.running != nil
		s.mu.Unlock()
		if running {
			break
		}
		time.Sleep(100 * time.Microsecond)
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					s.get(context.Background())
					time.Sleep(200 * time.Microsecond) // arrive while the next read runs
				}
			}
		}()
	}
	select {
	case <-first:
	case <-time.After(5 * time.Second):
		t.Error("the first caller was still running queued reads after 5 s of callers")
	}
	close(stop)
	wg.Wait()
}
