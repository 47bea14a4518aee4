package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/store"
	"fazhi/internal/unitsheet"
)

// adminUnits shows the unit tree the admin administers.
func (s *Server) adminUnits(w http.ResponseWriter, r *http.Request) error {
	_, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	return s.renderUnits(w, r, l, http.StatusOK, &UnitsPage{Message: flash(r)})
}

// renderUnits fills page with the tree and the pickers and renders it.
func (s *Server) renderUnits(w http.ResponseWriter, r *http.Request, l *lookup, status int, page *UnitsPage) error {
	page.Base = s.base(r, "单位管理")
	if page.Form == nil {
		page.Form = map[string]string{}
	}
	admin := l.administered()
	for _, u := range l.order {
		if !l.administers(u.ID) {
			continue
		}
		row := UnitRow{ID: u.ID, Indent: indent(u), Name: u.Name, Level: u.Level.Label(), CreditCode: u.CreditCode,
			Closed: u.Closed, CanChange: !u.Closed, CanMove: !u.Closed && u.ParentID != 0 && l.administers(u.ParentID)}
		if row.CanMove {
			for _, p := range admin {
				if access.CheckMove(&u, &p) == nil {
					row.MoveTo = append(row.MoveTo, Option{Value: strconv.FormatInt(p.ID, 10), Label: indent(p) + p.Name})
				}
			}
		}
		page.Units = append(page.Units, row)
	}
	page.Parents = unitOptions(admin, page.Form["parent_id"], "请选择上级单位")
	for _, lv := range access.AllLevels {
		page.Levels = append(page.Levels, Option{Value: string(lv), Label: lv.Label(), Selected: page.Form["level"] == string(lv)})
	}
	s.render(w, r, status, "units.html", page)
	return nil
}

// unitOf reads the {id} of the path as a unit the admin may see.
func (s *Server) unitOf(r *http.Request, l *lookup) (access.Unit, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return access.Unit{}, errNotFound
	}
	u, ok := l.units[id]
	if !ok || !l.a.Scope.CanRead(u.Path) {
		return access.Unit{}, errNotFound
	}
	return u, nil
}

// unitRefused re-renders the tree with a refused change's reason, or
// returns err when it is not a rule of the tree.
func (s *Server) unitRefused(w http.ResponseWriter, r *http.Request, l *lookup, err error) error {
	var ue *access.UnitError
	if !errors.As(err, &ue) {
		return err
	}
	return s.renderUnits(w, r, l, http.StatusUnprocessableEntity, &UnitsPage{Error: ue.Msg})
}

func unitsRedirect(w http.ResponseWriter, r *http.Request, msg string) {
	http.Redirect(w, r, flashURL(r, "/admin/units", msg), http.StatusSeeOther)
}

// adminUnitCreate adds a unit under one the admin administers.
func (s *Server) adminUnitCreate(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	form := map[string]string{
		"parent_id":   r.PostFormValue("parent_id"),
		"level":       r.PostFormValue("level"),
		"name":        strings.TrimSpace(r.PostFormValue("name")),
		"credit_code": strings.TrimSpace(r.PostFormValue("credit_code")),
	}
	errs := map[string]string{}
	parentID, perr := strconv.ParseInt(form["parent_id"], 10, 64)
	if perr != nil || !l.administers(parentID) || l.units[parentID].Closed {
		errs["parent_id"] = "请选择您管辖范围内、未撤销的上级单位"
	}
	level, lerr := access.ParseLevel(form["level"])
	if lerr != nil {
		errs["level"] = "请选择层级：县/区、乡镇/街道、村/社区 或 部门/科室"
	}
	if _, err := access.CleanUnitName(form["name"]); err != nil {
		errs["name"] = err.Error()
	}
	if _, err := access.CleanCreditCode(form["credit_code"]); err != nil {
		errs["credit_code"] = err.Error()
	}
	if len(errs) == 0 {
		u := &access.Unit{ParentID: parentID, Name: form["name"], Level: level, CreditCode: form["credit_code"]}
		err := s.store.CreateUnit(r.Context(), p.Actor, u)
		if err == nil {
			unitsRedirect(w, r, "已新建单位 "+u.Name)
			return nil
		}
		var ue *access.UnitError
		if !errors.As(err, &ue) {
			return err
		}
		field := map[string]string{"parent": "parent_id", "level": "level", "name": "name", "credit_code": "credit_code"}[ue.Field]
		if field == "" {
			field = "name"
		}
		errs[field] = ue.Msg
	}
	return s.renderUnits(w, r, l, http.StatusUnprocessableEntity, &UnitsPage{Form: form, Errors: errs})
}

// adminUnitRename changes a unit's name and credit code.
func (s *Server) adminUnitRename(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.unitOf(r, l)
	if err != nil {
		return err
	}
	name := r.PostFormValue("name")
	code := r.PostFormValue("credit_code")
	if err := s.store.RenameUnit(r.Context(), p.Actor, u.ID, name, &code); err != nil {
		return s.unitRefused(w, r, l, err)
	}
	unitsRedirect(w, r, "已将 "+u.Name+" 改为 "+strings.TrimSpace(name))
	return nil
}

// adminUnitMove puts a unit (and its subtree) under another parent.
func (s *Server) adminUnitMove(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.unitOf(r, l)
	if err != nil {
		return err
	}
	parentID, perr := strconv.ParseInt(r.PostFormValue("parent_id"), 10, 64)
	if perr != nil || l.units[parentID].ID == 0 {
		return s.renderUnits(w, r, l, http.StatusUnprocessableEntity, &UnitsPage{Error: "请为「" + u.Name + "」选择新的上级单位"})
	}
	if err := s.store.MoveUnit(r.Context(), p.Actor, u.ID, parentID); err != nil {
		return s.unitRefused(w, r, l, err)
	}
	unitsRedirect(w, r, "已将 "+u.Name+" 及其下级移到 "+l.units[parentID].Name+" 之下")
	return nil
}

// adminUnitClose closes a unit: kept, read-only, out of every picker.
func (s *Server) adminUnitClose(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	u, err := s.unitOf(r, l)
	if err != nil {
		return err
	}
	if err := s.store.CloseUnit(r.Context(), p.Actor, u.ID); err != nil {
		return s.unitRefused(w, r, l, err)
	}
	unitsRedirect(w, r, "已撤销 "+u.Name+"：其记录保留、只读")
	return nil
}

// adminUnitTemplate downloads the import sheet to fill in.
func (s *Server) adminUnitTemplate(w http.ResponseWriter, r *http.Request) error {
	if _, _, err := s.adminScope(r); err != nil {
		return err
	}
	b, err := unitsheet.Template()
	if err != nil {
		return fmt.Errorf("web.adminUnitTemplate: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="units.xlsx"; filename*=UTF-8''`+url.PathEscape("单位导入模板.xlsx"))
	_, err = w.Write(b)
	return err
}

// adminUnitImport checks an uploaded sheet row by row and imports it whole
// or not at all.
func (s *Server) adminUnitImport(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	refuse := func(status int, msg string) error {
		return s.renderUnits(w, r, l, status, &UnitsPage{Error: msg})
	}
	// The request body is already capped (and the form parsed for the
	// CSRF check) by the auth middleware; the sheet's own limit is below.
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件过大：单位表不得超过 %s，请分批导入。", byteSize(unitsheet.MaxBytes)))
		}
		return refuse(http.StatusBadRequest, "没有收到文件：请选择填好的 .xlsx 单位表。")
	}
	defer r.MultipartForm.RemoveAll()
	file, hdr, err := r.FormFile("file")
	if err != nil {
		return refuse(http.StatusBadRequest, "没有收到文件：请选择填好的 .xlsx 单位表。")
	}
	defer file.Close()
	if hdr.Size > unitsheet.MaxBytes {
		return refuse(http.StatusRequestEntityTooLarge, fmt.Sprintf("文件过大：单位表不得超过 %s，请分批导入。", byteSize(unitsheet.MaxBytes)))
	}
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(file); err != nil {
		return err
	}
	rows, err := unitsheet.Read(&buf)
	var ie access.ImportErrors
	if errors.As(err, &ie) {
		return s.renderUnits(w, r, l, http.StatusUnprocessableEntity, &UnitsPage{Import: ie})
	}
	if err != nil {
		return err
	}
	// Rows name parents among the units this admin administers only, so
	// a sheet neither reaches nor reveals units outside their subtree.
	var mine []access.Unit
	for _, u := range l.order {
		if l.administers(u.ID) {
			mine = append(mine, u)
		}
	}
	var roots access.ImportErrors
	for _, row := range rows {
		if strings.TrimSpace(row.Parent) == "" {
			roots = append(roots, access.RowError{Row: row.Row, Column: access.ColParent,
				Reason: "上级单位不能留空：最上级单位只能在空库时用命令行 fazhi unit add 建立，请填写您管理的上级单位"})
		}
	}
	plan, ie := access.PlanImport(mine, rows)
	if roots != nil {
		ie = append(ie, roots...)
		slices.SortStableFunc(ie, func(a, b access.RowError) int { return a.Row - b.Row })
	}
	if ie == nil {
		err = s.store.ImportUnits(r.Context(), p.Actor, plan)
		switch {
		case errors.As(err, &ie): // refused inside the transaction (a name taken meanwhile)
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrForbidden):
			return errForbidden
		case err != nil:
			return err
		}
	}
	if ie != nil {
		return s.renderUnits(w, r, l, http.StatusUnprocessableEntity, &UnitsPage{Import: ie})
	}
	unitsRedirect(w, r, fmt.Sprintf("已导入 %d 个单位", len(plan)))
	return nil
}
