package web

import "net/http"

// Handler returns the whole web application: every route of the UI and the
// JSON API behind the security middleware.
//
// Order, outermost first: the client address (behind trusted proxies),
// security headers, panic recovery, cross-origin
// protection (Sec-Fetch-Site / Origin), authentication with the per-session
// CSRF token check, then the routes.
func (s *Server) Handler() http.Handler {
	mux := http.NewServeMux()
	s.routes(mux)
	s.apiRoutes(mux)
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errCrossOrigin)
	}))
	return s.resolveClient(s.securityHeaders(s.recoverPanics(cop.Handler(s.authenticate(mux)))))
}

// routes registers every page of the UI.
func (s *Server) routes(mux *http.ServeMux) {
	mux.Handle("GET /static/", http.StripPrefix("/static/", s.static))
	mux.HandleFunc("GET /favicon.ico", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusNoContent) })

	// Public pages: no login.
	mux.Handle("GET /public/{$}", s.public(s.publicIndex))
	mux.Handle("GET /public", http.RedirectHandler("/public/", http.StatusMovedPermanently))
	mux.Handle("GET /public/{kind}/{id}", s.public(s.publicRecord))
	mux.Handle("GET /docs/api", s.public(s.apiDocs)) // the OpenAPI document as a page

	// Login and sessions.
	mux.Handle("GET /login", s.public(s.loginForm))
	mux.Handle("POST /login", s.public(s.loginSubmit))
	mux.Handle("POST /logout", s.page(s.logout))
	mux.Handle("POST /logout/all", s.page(s.logoutAll))
	mux.Handle("GET /account/tokens", s.page(s.accountTokens))
	mux.Handle("POST /account/tokens", s.page(s.accountTokenCreate))
	mux.Handle("POST /account/tokens/{id}/revoke", s.page(s.accountTokenRevoke))

	mux.Handle("GET /{$}", s.page(s.dashboard))
	mux.Handle("GET /todo", s.page(s.todoPage)) // the landing page after login
	mux.Handle("GET /board", s.page(s.boardPage))
	mux.Handle("GET /board/export.xlsx", s.page(s.boardExport))
	mux.Handle("GET /notifications", s.page(s.notificationsPage))
	mux.Handle("POST /notifications/{id}/read", s.page(s.notificationRead))

	// Ledgers: one set of handlers serves every declared kind.
	mux.Handle("GET /l/{kind}", s.page(s.recordList))
	mux.Handle("GET /l/{kind}/new", s.page(s.recordNew))
	mux.Handle("GET /l/{kind}/export.xlsx", s.page(s.exportList))
	mux.Handle("GET /l/{kind}/import", s.page(s.importForm))
	mux.Handle("GET /l/{kind}/import/template.xlsx", s.page(s.importTemplate))
	mux.Handle("POST /l/{kind}/import", s.page(s.importSubmit))
	mux.Handle("GET /imports/{id}", s.page(s.importBatch))
	mux.Handle("POST /imports/{id}/undo", s.page(s.importUndo))
	mux.Handle("POST /l/{kind}", s.page(s.recordCreate))
	mux.Handle("GET /l/{kind}/{id}", s.page(s.recordShow))
	mux.Handle("GET /l/{kind}/{id}/edit", s.page(s.recordEdit))
	mux.Handle("POST /l/{kind}/{id}", s.page(s.recordUpdate))
	mux.Handle("POST /l/{kind}/{id}/transition/{event}", s.page(s.recordTransition))
	mux.Handle("POST /l/{kind}/{id}/correct", s.page(s.recordCorrect))
	mux.Handle("POST /l/{kind}/{id}/corrections/{req}/{decision}", s.page(s.recordDecideCorrection))
	mux.Handle("GET /tally/{kind}/{name}", s.page(s.tallyShow))
	mux.Handle("POST /l/{kind}/{id}/clock/{period}", s.page(s.clockAdjust))
	mux.Handle("POST /l/{kind}/{id}/files", s.page(s.attachmentUpload))
	mux.Handle("GET /l/{kind}/{id}/files/{sha}", s.page(s.attachmentDownload))

	// Indicators: dashboards, drill-down, export, 考核 scoring.
	mux.Handle("GET /indicators", s.page(s.indicatorsPage))
	mux.Handle("GET /indicators/export.xlsx", s.page(s.indicatorsExport))
	mux.Handle("GET /indicators/assessment", s.page(s.assessmentPage))
	mux.Handle("GET /indicators/{id}/records", s.page(s.indicatorRecords))

	// Administration of the admin's subtree.
	mux.Handle("GET /admin/users", s.page(s.adminUsers))
	mux.Handle("POST /admin/users", s.page(s.adminUserCreate))
	mux.Handle("POST /admin/users/{id}/password", s.page(s.adminUserPassword))
	mux.Handle("POST /admin/users/{id}/lock", s.page(s.adminUserLock(true)))
	mux.Handle("POST /admin/users/{id}/unlock", s.page(s.adminUserLock(false)))
	mux.Handle("GET /admin/users/{id}", s.page(s.adminUserEdit))
	mux.Handle("POST /admin/users/{id}", s.page(s.adminUserUpdate))
	mux.Handle("POST /admin/users/{id}/grants", s.page(s.adminUserGrant))
	mux.Handle("POST /admin/users/{id}/grants/{unit}/remove", s.page(s.adminUserGrantRemove))
	mux.Handle("GET /admin/units", s.page(s.adminUnits))
	mux.Handle("POST /admin/units", s.page(s.adminUnitCreate))
	mux.Handle("GET /admin/units/template.xlsx", s.page(s.adminUnitTemplate))
	mux.Handle("POST /admin/units/import", s.page(s.adminUnitImport))
	mux.Handle("POST /admin/units/{id}/rename", s.page(s.adminUnitRename))
	mux.Handle("POST /admin/units/{id}/move", s.page(s.adminUnitMove))
	mux.Handle("POST /admin/units/{id}/close", s.page(s.adminUnitClose))
	mux.Handle("GET /admin/audit", s.page(s.adminAudit))
	mux.Handle("GET /admin/reminders", s.page(s.adminReminders))
	mux.Handle("POST /admin/reminders/{channel}", s.page(s.adminChannelSave))
	mux.Handle("POST /admin/reminders/{channel}/test", s.page(s.adminChannelTest))
	mux.Handle("GET /admin/audit/export.xlsx", s.page(s.adminAuditExport))
	mux.Handle("GET /admin/settings", s.page(s.adminSettings))
	mux.Handle("POST /admin/settings", s.page(s.adminSettingSave))
	mux.Handle("POST /admin/holidays", s.page(s.adminHolidayUpload))

	// One's own account.
	mux.Handle("GET /account/password", s.page(s.passwordForm))
	mux.Handle("POST /account/password", s.page(s.passwordChange))

	s.checkRoutes(mux)  // 报告审校: check_routes.go
	s.reportRoutes(mux) // 年度报告 and its public pages: reports.go

	// Anything else is a Chinese 404 page (the API answers its own 404s).
	mux.Handle("/", s.public(func(w http.ResponseWriter, r *http.Request) error { return errNotFound }))
}
