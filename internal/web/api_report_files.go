package web

import (
	"net/http"
)

// The report API's files and the county board: the .docx and PDF, the
// figures as JSON and CSV, the board as JSON.

// apiReportExport serves the current version as .docx or PDF (503 with
// the reason when LibreOffice is not installed).
func (s *Server) apiReportExport(format string) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		rep, _, err := s.apiReportTarget(r, p)
		if err != nil {
			return err
		}
		return writeReportFile(w, r, rep, format)
	}
}

// apiReportFigures serves the traced figures as JSON or CSV, as the public
// page does for a published report.
func (s *Server) apiReportFigures(format string) apiHandler {
	return func(w http.ResponseWriter, r *http.Request, p *Principal) error {
		rep, _, err := s.apiReportTarget(r, p)
		if err != nil {
			return err
		}
		return s.writeReportFigures(w, rep, format)
	}
}

// apiReportBoardBody is the county board: the units under a unit with
// their report on a year against the deadlines, the rows of GET /reports.
type apiReportBoardBody struct {
	UnitID int64               `json:"unit_id"`
	Unit   string              `json:"unit"`
	Year   int                 `json:"year"`
	Today  string              `json:"today"`
	Rows   []apiReportBoardRow `json:"rows"`
}

type apiReportBoardRow struct {
	UnitID           int64  `json:"unit_id"`
	Unit             string `json:"unit"`
	ReportID         int64  `json:"report_id,omitempty"`
	Status           string `json:"status"`
	Drafted          string `json:"drafted"`
	Approved         string `json:"approved"`
	Published        string `json:"published"`
	Submitted        string `json:"submitted"`
	SubmittedBy      string `json:"submitted_by"`
	SubmittedVersion int    `json:"submitted_version"`
	SubmitBy         string `json:"submit_by"`
	PublishBy        string `json:"publish_by"`
	LateSubmit       bool   `json:"late_submit"`
	LatePublish      bool   `json:"late_publish"`
	Missing          bool   `json:"missing"`
}

func (s *Server) apiReportBoard(w http.ResponseWriter, r *http.Request, p *Principal) error {
	today := s.apiToday()
	u, year, err := s.reportBoardTarget(r.Context(), p, r.URL.Query(), today)
	if err != nil {
		return err
	}
	rows, err := s.store.ReportBoard(r.Context(), p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	out := apiReportBoardBody{UnitID: u.ID, Unit: u.Name, Year: year, Today: today.String(), Rows: []apiReportBoardRow{}}
	for _, row := range rows {
		v := boardView(row, year, out.Today)
		out.Rows = append(out.Rows, apiReportBoardRow{UnitID: v.UnitID, Unit: v.Unit, ReportID: v.ReportID, Status: v.Status,
			Drafted: v.Drafted, Approved: v.Approved, Published: v.Published, Submitted: v.Submitted,
			SubmittedBy: v.SubmittedBy, SubmittedVersion: v.SubmittedVersion, SubmitBy: v.SubmitBy, PublishBy: v.PublishBy,
			LateSubmit: v.LateSubmit, LatePublish: v.LatePublish, Missing: v.Missing})
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
