package web

import (
	"fmt"
	"net/http"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// apiClock is a period running on a record.
type apiClock struct {
	Period      string          `json:"period"`
	Label       string          `json:"label"`
	Type        string          `json:"type"`
	Basis       string          `json:"basis,omitempty"`
	Start       string          `json:"start"`
	Due         string          `json:"due"`
	Status      string          `json:"status"`
	Overdue     bool            `json:"overdue"`
	PausedOn    string          `json:"paused_on,omitempty"`
	StoppedOn   string          `json:"stopped_on,omitempty"`
	LateDays    int             `json:"late_days,omitempty"` // met this many days after the due date
	Late        string          `json:"late,omitempty"`      // "逾期N日办结"
	Adjustments []apiAdjustment `json:"adjustments"`
}

type apiAdjustment struct {
	Action string `json:"action"`
	On     string `json:"on"`
	Days   int    `json:"days,omitempty"`
	Reason string `json:"reason"`
	Basis  string `json:"basis"`
	By     int64  `json:"by"`
}

func apiClockOf(k *ledger.Kind, c ledger.Clock, today calendar.Date) apiClock {
	out := apiClock{Period: c.Period, Label: c.Period, Type: string(c.Type), Start: c.Start.String(),
		Due: c.Due.String(), Status: string(c.Status), PausedOn: c.PausedOn.String(),
		StoppedOn: c.StoppedOn.String(), Adjustments: []apiAdjustment{}}
	if k != nil {
		for _, p := range k.Periods {
			if p.Name == c.Period {
				out.Label, out.Basis = p.Label, p.Basis
			}
		}
	}
	out.Overdue = c.Overdue(today)
	out.LateDays, out.Late = c.LateDays(), c.LateNote()
	for _, a := range c.Adjustments {
		out.Adjustments = append(out.Adjustments, apiAdjustment{Action: a.Action, On: a.On.String(),
			Days: a.Days, Reason: a.Reason, Basis: a.Basis, By: a.By})
	}
	return out
}

// apiToday is today's date in China by the server's clock.
func (s *Server) apiToday() calendar.Date {
	now := s.cfg.Now
	if now == nil {
		return calendar.Today(calendar.China)
	}
	return calendar.FromTime(now().In(calendar.China))
}

func (s *Server) apiClocks(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	return s.apiWriteClocks(w, r, p, k, rec.ID)
}

func (s *Server) apiWriteClocks(w http.ResponseWriter, r *http.Request, p *Principal, k *ledger.Kind, id int64) error {
	clocks, err := s.store.Clocks(r.Context(), p.Actor, id)
	if err != nil {
		return err
	}
	today := s.apiToday()
	out := make([]apiClock, 0, len(clocks))
	for _, c := range clocks {
		out = append(out, apiClockOf(k, c, today))
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiClockBody is the body of POST …/{id}/clocks/{period}.
type apiClockBody struct {
	Action string `json:"action"`
	Days   int    `json:"days"`
	Reason string `json:"reason"`
	Basis  string `json:"basis"`
}

func (s *Server) apiAdjustClock(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, id, err := s.apiTargetID(r)
	if err != nil {
		return err
	}
	period := r.PathValue("period")
	known := false
	for _, pd := range k.Periods {
		known = known || pd.Name == period
	}
	if !known {
		return &apiError{Status: http.StatusNotFound, Message: fmt.Sprintf("「%s」没有期限 %q：请用 GET …/clocks 查看记录的期限", k.Label, period)}
	}
	var body apiClockBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	bad := map[string]string{}
	switch body.Action {
	case "pause", "resume":
	case "extend":
		if body.Days <= 0 || body.Days > 3650 {
			bad["days"] = "延长期限须填写延长的天数（1 到 3650 之间的整数）"
		}
	default:
		bad["action"] = "action 应为 pause（中止）、resume（恢复）或 extend（延长）"
	}
	if strings.TrimSpace(body.Reason) == "" {
		bad["reason"] = "请填写中止、恢复或延长期限的理由"
	}
	if strings.TrimSpace(body.Basis) == "" {
		bad["basis"] = "请填写中止、恢复或延长期限的依据，例如法规条款"
	}
	if len(bad) > 0 {
		return &apiError{Status: http.StatusBadRequest, Message: "期限调整的内容不完整：请按各字段的提示补充", Fields: bad}
	}
	adj := ledger.ClockAdjustment{Action: body.Action, On: s.apiToday(), Days: body.Days,
		Reason: strings.TrimSpace(body.Reason), Basis: strings.TrimSpace(body.Basis), By: p.Actor.UserID}
	if err := s.store.AdjustClock(r.Context(), p.Actor, k, id, period, adj); err != nil {
		return err
	}
	return s.apiWriteClocks(w, r, p, k, id)
}
