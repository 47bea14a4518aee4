package web

import (
	"fmt"
	"net/http"
	"strings"
)

// apiRoute is one endpoint of the JSON API. The table is the single list of
// API routes: apiRoutes registers it and the OpenAPI test checks every row
// is documented in openapi.json.
type apiRoute struct {
	Method  string
	Pattern string // net/http pattern without the method
	Public  bool   // served without a principal
	Handler apiHandler
}

// apiHandler is an API handler that returns its failure instead of writing
// it; apiAdapt writes the error body.
type apiHandler func(w http.ResponseWriter, r *http.Request, p *Principal) error

func (s *Server) apiRouteTable() []apiRoute {
	return []apiRoute{
		{"GET", "/api/v1/openapi.json", true, s.apiOpenAPI},
		{"GET", "/api/v1/kinds", false, s.apiKinds},
		{"GET", "/api/v1/kinds/{kind}", false, s.apiKind},
		{"GET", "/api/v1/dashboard", false, s.apiDashboard},
		{"GET", "/api/v1/todo", false, s.apiTodo},
		{"GET", "/api/v1/board", false, s.apiBoard},
		{"GET", "/api/v1/board/export.xlsx", false, s.apiBoardExport},
		{"GET", "/api/v1/settings", false, s.apiSettings},
		{"GET", "/api/v1/indicators", false, s.apiIndicators},
		{"GET", "/api/v1/indicators/{id}/records", false, s.apiIndicatorRecords},
		{"GET", "/api/v1/records/{kind}", false, s.apiListRecords},
		{"POST", "/api/v1/records/{kind}", false, s.apiCreateRecord},
		{"GET", "/api/v1/records/{kind}/export.xlsx", false, s.apiExportRecords},
		{"POST", "/api/v1/records/{kind}/import", false, s.apiImport}, // Excel import: imports.go
		{"GET", "/api/v1/records/{kind}/import/template.xlsx", false, s.apiImportTemplate},
		{"POST", "/api/v1/imports/{id}/undo", false, s.apiUndoImport},
		{"GET", "/api/v1/records/{kind}/{id}", false, s.apiGetRecord},
		{"PATCH", "/api/v1/records/{kind}/{id}", false, s.apiUpdateRecord},
		{"POST", "/api/v1/records/{kind}/{id}/transitions", false, s.apiTransition},
		{"POST", "/api/v1/records/{kind}/{id}/corrections", false, s.apiCorrect},
		{"GET", "/api/v1/records/{kind}/{id}/history", false, s.apiHistory},
		{"GET", "/api/v1/records/{kind}/{id}/clocks", false, s.apiClocks},
		{"POST", "/api/v1/records/{kind}/{id}/clocks/{period}", false, s.apiAdjustClock},
		{"GET", "/api/v1/records/{kind}/{id}/links", false, s.apiLinks},
		{"GET", "/api/v1/records/{kind}/{id}/attachments", false, s.apiAttachments},
		{"POST", "/api/v1/records/{kind}/{id}/attachments", false, s.apiAddAttachment},
		{"GET", "/api/v1/records/{kind}/{id}/attachments/{sha}", false, s.apiDownloadAttachment},
		{"POST", "/api/v1/check", false, s.apiCheck}, // 报告审校: check_api.go
		// 年度报告: api_reports.go (reads), api_report_writes.go, api_report_versions.go, api_report_files.go
		{"GET", "/api/v1/reports", false, s.apiReports},
		{"POST", "/api/v1/reports", false, s.apiCreateReport},
		{"GET", "/api/v1/reports/board", false, s.apiReportBoard},
		{"GET", "/api/v1/reports/{id}", false, s.apiReport},
		{"PUT", "/api/v1/reports/{id}/sections/{key}", false, s.apiSaveSection},
		{"POST", "/api/v1/reports/{id}/check", false, s.apiCheckReport},
		{"POST", "/api/v1/reports/{id}/transitions", false, s.apiReportStep},
		{"GET", "/api/v1/reports/{id}/versions", false, s.apiReportVersionList},
		{"GET", "/api/v1/reports/{id}/versions/{n}", false, s.apiReportVersion},
		{"GET", "/api/v1/reports/{id}/versions/{n}/diff", false, s.apiReportDiff},
		{"GET", "/api/v1/reports/{id}/export.docx", false, s.apiReportExport("docx")},
		{"GET", "/api/v1/reports/{id}/export.pdf", false, s.apiReportExport("pdf")},
		{"GET", "/api/v1/reports/{id}/figures.json", false, s.apiReportFigures("json")},
		{"GET", "/api/v1/reports/{id}/figures.csv", false, s.apiReportFigures("csv")},
	}
}

// apiRoutes registers the JSON API on mux. Authentication (session cookie
// with CSRF header, or bearer token) is the auth middleware's; a handler
// without a principal answers 401. Unmatched /api/ paths answer a JSON 404.
func (s *Server) apiRoutes(mux *http.ServeMux) {
	for _, rt := range s.apiRouteTable() {
		mux.Handle(rt.Method+" "+rt.Pattern, s.apiAdapt(rt.Public, rt.Handler))
	}
	// A path that exists under another method answers 405 with Allow.
	allowed := http.NewServeMux()
	methods := map[string][]string{}
	for _, rt := range s.apiRouteTable() {
		if methods[rt.Pattern] == nil {
			allowed.Handle(rt.Pattern, http.NotFoundHandler()) // only matched, never served
		}
		methods[rt.Pattern] = append(methods[rt.Pattern], rt.Method)
	}
	mux.Handle("/api/", s.apiAdapt(true, func(w http.ResponseWriter, r *http.Request, _ *Principal) error {
		if _, pattern := allowed.Handler(r); pattern != "" {
			w.Header().Set("Allow", strings.Join(methods[pattern], ", "))
			return &apiError{Status: http.StatusMethodNotAllowed,
				Message: fmt.Sprintf("此路径不支持 %s 方法：可用的方法是 %s", r.Method, strings.Join(methods[pattern], "、"))}
		}
		return &apiError{Status: http.StatusNotFound,
			Message: "没有这个接口：请查看 GET /api/v1/openapi.json 中列出的路径和方法"}
	}))
}

func (s *Server) apiAdapt(public bool, h apiHandler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := principal(r)
		if p == nil && !public {
			s.apiFail(w, r, errAPIUnauthenticated)
			return
		}
		if err := h(w, r, p); err != nil {
			s.apiFail(w, r, err)
		}
	})
}
