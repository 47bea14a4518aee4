package web

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/smtp"
	"strconv"
	"strings"
	"time"
)

// SMTPConfig is the e-mail channel: a submission server that offers
// STARTTLS (the message is never sent in clear).
type SMTPConfig struct {
	Addr     string // host:port, e.g. smtp.example.gov.cn:587
	Username string // "" for no authentication
	Password string
	From     string // sender address
	// TLS overrides the TLS configuration (tests trust their own
	// certificate); nil verifies the server against the system roots.
	TLS *tls.Config
}

// send sends one plain-text message to to.
func (c *SMTPConfig) send(to, subject, text string, now time.Time) error {
	host, _, err := net.SplitHostPort(c.Addr)
	if err != nil {
		return fmt.Errorf("smtp address %q: %w", c.Addr, err)
	}
	conn, err := net.DialTimeout("tcp", c.Addr, 30*time.Second)
	if err != nil {
		return err
	}
	conn.SetDeadline(time.Now().Add(2 * time.Minute))
	cl, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer cl.Close()
	if ok, _ := cl.Extension("STARTTLS"); !ok {
		return fmt.Errorf("smtp server %s does not offer STARTTLS", c.Addr)
	}
	tc := &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	if c.TLS != nil {
		tc = c.TLS.Clone()
		if tc.ServerName == "" {
			tc.ServerName = host
		}
	}
	if err := cl.StartTLS(tc); err != nil {
		return err
	}
	if c.Username != "" {
		if err := cl.Auth(smtp.PlainAuth("", c.Username, c.Password, host)); err != nil {
			return err
		}
	}
	if err := cl.Mail(c.From); err != nil {
		return err
	}
	if err := cl.Rcpt(to); err != nil {
		return err
	}
	w, err := cl.Data()
	if err != nil {
		return err
	}
	var msg bytes.Buffer
	fmt.Fprintf(&msg, "From: %s\r\nTo: %s\r\nSubject: %s\r\nDate: %s\r\nMIME-Version: 1.0\r\n"+
		"Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n",
		c.From, to, mime.BEncoding.Encode("UTF-8", subject), now.Format(time.RFC1123Z))
	enc := base64.StdEncoding.EncodeToString([]byte(strings.ReplaceAll(text, "\n", "\r\n")))
	for len(enc) > 76 {
		msg.WriteString(enc[:76] + "\r\n")
		enc = enc[76:]
	}
	msg.WriteString(enc + "\r\n")
	if _, err := w.Write(msg.Bytes()); err != nil {
		return err
	}
	if err := w.Close(); err != nil {
		return err
	}
	return cl.Quit()
}

// WebhookConfig is the outgoing webhook: each digest is POSTed as JSON with
// X-Fazhi-Timestamp (Unix seconds) and X-Fazhi-Signature
// ("sha256=" + hex HMAC-SHA256 under Secret of timestamp + "." + body), so
// a gateway relaying to a 钉钉 / 企业微信 robot can check it came from here.
type WebhookConfig struct {
	URL    string
	Secret string
	Client *http.Client // nil: a client with a 30 s timeout
}

// post sends body once; a 2xx answer is success.
func (c *WebhookConfig) post(ctx context.Context, body []byte, now time.Time) (int, error) {
	req, err := http.NewRequestWithContext(ctx, "POST", c.URL, bytes.NewReader(body))
	if err != nil {
		return 0, err
	}
	ts := strconv.FormatInt(now.Unix(), 10)
	req.Header.Set("Content-Type", "application/json; charset=utf-8")
	req.Header.Set("X-Fazhi-Timestamp", ts)
	req.Header.Set("X-Fazhi-Signature", "sha256="+sign(c.Secret, ts, body))
	cl := c.Client
	if cl == nil {
		cl = &http.Client{Timeout: 30 * time.Second}
	}
	resp, err := cl.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	if resp.StatusCode/100 != 2 {
		return resp.StatusCode, fmt.Errorf("webhook answered %s", resp.Status)
	}
	return resp.StatusCode, nil
}
