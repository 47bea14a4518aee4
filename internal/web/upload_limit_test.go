package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// A form upload past the size limit is told the limit (413), not that the
// form was forged: the CSRF field cannot be read past the limit. The user
// stays on the record's own page, logged in, with the message beside the
// upload form — not an error page offering to log in.
func TestOversizedFormUploadSaysTooLarge(t *testing.T) {
	e := caseEnv(t, func(c *Config) { c.MaxUpload = 64 << 10 })
	c := e.loggedIn("clerkA")
	path := c.create(t, e.caseForm("有附件的案件"))

	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", "big.pdf")
	fw.Write(bytes.Repeat([]byte("x"), 2<<20)) // past limit + 1 MiB of form slack
	mw.WriteField(csrfField, c.csrf)           // after the file, as some browsers order it
	mw.Close()
	req, _ := http.NewRequest("POST", e.ts.URL+path+"/files", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	resp, body := c.do(req)
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	wantBody(t, body, "文件过大：单个附件不得超过 64 KB", "<h1>有附件的案件</h1>", "甲镇录入员", `id="files"`)
	if strings.Contains(body, `href="/login"`) {
		t.Error("a logged-in user is offered the login button")
	}
	_, body = c.get(path)
	wantBody(t, body, "暂无附件")
}
