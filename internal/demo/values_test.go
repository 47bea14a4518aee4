package demo

import (
	mrand "math/rand/v2"
	"testing"

	"fazhi/internal/secure"
)

// The generated ID numbers pass the store's own check (GB 11643: region,
// birth date, check digit), and differ from one person to the next.
func TestIDNumber_ValidAndVaried(t *testing.T) {
	rnd := mrand.New(mrand.NewPCG(1, 2))
	seen := map[string]bool{}
	for range 500 {
		id := idNumber(rnd)
		if err := secure.ValidIDNumber(id); err != nil {
			t.Fatalf("%s: %v", id, err)
		}
		seen[id] = true
	}
	if len(seen) < 495 {
		t.Errorf("%d distinct ID numbers of 500", len(seen))
	}
}
