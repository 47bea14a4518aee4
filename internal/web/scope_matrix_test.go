package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// The data-scope matrix: every API route and the main UI routes, called by
// every role of township A (the county inspector included) and by a legal
// adviser of A with a grant to township B, on a record of A ("own") and on a
// record of B ("other"). Each row reads like the policy it checks:
//
//   - another unit's record does not exist for the caller: 404, and lists
//     and searches do not show it;
//   - in one's own unit, an action the role does not allow: 403;
//   - the 督察员 reads the whole county subtree, and every write is 403;
//   - the adviser granted B acts in B as in A.
//
// Who may act is the kinds' declaration: 合法性审查 is recorded and edited
// by 录入员, 审核员 and 法律顾问, reviewed by 审核员 and 法律顾问; its files
// are attached by anyone with a role in its workflow (负责人 may withdraw it);
// its clocks are adjusted by its editors and the 负责人. 重大行政决策 is
// drafted by 录入员 and 负责人.
//
// Cells: a status code, or for lists and searches "show" (200 and the record
// is listed) and "hide" (200 and it is not).
var matrixUsers = []string{"clerkA", "reviewerA", "adviserA", "headA", "adminA", "inspector", "adviserAB"}

type matrixRow struct {
	route      string
	own, other string // one cell per matrixUsers column
	kind       string // kind of the target record
	do         func(c *matrixCell) string
}

var apiMatrix = []matrixRow{
	//                                                            clerkA reviewerA adviserA headA adminA inspector adviserAB
	{route: "GET list ?unit=", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: apiListCell},
	{route: "GET list ?q= (search)", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: apiSearchCell},
	{route: "GET export.xlsx ?unit=", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: apiExportCell},
	{route: "GET record", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiGetCell("")},
	{route: "GET history", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiGetCell("/history")},
	{route: "GET clocks", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiGetCell("/clocks")},
	{route: "GET links", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiGetCell("/links")},
	{route: "GET attachments", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiGetCell("/attachments")},
	{route: "GET attachment download", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiDownloadCell},
	{route: "POST create (unit_id)", kind: "legality_review",
		own:   "201 201 201 403 403 403 201",
		other: "404 404 404 404 404 403 201", do: apiCreateCell},
	{route: "PATCH record", kind: "legality_review",
		own:   "200 200 200 403 403 403 200",
		other: "404 404 404 404 404 403 200", do: apiPatchCell},
	{route: "POST transitions start_review", kind: "legality_review",
		own:   "403 200 200 403 403 403 200",
		other: "404 404 404 404 404 403 200", do: apiTransitionCell("start_review", nil)},
	{route: "POST transitions start_comment", kind: "major_decision",
		own:   "200 403 403 200 403 403 403",
		other: "404 404 404 404 404 403 403", do: apiTransitionCell("start_comment", startComment)},
	{route: "POST corrections (form field)", kind: "legality_review",
		own:   "200 200 200 200 403 403 200",
		other: "404 404 404 404 404 403 200", do: apiCorrectCell},
	{route: "POST clocks/review_limit extend", kind: "legality_review",
		own:   "200 200 200 200 403 403 200",
		other: "404 404 404 404 404 403 200", do: apiClockCell},
	{route: "GET todo", kind: "legality_review",
		own:   "hide show show hide hide hide show",
		other: "hide hide hide hide hide hide show", do: apiTodoCell},
	{route: "GET board", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: apiBoardCell},
	{route: "GET board export.xlsx", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: apiBoardExportCell},
	{route: "GET settings?unit=", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiSettingsCell},
	{route: "GET indicators?unit=", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: apiIndicatorsCell},
	{route: "GET indicators/{id}/records?unit=", kind: "legality_review",
		own:   "show show show show show show show",
		other: "404 404 404 404 404 show show", do: apiIndicatorRecordsCell},
	{route: "POST attachments", kind: "legality_review",
		own:   "201 201 201 201 403 403 201",
		other: "404 404 404 404 404 403 201", do: apiUploadCell},
	{route: "POST import ?unit=", kind: "legality_review",
		own:   "201 201 201 403 403 403 201",
		other: "404 404 404 403 403 403 201", do: apiImportCell},
	{route: "GET import/template.xlsx", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "200 200 200 200 200 200 200", do: apiTemplateCell},
	{route: "POST imports/{id}/undo", kind: "legality_review",
		own:   "200 200 200 403 403 403 200",
		other: "404 404 404 404 404 403 200", do: apiUndoCell},
}

var uiMatrix = []matrixRow{
	//                                                            clerkA reviewerA adviserA headA adminA inspector adviserAB
	{route: "GET /l/{kind}?unit=", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: uiListCell},
	{route: "GET /l/{kind}?q= (search)", kind: "legality_review",
		own:   "show show show show show show show",
		other: "hide hide hide hide hide show show", do: uiSearchCell},
	{route: "GET /l/{kind}/{id}", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: uiGetCell("")},
	{route: "GET /l/{kind}/{id}/files/{sha}", kind: "legality_review",
		own:   "200 200 200 200 200 200 200",
		other: "404 404 404 404 404 200 200", do: uiDownloadCell},
	{route: "POST /l/{kind} (unit_id)", kind: "legality_review",
		own:   "303 303 303 403 403 403 303",
		other: "403 403 403 403 403 403 303", do: uiCreateCell},
	{route: "GET /l/{kind}/{id}/edit", kind: "legality_review",
		own:   "200 200 200 403 403 403 200",
		other: "404 404 404 404 404 403 200", do: uiGetCell("/edit")},
	{route: "POST /l/{kind}/{id}", kind: "legality_review",
		own:   "303 303 303 403 403 403 303",
		other: "404 404 404 404 404 403 303", do: uiUpdateCell},
	{route: "POST /l/{kind}/{id}/transition/start_review", kind: "legality_review",
		own:   "403 303 303 403 403 403 303",
		other: "404 404 404 404 404 403 303", do: uiTransitionCell("start_review", nil)},
	{route: "POST /l/{kind}/{id}/transition/start_comment", kind: "major_decision",
		own:   "303 403 403 303 403 403 403",
		other: "404 404 404 404 404 403 403", do: uiTransitionCell("start_comment", startComment)},
	{route: "POST /l/{kind}/{id}/correct", kind: "legality_review",
		own:   "303 303 303 303 403 403 303",
		other: "404 404 404 404 404 403 303", do: uiCorrectCell},
	{route: "POST /l/{kind}/{id}/clock/review_limit", kind: "legality_review",
		own:   "303 303 303 303 403 403 303",
		other: "404 404 404 404 404 403 303", do: uiClockCell},
	{route: "POST /l/{kind}/{id}/files", kind: "legality_review",
		own:   "303 303 303 303 403 403 303",
		other: "404 404 404 404 404 403 303", do: uiUploadCell},
	{route: "POST /l/{kind}/import (unit)", kind: "legality_review",
		own:   "303 303 303 403 403 403 303",
		other: "404 404 404 403 403 403 303", do: uiImportCell},
}

// TestScopeMatrix_API checks every row of apiMatrix.
func TestScopeMatrix_API(t *testing.T) { runMatrix(t, apiMatrix) }

// TestScopeMatrix_UI checks every row of uiMatrix.
func TestScopeMatrix_UI(t *testing.T) { runMatrix(t, uiMatrix) }

// TestScopeMatrix_CoversEveryAPIRoute: a new API route must get a row.
func TestScopeMatrix_CoversEveryAPIRoute(t *testing.T) {
	covered := map[string]bool{
		// Not about records, the same for every caller (see TestAPI_KindsAndDashboard
		// for the dashboard's scoped counts).
		"GET /api/v1/openapi.json": true, "GET /api/v1/kinds": true, "GET /api/v1/kinds/{kind}": true, "GET /api/v1/dashboard": true,
		"POST /api/v1/check":                                true, // 报告审校 reads only what is sent: TestAPICheck_EveryRole
		"GET /api/v1/records/{kind}":                        hasRow("GET list"),
		"GET /api/v1/records/{kind}/export.xlsx":            hasRow("GET export.xlsx"),
		"POST /api/v1/records/{kind}":                       hasRow("POST create"),
		"GET /api/v1/records/{kind}/{id}":                   hasRow("GET record"),
		"PATCH /api/v1/records/{kind}/{id}":                 hasRow("PATCH record"),
		"POST /api/v1/records/{kind}/{id}/transitions":      hasRow("POST transitions"),
		"POST /api/v1/records/{kind}/{id}/corrections":      hasRow("POST corrections"),
		"GET /api/v1/records/{kind}/{id}/history":           hasRow("GET history"),
		"GET /api/v1/records/{kind}/{id}/clocks":            hasRow("GET clocks"),
		"POST /api/v1/records/{kind}/{id}/clocks/{period}":  hasRow("POST clocks/"),
		"GET /api/v1/records/{kind}/{id}/links":             hasRow("GET links"),
		"GET /api/v1/records/{kind}/{id}/attachments":       hasRow("GET attachments"),
		"POST /api/v1/records/{kind}/{id}/attachments":      hasRow("POST attachments"),
		"GET /api/v1/records/{kind}/{id}/attachments/{sha}": hasRow("GET attachment download"),
		"POST /api/v1/records/{kind}/import":                hasRow("POST import"),
		"GET /api/v1/records/{kind}/import/template.xlsx":   hasRow("GET import/template.xlsx"),
		"POST /api/v1/imports/{id}/undo":                    hasRow("POST imports/{id}/undo"),
		"GET /api/v1/settings":                              hasRow("GET settings"),
		"GET /api/v1/todo":                                  hasRow("GET todo"),
		"GET /api/v1/board":                                 hasRow("GET board"),
		"GET /api/v1/board/export.xlsx":                     hasRow("GET board export.xlsx"),
		"GET /api/v1/indicators":                            hasRow("GET indicators?"),
		"GET /api/v1/indicators/{id}/records":               hasRow("GET indicators/{id}/records"),
	}
	for _, rt := range (&Server{}).apiRouteTable() {
		if key := rt.Method + " " + rt.Pattern; !covered[key] && !hasReportRow(key) { // the reports': api_reports_scope_test.go
			t.Errorf("API route %s has no row in the scope matrix", key)
		}
	}
}

func hasRow(prefix string) bool {
	return slices.ContainsFunc(apiMatrix, func(r matrixRow) bool { return strings.HasPrefix(r.route, prefix) })
}

// matrixCell is one call: a user, a fresh target record in unit A or B.
type matrixCell struct {
	t      *testing.T
	e      *env
	user   string
	unit   string // "A" or "B"
	target *ledger.Record
	api    *apiClient
	ui     *client
	n      int // cell number, for unique titles
}

func runMatrix(t *testing.T, rows []matrixRow) {
	e := apiEnv(t)
	apis, uis := map[string]*apiClient{}, map[string]*client{}
	for _, u := range matrixUsers {
		apis[u], uis[u] = e.api(u), e.loggedIn(u)
	}
	n := 0
	for _, row := range rows {
		for _, side := range []struct{ unit, name, line string }{{"A", "own", row.own}, {"B", "other", row.other}} {
			want := strings.Fields(side.line)
			if len(want) != len(matrixUsers) {
				t.Fatalf("row %q has %d cells for %d users", row.route, len(want), len(matrixUsers))
			}
			for i, user := range matrixUsers {
				n++
				c := &matrixCell{t: t, e: e, user: user, unit: side.unit, api: apis[user], ui: uis[user], n: n}
				c.target = c.newTarget(row.kind)
				got := row.do(c)
				if got != want[i] {
					t.Errorf("%-45s %-9s %-5s (record of %s): got %s, want %s", row.route, user, side.name, side.unit, got, want[i])
				}
				if got == "403" || got == "404" {
					c.unchanged(row.route)
				}
			}
		}
	}
}

// title is a unique, searchable Chinese title for cell n.
func (c *matrixCell) title() string {
	const digits = "零一二三四五六七八九"
	d := []rune(digits)
	var b strings.Builder
	b.WriteString("矩阵")
	for _, ch := range fmt.Sprintf("%04d", c.n) {
		b.WriteRune(d[ch-'0'])
	}
	return b.String() + "号审查事项"
}

func (c *matrixCell) newTarget(kind string) *ledger.Record {
	if kind == "major_decision" {
		return c.e.seed(kind, c.unit, decisionData(c.title()))
	}
	data := reviewData(c.title())
	data["review_limit_days"] = "10"
	return c.e.seed(kind, c.unit, data)
}

// unchanged fails the test if a refused call left a trace on the target:
// a new version or an uploaded file.
func (c *matrixCell) unchanged(route string) {
	ctx, sys := context.Background(), store.SystemActor("test")
	now, err := c.e.db.Record(ctx, sys, c.target.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	atts, err := c.e.db.Attachments(ctx, sys, c.target.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	if now.Version != c.target.Version || now.State != c.target.State ||
		slices.ContainsFunc(atts, func(a store.Attachment) bool { return a.Name == "意见.pdf" }) {
		c.t.Errorf("%s by %s was refused but changed record %d: version %d→%d, state %s→%s, %d files",
			route, c.user, c.target.ID, c.target.Version, now.Version, c.target.State, now.State, len(atts))
	}
}

// attach adds a file to the target as the system and returns its SHA-256.
func (c *matrixCell) attach() string {
	a, err := c.e.db.AddAttachment(context.Background(), store.SystemActor("test"), c.target.ID, "矩阵.pdf",
		"application/pdf", bytes.NewReader([]byte("%PDF-1.4 "+c.title())))
	if err != nil {
		c.t.Fatal(err)
	}
	return a.SHA256
}

func code(status int) string { return strconv.Itoa(status) }

var startComment = map[string]string{"comment_start": "2025-01-02", "comment_channel": "镇政府网站"}

// API cells.

func apiListed(c *matrixCell, query string) string {
	var list apiList
	status, body := c.api.call("GET", "/api/v1/records/legality_review?per_page=200&"+query, nil)
	if status != http.StatusOK {
		return code(status)
	}
	if err := json.Unmarshal(body, &list); err != nil {
		c.t.Fatalf("list: %v", err)
	}
	if slices.ContainsFunc(list.Items, func(r apiRecord) bool { return r.ID == c.target.ID }) {
		return "show"
	}
	return "hide"
}

func apiListCell(c *matrixCell) string {
	return apiListed(c, "unit="+strconv.FormatInt(c.target.UnitID, 10))
}

// apiTodoCell: the target waits in the caller's to-do list.
func apiTodoCell(c *matrixCell) string {
	if g, _ := todoFind(todoOf(c.t, c.api), c.target.ID); g != "" {
		return "show"
	}
	return "hide"
}

func apiSearchCell(c *matrixCell) string { return apiListed(c, "q="+url.QueryEscape(c.title())) }

func apiGetCell(suffix string) func(c *matrixCell) string {
	return func(c *matrixCell) string {
		status, _ := c.api.call("GET", recordPath(c.target)+suffix, nil)
		return code(status)
	}
}

func apiSettingsCell(c *matrixCell) string {
	status, _ := c.api.call("GET", fmt.Sprintf("/api/v1/settings?unit=%d", c.target.UnitID), nil)
	return code(status)
}

func apiIndicatorsCell(c *matrixCell) string {
	status, _ := c.api.call("GET", fmt.Sprintf("/api/v1/indicators?unit=%d&year=%d", c.target.UnitID, c.target.Year), nil)
	return code(status)
}

// apiIndicatorRecordsCell: "show" when the drill-down of the unit's
// received reviews lists the target record.
func apiIndicatorRecordsCell(c *matrixCell) string {
	status, body := c.api.call("GET", fmt.Sprintf("/api/v1/indicators/legality_review.received/records?unit=%d&year=%d", c.target.UnitID, c.target.Year), nil)
	if status != http.StatusOK {
		return code(status)
	}
	var out struct {
		Records []struct {
			ID int64 `json:"id"`
		} `json:"records"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		c.t.Errorf("drill-down body: %v", err)
	}
	for _, r := range out.Records {
		if r.ID == c.target.ID {
			return "show"
		}
	}
	return "hide"
}

func apiDownloadCell(c *matrixCell) string {
	status, _ := c.api.call("GET", recordPath(c.target)+"/attachments/"+c.attach(), nil)
	return code(status)
}

func apiCreateCell(c *matrixCell) string {
	status, _ := c.api.call("POST", "/api/v1/records/legality_review",
		map[string]any{"unit_id": c.target.UnitID, "data": reviewData(c.title() + "新建")})
	return code(status)
}

func apiPatchCell(c *matrixCell) string {
	status, _ := c.api.call("PATCH", recordPath(c.target),
		map[string]any{"version": c.target.Version, "data": map[string]string{"department": "财政所"}})
	return code(status)
}

func apiTransitionCell(event string, data map[string]string) func(c *matrixCell) string {
	return func(c *matrixCell) string {
		status, _ := c.api.call("POST", recordPath(c.target)+"/transitions",
			map[string]any{"event": event, "version": c.target.Version, "data": data})
		return code(status)
	}
}

func apiCorrectCell(c *matrixCell) string {
	status, _ := c.api.call("POST", recordPath(c.target)+"/corrections",
		map[string]any{"version": c.target.Version, "data": map[string]string{"department": "财政所"}, "reason": "送审单位登记有误"})
	return code(status)
}

func apiClockCell(c *matrixCell) string {
	status, _ := c.api.call("POST", recordPath(c.target)+"/clocks/review_limit",
		map[string]any{"action": "extend", "days": 3, "reason": "补充材料", "basis": "本地审查规则"})
	return code(status)
}

func apiUploadCell(c *matrixCell) string {
	status, _ := c.api.upload(recordPath(c.target)+"/attachments", "意见.pdf", []byte("%PDF-1.4 矩阵"))
	return code(status)
}

// UI cells.

func uiPath(r *ledger.Record) string { return recordURL(r.Kind, r.ID) }

func uiListed(c *matrixCell, query string) string {
	resp, body := c.ui.get("/l/legality_review?" + query)
	if resp.StatusCode != http.StatusOK {
		return code(resp.StatusCode)
	}
	if strings.Contains(body, `href="`+uiPath(c.target)+`"`) {
		return "show"
	}
	return "hide"
}

func uiListCell(c *matrixCell) string {
	return uiListed(c, "q="+url.QueryEscape(c.title())+"&unit="+strconv.FormatInt(c.target.UnitID, 10))
}

func uiSearchCell(c *matrixCell) string { return uiListed(c, "q="+url.QueryEscape(c.title())) }

func uiGetCell(suffix string) func(c *matrixCell) string {
	return func(c *matrixCell) string {
		resp, _ := c.ui.get(uiPath(c.target) + suffix)
		return code(resp.StatusCode)
	}
}

func uiDownloadCell(c *matrixCell) string {
	resp, _ := c.ui.get(uiPath(c.target) + "/files/" + c.attach())
	return code(resp.StatusCode)
}

func uiForm(v ledger.Values) url.Values {
	f := url.Values{}
	for k, x := range v {
		f.Set(k, x)
	}
	return f
}

func uiCreateCell(c *matrixCell) string {
	f := uiForm(reviewData(c.title() + "新建"))
	f.Set("unit_id", strconv.FormatInt(c.target.UnitID, 10))
	resp, _ := c.ui.post("/l/legality_review", f)
	return code(resp.StatusCode)
}

func uiUpdateCell(c *matrixCell) string {
	f := uiForm(c.target.Data)
	f.Set("department", "财政所")
	f.Set("version", strconv.Itoa(c.target.Version))
	resp, _ := c.ui.post(uiPath(c.target), f)
	return code(resp.StatusCode)
}

func uiTransitionCell(event string, data map[string]string) func(c *matrixCell) string {
	return func(c *matrixCell) string {
		f := uiForm(data)
		f.Set("version", strconv.Itoa(c.target.Version))
		resp, _ := c.ui.post(uiPath(c.target)+"/transition/"+event, f)
		return code(resp.StatusCode)
	}
}

func uiCorrectCell(c *matrixCell) string {
	resp, _ := c.ui.post(uiPath(c.target)+"/correct", url.Values{"version": {strconv.Itoa(c.target.Version)},
		"department": {"财政所"}, "reason": {"送审单位登记有误"}})
	return code(resp.StatusCode)
}

func uiClockCell(c *matrixCell) string {
	resp, _ := c.ui.post(uiPath(c.target)+"/clock/review_limit", url.Values{
		"action": {"extend"}, "days": {"3"}, "reason": {"补充材料"}, "basis": {"本地审查规则"}})
	return code(resp.StatusCode)
}

func uiUploadCell(c *matrixCell) string {
	resp, _ := c.ui.upload(c.t, uiPath(c.target), "意见.pdf", []byte("%PDF-1.4 矩阵"))
	return code(resp.StatusCode)
}

// The administration routes, by the same users: only an administrator
// reaches them (403 for every other role, the 督察员 included), and township
// A's administrator acts in A only — B's units and users do not exist for
// them (404), and B offered as a parent is refused on the form (422).
// Each cell works on fresh units or users of A ("own") or B ("other").
var adminMatrix = []struct {
	route      string
	own, other string // clerkA reviewerA adviserA headA adminA inspector adviserAB
	do         func(c *adminCell) string
}{
	{"GET /admin/units", "403 403 403 403 200 403 403", "403 403 403 403 200 403 403", func(c *adminCell) string {
		resp, _ := c.ui.get("/admin/units")
		return code(resp.StatusCode)
	}},
	{"GET /admin/reminders", "403 403 403 403 200 403 403", "403 403 403 403 200 403 403", func(c *adminCell) string {
		resp, _ := c.ui.get("/admin/reminders")
		return code(resp.StatusCode)
	}},
	// The channels are the whole installation's: a township's administrator
	// may not set or test them (the county's administrator, outside this
	// matrix, may: TestReminders_ChannelsSetByTheAdministrator).
	{"POST /admin/reminders/{channel}", "403 403 403 403 403 403 403", "403 403 403 403 403 403 403", func(c *adminCell) string {
		resp, _ := c.ui.post("/admin/reminders/webhook", url.Values{"url": {"https://hook.example.gov.cn/x"}, "secret": {"0123456789abcdef0123"}})
		return code(resp.StatusCode)
	}},
	{"POST /admin/reminders/{channel}/test", "403 403 403 403 403 403 403", "403 403 403 403 403 403 403", func(c *adminCell) string {
		resp, _ := c.ui.post("/admin/reminders/webhook/test", nil)
		return code(resp.StatusCode)
	}},
	{"GET /admin/units/template.xlsx", "403 403 403 403 200 403 403", "403 403 403 403 200 403 403", func(c *adminCell) string {
		resp, _ := c.ui.get("/admin/units/template.xlsx")
		return code(resp.StatusCode)
	}},
	{"POST /admin/units (parent)", "403 403 403 403 303 403 403", "403 403 403 403 422 403 403", func(c *adminCell) string {
		resp, _ := c.ui.post("/admin/units", url.Values{"parent_id": {id(c.town())}, "level": {"department"}, "name": {c.name("新")}})
		return c.created(resp, c.name("新"))
	}},
	{"POST /admin/units/{id}/rename", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u := c.dept("改")
		resp, _ := c.ui.post("/admin/units/"+id(u)+"/rename", url.Values{"name": {c.name("已改")}})
		return c.unitKept(resp, u)
	}},
	{"POST /admin/units/{id}/move", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u, to := c.dept("移"), c.dept("至")
		resp, _ := c.ui.post("/admin/units/"+id(u)+"/move", url.Values{"parent_id": {id(to)}})
		return c.unitKept(resp, u)
	}},
	{"POST /admin/units/{id}/close", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u := c.dept("撤")
		resp, _ := c.ui.post("/admin/units/"+id(u)+"/close", nil)
		return c.unitKept(resp, u)
	}},
	{"POST /admin/units/import", "403 403 403 403 303 403 403", "403 403 403 403 422 403 403", func(c *adminCell) string {
		resp, _ := c.ui.uploadSheet("/admin/units/import", xlsx(c.t, []string{"单位名称", "上级单位", "层级"}, []string{c.name("导"), id(c.town()), "部门"}))
		return c.created(resp, c.name("导"))
	}},
	{"GET /admin/settings (?unit=)", "403 403 403 403 200 403 403", "403 403 403 403 200 403 403", func(c *adminCell) string {
		resp, body := c.ui.get("/admin/settings?unit=" + id(c.town()))
		if resp.StatusCode == http.StatusOK && c.unit == "B" && strings.Contains(body, "<h2>乙镇的设置</h2>") {
			c.t.Errorf("township A's admin sees township B's settings")
		}
		return code(resp.StatusCode)
	}},
	{"POST /admin/settings (unit_id)", "403 403 403 403 303 403 403", "403 403 403 403 422 403 403", func(c *adminCell) string {
		resp, _ := c.ui.post("/admin/settings", url.Values{"unit_id": {id(c.town())}, "name": {kinds.SettingReviewLimitDays}, "value": {"12"}})
		return code(resp.StatusCode)
	}},
	{"POST /admin/holidays", "403 403 403 403 303 403 403", "403 403 403 403 303 403 403", func(c *adminCell) string {
		resp, _ := c.ui.postFile("/admin/holidays", "file", "2027.txt",
			[]byte("year\t2027\t国务院办公厅关于2027年部分节假日安排的通知\n2027-01-01\t元旦\t1\n"))
		return code(resp.StatusCode)
	}},
	{"GET /admin/users/{id}", "403 403 403 403 200 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		resp, _ := c.ui.get(fmt.Sprintf("/admin/users/%d", c.clerk().ID))
		return code(resp.StatusCode)
	}},
	{"POST /admin/users/{id}", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u := c.clerk()
		resp, _ := c.ui.post(fmt.Sprintf("/admin/users/%d", u.ID), url.Values{"name": {u.Name}, "unit_id": {id(c.town())}, "roles": {"clerk", "head"}})
		return c.userKept(resp, u)
	}},
	{"POST /admin/users/{id}/grants", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u := c.clerk()
		resp, _ := c.ui.post(fmt.Sprintf("/admin/users/%d/grants", u.ID), url.Values{"grant_unit": {id(c.town())}, "grant_roles": {"reviewer"}})
		return c.grantsKept(resp, u, 0)
	}},
	{"POST /admin/users/{id}/grants/{unit}/remove", "403 403 403 403 303 403 403", "403 403 403 403 404 403 403", func(c *adminCell) string {
		u := c.clerk()
		if err := c.e.db.AddGrant(context.Background(), store.SystemActor("test"), access.Grant{UserID: u.ID, UnitID: c.town().ID, Roles: []access.Role{access.RoleHead}}); err != nil {
			c.t.Fatal(err)
		}
		resp, _ := c.ui.post(fmt.Sprintf("/admin/users/%d/grants/%d/remove", u.ID, c.town().ID), nil)
		return c.grantsKept(resp, u, 1)
	}},
}

type adminCell struct {
	t    *testing.T
	e    *env
	ui   *client
	unit string // "A" or "B"
	n    int
}

func (c *adminCell) town() access.Unit { return c.e.units[c.unit] }
func (c *adminCell) name(what string) string {
	return fmt.Sprintf("%s%s科%d", c.town().Name, what, c.n)
}

// dept is a fresh department of the cell's township, made by the system.
func (c *adminCell) dept(what string) access.Unit {
	u := access.Unit{ParentID: c.town().ID, Name: c.name(what), Level: access.LevelDepartment}
	if err := c.e.db.CreateUnit(context.Background(), store.SystemActor("test"), &u); err != nil {
		c.t.Fatal(err)
	}
	return u
}

// clerk is a fresh clerk of the cell's township.
func (c *adminCell) clerk() *access.User {
	u := &access.User{Username: fmt.Sprintf("m%s%d", c.unit, c.n), Name: "矩阵录入员", UnitID: c.town().ID,
		Roles: []access.Role{access.RoleClerk}, PasswordHash: c.e.users["clerkA"].PasswordHash}
	if err := c.e.db.CreateUser(context.Background(), store.SystemActor("test"), u); err != nil {
		c.t.Fatal(err)
	}
	return u
}

// created is the status, checking that a refused create left no unit.
func (c *adminCell) created(resp *http.Response, name string) string {
	_, err := c.e.db.UnitByRef(context.Background(), name)
	if (resp.StatusCode == http.StatusSeeOther) != (err == nil) {
		c.t.Errorf("%s: status %d but unit %s exists: %v", resp.Request.URL.Path, resp.StatusCode, name, err == nil)
	}
	return code(resp.StatusCode)
}

// unitKept is the status, checking that a refused change left u as it was.
func (c *adminCell) unitKept(resp *http.Response, u access.Unit) string {
	now, err := c.e.db.Unit(context.Background(), u.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther && (now.Name != u.Name || now.Path != u.Path || now.Closed) {
		c.t.Errorf("%s was refused (%d) but changed unit %+v → %+v", resp.Request.URL.Path, resp.StatusCode, u, now)
	}
	return code(resp.StatusCode)
}

func (c *adminCell) userKept(resp *http.Response, u *access.User) string {
	now, err := c.e.db.UserByID(context.Background(), u.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther && len(now.Roles) != len(u.Roles) {
		c.t.Errorf("%s was refused (%d) but changed user roles %v → %v", resp.Request.URL.Path, resp.StatusCode, u.Roles, now.Roles)
	}
	return code(resp.StatusCode)
}

func (c *adminCell) grantsKept(resp *http.Response, u *access.User, before int) string {
	gs, err := c.e.db.Grants(context.Background(), u.ID)
	if err != nil {
		c.t.Fatal(err)
	}
	if resp.StatusCode != http.StatusSeeOther && len(gs) != before {
		c.t.Errorf("%s was refused (%d) but grants went %d → %d", resp.Request.URL.Path, resp.StatusCode, before, len(gs))
	}
	return code(resp.StatusCode)
}

// TestScopeMatrix_Admin checks every row of adminMatrix.
func TestScopeMatrix_Admin(t *testing.T) {
	e := apiEnv(t)
	uis := map[string]*client{}
	for _, u := range matrixUsers {
		uis[u] = e.loggedIn(u)
	}
	n := 0
	for _, row := range adminMatrix {
		for _, side := range []struct{ unit, name, line string }{{"A", "own", row.own}, {"B", "other", row.other}} {
			want := strings.Fields(side.line)
			if len(want) != len(matrixUsers) {
				t.Fatalf("row %q has %d cells for %d users", row.route, len(want), len(matrixUsers))
			}
			for i, user := range matrixUsers {
				n++
				c := &adminCell{t: t, e: e, ui: uis[user], unit: side.unit, n: n}
				if got := row.do(c); got != want[i] {
					t.Errorf("%-45s %-9s %-5s (unit of %s): got %s, want %s", row.route, user, side.name, side.unit, got, want[i])
				}
			}
		}
	}
}

// TestScopeMatrix_CoversEveryAdminRoute: a new /admin route must get a row
// (the audit log's scope is TestAdminAudit_*).
func TestScopeMatrix_CoversEveryAdminRoute(t *testing.T) {
	src, err := os.ReadFile("routes.go")
	if err != nil {
		t.Fatal(err)
	}
	covered := map[string]bool{"GET /admin/audit": true, "GET /admin/audit/export.xlsx": true, // TestAuditLog_*
		// the pre-existing user routes: TestAdminUsers_*
		"GET /admin/users": true, "POST /admin/users": true, "POST /admin/users/{id}/password": true,
		"POST /admin/users/{id}/lock": true, "POST /admin/users/{id}/unlock": true, "POST /admin/users/{id}/token": true}
	for _, r := range adminMatrix {
		covered[strings.TrimSpace(strings.Split(r.route, " (")[0])] = true
	}
	for _, m := range regexp.MustCompile(`mux\.Handle\("((?:GET|POST) /admin/[^"]*)"`).FindAllStringSubmatch(string(src), -1) {
		if !covered[m[1]] {
			t.Errorf("admin route %s has no row in the scope matrix", m[1])
		}
	}
}
