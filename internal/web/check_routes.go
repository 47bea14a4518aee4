package web

import (
	"fmt"
	"net/http"
	"time"
)

// checkUI serves the 报告审校 pages: upload, results, exports. It holds the
// per-session cache of recent results (see checkCache for why).
type checkUI struct {
	s     *Server
	cache *checkCache
}

// Cache bounds: results live 30 minutes, a session keeps its 5 latest
// submissions, and all sessions together hold at most 128 MB of report
// text and findings.
const (
	checkCacheTTL      = 30 * time.Minute
	checkCacheBytes    = 128 << 20
	checkCachePerOwner = 5
)

// checkRoutes registers the 报告审校 pages. The JSON endpoint POST
// /api/v1/check is in the API route table (apiRouteTable).
func (s *Server) checkRoutes(mux *http.ServeMux) {
	c := &checkUI{s: s, cache: newCheckCache(s.cfg.Now, checkCacheTTL, checkCacheBytes, checkCachePerOwner)}
	mux.Handle("GET /check", s.page(c.form))
	mux.Handle("POST /check", s.page(c.submit))
	mux.Handle("GET /check/{id}", s.page(c.summary))
	mux.Handle("GET /check/{id}/findings.xlsx", s.page(c.exportAllXLSX))
	mux.Handle("GET /check/{id}/{n}", s.page(c.report))
	mux.Handle("GET /check/{id}/{n}/findings.xlsx", s.page(c.exportXLSX))
	mux.Handle("GET /check/{id}/{n}/annotated.docx", s.page(c.exportDocx))
}

// owner is whose cache entries a request may see: the browser session
// (or, for a page fetched with an API token, the user).
func checkOwner(p *Principal) string {
	if p.Session != nil {
		return "s:" + p.Session.ID
	}
	return fmt.Sprintf("u:%d", p.User.ID)
}

// errCheckGone is a result that expired, was evicted or is another
// session's.
var errCheckGone = &pageError{http.StatusNotFound,
	"审校结果已过期或不存在：结果只在本次登录中保留 30 分钟，请重新上传报告。"}

func checkURL(id string) string              { return "/check/" + id }
func checkReportURL(id string, n int) string { return fmt.Sprintf("/check/%s/%d", id, n) }
func checkDocxURL(id string, n int) string   { return checkReportURL(id, n) + "/annotated.docx" }
func checkXLSXURL(id string, n int) string   { return checkReportURL(id, n) + "/findings.xlsx" }
func checkAllXLSXURL(id string) string       { return checkURL(id) + "/findings.xlsx" }
