package web

import (
	"strings"

	"fazhi/internal/report"
)

// reportOpenAPI generates into the served document what the report
// package declares: the workflow steps a transition may name
// (report.StepEvents, with their Chinese labels), so a step added to the
// workflow is documented without editing openapi.json.
func reportOpenAPI(schemas map[string]any) {
	tr, _ := schemas["ReportTransition"].(map[string]any)
	props, _ := tr["properties"].(map[string]any)
	if props == nil {
		return
	}
	var names, labels []string
	for _, e := range report.StepEvents {
		names = append(names, string(e))
		labels = append(labels, string(e)+"（"+e.Label()+"）")
	}
	props["event"] = map[string]any{"type": "string", "enum": names,
		"description": "步骤：" + strings.Join(labels, "、") + "。修改和更正不是步骤，请用 PUT /api/v1/reports/{id}/sections/{key}"}
}
