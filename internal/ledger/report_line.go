package ledger

import (
	"fmt"
	"strings"
)

// How an indicator reads in the annual report (法治政府建设年度报告). A kind
// declares, beside each figure it feeds, the report section the figure
// belongs in and a few ways of saying it; package report writes the draft
// from these declarations without knowing any kind.

// ReportSection is one place of the report that figures go to: a
// sub-section of part 1 (主要举措和成效), with its heading, or part 3
// (第一责任人职责), whose figures run as paragraphs under the part heading.
type ReportSection struct {
	Key   string // referred to by ReportLine.Section, e.g. "decision"
	Part  int    // 1 or 3
	Title string // part 1: the heading without its number, e.g. 推进行政决策科学化民主化法治化
	// Leads open the section's first sentence ("坚持依法决策，"); one is
	// chosen per report, so two townships do not read alike.
	Leads []string
}

// ReportLine places an indicator in the report. Each phrase is a clause
// holding "{n}" once: the figure as printed with its unit ("3项",
// "1.2万份", "96.5%"). A clause about last year is added by the report.
type ReportLine struct {
	Section string   // a ReportSection key
	Phrases []string // variants of one clause, e.g. "作出重大行政决策{n}"
	// Order sorts the lines of one section (lower first; then catalogue
	// order), so a total comes before its parts.
	Order int
}

// checkReportLine validates in.Report.
func checkReportLine(in Indicator) error {
	r := in.Report
	if r == nil {
		return nil
	}
	if r.Section == "" {
		return fmt.Errorf("indicator %q: Report needs a Section", in.ID)
	}
	if len(r.Phrases) == 0 {
		return fmt.Errorf("indicator %q: Report needs at least one phrase", in.ID)
	}
	for _, p := range r.Phrases {
		if strings.Count(p, "{n}") != 1 {
			return fmt.Errorf("indicator %q: report phrase %q must hold {n} once", in.ID, p)
		}
		if strings.ContainsAny(p, "。；！？\n") {
			return fmt.Errorf("indicator %q: report phrase %q is a clause: no 。；！？ or line break", in.ID, p)
		}
	}
	return nil
}

// CheckReportSections checks that sections are well formed and that every
// indicator of reg placed in the report names one of them.
func CheckReportSections(reg *Registry, sections []ReportSection) error {
	keys := map[string]bool{}
	for _, s := range sections {
		switch {
		case s.Key == "" || keys[s.Key]:
			return fmt.Errorf("report section %q: empty or repeated key", s.Key)
		case s.Part != 1 && s.Part != 3:
			return fmt.Errorf("report section %q: part must be 1 or 3", s.Key)
		case s.Part == 1 && s.Title == "":
			return fmt.Errorf("report section %q: a part-1 section needs a title", s.Key)
		}
		keys[s.Key] = true
	}
	for _, k := range reg.Kinds() {
		for _, in := range k.Indicators {
			if in.Report != nil && !keys[in.Report.Section] {
				return fmt.Errorf("indicator %q: report section %q is not declared", in.ID, in.Report.Section)
			}
		}
	}
	return nil
}
