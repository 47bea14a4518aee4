package web

import (
	"cmp"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// recordShow is the record page.
func (s *Server) recordShow(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	page, err := s.recordPage(r, p, k, rec, nil)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "record.html", page)
	return nil
}

// failedStep carries a failed transition or clock form back to the page.
type failedStep struct {
	correct bool // the failed form is a correction of event
	reason  string
	event   string
	input   ledger.Values
	errs    ledger.FieldErrors
	rule    *ledger.RuleError
	msg     string
	period  string
	clock   map[string]string
	file    string
}

// recordPage gathers everything the record page shows.
func (s *Server) recordPage(r *http.Request, p *Principal, k *ledger.Kind, rec *ledger.Record, f *failedStep) (*RecordPage, error) {
	ctx := r.Context()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = &failedStep{}
	}
	page := &RecordPage{
		Base: s.base(r, rec.Title+" · "+k.Label), Kind: k, Rec: rec, URL: recordURL(k.Name, rec.ID),
		StateLabel: stateLabel(k, rec.State), Unit: l.unitName(rec.UnitID), CanEdit: s.canEdit(l, k, rec),
		Refusal: f.rule, Error: f.msg, OpenEvent: f.event, FileError: f.file,
		Allowed: uploadTypes(s.cfg.AllowedUploads),
	}
	for _, fd := range k.Fields {
		if fd.Step != "" && rec.Data[fd.Name] == "" {
			continue // a step not yet taken: its fields are in the step's form
		}
		v, url := s.display(l, fd, rec.Data[fd.Name])
		fv := FieldView{Label: fd.Label, Value: v, URL: url, Long: fd.Type == ledger.TypeLongText}
		if fd.Type == ledger.TypeTable && rec.Data[fd.Name] != "" {
			fv.Table, fv.Long = s.tableView(l, fd, rec.Data[fd.Name]), true
		}
		page.Fields = append(page.Fields, fv)
	}
	page.BindLinks = s.bindLinks(l, k, rec)
	if page.Corrections, err = s.correctionForms(ctx, l, k, rec, f); err != nil {
		return nil, err
	}
	if page.Requests, err = s.correctionRequests(ctx, l, k, rec); err != nil {
		return nil, err
	}
	roles := l.rolesIn(rec.UnitID)
	st := k.State(rec.State)
	page.Final = st != nil && st.Final
	next := k.Next(rec.State)
	var rare []TransitionForm
	for _, t := range k.Available(rec, roles) {
		if t.OnDue != "" && len(t.Roles) == 0 {
			continue // taken by the system when its period is past due
		}
		vals := rec.Data
		var fe ledger.FieldErrors
		if t.Event == f.event && !f.correct {
			vals, fe = f.input, f.errs
		}
		tf := TransitionForm{Event: t.Event, Label: t.Label, To: stateLabel(k, t.To),
			Primary: next != nil && next.Event == t.Event, Rare: k.Rank(rec.State, t) == ledger.StepRare}
		if tf.Fields, err = s.formFields(ctx, l, stepFields(k, t), vals, fe, rec.ID); err != nil {
			return nil, err
		}
		switch {
		case tf.Rare:
			rare = append(rare, tf)
		case tf.Primary:
			page.Transitions = append([]TransitionForm{tf}, page.Transitions...)
		default:
			page.Transitions = append(page.Transitions, tf)
		}
	}
	page.Transitions = append(page.Transitions, rare...)
	page.CanUpload = !page.Final && hasAnyRole(roles, uploadRoles(k)) && !l.units[rec.UnitID].Closed
	page.Notice = doneNotice(k, rec, r.URL.Query())
	if f.event != "" && f.errs != nil && !f.correct {
		var fields []ledger.Field
		for _, t := range k.Workflow.Transitions {
			if t.Event == f.event {
				fields = stepFields(k, t)
			}
		}
		page.Error = joinMsg(page.Error, otherErrors(f.errs, fields))
		if page.Error == "" {
			page.Error = "输入有误：请按提示修改后重新提交。"
		}
	}
	clocks, err := s.store.Clocks(ctx, p.Actor, rec.ID)
	if err != nil {
		return nil, fmt.Errorf("web.recordPage: %w", err)
	}
	today := s.today()
	for _, c := range clocks {
		cv := s.clockView(k, c, roles, today, page.Final)
		if f.period == c.Period {
			cv.Error, cv.Values = f.errs, f.clock
		}
		page.Clocks = append(page.Clocks, cv)
	}
	page.Next, page.NextMine = nextStep(k, rec, clocks, roles, today)
	if page.History, err = s.store.History(ctx, p.Actor, rec.ID); err != nil {
		return nil, fmt.Errorf("web.recordPage: %w", err)
	}
	if page.Files, err = s.store.Attachments(ctx, p.Actor, rec.ID); err != nil {
		return nil, fmt.Errorf("web.recordPage: %w", err)
	}
	// A file field shows the names of the files it cites.
	names := map[string]string{}
	for _, f := range page.Files {
		names[f.SHA256] = f.Name
	}
	i := 0
	for _, fd := range k.Fields {
		if fd.Step != "" && rec.Data[fd.Name] == "" {
			continue
		}
		if fd.Type == ledger.TypeFile && rec.Data[fd.Name] != "" {
			var shown []string
			for _, sha := range strings.Split(rec.Data[fd.Name], ",") {
				shown = append(shown, cmp.Or(names[sha], "（附件已不在本记录）"))
			}
			page.Fields[i].Value = strings.Join(shown, "、")
		}
		i++
	}
	links, err := s.store.Links(ctx, p.Actor, rec.ID)
	if err != nil {
		return nil, fmt.Errorf("web.recordPage: %w", err)
	}
	for _, lk := range links {
		other := lk.ToID
		if other == rec.ID {
			other = lk.FromID
		}
		o, err := s.store.Record(ctx, p.Actor, other)
		if err != nil {
			if errors.Is(err, store.ErrNotFound) {
				continue // linked record out of scope: not shown
			}
			return nil, fmt.Errorf("web.recordPage: %w", err)
		}
		label := lk.Role
		if fd := fieldOf(k, lk.Role); fd != nil {
			label = fd.Label
		} else if ok := s.kinds.Kind(o.Kind); ok != nil {
			if fd := fieldOf(ok, lk.Role); fd != nil {
				label = fd.Label + "（被引用）"
			}
		}
		kl := o.Kind
		if ok := s.kinds.Kind(o.Kind); ok != nil {
			kl = ok.Label
		}
		page.Links = append(page.Links, LinkView{Label: label, Title: kl + "：" + o.Title, URL: recordURL(o.Kind, o.ID)})
	}
	// Other records of the same person (a repeat petition), by keyed hash.
	for _, fd := range k.Fields {
		if !fd.SamePerson || rec.Data[fd.Name] == "" {
			continue
		}
		same, err := s.store.SamePerson(ctx, p.Actor, rec.ID, fd.Name)
		if err != nil {
			return nil, fmt.Errorf("web.recordPage: %w", err)
		}
		for _, o := range same {
			page.Links = append(page.Links, LinkView{Label: "同一" + fd.Label, Title: k.Label + "：" + o.Title, URL: recordURL(o.Kind, o.ID)})
		}
	}
	return page, nil
}

func fieldOf(k *ledger.Kind, name string) *ledger.Field {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i]
		}
	}
	return nil
}

func dateText(d calendar.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func clockStatus(c ledger.Clock) string {
	switch c.Status {
	case ledger.ClockRunning:
		return "计时中"
	case ledger.ClockPaused:
		if c.PausedOn.IsZero() {
			return "已暂停"
		}
		return "已暂停（" + dateText(c.PausedOn) + " 起）"
	case ledger.ClockStopped:
		return "已结束"
	}
	return "状态未知"
}

// recordTransition takes a workflow step. A refusal by a rule re-renders the
// record page with the reason and its legal basis; wrong step fields keep
// what was typed.
func (s *Server) recordTransition(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	event := r.PathValue("event")
	var t *ledger.Transition
	for i := range k.Workflow.Transitions {
		if k.Workflow.Transitions[i].Event == event {
			t = &k.Workflow.Transitions[i]
		}
	}
	if t == nil {
		return errNotFound
	}
	in := formInput(r, stepFields(k, *t))
	version, verr := strconv.Atoi(r.PostFormValue("version"))
	if verr != nil {
		return &pageError{http.StatusBadRequest, "表单缺少版本号：请刷新记录页后重新办理。"}
	}
	_, err = s.store.Transition(r.Context(), p.Actor, k, rec.ID, version, event, in)
	if err != nil {
		f := &failedStep{event: event, input: in}
		status := statusFor(err)
		var fe ledger.FieldErrors
		var re *ledger.RuleError
		switch {
		case errors.As(err, &re):
			f.rule = re
		case errors.As(err, &fe):
			f.errs = fe
		case errors.Is(err, store.ErrConflict):
			f.msg = msgConflict
		case errors.Is(err, ledger.ErrNoTransition):
			f.msg = "记录当前所处的状态不能办理“" + t.Label + "”，请查看记录的当前状态。"
		case errors.Is(err, ledger.ErrRole), errors.Is(err, store.ErrForbidden):
			// Said on the record page: who may take the step.
			f.msg = "“" + t.Label + "”须由" + ledger.RolesLabel(t.Roles) + "办理，您在本单位的角色不能办理；如需办理，请联系本单位管理员。"
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
	http.Redirect(w, r, doneURL(k.Name, rec.ID, event), http.StatusSeeOther)
	return nil
}

// clockAdjust pauses, resumes or extends a clock; a reason and its basis
// are required.
func (s *Server) clockAdjust(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k, rec, err := s.recordOf(r, p)
	if err != nil {
		return err
	}
	period := r.PathValue("period")
	known := false
	for _, pd := range k.Periods {
		known = known || pd.Name == period
	}
	if !known {
		return errNotFound
	}
	vals := map[string]string{
		"action": r.PostFormValue("action"), "days": strings.TrimSpace(r.PostFormValue("days")),
		"reason": strings.TrimSpace(r.PostFormValue("reason")), "basis": strings.TrimSpace(r.PostFormValue("basis")),
	}
	adj := ledger.ClockAdjustment{Action: vals["action"], On: s.today(), Reason: vals["reason"], Basis: vals["basis"], By: p.User.ID}
	fe := ledger.FieldErrors{}
	switch adj.Action {
	case "pause", "resume":
	case "extend":
		n, err := strconv.Atoi(vals["days"])
		if err != nil || n <= 0 || n > 3650 {
			fe["days"] = "延长天数须为 1 至 3650 之间的整数，请重新填写"
		}
		adj.Days = n
	default:
		fe["action"] = "请选择暂停、恢复或延长"
	}
	if adj.Reason == "" {
		fe["reason"] = "请填写调整期限的理由"
	}
	if adj.Basis == "" {
		fe["basis"] = "请填写调整期限的依据（如法规条款或批准文件）"
	}
	if len(fe) == 0 {
		err = s.store.AdjustClock(r.Context(), p.Actor, k, rec.ID, period, adj)
		if err == nil {
			http.Redirect(w, r, doneURL(k.Name, rec.ID, "clock")+"#clocks", http.StatusSeeOther)
			return nil
		}
		if !errors.As(err, &fe) {
			var re *ledger.RuleError
			switch {
			case errors.As(err, &re):
				fe = ledger.FieldErrors{"action": re.Error()}
			case errors.Is(err, ledger.ErrRole), errors.Is(err, store.ErrForbidden):
				// Beside the form: who may adjust (the approver of an extension).
				msg := "暂停或恢复期限须由本台账的录入角色或负责人办理"
				if _, why, ok := strings.Cut(err.Error(), "：延长"); ok {
					msg = "延长" + why
				}
				fe = ledger.FieldErrors{"action": msg + "，您在本单位的角色不能调整。"}
			default:
				return err
			}
		}
	}
	status := http.StatusUnprocessableEntity
	if errors.Is(err, store.ErrForbidden) || errors.Is(err, ledger.ErrRole) {
		status = http.StatusForbidden
	}
	page, err := s.recordPage(r, p, k, rec, &failedStep{period: period, errs: fe, clock: vals})
	if err != nil {
		return err
	}
	page.Error = "期限调整未保存：请按提示修改。"
	if status == http.StatusForbidden {
		page.Error = "期限调整未保存：" + fe["action"] // the form is not shown to this reader
	}
	s.render(w, r, status, "record.html", page)
	return nil
}
