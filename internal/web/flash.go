package web

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"net/url"
)

// A notice after a redirect ("已保存", "已授权 甲镇") travels in the URL as
// ?msg=…&sig=…, signed with the session's secret CSRF token for the page's
// path: a link made by anyone else — who does not know that token — shows
// nothing, so ?msg= cannot put words of an attacker's choosing on a page
// as a system notice.

func flashSig(r *http.Request, path, msg string) string {
	p := principal(r)
	if p == nil || p.Session == nil || p.Session.CSRF == "" {
		return ""
	}
	m := hmac.New(sha256.New, []byte(p.Session.CSRF))
	m.Write([]byte("flash\x00" + path + "\x00" + msg))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// flashURL is path with msg signed for this session.
func flashURL(r *http.Request, path, msg string) string {
	return path + "?" + url.Values{"msg": {msg}, "sig": {flashSig(r, path, msg)}}.Encode()
}

// flash is the request's signed notice, or "".
func flash(r *http.Request) string {
	q := r.URL.Query()
	msg, sig := q.Get("msg"), q.Get("sig")
	want := flashSig(r, r.URL.Path, msg)
	if msg == "" || want == "" || !hmac.Equal([]byte(sig), []byte(want)) {
		return ""
	}
	return msg
}
