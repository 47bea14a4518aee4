package web

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestAPI_CookieCallsNeedTheCSRFHeader: a browser session may call the API,
// but a state-changing call must carry X-CSRF-Token, and a cross-site one is
// refused outright; a bearer-token call needs no CSRF token.
func TestAPI_CookieCallsNeedTheCSRFHeader(t *testing.T) {
	e := apiEnv(t)
	c := e.loggedIn("clerkA")
	body, _ := json.Marshal(map[string]any{"data": reviewData("经浏览器会话新建")})
	post := func(hdr ...string) (*http.Response, string) {
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/records/legality_review", strings.NewReader(string(body)))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(hdr); i += 2 {
			req.Header.Set(hdr[i], hdr[i+1])
		}
		return c.do(req)
	}

	resp, got := c.get("/api/v1/records/legality_review")
	wantStatus(t, resp, got, http.StatusOK) // reads need no token

	resp, got = post()
	wantStatus(t, resp, got, http.StatusForbidden)
	wantBody(t, got, `"error":`, "安全校验失败")

	resp, got = post(csrfHeader, "wrong-token")
	wantStatus(t, resp, got, http.StatusForbidden)

	resp, got = post(csrfHeader, c.csrf, "Sec-Fetch-Site", "cross-site")
	wantStatus(t, resp, got, http.StatusForbidden)

	resp, got = post(csrfHeader, c.csrf, "Sec-Fetch-Site", "same-origin")
	wantStatus(t, resp, got, http.StatusCreated)

	var list apiList
	e.api("clerkA").must("GET", "/api/v1/records/legality_review", nil, http.StatusOK, &list)
	if list.Total != 1 {
		t.Errorf("%d records saved, want exactly the one with the CSRF header", list.Total)
	}
	// The bearer-token call without any CSRF token (TestAPI_LegalityReviewLifecycle
	// does every write that way) is accepted:
	e.api("clerkA").must("POST", "/api/v1/records/legality_review", map[string]any{"data": reviewData("令牌新建")}, http.StatusCreated, nil)
}
