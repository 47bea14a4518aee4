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
