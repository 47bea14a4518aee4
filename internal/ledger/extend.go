package ledger

import (
	"fmt"

	"fazhi/internal/access"
)

// AdjustClock is Adjust for a clock of k's period, by a principal holding
// roles: an extension needs one of the period's ExtendRoles (ErrRole
// otherwise) and may not take the days added by all extensions past
// MaxExtendDays; a period without MaxExtendDays cannot be extended. Pause
// and resume are as Adjust has them.
func (k *Kind) AdjustClock(c Clock, adj ClockAdjustment, cal Calendar, roles []access.Role) (Clock, error) {
	p := k.period(c.Period)
	if adj.Action == "extend" && p != nil && c.Type == Deadline {
		if p.MaxExtendDays <= 0 {
			return c, FieldErrors{"action": fmt.Sprintf("「%s」依法不得延长（依据：%s）", p.Label, p.Basis)}
		}
		if !hasRole(roles, p.ExtendRoles) {
			return c, fmt.Errorf("%w：延长「%s」须经%s批准", ErrRole, p.Label, roleLabels(p.ExtendRoles))
		}
		used := 0
		for _, a := range c.Adjustments {
			if a.Action == "extend" {
				used += a.Days
			}
		}
		unit := p.Counting.Label()
		if left := p.MaxExtendDays - used; adj.Days > left {
			msg := fmt.Sprintf("「%s」最多延长%d%s，已延长%d%s，本次最多还可延长%d%s", p.Label, p.MaxExtendDays, unit, used, unit, max(left, 0), unit)
			if left <= 0 {
				msg = fmt.Sprintf("「%s」最多延长%d%s，已全部用完，不能再延长", p.Label, p.MaxExtendDays, unit)
			}
			return c, FieldErrors{"days": msg + "（依据：" + p.Basis + "）"}
		}
	}
	return Adjust(c, adj, cal)
}
