package web

import (
	"net/http"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// apiKindDesc describes a ledger kind to a program: the declaration
// (fields, states, transitions with their roles, periods with their legal
// basis) plus what the list endpoint accepts.
type apiKindDesc struct {
	ledger.Description
	InitialState string            `json:"initial_state"`
	Sortable     []string          `json:"sortable"`
	Filters      []string          `json:"filters"`
	RoleLabels   map[string]string `json:"role_labels"`
}

func apiDescribe(k *ledger.Kind) apiKindDesc {
	d := apiKindDesc{Description: k.Describe(), InitialState: k.Initial(), Sortable: apiSortable(k),
		Filters: []string{}, RoleLabels: map[string]string{}}
	for _, r := range access.AllRoles {
		d.RoleLabels[string(r)] = r.Label()
	}
	for _, f := range k.Fields {
		if f.Filter && f.Type != ledger.TypePersonal {
			d.Filters = append(d.Filters, "f."+f.Name)
		}
	}
	return d
}

func (s *Server) apiKinds(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	out := []apiKindDesc{}
	for _, k := range s.kinds.Kinds() {
		out = append(out, apiDescribe(k))
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

func (s *Server) apiKind(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiDescribe(k))
	return nil
}
