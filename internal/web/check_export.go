package web

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"

	"fazhi/internal/proofread"
)

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// exportAllXLSX downloads every finding of every report of a submission.
func (c *checkUI) exportAllXLSX(w http.ResponseWriter, r *http.Request) error {
	e, err := c.entry(r)
	if err != nil {
		return err
	}
	var reps []proofread.ExportReport
	for _, rep := range e.Reports {
		if rep.Result != nil {
			reps = append(reps, proofread.ExportReport{File: rep.Name, Findings: rep.Result.Findings})
		}
	}
	name := "审校结果.xlsx"
	if len(reps) == 1 {
		name = exportName(reps[0].File, "审校结果", ".xlsx")
	}
	return sendExport(w, xlsxType, name, func(b *bytes.Buffer) error { return proofread.WriteFindingsXLSX(b, reps...) })
}

// exportXLSX downloads one report's findings.
func (c *checkUI) exportXLSX(w http.ResponseWriter, r *http.Request) error {
	_, _, rep, err := c.checked(r)
	if err != nil {
		return err
	}
	one := proofread.ExportReport{File: rep.Name, Findings: rep.Result.Findings}
	return sendExport(w, xlsxType, exportName(rep.Name, "审校结果", ".xlsx"),
		func(b *bytes.Buffer) error { return proofread.WriteFindingsXLSX(b, one) })
}

// exportDocx downloads the report with every finding highlighted and
// commented.
func (c *checkUI) exportDocx(w http.ResponseWriter, r *http.Request) error {
	_, _, rep, err := c.checked(r)
	if err != nil {
		return err
	}
	return sendExport(w, docxType, exportName(rep.Name, "审校意见", ".docx"),
		func(b *bytes.Buffer) error { return proofread.WriteAnnotatedDocx(b, rep.Lines, rep.Result.Findings) })
}

// sendExport writes the file into memory first, so a failure is an error
// page rather than half a download.
func sendExport(w http.ResponseWriter, ctype, name string, write func(*bytes.Buffer) error) error {
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		return fmt.Errorf("web.sendExport(%s): %w", ctype, err)
	}
	h := w.Header()
	h.Set("Content-Type", ctype)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	h.Set("Cache-Control", "private, no-store")
	_, _ = buf.WriteTo(w)
	return nil
}

// exportName is "报告（审校意见）.docx" for "报告.pdf".
func exportName(file, what, ext string) string {
	base := strings.TrimSuffix(file, filepath.Ext(file))
	if base == "" {
		base = "报告"
	}
	return base + "（" + what + "）" + ext
}
