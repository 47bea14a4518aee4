package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// adminScope returns the admin's lookup, or 403 for non-admins.
func (s *Server) adminScope(r *http.Request) (*Principal, *lookup, error) {
	p := principal(r)
	if !p.User.Has(access.RoleAdmin) {
		return nil, nil, errForbidden
	}
	l, err := s.lookup(r.Context(), p.Actor)
	return p, l, err
}

// adminUsers lists the users of the admin's subtree.
func (s *Server) adminUsers(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	return s.renderUsers(w, r, p, l, http.StatusOK, nil, nil, s.adminNotice(r, p, l))
}

// adminNotices are the only notices the user page shows after a redirect:
// the URL carries a code and a user id, never text, so a link cannot make
// the page show a message of its author's choosing as a system notice.
var adminNotices = map[string]string{
	"added":    "已添加用户 %s",
	"reset":    "已重置用户 %s 的密码（其全部会话和 API 令牌已失效）",
	"locked":   "已锁定用户 %s",
	"unlocked": "已解锁用户 %s",
}

func adminNoticeURL(code string, userID int64) string {
	return "/admin/users?done=" + code + "&user=" + strconv.FormatInt(userID, 10)
}

// adminNotice is the notice named by ?done= about a user of the admin's
// subtree, or "".
func (s *Server) adminNotice(r *http.Request, p *Principal, l *lookup) string {
	q := r.URL.Query()
	format, ok := adminNotices[q.Get("done")]
	id, err := strconv.ParseInt(q.Get("user"), 10, 64)
	if !ok || err != nil {
		return ""
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil || l.unitPath(u.UnitID) == "" || !strings.HasPrefix(l.unitPath(u.UnitID), l.unitPath(p.User.UnitID)) {
		return ""
	}
	return fmt.Sprintf(format, u.Username)
}

// renderUsers renders the user list.
func (s *Server) renderUsers(w http.ResponseWriter, r *http.Request, p *Principal, l *lookup, status int, form, errs map[string]string, msg string) error {
	page := &UsersPage{Base: s.base(r, "用户管理"), Form: form, Errors: errs, Message: msg}
	home := l.unitPath(p.User.UnitID)
	us, err := s.store.Users(r.Context(), home)
	if err != nil {
		return fmt.Errorf("web.renderUsers: %w", err)
	}
	for _, u := range us {
		var roles []string
		for _, ro := range u.Roles {
			roles = append(roles, ro.Label())
		}
		page.Users = append(page.Users, UserRow{ID: u.ID, Username: u.Username, Name: u.Name,
			Unit: l.unitName(u.UnitID), Roles: strings.Join(roles, "、"), Locked: u.Locked})
	}
	var sub []access.Unit
	for _, u := range l.order {
		if strings.HasPrefix(u.Path, home) {
			sub = append(sub, u)
		}
	}
	page.Units = unitOptions(sub, form["unit_id"], "请选择单位")
	for _, ro := range access.AllRoles {
		page.Roles = append(page.Roles, Option{Value: string(ro), Label: ro.Label(), Selected: strings.Contains(","+form["roles"]+",", ","+string(ro)+",")})
	}
	s.render(w, r, status, "users.html", page)
	return nil
}

// adminUserCreate adds a user to a unit of the admin's subtree.
func (s *Server) adminUserCreate(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	form := map[string]string{
		"username": strings.TrimSpace(r.PostFormValue("username")),
		"name":     strings.TrimSpace(r.PostFormValue("name")),
		"unit_id":  r.PostFormValue("unit_id"),
		"roles":    strings.Join(r.PostForm["roles"], ","),
	}
	errs := map[string]string{}
	if !validUsername(form["username"]) {
		errs["username"] = "用户名须为 3 至 32 位的字母、数字、下划线或点，请重新填写"
	}
	if n := len([]rune(form["name"])); n == 0 || n > 32 {
		errs["name"] = "请填写姓名（不超过 32 个字）"
	}
	unitID, perr := strconv.ParseInt(form["unit_id"], 10, 64)
	if perr != nil || !strings.HasPrefix(l.unitPath(unitID), l.unitPath(p.User.UnitID)) || l.unitPath(unitID) == "" {
		errs["unit_id"] = "请选择您管辖范围内的单位"
	}
	var roles []access.Role
	for _, v := range r.PostForm["roles"] {
		ro := access.Role(v)
		if !ro.Valid() {
			errs["roles"] = "角色无效，请从列表中选择"
		} else if !slices.Contains(roles, ro) {
			roles = append(roles, ro)
		}
	}
	if len(roles) == 0 && errs["roles"] == "" {
		errs["roles"] = "请至少选择一个角色"
	}
	pw := r.PostFormValue("password")
	if err := access.CheckPasswordPolicy(pw, s.cfg.MinPasswordLen); err != nil {
		errs["password"] = err.Error()
	}
	if len(errs) > 0 {
		return s.renderUsers(w, r, p, l, http.StatusUnprocessableEntity, form, errs, "")
	}
	hash, err := access.HashPassword(pw, s.cfg.Password)
	if err != nil {
		return err
	}
	u := &access.User{Username: form["username"], Name: form["name"], UnitID: unitID, Roles: roles, PasswordHash: hash}
	if err := s.store.CreateUser(r.Context(), p.Actor, u); err != nil {
		if errors.Is(err, store.ErrDuplicate) {
			errs["username"] = "该用户名已被使用，请换一个"
			return s.renderUsers(w, r, p, l, http.StatusConflict, form, errs, "")
		}
		var ue *access.UnitError
		if errors.As(err, &ue) { // a closed unit
			errs["unit_id"] = ue.Msg
			return s.renderUsers(w, r, p, l, http.StatusUnprocessableEntity, form, errs, "")
		}
		return err
	}
	http.Redirect(w, r, adminNoticeURL("added", u.ID), http.StatusSeeOther)
	return nil
}

// subtreeUser loads a user of the path and checks it is in the admin's subtree.
func (s *Server) subtreeUser(r *http.Request, p *Principal, l *lookup) (*access.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, errNotFound
	}
	u, err := s.store.UserByID(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if !strings.HasPrefix(l.unitPath(u.UnitID), l.unitPath(p.User.UnitID)) || l.unitPath(u.UnitID) == "" {
		return nil, errNotFound
	}
	return u, nil
}

// adminUserPassword sets a new password and ends the user's sessions.
func (s *Server) adminUserPassword(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.subtreeUser(r, p, l)
	if err != nil {
		return err
	}
	pw := r.PostFormValue("password")
	if err := access.CheckPasswordPolicy(pw, s.cfg.MinPasswordLen); err != nil {
		return s.renderUsers(w, r, p, l, http.StatusUnprocessableEntity, nil,
			map[string]string{"password_" + strconv.FormatInt(u.ID, 10): err.Error()}, "用户 "+u.Username+" 的新密码不符合要求："+err.Error())
	}
	hash, err := access.HashPassword(pw, s.cfg.Password)
	if err != nil {
		return err
	}
	if err := s.store.SetPassword(r.Context(), p.Actor, u.ID, hash); err != nil {
		return err
	}
	if err := s.store.DeleteUserSessions(r.Context(), u.ID); err != nil {
		return err
	}
	http.Redirect(w, r, adminNoticeURL("reset", u.ID), http.StatusSeeOther)
	return nil
}

// adminUserLock locks or unlocks an account. Unlocking also clears the
// temporary failure lockout; locking ends the user's sessions.
func (s *Server) adminUserLock(locked bool) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		p, l, err := s.adminScope(r)
		if err != nil {
			return err
		}
		u, err := s.subtreeUser(r, p, l)
		if err != nil {
			return err
		}
		if u.ID == p.User.ID && locked {
			return &pageError{http.StatusBadRequest, "不能锁定自己的账户。"}
		}
		if err := s.store.SetLocked(r.Context(), p.Actor, u.ID, locked); err != nil {
			return err
		}
		code := "locked"
		if locked {
			if err := s.store.DeleteUserSessions(r.Context(), u.ID); err != nil {
				return err
			}
		} else {
			if err := s.clearLockout(r.Context(), u.Username); err != nil {
				return err
			}
			code = "unlocked"
		}
		http.Redirect(w, r, adminNoticeURL(code, u.ID), http.StatusSeeOther)
		return nil
	}
}

func validUsername(s string) bool {
	if len(s) < 3 || len(s) > 32 {
		return false
	}
	for _, c := range s {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.') {
			return false
		}
	}
	return true
}
