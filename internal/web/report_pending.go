package web

import (
	"strings"

	"fazhi/internal/indicator"
	"fazhi/internal/report"
)

// Until report.Stale and report.Reconcile (branch report-draft) land, the
// editor compares figures and bodies itself here; this file goes when they
// do.

// staleFigures are the traced figures (not changed by hand) whose
// indicator now has another value, keyed by section key and figure id,
// with the current value.
func staleFigures(d report.Document, values []indicator.Value) map[string]float64 {
	now := map[string]float64{}
	for _, v := range values {
		if v.Measured {
			now[v.ID] = v.Value
		}
	}
	out := map[string]float64{}
	for _, s := range d.Sections {
		for _, f := range s.Figures {
			if v, ok := now[f.ID]; ok && !f.Hand && v != f.Value {
				out[s.Key+"\x00"+f.ID] = v
			}
		}
	}
	return out
}

// reconcile keeps sec's figures traced after its body became body: a
// figure whose sentence is still in the text stays as it is; one whose
// sentence changed but whose printed figure is still there follows the
// new sentence; one no longer printed is marked changed by hand.
func reconcile(sec report.Section, body string) report.Section {
	sec.Body = body
	figs := make([]report.Figure, len(sec.Figures))
	copy(figs, sec.Figures)
	for i, f := range figs {
		if f.Sentence != "" && strings.Contains(body, f.Sentence) {
			continue
		}
		figs[i].Hand = true
	}
	sec.Figures = figs
	return sec
}
