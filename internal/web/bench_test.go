package web

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"fazhi/internal/store"
)

// BenchmarkAuthenticate measures what authentication adds to every request
// (session or token lookup, user, data scope), behind a handler that does
// nothing. Run: go test ./internal/web -run XXX -bench Authenticate
func BenchmarkAuthenticate(b *testing.B) {
	e := caseEnv(b)
	c := e.loggedIn("clerkA")
	tok, err := e.db.CreateToken(context.Background(), store.SystemActor("bench"), e.users["clerkA"].ID, "bench")
	if err != nil {
		b.Fatal(err)
	}
	var cookie string
	for _, ck := range c.hc.Jar.Cookies(mustURL(e.ts.URL)) {
		cookie = ck.Value
	}
	h := e.srv.authenticate(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if principal(r) == nil {
			b.Fatal("no principal")
		}
	}))
	for _, tc := range []struct{ name, header, value string }{
		{"session", "Cookie", sessionCookie + "=" + cookie},
		{"token", "Authorization", "Bearer " + tok},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r := httptest.NewRequest("GET", "/", nil)
					r.Header.Set(tc.header, tc.value)
					h.ServeHTTP(httptest.NewRecorder(), r)
				}
			})
		})
	}
}
