package web

import (
	"net/http"

	"fazhi/internal/store"
)

// apiTodoBody is the caller's to-do list, the same groups as GET /todo:
// its first store.MaxTodo records by next due date, or the page asked
// (page, per_page); total counts the whole list.
type apiTodoBody struct {
	Today  string         `json:"today"`
	Total  int            `json:"total"`
	Groups []apiTodoGroup `json:"groups"`
}

type apiTodoGroup struct {
	Name  string        `json:"name"`
	Label string        `json:"label"`
	Items []apiTodoItem `json:"items"`
}

type apiTodoItem struct {
	RecordID   int64         `json:"record_id"`
	Kind       string        `json:"kind"`
	KindLabel  string        `json:"kind_label"`
	Title      string        `json:"title"`
	UnitID     int64         `json:"unit_id"`
	Unit       string        `json:"unit"`
	State      string        `json:"state"`
	StateLabel string        `json:"state_label"`
	Steps      []apiTodoStep `json:"steps"`
	Period     string        `json:"period,omitempty"`
	Basis      string        `json:"basis,omitempty"`
	Due        string        `json:"due,omitempty"`
	DaysLeft   int           `json:"days_left,omitempty"`
	Overdue    bool          `json:"overdue"`
	Pending    string        `json:"due_pending,omitempty"`
}

type apiTodoStep struct {
	Event string `json:"event"`
	Label string `json:"label"`
}

func (s *Server) apiTodo(w http.ResponseWriter, r *http.Request, p *Principal) error {
	today := s.apiToday()
	errs := map[string]string{}
	win := readPageWindow(r.URL.Query(), store.MaxTodo, store.MaxTodo, errs)
	if len(errs) != 0 {
		return &apiError{Status: http.StatusBadRequest, Message: firstError(errs, []string{"page", "per_page"}), Fields: errs}
	}
	groups, err := s.todoList(r.Context(), p.Actor, today, store.TodoQuery{Limit: win.PerPage, Offset: win.Offset()})
	if err != nil {
		return err
	}
	total, err := s.todoCount(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	out := apiTodoBody{Today: today.String(), Total: total, Groups: []apiTodoGroup{}}
	for _, g := range groups {
		ag := apiTodoGroup{Name: g.Name, Label: g.Label, Items: []apiTodoItem{}}
		for _, it := range g.Items {
			ai := apiTodoItem{RecordID: it.RecordID, Kind: it.Kind, KindLabel: it.KindLabel, Title: it.Title, UnitID: it.UnitID,
				Unit: it.Unit, State: it.State, StateLabel: it.StateLabel, Steps: []apiTodoStep{}, Period: it.Period, Basis: it.Basis,
				Due: it.Due, DaysLeft: it.DaysLeft, Overdue: it.Overdue, Pending: it.Pending}
			for _, st := range it.Steps {
				ai.Steps = append(ai.Steps, apiTodoStep(st))
			}
			ag.Items = append(ag.Items, ai)
		}
		out.Groups = append(out.Groups, ag)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
