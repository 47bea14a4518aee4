package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// The annual report (年度报告): a unit's report on a year is drafted from
// its indicators, edited per section with optimistic locking, checked by
// 审校, approved, published on /public/reports and submitted to the county.
// The rules are report.Take's and the store's; these handlers parse,
// call and render. Pages: /reports (the board), /reports/{unit}/{year}
// (the editor), its history, 审校 and steps; the public pages are in
// report_public.go.

// reportRoutes registers the report pages.
func (s *Server) reportRoutes(mux interface {
	Handle(string, http.Handler)
}) {
	mux.Handle("GET /reports", s.page(s.reportBoardPage))
	mux.Handle("GET /reports/{unit}/{year}", s.page(s.reportPage))
	mux.Handle("POST /reports/{unit}/{year}", s.page(s.reportCreate))
	mux.Handle("POST /reports/{unit}/{year}/sections/{key}", s.page(s.reportSave))
	mux.Handle("POST /reports/{unit}/{year}/check", s.page(s.reportCheck))
	mux.Handle("POST /reports/{unit}/{year}/step/{event}", s.page(s.reportStep))
	mux.Handle("GET /reports/{unit}/{year}/history", s.page(s.reportHistory))
	mux.Handle("GET /reports/{unit}/{year}/export.docx", s.page(s.reportExport("docx")))
	mux.Handle("GET /reports/{unit}/{year}/export.pdf", s.page(s.reportExport("pdf")))
	mux.Handle("GET /reports/{unit}/archive", s.page(s.reportArchivePage))
	mux.Handle("POST /reports/{unit}/archive", s.page(s.reportArchiveUpload))
	mux.Handle("GET /public/reports", s.public(s.publicReports))
	mux.Handle("GET /public/reports/{id}", s.public(s.publicReport))
	mux.Handle("GET /public/reports/{id}/figures.csv", s.public(s.publicReportFigures("csv")))
	mux.Handle("GET /public/reports/{id}/figures.json", s.public(s.publicReportFigures("json")))
}

func reportURL(unit int64, year int) string { return fmt.Sprintf("/reports/%d/%d", unit, year) }

// errReportUnit is a unit that does not exist or is outside the reader's
// scope: the same 404 either way.
func errReportUnit(ref string) error {
	return &pageError{http.StatusNotFound, fmt.Sprintf("找不到单位「%s」，或该单位不在您的数据范围内：请从“年度报告”页选择本单位或下级单位。", ref)}
}

// reportTarget reads {unit} and {year} of the path: a unit outside the
// caller's scope does not exist for them (404).
func (s *Server) reportTarget(r *http.Request) (*access.Unit, int, error) {
	ref := r.PathValue("unit")
	id, err := strconv.ParseInt(ref, 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, errReportUnit(ref)
	}
	p := principal(r)
	u, err := s.store.Unit(r.Context(), id)
	if err != nil || !(p.Actor.System || p.Actor.Scope.CanRead(u.Path)) {
		return nil, 0, errReportUnit(ref)
	}
	year := 0
	if y := r.PathValue("year"); y != "" {
		year, err = strconv.Atoi(y)
		if err != nil || year < 2000 || year > 2100 {
			return nil, 0, &pageError{http.StatusNotFound, "年度应为2000至2100之间的四位数字，如 /reports/" + ref + "/2025"}
		}
	}
	return u, year, nil
}

// draftInput is what report.Draft writes u's report on year from: the
// indicators of the year and the one before (in the caller's scope, as
// the indicator dashboard computes them) and last year's report, whose
// part 4 this year's results answer.
func (s *Server) draftInput(ctx context.Context, p *Principal, u *access.Unit, year int) (report.Input, error) {
	res, err := s.computeIndicators(ctx, p, u, year-1, year, "")
	if err != nil {
		return report.Input{}, err
	}
	in := report.Input{Unit: u.Name, Year: year, Values: res.Report(u.ID, year), LastYear: res.Report(u.ID, year-1),
		HasData: res.HasData(u.ID, year), Outline: report.DefaultOutline(),
		Sections: s.cfg.ReportSections, Lines: report.LinesOf(s.indicators)}
	if u.ParentID != 0 {
		if parent, err := s.store.Unit(ctx, u.ParentID); err == nil {
			in.Parent = parent.Name
		}
	}
	switch last, err := s.store.Report(ctx, p.Actor, u.ID, year-1); {
	case err == nil:
		in.LastPlan = &last.Doc
	case !errors.Is(err, store.ErrNotFound):
		return report.Input{}, err
	}
	return in, nil
}

// currentValues are u's indicator values of year now, for the stale check.
func (s *Server) currentValues(ctx context.Context, p *Principal, u *access.Unit, year int) ([]indicator.Value, error) {
	res, err := s.computeIndicators(ctx, p, u, year, year, "")
	if err != nil {
		return nil, err
	}
	return res.Report(u.ID, year), nil
}

// reportCreate: POST /reports/{unit}/{year} writes the draft from the
// indicators and stores it as version 1.
func (s *Server) reportCreate(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	if _, err := s.createReport(r.Context(), principal(r), u, year); err != nil {
		return err
	}
	http.Redirect(w, r, flashURL(r, reportURL(u.ID, year), "已由指标生成初稿（第1版）"), http.StatusSeeOther)
	return nil
}

// canAny reports whether the actor holds one of roles over unit id.
func (l *lookup) canAny(id int64, roles []access.Role) bool {
	if l.a.System {
		return true
	}
	held := l.rolesIn(id)
	return slices.ContainsFunc(roles, func(r access.Role) bool { return slices.Contains(held, r) })
}
