package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/ledger"
	"fazhi/internal/proofread"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// The report API's writes: a section saved with its version, 审校, the
// workflow steps (api_reports.go has the reads).

// apiSectionBody is the body of PUT /api/v1/reports/{id}/sections/{key}.
type apiSectionBody struct {
	Version *int   `json:"version"`
	Body    string `json:"body"`
	Reason  string `json:"reason"`
}

var errAPIReportVersion = apiBad("version", "缺少 version：请先 GET /api/v1/reports/{id} 读取报告当前的版本号（version），再带上它提交")

// apiSaveSection saves one section as a new version; after release it is
// a correction and needs reason. A stale version is a 409 naming who saved
// which version meanwhile; nothing is saved over it.
func (s *Server) apiSaveSection(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rep, u, err := s.apiReportTarget(r, p)
	if err != nil {
		return err
	}
	idx, err := sectionIndex(rep.Doc, r.PathValue("key"))
	if err != nil {
		return &apiError{Status: http.StatusNotFound, Message: "报告中没有这一部分：请用 GET /api/v1/reports/{id} 查看各部分的 key"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, reportFormLimit)
	var body apiSectionBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if body.Version == nil || *body.Version < 1 {
		return errAPIReportVersion
	}
	in, errs := checkSectionSave(*body.Version, body.Body, body.Reason, ledger.FieldErrors{})
	if errs != nil {
		return apiReportErr(errs)
	}
	saved, err := s.saveSection(r.Context(), p, rep, idx, in)
	var c *sectionConflict
	if errors.As(err, &c) {
		now := ""
		if c.Saved != nil {
			now = fmt.Sprintf("第%d版的", c.Saved.Status.Version)
		}
		return &apiError{Status: http.StatusConflict, Message: c.Sentence() + "您提交的文字没有保存：请重新读取报告（GET /api/v1/reports/" +
			strconv.FormatInt(rep.ID, 10) + "）取得" + now + "文字和版本号，与您的修改合并后再提交。"}
	}
	if err != nil {
		return apiReportErr(err)
	}
	return s.apiWriteReport(w, r, p, saved, u, http.StatusOK)
}

// apiReportErr gives a refusal by field checks the sentence the editor
// shows (the field's own) instead of the API's generic one; the fields
// stay named.
func apiReportErr(err error) error {
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) {
		return err
	}
	out := apiErrorOf(err)
	keys := slices.Sorted(maps.Keys(fe))
	out.Message = fe[keys[0]]
	return out
}

// apiCheckReport: POST /api/v1/reports/{id}/check runs 审校 on the current
// version (the run 负责人审定 requires).
func (s *Server) apiCheckReport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rep, _, err := s.apiReportTarget(r, p)
	if err != nil {
		return err
	}
	if _, _, err := s.runReportCheck(r.Context(), p, rep); err != nil {
		return err
	}
	c, err := s.store.LatestReportCheck(r.Context(), p.Actor, rep.ID)
	if err != nil {
		return err
	}
	out, err := apiCheckOf(c, rep.Status.Version)
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiCheckOf is a stored 审校 run with its findings.
func apiCheckOf(c *store.ReportCheck, current int) (*apiReportCheck, error) {
	out := &apiReportCheck{Version: c.Version, Current: c.Version == current, Errors: c.Errors, Warnings: c.Warnings, Actor: c.Actor, At: c.At}
	if err := json.Unmarshal([]byte(c.Findings), &out.Findings); err != nil {
		return nil, fmt.Errorf("web.apiCheckOf: %w", err)
	}
	if out.Findings == nil {
		out.Findings = []proofread.Finding{}
	}
	return out, nil
}

// apiReportStepBody is the body of POST /api/v1/reports/{id}/transitions.
type apiReportStepBody struct {
	Event       string   `json:"event"`
	Version     *int     `json:"version"`
	Acknowledge []string `json:"acknowledge"`
	Note        string   `json:"note"`
}

// apiReportEvents lists the step events for messages: "review（送审校）、…".
func apiReportEvents() string {
	var parts []string
	for _, e := range report.StepEvents {
		parts = append(parts, string(e)+"（"+e.Label()+"）")
	}
	return strings.Join(parts, "、")
}

// apiReportStep takes a workflow step at the version read; 负责人审定
// needs every figure of "acknowledge" in the report's list acknowledged.
func (s *Server) apiReportStep(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rep, u, err := s.apiReportTarget(r, p)
	if err != nil {
		return err
	}
	var body apiReportStepBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	e := report.Event(strings.TrimSpace(body.Event))
	if !report.IsStep(e) {
		return apiBad("event", "event 应为以下之一："+apiReportEvents()+"；修改和更正请用 PUT /api/v1/reports/{id}/sections/{key}")
	}
	if body.Version == nil || *body.Version < 1 {
		return errAPIReportVersion
	}
	saved, err := s.takeReportStep(r.Context(), p, u, rep, *body.Version, e, body.Acknowledge, body.Note)
	if err != nil {
		return apiReportErr(err)
	}
	return s.apiWriteReport(w, r, p, saved, u, http.StatusOK)
}
