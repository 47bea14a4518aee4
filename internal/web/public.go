package web

import (
	"fmt"
	"net/http"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// publicStates are the states whose records are published to the public
// pages, by kind: a placeholder until the publication rules are declared
// with the kinds.
var publicStates = []string{"published", "archived"}

// publicActor reads the whole tree but sees no personal data: the public
// pages show only what a kind publishes.
var publicActor = store.Actor{UserName: "公众", Scope: access.Scope{ReadPaths: []string{"/"}}}

// publicIndex lists, without login, the published records of every kind
// that has a "published" state (the major decisions), and their archived
// ones, which were published before archiving.
func (s *Server) publicIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := &PublicPage{Base: s.base(r, "政务公开")}
	l, err := s.lookup(ctx, publicActor)
	if err != nil {
		return err
	}
	for _, k := range s.kinds.Kinds() {
		if k.State("published") == nil {
			continue // only kinds that publish have a public face
		}
		sec := PublicSection{Label: k.Label}
		for _, st := range publicStates {
			if k.State(st) == nil {
				continue
			}
			recs, _, err := s.store.ListRecords(ctx, publicActor, store.ListQuery{Kind: k.Name, State: st, Sort: "-updated_at", Page: 1, PerPage: 50})
			if err != nil {
				return fmt.Errorf("web.publicIndex: %w", err)
			}
			for _, rec := range recs {
				sec.Records = append(sec.Records, PublicRecord{Title: rec.Title, Unit: l.unitName(rec.UnitID),
					Date: rec.UpdatedAt.Format("2006-01-02")})
			}
		}
		page.Sections = append(page.Sections, sec)
	}
	s.render(w, r, http.StatusOK, "public.html", page)
	return nil
}
