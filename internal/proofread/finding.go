// Package proofread is the 审校 engine: it ingests a report (.txt, .docx, and
// .pdf/.doc/.wps through external tools), parses its outline against the
// five mandated parts, runs every rule in as few passes over the runes as it
// can, extracts the figures the report claims, and finds passages it shares
// with other reports.
//
// Use: c, err := NewChecker(cfg); res, err := c.Check(ctx, name, data) for one
// report, or c.CheckCorpus(ctx, inputs, progress) for many with copy.similar.
// Result marshals to the JSON of `fazhi check --format json`. Rules report
// columns in the normalised line; the engine maps every finding back to the
// line and rune column of the input file.
package proofread

// Severity of a finding.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
	Info    Severity = "info"
)

// Finding is one problem found in a report. Line is 1-based in the input
// (for .docx, the paragraph number); Column is the 1-based rune position in
// that line; Excerpt is the exact text the finding is about.
type Finding struct {
	Rule       string   `json:"rule"`
	Severity   Severity `json:"severity"`
	Line       int      `json:"line"`
	Column     int      `json:"column"`
	Excerpt    string   `json:"excerpt"`
	Message    string   `json:"message"`
	Suggestion string   `json:"suggestion"`
	// Specificity breaks ties when two rules see the same characters: the
	// higher one is kept (see dedupe).
	Specificity int `json:"-"`
}

// Line is one line (paragraph) of the normalised text.
type Line struct {
	No   int    // 1-based line number in the input
	Text string // normalised text

	// Where Text came from, for mapping a rule's column back to the input:
	// lead runes were trimmed from the start of the input line; src, when
	// set, gives the input line and column of every rune of Text (the line
	// was joined or had characters removed).
	lead int
	src  []srcPos

	rs    []rune     // Text as runes, filled once by the engine
	sents []sentence // its sentences with their quantities
}

// runes returns the line's runes without converting again when the engine
// has done it. Callers must not modify the result.
func (l Line) runes() []rune {
	if l.rs == nil {
		return []rune(l.Text)
	}
	return l.rs
}

// sentences returns the line split at 。；！？ with the quantities in each.
func (l Line) sentences() []sentence {
	if l.rs == nil {
		return splitSentences([]rune(l.Text))
	}
	return l.sents
}

// Doc is a report ready for the rules: its lines and what was detected.
type Doc struct {
	File  string
	Unit  string // e.g. 屏南镇
	Year  int    // report year, 0 if unknown
	Level string // 乡镇 / 街道 / 县 / 部门 / 省 / ""
	Lines []Line

	sign      signature // the closing unit and date
	titleYear yearAt0   // the title's year when the body says another (year.title)
	partOf    []int     // per entry of Lines: the mandated part (0–4) its section belongs to, -1 before the first

	outline []Heading // parsed once by the engine, shared by the rules
	parts   []Part
	index   []int // line number → position in Lines, for locate

	headPart map[string]int // partOfHeading of a title in the report's year, asked by several rules
}

// headingPart is partOfHeading(title, d.Year), worked out once per title.
// Rules run one after another on a Doc, so the cache needs no lock.
func (d *Doc) headingPart(title string) int {
	if p, ok := d.headPart[title]; ok {
		return p
	}
	if d.headPart == nil {
		d.headPart = map[string]int{}
	}
	p := partOfHeading(title, d.Year)
	d.headPart[title] = p
	return p
}

// Rule is one check. Rules that need only a line implement LineRule; rules
// that need the whole document (outline, years, copying) implement DocRule.
type LineRule interface {
	ID() string
	CheckLine(d *Doc, l Line, emit func(Finding))
}

// DocRule checks the whole document.
type DocRule interface {
	ID() string
	CheckDoc(d *Doc, emit func(Finding))
}

// Config tunes a check. Lists are embedded in the binary; ExtraFiles names
// files that extend or replace them ("confusables", "outdated", "laws",
// "documents", "reduplications" → path).
type Config struct {
	Year int // report year override; 0 detects it
	// Today, when set (YYYY-MM-DD), is the date a signature may not be after;
	// the engine reads no clock.
	Today      string
	ExtraFiles map[string]string
}
