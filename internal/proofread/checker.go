package proofread

import (
	"context"
	"fmt"
	"runtime"
	"sort"
	"sync"
)

// Result is what the engine says about one report. It marshals to the JSON
// of the CLI and the API.
type Result struct {
	File     string    `json:"file"`
	Unit     string    `json:"unit"`
	Year     int       `json:"year"`
	Level    string    `json:"level"`
	Outline  []Heading `json:"outline"`
	Parts    []Part    `json:"parts"`
	Findings []Finding `json:"findings"`
	Figures  []Figure  `json:"figures"`
	// Lines are the normalised lines, only when Input.KeepLines asked.
	Lines []Line `json:"-"`
}

// Errors counts the findings of severity error.
func (r *Result) Errors() int {
	n := 0
	for _, f := range r.Findings {
		if f.Severity == Error {
			n++
		}
	}
	return n
}

// Checker runs every rule. It is safe for concurrent use.
type Checker struct {
	cfg       Config
	lineRules []LineRule
	docRules  []DocRule
}

// NewChecker builds the rules, the lexicon ones from the embedded lists and
// the files named in cfg.ExtraFiles.
func NewChecker(cfg Config) (*Checker, error) {
	lr, dr, g, err := newLexiconRules(cfg)
	if err != nil {
		return nil, fmt.Errorf("审校词表：%w", err)
	}
	c := &Checker{cfg: cfg}
	c.lineRules = append([]LineRule{punctRule{}, relativeYearRule{}, arithRule{}, grammarRule{g: g}, doubledPunctRule{}, numbersRule{}}, lr...)
	c.docRules = append([]DocRule{partsRule{}, numberingRule{}, yearRule{}, halfwidthRule{}, rangeRule{}, levelRule{g: g}, periodRule{today: cfg.Today}, planRule{}, partHeadingRule{}, bracketRule{}, numeralStyleRule{}}, dr...)
	return c, nil
}

// Parse reads and normalises a report without running the rules; the
// extraction artifacts are returned as findings.
func (c *Checker) Parse(ctx context.Context, name string, data []byte) (*Doc, []Finding, error) {
	raw, wrapped, err := extract(ctx, name, data)
	if err != nil {
		return nil, nil, err
	}
	lines, artifacts := normalise(raw, wrapped)
	if len(lines) == 0 {
		return nil, nil, fmt.Errorf("%s：文件中没有可审校的文字", name)
	}
	for i := range lines {
		if lines[i].rs == nil {
			lines[i].rs = []rune(lines[i].Text)
		}
		lines[i].sents = splitSentences(lines[i].rs)
	}
	d := &Doc{File: name, Lines: lines}
	detect(d, c.cfg.Year)
	d.outline = parseOutline(d.Lines)
	d.parts = findParts(d)
	d.partOf = sectionParts(d)
	d.index = make([]int, lines[len(lines)-1].No+1)
	for i, l := range lines {
		d.index[l.No] = i
	}
	return d, artifacts, nil
}

// Check reads one report and runs every rule on it.
func (c *Checker) Check(ctx context.Context, name string, data []byte) (*Result, error) {
	d, artifacts, err := c.Parse(ctx, name, data)
	if err != nil {
		return nil, err
	}
	return c.CheckDoc(d, artifacts), nil
}

// CheckDoc runs every rule on a parsed report.
func (c *Checker) CheckDoc(d *Doc, artifacts []Finding) *Result {
	fs := artifacts
	emit := func(f Finding) {
		f.Line, f.Column = d.locate(f.Line, f.Column)
		fs = append(fs, f)
	}
	for _, l := range d.Lines {
		for _, r := range c.lineRules {
			r.CheckLine(d, l, emit)
		}
	}
	for _, r := range c.docRules {
		r.CheckDoc(d, emit)
	}
	res := &Result{File: d.File, Unit: d.Unit, Year: d.Year, Level: d.Level,
		Outline: d.outline, Parts: d.parts, Findings: dedupe(fs), Figures: extractFigures(d)}
	if res.Outline == nil {
		res.Outline = []Heading{}
	}
	if res.Figures == nil {
		res.Figures = []Figure{}
	}
	return res
}

// locate maps a line number and a 1-based column in the normalised text to
// the input file. Line 0 (a finding about the whole document) stays 0.
func (d *Doc) locate(no, col int) (int, int) {
	if no <= 0 || no >= len(d.index) {
		return no, col
	}
	l := &d.Lines[d.index[no]]
	if l.No != no {
		return no, col
	}
	if l.src == nil {
		return no, col + l.lead
	}
	if col < 1 {
		col = 1
	}
	if col > len(l.src) {
		p := l.src[len(l.src)-1]
		return int(p.line), int(p.col) + col - len(l.src)
	}
	p := l.src[col-1]
	return int(p.line), int(p.col)
}

// defaultSpecificity ranks rules when two see the same characters: the
// more specific rule reports.
var defaultSpecificity = map[string]int{
	"outline.missing-part": 60, "numbering.skip": 50, "numbering.duplicate": 50, "numbering.level": 50, "numbering.style": 50,
	"cite.law-title": 48, "cite.document-title": 48, "term.outdated": 46, "word.confusable": 44, "char.duplicate": 42,
	"punct.enum-comma": 40, "punct.nested-quote": 40, "punct.range": 38, "arith.sum": 36, "arith.percent": 36,
	"year.mismatch": 34, "year.relative": 32, "punct.unbalanced": 30, "script.latin": 26, "artifact.extraction": 20,
	"copy.similar": 12, "punct.halfwidth": 10,
}

// dedupe keeps one finding per span (the most specific) and sorts by place.
func dedupe(fs []Finding) []Finding {
	for i := range fs {
		if fs[i].Specificity == 0 {
			fs[i].Specificity = defaultSpecificity[fs[i].Rule]
		}
	}
	sort.SliceStable(fs, func(a, b int) bool {
		x, y := fs[a], fs[b]
		if x.Line != y.Line {
			return x.Line < y.Line
		}
		if x.Column != y.Column {
			return x.Column < y.Column
		}
		return x.Specificity > y.Specificity
	})
	out := make([]Finding, 0, len(fs))
	for _, f := range fs {
		if f.Line > 0 && f.Excerpt != "" {
			clash := -1
			for k := len(out) - 1; k >= 0 && out[k].Line == f.Line; k-- {
				o := out[k]
				if o.Excerpt != "" && sameSpan(o, f) {
					clash = k
					break
				}
			}
			if clash >= 0 {
				if f.Specificity > out[clash].Specificity {
					out[clash] = f
				}
				continue
			}
		}
		out = append(out, f)
	}
	return out
}

// Input is one report of a corpus.
type Input struct {
	Name string
	Data []byte
	// KeepLines asks for the report's normalised lines in Result.Lines
	// (for display), so a caller need not parse the report again.
	KeepLines bool
}

// CheckCorpus checks every report and then finds the passages they share
// (copy.similar). results[i] and errs[i] belong to inputs[i]; a report that
// cannot be read has a nil result and an error, and the others are still
// checked. progress, if not nil, is called once per report checked, from
// several goroutines.
func (c *Checker) CheckCorpus(ctx context.Context, inputs []Input, progress func()) (results []*Result, errs []error) {
	results = make([]*Result, len(inputs))
	errs = make([]error, len(inputs))
	sents := make([][]copySent, len(inputs))
	parallel(len(inputs), func(i int) {
		if err := ctx.Err(); err != nil {
			errs[i] = fmt.Errorf("%s：%w", inputs[i].Name, err)
			return
		}
		d, artifacts, err := c.Parse(ctx, inputs[i].Name, inputs[i].Data)
		if err != nil {
			errs[i] = err
		} else {
			results[i] = c.CheckDoc(d, artifacts)
			sents[i] = copySentences(d)
			if inputs[i].KeepLines {
				results[i].Lines = d.Lines
			}
		}
		if progress != nil {
			progress()
		}
	})
	names := make([]string, len(inputs))
	for i, in := range inputs {
		names[i] = in.Name
	}
	ix := newCopyIndex(names, sents)
	parallel(len(inputs), func(i int) {
		if results[i] == nil {
			return
		}
		cf := ix.findings(i)
		if len(cf) == 0 {
			return
		}
		fs := append(results[i].Findings, cf...)
		sort.SliceStable(fs, func(a, b int) bool {
			if fs[a].Line != fs[b].Line {
				return fs[a].Line < fs[b].Line
			}
			return fs[a].Column < fs[b].Column
		})
		results[i].Findings = fs
	})
	return results, errs
}

// parallel runs f(0..n-1) on as many goroutines as there are CPUs.
func parallel(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var wg sync.WaitGroup
	next := make(chan int)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// sameSpan reports whether two findings are about the same characters: they
// overlap and neither is more than three times as long as the other (an
// arithmetic finding over a whole clause does not hide a wrong word in it).
func sameSpan(a, b Finding) bool {
	la, lb := max(1, runeLen(a.Excerpt)), max(1, runeLen(b.Excerpt))
	if !(b.Column < a.Column+la && a.Column < b.Column+lb) {
		return false
	}
	return max(la, lb) <= 3*min(la, lb)
}
