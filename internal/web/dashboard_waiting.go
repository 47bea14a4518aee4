package web

import (
	"context"
	"slices"

	"fazhi/internal/store"
)

// WaitingRow is a record waiting for the reader, with the step it waits
// for: the kind's next step (ledger.Kind.Next) when it is the reader's,
// else the first step open to them.
type WaitingRow struct {
	URL, Title, Kind, Unit, State, Step string
	Due                                 string // the nearest running deadline, if any
	Overdue                             bool
}

// waitingLimit caps the rows the dashboard shows; the to-do list has all.
const waitingLimit = 20

// waiting is the dashboard's 待我办理: the caller's to-do list (todoList,
// the same records as /todo) in its order — overdue, due soon, returned,
// waiting — of its first waitingLimit records by next due date, and the
// total.
func (s *Server) waiting(ctx context.Context, a store.Actor) ([]WaitingRow, int, error) {
	groups, err := s.todoList(ctx, a, s.today(), store.TodoQuery{Limit: waitingLimit})
	if err != nil {
		return nil, 0, err
	}
	total, err := s.todoCount(ctx, a)
	if err != nil {
		return nil, 0, err
	}
	var out []WaitingRow
	for _, g := range groups {
		for _, it := range g.Items {
			step := it.Steps[0].Label
			if k := s.kinds.Kind(it.Kind); k != nil {
				if t := k.Next(it.State); t != nil && slices.ContainsFunc(it.Steps, func(st TodoStep) bool { return st.Event == t.Event }) {
					step = t.Label
				}
			}
			out = append(out, WaitingRow{URL: it.URL, Title: it.Title, Kind: it.KindLabel, Unit: it.Unit,
				State: it.StateLabel, Step: step, Due: it.Due, Overdue: it.Overdue})
		}
	}
	return out, total, nil
}
