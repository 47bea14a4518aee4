package web

import (
	"net/http"
	"strconv"
)

// entry returns the cached submission of the request's {id}.
func (c *checkUI) entry(r *http.Request) (*checkEntry, error) {
	e, ok := c.cache.get(checkOwner(principal(r)), r.PathValue("id"))
	if !ok {
		return nil, errCheckGone
	}
	return e, nil
}

// checked returns the request's {n}th report (1-based) of the submission,
// if it was checked.
func (c *checkUI) checked(r *http.Request) (*checkEntry, int, *checkedReport, error) {
	e, err := c.entry(r)
	if err != nil {
		return nil, 0, nil, err
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 1 || n > len(e.Reports) || e.Reports[n-1].Result == nil {
		return nil, 0, nil, errCheckGone
	}
	return e, n, &e.Reports[n-1], nil
}

// summary lists the reports of a submission with their counts.
func (c *checkUI) summary(w http.ResponseWriter, r *http.Request) error {
	e, err := c.entry(r)
	if err != nil {
		return err
	}
	page := &CheckSummaryPage{Base: c.s.base(r, "审校结果"), ID: e.ID, Corpus: e.Corpus, XLSXURL: checkAllXLSXURL(e.ID)}
	for i, rep := range e.Reports {
		if rep.Result == nil {
			page.Failed = append(page.Failed, CheckFailed{Name: rep.Name, Reason: rep.Err})
			continue
		}
		res := rep.Result
		row := CheckSummaryRow{URL: checkReportURL(e.ID, i+1), DocxURL: checkDocxURL(e.ID, i+1),
			Name: rep.Name, Unit: orUnknown(res.Unit), Year: yearText(res.Year), Level: orUnknown(res.Level),
			Counts: countFindings(res.Findings)}
		for k, p := range res.Parts {
			if !p.Found && k < 4 {
				row.Missing = append(row.Missing, p.Part)
			}
		}
		page.Findings += len(res.Findings)
		page.Rows = append(page.Rows, row)
	}
	c.s.render(w, r, http.StatusOK, "check_summary.html", page)
	return nil
}

// report shows one report's result. The rule and severity filters are GET
// parameters; an htmx request gets only the findings fragment.
func (c *checkUI) report(w http.ResponseWriter, r *http.Request) error {
	e, n, rep, err := c.checked(r)
	if err != nil {
		return err
	}
	res := rep.Result
	q := r.URL.Query()
	rule, severity := q.Get("rule"), q.Get("severity")
	rules, sevs := checkFilterOptions(res.Findings, rule, severity)
	if !selectedOne(rules) {
		rule = ""
	}
	if !selectedOne(sevs) {
		severity = ""
	}
	self := checkReportURL(e.ID, n)
	page := &CheckReportPage{Base: c.s.base(r, rep.Name+" - 审校结果"),
		SummaryURL: checkURL(e.ID), Multi: len(e.Reports) > 1,
		Name: rep.Name, Unit: orUnknown(res.Unit), Year: yearText(res.Year), Level: orUnknown(res.Level),
		Parts: partViews(res.Parts), Outline: res.Outline, Counts: countFindings(res.Findings),
		Filter:   CheckFilter{Action: self, Rules: rules, Severities: sevs},
		Findings: buildCheckFindings(rep.Lines, res.Findings, rule, severity),
		Figures:  figureViews(res.Figures),
		XLSXURL:  checkXLSXURL(e.ID, n), AllXLSXURL: checkAllXLSXURL(e.ID), DocxURL: checkDocxURL(e.ID, n)}
	page.Findings.ClearURL = self + "#findings"
	for id, f := range res.Findings {
		if f.Rule == "copy.similar" {
			page.Copies = append(page.Copies, findingView(id, f))
		}
	}
	if isHTMX(r) {
		c.s.renderFragment(w, r, "check_report.html", "check-findings", page.Findings)
		return nil
	}
	c.s.render(w, r, http.StatusOK, "check_report.html", page)
	return nil
}

// selectedOne reports whether an option other than "all" is selected, i.e.
// the filter value named something present.
func selectedOne(opts []Option) bool {
	for _, o := range opts {
		if o.Selected && o.Value != "" {
			return true
		}
	}
	return false
}
