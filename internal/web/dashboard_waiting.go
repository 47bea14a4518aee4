package web

import (
	"context"
	"fmt"
	"slices"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// WaitingRow is a record waiting for the reader: its next step (ledger.Kind.Next)
// is one the reader's roles in the record's unit may take.
type WaitingRow struct {
	URL, Title, Kind, Unit, State, Step string
}

// waitingLimit caps the rows per kind and state the dashboard reads.
const waitingLimit = 20

// waiting lists, kind by kind, the records whose next step is the reader's:
// the decision under legality review for the head, the review received for
// the reviewer. Derived from the declarations, never per kind.
func (s *Server) waiting(ctx context.Context, p *Principal, l *lookup) ([]WaitingRow, error) {
	held := slices.Clone(p.Actor.Roles)
	for _, rs := range p.Actor.Scope.WriteUnits {
		held = append(held, rs...)
	}
	var out []WaitingRow
	for _, k := range s.kinds.Kinds() {
		for _, st := range k.Workflow.States {
			t := k.Next(st.Name)
			if t == nil || !hasAnyRole(held, t.Roles) || slices.Contains(t.Roles, access.RoleInspector) && len(t.Roles) == 1 {
				continue
			}
			recs, _, err := s.store.ListRecords(ctx, p.Actor, store.ListQuery{Kind: k.Name, State: st.Name, Sort: "-updated_at", PerPage: waitingLimit})
			if err != nil {
				return nil, fmt.Errorf("web.waiting(%s): %w", k.Name, err)
			}
			for _, r := range recs {
				if !hasAnyRole(l.rolesIn(r.UnitID), t.Roles) {
					continue
				}
				out = append(out, WaitingRow{URL: recordURL(k.Name, r.ID), Title: r.Title, Kind: k.Label,
					Unit: l.unitName(r.UnitID), State: st.Label, Step: t.Label})
			}
		}
	}
	return out, nil
}
