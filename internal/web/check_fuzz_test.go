package web

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// FuzzCheckPage submits arbitrary files, years and pasted text to the
// 报告审校 form of a real server, then opens the result with arbitrary
// filter parameters: never a 500, and a refusal is the form with a message.
func FuzzCheckPage(f *testing.F) {
	e := caseEnv(f)
	c := e.loggedIn("clerkA")
	for _, s := range []struct{ name, data, year, text, query string }{
		{"甲镇.txt", checkSampleReport, "", "", "rule=numbering.skip"},
		{"", "", "", checkOtherReport, "severity=error&rule=%00"},
		{"坏.docx", "PK\x03\x04\x00\x00", "2023", "", ""},
		{"x.txt", "\x00\xff\xfe", "abc", "一、\n三、", "rule=" + strings.Repeat("x", 300)},
		{"y.pdf", "%PDF-1.7\n", "2023年", "", "severity=info&severity=error"},
		{"../../z.txt", "截止2023年底", "-1", " ", "rule[]=1"},
		{"a\"b.txt", "（一）\n（三）", "99999999999999999999", "\xff", "%zz"},
	} {
		f.Add(s.name, s.data, s.year, s.text, s.query)
	}
	f.Fuzz(func(t *testing.T, name, data, year, text, query string) {
		if strings.ContainsFunc(name, func(r rune) bool { return r < 0x20 || r == 0x7f }) {
			name = "x.txt" // a control character breaks the multipart header itself (and with it the CSRF field)
		}
		if ext := strings.ToLower(name); strings.HasSuffix(ext, ".doc") || strings.HasSuffix(ext, ".wps") || strings.HasSuffix(ext, ".pdf") || strings.HasPrefix(data, "\xD0\xCF\x11\xE0") || strings.HasPrefix(data, "%PDF") {
			// LibreOffice and pdftotext are separate processes (seconds each on a
			// busy machine); the page's handling of their errors is tested elsewhere.
			name, data = "x.txt", strings.TrimPrefix(strings.TrimPrefix(data, "\xD0\xCF\x11\xE0"), "%PDF")
		}
		var files []checkFile
		if name != "" || data != "" {
			files = []checkFile{{name, []byte(data)}}
		}
		send := func(req *http.Request) (*http.Response, string) {
			resp, err := c.hc.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			b, _ := io.ReadAll(resp.Body)
			return resp, string(b)
		}
		resp, body := send(c.checkRequest(files, map[string]string{"year": year, "text": text, "corpus": "1"}))
		switch {
		case resp.StatusCode >= 500:
			t.Fatalf("name %q data %q year %q text %q: %d %s", name, data, year, text, resp.StatusCode, body)
		case resp.StatusCode == http.StatusSeeOther:
			loc := resp.Header.Get("Location")
			if q, err := url.ParseQuery(query); err == nil {
				loc += "?" + q.Encode()
			}
			for _, htmx := range []bool{false, true} {
				req, _ := http.NewRequest("GET", e.ts.URL+loc, nil)
				if htmx {
					req.Header.Set("HX-Request", "true")
				}
				r, b := send(req)
				if r.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: %d %s", loc, r.StatusCode, b)
				}
			}
		default:
			if !strings.Contains(body, `class="alert"`) && !strings.Contains(body, `class="error"`) {
				t.Fatalf("status %d without a message: %.500s", resp.StatusCode, body)
			}
		}
	})
}
