package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

const msgConflict = "记录已被他人修改：您填写的内容仍在下方，请核对最新记录后重新提交。"

// recordNew shows the empty create form.
func (s *Server) recordNew(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	// A form opened from another record arrives prefilled (the review of a
	// decision names the decision); values are checked when submitted.
	vals, unit := ledger.Values{}, strconv.FormatInt(p.User.UnitID, 10)
	q := r.URL.Query()
	for _, f := range editFields(k) {
		if v := q.Get(f.Name); v != "" {
			vals[f.Name] = v
		}
	}
	if u := q.Get("unit_id"); u != "" {
		unit = u
	}
	return s.renderForm(w, r, p, k, nil, vals, unit, nil, "", http.StatusOK)
}

// recordCreate saves a new record, or re-renders the form with the values
// typed and a message beside each wrong field.
func (s *Server) recordCreate(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	in := formInput(r, editFields(k))
	unit := r.PostFormValue("unit_id")
	unitID, perr := strconv.ParseInt(unit, 10, 64)
	if perr != nil || unitID <= 0 {
		return s.renderForm(w, r, p, k, nil, in, unit, ledger.FieldErrors{"unit_id": "请选择记录所属单位"}, "", http.StatusUnprocessableEntity)
	}
	rec, err := s.store.CreateRecord(r.Context(), p.Actor, k, unitID, in)
	if err != nil {
		var fe ledger.FieldErrors
		switch {
		case errors.As(err, &fe):
			return s.renderForm(w, r, p, k, nil, in, unit, fe, "", statusFor(err))
		case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrForbidden), errors.Is(err, ledger.ErrRole):
			// The unit chosen is outside what the caller may create in.
			return s.renderForm(w, r, p, k, nil, in, unit, ledger.FieldErrors{"unit_id": "您无权在该单位登记此类台账，请选择本单位"}, "", http.StatusForbidden)
		}
		return err
	}
	http.Redirect(w, r, recordURL(k.Name, rec.ID), http.StatusSeeOther)
	return nil
}

// recordEdit shows the edit form of a record.
func (s *Server) recordEdit(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	if refused, err := s.editRefusal(w, r, p, k, rec); refused {
		return err
	}
	return s.renderForm(w, r, p, k, rec, rec.Data, strconv.FormatInt(rec.UnitID, 10), nil, "", http.StatusOK)
}

// recordUpdate saves the edit form. A stale version re-renders the form
// with the user's values and the conflict message.
func (s *Server) recordUpdate(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	if refused, err := s.editRefusal(w, r, p, k, rec); refused {
		return err
	}
	in := formInput(r, editFields(k))
	version, verr := strconv.Atoi(r.PostFormValue("version"))
	if verr != nil {
		return &pageError{http.StatusBadRequest, "表单缺少版本号：请从记录页重新进入编辑。"}
	}
	unit := strconv.FormatInt(rec.UnitID, 10)
	_, err = s.store.UpdateRecord(r.Context(), p.Actor, k, rec.ID, version, in)
	if err != nil {
		var fe ledger.FieldErrors
		switch {
		case errors.As(err, &fe):
			rec.Version = version // the form stays based on what the user saw
			return s.renderForm(w, r, p, k, rec, in, unit, fe, "", statusFor(err))
		case errors.Is(err, store.ErrConflict):
			// rec is the current record: submitting the form again, after
			// checking, deliberately replaces the other change.
			return s.renderForm(w, r, p, k, rec, in, unit, nil, msgConflict, http.StatusConflict)
		}
		return err
	}
	http.Redirect(w, r, doneURL(k.Name, rec.ID, "updated"), http.StatusSeeOther)
	return nil
}

// editRefusal answers an edit the reader may not make in the record page's
// own layout, saying why: the record's state (final, or past editing) or
// the roles that may edit. It returns false when the edit is allowed.
func (s *Server) editRefusal(w http.ResponseWriter, r *http.Request, p *Principal, k *ledger.Kind, rec *ledger.Record) (bool, error) {
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return true, err
	}
	if s.canEdit(l, k, rec) {
		return false, nil
	}
	status, msg := http.StatusForbidden, "修改"+k.Label+"须由"+ledger.RolesLabel(k.EditRoles)+"办理，您在本单位的角色不能修改本记录。"
	if st := k.State(rec.State); st != nil && !st.Editable {
		status = http.StatusConflict
		msg = "记录处于「" + st.Label + "」状态，表单内容不能再修改"
		if st.Final {
			msg = "记录处于最终状态「" + st.Label + "」，已经办结，不能再修改"
		}
		if hasAnyRole(l.rolesIn(rec.UnitID), k.CorrectRoles()) {
			msg += "；所填日期或内容有误的，请在下方「更正」中说明理由后更正"
		}
		msg += "。"
	}
	page, err := s.recordPage(r, p, k, rec, &failedStep{msg: msg})
	if err != nil {
		return true, err
	}
	s.render(w, r, status, "record.html", page)
	return true, nil
}

// renderForm renders the create (rec nil) or edit form.
func (s *Server) renderForm(w http.ResponseWriter, r *http.Request, p *Principal, k *ledger.Kind, rec *ledger.Record,
	vals ledger.Values, unit string, fe ledger.FieldErrors, msg string, status int) error {
	ctx := r.Context()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	fields := editFields(k)
	page := &FormPage{Base: s.base(r, "登记"+k.Label), Kind: k, UnitID: unit, Error: msg}
	if rec == nil {
		units := createUnits(l, k)
		if len(units) == 0 {
			return errForbidden
		}
		if !slices.ContainsFunc(units, func(u0 access.Unit) bool { return strconv.FormatInt(u0.ID, 10) == unit }) && status == http.StatusOK {
			unit = strconv.FormatInt(units[0].ID, 10)
			page.UnitID = unit
		}
		page.Units = unitOptions(units, unit, "")
		page.Action, page.Cancel = "/l/"+k.Name, "/l/"+k.Name
	} else {
		if !s.canEdit(l, k, rec) {
			return errForbidden
		}
		page.Title = "编辑" + k.Label
		page.Editing, page.Version = true, rec.Version
		page.Action, page.Cancel = recordURL(k.Name, rec.ID), recordURL(k.Name, rec.ID)
	}
	var self int64
	if rec != nil {
		self = rec.ID
	}
	if page.Fields, err = s.formFields(ctx, l, fields, vals, fe, self); err != nil {
		return err
	}
	if m := otherErrors(fe, append(fields, ledger.Field{Name: "unit_id"})); m != "" {
		page.Error = m
	}
	if fe != nil && fe["unit_id"] != "" {
		page.Error = joinMsg(page.Error, fe["unit_id"])
	}
	if fe != nil && page.Error == "" {
		page.Error = "输入有误：请按各项下方的提示修改后重新提交。"
	}
	s.render(w, r, status, "form.html", page)
	return nil
}

// canEdit reports whether the actor may edit rec's form fields now.
func (s *Server) canEdit(l *lookup, k *ledger.Kind, rec *ledger.Record) bool {
	st := k.State(rec.State)
	return st != nil && st.Editable && hasAnyRole(l.rolesIn(rec.UnitID), k.EditRoles)
}

func joinMsg(a, b string) string {
	if a == "" {
		return b
	}
	return fmt.Sprintf("%s；%s", a, b)
}
