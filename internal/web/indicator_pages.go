package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/indicator"
)

// The indicator pages: the dashboard of a township or county
// (/indicators), a value's records (/indicators/{id}/records), the Excel
// export and the 考核 scoring (assessment.go). Every table works without
// JavaScript; charts.js draws ECharts charts from the same numbers.

// IndicatorsPage is a unit's dashboard for a year.
type IndicatorsPage struct {
	Base
	Unit       access.Unit
	Year       int
	Years      []int // the five years of the trend, oldest first
	Units      []access.Unit
	Message    string
	Rows       []IndicatorRow
	Heads      []string // names of the dashboard figures
	Trend      []TrendRow
	TrendChart string // JSON read by charts.js
	Children   []TrendRow
	ChildChart string
	Due        []DueRow
	DueMoreURL string // the board of the unit, when it has more than Due lists
	ExportURL  string
	ScoreURL   string
}

// IndicatorRow is one figure with its drill-down links.
type IndicatorRow struct {
	ID, Name, Unit, Value, Num, Den string
	URL, NumURL, DenURL             string
	Measured                        bool
	Note                            string
}

// TrendRow is one line of a table of cells: a figure over years, or a
// unit across figures.
type TrendRow struct {
	Name, Unit, URL string
	Cells           []Cell
}

// Cell is one value and its drill-down.
type Cell struct{ Value, URL string }

// chartData is what charts.js draws: categories on the x axis, one series
// a line or bar group, links the drill-down of each point.
type chartData struct {
	Type       string        `json:"type"`
	Categories []string      `json:"categories"`
	Series     []chartSeries `json:"series"`
}

type chartSeries struct {
	Name  string    `json:"name"`
	Data  []float64 `json:"data"`
	Links []string  `json:"links"`
}

func drillURL(id string, unit int64, year int, part string) string {
	v := url.Values{"unit": {strconv.FormatInt(unit, 10)}, "year": {strconv.Itoa(year)}}
	if part != "" {
		v.Set("part", part)
	}
	return "/indicators/" + id + "/records?" + v.Encode()
}

func jsonText(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return "{}"
	}
	return string(b)
}

func (s *Server) indicatorsPage(w http.ResponseWriter, r *http.Request) error {
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
	from := q.Year - 4
	res, err := s.computeIndicators(ctx, p, u, from, q.Year, "")
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	sheet := res.Sheet(*u, q.Year)
	page := &IndicatorsPage{Base: s.base(r, u.Name+" "+strconv.Itoa(q.Year)+"年度指标"), Unit: *u, Year: q.Year,
		Message: sheet.Message, Units: l.readableUnits(),
		ExportURL: fmt.Sprintf("/indicators/export.xlsx?unit=%d&year=%d", u.ID, q.Year),
		ScoreURL:  fmt.Sprintf("/indicators/assessment?unit=%d&year=%d", u.ID, q.Year)}
	page.Charts = true
	for _, v := range sheet.Indicators {
		row := IndicatorRow{ID: v.ID, Name: v.Name, Unit: v.Unit, Value: indicator.Format(v.Value), Measured: v.Measured, Note: v.Note}
		if v.Measured {
			row.URL = drillURL(v.ID, u.ID, q.Year, "")
			if v.Numerator != nil {
				row.Num, row.Den = indicator.Format(*v.Numerator), indicator.Format(*v.Denominator)
				row.NumURL, row.DenURL = drillURL(v.ID, u.ID, q.Year, "numerator"), drillURL(v.ID, u.ID, q.Year, "denominator")
			}
		}
		page.Rows = append(page.Rows, row)
	}
	key := s.indicators.Dashboard()
	trend := chartData{Type: "line"}
	for y := from; y <= q.Year; y++ {
		page.Years = append(page.Years, y)
		trend.Categories = append(trend.Categories, strconv.Itoa(y)+"年")
	}
	children := chartData{Type: "bar"}
	for _, id := range key {
		v := res.Value(u.ID, q.Year, id)
		page.Heads = append(page.Heads, v.Name)
		tr := TrendRow{Name: v.Name, Unit: v.Unit}
		cs := chartSeries{Name: v.Name}
		for y := from; y <= q.Year; y++ {
			yv := res.Value(u.ID, y, id)
			link := drillURL(id, u.ID, y, "")
			tr.Cells = append(tr.Cells, Cell{indicator.Format(yv.Value), link})
			cs.Data, cs.Links = append(cs.Data, yv.Value), append(cs.Links, link)
		}
		page.Trend = append(page.Trend, tr)
		trend.Series = append(trend.Series, cs)
		children.Series = append(children.Series, chartSeries{Name: v.Name})
	}
	for _, c := range l.order {
		if c.ParentID != u.ID || !p.Actor.Scope.CanRead(c.Path) && !p.Actor.System {
			continue
		}
		row := TrendRow{Name: c.Name, URL: fmt.Sprintf("/indicators?unit=%d&year=%d", c.ID, q.Year)}
		children.Categories = append(children.Categories, c.Name)
		for i, id := range key {
			v := res.Value(c.ID, q.Year, id)
			link := drillURL(id, c.ID, q.Year, "")
			row.Cells = append(row.Cells, Cell{indicator.Format(v.Value), link})
			children.Series[i].Data = append(children.Series[i].Data, v.Value)
			children.Series[i].Links = append(children.Series[i].Links, link)
		}
		page.Children = append(page.Children, row)
	}
	page.TrendChart = jsonText(trend)
	if len(page.Children) > 0 {
		page.ChildChart = jsonText(children)
	}
	if page.Due, page.DueMoreURL, err = s.dueRows(ctx, p.Actor, l, u.ID); err != nil {
		return fmt.Errorf("web.indicatorsPage: %w", err)
	}
	s.render(w, r, http.StatusOK, "indicators.html", page)
	return nil
}

// indicatorsExport: the dashboard as an Excel workbook — the unit-year's
// figures (the sheet of `fazhi indicators --format xlsx`), the units below
// side by side, the five-year trend, and the 考核 ranking and scoring with
// a link to the evidence of every line.
func (s *Server) indicatorsExport(w http.ResponseWriter, r *http.Request) error {
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
	from := q.Year - 4
	res, err := s.computeIndicators(ctx, p, u, from, q.Year, "")
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	visible := func(c access.Unit) bool { return p.Actor.System || p.Actor.Scope.CanRead(c.Path) }
	b := indicator.Book{Unit: *u, Year: q.Year, From: from, Scheme: s.scheme(), Scored: indicator.Scored(l.order, *u, visible)}
	for _, c := range l.order {
		if c.ParentID == u.ID && visible(c) {
			b.Children = append(b.Children, c)
		}
	}
	origin := "http://" + r.Host
	if r.TLS != nil || s.cfg.SecureCookies {
		origin = "https://" + r.Host
	}
	b.Link = func(id string, unit int64, year int) string {
		if !s.indicators.Measured(id) {
			return ""
		}
		return origin + drillURL(id, unit, year, "")
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", "attachment; filename*=UTF-8''"+url.PathEscape(fmt.Sprintf("%s%d年度指标.xlsx", u.Name, q.Year)))
	return res.WriteWorkbook(w, b)
}

// IndicatorRecordsPage lists the records behind one value.
type IndicatorRecordsPage struct {
	Base
	Indicator IndicatorRow
	UnitName  string
	Year      int
	PartLabel string // 分子 / 分母 for a rate
	Count     int
	Sum       bool // a sum: each record's part is shown
	Rows      []DrillRow
	Prev      string
	Next      string
	BackURL   string
}

// DrillRow is one record counted.
type DrillRow struct {
	URL, Kind, Title, Unit, State, Part string
}

const drillPerPage = 100

func (s *Server) indicatorRecords(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	q, errs := parseIndicatorParams(r.URL.Query(), s.today().Year)
	if errs != nil {
		return &pageError{http.StatusBadRequest, apiParamError(errs).(*apiError).Message}
	}
	id := r.PathValue("id")
	d, err := s.drillDown(ctx, p, id, q, drillPerPage)
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	v := d.Value
	page := &IndicatorRecordsPage{Base: s.base(r, v.Name+"：所计记录"), UnitName: d.Unit.Name, Year: d.Year, Count: len(d.IDs),
		Indicator: IndicatorRow{ID: v.ID, Name: v.Name, Unit: v.Unit, Value: indicator.Format(v.Value), Note: v.Note},
		BackURL:   fmt.Sprintf("/indicators?unit=%d&year=%d", d.Unit.ID, d.Year)}
	if v.Numerator != nil {
		page.Indicator.Num, page.Indicator.Den = indicator.Format(*v.Numerator), indicator.Format(*v.Denominator)
		page.PartLabel = "分母"
		if d.Part == "numerator" {
			page.PartLabel = "分子"
		}
	}
	page.Sum = d.Summed
	for _, rec := range d.Records {
		k := s.kinds.Kind(rec.Kind)
		if k == nil {
			continue
		}
		row := DrillRow{URL: "/l/" + k.Name + "/" + strconv.FormatInt(rec.ID, 10), Kind: k.Label, Title: rec.Title,
			Unit: l.unitName(rec.UnitID), State: stateLabel(k, rec.State)}
		if page.Sum {
			row.Part = indicator.Format(d.Parts[rec.ID])
		}
		page.Rows = append(page.Rows, row)
	}
	link := func(n int) string {
		qv := r.URL.Query()
		qv.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + qv.Encode()
	}
	if q.Page > 1 {
		page.Prev = link(q.Page - 1)
	}
	if q.Page*drillPerPage < len(d.IDs) {
		page.Next = link(q.Page + 1)
	}
	s.render(w, r, http.StatusOK, "indicator_records.html", page)
	return nil
}
