package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// publicActor reads the whole tree but sees no personal data: the public
// pages show only what a kind publishes.
var publicActor = store.Actor{UserName: "公众", Scope: access.Scope{ReadPaths: []string{"/"}}}

// publicStates are the states of k whose records are published.
func publicStates(k *ledger.Kind) []string {
	var out []string
	for _, st := range k.Workflow.States {
		if st.Public {
			out = append(out, st.Name)
		}
	}
	return out
}

// publicIndex lists, without login, the records of every kind in a state
// declared Public, newest publication first, each dated by its kind's
// publication date and linked to its public page.
func (s *Server) publicIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	page := &PublicPage{Base: s.base(r, "政务公开")}
	l, err := s.lookup(ctx, publicActor)
	if err != nil {
		return err
	}
	for _, k := range s.kinds.Kinds() {
		if k.Publish == nil {
			continue // only kinds that publish have a public face
		}
		sec := PublicSection{Label: k.Label}
		for _, st := range publicStates(k) {
			recs, _, err := s.store.ListRecords(ctx, publicActor, store.ListQuery{Kind: k.Name, State: st,
				Sort: "-" + k.Publish.DateField, Page: 1, PerPage: 50})
			if err != nil {
				return fmt.Errorf("web.publicIndex: %w", err)
			}
			for _, rec := range recs {
				sec.Records = append(sec.Records, PublicRecord{Title: rec.Title, Unit: l.unitName(rec.UnitID),
					Date: rec.Data[k.Publish.DateField], URL: fmt.Sprintf("/public/%s/%d", k.Name, rec.ID)})
			}
		}
		slices.SortStableFunc(sec.Records, func(a, b PublicRecord) int { return -compareStrings(a.Date, b.Date) })
		page.Sections = append(page.Sections, sec)
	}
	s.render(w, r, http.StatusOK, "public.html", page)
	return nil
}

// publicRecord shows one published record: only its kind's published
// fields, and nothing of a record that is not (or no longer) published.
func (s *Server) publicRecord(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	k := s.kinds.Kind(r.PathValue("kind"))
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if k == nil || k.Publish == nil || err != nil {
		return errNotFound
	}
	rec, err := s.store.Record(ctx, publicActor, id)
	if err != nil || rec.Kind != k.Name {
		return errNotFound
	}
	if st := k.State(rec.State); st == nil || !st.Public {
		return errNotFound
	}
	l, err := s.lookup(ctx, publicActor)
	if err != nil {
		return err
	}
	page := &PublicRecordPage{Base: s.base(r, rec.Title+" · 政务公开"), Kind: k.Label, Name: rec.Title, Unit: l.unitName(rec.UnitID)}
	for _, n := range k.Publish.Fields {
		f := k.Field(n)
		if v := rec.Data[n]; v != "" {
			page.Fields = append(page.Fields, FieldView{Label: f.Label, Value: v, Long: f.Type == ledger.TypeLongText})
		}
	}
	s.render(w, r, http.StatusOK, "public_record.html", page)
	return nil
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
