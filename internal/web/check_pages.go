package web

import "fazhi/internal/proofread"

// CheckFormPage is the 报告审校 upload form.
type CheckFormPage struct {
	Base
	Year      string
	YearError string
	Corpus    bool
	Text      string
	Errors    []string // why nothing could be checked
	Accept    string   // the file input's accept list
	Exts      string   // the same, for people
	MaxUpload string
	MaxBytes  int64
	MaxFiles  int
}

// CheckSummaryPage lists the reports of one submission.
type CheckSummaryPage struct {
	Base
	ID       string
	Corpus   bool
	Rows     []CheckSummaryRow
	Failed   []CheckFailed
	Findings int
	XLSXURL  string
}

// CheckSummaryRow is one checked report in the summary.
type CheckSummaryRow struct {
	URL, DocxURL            string
	Name, Unit, Year, Level string
	Missing                 []string
	Counts                  CheckCounts
}

// CheckFailed is a file that could not be checked, with the reason.
type CheckFailed struct {
	Name, Reason string
}

// CheckCounts are a report's findings by severity.
type CheckCounts struct {
	Error, Warning, Info int
}

// CheckReportPage is one report's result: what was detected, its outline
// against the five mandated parts, the text with the findings in place,
// its figures and the passages it shares with other reports.
type CheckReportPage struct {
	Base
	SummaryURL string
	Multi      bool // the submission has more than one report
	Name       string
	Unit       string
	Year       string
	Level      string
	Parts      []CheckPartView
	Outline    []proofread.Heading
	Counts     CheckCounts
	Filter     CheckFilter
	Findings   CheckFindings
	Figures    []CheckFigureView
	Copies     []CheckFindingView
	XLSXURL    string
	AllXLSXURL string
	DocxURL    string
}

// CheckPartView is one mandated part and where the report has it.
type CheckPartView struct {
	No       int
	Part     string
	Found    bool
	Line     int
	Required bool // parts 1–4; part 5 missing is only a hint
}

// CheckFilter is the rule and severity filter form.
type CheckFilter struct {
	Action     string
	Rules      []Option
	Severities []Option
}

// CheckFindings is the part of the report page htmx replaces when a filter
// changes: the text with the shown findings marked and their list.
type CheckFindings struct {
	Shown, Total int
	Filtered     bool
	ClearURL     string
	Lines        []CheckLineView
	Whole        []CheckFindingView // about the whole report (line 0)
	List         []CheckFindingView
	HiddenLines  int // lines beyond what one page shows
	HiddenItems  int // findings beyond what one page lists
}

// CheckLineView is one line of the report text cut into plain and marked
// segments.
type CheckLineView struct {
	No       int
	Segments []CheckSegment
	Marked   bool
	Unplaced []CheckFindingView // findings on this line whose excerpt is not in the text
}

// CheckSegment is a run of a line's text, marked when findings cover it.
type CheckSegment struct {
	Text     string
	Mark     bool
	Target   int    // the finding the mark links to
	Severity string // of that finding
	Title    string // every covering finding, for the hover
	Anchors  []int  // findings starting here (link targets "m<id>")
}

// CheckFindingView is one finding as listed.
type CheckFindingView struct {
	ID            int
	Rule          string
	RuleLabel     string
	Severity      string
	SeverityLabel string
	Line, Column  int
	Excerpt       string
	Message       string
	Suggestion    string
	Placed        bool // marked in the text
}

// CheckFigureView is one figure the report claims.
type CheckFigureView struct {
	Indicator, Label, Value, Unit string
	Line                          int
	Excerpt                       string
}
