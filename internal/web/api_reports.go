package web

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/proofread"
	"fazhi/internal/store"
)

// The annual report's JSON API: the same reads, rules and refusals as the
// editor (report_*.go), through the actions both share
// (report_actions.go). A report is addressed by its id; one outside the
// caller's scope does not exist (404). This file has the reads and the
// draft; the writes, versions and files are in api_report_*.go.

var errAPIReportNotFound = &apiError{Status: http.StatusNotFound,
	Message: "报告不存在，或不在您的数据范围内：请用 GET /api/v1/reports 查看您可以读取的报告"}

// apiReportSummary is a report in a list.
type apiReportSummary struct {
	ID               int64      `json:"id"`
	UnitID           int64      `json:"unit_id"`
	Unit             string     `json:"unit"`
	Year             int        `json:"year"`
	Title            string     `json:"title"`
	State            string     `json:"state"`
	StateLabel       string     `json:"state_label"`
	Version          int        `json:"version"`
	Published        bool       `json:"published"`
	Submitted        bool       `json:"submitted"`
	CreatedAt        time.Time  `json:"created_at"`
	UpdatedAt        time.Time  `json:"updated_at"`
	UpdatedBy        string     `json:"updated_by"`
	ApprovedAt       *time.Time `json:"approved_at,omitempty"`
	PublishedAt      *time.Time `json:"published_at,omitempty"`
	PublishedBy      string     `json:"published_by,omitempty"`
	SubmittedAt      *time.Time `json:"submitted_at,omitempty"`
	SubmittedBy      string     `json:"submitted_by,omitempty"`
	SubmittedVersion int        `json:"submitted_version,omitempty"`
	SubmitBy         string     `json:"submit_by"`
	PublishBy        string     `json:"publish_by"`
	Late             []string   `json:"late"`
}

func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

func (s *Server) apiReportSummaryOf(r *http.Request, rep *store.Report) (apiReportSummary, error) {
	sub, pub, err := s.store.ReportDeadlines(r.Context(), rep.UnitID, rep.Year)
	if err != nil {
		return apiReportSummary{}, err
	}
	late := reportLate(rep, sub, pub, s.apiToday().String())
	if late == nil {
		late = []string{}
	}
	return apiReportSummary{ID: rep.ID, UnitID: rep.UnitID, Unit: rep.Unit, Year: rep.Year, Title: rep.Doc.Title,
		State: string(rep.Status.State), StateLabel: rep.Status.Label(), Version: rep.Status.Version,
		Published: rep.Status.Published, Submitted: rep.Status.Submitted,
		CreatedAt: rep.CreatedAt, UpdatedAt: rep.At, UpdatedBy: rep.By,
		ApprovedAt: timePtr(rep.ApprovedAt), PublishedAt: timePtr(rep.PublishedAt), PublishedBy: rep.PublishedBy,
		SubmittedAt: timePtr(rep.SubmittedAt), SubmittedBy: rep.SubmittedBy, SubmittedVersion: rep.SubmittedVersion,
		SubmitBy: sub, PublishBy: pub, Late: late}, nil
}

// apiReportList is GET /api/v1/reports.
type apiReportList struct {
	Items []apiReportSummary `json:"items"`
	Total int                `json:"total"`
}

// apiYear reads an optional ?year= (0 when absent).
func apiYear(v string) (int, error) {
	if v = strings.TrimSpace(v); v == "" {
		return 0, nil
	}
	y, err := strconv.Atoi(v)
	if err != nil || y < 2000 || y > 2100 {
		return 0, apiBad("year", "参数 year 应为2000至2100之间的四位年度，如 year=2025")
	}
	return y, nil
}

func (s *Server) apiReports(w http.ResponseWriter, r *http.Request, p *Principal) error {
	q := r.URL.Query()
	year, err := apiYear(q.Get("year"))
	if err != nil {
		return err
	}
	var rq store.ReportQuery
	rq.Year = year
	if ref := strings.TrimSpace(q.Get("unit")); ref != "" {
		u, err := s.indicatorUnit(r.Context(), p, ref)
		if err != nil {
			return err
		}
		rq.UnitID = u.ID
	}
	reps, err := s.store.Reports(r.Context(), p.Actor, rq)
	if err != nil {
		return err
	}
	out := apiReportList{Items: []apiReportSummary{}, Total: len(reps)}
	for i := range reps {
		sum, err := s.apiReportSummaryOf(r, &reps[i])
		if err != nil {
			return err
		}
		out.Items = append(out.Items, sum)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiReportTarget reads the report of {id} and its unit; a malformed id,
// or a report outside the caller's scope, is not found.
func (s *Server) apiReportTarget(r *http.Request, p *Principal) (*store.Report, *access.Unit, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, nil, errAPIReportNotFound
	}
	rep, err := s.store.ReportByID(r.Context(), p.Actor, id)
	if err != nil {
		if statusFor(err) == http.StatusNotFound {
			return nil, nil, errAPIReportNotFound
		}
		return nil, nil, err
	}
	u, err := s.store.Unit(r.Context(), rep.UnitID)
	if err != nil {
		return nil, nil, err
	}
	return rep, u, nil
}

// apiReportDetail is GET /api/v1/reports/{id}: what the editor shows.
type apiReportDetail struct {
	apiReportSummary
	Addressee string `json:"addressee"`
	Signature string `json:"signature"`
	Date      string `json:"date"`
	CanEdit   bool   `json:"can_edit"`
	PublicURL string `json:"public_url,omitempty"`
	// Steps are the workflow steps the caller may take now; Blockers why
	// 负责人审定 would be refused now; Acknowledge the figures the approver
	// must name in "acknowledge" (stale or changed by hand).
	Steps       []apiReportStep      `json:"steps"`
	Blockers    []string             `json:"blockers"`
	Acknowledge []apiFigureCheck     `json:"acknowledge"`
	Sections    []apiReportSection   `json:"sections"`
	Check       *apiReportCheck      `json:"check,omitempty"`
	Events      []apiReportEvent     `json:"events"`
	Versions    []apiReportVersionAt `json:"versions"`
}

type apiReportStep struct {
	Event string `json:"event"`
	Label string `json:"label"`
}

type apiFigureCheck struct {
	Key     string `json:"key"`
	Message string `json:"message"`
}

type apiReportSection struct {
	Key       string            `json:"key"`
	Level     int               `json:"level"`
	Title     string            `json:"title"`
	Body      string            `json:"body"`
	ByPeople  bool              `json:"by_people"`
	Hint      string            `json:"hint,omitempty"`
	Figures   []apiReportFigure `json:"figures"`
	LastPlan  string            `json:"last_plan,omitempty"`
	PlanItems []apiPlanItem     `json:"plan_items,omitempty"`
}

type apiReportFigure struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Value    float64 `json:"value"`
	Text     string  `json:"text"`
	Sentence string  `json:"sentence"`
	Hand     bool    `json:"hand"`
	Stale    bool    `json:"stale"`
	Now      string  `json:"now,omitempty"`
	DrillURL string  `json:"drill_url,omitempty"`
}

type apiPlanItem struct {
	Title string `json:"title"`
	Kind  string `json:"kind"`
	State string `json:"state_label"`
	Done  bool   `json:"done"`
	URL   string `json:"url"`
}

type apiReportCheck struct {
	Version  int                 `json:"version"`
	Current  bool                `json:"current"`
	Errors   int                 `json:"errors"`
	Warnings int                 `json:"warnings"`
	Actor    string              `json:"actor"`
	At       time.Time           `json:"at"`
	Findings []proofread.Finding `json:"findings"`
}

type apiReportEvent struct {
	Event   string    `json:"event"`
	Label   string    `json:"label"`
	From    string    `json:"from"`
	To      string    `json:"to"`
	Version int       `json:"version"`
	Actor   string    `json:"actor"`
	At      time.Time `json:"at"`
	Note    string    `json:"note"`
}

// apiReportVersionAt is one saved version without its text.
type apiReportVersionAt struct {
	Version    int       `json:"version"`
	Author     string    `json:"author"`
	At         time.Time `json:"at"`
	Reason     string    `json:"reason"`
	Correction bool      `json:"correction"`
}

func (s *Server) apiReportDetailOf(r *http.Request, p *Principal, rep *store.Report, u *access.Unit) (*apiReportDetail, error) {
	page, err := s.reportView(r, u, rep.Year)
	if err != nil {
		return nil, err
	}
	if page.R == nil {
		return nil, errAPIReportNotFound
	}
	rep = page.R
	sum, err := s.apiReportSummaryOf(r, rep)
	if err != nil {
		return nil, err
	}
	out := &apiReportDetail{apiReportSummary: sum, Addressee: rep.Doc.Addressee, Signature: rep.Doc.Signature, Date: rep.Doc.Date,
		CanEdit: page.CanEdit, PublicURL: page.PublicURL, Steps: []apiReportStep{}, Blockers: []string{}, Acknowledge: []apiFigureCheck{},
		Sections: []apiReportSection{}, Events: []apiReportEvent{}, Versions: []apiReportVersionAt{}}
	for _, st := range page.Steps {
		out.Steps = append(out.Steps, apiReportStep{Event: st.Event, Label: st.Label})
	}
	out.Blockers = append(out.Blockers, page.Blockers...)
	for _, c := range page.Checks {
		out.Acknowledge = append(out.Acknowledge, apiFigureCheck(c))
	}
	for _, sec := range page.Sections {
		as := apiReportSection{Key: sec.Key, Level: sec.Level, Title: sec.Title, Body: sec.Body, ByPeople: sec.ByPeople, Hint: sec.Hint,
			Figures: []apiReportFigure{}, LastPlan: sec.LastPlan}
		for _, f := range sec.Figures {
			as.Figures = append(as.Figures, apiReportFigure{ID: f.ID, Name: f.Name, Value: f.Value, Text: f.Text, Sentence: f.Sentence,
				Hand: f.Hand, Stale: f.Stale, Now: f.Now, DrillURL: f.URL})
		}
		for _, it := range sec.PlanItems {
			as.PlanItems = append(as.PlanItems, apiPlanItem{Title: it.Title, Kind: it.Kind, State: it.State, Done: it.Done, URL: it.URL})
		}
		out.Sections = append(out.Sections, as)
	}
	if c := page.Check; c != nil {
		out.Check = &apiReportCheck{Version: c.Version, Current: c.Current, Errors: c.Errors, Warnings: c.Warnings, Actor: c.Actor, At: c.At,
			Findings: c.Findings}
		if out.Check.Findings == nil {
			out.Check.Findings = []proofread.Finding{}
		}
	}
	for _, e := range page.Events {
		out.Events = append(out.Events, apiReportEvent{Event: string(e.Event), Label: e.Label, From: string(e.From), To: string(e.To),
			Version: e.Version, Actor: e.Actor, At: e.At, Note: e.Note})
	}
	vs, err := s.store.ReportVersions(r.Context(), p.Actor, rep.ID)
	if err != nil {
		return nil, err
	}
	for _, v := range vs {
		out.Versions = append(out.Versions, apiVersionAt(v))
	}
	return out, nil
}

func apiVersionAt(v store.ReportVersion) apiReportVersionAt {
	return apiReportVersionAt{Version: v.Version, Author: v.Author, At: v.At, Reason: v.Reason, Correction: v.Correction}
}

// apiWriteReport answers with the report as it is now.
func (s *Server) apiWriteReport(w http.ResponseWriter, r *http.Request, p *Principal, rep *store.Report, u *access.Unit, status int) error {
	d, err := s.apiReportDetailOf(r, p, rep, u)
	if err != nil {
		return err
	}
	apiWriteJSON(w, status, d)
	return nil
}

func (s *Server) apiReport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	rep, u, err := s.apiReportTarget(r, p)
	if err != nil {
		return err
	}
	return s.apiWriteReport(w, r, p, rep, u, http.StatusOK)
}

// apiCreateReportBody is the body of POST /api/v1/reports.
type apiCreateReportBody struct {
	Unit string `json:"unit"` // name or id; the caller's unit when empty
	Year *int   `json:"year"`
}

// apiCreateReport: POST /api/v1/reports writes the draft from the
// indicators (由指标生成初稿) as version 1.
func (s *Server) apiCreateReport(w http.ResponseWriter, r *http.Request, p *Principal) error {
	var body apiCreateReportBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if body.Year == nil || *body.Year < 2000 || *body.Year > 2100 {
		return apiBad("year", "year 应为2000至2100之间的四位年度（整数），如 {\"year\":2025}")
	}
	u, err := s.indicatorUnit(r.Context(), p, strings.TrimSpace(body.Unit))
	if err != nil {
		return err
	}
	rep, err := s.createReport(r.Context(), p, u, *body.Year)
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/reports/%d", rep.ID))
	return s.apiWriteReport(w, r, p, rep, u, http.StatusCreated)
}
