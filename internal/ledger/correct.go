package ledger

import (
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/access"
)

// Correction (更正) changes values already recorded: the fields of a step
// already taken (Event), or the form fields (Event "") once the form is
// closed. The original values stay in the history; a reason is required.
// References and attachments are not corrected this way (they are links,
// not typed values), nor derived values such as register numbers.
type Correction struct {
	Event  string
	Input  Values
	Reason string
}

// MaxReasonLen bounds a correction's reason, in runes.
const MaxReasonLen = 500

// CorrectRoles are the roles that may correct a record of k: the kind's
// declared CorrectRoles, or its edit roles and the head.
func (k *Kind) CorrectRoles() []access.Role {
	if len(k.CorrectionRoles) > 0 {
		return k.CorrectionRoles
	}
	return append(slices.Clone(k.EditRoles), access.RoleHead)
}

// CorrectableFields are the fields a correction of event may change.
func (k *Kind) CorrectableFields(event string) []*Field {
	var out []*Field
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Type == TypeReference || f.Type == TypeFile || f.Derived() {
			continue // links, files and engine-made values (register numbers) are not retyped
		}
		if f.Step == event {
			out = append(out, f)
		}
	}
	return out
}

// Taken reports whether the step event has been recorded on r (one of its
// fields holds a value).
func (k *Kind) Taken(r *Record, event string) bool {
	for _, f := range k.CorrectableFields(event) {
		if r.Data[f.Name] != "" {
			return true
		}
	}
	return false
}

// Correct checks correction c of g.Record and returns the outcome: the
// state is unchanged, the corrected values are validated like the original
// entry (types, date range, required, checks), the corrected step's own
// rules are applied again (minimum periods and guard, g.Event being the
// corrected step), and every clock follows its corrected start, end or
// number of days. It does not mutate g.Record.
func (k *Kind) Correct(g *GuardContext, roles []access.Role, c Correction) (*Outcome, error) {
	if g == nil || g.Record == nil {
		return nil, fmt.Errorf("ledger.Correct: no record")
	}
	if !hasRole(roles, k.CorrectRoles()) {
		return nil, fmt.Errorf("%w：更正「%s」需要以下角色之一：%s", ErrRole, k.Label, roleLabels(k.CorrectRoles()))
	}
	errs := FieldErrors{}
	reason := strings.TrimSpace(c.Reason)
	switch {
	case reason == "":
		errs["reason"] = "请填写「更正理由」：说明原记录哪里有误、依据什么更正"
	case utf8.RuneCountInString(reason) > MaxReasonLen:
		errs["reason"] = fmt.Sprintf("「更正理由」不能超过%d个字，请精简", MaxReasonLen)
	}
	var t *Transition
	if c.Event != "" {
		if t = k.Transition(c.Event); t == nil {
			return nil, fmt.Errorf("%w：「%s」没有名为 %q 的操作", ErrNoTransition, k.Label, c.Event)
		}
		if !k.Taken(g.Record, c.Event) {
			return nil, &RuleError{Reason: fmt.Sprintf("「%s」尚未办理，没有可更正的内容；请直接办理该步骤", t.Label)}
		}
	}
	data := maps.Clone(g.Record.Data)
	if data == nil {
		data = Values{}
	}
	fields := k.CorrectableFields(c.Event)
	changed := false
	for _, f := range fields {
		raw, ok := c.Input[f.Name]
		if !ok {
			continue
		}
		k.setField(f, raw, data, errs, g.Today)
		if _, bad := errs[f.Name]; !bad && f.Required && data[f.Name] == "" {
			errs[f.Name] = f.requiredMessage() + "；更正时不能清空"
		}
		changed = changed || data[f.Name] != g.Record.Data[f.Name]
	}
	for n := range c.Input {
		if !slices.ContainsFunc(fields, func(f *Field) bool { return f.Name == n }) && k.Field(n) != nil {
			errs[n] = "「" + k.Field(n).Label + "」不在本次更正的范围内；关联记录和附件请在记录页修改"
		}
	}
	rec := *g.Record
	rec.Data = data
	for _, f := range fields {
		k.runCheck(f, &rec, errs)
	}
	k.refuseDerived(c.Input, errs)
	k.ComputeIn(&rec, g.Settings)
	if len(errs) == 0 && !changed {
		errs[""] = "没有更正任何内容：请修改需要更正的项目"
	}
	if len(errs) > 0 {
		return nil, errs
	}
	if c.Event == "" && k.Validate != nil {
		if ve := k.Validate(&rec); len(ve) > 0 {
			return nil, ve
		}
	}
	clocks, err := k.correctClocks(&rec, g.Clocks, g.Calendar)
	if err != nil {
		return nil, err
	}
	if t != nil {
		gc := *g
		gc.Kind, gc.Record, gc.Event, gc.Clocks = k, &rec, c.Event, clocks
		gc.Input = Values{}
		for _, f := range fields {
			if v := data[f.Name]; v != "" {
				gc.Input[f.Name] = v
			}
		}
		for i := range k.Periods {
			p := &k.Periods[i]
			if p.Type == Minimum && slices.Contains(p.Guards, t.Event) && p.applies(&rec) {
				if err := k.checkMinimum(&gc, p); err != nil {
					return nil, err
				}
			}
		}
		if t.Guard != nil {
			if err := t.Guard(&gc); err != nil {
				return nil, err
			}
		}
	}
	return &Outcome{From: rec.State, To: rec.State, Data: data, Clocks: clocks}, nil
}

// correctClocks brings every clock in line with corrected data: a start
// date, an end or stop date and a number of days that were corrected are
// followed (adjustments kept), and the due date computed again.
func (k *Kind) correctClocks(r *Record, clocks []Clock, cal Calendar) ([]Clock, error) {
	out := slices.Clone(clocks)
	for i := range out {
		c := &out[i]
		p := k.period(c.Period)
		if p == nil {
			continue
		}
		moved := false
		if d, ok := r.Data.Date(p.StartField); ok && p.StartField != "" && d != c.Start {
			c.Start, moved = d, true
		}
		// The days follow a corrected DaysField; otherwise the clock keeps
		// the days (or setting value) it was started with.
		if n, err := strconv.Atoi(r.Data[p.DaysField]); p.DaysField != "" && err == nil && n >= 0 && n != c.Days {
			c.Days, moved = n, true
		}
		if c.Status == ClockStopped {
			end := p.StopField
			if p.Type == Minimum {
				end = p.EndField
			}
			for _, ev := range p.StopEvents {
				if end == "" && k.Taken(r, ev) {
					end = k.stepDate(ev)
				}
			}
			if d, ok := r.Data.Date(end); ok && end != "" && d != c.StoppedOn && !d.Before(c.Start) {
				c.StoppedOn, moved = d, true
			}
		}
		if !moved {
			continue
		}
		if err := settleOrPend(c, cal); err != nil {
			return nil, fmt.Errorf("计算「%s」的期限：%w", p.Label, err)
		}
	}
	return out, nil
}
