package store

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
)

// workbook builds an .xlsx of kind k's template columns and rows (cells
// by header).
func workbook(t testing.TB, k *ledger.Kind, rows []map[string]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	cols := importer.Columns(k)
	for j, c := range cols {
		cell, _ := excelize.CoordinatesToCellName(j+1, 1)
		must(t, f.SetCellStr("Sheet1", cell, c.Header))
		for i, r := range rows {
			if v := r[c.Header]; v != "" {
				cell, _ := excelize.CoordinatesToCellName(j+1, i+2)
				must(t, f.SetCellStr("Sheet1", cell, v))
			}
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func runImport(t testing.TB, e *testEnv, a Actor, k *ledger.Kind, unit int64, file []byte, o importer.Options) *importer.Report {
	t.Helper()
	o.Unit = unit
	imp := e.db.Import(a, k, unit, "测试.xlsx")
	rep, err := importer.Run(context.Background(), bytes.NewReader(file), k, imp, imp, o)
	must(t, err)
	return rep
}

func countRecords(t testing.TB, e *testEnv) (records, audits int) {
	t.Helper()
	must(t, e.db.queryRow(context.Background(), "SELECT COUNT(*) FROM records").Scan(&records))
	must(t, e.db.queryRow(context.Background(), "SELECT COUNT(*) FROM audit").Scan(&audits))
	return
}

// importerActor is a user of township A who may replay every step of the
// test kind (录入员 and 审核员), seeing personal data.
func importerActor(t testing.TB, e *testEnv, f *fixture) (*access.User, Actor) {
	t.Helper()
	ctx := context.Background()
	u := &access.User{Username: "importer", Name: "导入员", UnitID: f.townA.ID, Roles: []access.Role{access.RoleClerk, access.RoleReviewer}, PasswordHash: "$argon2id$test"}
	must(t, e.db.CreateUser(ctx, SystemActor("test"), u))
	a, err := e.db.ActorFor(ctx, u, "192.0.2.9")
	must(t, err)
	a.SeePersonal = true
	return u, a
}

func testImport(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	u, a := importerActor(t, e, f)

	good := []map[string]string{
		{"标题": "导入一号", "承办科室": "司法所", "类别": "行政复议", "收件日期": "2025-01-06", "金额": "1,200"},
		{"标题": "导入二号", "收件日期": "2025/2/3", "申请人身份证号": "11010519491231002X", "审查意见": "合法", "状态": "办结"},
		{"标题": "导入三号", "收件日期": "2025年2月4日", "状态": "审查中", "关联案件": "导入一号"},
	}
	// The third row names the first by title: not there yet, so refused.
	rep := runImport(t, e, a, k, f.townA.ID, workbook(t, k, good), importer.Options{})
	if rep.Imported != 0 || rep.Bad != 1 || !strings.Contains(rep.Problems[0].String(), "「关联案件」没有名为或编号为“导入一号”的记录") {
		t.Fatalf("report %+v", rep)
	}
	good[2]["关联案件"] = ""
	rep = runImport(t, e, a, k, f.townA.ID, workbook(t, k, good), importer.Options{})
	if !rep.Clean() || rep.Imported != 3 || rep.Batch == 0 {
		t.Fatalf("report %+v", rep)
	}
	recs, _, err := e.db.ListRecords(ctx, a, ListQuery{Kind: "case", Sort: "created_at"})
	must(t, err)
	slices.SortFunc(recs, func(x, y ledger.Record) int { return int(x.ID - y.ID) })
	if len(recs) != 3 || recs[0].State != "draft" || recs[0].Data["amount"] != "1200" || recs[1].State != "done" ||
		recs[1].Data["opinion"] != "合法" || recs[1].Data["applicant_id"] != "11010519491231002X" || recs[2].State != "review" {
		t.Fatalf("imported %+v", recs)
	}
	if h, err := e.db.History(ctx, a, recs[1].ID); err != nil || len(h) < 3 {
		t.Fatalf("history of a replayed record: %v %v", h, err)
	}
	b, err := e.db.ImportBatch(ctx, a, rep.Batch)
	must(t, err)
	if b.Status != ImportDone || b.Imported != 3 || b.Rows != 3 || b.FileName != "测试.xlsx" || b.CreatedBy != u.ID {
		t.Fatalf("batch %+v", b)
	}

	// 1,000 bad rows and one good one: each reported, nothing written.
	var bad []map[string]string
	for i := 0; i < 1000; i++ {
		bad = append(bad, map[string]string{"标题": "坏行", "收件日期": "2099-01-01", "金额": "很多"})
	}
	bad = append(bad, map[string]string{"标题": "好行", "收件日期": "2025-01-06"})
	nr, na := countRecords(t, e)
	rep = runImport(t, e, a, k, f.townA.ID, workbook(t, k, bad), importer.Options{})
	if rep.Bad != 1000 || rep.Valid != 1 || rep.Imported != 0 || rep.Total != 2000 || len(rep.Problems) != 1000 || !strings.Contains(rep.Problems[0].String(), "第 2 行 D 列「收件日期」“2099-01-01”：「收件日期」（2099年1月1日）晚于今天") {
		t.Fatalf("bad file: rows %d valid %d bad %d imported %d total %d listed %d", rep.Rows, rep.Valid, rep.Bad, rep.Imported, rep.Total, len(rep.Problems))
	}
	if s := rep.Problems[1].String(); !strings.Contains(s, "第 2 行 E 列「金额」“很多”：「金额」应为整数") {
		t.Fatalf("problem %q", s)
	}
	if r2, a2 := countRecords(t, e); r2 != nr || a2 != na {
		t.Fatalf("a refused import wrote: records %d→%d, audit %d→%d", nr, r2, na, a2)
	}
	// Valid rows only: the good row is imported, the rest reported.
	rep = runImport(t, e, a, k, f.townA.ID, workbook(t, k, bad), importer.Options{ValidOnly: true})
	if rep.Imported != 1 || rep.Bad != 1000 {
		t.Fatalf("valid only: imported %d bad %d", rep.Imported, rep.Bad)
	}

	// Roles and scope: a clerk of township B cannot import into A, and a
	// clerk cannot replay a reviewer's step.
	rep = runImport(t, e, f.actors["clerkB"], k, f.townA.ID, workbook(t, k, good[:1]), importer.Options{})
	if rep.Imported != 0 || !strings.Contains(rep.Problems[0].Reason, "不在您的管辖范围内") {
		t.Fatalf("other township: %+v", rep)
	}
	rep = runImport(t, e, f.actors["clerkA"], k, f.townA.ID, workbook(t, k, good[1:2]), importer.Options{})
	if rep.Imported != 0 || !strings.Contains(rep.Problems[0].Reason, "办理经过“出具意见”这一步被拒绝") || !strings.Contains(rep.Problems[0].Reason, "需要以下角色之一") {
		t.Fatalf("role: %+v", rep.Problems)
	}

	// Undo: refused while a record of the batch has changed since, naming
	// it; allowed once the batch is as imported; removal audited, chain
	// intact.
	first, err := e.db.ImportBatch(ctx, a, 1)
	must(t, err)
	_ = first
	batch := b.ID
	_, err = e.db.UpdateRecord(ctx, a, k, recs[0].ID, recs[0].Version, ledger.Values{"amount": "5"})
	must(t, err)
	_, err = e.db.UndoImport(ctx, a, batch)
	var re *ledger.RuleError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "导入一号") || !strings.Contains(re.Reason, "不能撤销") {
		t.Fatalf("undo of a changed batch: %v", err)
	}
	_, err = e.db.UndoImport(ctx, f.actors["clerkB"], batch)
	wantErr(t, err, ErrNotFound, "undo by another township")

	rep = runImport(t, e, a, k, f.townA.ID, workbook(t, k, good), importer.Options{})
	must(t, nil)
	nr, _ = countRecords(t, e)
	ub, err := e.db.UndoImport(ctx, a, rep.Batch)
	must(t, err)
	if ub.Status != ImportUndone {
		t.Fatalf("undone batch %+v", ub)
	}
	if r2, _ := countRecords(t, e); r2 != nr-3 {
		t.Fatalf("records %d → %d after undo", nr, r2)
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit after undo: %v %v", brk, err)
	}
	if ms, err := e.db.VerifyState(ctx); err != nil || len(ms) != 0 {
		t.Fatalf("data against the audit log after undo: %v %v", ms, err)
	}
	var deletes int
	must(t, e.db.queryRow(ctx, "SELECT COUNT(*) FROM audit WHERE action = 'delete'").Scan(&deletes))
	if deletes != 3 {
		t.Fatalf("delete entries = %d", deletes)
	}
	if _, err := e.db.UndoImport(ctx, a, rep.Batch); !errors.As(err, &re) || !strings.Contains(re.Reason, "已于") {
		t.Fatalf("second undo: %v", err)
	}
	cs, err := e.db.CountByState(ctx, a)
	must(t, err)
	n := 0
	for _, c := range cs {
		n += c.Count
	}
	if r2, _ := countRecords(t, e); n != r2 {
		t.Fatalf("counts %d, records %d", n, r2)
	}

	// A batch that bound existing records (a review to the matter it
	// reviews): undo clears the binding it made, audited; refused once the
	// bound record changed since.
	mk, ok := e.db.cfg.Kinds.Kind("matter"), e.db.cfg.Kinds.Kind("opinion")
	op1, err := e.db.CreateRecord(ctx, a, ok, f.townA.ID, ledger.Values{"title": "审查甲", "type": "事项"})
	must(t, err)
	op2, err := e.db.CreateRecord(ctx, a, ok, f.townA.ID, ledger.Values{"title": "审查乙", "type": "事项"})
	must(t, err)
	matters := func(op *ledger.Record) []byte {
		return workbook(t, mk, []map[string]string{{"事项名称": "导入的事项", "审查记录": strconv.FormatInt(op.ID, 10)}})
	}
	rep = runImport(t, e, a, mk, f.townA.ID, matters(op1), importer.Options{})
	if rep.Imported != 1 {
		t.Fatalf("bound import: %+v", rep.Problems)
	}
	if r, _ := e.db.Record(ctx, a, op1.ID); r.Data["subject_id"] == "" {
		t.Fatalf("not bound: %v", r.Data)
	}
	_, err = e.db.UndoImport(ctx, a, rep.Batch)
	must(t, err)
	if r, _ := e.db.Record(ctx, a, op1.ID); r.Data["subject_id"] != "" || r.Version != 3 {
		t.Fatalf("binding left after undo: %+v", r)
	}
	rep = runImport(t, e, a, mk, f.townA.ID, matters(op2), importer.Options{})
	if rep.Imported != 1 {
		t.Fatalf("bound import: %+v", rep.Problems)
	}
	r2, _ := e.db.Record(ctx, a, op2.ID)
	_, err = e.db.Transition(ctx, a, ok, op2.ID, r2.Version, "finish", nil)
	must(t, err)
	if _, err := e.db.UndoImport(ctx, a, rep.Batch); !errors.As(err, &re) || !strings.Contains(re.Reason, "审查乙") {
		t.Fatalf("undo after the bound review was finished: %v", err)
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit: %v %v", brk, err)
	}
	if ms, err := e.db.VerifyState(ctx); err != nil || len(ms) != 0 {
		t.Fatalf("data against the audit log: %v %v", ms, err)
	}
}
