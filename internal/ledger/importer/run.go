package importer

import (
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Problem is one reason a row (or the header) cannot be imported.
type Problem struct {
	Sheet  string // the sheet, when not the main one (rows inside records)
	Line   int    // spreadsheet row number; the header is row 1
	Col    string // column letter (A, B, …), "" for the row as a whole
	Header string // the column's header
	Value  string // the cell as written (shortened)
	Reason string // Chinese: names the field and the fix
}

// String is the problem as one Chinese sentence.
func (p Problem) String() string {
	var b strings.Builder
	if p.Sheet != "" {
		fmt.Fprintf(&b, "“%s”表", p.Sheet)
	}
	fmt.Fprintf(&b, "第 %d 行", p.Line)
	if p.Col != "" {
		fmt.Fprintf(&b, " %s 列", p.Col)
	}
	if p.Header != "" {
		fmt.Fprintf(&b, "「%s」", p.Header)
	}
	if p.Value != "" {
		fmt.Fprintf(&b, "“%s”", p.Value)
	}
	b.WriteString("：" + p.Reason)
	return b.String()
}

// Report is the outcome of an import or of its check.
type Report struct {
	Kind     string
	Rows     int       // data rows read (empty rows not counted)
	Valid    int       // rows without a problem
	Bad      int       // rows with at least one problem
	Problems []Problem // the first MaxListed problems, in file order
	Total    int       // every problem, listed or not
	Imported int       // records written (0 on a check or a refused import)
	Batch    int64     // the import batch, when something was written
	Aborted  bool      // writing failed part-way and the batch was undone
}

// Clean reports whether every row passed.
func (r *Report) Clean() bool { return r.Total == 0 }

// Summary is the import as a Target sees it at the start and end of the
// writing pass.
type Summary struct {
	Rows, Valid, Bad, Imported int
}

// Target checks and writes rows: the store, as the importing user.
type Target interface {
	// Check judges a row as writing it would — roles, field rules,
	// references, and every transition of its history through the engine —
	// without writing. It returns nil, a refusal (ledger.FieldErrors,
	// *ledger.RuleError, *StepError, *Refusal) or another error, which
	// stops the import.
	Check(ctx context.Context, r *Row) error
	// Begin starts the batch before the first write.
	Begin(ctx context.Context, s Summary) (batch int64, err error)
	Write(ctx context.Context, r *Row) error
	Finish(ctx context.Context, s Summary) error
	// Abort undoes what the batch wrote after a failed write.
	Abort(ctx context.Context) error
	// Today is the date against which date fields are bounded.
	Today() calendar.Date
}

// Refusal is a row refused for a reason that is not a field's (no right to
// create in a unit).
type Refusal struct {
	Field  string // field name, "" for the row
	Reason string
}

func (r *Refusal) Error() string { return r.Reason }

// StepError is a refusal while replaying a row's history: the transition
// and the engine's error.
type StepError struct {
	Label string // the transition's Chinese name
	Err   error
}

func (e *StepError) Error() string { return "“" + e.Label + "”：" + e.Err.Error() }
func (e *StepError) Unwrap() error { return e.Err }

// Row is one data row, parsed.
type Row struct {
	Line   int
	UnitID int64
	State  string        // the state named (initial when the cell is empty)
	Form   ledger.Values // create-form fields
	Steps  []Step        // the history replayed after creating
}

// Options of Run.
type Options struct {
	// Unit, when not 0, receives every row and the 所属单位 column is not
	// used; else each row names its unit there.
	Unit int64
	// ValidOnly writes the rows that pass and reports the others; else a
	// file with any problem writes nothing.
	ValidOnly bool
	// DryRun only checks.
	DryRun bool
	// MaxListed caps Report.Problems (default 1000); Report.Total counts
	// them all.
	MaxListed int
	// MaxRows caps the data rows of one file (default 200,000).
	MaxRows int
	// Writers is how many rows are written at once (default 1: records
	// are created in file order; more overlap the engine checks of one row
	// with the store writes of another).
	Writers int
	// UnzipLimit bounds the workbook's uncompressed size (default 256 MiB);
	// a larger file — or a zip bomb — is refused. Parts above 8 MiB are
	// streamed from a temporary file rather than held in memory.
	UnzipLimit int64
}

// Defaults of Options.
const (
	DefaultMaxListed  = 1000
	DefaultMaxRows    = 200000
	DefaultUnzipLimit = 256 << 20
	DefaultWriters    = 1
	xmlInMemory       = 8 << 20
)

// ErrFile is a workbook that cannot be read at all; its message is
// Chinese.
var ErrFile = errors.New("无法读取导入文件")

// Run checks the workbook src for kind k and, unless DryRun or a problem
// forbids it, writes its rows through t in a second pass.
func Run(ctx context.Context, src io.Reader, k *ledger.Kind, res Resolver, t Target, o Options) (*Report, error) {
	if o.MaxListed <= 0 {
		o.MaxListed = DefaultMaxListed
	}
	if o.MaxRows <= 0 {
		o.MaxRows = DefaultMaxRows
	}
	if o.UnzipLimit <= 0 {
		o.UnzipLimit = DefaultUnzipLimit
	}
	f, err := excelize.OpenReader(src, excelize.Options{UnzipSizeLimit: o.UnzipLimit, UnzipXMLSizeLimit: min(o.UnzipLimit, xmlInMemory)})
	if err != nil {
		return nil, fileError(err, o.UnzipLimit)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fmt.Errorf("%w：文件中没有工作表，请使用下载的导入模板", ErrFile)
	}
	run := &run{k: k, res: newMemo(res), t: t, o: o, rep: &Report{Kind: k.Name}, f: f, sheet: sheets[0]}
	if err := run.pass(ctx, false); err != nil {
		return nil, err
	}
	rep := run.rep
	rep.Valid = rep.Rows - rep.Bad
	if run.badHeader || o.DryRun || rep.Valid == 0 || (rep.Total > 0 && !o.ValidOnly) {
		return rep, nil
	}
	sum := Summary{Rows: rep.Rows, Valid: rep.Valid, Bad: rep.Bad}
	if rep.Batch, err = t.Begin(ctx, sum); err != nil {
		return nil, err
	}
	if err := run.pass(ctx, true); err != nil {
		if aerr := t.Abort(ctx); aerr != nil {
			return nil, errors.Join(err, aerr)
		}
		var refused *refusedWrite
		if errors.As(err, &refused) {
			rep.Aborted, rep.Imported = true, 0
			return rep, nil
		}
		return nil, err
	}
	sum.Imported = rep.Imported
	if err := t.Finish(ctx, sum); err != nil {
		return nil, err
	}
	return rep, nil
}

func fileError(err error, limit int64) error {
	if strings.Contains(err.Error(), "unzip size") || strings.Contains(err.Error(), "exceeds") {
		return fmt.Errorf("%w：文件解压后超过 %d MB，可能不是正常的表格文件或数据过多；请拆分后再导入", ErrFile, limit>>20)
	}
	return fmt.Errorf("%w：不是有效的 Excel（.xlsx）文件，请用下载的模板填写后另存为 .xlsx 再导入（%v）", ErrFile, err)
}

// refusedWrite is a row refused in the writing pass (another user's
// change since the check, e.g. binding the same review): the batch is
// undone and the row reported.
type refusedWrite struct{ err error }

func (e *refusedWrite) Error() string { return e.err.Error() }

type run struct {
	k         *ledger.Kind
	res       Resolver
	t         Target
	o         Options
	rep       *Report
	f         *excelize.File
	sheet     string
	lay       *layout
	badHeader bool
	bad       []uint64 // bit per line: the row has a problem
	writing   bool
	tables    []*rowSheet
}

func (r *run) report(p Problem) {
	r.rep.Total++
	if len(r.rep.Problems) < r.o.MaxListed {
		p.Value = shorten(p.Value)
		r.rep.Problems = append(r.rep.Problems, p)
	}
}

func (r *run) markBad(line int) bool {
	w, b := line/64, uint(line%64)
	for len(r.bad) <= w {
		r.bad = append(r.bad, 0)
	}
	was := r.bad[w]&(1<<b) != 0
	r.bad[w] |= 1 << b
	return was
}

func (r *run) isBad(line int) bool {
	w, b := line/64, uint(line%64)
	return w < len(r.bad) && r.bad[w]&(1<<b) != 0
}

// pass reads the sheet once: checking every row, or writing the good ones.
func (r *run) pass(ctx context.Context, write bool) (err error) {
	rows, err := r.f.Rows(r.sheet)
	if err != nil {
		return fmt.Errorf("%w：%v", ErrFile, err)
	}
	defer rows.Close()
	r.writing = write
	if r.tables, err = r.openRowSheets(); err != nil {
		return err
	}
	defer func() {
		for _, t := range r.tables {
			if !write && err == nil {
				r.leftovers(t)
			}
			t.close()
		}
	}()
	var w *writers
	if write {
		w = r.startWriters(ctx)
		defer func() {
			if err == nil {
				err = w.wait()
			} else {
				w.wait()
			}
		}()
	}
	line := 0
	for rows.Next() {
		line++
		if err := ctx.Err(); err != nil {
			return err
		}
		cells, cerr := rows.Columns(excelize.Options{RawCellValue: true})
		if err = cerr; err != nil {
			return fmt.Errorf("%w：第 %d 行无法读取（%v）", ErrFile, line, err)
		}
		if line == 1 {
			if !write {
				lay, ok := readLayout(r.k, cells, r.report)
				r.lay, r.badHeader = lay, !ok
				if lay == nil {
					return nil
				}
			}
			continue
		}
		if blankRow(cells) {
			continue
		}
		if write {
			row, probs := r.parse(ctx, line, cells) // bad rows too: the row sheets' cursors follow
			if r.isBad(line) {
				continue
			}
			if len(probs) > 0 { // cannot happen: the same file passed the check
				w.fail(line, nil, &refusedWrite{errors.New(probs[0].String())})
				break
			}
			if !w.send(row, cells) {
				break
			}
			continue
		}
		r.rep.Rows++
		if r.rep.Rows > r.o.MaxRows {
			r.report(Problem{Line: line, Reason: fmt.Sprintf("一次最多导入 %d 行，请把文件拆分后分批导入", r.o.MaxRows)})
			r.badHeader = true
			r.rep.Rows--
			return nil
		}
		row, probs := r.parse(ctx, line, cells)
		if len(probs) == 0 && !r.badHeader {
			err := r.t.Check(ctx, row)
			if err != nil {
				ps, ok := r.explain(line, err, cells)
				if !ok {
					return err
				}
				probs = ps
			}
		}
		if len(probs) > 0 {
			r.rep.Bad++
			r.markBad(line)
			for _, p := range probs {
				r.report(p)
			}
		}
	}
	return rows.Error()
}

// writers write rows concurrently, so that the store's group commit
// serves several rows at once; the first failure stops the pass.
type writers struct {
	r      *run
	ctx    context.Context
	jobs   chan writeJob
	wg     sync.WaitGroup
	mu     sync.Mutex
	failed atomic.Bool
	err    error
	n      atomic.Int64
	once   sync.Once
}

type writeJob struct {
	row   *Row
	cells []string
}

func (r *run) startWriters(ctx context.Context) *writers {
	n := r.o.Writers
	if n <= 0 {
		n = DefaultWriters
	}
	jobs := make(chan writeJob, 2*n)
	w := &writers{r: r, ctx: ctx, jobs: jobs}
	for range n {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for j := range jobs {
				if w.failed.Load() {
					continue
				}
				if err := r.t.Write(ctx, j.row); err != nil {
					w.fail(j.row.Line, j.cells, err)
					continue
				}
				w.n.Add(1)
			}
		}()
	}
	return w
}

// send queues a row; false once a write has failed.
func (w *writers) send(row *Row, cells []string) bool {
	if w.failed.Load() {
		return false
	}
	w.jobs <- writeJob{row, cells}
	return true
}

func (w *writers) fail(line int, cells []string, err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.err != nil {
		return
	}
	w.failed.Store(true)
	var rw *refusedWrite
	if ps, ok := w.r.explain(line, err, cells); ok {
		for _, p := range ps {
			w.r.report(p)
		}
		err = &refusedWrite{err}
	} else if !errors.As(err, &rw) {
		err = fmt.Errorf("importer: row %d: %w", line, err)
	}
	w.err = err
}

// wait waits for the queued rows and returns the first failure.
func (w *writers) wait() error {
	w.once.Do(func() { close(w.jobs) })
	w.wg.Wait()
	w.r.rep.Imported = int(w.n.Load())
	return w.err
}

// blankRow is an empty row, or the note the export adds below a capped
// list (注：… in the first column).
func blankRow(cells []string) bool {
	n := 0
	for i, c := range cells {
		if strings.TrimSpace(c) == "" {
			continue
		}
		if i == 0 && strings.HasPrefix(strings.TrimSpace(c), "注：") {
			continue
		}
		n++
	}
	return n == 0
}

// parse reads one data row; every bad cell is a problem.
func (r *run) parse(ctx context.Context, line int, cells []string) (*Row, []Problem) {
	k, lay := r.k, r.lay
	row := &Row{Line: line, Form: ledger.Values{}, State: k.Initial()}
	steps := ledger.Values{}
	var probs []Problem
	cell := func(i int) string {
		if i >= 0 && i < len(cells) {
			return cells[i]
		}
		return ""
	}
	for i, c := range lay.cols {
		if c.Field == nil || c.Ignored {
			continue
		}
		raw := cell(i)
		v, reason := parseCell(Cell{Ctx: ctx, Field: c.Field, Raw: raw, Resolve: r.res})
		if reason != "" {
			probs = append(probs, Problem{Line: line, Col: colName(i), Header: c.Header, Value: raw, Reason: reason})
			continue
		}
		if v == "" {
			continue
		}
		if c.Field.Step != "" {
			steps[c.Field.Name] = v
		} else {
			row.Form[c.Field.Name] = v
		}
	}
	for _, t := range r.tables {
		key := ""
		if lay.id >= 0 {
			key = strings.TrimSpace(cell(lay.id))
		}
		text, ps := r.take(ctx, t, key)
		probs = append(probs, ps...)
		if text == "" {
			continue
		}
		if t.f.Step != "" {
			steps[t.f.Name] = text
		} else {
			row.Form[t.f.Name] = text
		}
	}
	for i := len(lay.cols); i < len(cells); i++ {
		if strings.TrimSpace(cells[i]) != "" {
			probs = append(probs, Problem{Line: line, Col: colName(i), Value: cells[i], Reason: "这一列没有表头，不知道填的是什么；请删除，或在第 1 行写上列名"})
		}
	}
	switch {
	case r.o.Unit != 0:
		row.UnitID = r.o.Unit
	case lay.unit < 0:
		probs = append(probs, Problem{Line: line, Reason: "表中没有「所属单位」列，导入时也没有指定单位；请在导入时选择单位，或加上「所属单位」列"})
	case strings.TrimSpace(cell(lay.unit)) == "":
		probs = append(probs, Problem{Line: line, Col: colName(lay.unit), Header: HeaderUnit, Reason: "请填写「所属单位」（单位名称或编号），或在导入时选择单位"})
	default:
		raw := cell(lay.unit)
		id, err := r.res.Unit(ctx, strings.TrimSpace(raw))
		switch {
		case errors.Is(err, ErrAmbiguous):
			probs = append(probs, Problem{Line: line, Col: colName(lay.unit), Header: HeaderUnit, Value: raw, Reason: "有多个同名单位，请改填单位编号"})
		case err != nil:
			probs = append(probs, Problem{Line: line, Col: colName(lay.unit), Header: HeaderUnit, Value: raw, Reason: "没有这个单位（或不在您的管辖范围内），请填写单位名称或编号"})
		default:
			row.UnitID = id
		}
	}
	if lay.state >= 0 {
		if raw := strings.TrimSpace(cell(lay.state)); raw != "" {
			name := stateByLabel(k, raw)
			if name == "" {
				probs = append(probs, Problem{Line: line, Col: colName(lay.state), Header: HeaderState, Value: raw,
					Reason: "「状态」应为以下之一：" + stateLabels(k) + "；不填则为“" + k.State(k.Initial()).Label + "”"})
			} else {
				row.State = name
			}
		}
	}
	// The form as a whole (required fields, date ranges, cross-field
	// checks), for the fields whose cells were readable.
	if _, errs := k.NormalizeOn(row.Form, nil, r.t.Today()); len(errs) > 0 {
		for _, name := range sortedKeys(errs) {
			if !reported(probs, lay, name) {
				probs = append(probs, r.fieldProblem(line, name, errs[name], cells))
			}
		}
	}
	if len(probs) > 0 {
		sortProblems(probs)
		return nil, probs
	}
	plan, reason := Plan(k, row.State, steps)
	if reason != "" {
		p := Problem{Line: line, Header: HeaderState, Value: k.State(row.State).Label, Reason: reason}
		if lay.state >= 0 {
			p.Col = colName(lay.state)
		}
		return nil, []Problem{p}
	}
	row.Steps = plan
	return row, nil
}

// reported reports whether a problem is already listed for field's column.
func reported(probs []Problem, lay *layout, field string) bool {
	for i, c := range lay.cols {
		if c.Field != nil && c.Field.Name == field {
			for _, p := range probs {
				if p.Col == colName(i) {
					return true
				}
			}
		}
	}
	return false
}

// sortProblems orders a row's problems by column, the row's own first.
func sortProblems(ps []Problem) {
	slices.SortStableFunc(ps, func(a, b Problem) int {
		if len(a.Col) != len(b.Col) {
			return len(a.Col) - len(b.Col)
		}
		return strings.Compare(a.Col, b.Col)
	})
}

// explain turns a refusal into problems, or reports false for an error
// that is not about the row.
func (r *run) explain(line int, err error, cells []string) ([]Problem, bool) {
	prefix := ""
	var se *StepError
	if errors.As(err, &se) {
		prefix = "办理经过“" + se.Label + "”这一步被拒绝："
		err = se.Err
	}
	var (
		fe ledger.FieldErrors
		re *ledger.RuleError
		rf *Refusal
	)
	switch {
	case errors.As(err, &fe):
		var out []Problem
		for _, name := range sortedKeys(fe) {
			out = append(out, r.fieldProblem(line, name, prefix+fe[name], cells))
		}
		return out, true
	case errors.As(err, &re):
		return []Problem{r.fieldProblem(line, re.Field, prefix+re.Error(), cells)}, true
	case errors.As(err, &rf):
		return []Problem{r.fieldProblem(line, rf.Field, prefix+rf.Reason, cells)}, true
	case errors.Is(err, ledger.ErrNoTransition), errors.Is(err, ledger.ErrRole):
		return []Problem{r.fieldProblem(line, "", prefix+chineseOf(err), cells)}, true
	}
	return nil, false
}

// chineseOf is the Chinese part of a wrapped engine error.
func chineseOf(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		s = s[i+2:]
	}
	return s
}

func (r *run) fieldProblem(line int, field, reason string, cells []string) Problem {
	p := Problem{Line: line, Reason: reason}
	if field == "" {
		return p
	}
	for i, c := range r.lay.cols {
		if c.Field != nil && c.Field.Name == field {
			p.Col, p.Header = colName(i), c.Header
			if i < len(cells) {
				p.Value = cells[i]
			}
			return p
		}
	}
	if f := r.k.Field(field); f != nil {
		p.Header = f.Label
	}
	return p
}

func stateByLabel(k *ledger.Kind, s string) string {
	for _, st := range k.Workflow.States {
		if st.Label == s || st.Name == s {
			return st.Name
		}
	}
	return ""
}

func stateLabels(k *ledger.Kind) string {
	var out []string
	for _, st := range k.Workflow.States {
		out = append(out, st.Label)
	}
	return strings.Join(out, "、")
}

func sortedKeys(m ledger.FieldErrors) []string { return slices.Sorted(maps.Keys(m)) }

// shorten keeps a listed value readable.
func shorten(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\n", " ")
	if utf8.RuneCountInString(s) <= 40 {
		return s
	}
	r := []rune(s)
	return string(r[:40]) + "…"
}
