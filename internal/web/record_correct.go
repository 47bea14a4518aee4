package web

import (
	"cmp"
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
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
	var pending *store.PendingError
	switch {
	case err == nil:
		http.Redirect(w, r, doneURL(k.Name, rec.ID, "corrected")+"#timeline", http.StatusSeeOther)
		return nil
	case errors.As(err, &pending):
		http.Redirect(w, r, recordURL(k.Name, rec.ID)+"#corrections", http.StatusSeeOther)
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

// correctionRequests are the record's correction requests as shown: the
// fields they change, and for the kind's approver the buttons to decide.
func (s *Server) correctionRequests(ctx context.Context, l *lookup, k *ledger.Kind, rec *ledger.Record) ([]CorrectionRequestView, error) {
	if k.CorrectionApprover == "" {
		return nil, nil
	}
	reqs, err := s.store.CorrectionRequests(ctx, l.a, rec.ID)
	if err != nil {
		return nil, err
	}
	decide := hasAnyRole(l.rolesIn(rec.UnitID), []access.Role{k.CorrectionApprover})
	var out []CorrectionRequestView
	for _, q := range reqs {
		v := CorrectionRequestView{ID: q.ID, Label: "基本信息", Reason: q.Reason, By: q.RequestedBy,
			At: q.RequestedAt.In(calendar.China).Format("2006-01-02 15:04"), Pending: q.Status == "pending"}
		if t := k.Transition(q.Event); t != nil {
			v.Label = t.Label
		}
		var changes []string
		for _, f := range k.Fields {
			if nv, ok := q.Input[f.Name]; ok {
				ov, _ := s.display(l, f, rec.Data[f.Name])
				nv, _ = s.display(l, f, nv)
				changes = append(changes, "「"+f.Label+"」"+cmp.Or(ov, "（空）")+" → "+cmp.Or(nv, "（空）"))
			}
		}
		v.Changes = strings.Join(changes, "；")
		v.Status = map[string]string{"pending": "待" + k.CorrectionApprover.Label() + "批准", "approved": "已批准", "rejected": "已驳回"}[q.Status]
		v.CanDecide = v.Pending && decide
		out = append(out, v)
	}
	return out, nil
}

// recordDecideCorrection approves or rejects a correction request.
func (s *Server) recordDecideCorrection(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	req, err := strconv.ParseInt(r.PathValue("req"), 10, 64)
	if err != nil {
		return errNotFound
	}
	var approve bool
	switch r.PathValue("decision") {
	case "approve":
		approve = true
	case "reject":
	default:
		return errNotFound
	}
	_, err = s.store.DecideCorrection(r.Context(), p.Actor, rec.ID, req, approve, r.PostFormValue("note"))
	var re *ledger.RuleError
	var fe ledger.FieldErrors
	if errors.As(err, &re) || errors.As(err, &fe) {
		f := &failedStep{msg: "不能批准该更正申请：" + err.Error()}
		if re != nil {
			f.rule, f.msg = re, ""
		}
		page, perr := s.recordPage(r, p, k, rec, f)
		if perr != nil {
			return perr
		}
		s.render(w, r, statusFor(err), "record.html", page)
		return nil
	}
	if err != nil {
		return err
	}
	http.Redirect(w, r, recordURL(k.Name, rec.ID)+"#corrections", http.StatusSeeOther)
	return nil
}
