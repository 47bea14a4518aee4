package ledger

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/calendar"
)

// StartClocks returns the clocks of a newly created record: periods started
// by a form date field that is set (and that apply to the record). A clock
// whose due date reaches a year the calendar does not know yet is started
// with its due date pending (see Clock.DueUnknown).
func (k *Kind) StartClocks(r *Record, cal Calendar) ([]Clock, error) {
	return k.StartClocksIn(r, cal, nil)
}

// StartClocksIn is StartClocks for a record of a unit whose effective
// settings are set (nil: the defaults).
func (k *Kind) StartClocksIn(r *Record, cal Calendar, set SettingValues) ([]Clock, error) {
	set = k.effective(set)
	var out []Clock
	for i := range k.Periods {
		p := &k.Periods[i]
		if !k.startsOnForm(p) || !p.applies(r) {
			continue
		}
		start, ok := r.Data.Date(p.StartField)
		if !ok {
			continue
		}
		if !p.untilSet(r.Data) || p.off(r.Data, set) {
			continue
		}
		c, err := newClock(p, start, r.Data, set, cal)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// ReconcileClocks brings the clocks of an edited record in line with its
// form data: a running or paused clock started by a form date field follows
// a corrected start date or number of days (keeping its adjustments), is
// started when the field is newly set and dropped when it no longer applies.
// Stopped clocks are history and stay as they are. A due date left pending
// for want of a calendar year is filled in when the calendar now knows it.
func (k *Kind) ReconcileClocks(r *Record, clocks []Clock, cal Calendar) ([]Clock, error) {
	return k.ReconcileClocksIn(r, clocks, cal, nil)
}

// ReconcileClocksIn is ReconcileClocks for a record of a unit whose
// effective settings are set. A clock whose days came from a setting keeps
// the value it was computed with, even if the setting has changed since.
func (k *Kind) ReconcileClocksIn(r *Record, clocks []Clock, cal Calendar, set SettingValues) ([]Clock, error) {
	set = k.effective(set)
	out := slices.Clone(clocks)
	for i := range k.Periods {
		p := &k.Periods[i]
		if !k.startsOnForm(p) {
			continue
		}
		idx := slices.IndexFunc(out, func(c Clock) bool { return c.Period == p.Name })
		if idx >= 0 && out[idx].Status == ClockStopped {
			continue
		}
		start, ok := r.Data.Date(p.StartField)
		if !ok || !p.applies(r) || !p.untilSet(r.Data) || p.off(r.Data, set) {
			if idx >= 0 {
				out = slices.Delete(out, idx, idx+1)
			}
			continue
		}
		fresh, err := newClock(p, start, r.Data, set, cal)
		if err != nil {
			return nil, err
		}
		if idx < 0 {
			out = append(out, fresh)
			continue
		}
		c := out[idx]
		if c.Setting != "" && fresh.Setting != "" {
			fresh.Days, fresh.Months = c.Days, c.Months // the values the clock was computed with
		}
		if c.Start == fresh.Start && c.Days == fresh.Days && c.Until == fresh.Until && !c.DueUnknown() && !c.daysPending() {
			continue
		}
		c.Start, c.Days, c.Until = fresh.Start, fresh.Days, fresh.Until
		if err := settleOrPend(&c, cal); err != nil {
			return nil, fmt.Errorf("计算「%s」的期限：%w", p.Label, err)
		}
		out[idx] = c
	}
	return out, nil
}

func (k *Kind) startsOnForm(p *Period) bool {
	if p.StartField == "" {
		return false
	}
	f := k.Field(p.StartField)
	return f != nil && f.Step == ""
}

// newClock starts period p on start for a record with data; its due date is
// pending when it reaches a year the calendar does not know.
func newClock(p *Period, start calendar.Date, data Values, set SettingValues, cal Calendar) (Clock, error) {
	c := Clock{
		Period:       p.Name,
		Type:         p.Type,
		Counting:     p.Counting,
		Days:         periodDays(p, data, set),
		Start:        start,
		Status:       ClockRunning,
		Months:       p.Months + 12*p.Years,
		RemindDays:   p.RemindDays,
		RemindMonths: p.RemindMonths,
	}
	if p.DaysSetting != "" && (p.DaysField == "" || data[p.DaysField] == "") {
		c.Setting = p.DaysSetting
	}
	if p.MonthsSetting != "" {
		c.Months, c.Setting = p.months(set), p.MonthsSetting
	}
	if p.UntilField != "" {
		c.Until, _ = data.Date(p.UntilField)
	}
	if err := settleOrPend(&c, cal); err != nil {
		return Clock{}, fmt.Errorf("计算「%s」的期限：%w", p.Label, err)
	}
	return c, nil
}

// periodDays is the record's own number from DaysField, else the unit's
// DaysSetting, else Days.
func periodDays(p *Period, data Values, set SettingValues) int {
	if p.DaysField != "" {
		if n, err := strconv.Atoi(data[p.DaysField]); err == nil && n >= 0 {
			return n
		}
	}
	return p.defaultDays(set)
}

// defaultDays is the period's days for a unit: its DaysSetting's effective
// value, else Days.
func (p *Period) defaultDays(set SettingValues) int {
	if p.DaysSetting != "" {
		if n, ok := set.Int(p.DaysSetting); ok && n >= 0 {
			return n
		}
	}
	return p.Days
}

// months is the period's months for a unit: its MonthsSetting's effective
// value, else Months + 12×Years.
func (p *Period) months(set SettingValues) int {
	if p.MonthsSetting != "" {
		if n, ok := set.Int(p.MonthsSetting); ok && n >= 0 {
			return n
		}
	}
	return p.Months + 12*p.Years
}

// off reports whether a period whose days or months come from a setting is
// turned off for the record: the unit's setting (and the record's
// DaysField) is 0.
func (p *Period) off(data Values, set SettingValues) bool {
	return p.DaysSetting != "" && periodDays(p, data, set) == 0 ||
		p.MonthsSetting != "" && p.months(set) == 0 && p.Days == 0
}

// untilSet reports whether a period ending on a date field has that date.
func (p *Period) untilSet(data Values) bool {
	if p.UntilField == "" {
		return true
	}
	_, ok := data.Date(p.UntilField)
	return ok
}

// dueOf computes the due (deadline) or earliest (minimum) date of c from its
// start, its days and the days added by extensions and pauses.
//
// A deadline follows the statutes' counting rules through the calendar (the
// start day is not counted; a last day that is a rest day moves to the next
// working day). A minimum in calendar days is plain day arithmetic: the
// rest-day rule protects a party against losing a deadline and does not
// lengthen a minimum duration that has already passed.
func dueOf(c Clock, cal Calendar) (calendar.Date, error) {
	n := c.Days
	for _, a := range c.Adjustments {
		if a.Action == "extend" || a.Action == "resume" {
			n += a.Days
		}
	}
	start := c.Start
	if !c.Until.IsZero() {
		// A period ending on a date field: that day, plus any extension in
		// plain days (the date is the rule, not a party's deadline).
		return c.Until.AddDays(n - c.Days), nil
	}
	if c.Months > 0 {
		start = start.AddMonths(c.Months)
	}
	if c.Type == Minimum && c.Counting == calendar.CalendarDays {
		return start.AddDays(n), nil
	}
	if n == 0 {
		if c.Months == 0 || c.Type == Minimum {
			return start, nil
		}
		// A deadline in months whose last day is a rest day ends on the
		// next working day, as one in days does.
		if cal == nil {
			return calendar.Date{}, errNoCalendar
		}
		return cal.Add(start.AddDays(-1), 1, calendar.CalendarDays)
	}
	if cal == nil {
		return calendar.Date{}, errNoCalendar
	}
	return cal.Add(start, n, c.Counting)
}

// checkMinimum refuses the guarded transition while minimum period p has
// not passed, unless the record documents a shortening. When the end of the
// period depends on a year the calendar does not know, it cannot be shown
// to have passed, and the transition is refused with that explanation.
func (k *Kind) checkMinimum(g *GuardContext, p *Period) error {
	data := g.Record.Data
	var start calendar.Date
	if i := slices.IndexFunc(g.Clocks, func(c Clock) bool { return c.Period == p.Name }); i >= 0 {
		start = g.Clocks[i].Start
	}
	if p.StartField != "" {
		if d, ok := data.Date(p.StartField); ok {
			start = d
		}
	}
	if start.IsZero() {
		what := "起算日期"
		if p.StartField != "" {
			what = "「" + k.fieldLabel(p.StartField) + "」"
		}
		return &RuleError{Field: p.StartField, Basis: p.Basis,
			Reason: fmt.Sprintf("尚未记录%s，无法确认「%s」是否届满", what, p.Label)}
	}
	done := g.Today
	if p.EndField != "" {
		d, ok := data.Date(p.EndField)
		label := k.fieldLabel(p.EndField)
		switch {
		case !ok:
			return &RuleError{Field: p.EndField, Basis: p.Basis, Reason: "请填写「" + label + "」"}
		case !g.Today.IsZero() && g.Today.Before(d):
			return &RuleError{Field: p.EndField, Reason: "「" + label + "」不能晚于今天（" + g.Today.Chinese() + "）"}
		case d.Before(start):
			return &RuleError{Field: p.EndField, Reason: "「" + label + "」不能早于起算日期（" + start.Chinese() + "）"}
		}
		done = d
	}
	days := periodDays(p, data, g.Settings)
	base := p.defaultDays(g.Settings)
	reason := ""
	if p.ReasonField != "" {
		reason = strings.TrimSpace(data[p.ReasonField])
	}
	unit := "日"
	if p.Counting == calendar.WorkingDays {
		unit = "个工作日"
	}
	if days < base && reason == "" {
		return &RuleError{Field: p.DaysField, Basis: p.Basis, Reason: fmt.Sprintf(
			"「%s」一般不少于%d%s；缩短为%d%s的，须在「%s」中说明理由",
			p.Label, base, unit, days, unit, k.fieldLabel(p.ReasonField))}
	}
	earliest, err := dueOf(Clock{Type: Minimum, Counting: p.Counting, Days: days, Start: start, Months: p.Months + 12*p.Years}, g.Calendar)
	var ue *calendar.UnknownError
	switch {
	case errors.As(err, &ue):
		if p.DaysField == "" && reason != "" {
			return nil // a documented shortening needs no end date
		}
		what := "办理此操作"
		if t := k.Transition(g.Event); t != nil {
			what = t.Label
		}
		return &RuleError{Field: p.EndField, Basis: p.Basis, Reason: fmt.Sprintf(
			"「%s」不少于%d%s，自%s起算；%d年节假日安排尚未载入，无法确认该期间是否已经届满，暂不能%s。请管理员载入%d年节假日文件后再办理",
			p.Label, days, unit, start.Chinese(), ue.Year, what, ue.Year)}
	case err != nil:
		return fmt.Errorf("计算「%s」：%w", p.Label, err)
	}
	if !done.Before(earliest) {
		return nil
	}
	if p.DaysField == "" && reason != "" {
		return nil // a documented shortening
	}
	hint := ""
	switch {
	case p.DaysField != "" && p.ReasonField != "":
		hint = fmt.Sprintf("；确需缩短的，请填写「%s」并在「%s」中说明理由", k.fieldLabel(p.DaysField), k.fieldLabel(p.ReasonField))
	case p.ReasonField != "":
		hint = fmt.Sprintf("；确需缩短的，请在「%s」中说明理由", k.fieldLabel(p.ReasonField))
	}
	return &RuleError{Field: p.EndField, Basis: p.Basis, Reason: fmt.Sprintf(
		"「%s」不少于%d%s，自%s起算，最早于%s届满%s",
		p.Label, days, unit, start.Chinese(), earliest.Chinese(), hint)}
}

func (k *Kind) fieldLabel(name string) string {
	if f := k.Field(name); f != nil {
		return f.Label
	}
	return name
}

// clocksAfter stops and starts clocks for transition t.
func (k *Kind) clocksAfter(g *GuardContext, t *Transition) ([]Clock, error) {
	out := slices.Clone(g.Clocks)
	final := false
	if s := k.State(t.To); s != nil {
		final = s.Final
	}
	for i := range out {
		c := &out[i]
		if c.Status == ClockStopped {
			continue
		}
		p := k.period(c.Period)
		if p == nil {
			if final {
				c.Status, c.StoppedOn, c.PausedOn = ClockStopped, g.Today, calendar.Date{}
			}
			continue
		}
		met := slices.Contains(p.StopEvents, t.Event) || t.OnDue == p.Name || (p.Type == Minimum && slices.Contains(p.Guards, t.Event))
		if !met && !final {
			continue
		}
		c.Status, c.StoppedOn, c.PausedOn = ClockStopped, g.Today, calendar.Date{}
		dateField := p.StopField
		if p.Type == Minimum {
			dateField = p.EndField
		}
		if dateField == "" && met {
			dateField = k.stepDate(t.Event)
		}
		if d, ok := g.Input.Date(dateField); ok && met && dateField != "" && !d.Before(c.Start) {
			c.StoppedOn = d
		}
	}
	if final {
		return out, nil
	}
	for i := range k.Periods {
		p := &k.Periods[i]
		if !p.applies(g.Record) {
			continue
		}
		var start calendar.Date
		switch {
		case p.StartEvent == t.Event:
			start = g.Today
		case p.StartField != "" && g.Input[p.StartField] != "":
			start, _ = g.Input.Date(p.StartField)
		default:
			continue
		}
		if !p.untilSet(g.Record.Data) || p.off(g.Record.Data, g.Settings) {
			continue
		}
		c, err := newClock(p, start, g.Record.Data, g.Settings, g.Calendar)
		if err != nil {
			return nil, err
		}
		if i := slices.IndexFunc(out, func(o Clock) bool { return o.Period == p.Name }); i >= 0 {
			out[i] = c
		} else {
			out = append(out, c)
		}
	}
	return out, nil
}

// stepDate is the first date field filled at event: the day a period
// stopped by that step without a StopField of its own ends.
func (k *Kind) stepDate(event string) string {
	for i := range k.Fields {
		if f := &k.Fields[i]; f.Step == event && f.Type == TypeDate {
			return f.Name
		}
	}
	return ""
}

func (k *Kind) period(name string) *Period {
	for i := range k.Periods {
		if k.Periods[i].Name == name {
			return &k.Periods[i]
		}
	}
	return nil
}

// Period returns the period named name, or nil.
func (k *Kind) Period(name string) *Period { return k.period(name) }

// Adjust pauses, resumes or extends clock c: a reason and a basis are
// required, and the action must suit the clock's status (FieldErrors keyed
// "action", "on", "days", "reason", "basis" otherwise). Days paused push the
// due date out on resume, counted as the clock counts; an extension adds
// Days. Minimum periods and stopped clocks cannot be adjusted. When the new
// due date (or the days of a pause, counted in working days) reaches a year
// the calendar does not know, the adjustment is kept and the due date is
// pending.
func Adjust(c Clock, adj ClockAdjustment, cal Calendar) (Clock, error) {
	errs := FieldErrors{}
	adj.Reason = strings.TrimSpace(adj.Reason)
	adj.Basis = strings.TrimSpace(adj.Basis)
	if adj.Reason == "" {
		errs["reason"] = "请填写调整期限的理由"
	}
	if adj.Basis == "" {
		errs["basis"] = "请填写调整期限的依据（法律条款或文件）"
	}
	if adj.On.IsZero() {
		errs["on"] = "请填写调整日期"
	} else if adj.On.Before(c.Start) {
		errs["on"] = "调整日期不能早于期限起算日期（" + c.Start.Chinese() + "）"
	}
	switch {
	case c.Type == Minimum:
		errs["action"] = "最短期间不能暂停、恢复或延长"
	case c.Status == ClockStopped:
		errs["action"] = "该期限已结束，不能再调整"
	}
	switch adj.Action {
	case "pause":
		adj.Days = 0
		if c.Status == ClockPaused {
			errs["action"] = "该期限已经暂停"
		}
	case "resume":
		if c.Status != ClockPaused {
			errs["action"] = "该期限未暂停，无需恢复"
		} else if _, bad := errs["on"]; !bad && adj.On.Before(c.PausedOn) {
			errs["on"] = "恢复日期不能早于暂停日期（" + c.PausedOn.Chinese() + "）"
		}
	case "extend":
		if adj.Days <= 0 || adj.Days > 3650 {
			errs["days"] = "延长天数应为1至3650之间的整数"
		}
	default:
		errs["action"] = "调整方式应为暂停、恢复或延长"
	}
	if len(errs) > 0 {
		return c, errs
	}
	c.Adjustments = slices.Clone(c.Adjustments)
	switch adj.Action {
	case "pause":
		c.Status, c.PausedOn = ClockPaused, adj.On
		c.Adjustments = append(c.Adjustments, adj)
		return c, nil
	case "resume":
		n, err := countDays(c.PausedOn, adj.On, c.Counting, cal)
		switch {
		case errors.Is(err, calendar.ErrUnknown):
			adj.Days, adj.DaysPending = 0, true // counted by settle once the year is loaded
		case err != nil:
			return c, fmt.Errorf("计算暂停天数：%w", err)
		default:
			adj.Days = n
		}
		c.Status, c.PausedOn = ClockRunning, calendar.Date{}
	}
	c.Adjustments = append(c.Adjustments, adj)
	if err := settleOrPend(&c, cal); err != nil {
		return c, fmt.Errorf("计算期限：%w", err)
	}
	return c, nil
}

var errNoCalendar = errors.New("ledger: no working-day calendar given")

// countDays counts the days of (from, to] as counting counts them.
func countDays(from, to calendar.Date, counting calendar.Counting, cal Calendar) (int, error) {
	n := from.DaysUntil(to)
	if counting != calendar.WorkingDays || n <= 0 {
		return max(n, 0), nil
	}
	if cal == nil {
		return 0, errNoCalendar
	}
	work := 0
	for d := from; d.Before(to); d = d.AddDays(1) {
		next, err := cal.Add(d, 1, calendar.WorkingDays)
		if err != nil {
			return 0, err
		}
		if next == d.AddDays(1) {
			work++
		}
	}
	return work, nil
}

// Overdue reports whether a running deadline clock is past due on today.
// A clock whose due date is pending is not overdue.
func (c Clock) Overdue(today calendar.Date) bool {
	return c.Type == Deadline && c.Status == ClockRunning && !c.DueUnknown() && c.Due.Before(today)
}

// Late reports whether a stopped deadline clock was met after its due date
// (false while the due date is pending).
func (c Clock) Late() bool {
	return c.Type == Deadline && c.Status == ClockStopped && !c.DueUnknown() && c.Due.Before(c.StoppedOn)
}

// Remaining is the number of days left until Due, counted as the clock
// counts (working days for a working-day period); 0 on the due date and
// negative (in calendar days) once past it. known is false, and days 0,
// while the due date is pending (see DuePendingNote).
func (c Clock) Remaining(today calendar.Date, cal Calendar) (days int, known bool) {
	if c.DueUnknown() {
		return 0, false
	}
	n := today.DaysUntil(c.Due)
	if n <= 0 || c.Counting != calendar.WorkingDays || cal == nil {
		return n, true
	}
	w, err := countDays(today, c.Due, c.Counting, cal)
	if err != nil {
		return n, true
	}
	return w, true
}

// DueSoon reports whether a running deadline falls due within the next
// `within` calendar days (and is not yet overdue). A pending due date is not
// due soon; dashboards list it apart as waiting for the calendar.
func (c Clock) DueSoon(today calendar.Date, within int) bool {
	if c.Type != Deadline || c.Status != ClockRunning || c.DueUnknown() || c.Overdue(today) {
		return false
	}
	return today.DaysUntil(c.Due) <= within
}
