package web

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestLogin_NextStaysOnSite: after signing in, a "next" that a browser
// would read as another site (a tab, newline or backslash after the slash,
// a scheme, a host) redirects home; an ordinary path is kept.
func TestLogin_NextStaysOnSite(t *testing.T) {
	e := caseEnv(t)
	for _, tc := range []struct{ raw, want string }{
		{"/%09/evil.example/", "/"},
		{"/%0A/evil.example/", "/"},
		{"/%0D%0A/evil.example/", "/"},
		{"/%5C/evil.example/", "/"},
		{"/%5Cevil.example", "/"},
		{"%5C%5Cevil.example", "/"},
		{"//evil.example/", "/"},
		{"/%E2%80%AE/evil.example/", "/"},
		{"https://evil.example/", "/"},
		{"/%00/evil.example", "/"},
		{"/records?kind=case&page=2", "/records?kind=case&page=2"},
	} {
		c := e.client()
		next, err := url.QueryUnescape(tc.raw)
		if err != nil {
			t.Fatal(err)
		}
		resp, body := c.get("/login?next=" + tc.raw)
		wantStatus(t, resp, body, http.StatusOK)
		if strings.Contains(body, "evil.example") {
			t.Errorf("next=%s: the login form carries the off-site target", tc.raw)
		}
		resp, body = c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}, "next": {next}})
		wantStatus(t, resp, body, http.StatusSeeOther)
		if got := resp.Header.Get("Location"); got != tc.want {
			t.Errorf("next=%s: redirected to %q, want %q", tc.raw, got, tc.want)
		}
	}
}

// FuzzSafeNext: whatever is asked for, the redirect resolves, as a browser
// reads it (tabs and newlines dropped, backslashes as slashes), to this site.
func FuzzSafeNext(f *testing.F) {
	for _, s := range []string{"/", "/records", "/\t/evil.example/", "/\\evil", "//x", "/%2F/x", "http://x", "/a?b=//c"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://site.example/login")
	f.Fuzz(func(t *testing.T, next string) {
		got := safeNext(next)
		browser := strings.NewReplacer("\t", "", "\n", "", "\r", "", "\\", "/").Replace(got)
		u, err := base.Parse(browser)
		if err != nil {
			t.Fatalf("safeNext(%q) = %q, which does not parse: %v", next, got, err)
		}
		if u.Host != "site.example" || u.Scheme != "https" {
			t.Fatalf("safeNext(%q) = %q leaves the site (%s)", next, got, u)
		}
	})
}
