package web

import (
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/report"
	"fazhi/internal/store"
)

// The report API's versions and what changed between them.

// apiReportVersions is GET /api/v1/reports/{id}/versions, newest first.
type apiReportVersions struct {
	Items []apiReportVersionAt `json:"items"`
}

func (s *Server) apiVersionsOf(r *http.Request, p *Principal) ([]store.ReportVersion, error) {
	rep, _, err := s.apiReportTarget(r, p)
	if err != nil {
		return nil, err
	}
	return s.store.ReportVersions(r.Context(), p.Actor, rep.ID)
}

func (s *Server) apiReportVersionList(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vs, err := s.apiVersionsOf(r, p)
	if err != nil {
		return err
	}
	out := apiReportVersions{Items: []apiReportVersionAt{}}
	for _, v := range vs {
		out.Items = append(out.Items, apiVersionAt(v))
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiReportVersion is one version with its text.
type apiReportVersion struct {
	apiReportVersionAt
	Document report.Document `json:"document"`
}

// apiVersionNo finds version {n} (or the named query value) in vs.
func apiVersionNo(vs []store.ReportVersion, ref, field string) (*store.ReportVersion, error) {
	n, err := strconv.Atoi(ref)
	for i := range vs {
		if err == nil && vs[i].Version == n {
			return &vs[i], nil
		}
	}
	return nil, &apiError{Status: http.StatusNotFound, Fields: map[string]string{field: "没有这一版"},
		Message: fmt.Sprintf("报告没有第%s版：现有第1至%d版，请用 GET /api/v1/reports/{id}/versions 查看", ref, len(vs))}
}

func (s *Server) apiReportVersion(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vs, err := s.apiVersionsOf(r, p)
	if err != nil {
		return err
	}
	v, err := apiVersionNo(vs, r.PathValue("n"), "n")
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiReportVersion{apiReportVersionAt: apiVersionAt(*v), Document: v.Doc})
	return nil
}

// apiReportDiff is GET /api/v1/reports/{id}/versions/{n}/diff: what
// changed from version from (n−1 by default; 0 is the empty report) to n,
// the sections with a change, as the history page shows them.
type apiReportDiff struct {
	Version  int              `json:"version"`
	From     int              `json:"from"`
	Sections []apiDiffSection `json:"sections"`
}

type apiDiffSection struct {
	Key   string        `json:"key"`
	Title string        `json:"title"`
	Lines []apiDiffLine `json:"lines"`
}

type apiDiffLine struct {
	Op   string `json:"op"` // "=" kept, "-" removed, "+" added
	Text string `json:"text"`
}

func (s *Server) apiReportDiff(w http.ResponseWriter, r *http.Request, p *Principal) error {
	vs, err := s.apiVersionsOf(r, p)
	if err != nil {
		return err
	}
	v, err := apiVersionNo(vs, r.PathValue("n"), "n")
	if err != nil {
		return err
	}
	from := strconv.Itoa(v.Version - 1)
	if f := r.URL.Query().Get("from"); f != "" {
		from = f
	}
	var old report.Document
	out := apiReportDiff{Version: v.Version, Sections: []apiDiffSection{}}
	if from != "0" {
		fv, err := apiVersionNo(vs, from, "from")
		if err != nil {
			return err
		}
		old, out.From = fv.Doc, fv.Version
	}
	for _, c := range sectionChanges(report.Diff(old, v.Doc)) {
		ds := apiDiffSection{Key: c.Lines[0].Section, Title: c.Title}
		for _, l := range c.Lines {
			ds.Lines = append(ds.Lines, apiDiffLine{Op: l.Op, Text: l.Text})
		}
		out.Sections = append(out.Sections, ds)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
