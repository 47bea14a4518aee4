package web

import (
	_ "embed"
	"net/http"
)

// openAPIDoc is the OpenAPI 3.1 description of the JSON API's routes and
// envelopes, written by hand; the server serves it with the kinds'
// schemas generated in (buildOpenAPI). TestOpenAPI_DocumentsEveryRoute
// keeps it and apiRouteTable in step.
//
//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) apiOpenAPI(w http.ResponseWriter, r *http.Request, _ *Principal) error {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	w.WriteHeader(http.StatusOK)
	w.Write(s.openAPI)
	return nil
}
