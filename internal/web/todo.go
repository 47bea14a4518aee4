package web

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// The to-do list (待办事项) is what waits for the caller: every record in
// their scope in a state one of their roles may move on, read per kind and
// state from the workflow declarations (ledger.Kind.WaitingStates), each
// with the steps open to them and its nearest running deadline. A record
// is in one group: overdue first, then due within Config.DueSoonDays, then
// sent back to be mended (a state declared Returned), else waiting.

// Todo groups, in the order the page shows them.
const (
	todoWaiting  = "waiting"
	todoDueSoon  = "due_soon"
	todoOverdue  = "overdue"
	todoReturned = "returned"
)

var todoGroups = []struct{ Name, Label, Empty string }{
	{todoOverdue, "已逾期", "没有已逾期的事项。"},
	{todoDueSoon, "即将到期", "近期没有即将到期的事项。"},
	{todoReturned, "退回给我", "没有退回补正的事项。"},
	{todoWaiting, "待我办理", "没有等待您办理的事项。"},
}

// TodoItem is one record waiting for the caller.
type TodoItem struct {
	RecordID   int64
	Kind       string
	KindLabel  string
	Title      string
	URL        string
	UnitID     int64
	Unit       string
	State      string
	StateLabel string
	Steps      []TodoStep
	Group      string
	// The nearest running deadline, when one runs.
	Period   string
	Basis    string
	Due      string
	DaysLeft int
	Overdue  bool
	Pending  string // why the due date is not known yet
}

// TodoStep is a transition the caller may take on the record.
type TodoStep struct{ Event, Label string }

// TodoGroup is one section of the list.
type TodoGroup struct {
	Name, Label, Empty string
	Items              []TodoItem
}

// TodoPage is GET /todo.
type TodoPage struct {
	Base
	Today  string
	Total  int
	Groups []TodoGroup
}

// todoList builds the caller's groups.
func (s *Server) todoList(ctx context.Context, a store.Actor, today calendar.Date) ([]TodoGroup, error) {
	l, err := s.lookup(ctx, a)
	if err != nil {
		return nil, err
	}
	byGroup := map[string][]TodoItem{}
	soon := today.AddDays(s.cfg.DueSoonDays)
	for _, k := range s.kinds.Kinds() {
		for _, w := range k.WaitingStates() {
			recs, err := s.store.Waiting(ctx, a, k.Name, w.State, w.Roles)
			if err != nil {
				return nil, fmt.Errorf("web.todoList: %w", err)
			}
			st := k.State(w.State)
			for _, rec := range recs {
				it := TodoItem{RecordID: rec.RecordID, Kind: k.Name, KindLabel: k.Label, Title: rec.Title,
					URL: "/l/" + k.Name + "/" + strconv.FormatInt(rec.RecordID, 10), UnitID: rec.UnitID,
					Unit: l.unitName(rec.UnitID), State: st.Name, StateLabel: st.Label, Group: todoWaiting}
				if it.Title == "" {
					it.Title = k.Label + "第" + strconv.FormatInt(rec.RecordID, 10) + "号"
				}
				for _, t := range k.Available(&ledger.Record{State: w.State}, rec.Roles) {
					if k.Awaits(t) {
						it.Steps = append(it.Steps, TodoStep{Event: t.Event, Label: t.Label})
					}
				}
				if len(it.Steps) == 0 {
					continue
				}
				if c, ok := nearestDeadline(rec.Clocks); ok {
					it.Period = periodLabel(k, c.Period)
					if p := k.Period(c.Period); p != nil {
						it.Basis = p.Basis
					}
					if c.DueUnknown() {
						it.Pending = c.DuePendingNote(s.cal)
					} else {
						it.Due, it.DaysLeft, it.Overdue = c.Due.String(), today.DaysUntil(c.Due), c.Overdue(today)
					}
					switch {
					case it.Overdue:
						it.Group = todoOverdue
					case !c.DueUnknown() && !c.Due.After(soon):
						it.Group = todoDueSoon
					}
				}
				if it.Group == todoWaiting && st.Returned {
					it.Group = todoReturned
				}
				byGroup[it.Group] = append(byGroup[it.Group], it)
			}
		}
	}
	out := make([]TodoGroup, 0, len(todoGroups))
	for _, g := range todoGroups {
		items := byGroup[g.Name]
		if g.Name == todoOverdue || g.Name == todoDueSoon {
			sortByDue(items)
		}
		out = append(out, TodoGroup{Name: g.Name, Label: g.Label, Empty: g.Empty, Items: items})
	}
	return out, nil
}

// nearestDeadline is the running deadline due soonest (a pending due date
// last), if any.
func nearestDeadline(clocks []ledger.Clock) (ledger.Clock, bool) {
	var best ledger.Clock
	found := false
	for _, c := range clocks {
		if c.Type != ledger.Deadline || c.Status != ledger.ClockRunning {
			continue
		}
		if !found || (best.DueUnknown() && !c.DueUnknown()) || (!c.DueUnknown() && !best.DueUnknown() && c.Due.Before(best.Due)) {
			best, found = c, true
		}
	}
	return best, found
}

func sortByDue(items []TodoItem) {
	slices.SortStableFunc(items, func(a, b TodoItem) int { return strings.Compare(a.Due, b.Due) })
}

func (s *Server) todoPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	today := s.today()
	groups, err := s.todoList(r.Context(), p.Actor, today)
	if err != nil {
		return err
	}
	page := &TodoPage{Base: s.base(r, "待办事项"), Today: today.Chinese(), Groups: groups}
	for _, g := range groups {
		page.Total += len(g.Items)
	}
	s.render(w, r, http.StatusOK, "todo.html", page)
	return nil
}
