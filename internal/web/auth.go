package web

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// sessionCookie holds the random session token; the store keeps only its
// SHA-256, so a copy of the database does not yield live sessions.
const sessionCookie = "fazhi_session"

// csrfField is the hidden form field and csrfHeader the request header that
// carry the per-session CSRF token (htmx sends the header via hx-headers).
const (
	csrfField  = "csrf_token"
	csrfHeader = "X-CSRF-Token"
)

type ctxKey int

const principalKey ctxKey = 1

// principal returns the authenticated caller of r, or nil.
func principal(r *http.Request) *Principal {
	p, _ := r.Context().Value(principalKey).(*Principal)
	return p
}

// authenticate resolves the caller from a bearer token or the session
// cookie, enforces session expiry and the CSRF token on state-changing
// requests of cookie sessions, and caps request bodies. Anonymous requests
// pass through: handlers decide whether they need a principal.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit := int64(1 << 20)
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			limit = s.cfg.MaxUpload + 1<<20 // file plus the other fields
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)

		var p *Principal
		var err error
		if auth := r.Header.Get("Authorization"); auth != "" {
			// Programs: "Authorization: Bearer <token>". A bad token is an
			// error, not an anonymous request, so a typo is not silent.
			tok, ok := strings.CutPrefix(auth, "Bearer ")
			if !ok || strings.TrimSpace(tok) == "" {
				s.fail(w, r, errBadToken)
				return
			}
			if p, err = s.tokenPrincipal(r, strings.TrimSpace(tok)); err != nil {
				s.fail(w, r, err)
				return
			}
			// No CSRF check: a browser never attaches a bearer token on its own.
		} else if c, cerr := r.Cookie(sessionCookie); cerr == nil && c.Value != "" {
			if p, err = s.sessionPrincipal(w, r, c.Value); err != nil {
				s.fail(w, r, err)
				return
			}
			if p != nil && !safeMethod(r.Method) {
				if err := s.checkCSRF(r, p.Session); err != nil {
					var pe *pageError
					if errors.As(err, &pe) && pe.Status == http.StatusRequestEntityTooLarge {
						// A logged-in user's upload past the limit: nothing is
						// done, but the answer is the user's own page with
						// the limit, not an anonymous error page.
						s.tooLarge(w, r.WithContext(context.WithValue(r.Context(), principalKey, p)), pe)
						return
					}
					s.fail(w, r, err)
					return
				}
			}
		}
		if p != nil {
			r = r.WithContext(context.WithValue(r.Context(), principalKey, p))
		}
		next.ServeHTTP(w, r)
	})
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}

// checkCSRF compares the request's token (header, else form field) with the
// session's in constant time.
//
// An upload over the size limit is answered 413 with the limit, not as a
// CSRF failure: the token field cannot be read past the limit.
func (s *Server) checkCSRF(r *http.Request, sess *store.Session) error {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		if strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
			// Keep at most 1 MiB of an upload in memory; the rest spools
			// to a temporary file. The handler reuses the parsed form.
			var mbe *http.MaxBytesError
			if err := r.ParseMultipartForm(1 << 20); errors.As(err, &mbe) {
				return &pageError{http.StatusRequestEntityTooLarge,
					fmt.Sprintf("上传内容过大：一次上传不得超过 %s，请压缩或拆分后再上传。", byteSize(s.cfg.MaxUpload))}
			}
		}
		got = r.PostFormValue(csrfField)
	}
	if sess.CSRF == "" || subtle.ConstantTimeCompare([]byte(got), []byte(sess.CSRF)) != 1 {
		return errCSRF
	}
	return nil
}

// sessionPrincipal loads the session of a cookie token. An unknown, expired
// or locked-out session yields nil (anonymous) and clears the cookie. The
// session is touched at most once per TouchInterval, so a busy user does not
// cost a database write per request.
func (s *Server) sessionPrincipal(w http.ResponseWriter, r *http.Request, token string) (*Principal, error) {
	ctx := r.Context()
	id := hashToken(token)
	sess, err := s.store.SessionByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		s.clearCookie(w)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web.sessionPrincipal: %w", err)
	}
	now := s.cfg.Now()
	if now.Sub(sess.LastSeen) > s.cfg.IdleTimeout || now.Sub(sess.CreatedAt) > s.cfg.AbsoluteTimeout {
		if err := s.store.DeleteSession(ctx, id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return nil, fmt.Errorf("web.sessionPrincipal: expire: %w", err)
		}
		s.clearCookie(w)
		return nil, nil
	}
	u, err := s.store.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) || (err == nil && u.Locked) {
		_ = s.store.DeleteSession(ctx, id)
		s.clearCookie(w)
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web.sessionPrincipal: user: %w", err)
	}
	if now.Sub(sess.LastSeen) >= s.cfg.TouchInterval {
		if err := s.store.TouchSession(ctx, id, now); err != nil {
			return nil, fmt.Errorf("web.sessionPrincipal: touch: %w", err)
		}
		sess.LastSeen = now
	}
	p, err := s.principalFor(ctx, u, clientAddr(r))
	if err != nil {
		return nil, err
	}
	p.Session = sess
	return p, nil
}

// tokenPrincipal resolves an API token to its user, under the same scope as
// the user's own login.
// Resolutions are cached briefly (token_cache.go).
func (s *Server) tokenPrincipal(r *http.Request, token string) (*Principal, error) {
	hash, now := hashToken(token), time.Now()
	// The database's epoch, read before the store is asked (so a change
	// during it is not cached): a revoke or lock by any process, the CLI
	// included, drops the cached resolution on the next request.
	epoch, err := s.store.SharedAuthEpoch(r.Context())
	if err != nil {
		return nil, fmt.Errorf("web.tokenPrincipal: %w", err)
	}
	if p, ok := s.tokens.get(hash, epoch, now); ok && s.cfg.Now().Before(p.TokenExpires) {
		p.Actor.Addr = clientAddr(r)
		return p, nil
	}
	p, err := s.resolveToken(r, token)
	if err != nil {
		return nil, err
	}
	s.tokens.put(hash, epoch, now, p)
	return p, nil
}

// resolveToken asks the store who token belongs to.
func (s *Server) resolveToken(r *http.Request, token string) (*Principal, error) {
	u, expires, err := s.store.UserByToken(r.Context(), token)
	if errors.Is(err, store.ErrNotFound) {
		return nil, errBadToken
	}
	if err != nil {
		return nil, fmt.Errorf("web.tokenPrincipal: %w", err)
	}
	if u.Locked {
		return nil, errBadToken
	}
	p, err := s.principalFor(r.Context(), u, clientAddr(r))
	if err != nil {
		return nil, err
	}
	p.TokenExpires = expires
	return p, nil
}

// principalFor builds the principal of user u: its store.Actor carries the
// data scope every store call is filtered by.
func (s *Server) principalFor(ctx context.Context, u *access.User, addr string) (*Principal, error) {
	a, err := s.store.ActorFor(ctx, u, addr)
	if err != nil {
		return nil, fmt.Errorf("web.principalFor(%d): %w", u.ID, err)
	}
	return &Principal{User: u, Actor: a}, nil
}

// PurgeSessions deletes the sessions past their idle or absolute expiry
// and returns how many. Expired sessions are already refused on use; this
// keeps the table small. The serve command calls it periodically.
func (s *Server) PurgeSessions(ctx context.Context) (int64, error) {
	now := s.cfg.Now()
	n, err := s.store.DeleteExpiredSessions(ctx, now.Add(-s.cfg.IdleTimeout), now.Add(-s.cfg.AbsoluteTimeout))
	if err != nil {
		return 0, fmt.Errorf("web.PurgeSessions: %w", err)
	}
	return n, nil
}

// newToken returns 32 random bytes, URL-safe base64.
func newToken() string {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		panic(err) // crypto/rand does not fail on supported platforms
	}
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: token, Path: "/",
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
		MaxAge: int(s.cfg.AbsoluteTimeout.Seconds()),
	})
}

func (s *Server) clearCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{
		Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode,
	})
}
