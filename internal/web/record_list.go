package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

const listPerPage = 20

// recordList is a ledger's list: filters by state, year, unit and the
// kind's filter fields, Chinese full-text search, sort and paging. An htmx
// request (typing in the search box) gets only the table fragment.
func (s *Server) recordList(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := principal(r)
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	qv := r.URL.Query()
	lp := ListParams{
		Search: truncate(strings.TrimSpace(qv.Get("q")), 100), State: qv.Get("state"), Year: strings.TrimSpace(qv.Get("year")),
		Unit: qv.Get("unit"), Sort: qv.Get("sort"), Overdue: qv.Get("overdue") == "1",
	}
	q := store.ListQuery{Kind: k.Name, Search: lp.Search, Overdue: lp.Overdue, PerPage: listPerPage, Filters: map[string]string{}}
	// Unknown states, sorts and filter values are ignored rather than
	// refused: a list URL is often hand-edited or stale.
	if k.State(lp.State) != nil {
		q.State = lp.State
	} else {
		lp.State = ""
	}
	if y, err := strconv.Atoi(lp.Year); err == nil && y > 1900 && y < 3000 {
		q.Year = y
	} else {
		lp.Year = ""
	}
	if id, err := strconv.ParseInt(lp.Unit, 10, 64); err == nil && l.a.Scope.CanRead(l.unitPath(id)) && l.unitPath(id) != "" {
		q.UnitID = id
	} else {
		lp.Unit = ""
	}
	if sortable(k, strings.TrimPrefix(lp.Sort, "-")) {
		q.Sort = lp.Sort
	} else {
		lp.Sort, q.Sort = "", "-updated_at"
	}
	q.Page, _ = strconv.Atoi(qv.Get("page"))
	if q.Page < 1 || q.Page > 100000 {
		q.Page = 1
	}
	var filters []ledger.Field
	fvals := ledger.Values{}
	for _, f := range k.Fields {
		if !f.Filter || f.Type == ledger.TypePersonal {
			continue
		}
		filters = append(filters, f)
		if v := strings.TrimSpace(qv.Get("f_" + f.Name)); v != "" && utf8.RuneCountInString(v) <= 200 {
			fvals[f.Name] = v
			q.Filters[f.Name] = v
		}
	}

	recs, total, err := s.store.ListRecords(ctx, p.Actor, q)
	if err != nil {
		return fmt.Errorf("web.recordList: %w", err)
	}
	table := s.listTable(l, k, lp, fvals, recs, total, q.Page)
	late, err := s.store.LateNotes(ctx, p.Actor, recordIDs(recs))
	if err != nil {
		return fmt.Errorf("web.recordList: %w", err)
	}
	for i := range table.Rows {
		table.Rows[i].Late = late[recs[i].ID]
	}
	if isHTMX(r) {
		s.renderFragment(w, r, "list.html", "table", table)
		return nil
	}
	page := &ListPage{Base: s.base(r, k.Label), Kind: k, Q: lp, Table: table,
		CanCreate: len(createUnits(l, k)) > 0}
	page.States = append(page.States, Option{Value: "", Label: "全部状态", Selected: lp.State == ""})
	for _, st := range k.Workflow.States {
		page.States = append(page.States, Option{Value: st.Name, Label: st.Label, Selected: st.Name == lp.State})
	}
	page.Units = unitOptions(l.readableUnits(), lp.Unit, "全部单位")
	ff, err := s.formFields(ctx, l, filters, fvals, nil, 0)
	if err != nil {
		return err
	}
	for i := range ff {
		ff[i].Name = "f_" + ff[i].Name
		ff[i].Required, ff[i].Help = false, ""
		if ff[i].Widget == "textarea" {
			ff[i].Widget = "text"
		}
	}
	page.Filters = ff
	s.render(w, r, http.StatusOK, "list.html", page)
	return nil
}

func sortable(k *ledger.Kind, name string) bool {
	if name == "updated_at" || name == "created_at" {
		return true
	}
	for _, f := range k.Fields {
		if f.Name == name && f.List && f.Type != ledger.TypePersonal {
			return true
		}
	}
	return false
}

func (s *Server) listTable(l *lookup, k *ledger.Kind, lp ListParams, fvals ledger.Values, recs []ledger.Record, total, page int) ListTable {
	base := url.Values{}
	set := func(key, v string) {
		if v != "" {
			base.Set(key, v)
		}
	}
	set("q", lp.Search)
	set("state", lp.State)
	set("year", lp.Year)
	set("unit", lp.Unit)
	if lp.Overdue {
		base.Set("overdue", "1")
	}
	for n, v := range fvals {
		base.Set("f_"+n, v)
	}
	link := func(sort string, page int) string {
		v := url.Values{}
		for key, vs := range base {
			v[key] = vs
		}
		if sort != "" {
			v.Set("sort", sort)
		}
		if page > 1 {
			v.Set("page", strconv.Itoa(page))
		}
		return "/l/" + k.Name + "?" + v.Encode()
	}
	t := ListTable{Kind: k.Name, Total: total, Page: page, Pages: (total + listPerPage - 1) / listPerPage}
	// The export link lives in the table fragment, so an htmx filter
	// change that swaps the table also updates what "导出 Excel" exports.
	export := url.Values{}
	for key, vs := range base {
		export[key] = vs
	}
	if lp.Sort != "" {
		export.Set("sort", lp.Sort)
	}
	t.ExportURL = "/l/" + k.Name + "/export.xlsx?" + export.Encode()
	var cols []ledger.Field
	for _, f := range k.Fields {
		if f.List && f.Name != k.TitleField {
			cols = append(cols, f)
		}
	}
	for _, f := range cols {
		c := Column{Label: f.Label}
		if f.Type != ledger.TypePersonal {
			switch lp.Sort {
			case f.Name:
				c.Sorted, c.SortURL = "asc", link("-"+f.Name, 1)
			case "-" + f.Name:
				c.Sorted, c.SortURL = "desc", link(f.Name, 1)
			default:
				c.SortURL = link(f.Name, 1)
			}
		}
		t.Columns = append(t.Columns, c)
	}
	for _, rec := range recs {
		row := ListRow{URL: recordURL(k.Name, rec.ID), Title: rec.Title, State: stateLabel(k, rec.State),
			Unit: l.unitName(rec.UnitID), Update: rec.UpdatedAt.In(calendar.China).Format("2006-01-02 15:04")}
		if row.Title == "" {
			row.Title = "（无标题）#" + strconv.FormatInt(rec.ID, 10)
		}
		for _, f := range cols {
			v, _ := s.display(l, f, rec.Data[f.Name])
			row.Cells = append(row.Cells, v)
		}
		t.Rows = append(t.Rows, row)
	}
	if page > 1 {
		t.PrevURL = link(lp.Sort, page-1)
	}
	if page < t.Pages {
		t.NextURL = link(lp.Sort, page+1)
	}
	if total == 0 {
		t.Empty = "没有符合条件的记录。"
		if lp.Search != "" {
			t.Empty = "没有找到包含“" + lp.Search + "”的记录，请换个关键词。"
		}
	}
	return t
}

func recordIDs(recs []ledger.Record) []int64 {
	ids := make([]int64, len(recs))
	for i := range recs {
		ids[i] = recs[i].ID
	}
	return ids
}
