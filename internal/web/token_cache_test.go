package web

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// API token resolutions are cached (token_cache.go), yet a grant or a lock
// made through the store takes effect on the very next request.
func TestBearerToken_CachedResolutionFollowsChangesAtOnce(t *testing.T) {
	e := apiEnv(t)
	ctx, sys := context.Background(), store.SystemActor("test")
	clerkA, clerkB := e.api("clerkA"), e.api("clerkB")
	var rec apiRecord
	clerkA.must("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]any{
		"subject_type": "规范性文件", "subject_title": "缓存测试文件", "department": "党政办",
		"reviewer_type": "审核专班", "reviewer_name": "王审核", "received_date": "2025-02-10", "review_limit_days": 10,
	}}, http.StatusCreated, &rec)
	path := fmt.Sprintf("/api/v1/records/legality_review/%d", rec.ID)

	steps := []struct {
		name   string
		change func() error
		want   int
	}{
		{"out of scope (cached twice)", nil, http.StatusNotFound},
		{"out of scope again", nil, http.StatusNotFound},
		{"granted unit A", func() error {
			return e.db.AddGrant(ctx, sys, access.Grant{UserID: e.users["clerkB"].ID, UnitID: e.units["A"].ID, Roles: []access.Role{access.RoleClerk}})
		}, http.StatusOK},
		{"locked", func() error { return e.db.SetLocked(ctx, sys, e.users["clerkB"].ID, true) }, http.StatusUnauthorized},
		// The lock revoked the token: unlocking does not bring it back.
		{"unlocked", func() error { return e.db.SetLocked(ctx, sys, e.users["clerkB"].ID, false) }, http.StatusUnauthorized},
	}
	for _, s := range steps {
		if s.change != nil {
			if err := s.change(); err != nil {
				t.Fatalf("%s: %v", s.name, err)
			}
		}
		if status, body := clerkB.call("GET", path, nil); status != s.want {
			t.Fatalf("%s: status %d, want %d; body %s", s.name, status, s.want, body)
		}
	}
}
