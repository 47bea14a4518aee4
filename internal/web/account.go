package web

import (
	"fmt"
	"net/http"
	"net/url"

	"fazhi/internal/access"
)

// passwordForm is where a signed-in user changes their own password.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPassword(w, r, http.StatusOK, nil, r.URL.Query().Get("msg"))
}

func (s *Server) renderPassword(w http.ResponseWriter, r *http.Request, status int, errs map[string]string, msg string) error {
	s.render(w, r, status, "password.html", &PasswordPage{Base: s.base(r, "修改密码"), Errors: errs, Message: msg, MinLen: s.cfg.MinPasswordLen})
	return nil
}

// passwordChange checks the old password, the policy and the repeat, sets
// the new hash (audited) and ends the user's other sessions; this one
// stays signed in. A wrong old password counts as a failed login, so the
// form cannot be used to guess it past the lockout.
func (s *Server) passwordChange(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if p.Session == nil {
		return errForbidden // API tokens do not change passwords
	}
	old, pw, again := r.PostFormValue("old_password"), r.PostFormValue("new_password"), r.PostFormValue("new_password2")
	u, err := s.store.UserByID(r.Context(), p.User.ID)
	if err != nil {
		return err
	}
	errs := map[string]string{}
	now := s.cfg.Now()
	byUser, _, err := s.store.LoginFailures(r.Context(), u.Username, p.Actor.Addr, now.Add(-s.cfg.LockoutWindow))
	if err != nil {
		return err
	}
	if s.cfg.LockoutFailures > 0 && byUser >= s.cfg.LockoutFailures {
		errs["old_password"] = fmt.Sprintf("密码连续输错 %d 次：请 %d 分钟后再试，或请管理员重置密码", byUser, int(s.cfg.LockoutFor.Minutes()))
		return s.renderPassword(w, r, http.StatusTooManyRequests, errs, "")
	}
	if ok, err := access.VerifyPassword(u.PasswordHash, old); err != nil || !ok {
		errs["old_password"] = "原密码不正确：请重新输入当前使用的密码"
		if err := s.store.RecordLoginFailure(r.Context(), u.Username, p.Actor.Addr, now); err != nil {
			return err
		}
	}
	if err := access.CheckPasswordPolicy(pw, s.cfg.MinPasswordLen); err != nil {
		errs["new_password"] = err.Error()
	} else if pw == old {
		errs["new_password"] = "新密码不能与原密码相同：请换一个"
	}
	if pw != again {
		errs["new_password2"] = "两次输入的新密码不一致：请重新输入"
	}
	if len(errs) > 0 {
		return s.renderPassword(w, r, http.StatusUnprocessableEntity, errs, "")
	}
	hash, err := access.HashPassword(pw, s.cfg.Password)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(r.Context(), p.Actor, u.ID, hash); err != nil {
		return err
	}
	if err := s.store.DeleteOtherSessions(r.Context(), u.ID, p.Session.ID); err != nil {
		return err
	}
	http.Redirect(w, r, "/account/password?msg="+url.QueryEscape("密码已修改，您在其他设备上的登录已退出"), http.StatusSeeOther)
	return nil
}
