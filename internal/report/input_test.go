package report

import (
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger/kinds"
)

// engine is the indicator engine of the real kinds.
func engine(t testing.TB) *indicator.Engine {
	t.Helper()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// values are the catalogue's indicators with the given values (others 0),
// rates computed from their declared parts as the engine does.
func values(e *indicator.Engine, set map[string]float64) []indicator.Value {
	var out []indicator.Value
	for _, c := range e.Catalogue() {
		v := indicator.Value{ID: c.ID, Name: c.Name, Unit: c.Unit, Measured: e.Measured(c.ID), Value: set[c.ID]}
		if d, ok := e.Def(c.ID); ok && d.Num != "" {
			num, den := set[d.Num], set[d.Den]
			v.Numerator, v.Denominator = &num, &den
			v.Value = 0
			if den != 0 {
				v.Value = float64(int(num/den*10000+0.5)) / 100
			}
		}
		out = append(out, v)
	}
	return out
}

// richValues are a busy township's year.
var richValues = map[string]float64{
	"legality_review.total": 18, "legality_review.normative_document": 3, "legality_review.major_decision": 5,
	"legality_review.contract": 9, "legality_review.enforcement_decision": 1, "legality_review.received": 20,
	"legality_review.pending": 2, "legality_review.unlawful": 1,
	"major_decision.total": 5, "major_decision.reviewed": 5, "major_decision.published": 4,
	"petition.received": 86, "petition.closed": 77, "petition.pending": 9, "petition.satisfied": 70,
	"petition.persons": 64, "petition.visitors": 12500,
	"normative_document.issued": 3, "normative_document.filed": 3,
	"study.sessions": 12, "study.hours": 436.5,
}

var lastValues = map[string]float64{
	"legality_review.total": 15, "major_decision.total": 5, "major_decision.reviewed": 4,
	"petition.received": 95, "petition.closed": 80, "petition.satisfied": 70, "study.sessions": 8,
}

func richInput(t testing.TB) Input {
	e := engine(t)
	return Input{Unit: "云溪镇人民政府", Parent: "青山县", Year: 2025, HasData: true,
		Values: values(e, richValues), LastYear: values(e, lastValues),
		Sections: kinds.ReportSections(), Lines: LinesOf(e)}
}

func sparseInput(t testing.TB) Input {
	e := engine(t)
	return Input{Unit: "石桥乡", Parent: "青山县人民政府", Year: 2025, HasData: true,
		Values:   values(e, map[string]float64{"petition.received": 2, "study.sessions": 1}),
		Sections: kinds.ReportSections(), Lines: LinesOf(e)}
}

func emptyInput(t testing.TB) Input {
	e := engine(t)
	return Input{Unit: "新河街道办事处", Parent: "青山县", Year: 2099, HasData: false,
		Values: values(e, nil), Sections: kinds.ReportSections(), Lines: LinesOf(e)}
}
