package web

import (
	"net/http"
	"strconv"
)

// apiSetting is one local setting's effective value for a unit and where it
// comes from.
type apiSetting struct {
	Name       string `json:"name"`
	Label      string `json:"label"`
	Type       string `json:"type"`
	Value      string `json:"value"`
	Default    string `json:"default"`
	Source     string `json:"source"`                // "default", "own" or "inherited"
	SourceUnit int64  `json:"source_unit,omitempty"` // the unit whose override applies
	SourceText string `json:"source_text"`           // Chinese, e.g. "上级设置（某县）"
	Basis      string `json:"basis"`
	Help       string `json:"help,omitempty"`
}

type apiSettingsBody struct {
	Unit     int64        `json:"unit"`
	Settings []apiSetting `json:"settings"`
}

// apiSettings lists the effective settings of ?unit= (default: the caller's
// unit) within the caller's scope.
func (s *Server) apiSettings(w http.ResponseWriter, r *http.Request, p *Principal) error {
	unit := p.User.UnitID
	if q := r.URL.Query().Get("unit"); q != "" {
		id, err := strconv.ParseInt(q, 10, 64)
		if err != nil || id <= 0 {
			return &apiError{Status: http.StatusBadRequest, Message: "参数 unit 应为单位编号（正整数），如 ?unit=3",
				Fields: map[string]string{"unit": "应为单位编号"}}
		}
		unit = id
	}
	ss, err := s.store.Settings(r.Context(), p.Actor, unit)
	if err != nil {
		return err
	}
	out := apiSettingsBody{Unit: unit, Settings: []apiSetting{}}
	for _, e := range ss {
		a := apiSetting{Name: e.Setting.Name, Label: e.Setting.Label, Type: string(e.Setting.Type), Value: e.Value,
			Default: e.Setting.Default, Source: "default", SourceUnit: e.UnitID, SourceText: e.Source(),
			Basis: e.Setting.Basis, Help: e.Setting.Help}
		switch {
		case e.Own:
			a.Source = "own"
		case e.UnitID != 0:
			a.Source = "inherited"
		}
		out.Settings = append(out.Settings, a)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
