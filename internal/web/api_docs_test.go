package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// The API docs page shows every operation of the served OpenAPI document —
// its method, path and Chinese summary, the kinds' generated schemas too —
// without a login and without loading anything from another site.
func TestAPIDocs_EveryOperationReadable(t *testing.T) {
	e := caseEnv(t)
	c := e.client()
	resp, doc := c.get("/api/v1/openapi.json")
	wantStatus(t, resp, doc, http.StatusOK)
	var d struct {
		Paths map[string]map[string]struct{ Summary string }
	}
	if err := json.Unmarshal([]byte(doc), &d); err != nil {
		t.Fatal(err)
	}
	resp, body := c.get("/docs/api")
	wantStatus(t, resp, body, http.StatusOK)
	n := 0
	for path, ops := range d.Paths {
		for method, op := range ops {
			wantBody(t, body, `<code class="literal">`+path+`</code>`, op.Summary, `<code class="literal method">`+strings.ToUpper(method)+`</code>`)
			n++
		}
	}
	if n < 10 {
		t.Errorf("only %d operations in the document", n)
	}
	wantBody(t, body, "<h1>接口文档</h1>", "数据结构", `href="/api/v1/openapi.json"`)
	for _, ext := range []string{`src="http`, `href="http`, "cdn"} {
		if strings.Contains(body, ext) {
			t.Errorf("the page loads or links %q", ext)
		}
	}
}
