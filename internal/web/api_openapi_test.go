package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/proofread"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// openAPI is the part of an OpenAPI document the tests look at.
type openAPI struct {
	OpenAPI    string                                `json:"openapi"`
	Info       struct{ Title, Version string }       `json:"info"`
	Paths      map[string]map[string]openAPIOp       `json:"paths"`
	Components map[string]map[string]json.RawMessage `json:"components"`
}

type openAPIOp struct {
	OperationID string            `json:"operationId"`
	Summary     string            `json:"summary"`
	Parameters  []json.RawMessage `json:"parameters"`
	Responses   map[string]any    `json:"responses"`
}

func parseOpenAPI(t *testing.T) openAPI {
	t.Helper()
	var doc openAPI
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatalf("openapi.json does not parse: %v", err)
	}
	return doc
}

var pathParam = regexp.MustCompile(`\{([a-z]+)\}`)

// TestOpenAPI_DocumentsEveryRoute: every API route the server registers is
// described in openapi.json with the same method, and nothing else is.
func TestOpenAPI_DocumentsEveryRoute(t *testing.T) {
	doc := parseOpenAPI(t)
	if doc.OpenAPI != "3.1.0" {
		t.Errorf("openapi = %q, want 3.1.0", doc.OpenAPI)
	}
	if doc.Info.Title == "" || doc.Info.Version == "" {
		t.Errorf("info.title and info.version are required, got %+v", doc.Info)
	}

	s := &Server{}
	mux := http.NewServeMux()
	s.apiRoutes(mux)
	registered := map[string]bool{}
	for _, rt := range s.apiRouteTable() {
		key := rt.Method + " " + rt.Pattern
		registered[key] = true

		// The route is really on the mux: a request to it finds its pattern.
		url := pathParam.ReplaceAllStringFunc(rt.Pattern, func(string) string { return "x1" })
		if _, got := mux.Handler(httptest.NewRequest(rt.Method, url, nil)); got != key {
			t.Errorf("%s %s is routed to %q, want %q", rt.Method, url, got, key)
		}

		ops, ok := doc.Paths[rt.Pattern]
		if !ok {
			t.Errorf("route %s is not in openapi.json paths", key)
			continue
		}
		op, ok := ops[strings.ToLower(rt.Method)]
		if !ok {
			t.Errorf("route %s: openapi.json has the path but not the method", key)
			continue
		}
		if op.OperationID == "" || op.Summary == "" || len(op.Responses) == 0 {
			t.Errorf("route %s: operationId, summary and responses are required", key)
		}
		declared := openAPIParamNames(t, doc, op.Parameters)
		for _, m := range pathParam.FindAllStringSubmatch(rt.Pattern, -1) {
			if !slices.Contains(declared, m[1]) {
				t.Errorf("route %s: path parameter %q is not declared", key, m[1])
			}
		}
	}
	for path, ops := range doc.Paths {
		for method := range ops {
			if key := strings.ToUpper(method) + " " + path; !registered[key] {
				t.Errorf("openapi.json documents %s, which the server does not serve", key)
			}
		}
	}
}

// openAPIParamNames resolves the parameters of an operation (inline or
// $ref to components.parameters) to their names.
func openAPIParamNames(t *testing.T, doc openAPI, params []json.RawMessage) []string {
	t.Helper()
	var names []string
	for _, raw := range params {
		var p struct {
			Ref  string `json:"$ref"`
			Name string `json:"name"`
		}
		json.Unmarshal(raw, &p)
		if name, ok := strings.CutPrefix(p.Ref, "#/components/parameters/"); ok {
			def, found := doc.Components["parameters"][name]
			if !found {
				t.Errorf("parameter $ref %s does not resolve", p.Ref)
				continue
			}
			json.Unmarshal(def, &p)
		}
		names = append(names, p.Name)
	}
	return names
}

// TestOpenAPI_EveryRefResolves: a $ref to a missing component would make
// generated clients fail.
func TestOpenAPI_EveryRefResolves(t *testing.T) {
	doc := parseOpenAPI(t)
	var raw any
	if err := json.Unmarshal(openAPIDoc, &raw); err != nil {
		t.Fatal(err)
	}
	refs := 0
	var walk func(v any, at string)
	walk = func(v any, at string) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				if k == "$ref" {
					refs++
					ref, _ := x.(string)
					parts := strings.Split(strings.TrimPrefix(ref, "#/components/"), "/")
					if !strings.HasPrefix(ref, "#/components/") || len(parts) != 2 {
						t.Errorf("%s: $ref %q is not a local component reference", at, ref)
						continue
					}
					if _, ok := doc.Components[parts[0]][parts[1]]; !ok {
						t.Errorf("%s: $ref %q does not resolve", at, ref)
					}
					continue
				}
				walk(x, at+"/"+k)
			}
		case []any:
			for i, x := range v {
				walk(x, fmt.Sprintf("%s/%d", at, i))
			}
		}
	}
	walk(raw, "#")
	if refs < 20 {
		t.Errorf("only %d $refs found; the walk is not reaching the document", refs)
	}
}

// TestOpenAPI_SchemasMatchResponses: what the handlers send and accept has
// exactly the properties the document describes, so a generated client
// neither misses a field nor expects one that never comes.
func TestOpenAPI_SchemasMatchResponses(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc, &doc); err != nil {
		t.Fatal(err)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)
	clock := apiClock{Period: "p", Label: "期限", Type: "deadline", Basis: "依据", Start: "2025-01-01", Due: "2025-02-01",
		Status: "paused", PausedOn: "2025-01-10", StoppedOn: "2025-01-20",
		Adjustments: []apiAdjustment{{Action: "extend", On: "2025-01-05", Days: 3, Reason: "r", Basis: "b", By: 1}}}
	rec := apiRecord{ID: 1, Kind: "k", UnitID: 2, State: "s", Title: "t", Year: 2025, Version: 1,
		Data: ledger.Values{"f": "v"}, CreatedAt: now, UpdatedAt: now}
	unit, version := int64(1), 1
	tests := map[string]any{
		"Record":       rec,
		"RecordList":   apiList{Items: []apiRecord{rec}, Total: 1, Page: 1, PerPage: 20},
		"Clock":        clock,
		"HistoryEntry": apiHistoryEntry{At: now, Actor: "a", Action: "create", Summary: "s", Diff: json.RawMessage(`{}`)},
		"Link":         apiLink{FromID: 1, ToID: 2, Role: "review_id"},
		"Attachment":   apiAttachmentOf("k", &store.Attachment{ID: 1, RecordID: 1, Name: "a.pdf", ContentType: "application/pdf", Size: 3, SHA256: "x", CreatedAt: now, CreatedBy: 1}),
		"Dashboard":    apiDashboardBody{Today: "2025-03-03", Counts: []apiStateCount{{Kind: "k", KindLabel: "K", State: "s", StateLabel: "S", Count: 1}}, Due: []apiDueClock{{RecordID: 1, Kind: "k", Title: "t", UnitID: 1, Clock: clock}}},
		"Todo": apiTodoBody{Today: "2025-03-03", Total: 1, Groups: []apiTodoGroup{{Name: "overdue", Label: "已逾期", Items: []apiTodoItem{{RecordID: 1, Kind: "k",
			KindLabel: "K", Title: "t", UnitID: 1, Unit: "u", State: "s", StateLabel: "S", Steps: []apiTodoStep{{Event: "e", Label: "E"}},
			Period: "p", Basis: "b", Due: "2025-03-01", DaysLeft: -2, Overdue: true, Pending: "x"}}}}},
		"Board": apiBoardBody{Today: "2025-03-03", Total: 1, Overdue: 1, Items: []apiBoardRow{{RecordID: 1, Kind: "k", KindLabel: "K", Title: "t",
			UnitID: 1, Unit: "u", State: "S", Period: "p", Basis: "b", Start: "2025-01-01", Due: "2025-03-01", DaysLeft: -2, Overdue: true, Pending: "x", Person: "p"}}},
		"Error":             apiError{Message: "m", Fields: map[string]string{"f": "m"}, Basis: "b"},
		"CreateRecord":      apiCreateBody{UnitID: &unit, Data: apiValues{"f": "v"}},
		"UpdateRecord":      apiUpdateBody{Version: &version, Data: apiValues{"f": "v"}},
		"TransitionRequest": apiTransitionBody{Event: "e", Version: &version, Data: apiValues{"f": "v"}},
		"ClockAdjustment":   apiClockBody{Action: "extend", Days: 1, Reason: "r", Basis: "b"},
		"ImportReport": apiImportReport{Kind: "k", Rows: 2, Valid: 1, Bad: 1, Imported: 1, Batch: 1, Aborted: true, DryRun: true, Total: 1, Message: "m",
			Problems: []apiImportProblem{{Row: 2, Column: "C", Header: "h", Value: "v", Reason: "r", Message: "m"}}},
		"ImportBatch": apiBatch{ID: 1, Kind: "k", UnitID: 1, FileName: "f.xlsx", Rows: 1, Imported: 1, Status: "done"},
	}
	for _, k := range reg.Kinds() {
		tests["Kind "+k.Name] = apiDescribe(k)
	}
	for name, v := range reportSchemaCases(now) {
		tests[name] = v
	}
	for name, v := range tests {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var got any
		json.Unmarshal(b, &got)
		schema := strings.Fields(name)[0]
		matchSchema(t, schemas, name, got, map[string]any{"$ref": "#/components/schemas/" + schema})
	}
}

// matchSchema checks that the JSON value v has no property its schema does
// not describe and every property the schema requires, recursively.
func matchSchema(t *testing.T, schemas map[string]any, at string, v any, schema map[string]any) {
	t.Helper()
	if ref, ok := schema["$ref"].(string); ok {
		s, ok := schemas[strings.TrimPrefix(ref, "#/components/schemas/")].(map[string]any)
		if !ok {
			t.Errorf("%s: $ref %s does not resolve", at, ref)
			return
		}
		schema = s
	}
	switch v := v.(type) {
	case map[string]any:
		props, _ := schema["properties"].(map[string]any)
		if props == nil {
			return // a map like Values: any keys
		}
		for k, x := range v {
			ps, ok := props[k].(map[string]any)
			if !ok {
				t.Errorf("%s: property %q is sent but not documented", at, k)
				continue
			}
			matchSchema(t, schemas, at+"."+k, x, ps)
		}
		req, _ := schema["required"].([]any)
		for _, r := range req {
			if _, ok := v[r.(string)]; !ok {
				t.Errorf("%s: required property %q is not sent", at, r)
			}
		}
	case []any:
		items, _ := schema["items"].(map[string]any)
		for i, x := range v {
			if items != nil {
				matchSchema(t, schemas, fmt.Sprintf("%s[%d]", at, i), x, items)
			}
		}
	}
}

// TestOpenAPI_KindsGeneratedFromDeclarations: the served document carries
// every kind's fields and steps as declared — a field added to a kind,
// an option or a step appears without editing openapi.json.
func TestOpenAPI_KindsGeneratedFromDeclarations(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	served, err := buildOpenAPI(openAPIDoc, reg)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas    map[string]map[string]any `json:"schemas"`
			Parameters map[string]struct {
				Schema struct {
					Enum []string `json:"enum"`
				} `json:"schema"`
			} `json:"parameters"`
		} `json:"components"`
	}
	if err := json.Unmarshal(served, &doc); err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, k := range reg.Kinds() {
		names = append(names, k.Name)
		data := doc.Components.Schemas[k.Name+"Data"]
		props, _ := data["properties"].(map[string]any)
		steps, _ := doc.Components.Schemas[k.Name+"Step"]["oneOf"].([]any)
		if len(steps) != len(k.Workflow.Transitions) {
			t.Errorf("%s: %d step alternatives, want %d", k.Name, len(steps), len(k.Workflow.Transitions))
		}
		for i := range k.Fields {
			f := &k.Fields[i]
			if f.Step != "" {
				continue
			}
			p, ok := props[f.Name].(map[string]any)
			if !ok {
				t.Errorf("%s.%s not in %sData", k.Name, f.Name, k.Name)
				continue
			}
			if p["title"] != f.Label {
				t.Errorf("%s.%s title %v, want %s", k.Name, f.Name, p["title"], f.Label)
			}
			if f.Type == ledger.TypeEnum && fmt.Sprint(p["enum"]) != fmt.Sprint(f.Options) {
				t.Errorf("%s.%s enum %v, want %v", k.Name, f.Name, p["enum"], f.Options)
			}
		}
	}
	if fmt.Sprint(doc.Components.Parameters["kind"].Schema.Enum) != fmt.Sprint(names) {
		t.Errorf("kind parameter enum %v, want %v", doc.Components.Parameters["kind"].Schema.Enum, names)
	}
	// The decision's collective discussion lists its meeting types.
	js := string(served)
	for _, want := range []string{`"const": "decide"`, `"党政联席会议"`, `"format": "date"`} {
		if !strings.Contains(js, want) {
			t.Errorf("served document lacks %s", want)
		}
	}
}

// reportSchemaCases are the report API's bodies, every optional field
// filled, by the schema that documents them.
func reportSchemaCases(now time.Time) map[string]any {
	year, version := 2025, 4
	sum := apiReportSummary{ID: 1, UnitID: 2, Unit: "甲镇", Year: 2025, Title: "t", State: "approved", StateLabel: "已公开、已报送", Version: 4,
		Published: true, Submitted: true, CreatedAt: now, UpdatedAt: now, UpdatedBy: "u", ApprovedAt: &now, PublishedAt: &now, PublishedBy: "h",
		SubmittedAt: &now, SubmittedBy: "c", SubmittedVersion: 4, SubmitBy: "2026-03-01", PublishBy: "2026-04-01", Late: []string{"逾期未报送"}}
	finding := proofread.Finding{Rule: "r", Severity: proofread.Error, Line: 1, Column: 1, Excerpt: "e", Message: "m", Suggestion: "s"}
	check := apiReportCheck{Version: 4, Current: true, Errors: 1, Warnings: 1, Actor: "a", At: now, Findings: []proofread.Finding{finding}}
	va := apiReportVersionAt{Version: 1, Author: "a", At: now, Reason: "r", Correction: true}
	return map[string]any{
		"ReportList": apiReportList{Items: []apiReportSummary{sum}, Total: 1},
		"Report": apiReportDetail{apiReportSummary: sum, Addressee: "a", Signature: "s", Date: "2026-01-15", CanEdit: true, PublicURL: "/public/reports/1",
			Steps: []apiReportStep{{Event: "approve", Label: "负责人审定"}}, Blockers: []string{"b"}, Acknowledge: []apiFigureCheck{{Key: "k", Message: "m"}},
			Sections: []apiReportSection{{Key: "4", Level: 1, Title: "t", Body: "b", ByPeople: true, Hint: "h", LastPlan: "l",
				Figures:   []apiReportFigure{{ID: "x.total", Name: "n", Value: 3, Text: "3", Sentence: "s", Hand: true, Stale: true, Now: "4", DrillURL: "/d"}},
				PlanItems: []apiPlanItem{{Title: "t", Kind: "k", State: "s", Done: true, URL: "/r"}}}},
			Check:    &check,
			Events:   []apiReportEvent{{Event: "submit", Label: "报送上级", From: "approved", To: "approved", Version: 4, Actor: "a", At: now, Note: "n"}},
			Versions: []apiReportVersionAt{va}},
		"ReportCheck":      check,
		"CreateReport":     apiCreateReportBody{Unit: "甲镇", Year: &year},
		"SaveSection":      apiSectionBody{Version: &version, Body: "b", Reason: "r"},
		"ReportTransition": apiReportStepBody{Event: "approve", Version: &version, Acknowledge: []string{"k"}, Note: "n"},
		"ReportVersions":   apiReportVersions{Items: []apiReportVersionAt{va}},
		"ReportVersion":    apiReportVersion{apiReportVersionAt: va, Document: report.Document{Title: "t"}},
		"ReportDiff":       apiReportDiff{Version: 2, From: 1, Sections: []apiDiffSection{{Key: "2", Title: "t", Lines: []apiDiffLine{{Op: "+", Text: "x"}}}}},
		"ReportFigures": reportFiguresBody{Unit: "u", Year: 2025, Version: 1, Published: "2026-03-10",
			Figures: []reportFigure{{Section: "s", Indicator: "x", Name: "n", Value: 1, Text: "1", Hand: true, Sentence: "s"}}},
		"ReportBoard": apiReportBoardBody{UnitID: 1, Unit: "县", Year: 2025, Today: "2026-04-02", Rows: []apiReportBoardRow{{UnitID: 2, Unit: "甲镇", ReportID: 1,
			Status: "s", Drafted: "d", Approved: "a", Published: "p", Submitted: "s", SubmittedBy: "c", SubmittedVersion: 4,
			SubmitBy: "2026-03-01", PublishBy: "2026-04-01", LateSubmit: true, LatePublish: true, Missing: false}}},
	}
}

// TestOpenAPI_ReportStepsGeneratedFromTheWorkflow: the event of a report
// transition lists exactly report.StepEvents, each with its label, and the
// API refuses any other with the same list.
func TestOpenAPI_ReportStepsGeneratedFromTheWorkflow(t *testing.T) {
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	served, err := buildOpenAPI(openAPIDoc, reg)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					Enum        []string `json:"enum"`
					Description string   `json:"description"`
				} `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.Unmarshal(served, &doc); err != nil {
		t.Fatal(err)
	}
	ev := doc.Components.Schemas["ReportTransition"].Properties["event"]
	var want []string
	for _, e := range report.StepEvents {
		want = append(want, string(e))
		if !strings.Contains(ev.Description, string(e)+"（"+e.Label()+"）") {
			t.Errorf("event description lacks %s（%s）: %s", e, e.Label(), ev.Description)
		}
	}
	if fmt.Sprint(ev.Enum) != fmt.Sprint(want) || len(want) < 6 {
		t.Errorf("event enum %v, want %v", ev.Enum, want)
	}
	if !slices.Contains(want, string(report.Approve)) || slices.Contains(want, string(report.Edit)) {
		t.Errorf("steps %v: approval is a step, editing is not", want)
	}
}
