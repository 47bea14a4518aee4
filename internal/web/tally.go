package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// TallyPage is a kind's per-person yearly totals (e.g. study hours), those
// short of their minimum first.
type TallyPage struct {
	Base
	Kind      *ledger.Kind
	Tally     *ledger.Tally
	Year      int
	UnitID    int64
	Units     []Option
	Rows      []TallyView
	Short     int
	ExportURL string
}

// TallyView is one person's line.
type TallyView struct {
	Person, Group, Total, Minimum, Status string
	Short                                 bool
	Records                               []LinkView
}

// tallyShow renders /tally/{kind}/{name}?unit=&year=[&format=xlsx].
func (s *Server) tallyShow(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	k := s.kinds.Kind(r.PathValue("kind"))
	if k == nil || k.TallyOf(r.PathValue("name")) == nil {
		return errNotFound
	}
	t := k.TallyOf(r.PathValue("name"))
	ctx := r.Context()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	year := s.today().Year
	if y, err := strconv.Atoi(q.Get("year")); err == nil && y >= 2000 && y <= year+1 {
		year = y
	}
	unit := p.User.UnitID
	if u, err := strconv.ParseInt(q.Get("unit"), 10, 64); err == nil && l.unitName(u) != "" {
		unit = u
	}
	rows, err := s.store.Tally(ctx, p.Actor, k, t.Name, unit, year)
	if err != nil {
		return err
	}
	page := &TallyPage{Base: s.base(r, fmt.Sprintf("%d年%s", year, t.Label)), Kind: k, Tally: t, Year: year, UnitID: unit,
		Units:     unitOptions(l.readableUnits(), strconv.FormatInt(unit, 10), ""),
		ExportURL: fmt.Sprintf("/tally/%s/%s?unit=%d&year=%d&format=xlsx", k.Name, t.Name, unit, year)}
	for _, row := range rows {
		v := TallyView{Person: s.tallyPerson(l, row.Key), Group: row.Group, Total: trimNumber(row.Total), Short: row.Short,
			Minimum: "—", Status: "不考核"}
		if row.Minimum > 0 {
			v.Minimum = strconv.Itoa(row.Minimum)
			v.Status = "达标"
			if row.Short {
				v.Status = "差" + trimNumber(float64(row.Minimum)-row.Total) + t.Unit
				page.Short++
			}
		}
		for _, id := range row.Records {
			v.Records = append(v.Records, LinkView{Title: fmt.Sprintf("第%d号", id), URL: recordURL(k.Name, id)})
		}
		page.Rows = append(page.Rows, v)
	}
	if q.Get("format") == "xlsx" {
		return s.tallyXLSX(w, page)
	}
	s.render(w, r, http.StatusOK, "tally.html", page)
	return nil
}

// tallyPerson names a tally key: a user's name, or the name typed.
func (s *Server) tallyPerson(l *lookup, key string) string {
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		if n := l.userName(id); n != "" {
			return n
		}
	}
	return key
}

func trimNumber(f float64) string {
	return strings.TrimSuffix(strings.TrimRight(strconv.FormatFloat(f, 'f', 2, 64), "0"), ".")
}

func (s *Server) tallyXLSX(w http.ResponseWriter, page *TallyPage) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := "Sheet1"
	header := []any{"人员", "类别", "合计（" + page.Tally.Unit + "）", "最低要求", "情况", "记录数"}
	if err := f.SetSheetRow(sheet, "A1", &header); err != nil {
		return err
	}
	for i, row := range page.Rows {
		line := []any{row.Person, row.Group, row.Total, row.Minimum, row.Status, len(row.Records)}
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", i+2), &line); err != nil {
			return err
		}
	}
	name := fmt.Sprintf("%d年%s.xlsx", page.Year, page.Tally.Label)
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", `attachment; filename="tally.xlsx"; filename*=UTF-8''`+url.PathEscape(name))
	return f.Write(w)
}
