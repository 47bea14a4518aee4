// Package report is the annual report on rule-of-law government
// (法治政府建设年度报告): its outline, the draft written from the
// indicators, the figures traced to them, and the checks before approval.
// It holds no HTTP and no SQL; the store keeps its versions and the web
// package edits them.
package report

import (
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
)

// Document is the content of one version of a report.
type Document struct {
	Unit      string    `json:"unit"`      // the reporting unit, e.g. 云溪镇人民政府
	Year      int       `json:"year"`      // the year reported on
	Title     string    `json:"title"`     // e.g. 云溪镇关于2025年度法治政府建设情况的报告
	Addressee string    `json:"addressee"` // 主送, e.g. 青山县人民政府：
	Signature string    `json:"signature"` // the signing unit
	Date      string    `json:"date"`      // date of issue, YYYY-MM-DD, empty until issued
	Sections  []Section `json:"sections"`
}

// Section is one heading and its text. Part headings (Level 1) are the five
// mandated parts; Level 2 are their sub-sections; the draft opens with a
// preamble (Key "0", Level 0, no title) before part 1.
type Section struct {
	Key   string `json:"key"`   // stable within a report: "1", "1.2", …
	Level int    `json:"level"` // 1 part, 2 sub-section
	Title string `json:"title"`
	// Body is the text: paragraphs separated by "\n".
	Body string `json:"body"`
	// ByPeople: the draft leaves this section to be written by people
	// (shortfalls and their causes, next year's plan); Hint says what.
	ByPeople bool     `json:"by_people,omitempty"`
	Hint     string   `json:"hint,omitempty"`
	Figures  []Figure `json:"figures,omitempty"`
	// LastPlan (part 4): last year's plan item by item, to write this
	// year's results against.
	LastPlan []string `json:"last_plan,omitempty"`
}

// Figure is one number in a section's Body traced to its indicator.
type Figure struct {
	ID       string  `json:"id"`       // indicator id, e.g. legality_review.total
	Value    float64 `json:"value"`    // the indicator's value when drafted
	Text     string  `json:"text"`     // the figure as printed in Body, e.g. "3" or "1.2万"
	Sentence string  `json:"sentence"` // the sentence of Body holding Text
	// Hand: a person changed the figure; it no longer follows the
	// indicator and approval names it.
	Hand bool `json:"hand,omitempty"`
	// Change: Text is the change from last year ("比上年增加3件": "3"):
	// Value is this year's value minus Base, last year's.
	Change bool    `json:"change,omitempty"`
	Base   float64 `json:"base,omitempty"`
}

// Input is what a draft is written from.
type Input struct {
	Unit     string // reporting unit's name
	Parent   string // the unit reported to (主送)
	Year     int
	Values   []indicator.Value // this year's, in catalogue order
	LastYear []indicator.Value // last year's, for comparisons (may be empty)
	LastPlan *Document         // last year's report, whose part 4 this year's results answer (may be nil)
	HasData  bool              // the unit has any record dated in Year
	Outline  Outline
	// Sections are where figures go (kinds.ReportSections) and Lines how
	// each indicator reads there, by id (LinesOf an engine); an indicator
	// without a line is not written.
	Sections []ledger.ReportSection
	Lines    map[string]*ledger.ReportLine
}

// Outline is the provincial setting of the five part titles and the form
// of title, addressee and signature; DefaultOutline follows the wording of
// 《法治政府建设与责任落实督察工作规定》第二十四条.
type Outline struct {
	Parts     [5]string // part titles; "{年}" is replaced by the year, "{次年}" by the next
	Title     string    // "{单位}关于{年}年度法治政府建设情况的报告"
	Addressee string    // "{上级}：" ("{上级}" is the parent unit)
}
