package web

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Indicators: GET /api/v1/indicators (the JSON of `fazhi indicators`), the
// drill-down to a value's records, and the pages that show them
// (indicator_pages.go). Values are rolled up on every request from the
// units' own parts in the caller's scope, each part recomputed after a
// write of its records, so they are current after every write.

// indicatorParams are the query parameters of the indicator routes.
type indicatorParams struct {
	Unit string // name or id; "" the caller's home unit
	Year int
	Part string // rates' drill-down: numerator or denominator
	Page int
}

// parseIndicatorParams reads ?unit=&year=&part=&page=; year defaults to
// thisYear. Messages are Chinese and name the parameter.
func parseIndicatorParams(q url.Values, thisYear int) (indicatorParams, map[string]string) {
	p := indicatorParams{Unit: strings.TrimSpace(q.Get("unit")), Year: thisYear, Part: q.Get("part"), Page: 1}
	errs := map[string]string{}
	if utf8.RuneCountInString(p.Unit) > 100 || !utf8.ValidString(p.Unit) {
		errs["unit"] = "参数 unit 应为单位名称或编号，如 ?unit=3 或 ?unit=云溪镇"
	}
	if s := q.Get("year"); s != "" {
		y, err := strconv.Atoi(s)
		if err != nil || y < 2000 || y > 2100 {
			errs["year"] = "参数 year 应为2000至2100之间的年度，如 ?year=2025"
		} else {
			p.Year = y
		}
	}
	if p.Part != "" && p.Part != "numerator" && p.Part != "denominator" {
		errs["part"] = "参数 part 应为 numerator（分子）或 denominator（分母）"
	}
	if s := q.Get("page"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 100000 {
			errs["page"] = "参数 page 应为正整数页码，如 ?page=2"
		} else {
			p.Page = n
		}
	}
	if len(errs) > 0 {
		return p, errs
	}
	return p, nil
}

// indicatorUnit resolves the unit of the request: outside the caller's
// scope it does not exist for them.
func (s *Server) indicatorUnit(ctx context.Context, p *Principal, ref string) (*access.Unit, error) {
	if ref == "" {
		ref = strconv.FormatInt(p.User.UnitID, 10)
	}
	u, err := s.store.UnitByRef(ctx, ref)
	if err != nil || !(p.Actor.System || p.Actor.Scope.CanRead(u.Path)) {
		return nil, &pageError{http.StatusNotFound, fmt.Sprintf("找不到单位「%s」，或该单位不在您的数据范围内：参数 unit 应为您本单位或下级单位的名称或编号", ref)}
	}
	return u, nil
}

// computeIndicators evaluates every indicator of u's subtree for the
// years, in the caller's scope.
func (s *Server) computeIndicators(ctx context.Context, p *Principal, u *access.Unit, from, to int, drill string) (*indicator.Result, error) {
	units, err := s.store.Units(ctx)
	if err != nil {
		return nil, fmt.Errorf("web.computeIndicators: %w", err)
	}
	src := store.IndicatorSource(s.store, p.Actor)
	q := indicator.Query{UnitID: u.ID, From: from, To: to, Paths: indicator.Paths(units), Drill: drill}
	if drill == "" {
		// Rolled up from the units' own parts, each recomputed after a
		// write of its unit's records of its kind (indicator_gens): exact
		// across processes, with no time to live.
		var canRead func(string) bool
		if !p.Actor.System {
			canRead = p.Actor.Scope.CanRead
		}
		res, err := s.parts.Compute(ctx, s.indicators, src, q, canRead)
		if err != nil {
			return nil, fmt.Errorf("web.computeIndicators: %w", err)
		}
		return res, nil
	}
	// A drill-down lists the records themselves: read from the reader's
	// scope, kept until the next write (or ten seconds, for writes by
	// another process).
	scope := "system"
	if !p.Actor.System {
		paths := slices.Clone(p.Actor.Scope.ReadPaths)
		slices.Sort(paths)
		scope = strings.Join(paths, ",")
	}
	gen := s.store.WriteGen()
	res, err := s.figures.Compute(ctx, s.indicators, src, q, indicator.CacheKey(scope, q), gen)
	if err != nil {
		return nil, fmt.Errorf("web.computeIndicators: %w", err)
	}
	return res, nil
}

func apiParamError(errs map[string]string) error {
	var first string
	for _, k := range []string{"unit", "year", "part", "page"} {
		if errs[k] != "" {
			first = errs[k]
			break
		}
	}
	return &apiError{Status: http.StatusBadRequest, Message: first, Fields: errs}
}

// apiIndicators: GET /api/v1/indicators?unit=&year= — every indicator of
// the unit-year, the same JSON as `fazhi indicators`.
func (s *Server) apiIndicators(w http.ResponseWriter, r *http.Request, p *Principal) error {
	q, errs := parseIndicatorParams(r.URL.Query(), s.apiToday().Year)
	if errs != nil {
		return apiParamError(errs)
	}
	u, err := s.indicatorUnit(r.Context(), p, q.Unit)
	if err != nil {
		return err
	}
	res, err := s.computeIndicators(r.Context(), p, u, q.Year, q.Year, "")
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, res.Sheet(*u, q.Year))
	return nil
}

// drill is one value's records as read by the caller.
type drill struct {
	Value   indicator.Value
	Part    string // "numerator" or "denominator" for a rate
	Unit    *access.Unit
	Year    int
	IDs     []int64
	Parts   map[int64]float64
	Summed  bool            // a sum: each record's part is shown
	Records []ledger.Record // the page's records
}

// drillDown computes the value and the ids it counts, and reads the
// page's records (per records a page).
func (s *Server) drillDown(ctx context.Context, p *Principal, id string, q indicatorParams, per int) (*drill, error) {
	target, ok := s.indicators.Drillable(id, q.Part)
	if !ok {
		return nil, &pageError{http.StatusNotFound, fmt.Sprintf("指标「%s」不由台账计算，没有可列出的记录", id)}
	}
	u, err := s.indicatorUnit(ctx, p, q.Unit)
	if err != nil {
		return nil, err
	}
	res, err := s.computeIndicators(ctx, p, u, q.Year, q.Year, target)
	if err != nil {
		return nil, err
	}
	d := res.Records(u.ID, q.Year)
	def, _ := s.indicators.Def(target)
	out := &drill{Value: res.Value(u.ID, q.Year, id), Unit: u, Year: q.Year, IDs: d.IDs, Parts: d.Part,
		Summed: def.Measure == ledger.Sum || def.Measure == ledger.SumRows}
	if target != id {
		out.Part = "denominator"
		if q.Part == "numerator" {
			out.Part = "numerator"
		}
	}
	lo := min((q.Page-1)*per, len(d.IDs))
	hi := min(lo+per, len(d.IDs))
	if out.Records, err = s.store.RecordsByID(ctx, p.Actor, d.IDs[lo:hi]); err != nil {
		return nil, err
	}
	return out, nil
}

type apiDrillBody struct {
	Indicator indicator.Value     `json:"indicator"`
	Unit      indicator.SheetUnit `json:"unit"`
	Year      int                 `json:"year"`
	Part      string              `json:"part,omitempty"`
	Count     int                 `json:"count"`
	Records   []apiDrillRecord    `json:"records"`
}

type apiDrillRecord struct {
	ID     int64    `json:"id"`
	Kind   string   `json:"kind"`
	Title  string   `json:"title"`
	UnitID int64    `json:"unit_id"`
	State  string   `json:"state"`
	Amount *float64 `json:"amount,omitempty"` // a sum's part from this record
}

// apiIndicatorRecords: GET /api/v1/indicators/{id}/records — the records
// a value counts (for a rate, ?part=numerator or denominator), up to 1,000
// a page; count is the number of all of them.
func (s *Server) apiIndicatorRecords(w http.ResponseWriter, r *http.Request, p *Principal) error {
	q, errs := parseIndicatorParams(r.URL.Query(), s.apiToday().Year)
	if errs != nil {
		return apiParamError(errs)
	}
	d, err := s.drillDown(r.Context(), p, r.PathValue("id"), q, 1000)
	if err != nil {
		return err
	}
	out := apiDrillBody{Indicator: d.Value, Unit: indicator.SheetUnit{ID: d.Unit.ID, Name: d.Unit.Name}, Year: d.Year,
		Part: d.Part, Count: len(d.IDs), Records: []apiDrillRecord{}}
	for _, rec := range d.Records {
		ar := apiDrillRecord{ID: rec.ID, Kind: rec.Kind, Title: rec.Title, UnitID: rec.UnitID, State: rec.State}
		if v, ok := d.Parts[rec.ID]; ok && d.Summed {
			ar.Amount = &v
		}
		out.Records = append(out.Records, ar)
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}
