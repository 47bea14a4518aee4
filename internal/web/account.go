package web

import (
	"fmt"
	"net/http"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// passwordForm is where a signed-in user changes their own password.
func (s *Server) passwordForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderPassword(w, r, http.StatusOK, nil, flash(r))
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
	// Admitted like a login (store.BeginLogin), so concurrent guesses of
	// the old password cannot all be checked.
	att, err := s.store.BeginLogin(r.Context(), u.Username, p.Actor.Addr, now, store.LoginPolicy{Window: s.cfg.LockoutWindow,
		LockFor: s.cfg.LockoutFor, UserFailures: s.cfg.LockoutFailures, AddrFailures: s.cfg.AddrFailures})
	if err != nil {
		return err
	}
	if att.Locked || att.Throttled {
		errs["old_password"] = fmt.Sprintf("密码连续输错 %d 次：请 %d 分钟后再试，或请管理员重置密码", s.cfg.LockoutFailures, int(s.cfg.LockoutFor.Minutes()))
		return s.renderPassword(w, r, http.StatusTooManyRequests, errs, "")
	}
	if ok, err := access.VerifyPassword(u.PasswordHash, old); err != nil || !ok {
		errs["old_password"] = "原密码不正确：请重新输入当前使用的密码"
		if att.Failures >= s.cfg.LockoutFailures {
			if err := s.store.LockLogin(r.Context(), u.Username, now); err != nil {
				return err
			}
		}
	} else if err := s.store.ClearLoginFailures(r.Context(), u.Username); err != nil {
		return err
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
	http.Redirect(w, r, flashURL(r, "/account/password", "密码已修改，您在其他设备上的登录已退出"), http.StatusSeeOther)
	return nil
}
