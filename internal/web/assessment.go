package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// AssessmentPage is the 考核 of the units directly below a county (or of
// one township): a ranking, and each unit's lines with the value read and
// its drill-down, so every point awarded or lost links to its evidence.
type AssessmentPage struct {
	Base
	Unit    access.Unit
	Year    int
	Scheme  []indicator.Item
	Cards   []ScoreCard
	BackURL string
}

// ScoreCard is one unit's score with links.
type ScoreCard struct {
	indicator.Scorecard
	Lines []ScoreLine
}

// ScoreLine is one scored line with its evidence links.
type ScoreLine struct {
	indicator.Line
	Value, URL, NumURL, DenURL string
	// RectifyURL opens a new record of the kind declaring FromScore (问题
	// 整改) filled from this line, on a line that lost points, for a user
	// who may create one in the unit scored.
	RectifyURL string
	// Tracked is the 问题整改 record already opened for this line (unit,
	// scheme line, year), shown in place of a second 整改 link.
	Tracked *TrackedProblem
}

// TrackedProblem is a problem record of a lost point, and where it stands.
type TrackedProblem struct{ URL, State string }

func (s *Server) assessmentPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	q, errs := parseIndicatorParams(r.URL.Query(), s.today().Year)
	if errs != nil {
		return &pageError{http.StatusBadRequest, apiParamError(errs).(*apiError).Message}
	}
	u, err := s.indicatorUnit(ctx, p, q.Unit)
	if err != nil {
		return err
	}
	res, err := s.computeIndicators(ctx, p, u, q.Year, q.Year, "")
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	scheme := s.scheme()
	visible := func(c access.Unit) bool { return p.Actor.System || p.Actor.Scope.CanRead(c.Path) }
	cards := res.ScoreUnits(scheme, indicator.Scored(l.order, *u, visible), q.Year)
	page := &AssessmentPage{Base: s.base(r, fmt.Sprintf("%s %d年度考核", u.Name, q.Year)), Unit: *u, Year: q.Year, Scheme: scheme,
		BackURL: fmt.Sprintf("/indicators?unit=%d&year=%d", u.ID, q.Year)}
	fix := s.scoreKind()
	tracked, err := s.trackedProblems(ctx, p, fix, q.Year)
	if err != nil {
		return err
	}
	for _, c := range cards {
		card := ScoreCard{Scorecard: c}
		for _, ln := range c.Lines {
			sl := ScoreLine{Line: ln}
			if ln.Value.Measured {
				sl.Value = indicator.Format(ln.Value.Value) + ln.Value.Unit
				sl.URL = drillURL(ln.Indicator, c.Unit.ID, q.Year, "")
				if ln.Value.Numerator != nil {
					sl.NumURL = drillURL(ln.Indicator, c.Unit.ID, q.Year, "numerator")
					sl.DenURL = drillURL(ln.Indicator, c.Unit.ID, q.Year, "denominator")
				}
				sl.Tracked = tracked[trackKey{c.Unit.ID, ln.ID + " " + ln.Name}]
				if fix != nil && sl.Tracked == nil && ln.Lost > 0 && !c.Unit.Closed && (p.Actor.System || hasAnyRole(l.rolesIn(c.Unit.ID), fix.CreateRoles)) {
					sl.RectifyURL = rectifyURL(fix, c.Unit.ID, q.Year, sl)
				}
			}
			card.Lines = append(card.Lines, sl)
		}
		page.Cards = append(page.Cards, card)
	}
	s.render(w, r, http.StatusOK, "assessment.html", page)
	return nil
}

// scheme is the configured 考核 scheme (Config.Scheme), or the default.
func (s *Server) scheme() []indicator.Item {
	if s.cfg.Scheme != nil {
		return s.cfg.Scheme
	}
	return indicator.DefaultScheme()
}

type trackKey struct {
	unit int64
	item string
}

// trackedProblems are the records of kind fix (the FromScore kind) opened
// for lines of year's scoring, in p's scope, by unit and scheme line; an
// abandoned one (问题不成立) does not count.
func (s *Server) trackedProblems(ctx context.Context, p *Principal, fix *ledger.Kind, year int) (map[trackKey]*TrackedProblem, error) {
	out := map[trackKey]*TrackedProblem{}
	if fix == nil || fix.FromScore.Year == "" || fix.FromScore.Item == "" {
		return out, nil
	}
	for page := 1; page <= 50; page++ {
		recs, total, err := s.store.ListRecords(ctx, p.Actor, store.ListQuery{Kind: fix.Name, Page: page, PerPage: 200,
			Filters: map[string]string{fix.FromScore.Year: strconv.Itoa(year)}})
		if err != nil {
			return nil, fmt.Errorf("web.trackedProblems: %w", err)
		}
		for _, r := range recs {
			st := fix.State(r.State)
			if st == nil || st.Abandon {
				continue
			}
			out[trackKey{r.UnitID, r.Data[fix.FromScore.Item]}] = &TrackedProblem{URL: recordURL(fix.Name, r.ID), State: st.Label}
		}
		if page*200 >= total {
			break
		}
	}
	return out, nil
}

// scoreKind is the kind a lost point opens (the one declaring FromScore),
// or nil.
func (s *Server) scoreKind() *ledger.Kind {
	for _, k := range s.kinds.Kinds() {
		if k.FromScore != nil {
			return k
		}
	}
	return nil
}

// rectifyURL is the new-record form of k for unit, filled from line l of
// year: the scheme line, the indicator, the points lost and the link to
// the records behind the value.
func rectifyURL(k *ledger.Kind, unit int64, year int, l ScoreLine) string {
	v := url.Values{"unit_id": {strconv.FormatInt(unit, 10)}}
	item := l.ID + " " + l.Name
	lost := indicator.Format(l.Lost)
	for part, f := range k.FromScore.Fields() {
		switch part {
		case "title":
			v.Set(f, fmt.Sprintf("%s：%d年度失%s分", item, year, lost))
		case "item":
			v.Set(f, item)
		case "indicator":
			v.Set(f, l.Indicator)
		case "year":
			v.Set(f, strconv.Itoa(year))
		case "lost":
			v.Set(f, lost)
		case "evidence":
			v.Set(f, l.URL)
		case "source":
			v.Set(f, k.FromScore.SourceValue)
		}
	}
	return "/l/" + k.Name + "/new?" + v.Encode()
}
