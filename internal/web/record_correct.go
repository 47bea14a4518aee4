package web

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// correctionForms are the 更正 forms a user may use on rec: the form fields
// once the form is closed, and each step already taken.
func (s *Server) correctionForms(ctx context.Context, l *lookup, k *ledger.Kind, rec *ledger.Record, f *failedStep) ([]CorrectionForm, error) {
	if !hasAnyRole(l.rolesIn(rec.UnitID), k.CorrectRoles()) {
		return nil, nil
	}
	var out []CorrectionForm
	add := func(event, label string) error {
		var fields []ledger.Field
		for _, fd := range k.CorrectableFields(event) {
			if fd.Type != ledger.TypePersonal { // personal data is corrected by those who may see it, on the API
				fields = append(fields, *fd)
			}
		}
		if len(fields) == 0 {
			return nil
		}
		vals, fe := rec.Data, ledger.FieldErrors(nil)
		cf := CorrectionForm{Event: event, Label: label}
		if f.correct && f.event == event {
			vals, fe, cf.Reason, cf.Open = f.input, f.errs, f.reason, true
			cf.ReasonError = fe["reason"]
		}
		var err error
		if cf.Fields, err = s.formFields(ctx, l, fields, vals, fe, rec.ID); err != nil {
			return err
		}
		out = append(out, cf)
		return nil
	}
	if st := k.State(rec.State); st != nil && !st.Editable {
		if err := add("", "基本信息"); err != nil {
			return nil, err
		}
	}
	for _, t := range k.Workflow.Transitions {
		if k.Taken(rec, t.Event) {
			if err := add(t.Event, t.Label); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// recordCorrect applies a 更正 form. Wrong values or a refusal re-render the
// record page with the correction form open and what was typed kept.
func (s *Server) recordCorrect(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	event := r.PostFormValue("event")
	if event != "" && k.Transition(event) == nil {
		return errNotFound
	}
	var fields []ledger.Field
	for _, fd := range k.CorrectableFields(event) {
		fields = append(fields, *fd)
	}
	in := formInput(r, fields)
	for n, v := range in {
		if v == rec.Data[n] {
			delete(in, n) // unchanged: not part of the correction
		}
	}
	version, verr := strconv.Atoi(r.PostFormValue("version"))
	if verr != nil {
		return &pageError{http.StatusBadRequest, "表单缺少版本号：请刷新记录页后重新更正。"}
	}
	reason := strings.TrimSpace(r.PostFormValue("reason"))
	_, err = s.store.CorrectRecord(r.Context(), p.Actor, k, rec.ID, version, ledger.Correction{Event: event, Input: in, Reason: reason})
	if err == nil {
		http.Redirect(w, r, doneURL(k.Name, rec.ID, "corrected")+"#timeline", http.StatusSeeOther)
		return nil
	}
	typed := ledger.Values{}
	for n, v := range rec.Data {
		typed[n] = v
	}
	for n, v := range in {
		typed[n] = v
	}
	f := &failedStep{correct: true, event: event, input: typed, reason: reason}
	status := statusFor(err)
	var fe ledger.FieldErrors
	var re *ledger.RuleError
	switch {
	case errors.As(err, &fe):
		f.errs = fe
		f.msg = otherErrors(fe, append(fields, ledger.Field{Name: "reason"}))
	case errors.As(err, &re):
		f.rule = re
	case errors.Is(err, store.ErrConflict):
		f.msg = msgConflict
	default:
		return err
	}
	page, perr := s.recordPage(r, p, k, rec, f)
	if perr != nil {
		return perr
	}
	s.render(w, r, status, "record.html", page)
	return nil
}
