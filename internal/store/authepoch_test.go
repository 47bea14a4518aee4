package store

import (
	"context"
	"testing"
)

// AuthEpoch moves with every write that may change what a token resolves
// to (revoke, lock, password, grant) and stays put for record data writes,
// so the web layer's token cache is both safe and useful.
func testAuthEpoch(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	sys := SystemActor("t")
	clerk := f.actors["clerkA"]
	tok, err := e.db.CreateToken(ctx, sys, clerk.UserID, "脚本")
	must(t, err)
	var tokenID int64
	must(t, e.db.queryRow(ctx, "SELECT id FROM api_tokens WHERE token_hash = ?", tokenHash(tok)).Scan(&tokenID))

	cases := []struct {
		name  string
		write func() error
		moves bool
	}{
		{"create record", func() error {
			_, err := e.db.CreateRecord(ctx, clerk, kindOf(e), f.townA.ID, newCase("纪元案"))
			return err
		}, false},
		{"set password", func() error { return e.db.SetPassword(ctx, sys, clerk.UserID, "x") }, true},
		{"revoke token", func() error { return e.db.RevokeToken(ctx, sys, tokenID) }, true},
		{"lock user", func() error { return e.db.SetLocked(ctx, sys, clerk.UserID, true) }, true},
	}
	for _, tc := range cases {
		before := e.db.AuthEpoch()
		shared, err := e.db.SharedAuthEpoch(ctx)
		must(t, err)
		must(t, tc.write())
		if moved := e.db.AuthEpoch() != before; moved != tc.moves {
			t.Errorf("%s: epoch moved = %v, want %v", tc.name, moved, tc.moves)
		}
		after, err := e.db.SharedAuthEpoch(ctx)
		must(t, err)
		if moved := after != shared; moved != tc.moves {
			t.Errorf("%s: the database's epoch moved = %v, want %v", tc.name, moved, tc.moves)
		}
	}
	if _, _, err := e.db.UserByToken(ctx, tok); err == nil {
		t.Error("revoked token still resolves")
	}
}
