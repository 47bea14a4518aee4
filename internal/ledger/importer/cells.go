package importer

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/ledger"
)

// Resolver turns the names a workbook holds into ids, within the importing
// user's scope. Each method returns ErrNoMatch or ErrAmbiguous (possibly
// wrapped) for a name it cannot resolve to exactly one id.
type Resolver interface {
	Unit(ctx context.Context, s string) (int64, error)
	User(ctx context.Context, s string) (int64, error)
	// Record resolves a record of kind (any kind when "") by id or title.
	Record(ctx context.Context, kind, s string) (int64, error)
}

// Errors of a Resolver.
var (
	ErrNoMatch   = errors.New("no match")
	ErrAmbiguous = errors.New("ambiguous")
)

// Cell is one cell to read: its field, its raw text (numbers as written in
// the file, dates possibly as spreadsheet serial numbers) and the means to
// resolve names.
type Cell struct {
	Ctx     context.Context
	Field   *ledger.Field
	Raw     string
	Resolve Resolver
}

// CellParser reads a cell into the field's input value (what a form would
// submit) or returns a Chinese reason naming the field and the fix.
// Canonical validation (ledger.Field.NormalizeValue) runs after it.
type CellParser func(c Cell) (value, reason string)

// cellParsers holds one parser per importable field type.
var cellParsers = map[ledger.FieldType]CellParser{
	ledger.TypeText:      plainCell,
	ledger.TypeLongText:  plainCell,
	ledger.TypeInteger:   plainCell,
	ledger.TypeDecimal:   plainCell,
	ledger.TypeEnum:      plainCell,
	ledger.TypeBool:      plainCell,
	ledger.TypeDate:      dateCell,
	ledger.TypeUnit:      unitCell,
	ledger.TypeUser:      userCell,
	ledger.TypeReference: referenceCell,
	ledger.TypePersonal:  personalCell,
}

// RegisterCell sets the parser of a field type (a new type, e.g. rows
// inside a record, plugs in here). It is meant for package initialisation.
func RegisterCell(t ledger.FieldType, p CellParser) { cellParsers[t] = p }

// parseCell reads one cell and validates the value as the form would.
func parseCell(c Cell) (string, string) {
	p, ok := cellParsers[c.Field.Type]
	if !ok {
		return "", ""
	}
	v, reason := p(c)
	if reason != "" || v == "" {
		return "", reason
	}
	n, msg := c.Field.NormalizeValue(v)
	if msg != "" {
		return "", msg
	}
	return n, ""
}

func plainCell(c Cell) (string, string) { return c.Raw, "" }

var serialRE = regexp.MustCompile(`^\d{1,6}(\.\d+)?$`)

// dateCell accepts the date as text, or a spreadsheet date (a serial
// number, which is how a cell formatted as a date is stored).
func dateCell(c Cell) (string, string) {
	s := strings.TrimSpace(c.Raw)
	if serialRE.MatchString(s) {
		n, err := strconv.ParseFloat(s, 64)
		if err == nil && n >= 1 {
			if t, err := excelize.ExcelDateToTime(n, false); err == nil {
				return t.Format("2006-01-02"), ""
			}
		}
	}
	return s, ""
}

// personalCell refuses values as an export shows them to a role without
// need (masked with *): importing them would store the mask.
func personalCell(c Cell) (string, string) {
	if strings.ContainsAny(c.Raw, "*＊") {
		return "", "「" + c.Field.Label + "」是遮蔽后的值（含 *），不能导入；请填写完整的信息（有权查看个人信息的人员导出的文件含完整信息）"
	}
	return c.Raw, ""
}

func unitCell(c Cell) (string, string) {
	return resolved(c, "单位", func(s string) (int64, error) { return c.Resolve.Unit(c.Ctx, s) })
}

func userCell(c Cell) (string, string) {
	return resolved(c, "用户", func(s string) (int64, error) { return c.Resolve.User(c.Ctx, s) })
}

func referenceCell(c Cell) (string, string) {
	return resolved(c, "记录", func(s string) (int64, error) { return c.Resolve.Record(c.Ctx, c.Field.RefKind, s) })
}

// resolved resolves a name (or id) to an id, with the reasons a person can
// act on.
func resolved(c Cell, what string, fn func(string) (int64, error)) (string, string) {
	s := strings.TrimSpace(c.Raw)
	if s == "" {
		return "", ""
	}
	id, err := fn(s)
	switch {
	case errors.Is(err, ErrAmbiguous):
		return "", fmt.Sprintf("「%s」“%s”对应多个%s，请改填编号", c.Field.Label, s, what)
	case errors.Is(err, ErrNoMatch):
		return "", fmt.Sprintf("「%s」没有名为或编号为“%s”的%s（或无权查看），请核对后填写名称或编号", c.Field.Label, s, what)
	case err != nil:
		return "", fmt.Sprintf("「%s」“%s”暂时无法核对（%v），请稍后重试", c.Field.Label, s, err)
	}
	return strconv.FormatInt(id, 10), ""
}

var idRE = regexp.MustCompile(`^(?:#|＃|编号\s*)?(\d{1,18})$|[（(]\s*编号\s*(\d{1,18})\s*[）)]$`)

// ParseID reads an id as a workbook may write it: 12, #12, 编号12, or a
// name followed by （编号 12）.
func ParseID(s string) (int64, bool) {
	m := idRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, false
	}
	d := m[1]
	if d == "" {
		d = m[2]
	}
	n, err := strconv.ParseInt(d, 10, 64)
	return n, err == nil && n > 0
}

// memo caches a Resolver's answers (a workbook names the same units and
// users on every row), bounded so a file of distinct names cannot grow it
// without limit.
type memo struct {
	r Resolver
	m map[string]memoEntry
}

type memoEntry struct {
	id  int64
	err error
}

const memoMax = 4096

func newMemo(r Resolver) *memo { return &memo{r: r, m: map[string]memoEntry{}} }

func (m *memo) get(key string, fn func() (int64, error)) (int64, error) {
	if e, ok := m.m[key]; ok {
		return e.id, e.err
	}
	id, err := fn()
	if err != nil && !errors.Is(err, ErrNoMatch) && !errors.Is(err, ErrAmbiguous) {
		return id, err // not cached: it may pass on the next row
	}
	if len(m.m) >= memoMax {
		clear(m.m)
	}
	m.m[key] = memoEntry{id, err}
	return id, err
}

func (m *memo) Unit(ctx context.Context, s string) (int64, error) {
	return m.get("u\x00"+s, func() (int64, error) { return m.r.Unit(ctx, s) })
}

func (m *memo) User(ctx context.Context, s string) (int64, error) {
	return m.get("p\x00"+s, func() (int64, error) { return m.r.User(ctx, s) })
}

func (m *memo) Record(ctx context.Context, kind, s string) (int64, error) {
	return m.get("r\x00"+kind+"\x00"+s, func() (int64, error) { return m.r.Record(ctx, kind, s) })
}
