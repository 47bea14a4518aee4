package store

import (
	"context"
	"sync"
)

// sharedRead coalesces reads of one small value every request needs fresh
// (the shared auth epoch): a caller is answered by a read that began after
// it called, never by one already under way, so a change committed before
// the call is seen; callers who arrive while a read runs share the next
// one. Under load one query answers many requests instead of one each.
type sharedRead struct {
	read func(ctx context.Context) (uint64, error)

	mu      sync.Mutex
	running *readRound // the read under way, nil when none
	next    *readRound // the read that starts when running ends
}

type readRound struct {
	done  chan struct{}
	n     uint64
	err   error
	users int // callers waiting on it (a round whose users all left is not run)
}

// get returns a value read after the call began.
func (s *sharedRead) get(ctx context.Context) (uint64, error) {
	s.mu.Lock()
	if s.running == nil {
		// Nothing under way: read now, in this goroutine.
		r := &readRound{done: make(chan struct{}), users: 1}
		s.running = r
		s.mu.Unlock()
		s.run(ctx, r)
		return r.n, r.err
	}
	r := s.next
	if r == nil {
		r = &readRound{done: make(chan struct{})}
		s.next = r
	}
	r.users++
	s.mu.Unlock()
	select {
	case <-r.done:
		return r.n, r.err
	case <-ctx.Done():
		s.mu.Lock()
		r.users--
		s.mu.Unlock()
		return 0, ctx.Err()
	}
}

// run reads for r, then starts the round queued meanwhile, if anyone
// still waits on it, in a goroutine of its own: the caller who ran r
// returns with r's answer, however long the queue goes on.
func (s *sharedRead) run(ctx context.Context, r *readRound) {
	// A queued round is read under the context of the caller who began
	// the first, without its cancellation: its waiters may outlive it.
	// Should the read fail, its waiters get the error.
	r.n, r.err = s.read(context.WithoutCancel(ctx))
	s.mu.Lock()
	close(r.done)
	next := s.next
	s.next = nil
	if next != nil && next.users == 0 {
		next = nil
	}
	s.running = next
	s.mu.Unlock()
	if next != nil {
		go s.run(ctx, next)
	}
}
