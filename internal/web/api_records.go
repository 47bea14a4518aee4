package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// apiRecord is a record as the API shows it.
type apiRecord struct {
	ID        int64         `json:"id"`
	Kind      string        `json:"kind"`
	UnitID    int64         `json:"unit_id"`
	State     string        `json:"state"`
	Title     string        `json:"title"`
	Year      int           `json:"year"`
	Version   int           `json:"version"`
	Data      ledger.Values `json:"data"`
	CreatedAt time.Time     `json:"created_at"`
	UpdatedAt time.Time     `json:"updated_at"`
}

func apiRecordOf(r *ledger.Record) apiRecord {
	data := r.Data
	if data == nil {
		data = ledger.Values{}
	}
	return apiRecord{ID: r.ID, Kind: r.Kind, UnitID: r.UnitID, State: r.State, Title: r.Title,
		Year: r.Year, Version: r.Version, Data: data, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// apiList is a page of records.
type apiList struct {
	Items   []apiRecord `json:"items"`
	Total   int         `json:"total"`
	Page    int         `json:"page"`
	PerPage int         `json:"per_page"`
}

// apiKindOf is the kind named in the path, or a 404.
func (s *Server) apiKindOf(r *http.Request) (*ledger.Kind, error) {
	k := s.kinds.Kind(r.PathValue("kind"))
	if k == nil {
		return nil, errAPIUnknownKind
	}
	return k, nil
}

// apiTargetID resolves the kind and the record id named in the path,
// without reading the record: the store's update, transition and clock
// methods check scope and kind themselves (404 either way). A malformed id
// is not found.
func (s *Server) apiTargetID(r *http.Request) (*ledger.Kind, int64, error) {
	k, err := s.apiKindOf(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, 0, errAPINotFound
	}
	return k, id, nil
}

// apiTarget resolves the kind and reads the record named in the path. A
// record of another kind or outside the caller's scope is not found.
func (s *Server) apiTarget(r *http.Request, p *Principal) (*ledger.Kind, *ledger.Record, error) {
	k, id, err := s.apiTargetID(r)
	if err != nil {
		return nil, nil, err
	}
	rec, err := s.store.Record(r.Context(), p.Actor, id)
	if err != nil {
		return nil, nil, err
	}
	if rec.Kind != k.Name {
		return nil, nil, errAPINotFound
	}
	return k, rec, nil
}

func (s *Server) apiGetRecord(w http.ResponseWriter, r *http.Request, p *Principal) error {
	_, rec, err := s.apiTarget(r, p)
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiRecordOf(rec))
	return nil
}

// apiCreateBody is the body of POST /api/v1/records/{kind}.
type apiCreateBody struct {
	UnitID *int64    `json:"unit_id"`
	Data   apiValues `json:"data"`
}

func (s *Server) apiCreateRecord(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	var body apiCreateBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	unit := p.Actor.UnitID
	if body.UnitID != nil && *body.UnitID != 0 { // 0, like absent, is the caller's unit
		if *body.UnitID < 0 {
			return apiBad("unit_id", "unit_id 应为正整数的单位编号；不填或填 0 则记在您所在的单位")
		}
		unit = *body.UnitID
	}
	if err := apiCheckFormFields(k, body.Data); err != nil {
		return err
	}
	rec, err := s.store.CreateRecord(r.Context(), p.Actor, k, unit, ledger.Values(body.Data))
	if err != nil {
		return err
	}
	w.Header().Set("Location", fmt.Sprintf("/api/v1/records/%s/%d", k.Name, rec.ID))
	apiWriteJSON(w, http.StatusCreated, apiRecordOf(rec))
	return nil
}

// apiUpdateBody is the body of PATCH /api/v1/records/{kind}/{id}.
type apiUpdateBody struct {
	Version *int      `json:"version"`
	Data    apiValues `json:"data"`
}

func (s *Server) apiUpdateRecord(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, id, err := s.apiTargetID(r)
	if err != nil {
		return err
	}
	var body apiUpdateBody
	if err := apiDecode(w, r, &body); err != nil {
		return err
	}
	if body.Version == nil {
		return apiBad("version", "缺少 version：请先读取记录，把其中的 version 原样带上，以免覆盖他人的修改")
	}
	if len(body.Data) == 0 {
		return apiBad("data", "data 为空：请在 data 中给出要修改的字段和新值")
	}
	if err := apiCheckFormFields(k, body.Data); err != nil {
		return err
	}
	out, err := s.store.UpdateRecord(r.Context(), p.Actor, k, id, *body.Version, ledger.Values(body.Data))
	if err != nil {
		return err
	}
	apiWriteJSON(w, http.StatusOK, apiRecordOf(out))
	return nil
}

// apiCheckFormFields refuses names in data that are not form fields of k:
// unknown names and fields filled in at a workflow step.
func apiCheckFormFields(k *ledger.Kind, data map[string]string) error {
	bad := map[string]string{}
	for name := range data {
		f := apiField(k, name)
		switch {
		case f == nil:
			bad[name] = fmt.Sprintf("「%s」没有名为 %q 的字段：请删除它，可用字段见 GET /api/v1/kinds/%s", k.Label, name, k.Name)
		case f.Derived():
			bad[name] = f.DerivedMessage()
		case f.Step != "":
			bad[name] = fmt.Sprintf("「%s」不在新建或编辑时填写，而在办理「%s」时填写：请改用 transitions 接口", f.Label, apiEventLabel(k, f.Step))
		}
	}
	if len(bad) > 0 {
		return &apiError{Status: http.StatusBadRequest, Message: "data 中有不能填写的字段：请按各字段的提示修改", Fields: bad}
	}
	return nil
}

func apiField(k *ledger.Kind, name string) *ledger.Field {
	for i := range k.Fields {
		if k.Fields[i].Name == name {
			return &k.Fields[i]
		}
	}
	return nil
}

func apiEventLabel(k *ledger.Kind, event string) string {
	for _, t := range k.Workflow.Transitions {
		if t.Event == event {
			return t.Label
		}
	}
	return event
}

// apiListMaxPerPage is ListQuery's documented maximum.
const apiListMaxPerPage = 200

func (s *Server) apiListRecords(w http.ResponseWriter, r *http.Request, p *Principal) error {
	k, err := s.apiKindOf(r)
	if err != nil {
		return err
	}
	q, err := apiListQuery(k, r.URL.Query())
	if err != nil {
		return err
	}
	recs, total, err := s.store.ListRecords(r.Context(), p.Actor, q)
	if err != nil {
		return err
	}
	out := apiList{Items: make([]apiRecord, 0, len(recs)), Total: total, Page: q.Page, PerPage: q.PerPage}
	for i := range recs {
		out.Items = append(out.Items, apiRecordOf(&recs[i]))
	}
	apiWriteJSON(w, http.StatusOK, out)
	return nil
}

// apiListQuery parses the list parameters:
// state, year, unit, q, overdue=1, sort=[-]field, page, per_page, f.<field>.
func apiListQuery(k *ledger.Kind, v map[string][]string) (store.ListQuery, error) {
	q := store.ListQuery{Kind: k.Name, Page: 1, PerPage: 20, Sort: "-updated_at"}
	bad := map[string]string{}
	get := func(name string) string {
		if vs := v[name]; len(vs) > 0 {
			return strings.TrimSpace(vs[0])
		}
		return ""
	}
	posInt := func(name, msg string) int {
		s := get(name)
		if s == "" {
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			bad[name] = msg
			return 0
		}
		return n
	}
	if st := get("state"); st != "" {
		if k.State(st) == nil {
			bad["state"] = fmt.Sprintf("「%s」没有状态 %q：可用的状态是 %s", k.Label, st, apiStateNames(k))
		}
		q.State = st
	}
	if y := posInt("year", "year 应为四位数字的年度，例如 2024"); y != 0 {
		if y < 1900 || y > 9999 {
			bad["year"] = "year 应为四位数字的年度，例如 2024"
		}
		q.Year = y
	}
	q.UnitID = int64(posInt("unit", "unit 应为正整数的单位编号"))
	q.Search = get("q")
	if len([]rune(q.Search)) > 100 {
		bad["q"] = "搜索词过长：请不超过 100 个字"
	}
	switch get("overdue") {
	case "", "0", "false":
	case "1", "true":
		q.Overdue = true
	default:
		bad["overdue"] = "overdue 只能为 1（只看已逾期的）或不填"
	}
	if n := posInt("page", "page 应为从 1 开始的正整数页码"); n != 0 {
		q.Page = min(n, store.MaxPage) // an overflowing page is past the end
	}
	if n := posInt("per_page", fmt.Sprintf("per_page 应为 1 到 %d 之间的整数", apiListMaxPerPage)); n != 0 {
		if n > apiListMaxPerPage {
			bad["per_page"] = fmt.Sprintf("per_page 不能超过 %d", apiListMaxPerPage)
		}
		q.PerPage = n
	}
	if sort := get("sort"); sort != "" {
		name := strings.TrimPrefix(sort, "-")
		if !slices.Contains(apiSortable(k), name) {
			bad["sort"] = fmt.Sprintf("不能按 %q 排序：可用 %s，前加 - 表示倒序", name, strings.Join(apiSortable(k), "、"))
		}
		q.Sort = sort
	}
	for key, vs := range v {
		name, ok := strings.CutPrefix(key, "f.")
		if !ok || len(vs) == 0 {
			continue
		}
		f := apiField(k, name)
		switch {
		case f == nil:
			bad[key] = fmt.Sprintf("「%s」没有名为 %q 的字段，不能按它筛选", k.Label, name)
		case f.Type == ledger.TypePersonal:
			bad[key] = fmt.Sprintf("「%s」是个人信息，不能按它筛选列表", f.Label)
		case f.Type == ledger.TypeTable:
			bad[key] = fmt.Sprintf("「%s」是表格，不能按它筛选列表；请用 q 全文检索其中可检索的列", f.Label)
		default:
			if q.Filters == nil {
				q.Filters = map[string]string{}
			}
			q.Filters[name] = strings.TrimSpace(vs[0])
		}
	}
	if len(bad) > 0 {
		return q, &apiError{Status: http.StatusBadRequest, Message: "查询参数有误：请按各参数的提示修改", Fields: bad}
	}
	return q, nil
}

// apiSortable lists what a list may be sorted by: the record's own columns
// and every indexed field (not personal data, long text or files).
func apiSortable(k *ledger.Kind) []string {
	out := []string{"updated_at", "created_at", "id", "title", "state", "year"}
	for _, f := range k.Fields {
		switch f.Type {
		case ledger.TypePersonal, ledger.TypeLongText, ledger.TypeFile, ledger.TypeTable:
		default:
			if !slices.Contains(out, f.Name) {
				out = append(out, f.Name)
			}
		}
	}
	return out
}

func apiStateNames(k *ledger.Kind) string {
	names := make([]string, 0, len(k.Workflow.States))
	for _, st := range k.Workflow.States {
		names = append(names, st.Name+"（"+st.Label+"）")
	}
	return strings.Join(names, "、")
}
