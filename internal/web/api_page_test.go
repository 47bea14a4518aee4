package web

import (
	"net/http"
	"strings"
	"testing"
)

// TestAPI_HugePageIsPastTheEnd: page=9223372036854775807 answers an empty
// page (200), not a 500, in the API and the list page.
func TestAPI_HugePageIsPastTheEnd(t *testing.T) {
	e := apiEnv(t)
	c := e.api("clerkA")
	c.must("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]any{
		"subject_type": "规范性文件", "subject_title": "关于规范村级小微权力运行的实施办法", "department": "党政办",
		"reviewer_type": "审核专班", "reviewer_name": "王审核", "received_date": "2025-02-10", "review_limit_days": 10,
	}}, http.StatusCreated, nil)
	var out apiList
	c.must("GET", "/api/v1/records/legality_review?page=9223372036854775807&per_page=200", nil, http.StatusOK, &out)
	if len(out.Items) != 0 || out.Total != 1 {
		t.Fatalf("page at the edge of int64 returned %d records of %d", len(out.Items), out.Total)
	}
	code, body := c.call("GET", "/api/v1/records/legality_review?page=9223372036854775808", nil)
	if code != http.StatusBadRequest || !strings.Contains(string(body), "page 应为从 1 开始的正整数页码") {
		t.Fatalf("page past int64: %d %s", code, body)
	}
	w := e.loggedIn("clerkA")
	resp, body2 := w.get("/l/legality_review?page=9223372036854775807")
	wantStatus(t, resp, body2, http.StatusOK)
}
