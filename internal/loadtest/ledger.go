package loadtest

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// This file is the ledger workload the benchmark runs against every target:
// the same generated legality reviews (合法性审查) created through the API
// and the same filtered, sorted, paged lists read back. A LedgerAPI spells
// the requests in one server's dialect.

// SubjectTypes and Departments are the values the generator draws from.
// A list filter names one of each, so it matches about 1/50 of a unit's
// records.
var (
	SubjectTypes = []string{"重大行政决策", "规范性文件", "合同", "重大执法决定", "其他"}
	Departments  = []string{"党政综合办公室", "司法所", "财政所", "自然资源所", "农业农村办公室",
		"社会事务办公室", "应急管理办公室", "城乡建设办公室", "综合行政执法队", "经济发展办公室"}
	Reviewers = []string{"审核专班", "法律顾问"}
	names     = []string{"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
	titleHead = []string{"关于", "关于印发", "关于调整", "关于进一步规范", "关于开展"}
	titleBody = []string{"农村集体资产管理", "集镇环境综合整治", "征地补偿安置", "河道采砂管理", "耕地保护",
		"公共服务设施建设", "安全生产检查", "物业服务收费", "村庄规划编制", "水利工程维护"}
	titleTail = []string{"的通知", "的实施方案", "的决定", "的办法", "合同"}
)

// Sample is one generated legality review, identical for every target.
type Sample struct {
	SubjectType string
	Title       string
	Department  string
	Reviewer    string // 审核专班 or 法律顾问
	ReviewerBy  string // the reviewer's name
	Received    string // 2006-01-02
}

// SampleRecord returns the seq-th record of the workload: deterministic, so
// every target stores the same data.
func SampleRecord(seq int64) Sample {
	r := rand.New(rand.NewPCG(uint64(seq), 0x5eed))
	received := time.Date(2024, 1, 1+r.IntN(900), 0, 0, 0, 0, time.UTC) // 2024-01-01 … 2026-06-18
	return Sample{
		SubjectType: SubjectTypes[r.IntN(len(SubjectTypes))],
		Title: fmt.Sprintf("%s%s%s（第%d号）", titleHead[r.IntN(len(titleHead))],
			titleBody[r.IntN(len(titleBody))], titleTail[r.IntN(len(titleTail))], seq+1),
		Department: Departments[r.IntN(len(Departments))],
		Reviewer:   Reviewers[r.IntN(len(Reviewers))],
		ReviewerBy: names[r.IntN(len(names))] + names[r.IntN(len(names))] + "律师",
		Received:   received.Format(time.DateOnly),
	}
}

// ListFilter is one list request of the workload: a subject type and a
// department, newest first, one of the first five pages.
type ListFilter struct {
	SubjectType string
	Department  string
	Page        int
	PerPage     int
}

// SampleFilter returns the seq-th list request of the workload.
func SampleFilter(seq int64) ListFilter {
	r := rand.New(rand.NewPCG(uint64(seq), 0xf117e7))
	return ListFilter{
		SubjectType: SubjectTypes[r.IntN(len(SubjectTypes))],
		Department:  Departments[r.IntN(len(Departments))],
		Page:        1 + r.IntN(5),
		PerPage:     20,
	}
}

// Principal is one API caller: its token and the unit its records belong
// to (the server's data scope limits it to that unit).
type Principal struct {
	Token string
	Unit  string // unit id as the target spells it
	Owner string // the user's id, where the target scopes by owner (PocketBase)
}

// LedgerAPI spells the workload's requests for one server.
type LedgerAPI interface {
	Name() string
	Create(p Principal, s Sample) Op
	List(p Principal, f ListFilter) Op
}

// FazhiFields names the legality-review fields the workload fills in, as
// fazhi's kind declares them.
type FazhiFields struct {
	SubjectType, Title, Department, Reviewer, ReviewerBy, Received string
}

// FazhiAPI is fazhi's JSON API: POST and GET /api/v1/records/{kind}.
type FazhiAPI struct {
	Kind   string
	Fields FazhiFields
}

func (FazhiAPI) Name() string { return "fazhi" }

func (a FazhiAPI) Create(p Principal, s Sample) Op {
	data := map[string]string{}
	put := func(field, v string) {
		if field != "" {
			data[field] = v
		}
	}
	put(a.Fields.SubjectType, s.SubjectType)
	put(a.Fields.Title, s.Title)
	put(a.Fields.Department, s.Department)
	put(a.Fields.Reviewer, s.Reviewer)
	put(a.Fields.ReviewerBy, s.ReviewerBy)
	put(a.Fields.Received, s.Received)
	unit, _ := strconv.ParseInt(p.Unit, 10, 64)
	body, _ := json.Marshal(struct {
		UnitID int64             `json:"unit_id"`
		Data   map[string]string `json:"data"`
	}{unit, data})
	return Op{Method: http.MethodPost, Path: "/api/v1/records/" + url.PathEscape(a.Kind), Body: body,
		Header: bearer(p.Token), Want: http.StatusCreated}
}

func (a FazhiAPI) List(p Principal, f ListFilter) Op {
	q := url.Values{}
	if a.Fields.SubjectType != "" {
		q.Set("f."+a.Fields.SubjectType, f.SubjectType)
	}
	if a.Fields.Department != "" {
		q.Set("f."+a.Fields.Department, f.Department)
	}
	q.Set("sort", "-updated_at")
	q.Set("page", strconv.Itoa(f.Page))
	q.Set("per_page", strconv.Itoa(f.PerPage))
	return Op{Method: http.MethodGet, Path: "/api/v1/records/" + url.PathEscape(a.Kind) + "?" + q.Encode(),
		Header: bearer(p.Token), Want: http.StatusOK, Check: checkPage("items", "total", f.Page, f.PerPage)}
}

// PocketBaseAPI is PocketBase's records API on a collection shaped like
// the legality review (see SetupPocketBase).
type PocketBaseAPI struct {
	Collection string
}

func (PocketBaseAPI) Name() string { return "pocketbase" }

func (a PocketBaseAPI) Create(p Principal, s Sample) Op {
	body, _ := json.Marshal(map[string]string{
		"subject_type":  s.SubjectType,
		"title":         s.Title,
		"department":    s.Department,
		"reviewer":      s.Reviewer,
		"reviewer_name": s.ReviewerBy,
		"received":      s.Received + " 00:00:00.000Z",
		"unit":          p.Unit,
		"owner":         p.Owner,
	})
	return Op{Method: http.MethodPost, Path: "/api/collections/" + url.PathEscape(a.Collection) + "/records",
		Body: body, Header: bearer(p.Token), Want: http.StatusOK}
}

func (a PocketBaseAPI) List(p Principal, f ListFilter) Op {
	q := url.Values{}
	q.Set("filter", fmt.Sprintf("subject_type = %s && department = %s", pbQuote(f.SubjectType), pbQuote(f.Department)))
	q.Set("sort", "-updated")
	q.Set("page", strconv.Itoa(f.Page))
	q.Set("perPage", strconv.Itoa(f.PerPage))
	return Op{Method: http.MethodGet, Path: "/api/collections/" + url.PathEscape(a.Collection) + "/records?" + q.Encode(),
		Header: bearer(p.Token), Want: http.StatusOK, Check: checkPage("items", "totalItems", f.Page, f.PerPage)}
}

// pbQuote quotes a string literal for a PocketBase filter, whose scanner
// takes backslash escapes inside quotes.
func pbQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func bearer(token string) http.Header {
	return http.Header{"Authorization": {"Bearer " + token}}
}

// checkPage verifies a list answer is a page: an items array no longer than
// the page size, and a total consistent with it.
func checkPage(itemsKey, totalKey string, page, perPage int) func([]byte) error {
	return func(b []byte) error {
		var m map[string]json.RawMessage
		if err := json.Unmarshal(b, &m); err != nil {
			return fmt.Errorf("list answer is not a JSON object: %v", err)
		}
		var items []json.RawMessage
		if err := json.Unmarshal(m[itemsKey], &items); err != nil {
			return fmt.Errorf("list answer has no %q array", itemsKey)
		}
		var total int
		if err := json.Unmarshal(m[totalKey], &total); err != nil {
			return fmt.Errorf("list answer has no %q number", totalKey)
		}
		want := min(perPage, max(0, total-(page-1)*perPage))
		if len(items) != want {
			return fmt.Errorf("page %d has %d items with %s %d, want %d", page, len(items), totalKey, total, want)
		}
		return nil
	}
}
