package web

import (
	"encoding/json"
	"net/http"
	"time"
)

// apiHistoryEntry is one line of a record's timeline.
type apiHistoryEntry struct {
	At      time.Time       `json:"at"`
	Actor   string          `json:"actor"`
	Action  string          `json:"action"`
	Summary string          `json:"summary"`
	Diff    json.RawMessage `json:"diff,omitempty"`
}

func (s *Server) apiHistory(w http.ResponseWriter, r *http.Request, p *Principal) error {
	_, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	hist, err := s.store.History(r.Context(), p.Actor, rec.ID)
	if err != nil {
		return err
	}
	out := make([]apiHistoryEntry, 0, len(hist))
	for _, h := range hist {
		e := apiHistoryEntry{At: h.At, Actor: h.Actor, Action: h.Action, Summary: h.Summary}
		if h.Diff != "" {
			if json.Valid([]byte(h.Diff)) {
				e.Diff = json.RawMessage(h.Diff)
			} else {
				e.Diff, _ = json.Marshal(h.Diff)
			}
		}
		out = append(out, e)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiLink is a link between two records; role is the field carrying it.
type apiLink struct {
	FromID int64  `json:"from_id"`
	ToID   int64  `json:"to_id"`
	Role   string `json:"role"`
}

func (s *Server) apiLinks(w http.ResponseWriter, r *http.Request, p *Principal) error {
	_, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	links, err := s.store.Links(r.Context(), p.Actor, rec.ID)
	if err != nil {
		return err
	}
	out := make([]apiLink, 0, len(links))
	for _, l := range links {
		out = append(out, apiLink{FromID: l.FromID, ToID: l.ToID, Role: l.Role})
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
