package importer

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// testKind has form fields of several types, a loop (return → resubmit)
// and a final step with a required field and a guard.
func testKind() *ledger.Kind {
	clerk := []access.Role{access.RoleClerk}
	return &ledger.Kind{
		Name: "case", Label: "测试案件", TitleField: "title", YearField: "received",
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true, MaxLen: 20},
			{Name: "category", Label: "类别", Type: ledger.TypeEnum, Options: []string{"甲", "乙"}},
			{Name: "received", Label: "收件日期", Type: ledger.TypeDate, Required: true},
			{Name: "amount", Label: "金额", Type: ledger.TypeInteger},
			{Name: "owner", Label: "承办人", Type: ledger.TypeUser},
			{Name: "phone", Label: "电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "files", Label: "附件", Type: ledger.TypeFile},
			{Name: "reason", Label: "退回理由", Type: ledger.TypeLongText, Required: true, Step: "return"},
			{Name: "again", Label: "重报日期", Type: ledger.TypeDate, Required: true, Step: "resubmit"},
			{Name: "opinion", Label: "意见", Type: ledger.TypeEnum, Options: []string{"同意", "不同意"}, Required: true, Step: "decide"},
			{Name: "decided", Label: "办结日期", Type: ledger.TypeDate, Required: true, Step: "decide"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "draft", Label: "起草", Editable: true},
				{Name: "review", Label: "审查中"},
				{Name: "returned", Label: "已退回"},
				{Name: "done", Label: "办结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "submit", Label: "提交", From: []string{"draft"}, To: "review", Roles: clerk},
				{Event: "return", Label: "退回", From: []string{"review"}, To: "returned", Roles: clerk},
				{Event: "resubmit", Label: "重报", From: []string{"returned"}, To: "review", Roles: clerk},
				{Event: "decide", Label: "办结", From: []string{"review"}, To: "done", Roles: clerk,
					Guard: func(g *ledger.GuardContext) error {
						d, _ := g.Record.Data.Date("decided")
						r, _ := g.Record.Data.Date("received")
						if d.Before(r) {
							return &ledger.RuleError{Field: "decided", Reason: "「办结日期」不能早于「收件日期」", Basis: "测试规则第一条"}
						}
						return nil
					}},
			},
		},
		CreateRoles: clerk, EditRoles: clerk,
	}
}

var today = calendar.Date{Year: 2026, Month: 6, Day: 1}

// fake is a Resolver and a Target that judges rows with the engine in
// memory and keeps what it writes.
type fake struct {
	mu      sync.Mutex
	k       *ledger.Kind
	written []*ledger.Record
	begun   bool
	aborted bool
	failAt  int // line whose write fails with a refusal
}

func (f *fake) Unit(_ context.Context, s string) (int64, error) {
	switch s {
	case "甲镇", "2":
		return 2, nil
	case "同名":
		return 0, ErrAmbiguous
	}
	return 0, ErrNoMatch
}

func (f *fake) User(_ context.Context, s string) (int64, error) {
	if s == "张三" || s == "7" {
		return 7, nil
	}
	return 0, ErrNoMatch
}

func (f *fake) Record(context.Context, string, string) (int64, error) { return 0, ErrNoMatch }

func (f *fake) replay(r *Row) (*ledger.Record, error) {
	if r.UnitID != 2 {
		return nil, &Refusal{Reason: "您不能在这个单位新建记录"}
	}
	data, errs := f.k.NormalizeOn(r.Form, nil, today)
	if len(errs) > 0 {
		return nil, errs
	}
	rec := &ledger.Record{Kind: f.k.Name, UnitID: r.UnitID, State: f.k.Initial(), Data: data}
	for _, s := range r.Steps {
		out, err := f.k.Apply(&ledger.GuardContext{Ctx: context.Background(), Record: rec, Input: s.Input, Event: s.Event, Today: today},
			[]access.Role{access.RoleClerk})
		if err != nil {
			return nil, &StepError{Label: f.k.Transition(s.Event).Label, Err: err}
		}
		rec.Data, rec.State = out.Data, out.To
	}
	return rec, nil
}

func (f *fake) Check(_ context.Context, r *Row) error { _, err := f.replay(r); return err }
func (f *fake) Begin(context.Context, Summary) (int64, error) {
	f.begun = true
	return 1, nil
}
func (f *fake) Write(_ context.Context, r *Row) error {
	if r.Line == f.failAt {
		return &ledger.RuleError{Reason: "已被他人占用"}
	}
	rec, err := f.replay(r)
	if err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.written = append(f.written, rec)
	return nil
}
func (f *fake) Finish(context.Context, Summary) error { return nil }
func (f *fake) Today() calendar.Date                  { return today }
func (f *fake) Abort(context.Context) error {
	f.aborted, f.written = true, nil
	return nil
}

// book builds a workbook of rows (the first is the header).
func book(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		for j, v := range r {
			if v == "" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(j+1, i+1)
			if err := f.SetCellStr("Sheet1", cell, v); err != nil {
				t.Fatal(err)
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

var header = []string{"编号", "标题", "类别", "收件日期", "金额", "承办人", "电话", "附件", "退回理由", "重报日期", "意见", "办结日期", "所属单位", "状态", "更新时间"}

func runRows(t testing.TB, rows [][]string, o Options) (*Report, *fake) {
	t.Helper()
	f := &fake{k: testKind()}
	rep, err := Run(context.Background(), bytes.NewReader(book(t, append([][]string{header}, rows...))), f.k, f, f, o)
	if err != nil {
		t.Fatal(err)
	}
	return rep, f
}

func TestPlan(t *testing.T) {
	k := testKind()
	cases := []struct {
		target string
		steps  ledger.Values
		want   string // events, or "!" + part of the reason
	}{
		{"draft", nil, ""},
		{"review", nil, "submit"},
		{"done", ledger.Values{"opinion": "同意", "decided": "2026-01-02"}, "submit decide"},
		{"done", ledger.Values{"opinion": "同意", "decided": "2026-01-02", "reason": "缺材料", "again": "2026-01-01"}, "submit return resubmit decide"},
		{"review", ledger.Values{"reason": "缺材料", "again": "2026-01-01"}, "submit return resubmit"},
		{"done", nil, "!须填写「意见」、「办结日期」"},
		{"done", ledger.Values{"opinion": "同意"}, "!还须填写「办结日期」"},
		{"review", ledger.Values{"opinion": "同意", "decided": "2026-01-02"}, "!无法到达“审查中”"},
		{"returned", ledger.Values{"reason": "x"}, "submit return"},
	}
	for _, c := range cases {
		steps, reason := Plan(k, c.target, c.steps)
		var got string
		if reason != "" {
			got = "!" + reason
		} else {
			var ev []string
			for _, s := range steps {
				ev = append(ev, s.Event)
			}
			got = strings.Join(ev, " ")
		}
		if (strings.HasPrefix(c.want, "!") && !strings.Contains(got, c.want[1:])) || (!strings.HasPrefix(c.want, "!") && got != c.want) {
			t.Errorf("Plan(%s, %v) = %q, want %q", c.target, c.steps, got, c.want)
		}
	}
}

func TestRunCleanFileWrites(t *testing.T) {
	rep, f := runRows(t, [][]string{
		{"9", "一号", "甲", "2026-01-05", "12", "张三", "13800138000", "abc", "", "", "", "", "甲镇", "起草", "2026-01-05 10:00"},
		{"", "二号", "", "45300", "1,200", "7", "", "", "", "", "同意", "2026-02-01", "2", "办结"},
		{"", "三号", "乙", "2026年1月6日", "", "", "", "", "缺材料", "2026-01-20", "", "", "甲镇", "审查中"},
		{},
		{"注：符合条件的记录共 5 条"},
	}, Options{})
	if !rep.Clean() || rep.Rows != 3 || rep.Imported != 3 || len(f.written) != 3 {
		t.Fatalf("report %+v, written %d", rep, len(f.written))
	}
	want := []struct{ state, received, amount string }{{"draft", "2026-01-05", "12"}, {"done", "2024-01-09", "1200"}, {"review", "2026-01-06", ""}}
	for i, w := range want {
		r := f.written[i]
		if r.State != w.state || r.Data["received"] != w.received || r.Data["amount"] != w.amount {
			t.Errorf("row %d: %s %v", i, r.State, r.Data)
		}
		if _, ok := r.Data["files"]; ok {
			t.Errorf("row %d: attachment imported", i)
		}
	}
	if f.written[0].Data["owner"] != "7" || f.written[0].Data["phone"] != "13800138000" {
		t.Errorf("resolved values: %v", f.written[0].Data)
	}
}

// TestRunEveryBadCellReported: every bad cell is listed with its row,
// column, value and a Chinese reason, and nothing is written.
func TestRunEveryBadCellReported(t *testing.T) {
	rep, f := runRows(t, [][]string{
		{"", "好的", "", "2026-01-05", "", "", "", "", "", "", "", "", "甲镇", ""},
		{"", "", "丙", "2099-01-01", "十二", "李四", "138****8000", "", "", "", "", "", "乙镇", "无此状态"},
		{"", "好的", "", "2026-03-05", "", "", "", "", "", "", "同意", "2026-01-02", "甲镇", "办结"},
		{"", "好的", "", "2026-03-05", "", "", "", "", "", "", "同意", "", "同名", "办结"},
	}, Options{})
	if f.begun || len(f.written) != 0 || rep.Imported != 0 {
		t.Fatalf("something was written: %+v", rep)
	}
	got := map[string]string{}
	for _, p := range rep.Problems {
		got[fmt.Sprintf("%d%s", p.Line, p.Col)] = p.String()
	}
	for _, w := range []struct{ at, part string }{
		{"3C", "「类别」应从以下选项中选择"},
		{"3E", "应为整数"},
		{"3F", "没有名为或编号为“李四”的用户"},
		{"3G", "遮蔽后的值"},
		{"3M", "没有这个单位"},
		{"3N", "「状态」应为以下之一"},
		{"4L", "不能早于「收件日期」（依据：测试规则第一条）"},
		{"5M", "有多个同名单位"},
	} {
		if !strings.Contains(got[w.at], w.part) {
			t.Errorf("problem at %s = %q, want it to contain %q", w.at, got[w.at], w.part)
		}
	}
	if rep.Bad != 3 || rep.Valid != 1 || rep.Total != len(rep.Problems) {
		t.Errorf("counts: %+v", rep)
	}
	if !strings.HasPrefix(got["3E"], "第 3 行 E 列「金额」“十二”：") {
		t.Errorf("sentence: %q", got["3E"])
	}
}

func TestRunDateRangeAndRequired(t *testing.T) {
	rep, _ := runRows(t, [][]string{{"", "", "", "2099-01-01", "", "", "", "", "", "", "", "", "甲镇"}}, Options{})
	var all []string
	for _, p := range rep.Problems {
		all = append(all, p.String())
	}
	s := strings.Join(all, "\n")
	for _, part := range []string{"D 列「收件日期」", "晚于今天", "B 列「标题」", "请填写「标题」"} {
		if !strings.Contains(s, part) {
			t.Errorf("missing %q in\n%s", part, s)
		}
	}
}

func TestRunValidOnly(t *testing.T) {
	rep, f := runRows(t, [][]string{
		{"", "好的", "", "2026-01-05", "", "", "", "", "", "", "", "", "甲镇"},
		{"", "坏的", "", "不是日期", "", "", "", "", "", "", "", "", "甲镇"},
		{"", "也好", "", "2026-01-07", "", "", "", "", "", "", "", "", "甲镇"},
	}, Options{ValidOnly: true})
	if rep.Imported != 2 || len(f.written) != 2 || rep.Bad != 1 || rep.Problems[0].Line != 3 {
		t.Fatalf("report %+v", rep)
	}
	rep, f = runRows(t, [][]string{{"", "好的", "", "2026-01-05", "", "", "", "", "", "", "", "", "甲镇"}}, Options{DryRun: true})
	if rep.Imported != 0 || f.begun || !rep.Clean() {
		t.Fatalf("dry run wrote: %+v", rep)
	}
}

func TestRunWriteRefusedAbortsBatch(t *testing.T) {
	f := &fake{k: testKind(), failAt: 3}
	rows := [][]string{header,
		{"", "一", "", "2026-01-05", "", "", "", "", "", "", "", "", "甲镇"},
		{"", "二", "", "2026-01-05", "", "", "", "", "", "", "", "", "甲镇"},
	}
	rep, err := Run(context.Background(), bytes.NewReader(book(t, rows)), f.k, f, f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Aborted || !f.aborted || rep.Imported != 0 || len(rep.Problems) != 1 || rep.Problems[0].Line != 3 {
		t.Fatalf("report %+v aborted %v", rep, f.aborted)
	}
}

func TestRunBadHeaderAndCap(t *testing.T) {
	f := &fake{k: testKind()}
	rows := [][]string{{"标题", "收件日期", "无名列", "标题"}}
	for i := 0; i < 1500; i++ {
		rows = append(rows, []string{"", "坏日期"})
	}
	rep, err := Run(context.Background(), bytes.NewReader(book(t, rows)), f.k, f, f, Options{Unit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Problems[0].Line != 1 || rep.Problems[0].Col != "C" || rep.Problems[1].Col != "D" {
		t.Fatalf("header problems: %v", rep.Problems[:2])
	}
	if len(rep.Problems) != DefaultMaxListed || rep.Total < 1500 || rep.Bad != 1500 || f.begun {
		t.Fatalf("listed %d total %d bad %d", len(rep.Problems), rep.Total, rep.Bad)
	}
}

// TestRunZipBombRefused: a workbook whose sheet unpacks past the limit is
// refused before it is read.
func TestRunZipBombRefused(t *testing.T) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	src := book(t, [][]string{header})
	zr, err := zip.NewReader(bytes.NewReader(src), int64(len(src)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		w, _ := zw.Create(zf.Name)
		if zf.Name == "xl/worksheets/sheet1.xml" {
			io := strings.Repeat(" ", 8<<20)
			w.Write([]byte(io))
			continue
		}
		rc, _ := zf.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		w.Write(b.Bytes())
	}
	zw.Close()
	if buf.Len() > 64<<10 {
		t.Fatalf("bomb is %d bytes", buf.Len())
	}
	f := &fake{k: testKind()}
	_, err = Run(context.Background(), bytes.NewReader(buf.Bytes()), f.k, f, f, Options{UnzipLimit: 4 << 20})
	if !errors.Is(err, ErrFile) || !strings.Contains(err.Error(), "解压后超过 4 MB") {
		t.Fatalf("err = %v", err)
	}
	_, err = Run(context.Background(), strings.NewReader("not a zip"), f.k, f, f, Options{})
	if !errors.Is(err, ErrFile) {
		t.Fatalf("err = %v", err)
	}
}

func TestTemplateHeaderMatchesImport(t *testing.T) {
	k := testKind()
	var buf bytes.Buffer
	if err := Template(&buf, k); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "测试案件" || got[1] != "说明" {
		t.Fatalf("sheets %v", got)
	}
	rows, _ := f.GetRows("测试案件")
	if strings.Join(rows[0], ",") != "标题,类别,收件日期,金额,承办人,电话,退回理由,重报日期,意见,办结日期,所属单位,状态" {
		t.Fatalf("header %v", rows[0])
	}
	notes, _ := f.GetRows("说明")
	s := fmt.Sprint(notes)
	for _, part := range []string{"甲、乙", "在“办结”这一步填写", "「附件」不能通过表格导入", "起草、审查中、已退回、办结"} {
		if !strings.Contains(s, part) {
			t.Errorf("说明 lacks %q", part)
		}
	}
}

func TestParseID(t *testing.T) {
	for s, want := range map[string]int64{"12": 12, "#12": 12, "编号 12": 12, "某决策（编号 12）": 12, "某决策": 0, "0": 0, "-3": 0} {
		if got, _ := ParseID(s); got != want {
			t.Errorf("ParseID(%q) = %d, want %d", s, got, want)
		}
	}
}

// FuzzImportRow puts arbitrary text in the cells of one row: the importer
// never panics, every problem names a row and a reason, and a clean row is
// written exactly once.
func FuzzImportRow(f *testing.F) {
	f.Add("一号", "甲", "2026-01-05", "12", "张三", "13800138000", "", "", "", "", "甲镇", "")
	f.Add("", "丙", "2099-13-45", "1e9", "李四", "138****", "理由", "", "同意", "2020-01-01", "同名", "办结")
	f.Add("x", "", "45300", "-0", "7", "", "", "2026-01-01", "不同意", "2026-02-02", "2", "审查中")
	f.Add("\x00", "乙", "2024年2月30日", "１２", "", "\t", "a\nb", "", "", "", "", "起草")
	f.Fuzz(func(t *testing.T, title, cat, received, amount, owner, phone, reason, again, opinion, decided, unit, state string) {
		row := []string{"", title, cat, received, amount, owner, phone, "", reason, again, opinion, decided, unit, state}
		for _, c := range row {
			if len(c) > 300 {
				t.Skip()
			}
		}
		ff := &fake{k: testKind()}
		rep, err := Run(context.Background(), bytes.NewReader(book(t, [][]string{header, row})), ff.k, ff, ff, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range rep.Problems {
			if p.Line < 1 || p.Reason == "" {
				t.Fatalf("problem without row or reason: %+v", p)
			}
		}
		if rep.Clean() != (rep.Imported == rep.Rows) || len(ff.written) != rep.Imported {
			t.Fatalf("report %+v, written %d", rep, len(ff.written))
		}
	})
}
