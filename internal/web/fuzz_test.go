package web

import (
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

// post sends a form with c's cookies and CSRF token from inside a fuzz
// target (no helper may call the outer testing.F).
func fuzzPost(t *testing.T, c *client, path string, form url.Values) (*http.Response, string) {
	form.Set(csrfField, c.csrf)
	req, err := http.NewRequest("POST", c.e.ts.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// FuzzLoginForm posts arbitrary credentials and redirect targets: the login
// handler never fails with a 500 and never redirects off the site.
func FuzzLoginForm(f *testing.F) {
	e := caseEnv(f, func(c *Config) { c.AddrFailures, c.LockoutFailures = 1<<30, 1<<30 })
	c := e.client()
	f.Add("clerkA", testPassword, "/l/case")
	f.Add("clerkA", testPassword, "//evil.example/")
	f.Add("clerkA", testPassword, "/\\evil.example")
	f.Add("clerkA", "wrong", "https://evil.example")
	f.Add("", "", "")
	f.Add("张三\x00", strings.Repeat("密", 2000), "/\r\nSet-Cookie: x=1")
	f.Add("#lock#clerkA", "x", "/")
	f.Fuzz(func(t *testing.T, user, pw, next string) {
		resp, body := fuzzPost(t, c, "/login", url.Values{"username": {user}, "password": {pw}, "next": {next}})
		if resp.StatusCode >= 500 {
			t.Fatalf("login(%q, %q, %q): status %d: %.300s", user, pw, next, resp.StatusCode, body)
		}
		if loc := resp.Header.Get("Location"); resp.StatusCode == http.StatusSeeOther {
			if !strings.HasPrefix(loc, "/") || strings.HasPrefix(loc, "//") || strings.HasPrefix(loc, "/\\") {
				t.Fatalf("login redirects off the site to %q", loc)
			}
		}
	})
}

// FuzzRecordForm posts arbitrary values into every field of the create
// form: the answer is a saved record (303), a form with messages (422) or a
// refusal (403) — never a 500 — and a refused form gives back what was typed.
func FuzzRecordForm(f *testing.F) {
	e := caseEnv(f)
	c := e.client()
	c.login("clerkA")
	unit := e.units["A"].ID
	f.Add("合同审查", "司法所", "其他", "2025-03-01", "1200", "摘要", "13800138000", "", int64(0))
	f.Add("", "", "不存在的类别", "2025-02-30", "一千二", "<script>", "12", "999999", int64(0))
	f.Add(strings.Repeat("长", 600), "\x00", "", "0000-00-00", "-1", "", "+86 138 0013 8000", "abc", int64(-5))
	f.Add("  ", "\u202e", "行政复议", "２０２５-０３-０１", "1e9", "\r\n", "１３８００１３８０００", "-1", int64(1))
	f.Fuzz(func(t *testing.T, title, dept, category, received, amount, summary, phone, related string, unitDelta int64) {
		form := url.Values{"unit_id": {strconv.FormatInt(unit+unitDelta%3, 10)}}
		for k, v := range map[string]string{"title": title, "dept": dept, "category": category, "received": received,
			"amount": amount, "summary": summary, "phone": phone, "related": related} {
			form.Set(k, v)
		}
		resp, body := fuzzPost(t, c, "/l/case", form)
		switch resp.StatusCode {
		case http.StatusSeeOther, http.StatusForbidden:
		case http.StatusUnprocessableEntity:
			if !strings.Contains(body, `class="error"`) && !strings.Contains(body, `class="alert"`) {
				t.Fatalf("refused form without a message: %.500s", body)
			}
		default:
			t.Fatalf("create with %v: status %d: %.500s", form, resp.StatusCode, body)
		}
	})
}
