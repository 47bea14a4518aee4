package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// Export of a ledger list to an Excel workbook (.xlsx). The export takes
// the list's filters, reads through the store under the caller's data
// scope (personal data arrives masked for roles without need, exactly as
// on screen), and is an audited event.

const (
	// exportMaxRows caps one export; the workbook says so when it is hit.
	exportMaxRows = 10000
	// exportPageSize is how many records one store read fetches.
	exportPageSize = 200
)

// exportList is the UI's export: GET /l/{kind}/export.xlsx with the list
// page's parameters (f_<field> for field filters).
func (s *Server) exportList(w http.ResponseWriter, r *http.Request) error {
	k, err := s.kindOf(r)
	if err != nil {
		return err
	}
	q, err := exportQuery(k, r.URL.Query())
	if err != nil {
		return &pageError{Status: http.StatusBadRequest, Message: exportBadQueryMessage(err)}
	}
	return s.export(w, r, principal(r), k, q)
}

// apiExportRecords is the API's export: GET
// /api/v1/records/{kind}/export.xlsx with the list's query parameters.
func (s *Server) apiExportRecords(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	q, err := exportQuery(k, r.URL.Query())
	if err != nil {
		return err
	}
	return s.export(w, r, p, k, q)
}

// exportQuery reads the list filters of an export. It accepts the API's
// names (state, year, unit, q, overdue, sort, f.<field>) and the list
// page's f_<field>; paging parameters are ignored, since an export is every
// page.
func exportQuery(k *ledger.Kind, v url.Values) (store.ListQuery, error) {
	in := url.Values{}
	for key, vs := range v {
		switch {
		case key == "page" || key == "per_page":
		case strings.HasPrefix(key, "f_"):
			if len(vs) > 0 && strings.TrimSpace(vs[0]) != "" {
				in["f."+strings.TrimPrefix(key, "f_")] = vs
			}
		default:
			in[key] = vs
		}
	}
	q, err := apiListQuery(k, in)
	q.Page, q.PerPage = 1, exportPageSize
	return q, err
}

// exportBadQueryMessage turns the API's field messages into one sentence
// for the error page.
func exportBadQueryMessage(err error) string {
	ae := apiErrorOf(err)
	msgs := make([]string, 0, len(ae.Fields))
	for _, m := range ae.Fields {
		msgs = append(msgs, m)
	}
	slices.Sort(msgs)
	if len(msgs) == 0 {
		return "导出条件有误：" + ae.Message
	}
	return "导出条件有误：" + strings.Join(msgs, "；") + "。请回到列表页重新筛选后再导出。"
}

// export reads the list page by page into the workbook, records the
// export in the audit log and sends the file. The audit entry is written
// before the file: an export that cannot be audited is not sent. Only a
// page of records is held at a time; the workbook itself is built in
// memory (compressed) so that its length is known.
func (s *Server) export(w http.ResponseWriter, r *http.Request, p *Principal, k *ledger.Kind, q store.ListQuery) error {
	ctx := r.Context()
	l, err := s.lookup(ctx, p.Actor)
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	var buf bytes.Buffer
	rows, total, err := s.writeExport(ctx, &buf, p.Actor, l, k, q, exportMaxRows)
	if err != nil {
		return err
	}
	e := &audit.Entry{At: now, ActorID: p.Actor.UserID, Actor: p.Actor.UserName, UnitID: p.Actor.UnitID,
		Addr: p.Actor.Addr, Action: "export", Object: "kind:" + k.Name, Diff: exportDiff(q, rows, total, p.Actor.SeePersonal)}
	if err := s.store.AppendAudit(ctx, e); err != nil {
		return fmt.Errorf("web.export(%s): audit: %w", k.Name, err)
	}
	name := fmt.Sprintf("%s-%s.xlsx", k.Label, now.In(calendar.China).Format("20060102"))
	h := w.Header()
	h.Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	h.Set("Content-Disposition", contentDisposition(k.Name+".xlsx", name))
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Length", fmt.Sprint(buf.Len()))
	w.WriteHeader(http.StatusOK)
	_, err = buf.WriteTo(w)
	if err != nil {
		return fmt.Errorf("web.export(%s): send: %w", k.Name, err)
	}
	return nil
}

// writeExport writes the workbook of q's records (up to max, with their
// late notes) to w, reading them a page at a time; it returns how many rows
// were written and how many matched.
func (s *Server) writeExport(ctx context.Context, w io.Writer, a store.Actor, l *lookup, k *ledger.Kind, q store.ListQuery, max int) (rows, total int, err error) {
	pages := func(yield func([]ledger.Record, map[int64]string) error) (int, int, error) {
		return s.exportPages(ctx, a, q, max, func(page []ledger.Record) error {
			late, err := s.store.LateNotes(ctx, a, recordIDs(page))
			if err != nil {
				return err
			}
			if late == nil {
				late = map[int64]string{}
			}
			return yield(page, late)
		})
	}
	return s.writeWorkbookPages(w, l, k, pages, true)
}

// exportRecords reads q page by page, up to max records. total is how many
// match; when it exceeds len(recs) the export was capped.
func (s *Server) exportRecords(ctx context.Context, a store.Actor, q store.ListQuery, max int) (recs []ledger.Record, total int, err error) {
	_, total, err = s.exportPages(ctx, a, q, max, func(page []ledger.Record) error {
		recs = append(recs, page...)
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return recs, total, nil
}

// exportPages calls fn with each page of q's records, in the list's order,
// up to limit records, and returns how many it passed and how many match.
// Lists in updated_at order (the default) are read by keyset (each page
// after the last record of the one before), so reading every page costs
// the same per page however deep; other orders page by offset.
func (s *Server) exportPages(ctx context.Context, a store.Actor, q store.ListQuery, limit int, fn func([]ledger.Record) error) (n, total int, err error) {
	if q.PerPage <= 0 {
		q.PerPage = exportPageSize
	}
	if q.Page <= 0 {
		q.Page = 1
	}
	keyset := q.Sort == "" || q.Sort == "updated_at" || q.Sort == "-updated_at"
	for {
		page, t, err := s.store.ListRecords(ctx, a, q)
		if err != nil {
			return 0, 0, fmt.Errorf("web.exportRecords(%s) page %d: %w", q.Kind, q.Page, err)
		}
		if t >= 0 {
			total = t
		}
		full := len(page) == q.PerPage
		if n+len(page) > limit {
			page = page[:limit-n]
		}
		if len(page) > 0 {
			if err := fn(page); err != nil {
				return 0, 0, err
			}
		}
		n += len(page)
		if !full || n >= total || n >= limit {
			break
		}
		if keyset {
			q.After = store.CursorOf(&page[len(page)-1])
		} else {
			q.Page++
		}
	}
	return n, max(total, n), nil
}

// longDigits finds runs of digits long enough to be an ID or phone number,
// which a search box may hold but the audit log must not.
var longDigits = regexp.MustCompile(`[0-9]{6,}[0-9Xx]?`)

// exportDiff is the audit diff of an export: the filter, how many rows
// were sent of how many matched, and whether personal data was masked.
func exportDiff(q store.ListQuery, rows, total int, clear bool) string {
	filter := map[string]any{"kind": q.Kind}
	if q.State != "" {
		filter["state"] = q.State
	}
	if q.Year != 0 {
		filter["year"] = q.Year
	}
	if q.UnitID != 0 {
		filter["unit"] = q.UnitID
	}
	if q.Search != "" {
		filter["q"] = longDigits.ReplaceAllString(q.Search, "[数字已隐去]")
	}
	if q.Overdue {
		filter["overdue"] = true
	}
	if q.Sort != "" {
		filter["sort"] = q.Sort
	}
	if len(q.Filters) > 0 {
		filter["f"] = q.Filters
	}
	b, err := json.Marshal(map[string]any{"filter": filter, "rows": rows, "total": total, "personal_in_clear": clear})
	if err != nil { // maps of strings and numbers always marshal
		return "{}"
	}
	return string(b)
}

// contentDisposition names a download: an ASCII fallback and the UTF-8
// name (RFC 6266 with RFC 5987 encoding).
func contentDisposition(ascii, name string) string {
	return fmt.Sprintf(`attachment; filename="%s"; filename*=UTF-8''%s`, asciiFilename(ascii), rfc5987(name))
}

func asciiFilename(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '/' {
			b.WriteByte(c)
		} else {
			b.WriteByte('_')
		}
	}
	return b.String()
}

// rfc5987 percent-encodes every byte that is not an attr-char.
func rfc5987(s string) string {
	const attr = "!#$&+-.^_`|~"
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(attr, c) >= 0 {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}
