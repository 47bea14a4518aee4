package web

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// adminUserEdit shows a user of the admin's subtree: name, unit, roles
// and grants.
func (s *Server) adminUserEdit(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.subtreeUser(r, p, l)
	if err != nil {
		return err
	}
	form := map[string]string{"name": u.Name, "unit_id": strconv.FormatInt(u.UnitID, 10), "roles": joinRoleValues(u.Roles)}
	return s.renderUserEdit(w, r, l, u, http.StatusOK, form, nil, flash(r))
}

func joinRoleValues(rs []access.Role) string {
	var out []string
	for _, r := range rs {
		out = append(out, string(r))
	}
	return strings.Join(out, ",")
}

func roleOptions(selected string) []Option {
	var out []Option
	for _, ro := range access.AllRoles {
		out = append(out, Option{Value: string(ro), Label: ro.Label(), Selected: strings.Contains(","+selected+",", ","+string(ro)+",")})
	}
	return out
}

func (s *Server) renderUserEdit(w http.ResponseWriter, r *http.Request, l *lookup, u *access.User, status int, form, errs map[string]string, msg string) error {
	page := &UserEditPage{Base: s.base(r, "编辑用户 "+u.Username), UserID: u.ID, Username: u.Username,
		Form: form, Errors: errs, Message: msg}
	admin := l.administered()
	page.Units = unitOptions(admin, form["unit_id"], "")
	page.Roles = roleOptions(form["roles"])
	page.GrantTo = unitOptions(admin, form["grant_unit"], "请选择单位")
	grants, err := s.store.Grants(r.Context(), u.ID)
	if err != nil {
		return err
	}
	byRecord, err := s.store.RecordGrants(r.Context(), u.ID)
	if err != nil {
		return err
	}
	for _, g := range append(grants, byRecord...) {
		var labels []string
		for _, ro := range g.Roles {
			labels = append(labels, ro.Label())
		}
		name := l.unitName(g.UnitID)
		if !l.a.Scope.CanRead(l.unitPath(g.UnitID)) {
			name = "（您管辖范围外的单位）"
		}
		row := GrantRow{UnitID: g.UnitID, Unit: name, Roles: strings.Join(labels, "、"), CanRemove: l.administers(g.UnitID)}
		if g.Record != 0 {
			row.CanRemove = false
			if k := s.kinds.Kind(g.RecordKind); k != nil {
				row.By, row.ByURL = k.Label+"第"+strconv.FormatInt(g.Record, 10)+"号", recordURL(k.Name, g.Record)
			}
		}
		page.Grants = append(page.Grants, row)
	}
	s.render(w, r, status, "user_edit.html", page)
	return nil
}

// formRoles reads the checked roles; msg is set when none or an unknown one.
func formRoles(values []string) ([]access.Role, string) {
	var roles []access.Role
	for _, v := range values {
		ro := access.Role(v)
		if !ro.Valid() {
			return nil, "角色无效，请从列表中选择"
		}
		if !slices.Contains(roles, ro) {
			roles = append(roles, ro)
		}
	}
	if len(roles) == 0 {
		return nil, "请至少选择一个角色"
	}
	return roles, ""
}

// adminUserUpdate changes a user's name, unit and roles.
func (s *Server) adminUserUpdate(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.subtreeUser(r, p, l)
	if err != nil {
		return err
	}
	form := map[string]string{"name": strings.TrimSpace(r.PostFormValue("name")), "unit_id": r.PostFormValue("unit_id"),
		"roles": strings.Join(r.PostForm["roles"], ",")}
	errs := map[string]string{}
	if u.ID == p.User.ID {
		errs["roles"] = "不能修改自己的单位和角色：请由其他管理员办理"
	}
	if n := len([]rune(form["name"])); n == 0 || n > 32 {
		errs["name"] = "请填写姓名（不超过 32 个字）"
	}
	unitID, perr := strconv.ParseInt(form["unit_id"], 10, 64)
	if perr != nil || !l.administers(unitID) || (l.units[unitID].Closed && unitID != u.UnitID) {
		errs["unit_id"] = "请选择您管辖范围内、未撤销的单位"
	}
	roles, msg := formRoles(r.PostForm["roles"])
	if msg != "" {
		errs["roles"] = msg
	}
	if len(errs) > 0 {
		return s.renderUserEdit(w, r, l, u, http.StatusUnprocessableEntity, form, errs, "")
	}
	if err := s.store.UpdateUser(r.Context(), p.Actor, u.ID, form["name"], unitID, roles); err != nil {
		var ue *access.UnitError
		if errors.As(err, &ue) {
			errs["unit_id"] = ue.Msg
			return s.renderUserEdit(w, r, l, u, http.StatusUnprocessableEntity, form, errs, "")
		}
		return err
	}
	http.Redirect(w, r, flashURL(r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "已保存"), http.StatusSeeOther)
	return nil
}

// adminUserGrant adds (or replaces) a grant of the user in a unit the
// admin administers.
func (s *Server) adminUserGrant(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.subtreeUser(r, p, l)
	if err != nil {
		return err
	}
	form := map[string]string{"name": u.Name, "unit_id": strconv.FormatInt(u.UnitID, 10), "roles": joinRoleValues(u.Roles),
		"grant_unit": r.PostFormValue("grant_unit"), "grant_roles": strings.Join(r.PostForm["grant_roles"], ",")}
	errs := map[string]string{}
	if u.ID == p.User.ID {
		errs["grant_unit"] = "不能给自己授权：请由其他管理员办理"
	}
	unitID, perr := strconv.ParseInt(form["grant_unit"], 10, 64)
	if perr != nil || !l.administers(unitID) || l.units[unitID].Closed {
		errs["grant_unit"] = "请选择您管辖范围内、未撤销的单位"
	}
	roles, msg := formRoles(r.PostForm["grant_roles"])
	if msg != "" {
		errs["grant_roles"] = msg
	}
	if len(errs) > 0 {
		return s.renderUserEdit(w, r, l, u, http.StatusUnprocessableEntity, form, errs, "")
	}
	if err := s.store.AddGrant(r.Context(), p.Actor, access.Grant{UserID: u.ID, UnitID: unitID, Roles: roles}); err != nil {
		var ue *access.UnitError
		if errors.As(err, &ue) {
			errs["grant_unit"] = ue.Msg
			return s.renderUserEdit(w, r, l, u, http.StatusUnprocessableEntity, form, errs, "")
		}
		return err
	}
	http.Redirect(w, r, flashURL(r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "已授权 "+l.unitName(unitID)), http.StatusSeeOther)
	return nil
}

// adminUserGrantRemove ends the user's grant in a unit.
func (s *Server) adminUserGrantRemove(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.subtreeUser(r, p, l)
	if err != nil {
		return err
	}
	unitID, err := strconv.ParseInt(r.PathValue("unit"), 10, 64)
	if err != nil || !l.a.Scope.CanRead(l.unitPath(unitID)) {
		return errNotFound
	}
	if err := s.store.RemoveGrant(r.Context(), p.Actor, u.ID, unitID); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return errNotFound
		}
		return err
	}
	http.Redirect(w, r, flashURL(r, "/admin/users/"+strconv.FormatInt(u.ID, 10), "已取消在 "+l.unitName(unitID)+" 的授权"), http.StatusSeeOther)
	return nil
}
