package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"fazhi/internal/report/docx"
)

// reportExport serves the current version as a GB/T 9704 .docx, or as PDF
// through LibreOffice (a clear 503 when it is not installed).
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
		var body []byte
		ctype := "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
		if format == "pdf" {
			ctype = "application/pdf"
			if body, err = docx.PDFOf(r.Context(), rep.Doc); errors.Is(err, docx.ErrNoLibreOffice) {
				return &pageError{http.StatusServiceUnavailable, err.Error()}
			}
		} else {
			var b bytes.Buffer
			err = docx.Write(&b, rep.Doc)
			body = b.Bytes()
		}
		if err != nil {
			return fmt.Errorf("web.reportExport: %w", err)
		}
		name := fmt.Sprintf("%s%d年度法治政府建设情况报告（第%d版）.%s", u.Name, year, rep.Status.Version, format)
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="report.%s"; filename*=UTF-8''%s`, format, url.PathEscape(name)))
		_, err = w.Write(body)
		return err
	}
}
