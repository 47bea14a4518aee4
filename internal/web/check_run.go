package web

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"fazhi/internal/proofread"
)

// checkExts are the files the 审校 page and API accept, as the CLI's
// --corpus does.
var checkExts = []string{".txt", ".docx", ".pdf", ".doc", ".wps"}

// checkMaxFiles bounds the reports of one request: a county's spring batch
// is about forty.
const checkMaxFiles = 100

// checkInput is one report to check, as the caller named it.
type checkInput struct {
	Name string
	Data []byte
	// asText marks pasted or JSON text: it is read as plain text whatever
	// its name ends with.
	asText bool
}

// checkedReport is the outcome for one input: a result with the report's
// normalised lines (for highlighting and the annotated .docx), or the
// Chinese reason it could not be read.
type checkedReport struct {
	Name   string
	Result *proofread.Result
	Lines  []proofread.Line // only No and Text; nil unless asked for
	Err    string
}

// runCheck checks every input; in corpus mode the reports are also
// compared with each other (copy.similar). An unreadable input gets its
// reason and the others are still checked. withLines keeps each report's
// text for display and export.
//
// A checker is built per request (about 6 ms, under 1 MB): Config.Year is
// a per-request setting, and a checker shared across requests would need
// one per year for no measurable gain.
func runCheck(ctx context.Context, lists map[string]string, inputs []checkInput, year int, corpus, withLines bool) ([]checkedReport, error) {
	c, err := proofread.NewChecker(proofread.Config{Year: year, ExtraFiles: lists, Today: time.Now().Format(time.DateOnly)})
	if err != nil {
		return nil, fmt.Errorf("web.runCheck: %w", err)
	}
	out := make([]checkedReport, len(inputs))
	engineName := make([]string, len(inputs))
	for i, in := range inputs {
		out[i].Name = in.Name
		engineName[i] = in.Name
		if in.asText && slices.Contains(checkBinaryExts, strings.ToLower(filepath.Ext(in.Name))) {
			engineName[i] = in.Name + ".txt" // the engine picks the reader by extension
		}
	}
	fix := func(i int, res *proofread.Result, err error) {
		if err != nil {
			out[i].Err = strings.ReplaceAll(err.Error(), engineName[i], inputs[i].Name)
			return
		}
		res.File = inputs[i].Name
		out[i].Result = res
	}
	if corpus && len(inputs) > 1 {
		ins := make([]proofread.Input, len(inputs))
		for i, in := range inputs {
			ins[i] = proofread.Input{Name: engineName[i], Data: in.Data, KeepLines: withLines}
		}
		results, errs := c.CheckCorpus(ctx, ins, nil)
		renamed := renamer(inputs, engineName)
		for i := range inputs {
			fix(i, results[i], errs[i])
			if renamed != nil && results[i] != nil {
				for k, f := range results[i].Findings {
					if f.Rule == "copy.similar" {
						results[i].Findings[k].Message = renamed.Replace(f.Message)
					}
				}
			}
			if withLines && errs[i] == nil {
				out[i].Lines = plainLines(results[i].Lines)
				results[i].Lines = nil
			}
		}
		return out, nil
	}
	for i, in := range inputs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		d, artifacts, err := c.Parse(ctx, engineName[i], in.Data)
		if err != nil {
			fix(i, nil, err)
			continue
		}
		fix(i, c.CheckDoc(d, artifacts), nil)
		if withLines {
			out[i].Lines = plainLines(d.Lines)
		}
	}
	return out, nil
}

// checkBatch collects a request's reports in the order given; a file
// refused before checking (wrong type, too large) keeps its place with its
// reason.
type checkBatch struct {
	items  []checkedReport
	inputs []checkInput
	at     []int // items index of each input
	seen   map[string]int
}

// add queues a report under a unique display name.
func (b *checkBatch) add(name string, data []byte, asText bool) {
	if b.seen == nil {
		b.seen = map[string]int{}
	}
	name = checkName(name, b.seen)
	b.at = append(b.at, len(b.items))
	b.items = append(b.items, checkedReport{Name: name})
	b.inputs = append(b.inputs, checkInput{Name: name, Data: data, asText: asText})
}

// reject records a file that will not be checked, with the reason.
func (b *checkBatch) reject(name, reason string) {
	b.items = append(b.items, checkedReport{Name: name, Err: reason})
}

// full reports whether the batch holds as many files as one request may.
func (b *checkBatch) full() bool { return len(b.items) >= checkMaxFiles }

// run checks the queued reports and returns every item in order.
// At most Config.CheckConcurrency checks run at once (a .doc conversion
// can take minutes) and together they fit Config.CheckMemory
// (check_budget.go); a request waits for both or for its context, which
// also stops the check when the client goes.
func (b *checkBatch) run(ctx context.Context, s *Server, year int, corpus, withLines bool) ([]checkedReport, error) {
	need := b.admit(s.cfg.CheckMemory, corpus)
	if len(b.inputs) == 0 {
		return b.items, nil
	}
	if err := s.checkMemory.Acquire(ctx, need); err != nil {
		return nil, err
	}
	defer s.checkMemory.Release(need)
	select {
	case s.checkSlots <- struct{}{}:
		defer func() { <-s.checkSlots }()
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	done, err := runCheck(ctx, s.cfg.CheckLists, b.inputs, year, corpus, withLines)
	if err != nil {
		return nil, err
	}
	for i, r := range done {
		b.items[b.at[i]] = r
	}
	return b.items, nil
}

// checkBinaryExts are the extensions for which the engine reads a file as
// something other than text.
var checkBinaryExts = []string{".docx", ".pdf", ".doc", ".wps"}

// renamer maps the names the engine saw back to the caller's, for the
// other reports named in copy.similar messages; nil when none differ.
func renamer(inputs []checkInput, engineName []string) *strings.Replacer {
	var pairs []string
	for i, in := range inputs {
		if engineName[i] != in.Name {
			pairs = append(pairs, engineName[i]+" 第", in.Name+" 第")
		}
	}
	if pairs == nil {
		return nil
	}
	return strings.NewReplacer(pairs...)
}

// plainLines copies the line numbers and texts, dropping the engine's
// per-line working state (runes, sentences), so a cached result costs about
// its text.
func plainLines(ls []proofread.Line) []proofread.Line {
	out := make([]proofread.Line, len(ls))
	for i, l := range ls {
		out[i] = proofread.Line{No: l.No, Text: l.Text}
	}
	return out
}

// checkName is a display name for an uploaded file, unique among names
// (a second "报告.docx" becomes "报告（2）.docx"), since corpus findings
// name the other report by it.
func checkName(name string, seen map[string]int) string {
	name = cleanFileName(name)
	seen[name]++
	if n := seen[name]; n > 1 {
		ext := filepath.Ext(name)
		name = fmt.Sprintf("%s（%d）%s", strings.TrimSuffix(name, ext), n, ext)
		seen[name]++
	}
	return name
}
