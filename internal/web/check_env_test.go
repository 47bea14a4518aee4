package web

import (
	"bytes"
	"html"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
)

// checkFile is one file of a test upload.
type checkFile struct {
	name string
	data []byte
}

// checkUpload posts files and form fields to /check the way the page's
// form does (multipart, CSRF token in the form), plus extra headers.
func (c *client) checkUpload(files []checkFile, fields map[string]string, hdr ...string) (*http.Response, string) {
	c.e.t.Helper()
	return c.do(c.checkRequest(files, fields, hdr...))
}

func (c *client) checkRequest(files []checkFile, fields map[string]string, hdr ...string) *http.Request {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField(csrfField, c.csrf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile("file", f.name)
		fw.Write(f.data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+"/check", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Origin", c.e.ts.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	return req
}

// checkSubmit uploads files, expects the redirect to the results and
// returns their path.
func (c *client) checkSubmit(files []checkFile, fields map[string]string) string {
	c.e.t.Helper()
	resp, body := c.checkUpload(files, fields)
	wantStatus(c.e.t, resp, body, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	if !strings.HasPrefix(loc, "/check/") {
		c.e.t.Fatalf("redirect to %q, want /check/…", loc)
	}
	return loc
}

var checkLineRE = regexp.MustCompile(`(?s)<li id="l(\d+)"[^>]*>(.*?)</li>`)

// checkLines maps line number → the HTML of that line of the marked text.
func checkLines(body string) map[string]string {
	out := map[string]string{}
	for _, m := range checkLineRE.FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[2]
	}
	return out
}

var checkMarkRE = regexp.MustCompile(`<mark class="sev-(\w+)" title="([^"]*)"><a href="#f(\d+)">([^<]*)</a></mark>`)

// checkMark is one <mark> of a line: its severity, hover text, the
// finding it links to and the marked text.
type checkMark struct {
	severity, title, target, text string
}

func checkMarks(lineHTML string) []checkMark {
	var out []checkMark
	for _, m := range checkMarkRE.FindAllStringSubmatch(lineHTML, -1) {
		out = append(out, checkMark{m[1], html.UnescapeString(m[2]), m[3], html.UnescapeString(m[4])})
	}
	return out
}

// checkItem returns the HTML of the listed finding with the id, or "".
func checkItem(body, id string) string {
	re := regexp.MustCompile(`(?s)<li id="f` + id + `" [^>]*>(.*?)</li>`)
	if m := re.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	return ""
}
