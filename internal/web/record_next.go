package web

import (
	"fmt"
	"net/url"
	"slices"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// nextStep is the record page's one sentence: where the record stands, who
// acts next and by when ("待审核员出具审查意见，法定期限至2025年3月14日").
// It is derived from the declaration — the transition that carries the
// record forward (ledger.Kind.Next) and its roles — and from the running
// clocks, never written per kind. mine reports that the reader may take
// that step.
func nextStep(k *ledger.Kind, rec *ledger.Record, clocks []ledger.Clock, roles []access.Role, today calendar.Date) (sentence string, mine bool) {
	st := k.State(rec.State)
	if st != nil && st.Final {
		return "本记录处于最终状态「" + st.Label + "」，已经办结，不能再修改或办理。", false
	}
	stand := "当前处于「" + stateLabel(k, rec.State) + "」"
	t := k.Next(rec.State)
	switch {
	case t != nil:
		mine = hasAnyRole(roles, t.Roles)
		sentence = "待" + ledger.RolesLabel(t.Roles) + t.Label
		if mine {
			sentence += "（您可在下方办理）"
		}
	case k.SystemNext(rec.State) != nil:
		sys := k.SystemNext(rec.State)
		sentence = stand + "，期限届满后系统自动转为「" + stateLabel(k, sys.To) + "」"
	default:
		sentence = stand
	}
	if due := dueClause(k, clocks, today); due != "" {
		sentence += "，" + due
	}
	return sentence + "。", mine
}

// dueClause says by when: the earliest running deadline ("法定期限至…"), or
// why its date is not known, or when a minimum period allows the step.
func dueClause(k *ledger.Kind, clocks []ledger.Clock, today calendar.Date) string {
	var first *ledger.Clock
	for i := range clocks {
		c := &clocks[i]
		if c.Type != ledger.Deadline || c.Status == ledger.ClockStopped {
			continue
		}
		if first == nil || (first.Due.IsZero() && !c.Due.IsZero()) || (!c.Due.IsZero() && c.Due.Before(first.Due)) {
			first = c
		}
	}
	if first == nil {
		for i := range clocks {
			c := &clocks[i]
			if c.Type == ledger.Minimum && c.Status == ledger.ClockRunning && !c.Due.IsZero() && today.Before(c.Due) {
				return periodLabel(k, c.Period) + "未满，最早可于" + c.Due.Chinese() + "办理"
			}
		}
		return ""
	}
	what := "期限"
	if pd := k.Period(first.Period); pd != nil && pd.Basis != "" {
		what = "法定期限"
	}
	if first.Due.IsZero() {
		return "「" + periodLabel(k, first.Period) + "」届满日待定"
	}
	out := what + "至" + first.Due.Chinese()
	if first.Status == ledger.ClockPaused {
		return out + "（计时已暂停）"
	}
	if first.Overdue(today) {
		return out + fmt.Sprintf("，已逾期%d日", -today.DaysUntil(first.Due))
	}
	return out
}

// doneNotice is the notice after a redirect. The URL carries a fixed code
// (a transition's event of this kind, or one of the codes below), never
// text: a link cannot make the page show a message of its author's choosing.
func doneNotice(k *ledger.Kind, rec *ledger.Record, q url.Values) string {
	code := q.Get("done")
	switch code {
	case "":
		return ""
	case "created":
		return "已登记" + k.Label + "。"
	case "updated":
		return "已保存修改。"
	case "corrected":
		return "已更正，原记录保留在办理记录中。"
	case "clock":
		return "期限已调整，调整理由与依据已记入期限和办理记录。"
	case "file":
		return "附件已上传。"
	}
	t := k.Transition(code)
	if t == nil {
		return ""
	}
	return "已办理「" + t.Label + "」，记录现为「" + stateLabel(k, rec.State) + "」。"
}

func doneURL(kind string, id int64, code string) string {
	return recordURL(kind, id) + "?done=" + url.QueryEscape(code)
}

// uploadRoles may attach files to a record of k: whoever may create, edit or
// take a step of it (the rule store.AddAttachment enforces).
func uploadRoles(k *ledger.Kind) []access.Role {
	out := append(append([]access.Role{}, k.CreateRoles...), k.EditRoles...)
	for _, t := range k.Workflow.Transitions {
		out = append(out, t.Roles...)
	}
	return out
}

// uploadTypes names the allowed file types as a reader knows them
// ("PDF、DOCX、JPG"), not as extensions.
func uploadTypes(exts []string) string {
	var out []string
	for _, e := range exts {
		out = append(out, strings.ToUpper(strings.TrimPrefix(e, ".")))
	}
	return strings.Join(out, "、")
}

func dedupRoles(rs []access.Role) []access.Role {
	var out []access.Role
	for _, r := range access.AllRoles {
		if slices.Contains(rs, r) {
			out = append(out, r)
		}
	}
	return out
}
