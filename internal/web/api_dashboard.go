package web

import (
	"net/http"
)

// apiDashboardBody is the caller's dashboard: record counts by kind and
// state, and running deadlines due within Config.DueSoonDays or already past
// due — the same board as the UI's.
type apiDashboardBody struct {
	Today  string          `json:"today"`
	Counts []apiStateCount `json:"counts"`
	Due    []apiDueClock   `json:"due"`
}

type apiStateCount struct {
	Kind       string `json:"kind"`
	KindLabel  string `json:"kind_label"`
	State      string `json:"state"`
	StateLabel string `json:"state_label"`
	Count      int    `json:"count"`
}

type apiDueClock struct {
	RecordID int64    `json:"record_id"`
	Kind     string   `json:"kind"`
	Title    string   `json:"title"`
	UnitID   int64    `json:"unit_id"`
	Clock    apiClock `json:"clock"`
}

func (s *Server) apiDashboard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	counts, err := s.store.CountByState(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	today := s.apiToday()
	due, err := s.store.DueClocks(r.Context(), p.Actor, today.AddDays(s.cfg.DueSoonDays+1)) // exclusive of its date
	if err != nil {
		return err
	}
	out := apiDashboardBody{Today: today.String(), Counts: []apiStateCount{}, Due: []apiDueClock{}}
	for _, c := range counts {
		sc := apiStateCount{Kind: c.Kind, KindLabel: c.Kind, State: c.State, StateLabel: c.State, Count: c.Count}
		if k := s.kinds.Kind(c.Kind); k != nil {
			sc.KindLabel = k.Label
			if st := k.State(c.State); st != nil {
				sc.StateLabel = st.Label
			}
		}
		out.Counts = append(out.Counts, sc)
	}
	for _, d := range due {
		out.Due = append(out.Due, apiDueClock{RecordID: d.RecordID, Kind: d.Kind, Title: d.Title,
			UnitID: d.UnitID, Clock: apiClockOf(s.kinds.Kind(d.Kind), d.Clock, today)})
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
