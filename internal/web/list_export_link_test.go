package web

import (
	"html"
	"net/url"
	"strings"
	"testing"
)

// Filtering through htmx swaps only the table; the export link is inside
// it, so "导出 Excel" exports what the user now sees, not the first filter.
func TestListFragment_ExportLinkFollowsTheFilter(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	c.create(t, e.caseForm("关于征地补偿的案件"))
	_, body := c.get("/l/case?q="+url.QueryEscape("征地"), "HX-Request", "true")
	if !strings.HasPrefix(body, `<div id="table"`) {
		t.Fatalf("not the table fragment: %.200s", body)
	}
	want := "/l/case/export.xlsx?q=" + url.QueryEscape("征地")
	if !strings.Contains(html.UnescapeString(body), want) {
		t.Errorf("fragment lacks the export link %s: %s", want, body)
	}
}
