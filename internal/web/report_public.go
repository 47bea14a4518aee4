package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"fazhi/internal/store"
)

// The public pages of the annual report (no login): every published
// report by unit and year, its text as corrected with each correction and
// its reason, the publication date against the deadline, and the traced
// figures as CSV and JSON.

// PublicReportsPage is GET /public/reports.
type PublicReportsPage struct {
	Base
	Years []PublicReportYear
}

// PublicReportYear is one year's published reports.
type PublicReportYear struct {
	Year    int
	Reports []PublicReportRow
}

// PublicReportRow is one published report in the list.
type PublicReportRow struct {
	Unit, Title, URL, Published, Deadline string
	Late                                  bool
}

// PublicReportPage is GET /public/reports/{id}.
type PublicReportPage struct {
	Base
	R           *store.Report
	Published   string
	Deadline    string
	Late        bool
	Corrections []store.ReportVersion
	Paragraphs  []PublicReportSection
	CSVURL      string
	JSONURL     string
}

// PublicReportSection is a heading and its paragraphs.
type PublicReportSection struct {
	Title string
	Level int
	Paras []string
}

func (s *Server) publicReports(w http.ResponseWriter, r *http.Request) error {
	reps, err := s.store.PublicReports(r.Context())
	if err != nil {
		return err
	}
	page := &PublicReportsPage{Base: s.base(r, "法治政府建设年度报告")}
	for _, rep := range reps {
		row, err := s.publicRow(r, &rep)
		if err != nil {
			return err
		}
		if n := len(page.Years); n == 0 || page.Years[n-1].Year != rep.Year {
			page.Years = append(page.Years, PublicReportYear{Year: rep.Year})
		}
		y := &page.Years[len(page.Years)-1]
		y.Reports = append(y.Reports, row)
	}
	s.render(w, r, http.StatusOK, "public_reports.html", page)
	return nil
}

func (s *Server) publicRow(r *http.Request, rep *store.Report) (PublicReportRow, error) {
	_, due, err := s.store.ReportDeadlines(r.Context(), rep.UnitID, rep.Year)
	if err != nil {
		return PublicReportRow{}, err
	}
	pub := dateOf(rep.PublishedAt)
	return PublicReportRow{Unit: rep.Unit, Title: rep.Doc.Title, URL: fmt.Sprintf("/public/reports/%d", rep.ID),
		Published: pub, Deadline: due, Late: pub > due}, nil
}

// publicTarget reads a published report of {id}; anything else is 404.
func (s *Server) publicTarget(r *http.Request) (*store.Report, []store.ReportVersion, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, errNotFound
	}
	rep, corr, err := s.store.PublicReport(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil, &pageError{http.StatusNotFound, "该报告不存在或尚未公开。"}
	}
	return rep, corr, err
}

func (s *Server) publicReport(w http.ResponseWriter, r *http.Request) error {
	rep, corr, err := s.publicTarget(r)
	if err != nil {
		return err
	}
	row, err := s.publicRow(r, rep)
	if err != nil {
		return err
	}
	base := fmt.Sprintf("/public/reports/%d", rep.ID)
	page := &PublicReportPage{Base: s.base(r, rep.Doc.Title), R: rep, Published: row.Published, Deadline: row.Deadline, Late: row.Late,
		Corrections: corr, CSVURL: base + "/figures.csv", JSONURL: base + "/figures.json"}
	for _, sec := range rep.Doc.Sections {
		ps := PublicReportSection{Title: sec.Title, Level: sec.Level}
		for _, p := range strings.Split(sec.Body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				ps.Paras = append(ps.Paras, p)
			}
		}
		page.Paragraphs = append(page.Paragraphs, ps)
	}
	s.render(w, r, http.StatusOK, "public_report.html", page)
	return nil
}

// publicReportFigures serves a published report's figures as CSV or JSON
// (writeReportFigures).
func (s *Server) publicReportFigures(format string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		rep, _, err := s.publicTarget(r)
		if err != nil {
			return err
		}
		return s.writeReportFigures(w, rep, format)
	}
}

// csvSafe keeps a cell from being read as a formula by a spreadsheet.
func csvSafe(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}
