package docx

import (
	"strings"
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/report"
)

// richDocument is a township's drafted report with parts 2 and 4 written,
// issued on 20 January: about three pages.
func richDocument(t testing.TB) report.Document {
	t.Helper()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, nil)
	if err != nil {
		t.Fatal(err)
	}
	set := map[string]float64{
		"legality_review.total": 18, "legality_review.normative_document": 3, "legality_review.major_decision": 5,
		"legality_review.contract": 9, "legality_review.received": 20, "legality_review.pending": 2,
		"major_decision.total": 5, "major_decision.reviewed": 5, "major_decision.published": 4,
		"petition.received": 86, "petition.closed": 77, "petition.pending": 9, "petition.satisfied": 70,
		"petition.visitors": 12500, "normative_document.issued": 3, "normative_document.filed": 3,
		"study.sessions": 12, "study.hours": 436.5,
	}
	var vals []indicator.Value
	for _, c := range e.Catalogue() {
		v := indicator.Value{ID: c.ID, Name: c.Name, Unit: c.Unit, Measured: e.Measured(c.ID), Value: set[c.ID]}
		if d, ok := e.Def(c.ID); ok && d.Num != "" && set[d.Den] != 0 {
			num, den := set[d.Num], set[d.Den]
			v.Numerator, v.Denominator, v.Value = &num, &den, float64(int(num/den*1000+0.5))/10
		}
		vals = append(vals, v)
	}
	d := report.Draft(report.Input{Unit: "云溪镇人民政府", Parent: "青山县", Year: 2025, HasData: true, Values: vals,
		Sections: kinds.ReportSections(), Lines: report.LinesOf(e)})
	for i, s := range d.Sections {
		switch s.Key {
		case "2":
			d.Sections[i].Body = strings.Repeat("一是法治宣传的针对性还不够强，群众参与度有待提高。二是行政执法人员力量不足，专业化水平有待提升。\n", 3)
		case "4":
			d.Sections[i].Body = strings.Repeat("一是深入学习宣传贯彻习近平法治思想，把法治建设纳入年度工作要点。二是规范重大行政决策程序，严格落实合法性审查。三是加强行政执法队伍建设，组织执法人员培训。\n", 3)
		}
	}
	d.Date = "2026-01-20"
	return d
}
