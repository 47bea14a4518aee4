package web

import (
	"fmt"
	"net/http"

	"fazhi/internal/store"
)

// apiBoardBody is the deadline board, the same rows as GET /board: all of
// it up to store.MaxBoard rows, or the page asked (page, per_page); total
// and overdue count the whole board, truncated says that rows follow.
type apiBoardBody struct {
	Today     string        `json:"today"`
	Total     int           `json:"total"`
	Overdue   int           `json:"overdue"`
	Truncated bool          `json:"truncated"`
	Items     []apiBoardRow `json:"items"`
}

type apiBoardRow struct {
	RecordID  int64  `json:"record_id"`
	Kind      string `json:"kind"`
	KindLabel string `json:"kind_label"`
	Title     string `json:"title"`
	UnitID    int64  `json:"unit_id"`
	Unit      string `json:"unit"`
	State     string `json:"state_label"`
	Period    string `json:"period"`
	Basis     string `json:"basis"`
	Start     string `json:"start"`
	Due       string `json:"due,omitempty"`
	DaysLeft  int    `json:"days_left"`
	Overdue   bool   `json:"overdue"`
	Pending   string `json:"due_pending,omitempty"`
	Person    string `json:"person"`
}

// apiBoardFilters reads the filters or answers 400 naming the field.
func (s *Server) apiBoardFilters(r *http.Request) (q boardFilter, err error) {
	bq, errs := s.boardQueryPer(r.URL.Query(), store.MaxBoard)
	if errs != nil {
		return q, &apiError{Status: http.StatusBadRequest, Message: firstError(errs, boardErrorOrder), Fields: errs}
	}
	return boardFilter{bq}, nil
}

func (s *Server) apiBoard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, err := s.apiBoardFilters(r)
	if err != nil {
		return err
	}
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	today := s.apiToday()
	rows, truncated, err := s.boardRows(r.Context(), p.Actor, l, f.BoardQuery, today)
	if err != nil {
		return err
	}
	sum, err := s.store.BoardSummary(r.Context(), p.Actor, f.BoardQuery, today)
	if err != nil {
		return fmt.Errorf("web.apiBoard: %w", err)
	}
	out := apiBoardBody{Today: today.String(), Total: sum.Running, Overdue: sum.Overdue, Truncated: truncated, Items: []apiBoardRow{}}
	for _, b := range rows {
		out.Items = append(out.Items, apiBoardRow{RecordID: b.RecordID, Kind: b.Kind, KindLabel: b.KindLabel, Title: b.Title,
			UnitID: b.UnitID, Unit: b.Unit, State: b.State, Period: b.Period, Basis: b.Basis, Start: b.Start, Due: b.Due,
			DaysLeft: b.DaysLeft, Overdue: b.Overdue, Pending: b.Pending, Person: b.Person})
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiBoardExport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	f, err := s.apiBoardFilters(r)
	if err != nil {
		return err
	}
	return s.writeBoardExport(w, r, p.Actor, f.BoardQuery)
}

type boardFilter struct{ store.BoardQuery }
