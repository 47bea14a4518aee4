package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
	"fazhi/internal/proofread"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// ReportPage is GET /reports/{unit}/{year}: the report with a form per
// section, its figures as links to their drill-down, the workflow steps
// open to the reader, the latest 审校 run and the deadlines.
type ReportPage struct {
	Base
	Unit      access.Unit
	Year      int
	URL       string
	R         *store.Report // nil: not drafted yet
	CanCreate bool
	CanEdit   bool // the reader may save a section now (or correct, when released)
	Released  bool
	Status    string
	Sections  []ReportSectionView
	Steps     []ReportStepView
	// Blockers are why 负责人审定 would be refused now; Stale and Hand the
	// figures that need looking at.
	Blockers []string
	Stale    []string
	Hand     []string
	// Checks are the same figures as boxes the approver ticks one by one.
	Checks    []FigureCheck
	Check     *ReportCheckView
	Events    []ReportEventView
	SubmitBy  string
	PublishBy string
	Late      []string
	Error     string // a refusal, with what to do
	PublicURL string
}

// ReportSectionView is one section's editor.
type ReportSectionView struct {
	Key, Title, Hint string
	Level            int
	ByPeople         bool
	Body             string // what the textarea holds: the saved text, or the user's refused text
	Current          string // after a refused save: the text saved meanwhile
	Error            string
	Figures          []ReportFigureView
	// LastPlan is last year's part 4 beside this year's (part 4 only).
	LastPlan string
	// PlanItems are the year's work-plan items from the ledgers, each done
	// or not (part 4 only; ledger.PlanItems).
	PlanItems []PlanItemView
	PlanDone  int
}

// PlanItemView is one item of the year's work plan.
type PlanItemView struct {
	Title, URL, State, Kind string
	Done                    bool
}

// ReportFigureView is a traced figure.
type ReportFigureView struct {
	ID, Name, Text, URL, Sentence, Now string
	Value                              float64 // the indicator's value when drafted
	Hand, Stale                        bool
}

// FigureCheck is a stale or hand-changed figure the approver confirms.
type FigureCheck struct {
	Key, Message string
}

// ReportStepView is a step the reader may take now.
type ReportStepView struct {
	Event, Label, URL string
	Approve           bool // shows the figures' 已核对 box
	Primary           bool
}

// ReportCheckView is the latest 审校 run.
type ReportCheckView struct {
	store.ReportCheck
	Current  bool // on the current version
	Findings []proofread.Finding
}

// ReportEventView is one line of the report's timeline.
type ReportEventView struct {
	store.ReportEvent
	Label string
}

func (s *Server) reportPage(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	page, err := s.reportView(r, u, year)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "report.html", page)
	return nil
}

// reportView builds the page; handlers that refuse a save or a step set
// its Error and the user's text before rendering it with their status.
func (s *Server) reportView(r *http.Request, u *access.Unit, year int) (*ReportPage, error) {
	ctx := r.Context()
	p := principal(r)
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return nil, err
	}
	title := fmt.Sprintf("%s%d年度法治政府建设情况报告", u.Name, year)
	page := &ReportPage{Base: s.base(r, title), Unit: *u, Year: year, URL: reportURL(u.ID, year)}
	page.Flash = flash(r)
	page.SubmitBy, page.PublishBy, err = s.store.ReportDeadlines(ctx, u.ID, year)
	if err != nil {
		return nil, err
	}
	rep, err := s.store.Report(ctx, p.Actor, u.ID, year)
	if errors.Is(err, store.ErrNotFound) {
		page.CanCreate = l.canAny(u.ID, report.Roles(report.Create)) && !u.Closed
		return page, nil
	}
	if err != nil {
		return nil, err
	}
	page.R, page.Released, page.Status = rep, rep.Status.Released(), rep.Status.Label()
	if rep.Status.Published {
		page.PublicURL = fmt.Sprintf("/public/reports/%d", rep.ID)
	}
	page.Late = reportLate(rep, page.SubmitBy, page.PublishBy, s.today().String())
	edit := report.Edit
	if page.Released {
		edit = report.Correct
	}
	_, editErr := report.Take(rep.Status, edit, report.Approval{})
	page.CanEdit = editErr == nil && l.canAny(u.ID, report.Roles(edit))

	fs, err := s.figureState(ctx, p, u, rep)
	if err != nil {
		return nil, err
	}
	page.Stale, page.Hand, page.Checks = fs.Stale, fs.Hand, fs.Checks
	var last *report.Document
	if prev, err := s.store.Report(ctx, p.Actor, u.ID, year-1); err == nil {
		last = &prev.Doc
	}
	for _, sec := range rep.Doc.Sections {
		v := ReportSectionView{Key: sec.Key, Title: sec.Title, Hint: sec.Hint, Level: sec.Level, ByPeople: sec.ByPeople, Body: sec.Body}
		for _, f := range sec.Figures {
			fv := ReportFigureView{ID: f.ID, Value: f.Value, Text: f.Text, Sentence: f.Sentence, Hand: f.Hand}
			if d, ok := s.indicators.Def(f.ID); ok {
				fv.Name = d.Info.Name
			}
			if _, ok := s.indicators.Drillable(f.ID, ""); ok {
				fv.URL = drillURL(f.ID, u.ID, year, "")
			}
			if sf, ok := fs.stale(sec.Key, f); ok && !sf.Hand {
				fv.Stale, fv.Now = true, indicator.Format(sf.Now)
			}
			v.Figures = append(v.Figures, fv)
		}
		if sec.Key == planKey {
			if last != nil {
				v.LastPlan = partText(*last, planKey)
			}
			if v.PlanItems, err = s.planItems(ctx, p, u.ID, year); err != nil {
				return nil, err
			}
			for _, it := range v.PlanItems {
				if it.Done {
					v.PlanDone++
				}
			}
		}
		page.Sections = append(page.Sections, v)
	}

	chk, err := s.store.LatestReportCheck(ctx, p.Actor, rep.ID)
	switch {
	case err == nil:
		cv := &ReportCheckView{ReportCheck: *chk, Current: chk.Version == rep.Status.Version}
		if err := json.Unmarshal([]byte(chk.Findings), &cv.Findings); err != nil {
			return nil, fmt.Errorf("web.reportView: findings of check: %w", err)
		}
		page.Check = cv
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	ap := report.Approval{Stale: page.Stale, Hand: page.Hand}
	if chk != nil {
		ap.Check = &report.Check{Version: chk.Version, Errors: chk.Errors}
	}
	if rep.Status.State == report.Reviewing {
		page.Blockers = report.ApprovalReasons(rep.Status, ap)
	}
	for _, e := range report.StepEvents {
		if _, err := report.Take(rep.Status, e, report.Approval{Check: &report.Check{Version: rep.Status.Version}}); err != nil || !l.canAny(u.ID, report.Roles(e)) {
			continue
		}
		page.Steps = append(page.Steps, ReportStepView{Event: string(e), Label: e.Label(), URL: page.URL + "/step/" + string(e),
			Approve: e == report.Approve, Primary: e != report.SendBack && e != report.Withdraw})
	}
	events, err := s.store.ReportEvents(ctx, p.Actor, rep.ID)
	if err != nil {
		return nil, err
	}
	for _, e := range events {
		page.Events = append(page.Events, ReportEventView{ReportEvent: e, Label: e.Event.Label()})
	}
	return page, nil
}

// planKey is the key of part 4 (下一年度工作安排) in every outline.
const planKey = "4"

// partText is the text of a part and its sub-sections.
func partText(d report.Document, key string) string {
	var b strings.Builder
	for _, s := range d.Sections {
		if s.Key == key || strings.HasPrefix(s.Key, key+".") {
			if s.Key != key {
				b.WriteString(s.Title + "\n")
			}
			if s.Body != "" {
				b.WriteString(s.Body + "\n")
			}
		}
	}
	return strings.TrimSpace(b.String())
}

// reportLate says which deadlines rep missed or is missing, by today.
func reportLate(rep *store.Report, submitBy, publishBy, today string) []string {
	var out []string
	if sub := dateOf(rep.SubmittedAt); sub == "" && today > submitBy {
		out = append(out, "逾期未报送（期限 "+submitBy+"）")
	} else if sub > submitBy {
		out = append(out, "逾期报送（"+sub+"，期限 "+submitBy+"）")
	}
	if pub := dateOf(rep.PublishedAt); pub == "" && today > publishBy {
		out = append(out, "逾期未公开（期限 "+publishBy+"）")
	} else if pub > publishBy {
		out = append(out, "逾期公开（"+pub+"，期限 "+publishBy+"）")
	}
	return out
}

// dateOf is t's date in China, "" for the zero time.
func dateOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.China).Format(time.DateOnly)
}

// planItems are unit's work-plan items of year (every kind declaring
// ledger.PlanItems), in the order of their records, each done or not.
func (s *Server) planItems(ctx context.Context, p *Principal, unit int64, year int) ([]PlanItemView, error) {
	var out []PlanItemView
	for _, k := range s.kinds.Kinds() {
		if k.PlanItems == nil {
			continue
		}
		recs, _, err := s.store.ListRecords(ctx, p.Actor, store.ListQuery{Kind: k.Name, UnitID: unit, Year: year, Sort: "id", PerPage: 200})
		if err != nil {
			return nil, fmt.Errorf("web.planItems(%s): %w", k.Name, err)
		}
		for _, r := range recs {
			st := r.State
			if x := k.State(r.State); x != nil {
				st = x.Label
			}
			out = append(out, PlanItemView{Title: r.Title, URL: recordURL(k.Name, r.ID), State: st, Kind: k.Label,
				Done: slices.Contains(k.PlanItems.Done, r.State)})
		}
	}
	return out, nil
}
