package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/store"
)

// The deadline board (期限看板): every running deadline across kinds in the
// caller's scope — for the county, every township's — overdue first, then by
// due date, each with the article that sets it; filtered by kind, unit and
// person (who created the record or last acted on it), read a page at a
// time (boardPerPage rows; the counts are of the whole board), exported as
// .xlsx (up to store.MaxBoard rows).

// BoardRow is one running deadline.
type BoardRow struct {
	RecordID  int64
	URL       string
	Kind      string
	KindLabel string
	Title     string
	UnitID    int64
	Unit      string
	State     string
	Period    string
	Basis     string
	Start     string
	Due       string
	DaysLeft  int
	Overdue   bool
	Pending   string
	Person    string // the last actor (else the creator)
}

// BoardUnit is one unit's line of the summary.
type BoardUnit struct {
	Unit             string
	Running, Overdue int
}

// BoardPage is GET /board.
type BoardPage struct {
	Base
	Today     string
	KindOpts  []Option
	Units     []Option
	People    []Option
	Rows      []BoardRow
	ByUnit    []BoardUnit
	Total     int // running deadlines on the whole board
	Overdue   int
	Page      int
	Pages     int
	PrevURL   string
	NextURL   string
	ExportURL string
	Error     string
}

// boardPerPage is how many rows a page of the board shows.
const boardPerPage = 100

// boardErrorOrder is the order in which a bad filter is reported.
var boardErrorOrder = []string{"kind", "unit", "person", "page", "per_page"}

func firstError(errs map[string]string, order []string) string {
	for _, f := range order {
		if m := errs[f]; m != "" {
			return m
		}
	}
	return ""
}

// boardQuery reads the board's filters: kind (a kind's name), unit and
// person (numbers), and the page (page, per_page). A wrong value is named
// with its fix.
func (s *Server) boardQuery(v url.Values) (store.BoardQuery, map[string]string) {
	return s.boardQueryPer(v, boardPerPage)
}

// boardQueryPer is boardQuery with perPage rows a page unless per_page
// says.
func (s *Server) boardQueryPer(v url.Values, perPage int) (store.BoardQuery, map[string]string) {
	var q store.BoardQuery
	errs := map[string]string{}
	w := readPageWindow(v, perPage, store.MaxBoard, errs)
	q.Limit, q.Offset = w.PerPage, w.Offset()
	if k := strings.TrimSpace(v.Get("kind")); k != "" {
		if s.kinds.Kind(k) == nil {
			errs["kind"] = "「台账」没有这一类：请从下拉列表中选择，或留空查看全部台账"
		} else {
			q.Kind = k
		}
	}
	num := func(name, label string) int64 {
		t := strings.TrimSpace(v.Get(name))
		if t == "" {
			return 0
		}
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil || n <= 0 {
			errs[name] = "「" + label + "」应为正整数编号：请从下拉列表中选择，或留空查看全部"
			return 0
		}
		return n
	}
	q.UnitID = num("unit", "单位")
	q.UserID = num("person", "经办人")
	if len(errs) == 0 {
		errs = nil
	}
	return q, errs
}

// boardRows reads the board for a.
func (s *Server) boardRows(ctx context.Context, a store.Actor, l *lookup, q store.BoardQuery, today calendar.Date) ([]BoardRow, bool, error) {
	clocks, truncated, err := s.store.Board(ctx, a, q)
	if err != nil {
		return nil, false, fmt.Errorf("web.boardRows: %w", err)
	}
	rows := make([]BoardRow, 0, len(clocks))
	for _, c := range clocks {
		k := s.kinds.Kind(c.Kind)
		if k == nil {
			continue
		}
		row := BoardRow{RecordID: c.RecordID, URL: "/l/" + k.Name + "/" + strconv.FormatInt(c.RecordID, 10), Kind: k.Name,
			KindLabel: k.Label, Title: c.Title, UnitID: c.UnitID, Unit: l.unitName(c.UnitID), State: stateLabel(k, c.State),
			Period: periodLabel(k, c.Clock.Period), Start: c.Clock.Start.String(), Overdue: c.Clock.Overdue(today)}
		if p := k.Period(c.Clock.Period); p != nil {
			row.Basis = p.Basis
		}
		if c.Clock.DueUnknown() {
			row.Pending = c.Clock.DuePendingNote(s.cal)
		} else {
			row.Due, row.DaysLeft = c.Clock.Due.String(), today.DaysUntil(c.Clock.Due)
		}
		who := c.UpdatedBy
		if who == 0 {
			who = c.CreatedBy
		}
		row.Person = l.userName(who)
		if row.Title == "" {
			row.Title = k.Label + "第" + strconv.FormatInt(c.RecordID, 10) + "号"
		}
		rows = append(rows, row)
	}
	return rows, truncated, nil
}

func (s *Server) boardPage(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	today := s.today()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	q, errs := s.boardQuery(r.URL.Query())
	page := &BoardPage{Base: s.base(r, "期限看板"), Today: today.Chinese(),
		ExportURL: "/board/export.xlsx?" + boardQueryString(q)}
	page.KindOpts = append(page.KindOpts, Option{Label: "全部台账", Selected: q.Kind == ""})
	for _, k := range s.kinds.Kinds() {
		page.KindOpts = append(page.KindOpts, Option{Value: k.Name, Label: k.Label, Selected: q.Kind == k.Name})
	}
	page.Units = append(page.Units, Option{Label: "全部单位", Selected: q.UnitID == 0})
	for _, u := range l.readableUnits() {
		id := strconv.FormatInt(u.ID, 10)
		page.Units = append(page.Units, Option{Value: id, Label: u.Name, Selected: q.UnitID == u.ID})
	}
	people, err := s.boardPeople(ctx, p.Actor)
	if err != nil {
		return err
	}
	page.People = append(page.People, Option{Label: "全部经办人", Selected: q.UserID == 0})
	for _, u := range people {
		page.People = append(page.People, Option{Value: strconv.FormatInt(u.ID, 10), Label: u.Name, Selected: q.UserID == u.ID})
	}
	status := http.StatusOK
	if errs != nil {
		status = http.StatusBadRequest
		page.Error = firstError(errs, boardErrorOrder)
	} else {
		if page.Rows, _, err = s.boardRows(ctx, p.Actor, l, q, today); err != nil {
			return err
		}
		sum, err := s.store.BoardSummary(ctx, p.Actor, q, today)
		if err != nil {
			return fmt.Errorf("web.boardPage: %w", err)
		}
		page.Total, page.Overdue, page.ByUnit = sum.Running, sum.Overdue, boardUnits(l, sum)
		win := pageWindow{Page: q.Offset/q.Limit + 1, PerPage: q.Limit}
		page.Page, page.Pages = win.Page, win.pages(sum.Running)
		v := r.URL.Query()
		if win.Page > 1 {
			page.PrevURL = pageLink("/board", v, min(win.Page-1, page.Pages))
		}
		if win.Page < page.Pages {
			page.NextURL = pageLink("/board", v, win.Page+1)
		}
	}
	s.render(w, r, status, "board.html", page)
	return nil
}

// boardUnits is the summary's lines, the units with most overdue first,
// then in the board's order (earliest due date first, pending last).
func boardUnits(l *lookup, sum store.BoardSummary) []BoardUnit {
	units := slices.Clone(sum.ByUnit)
	slices.SortStableFunc(units, func(a, b store.BoardUnitCount) int {
		switch {
		case a.Overdue != b.Overdue:
			return b.Overdue - a.Overdue
		case (a.FirstDue == "") != (b.FirstDue == ""):
			if a.FirstDue == "" {
				return 1
			}
			return -1
		}
		return strings.Compare(a.FirstDue, b.FirstDue)
	})
	out := make([]BoardUnit, 0, len(units))
	for _, u := range units {
		out = append(out, BoardUnit{Unit: l.unitName(u.UnitID), Running: u.Running, Overdue: u.Overdue})
	}
	return out
}

// boardPeople are the users of the units the actor reads, for the person
// filter.
type boardPerson struct {
	ID   int64
	Name string
}

func (s *Server) boardPeople(ctx context.Context, a store.Actor) ([]boardPerson, error) {
	var out []boardPerson
	seen := map[int64]bool{}
	for _, path := range a.Scope.ReadPaths {
		us, err := s.store.Users(ctx, path)
		if err != nil {
			return nil, fmt.Errorf("web.boardPeople: %w", err)
		}
		for _, u := range us {
			if !seen[u.ID] {
				seen[u.ID] = true
				name := u.Name
				if name == "" {
					name = u.Username
				}
				out = append(out, boardPerson{u.ID, name})
			}
		}
	}
	return out, nil
}

func boardQueryString(q store.BoardQuery) string {
	v := url.Values{}
	if q.Kind != "" {
		v.Set("kind", q.Kind)
	}
	if q.UnitID != 0 {
		v.Set("unit", strconv.FormatInt(q.UnitID, 10))
	}
	if q.UserID != 0 {
		v.Set("person", strconv.FormatInt(q.UserID, 10))
	}
	return v.Encode()
}

func (s *Server) boardExport(w http.ResponseWriter, r *http.Request) error {
	q, errs := s.boardQuery(r.URL.Query())
	if errs != nil {
		return &pageError{http.StatusBadRequest, firstError(errs, boardErrorOrder)}
	}
	return s.writeBoardExport(w, r, principal(r).Actor, q)
}

// writeBoardExport sends the board as a workbook — the whole board, up to
// store.MaxBoard rows, whatever page was asked — audited as an export.
func (s *Server) writeBoardExport(w http.ResponseWriter, r *http.Request, a store.Actor, q store.BoardQuery) error {
	ctx := r.Context()
	q.Limit, q.Offset = 0, 0
	l, err := s.lookup(ctx, a)
	if err != nil {
		return err
	}
	today := s.apiToday()
	rows, truncated, err := s.boardRows(ctx, a, l, q, today)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := writeBoardWorkbook(&buf, rows, truncated); err != nil {
		return fmt.Errorf("web.boardExport: %w", err)
	}
	now := s.cfg.Now()
	diff, _ := json.Marshal(map[string]any{"rows": len(rows), "query": boardQueryString(q)})
	e := &audit.Entry{At: now, ActorID: a.UserID, Actor: a.UserName, UnitID: a.UnitID, Addr: a.Addr, Action: "export",
		Object: "board", Diff: string(diff)}
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("web.boardExport: audit: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", contentDisposition("board.xlsx", "期限看板-"+now.In(calendar.China).Format("20060102")+".xlsx"))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = buf.WriteTo(w)
	return err
}

// boardHeader is the workbook's header row.
var boardHeader = []string{"编号", "事项", "台账", "单位", "状态", "期限", "法定依据", "起算日", "届满日", "剩余天数", "是否逾期", "经办人"}

func writeBoardWorkbook(w *bytes.Buffer, rows []BoardRow, truncated bool) error {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "期限看板"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	header := make([]any, len(boardHeader))
	for i, h := range boardHeader {
		header[i] = h
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	n := 2
	for _, r := range rows {
		due, left, late := r.Due, any(r.DaysLeft), "否"
		if r.Pending != "" {
			due, left = r.Pending, ""
		}
		if r.Overdue {
			late = "是"
		}
		if err := sw.SetRow("A"+strconv.Itoa(n), []any{r.RecordID, r.Title, r.KindLabel, r.Unit, r.State, r.Period, r.Basis,
			r.Start, due, left, late, r.Person}); err != nil {
			return err
		}
		n++
	}
	if truncated {
		note := fmt.Sprintf("注：进行中的期限超过 %d 项，本表只含前 %d 项。请按台账或单位筛选后分批导出。", store.MaxBoard, store.MaxBoard)
		if err := sw.SetRow("A"+strconv.Itoa(n+1), []any{note}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	_, err = f.WriteTo(w)
	return err
}
