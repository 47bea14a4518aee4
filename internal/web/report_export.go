package web

import (
	"fmt"
	"net/http"
	"net/url"

	"fazhi/internal/store"
)

// reportExport serves the current version as a GB/T 9704 .docx, or as PDF
// through LibreOffice (a clear 503 when it is not installed): reportFile.
func (s *Server) reportExport(format string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		u, year, err := s.reportTarget(r)
		if err != nil {
			return err
		}
		rep, err := s.store.Report(r.Context(), principal(r).Actor, u.ID, year)
		if err != nil {
			return err
		}
		return writeReportFile(w, r, rep, format)
	}
}

// writeReportFile writes reportFile as an attachment.
func writeReportFile(w http.ResponseWriter, r *http.Request, rep *store.Report, format string) error {
	body, ctype, name, err := reportFile(r.Context(), rep, format)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="report.%s"; filename*=UTF-8''%s`, format, url.PathEscape(name)))
	_, err = w.Write(body)
	return err
}
