package report

import (
	"fazhi/internal/access"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// NewInput is the input of unit's draft for year from an evaluation res
// that covers year and the year before (indicator.Query From year-1, To
// year), addressed to parent (nil: no addressee), with the report sections
// the kinds declare and the lines of engine e.
func NewInput(res *indicator.Result, e *indicator.Engine, unit access.Unit, parent *access.Unit, year int, sections []ledger.ReportSection) Input {
	in := Input{
		Unit:     unit.Name,
		Year:     year,
		Values:   res.Report(unit.ID, year),
		LastYear: res.Report(unit.ID, year-1),
		HasData:  res.HasData(unit.ID, year),
		Sections: sections,
		Lines:    LinesOf(e),
	}
	if parent != nil {
		in.Parent = parent.Name
	}
	return in
}
