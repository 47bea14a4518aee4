package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// dashboard shows the caller's counts by kind and state and the running
// deadlines nearing or past their due date, all within the caller's scope.
func (s *Server) dashboard(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	counts, err := s.store.CountByState(ctx, p.Actor)
	if err != nil {
		return fmt.Errorf("web.dashboard: %w", err)
	}
	today := s.today()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	page := &DashboardPage{Base: s.base(r, "工作台"), Today: today.Chinese(), CalendarMissing: s.calendarMissing(p)}
	if page.Waiting, page.WaitingTotal, err = s.waiting(ctx, p.Actor); err != nil {
		return err
	}
	reminders, err := s.store.Reminders(ctx, p.Actor, today)
	if err != nil {
		return fmt.Errorf("web.dashboard: %w", err)
	}
	for _, d := range reminders {
		if k := s.kinds.Kind(d.Kind); k != nil {
			page.Reminders = append(page.Reminders, DueRow{URL: "/l/" + k.Name + "/" + strconv.FormatInt(d.RecordID, 10), Kind: k.Label,
				Title: d.Title, Unit: l.unitName(d.UnitID), Period: periodLabel(k, d.Clock.Period), Due: d.Clock.Due.String(),
				DaysLeft: today.DaysUntil(d.Clock.Due)})
		}
	}
	byKind := map[string]map[string]int{}
	for _, c := range counts {
		if byKind[c.Kind] == nil {
			byKind[c.Kind] = map[string]int{}
		}
		byKind[c.Kind][c.State] += c.Count
	}
	for _, k := range s.kinds.Kinds() {
		kc := KindCounts{Kind: k.Name, Label: k.Label}
		for _, st := range k.Workflow.States {
			n := byKind[k.Name][st.Name]
			kc.Total += n
			kc.States = append(kc.States, StateCell{State: st.Name, Label: st.Label, Count: n})
		}
		page.Counts = append(page.Counts, kc)
	}
	if page.Due, page.DueMoreURL, err = s.dueRows(ctx, p.Actor, l, 0); err != nil {
		return fmt.Errorf("web.dashboard: %w", err)
	}
	s.render(w, r, http.StatusOK, "dashboard.html", page)
	return nil
}

// dashboardDue is how many deadlines a dashboard lists.
const dashboardDue = 20

// dueRows are the first dashboardDue running deadlines past due or due
// within DueSoonDays in a's scope (of unitID's subtree; 0: all of it), in
// the board's order — earliest first, pending ones last — read from the
// board's index and never the whole board; more is the board's link when
// it holds further ones.
func (s *Server) dueRows(ctx context.Context, a store.Actor, l *lookup, unitID int64) (rows []DueRow, more string, err error) {
	today := s.today()
	due, truncated, err := s.store.Board(ctx, a, store.BoardQuery{UnitID: unitID, Limit: dashboardDue,
		Before: today.AddDays(s.cfg.DueSoonDays + 1)}) // exclusive of its date
	if err != nil {
		return nil, "", err
	}
	if truncated {
		more = "/board"
		if unitID != 0 {
			more += "?unit=" + strconv.FormatInt(unitID, 10)
		}
	}
	for _, d := range due {
		k := s.kinds.Kind(d.Kind)
		if k == nil {
			continue
		}
		row := DueRow{
			URL: "/l/" + k.Name + "/" + strconv.FormatInt(d.RecordID, 10), Kind: k.Label, Title: d.Title,
			Unit: l.unitName(d.UnitID), Period: periodLabel(k, d.Clock.Period), Due: d.Clock.Due.String(),
			Overdue: d.Clock.Overdue(today), Pending: d.Clock.DuePendingNote(s.cal),
		}
		if !d.Clock.DueUnknown() {
			row.DaysLeft = today.DaysUntil(d.Clock.Due)
		}
		rows = append(rows, row)
	}
	return rows, more, nil
}

// today is the current date in China.
func (s *Server) today() calendar.Date { return calendar.FromTime(s.cfg.Now().In(calendar.China)) }
