package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/store"
)

// Messages of the login form. A wrong username and a wrong password get the
// same message, so the form does not reveal which accounts exist.
const (
	msgLoginBad      = "用户名或密码不正确，请重新输入。连续失败 5 次账户将被临时锁定 15 分钟。"
	msgLoginLocked   = "该账户因多次登录失败已被临时锁定，请 15 分钟后再试，或请管理员解锁。"
	msgLoginAdmin    = "该账户已被管理员停用，请联系本单位管理员。"
	msgLoginThrottle = "本地址登录尝试过于频繁，请 15 分钟后再试。"
	msgLoginEmpty    = "请输入用户名和密码。"
)

func (s *Server) loginForm(w http.ResponseWriter, r *http.Request) error {
	if principal(r) != nil {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	s.render(w, r, http.StatusOK, "login.html", &LoginPage{Base: s.base(r, "登录"), Next: landing(r.FormValue("next"))})
	return nil
}

// loginSubmit checks the throttles, then the password, and on success
// starts a server-side session. Every outcome is audited.
func (s *Server) loginSubmit(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	username := strings.TrimSpace(r.PostFormValue("username"))
	password := r.PostFormValue("password")
	next := landing(r.PostFormValue("next"))
	addr := clientAddr(r)
	page := &LoginPage{Base: s.base(r, "登录"), Username: username, Next: next}
	refuse := func(status int, msg string) error {
		page.Error = msg
		s.render(w, r, status, "login.html", page)
		return nil
	}
	if username == "" || password == "" || utf8.RuneCountInString(username) > 64 || !utf8.ValidString(username) {
		return refuse(http.StatusBadRequest, msgLoginEmpty)
	}
	now := s.cfg.Now()
	// Admitted atomically: concurrent attempts cannot all pass the count.
	att, err := s.store.BeginLogin(ctx, username, addr, now, store.LoginPolicy{Window: s.cfg.LockoutWindow,
		LockFor: s.cfg.LockoutFor, UserFailures: s.cfg.LockoutFailures, AddrFailures: s.cfg.AddrFailures})
	if err != nil {
		return fmt.Errorf("web.loginSubmit: %w", err)
	}
	if att.Throttled {
		return refuse(http.StatusTooManyRequests, msgLoginThrottle)
	}
	if att.Locked {
		if err := s.loginFailed(ctx, username, addr, nil, "locked"); err != nil {
			return err
		}
		return refuse(http.StatusTooManyRequests, msgLoginLocked)
	}

	u, err := s.store.UserByUsername(ctx, username)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("web.loginSubmit: %w", err)
	}
	hash := s.dummyHash
	if u != nil {
		hash = u.PasswordHash
	}
	ok, verr := access.VerifyPassword(hash, password)
	if verr != nil {
		s.log.WarnContext(ctx, "unreadable password hash", slog.String("username", username))
	}
	if u == nil || !ok {
		if err := s.loginFailed(ctx, username, addr, u, "bad_password"); err != nil {
			return err
		}
		if att.Failures >= s.cfg.LockoutFailures {
			// This failure is the Nth in the window: the lock starts now.
			if err := s.store.LockLogin(ctx, username, now); err != nil {
				return fmt.Errorf("web.loginSubmit: %w", err)
			}
			return refuse(http.StatusTooManyRequests, msgLoginLocked)
		}
		return refuse(http.StatusUnauthorized, msgLoginBad)
	}
	if u.Locked {
		if err := s.loginFailed(ctx, username, addr, u, "admin_locked"); err != nil {
			return err
		}
		return refuse(http.StatusForbidden, msgLoginAdmin)
	}

	if err := s.clearLockout(ctx, username); err != nil {
		return err
	}
	if access.NeedsRehash(u.PasswordHash, s.cfg.Password) {
		if h, err := access.HashPassword(password, s.cfg.Password); err == nil {
			p, _ := s.principalFor(ctx, u, addr)
			if p != nil {
				_ = s.store.SetPassword(ctx, p.Actor, u.ID, h) // best effort: the old hash stays valid
			}
		}
	}
	if old := principal(r); old != nil && old.Session != nil {
		// A new login replaces the session this browser had.
		if err := s.store.DeleteSession(ctx, old.Session.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("web.loginSubmit: %w", err)
		}
	}
	token := newToken()
	sess := &store.Session{
		ID: hashToken(token), UserID: u.ID, CreatedAt: now, LastSeen: now,
		Addr: addr, UserAgent: truncate(r.UserAgent(), 200), CSRF: newToken(),
	}
	if err := s.store.CreateSession(ctx, sess); err != nil {
		return fmt.Errorf("web.loginSubmit: %w", err)
	}
	if err := s.audit(ctx, u, addr, "login", ""); err != nil {
		return err
	}
	s.setSessionCookie(w, token)
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// clearLockout forgets username's failures and lock (a successful login or
// an administrator's unlock).
func (s *Server) clearLockout(ctx context.Context, username string) error {
	if err := s.store.ClearLoginFailures(ctx, username); err != nil {
		return fmt.Errorf("web.clearLockout: %w", err)
	}
	return nil
}

// loginFailed audits a refused login (BeginLogin has already counted it
// for the throttles).
func (s *Server) loginFailed(ctx context.Context, username, addr string, u *access.User, reason string) error {
	e := &audit.Entry{At: s.cfg.Now(), Actor: truncate(username, 64), Addr: addr, Action: "login_failed",
		Object: "user:" + truncate(username, 64), Diff: fmt.Sprintf(`{"reason":%q}`, reason)}
	if u != nil {
		e.ActorID, e.UnitID, e.Object = u.ID, u.UnitID, fmt.Sprintf("user:%d", u.ID)
	}
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("web.loginFailed: audit: %w", err)
	}
	return nil
}

// audit appends a non-record event by user u.
func (s *Server) audit(ctx context.Context, u *access.User, addr, action, diff string) error {
	name := u.Name
	if name == "" {
		name = u.Username
	}
	e := &audit.Entry{At: s.cfg.Now(), ActorID: u.ID, Actor: name, UnitID: u.UnitID, Addr: addr,
		Action: action, Object: fmt.Sprintf("user:%d", u.ID), Diff: diff}
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("web.audit(%s): %w", action, err)
	}
	return nil
}

// logout ends this session.
func (s *Server) logout(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Session == nil {
		return &pageError{http.StatusBadRequest, "API 令牌请求无需注销。"}
	}
	if err := s.store.DeleteSession(r.Context(), p.Session.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("web.logout: %w", err)
	}
	if err := s.audit(r.Context(), p.User, p.Actor.Addr, "logout", ""); err != nil {
		return err
	}
	s.clearCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// logoutAll ends every session of the user, on every device.
func (s *Server) logoutAll(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if err := s.store.DeleteUserSessions(r.Context(), p.User.ID); err != nil {
		return fmt.Errorf("web.logoutAll: %w", err)
	}
	if err := s.audit(r.Context(), p.User, p.Actor.Addr, "logout", `{"all_sessions":true}`); err != nil {
		return err
	}
	s.clearCookie(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// landingPage is where a login without a "next" goes: the to-do list.
const landingPage = "/todo"

// landing is the page after login: next when it is safe, the to-do list
// when none is asked for.
func landing(next string) string {
	if next == "" {
		return landingPage
	}
	return safeNext(next)
}

// safeNext keeps the post-login redirect on this site: a path starting
// with one "/", with no control character or backslash anywhere (browsers
// drop tabs and newlines and read a backslash as "/", so "/\t/evil.example/" would
// leave the site) and no scheme or host once parsed.
func safeNext(next string) string {
	bad := strings.ContainsFunc(next, func(r rune) bool {
		return r < 0x20 || r == 0x7f || r == '\\' || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r)
	})
	if bad || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.User != nil {
		return "/"
	}
	return next
}

func truncate(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "?")
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
