package web

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"testing"
)

// A form upload past the size limit is told the limit (413), not that the
// form was forged: the CSRF field cannot be read past the limit.
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
	wantBody(t, body, "上传内容过大")
}
