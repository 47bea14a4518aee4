package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// TokensPage is the signed-in user's own API tokens: issue, list, revoke.
// Tokens are self-service only — nobody issues one for someone else.
type TokensPage struct {
	Base
	Tokens  []TokenRow
	Name    string // the purpose typed, kept on an error
	Error   string
	Message string
	Token   string // a newly issued token, shown once
}

// TokenRow is one token in the list.
type TokenRow struct {
	ID                          int64
	Name, Created, Expires, End string
	Live                        bool
}

func (s *Server) renderTokens(w http.ResponseWriter, r *http.Request, status int, page *TokensPage) error {
	p := principal(r)
	page.Base = s.base(r, "我的 API 令牌")
	ts, err := s.store.Tokens(r.Context(), p.Actor, p.User.ID)
	if err != nil {
		return fmt.Errorf("web.renderTokens: %w", err)
	}
	now := s.cfg.Now()
	day := func(t time.Time) string { return t.In(calendar.China).Format("2006-01-02") }
	for _, t := range ts {
		row := TokenRow{ID: t.ID, Name: t.Name, Created: day(t.CreatedAt), Expires: day(t.ExpiresAt), Live: t.Live(now)}
		switch {
		case !t.RevokedAt.IsZero():
			row.End = "已吊销（" + day(t.RevokedAt) + "）"
		case !row.Live:
			row.End = "已过期"
		}
		page.Tokens = append(page.Tokens, row)
	}
	s.render(w, r, status, "tokens.html", page)
	return nil
}

// accountTokens lists the user's tokens.
func (s *Server) accountTokens(w http.ResponseWriter, r *http.Request) error {
	page := &TokensPage{}
	if r.URL.Query().Get("msg") == "revoked" {
		page.Message = "令牌已吊销，使用它的程序将立即无法访问。"
	}
	return s.renderTokens(w, r, http.StatusOK, page)
}

// accountTokenCreate issues a token for the user itself. It is shown once,
// on the page that answers the request; the store keeps only its SHA-256.
func (s *Server) accountTokenCreate(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	name := strings.TrimSpace(r.PostFormValue("name"))
	if n := len([]rune(name)); n == 0 || n > 50 {
		return s.renderTokens(w, r, http.StatusUnprocessableEntity, &TokensPage{Name: name, Error: "请填写令牌用途（不超过 50 个字），如“数据报送程序”"})
	}
	tok, err := s.store.CreateToken(r.Context(), p.Actor, p.User.ID, name)
	if err != nil {
		return err
	}
	return s.renderTokens(w, r, http.StatusOK, &TokensPage{Token: tok,
		Message: fmt.Sprintf("已签发 API 令牌“%s”。令牌只显示这一次，请立即妥善保存。", name)})
}

// accountTokenRevoke revokes one of the user's tokens; another user's is
// not found.
func (s *Server) accountTokenRevoke(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return errNotFound
	}
	ts, err := s.store.Tokens(r.Context(), p.Actor, p.User.ID)
	if err != nil {
		return fmt.Errorf("web.accountTokenRevoke: %w", err)
	}
	own := false
	for _, t := range ts {
		own = own || t.ID == id
	}
	if !own {
		return errNotFound
	}
	if err := s.store.RevokeToken(r.Context(), p.Actor, id); err != nil && !errors.Is(err, store.ErrNotFound) {
		return err // ErrNotFound: already revoked
	}
	http.Redirect(w, r, "/account/tokens?msg=revoked", http.StatusSeeOther)
	return nil
}
