package web

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

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

// TodoPage is GET /todo: a page of the list (todoPerPage records by next
// due date, grouped), and how many wait in all.
type TodoPage struct {
	Base
	Today   string
	Total   int
	Groups  []TodoGroup
	Page    int
	Pages   int
	PrevURL string
	NextURL string
	Error   string
}

// todoPerPage is how many records a page of the to-do list shows.
const todoPerPage = 100

// todoWaits is every kind's states in which records wait for a person,
// with the roles that may act (ledger.Kind.WaitingStates).
func (s *Server) todoWaits() []store.Wait {
	var out []store.Wait
	for _, k := range s.kinds.Kinds() {
		for _, w := range k.WaitingStates() {
			out = append(out, store.Wait{Kind: k.Name, State: w.State, Roles: w.Roles})
		}
	}
	return out
}

// todoCount is how many records wait for a.
func (s *Server) todoCount(ctx context.Context, a store.Actor) (int, error) {
	n, err := s.store.TodoCount(ctx, a, store.TodoQuery{Waits: s.todoWaits()})
	if err != nil {
		return 0, fmt.Errorf("web.todoCount: %w", err)
	}
	return n, nil
}

// todoList builds the caller's groups from the records of q (every
// waiting kind and state; its page, or its first store.MaxTodo records) in
// next-due order: the overdue and due-soon groups keep that order, the
// others follow it too.
func (s *Server) todoList(ctx context.Context, a store.Actor, today calendar.Date, q store.TodoQuery) ([]TodoGroup, error) {
	l, err := s.lookup(ctx, a)
	if err != nil {
		return nil, err
	}
	q.Waits = s.todoWaits()
	recs, err := s.store.Todo(ctx, a, q)
	if err != nil {
		return nil, fmt.Errorf("web.todoList: %w", err)
	}
	byGroup := map[string][]TodoItem{}
	soon := today.AddDays(s.cfg.DueSoonDays)
	for _, rec := range recs {
		k := s.kinds.Kind(rec.Kind)
		if k == nil {
			continue
		}
		st := k.State(rec.State)
		if st == nil {
			continue
		}
		it := TodoItem{RecordID: rec.RecordID, Kind: k.Name, KindLabel: k.Label, Title: rec.Title,
			URL: "/l/" + k.Name + "/" + strconv.FormatInt(rec.RecordID, 10), UnitID: rec.UnitID,
			Unit: l.unitName(rec.UnitID), State: st.Name, StateLabel: st.Label, Group: todoWaiting}
		if it.Title == "" {
			it.Title = k.Label + "第" + strconv.FormatInt(rec.RecordID, 10) + "号"
		}
		for _, t := range k.Available(&ledger.Record{State: rec.State}, rec.Roles) {
			if k.Awaits(t) {
				it.Steps = append(it.Steps, TodoStep{Event: t.Event, Label: t.Label})
			}
		}
		if len(it.Steps) == 0 {
			continue
		}
		if c, ok := ledger.NearestDeadline(rec.Clocks); ok {
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
	out := make([]TodoGroup, 0, len(todoGroups))
	for _, g := range todoGroups {
		out = append(out, TodoGroup{Name: g.Name, Label: g.Label, Empty: g.Empty, Items: byGroup[g.Name]})
	}
	return out, nil
}

func (s *Server) todoPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	today := s.today()
	errs := map[string]string{}
	v := r.URL.Query()
	win := readPageWindow(v, todoPerPage, todoPerPage, errs)
	page := &TodoPage{Base: s.base(r, "待办事项"), Today: today.Chinese(), Page: win.Page}
	status := http.StatusOK
	if len(errs) != 0 {
		status, page.Error = http.StatusBadRequest, firstError(errs, []string{"page", "per_page"})
		win.Page = 1
	}
	groups, err := s.todoList(ctx, p.Actor, today, store.TodoQuery{Limit: win.PerPage, Offset: win.Offset()})
	if err != nil {
		return err
	}
	if page.Total, err = s.todoCount(ctx, p.Actor); err != nil {
		return err
	}
	page.Groups, page.Pages = groups, win.pages(page.Total)
	if win.Page > 1 {
		page.PrevURL = pageLink("/todo", v, min(win.Page-1, page.Pages))
	}
	if win.Page < page.Pages {
		page.NextURL = pageLink("/todo", v, win.Page+1)
	}
	s.render(w, r, status, "todo.html", page)
	return nil
}
