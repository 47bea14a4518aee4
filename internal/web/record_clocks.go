package web

import (
	"fmt"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// clockView is one clock of the 期限 panel, with the adjustments the reader
// may make: pause and resume for the kind's editors and the head, an
// extension for the period's approver when the period may be extended
// (the same rules store.AdjustClock enforces).
func (s *Server) clockView(k *ledger.Kind, c ledger.Clock, roles []access.Role, today calendar.Date, final bool) ClockView {
	cv := ClockView{Period: c.Period, Label: periodLabel(k, c.Period), Type: string(c.Type),
		Start: dateText(c.Start), Due: dateText(c.Due), Status: clockStatus(c),
		Running: c.Status == ledger.ClockRunning, Paused: c.Status == ledger.ClockPaused,
		Overdue: c.Type == ledger.Deadline && c.Overdue(today)}
	if !c.Due.IsZero() {
		cv.DaysLeft = today.DaysUntil(c.Due)
	}
	cv.Pending = c.DuePendingNote(s.cal)
	cv.Late = c.LateNote()
	pd := k.Period(c.Period)
	if pd != nil {
		cv.Basis = pd.Basis
	}
	cv.Sentence = clockSentence(c)
	for _, a := range c.Adjustments {
		line := a.On.String() + " " + adjustLabel(a.Action)
		if a.Days > 0 {
			line += fmt.Sprintf(" %d 天", a.Days)
		}
		cv.Adjusted = append(cv.Adjusted, line+"：理由："+a.Reason+"；依据："+a.Basis)
	}
	if final || !(cv.Running || cv.Paused) {
		return cv
	}
	editor := hasAnyRole(roles, append(append([]access.Role{}, k.EditRoles...), access.RoleHead))
	cv.CanPause = editor && cv.Running
	cv.CanResume = editor && cv.Paused
	cv.CanExtend = pd != nil && c.Type == ledger.Deadline && pd.MaxExtendDays > 0 && hasAnyRole(roles, pd.ExtendRoles)
	return cv
}

// clockSentence is the clock's line with no gaps when a date is missing:
// "2025-03-03 起，2025-03-14 截止，计时中", "2025-03-03 起，届满日待定，计时中",
// "最早 2025-04-02 可办结".
func clockSentence(c ledger.Clock) string {
	var parts []string
	if !c.Start.IsZero() {
		parts = append(parts, c.Start.String()+" 起")
	} else {
		parts = append(parts, "尚未开始计算")
	}
	switch {
	case c.Type == ledger.Minimum && !c.Due.IsZero():
		parts = append(parts, "最早 "+c.Due.String()+" 可办结")
	case c.Type == ledger.Minimum:
		parts = append(parts, "最早可办结日待定")
	case !c.Due.IsZero():
		parts = append(parts, c.Due.String()+" 截止")
	default:
		parts = append(parts, "届满日待定")
	}
	parts = append(parts, clockStatus(c))
	return strings.Join(parts, "，")
}

func adjustLabel(action string) string {
	switch action {
	case "pause":
		return "暂停计时"
	case "resume":
		return "恢复计时"
	case "extend":
		return "延长"
	}
	return "调整"
}
