package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"fazhi/internal/store"
)

// TestCSRF_ForgedCrossSiteFormRefused posts the create form as another
// site would make a logged-in browser post it; each is refused 403 and
// nothing is saved. The same form from the site itself is accepted, so the
// refusals are about the forgery and nothing else.
func TestCSRF_ForgedCrossSiteFormRefused(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	form := func() url.Values {
		return url.Values{"unit_id": {fmt.Sprint(e.units["A"].ID)}, "title": {"伪造的登记"}, "received": {"2025-03-01"}}
	}
	withToken := func() url.Values { f := form(); f.Set(csrfField, c.csrf); return f }
	noToken := func() url.Values { f := form(); f.Set(csrfField, ""); return f }
	for _, tc := range []struct {
		name string
		form url.Values
		hdr  []string
	}{
		{"cross-site fetch metadata, even with the token", withToken(), []string{"Sec-Fetch-Site", "cross-site", "Origin", "https://evil.example"}},
		{"foreign Origin without fetch metadata", withToken(), []string{"Sec-Fetch-Site", "", "Origin", "https://evil.example"}},
		{"same-origin but no token", noToken(), nil},
		{"wrong token", func() url.Values { f := form(); f.Set(csrfField, "x"+c.csrf); return f }(), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := c.post("/l/case", tc.form, tc.hdr...)
			wantStatus(t, resp, body, http.StatusForbidden)
			wantBody(t, body, "本系统")
		})
	}
	ctx := context.Background()
	recs, total, err := e.db.ListRecords(ctx, e.actor("clerkA"), store.ListQuery{Kind: "case", Page: 1, PerPage: 10})
	if err != nil {
		t.Fatal(err)
	}
	if total != 0 {
		t.Fatalf("forged requests saved %d records: %+v", total, recs)
	}
	// Logout is state-changing too.
	resp, _ := c.post("/logout", url.Values{csrfField: {""}})
	wantStatus(t, resp, "", http.StatusForbidden)

	resp, body := c.post("/l/case", withToken())
	wantStatus(t, resp, body, http.StatusSeeOther)
	// htmx sends the token as a header.
	f := form()
	f.Set(csrfField, "")
	delete(f, csrfField)
	req, _ := http.NewRequest("POST", e.ts.URL+"/l/case", strings.NewReader(f.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set(csrfHeader, c.csrf)
	resp, body = c.do(req)
	wantStatus(t, resp, body, http.StatusSeeOther)
	if _, total, _ = e.db.ListRecords(ctx, e.actor("clerkA"), store.ListQuery{Kind: "case", Page: 1, PerPage: 10}); total != 2 {
		t.Errorf("%d records after two genuine submissions, want 2", total)
	}
}

func TestSecurityHeaders(t *testing.T) {
	e := caseEnv(t)
	c := e.client()
	for _, path := range []string{"/login", "/public/", "/static/style.css", "/no-such-page"} {
		resp, _ := c.get(path)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		for _, want := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, want) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, want)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline or eval: %q", path, csp)
		}
		for k, v := range map[string]string{"X-Frame-Options": "DENY", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "same-origin"} {
			if h.Get(k) != v {
				t.Errorf("%s: %s = %q, want %q", path, k, h.Get(k), v)
			}
		}
		if h.Get("Strict-Transport-Security") != "" {
			t.Errorf("%s: HSTS sent without TLS", path)
		}
	}
}
