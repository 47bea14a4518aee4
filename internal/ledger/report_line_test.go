package ledger

import (
	"strings"
	"testing"
)

// TestReportLine_Checked: a report line must name a section and give
// clauses holding the figure once; sections are checked against the lines.
func TestReportLine_Checked(t *testing.T) {
	for _, c := range []struct {
		line *ReportLine
		want string
	}{
		{&ReportLine{Section: "decision", Phrases: []string{"作出决策{n}"}}, ""},
		{&ReportLine{Phrases: []string{"作出决策{n}"}}, "needs a Section"},
		{&ReportLine{Section: "decision"}, "at least one phrase"},
		{&ReportLine{Section: "decision", Phrases: []string{"作出决策"}}, "hold {n} once"},
		{&ReportLine{Section: "decision", Phrases: []string{"{n}，{n}"}}, "hold {n} once"},
		{&ReportLine{Section: "decision", Phrases: []string{"作出决策{n}。均经审查"}}, "is a clause"},
	} {
		err := checkReportLine(Indicator{ID: "a.b", Report: c.line})
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", c.line, err, c.want)
		}
	}
	if checkReportLine(Indicator{ID: "a.b"}) != nil {
		t.Error("an indicator without a report line is fine")
	}
	reg, err := NewRegistry()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		secs []ReportSection
		want string
	}{
		{[]ReportSection{{Key: "a", Part: 1, Title: "甲"}, {Key: "b", Part: 3}}, ""},
		{[]ReportSection{{Key: "a", Part: 1, Title: "甲"}, {Key: "a", Part: 3}}, "repeated"},
		{[]ReportSection{{Key: "a", Part: 2, Title: "甲"}}, "part must be 1 or 3"},
		{[]ReportSection{{Key: "a", Part: 1}}, "needs a title"},
	} {
		err := CheckReportSections(reg, c.secs)
		if c.want == "" && err != nil || c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)) {
			t.Errorf("%+v: %v, want %q", c.secs, err, c.want)
		}
	}
}
