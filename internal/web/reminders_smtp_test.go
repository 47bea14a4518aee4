package web

import (
	"bufio"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"math/big"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/store"
)

// testSMTP is a local submission server: it offers STARTTLS with a
// self-signed certificate, refuses MAIL before TLS, accepts PLAIN auth and
// keeps each message's recipient and text.
type testSMTP struct {
	t     *testing.T
	ln    net.Listener
	tls   *tls.Config
	roots *x509.CertPool
	mu    sync.Mutex
	mails []testMail
}

type testMail struct {
	To, Data string
	TLS      bool
	Auth     string
}

func startTestSMTP(t *testing.T) *testSMTP {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		IPAddresses: []net.IP{net.ParseIP("127.0.0.1")}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, _ := x509.ParseCertificate(der)
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &testSMTP{t: t, ln: ln, roots: roots,
		tls: &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}}}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go s.serve(c)
		}
	}()
	return s
}

func (s *testSMTP) serve(c net.Conn) {
	defer c.Close()
	var m testMail
	r, w := bufio.NewReader(c), bufio.NewWriter(c)
	say := func(line string) { w.WriteString(line + "\r\n"); w.Flush() }
	say("220 test ESMTP")
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return
		}
		cmd := strings.TrimRight(line, "\r\n")
		up := strings.ToUpper(cmd)
		switch {
		case strings.HasPrefix(up, "EHLO"):
			if m.TLS {
				say("250-test\r\n250 AUTH PLAIN")
			} else {
				say("250-test\r\n250 STARTTLS")
			}
		case up == "STARTTLS":
			say("220 go ahead")
			tc := tls.Server(c, s.tls)
			if err := tc.Handshake(); err != nil {
				return
			}
			c, m.TLS = tc, true
			r, w = bufio.NewReader(tc), bufio.NewWriter(tc)
		case strings.HasPrefix(up, "AUTH PLAIN"):
			m.Auth = strings.TrimSpace(cmd[len("AUTH PLAIN"):])
			say("235 ok")
		case strings.HasPrefix(up, "MAIL FROM"):
			if !m.TLS {
				say("530 must issue STARTTLS first")
				continue
			}
			say("250 ok")
		case strings.HasPrefix(up, "RCPT TO:"):
			m.To = strings.Trim(cmd[len("RCPT TO:"):], "<> ")
			say("250 ok")
		case up == "DATA":
			say("354 end with .")
			var b strings.Builder
			for {
				l, err := r.ReadString('\n')
				if err != nil {
					return
				}
				if l == ".\r\n" {
					break
				}
				b.WriteString(l)
			}
			m.Data = b.String()
			s.mu.Lock()
			s.mails = append(s.mails, m)
			s.mu.Unlock()
			say("250 queued")
		case up == "QUIT":
			say("221 bye")
			return
		default:
			say("250 ok")
		}
	}
}

// TestReminders_EmailOverSTARTTLS: a person with a reminder address gets
// the day's digest by e-mail, once, over STARTTLS with authentication, the
// text naming the item, its deadline and its basis.
func TestReminders_EmailOverSTARTTLS(t *testing.T) {
	e := apiEnv(t)
	ctx := context.Background()
	d := reviewData("邮件提醒事项")
	d["review_limit_days"] = "10"
	e.seed("legality_review", "A", d)
	if err := e.db.SetReminderEmail(ctx, store.SystemActor("test"), e.users["reviewerA"].ID, "shenhe@example.gov.cn"); err != nil {
		t.Fatal(err)
	}
	mta := startTestSMTP(t)
	cfg := e.srv.cfg
	cfg.Reminders.SMTP = &SMTPConfig{Addr: mta.ln.Addr().String(), Username: "fazhi", Password: "口令-secret",
		From: "fazhi@example.gov.cn", TLS: &tls.Config{RootCAs: mta.roots}}
	srv := New(cfg, e.st, e.srv.kinds, e.srv.cal, nil)
	for range 2 {
		if _, _, err := srv.RunReminders(ctx); err != nil {
			t.Fatal(err)
		}
	}
	mta.mu.Lock()
	defer mta.mu.Unlock()
	if len(mta.mails) != 1 {
		t.Fatalf("%d mails sent, want one (only reviewerA has an address; twice run, once sent)", len(mta.mails))
	}
	m := mta.mails[0]
	if m.To != "shenhe@example.gov.cn" || !m.TLS {
		t.Errorf("mail to %q over TLS %v", m.To, m.TLS)
	}
	if auth, _ := base64.StdEncoding.DecodeString(m.Auth); string(auth) != "\x00fazhi\x00口令-secret" {
		t.Errorf("AUTH PLAIN = %q", auth)
	}
	_, body, _ := strings.Cut(m.Data, "\r\n\r\n")
	text, err := base64.StdEncoding.DecodeString(strings.ReplaceAll(body, "\r\n", ""))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"邮件提醒事项", "审查时限", "已逾期", "本地合法性审查工作规则规定的审查时限"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("mail text lacks %q:\n%s", want, text)
		}
	}
	if !strings.Contains(m.Data, "Subject: =?UTF-8?") {
		t.Errorf("subject not encoded: %s", m.Data)
	}
}

// TestReminders_BellAndMarkRead: the bell counts unread reminders; the
// page lists them; marking one read clears the count; another person's
// reminder cannot be marked.
func TestReminders_BellAndMarkRead(t *testing.T) {
	e := apiEnv(t)
	ctx := context.Background()
	d := reviewData("铃铛提醒事项")
	d["review_limit_days"] = "10"
	e.seed("legality_review", "A", d)
	if _, _, err := e.srv.RunReminders(ctx); err != nil {
		t.Fatal(err)
	}
	c := e.loggedIn("reviewerA")
	_, body := c.get("/todo")
	if !strings.Contains(body, `<b class="badge danger">1</b>`) {
		t.Fatalf("the bell shows no unread reminder")
	}
	_, body = c.get("/notifications")
	if !strings.Contains(body, "铃铛提醒事项") || !strings.Contains(body, "未读") {
		t.Fatalf("GET /notifications lacks the reminder")
	}
	ns, err := e.db.Notifications(ctx, e.users["reviewerA"].ID, 10)
	if err != nil || len(ns) != 1 {
		t.Fatalf("notifications %v %v", ns, err)
	}
	other := e.loggedIn("clerkA")
	if resp, _ := other.post("/notifications/"+itoa64(ns[0].ID)+"/read", nil); resp.StatusCode != 404 {
		t.Errorf("clerkA marks reviewerA's reminder: %d, want 404", resp.StatusCode)
	}
	if resp, _ := c.post("/notifications/"+itoa64(ns[0].ID)+"/read", nil); resp.StatusCode != 303 {
		t.Errorf("mark read: %d", resp.StatusCode)
	}
	if _, body = c.get("/todo"); strings.Contains(body, `<b class="badge danger">`) {
		t.Error("the bell still counts a read reminder")
	}
	if _, body := e.loggedIn("clerkB").get("/notifications"); !strings.Contains(body, "还没有提醒") {
		t.Error("clerkB, with nothing due, has reminders")
	}
}

func itoa64(n int64) string { return big.NewInt(n).String() }
