package store

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"fazhi/internal/ledger"
	"fazhi/internal/report"
)

func sampleReport(unit string, year int) report.Document {
	return report.Document{Unit: unit, Year: year, Title: unit + "关于2025年度法治政府建设情况的报告", Addressee: "测试县人民政府：",
		Signature: unit + "人民政府", Sections: []report.Section{
			{Key: "1", Level: 1, Title: "一、主要举措和成效", Body: "2025年，镇政府作出重大行政决策3项，均经合法性审查。",
				Figures: []report.Figure{{ID: "decision.total", Value: 3, Text: "3", Sentence: "2025年，镇政府作出重大行政决策3项，均经合法性审查。"}}},
			{Key: "2", Level: 1, Title: "二、存在的不足和原因", ByPeople: true},
			{Key: "4", Level: 1, Title: "四、下一年度工作安排", ByPeople: true},
		}}
}

// testReports walks one report through its workflow: creation once per
// unit and year, scope, optimistic locking, approval refused without a
// clean 审校 run, the release lock, a correction with its reason, the
// archive, the board and the deadlines from the settings.
func testReports(t *testing.T, e *testEnv) {
	ctx := context.Background()
	f := seed(t, e)
	clerk, head, clerkB := f.actors["clerkA"], f.actors["headA"], f.actors["clerkB"]
	if late, err := e.db.LateReports(ctx, "2026-04-02"); err != nil || len(late) != 0 {
		t.Fatalf("a county keeping no report in the product is reminded: %+v %v", late, err)
	}

	r, err := e.db.CreateReport(ctx, clerk, f.townA.ID, 2025, sampleReport("甲镇", 2025))
	must(t, err)
	if r.Status.State != report.Drafting || r.Status.Version != 1 || r.Doc.Sections[0].Figures[0].ID != "decision.total" {
		t.Fatalf("created: %+v", r.Status)
	}
	_, err = e.db.CreateReport(ctx, clerk, f.townA.ID, 2025, sampleReport("甲镇", 2025))
	wantErr(t, err, ErrDuplicate, "second report of the same unit and year")
	_, err = e.db.Report(ctx, clerkB, f.townA.ID, 2025)
	wantErr(t, err, ErrNotFound, "another township's report")
	_, err = e.db.CreateReport(ctx, clerkB, f.townA.ID, 2024, sampleReport("甲镇", 2024))
	wantErr(t, err, ErrNotFound, "creating in another township")
	_, err = e.db.CreateReport(ctx, f.actors["inspector"], f.townA.ID, 2024, sampleReport("甲镇", 2024))
	wantErr(t, err, ErrForbidden, "the inspector reads but writes no report")
	if _, err := e.db.Report(ctx, f.actors["inspector"], f.townA.ID, 2025); err != nil {
		t.Fatalf("inspector reads the county's reports: %v", err)
	}

	// Two editors from version 1: the second is refused, the first kept.
	d := r.Doc
	d.Sections[1].Body = "执法人员培训不足。"
	r2, err := e.db.SaveReport(ctx, clerk, r.ID, 1, d, "")
	must(t, err)
	d.Sections[1].Body = "另一人的修改。"
	_, err = e.db.SaveReport(ctx, head, r.ID, 1, d, "")
	wantErr(t, err, ErrConflict, "save from a stale version")
	if r2.Status.Version != 2 || r2.Doc.Sections[1].Body != "执法人员培训不足。" {
		t.Fatalf("after save: v%d %q", r2.Status.Version, r2.Doc.Sections[1].Body)
	}

	// A huge section is refused, naming it.
	big := r2.Doc
	big.Sections = append([]report.Section(nil), big.Sections...)
	big.Sections[1].Body = strings.Repeat("字", report.MaxSectionRunes+1)
	_, err = e.db.SaveReport(ctx, clerk, r.ID, 2, big, "")
	var fe ledger.FieldErrors
	if !errors.As(err, &fe) || !strings.Contains(fe["body_2"], "上限") {
		t.Fatalf("huge section: %v", err)
	}

	// Approval needs review, a 审校 run on the current version without
	// errors, and the figures looked at.
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, report.Approval{}, "")
	var re *ledger.RuleError
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "送审校") {
		t.Fatalf("approve a draft: %v", err)
	}
	_, err = e.db.ReportStep(ctx, clerk, r.ID, 2, report.SendReview, report.Approval{}, "")
	must(t, err)
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, report.Approval{}, "")
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "尚未对报告运行审校") {
		t.Fatalf("approve unchecked: %v", err)
	}
	must(t, e.db.AddReportCheck(ctx, clerk, r.ID, ReportCheck{Version: 1, Errors: 0, Findings: "[]"}))
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, report.Approval{}, "")
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "第1版") {
		t.Fatalf("approve with a check of an old version: %v", err)
	}
	must(t, e.db.AddReportCheck(ctx, clerk, r.ID, ReportCheck{Version: 2, Errors: 2, Findings: "[]"}))
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, report.Approval{}, "")
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "2处错误") {
		t.Fatalf("approve with errors: %v", err)
	}
	must(t, e.db.AddReportCheck(ctx, clerk, r.ID, ReportCheck{Version: 2, Errors: 0, Warnings: 1, Findings: "[]"}))
	stale := report.Approval{Stale: []string{"一、主要举措和成效：3"}}
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, stale, "")
	if !errors.As(err, &re) || !strings.Contains(re.Reason, "一、主要举措和成效：3") {
		t.Fatalf("approve with a stale figure: %v", err)
	}
	_, err = e.db.ReportStep(ctx, clerk, r.ID, 2, report.Approve, report.Approval{}, "")
	wantErr(t, err, ErrForbidden, "a clerk approving")
	stale.Acked = true
	r3, err := e.db.ReportStep(ctx, head, r.ID, 2, report.Approve, stale, "已核对")
	must(t, err)
	if r3.Status.State != report.Approved || r3.AckedVersion != 2 {
		t.Fatalf("approved: %+v acked %d", r3.Status, r3.AckedVersion)
	}

	// Submission (the receipt), publication, the lock, a correction.
	e.clock.t = time.Date(2026, 2, 20, 10, 0, 0, 0, time.UTC)
	r4, err := e.db.ReportStep(ctx, clerk, r.ID, 2, report.Submit, report.Approval{}, "")
	must(t, err)
	if !r4.Status.Submitted || r4.SubmittedBy != "clerkA" || r4.SubmittedVersion != 2 || r4.SubmittedAt.IsZero() {
		t.Fatalf("receipt: %+v", r4)
	}
	_, err = e.db.ReportStep(ctx, clerk, r.ID, 2, report.Submit, report.Approval{}, "")
	if !errors.As(err, &re) {
		t.Fatalf("second submission: %v", err)
	}
	_, err = e.db.ReportStep(ctx, head, r.ID, 2, report.Publish, report.Approval{}, "")
	must(t, err)
	_, err = e.db.SaveReport(ctx, clerk, r.ID, 2, r4.Doc, "")
	if !errors.As(err, &fe) || fe["reason"] == "" {
		t.Fatalf("edit after release without reason: %v", err)
	}
	cd := r4.Doc
	cd.Sections[0].Body = "2025年，镇政府作出重大行政决策4项，均经合法性审查。"
	r5, err := e.db.SaveReport(ctx, clerk, r.ID, 2, cd, "决策数字笔误，应为4项")
	must(t, err)
	if r5.Status.Version != 3 || !r5.Status.Published {
		t.Fatalf("correction: %+v", r5.Status)
	}
	pub, corr, err := e.db.PublicReport(ctx, r.ID)
	must(t, err)
	if pub.Doc.Sections[0].Body != cd.Sections[0].Body || len(corr) != 1 || corr[0].Reason != "决策数字笔误，应为4项" {
		t.Fatalf("public report: %q, corrections %+v", pub.Doc.Sections[0].Body, corr)
	}
	list, err := e.db.PublicReports(ctx)
	must(t, err)
	if len(list) != 1 || list[0].Unit != "甲镇" {
		t.Fatalf("public list: %+v", list)
	}
	vs, err := e.db.ReportVersions(ctx, f.actors["inspector"], r.ID)
	must(t, err)
	if len(vs) != 3 || vs[0].Version != 3 || !vs[0].Correction || vs[2].Reason != "由指标生成初稿" {
		t.Fatalf("versions: %+v", vs)
	}
	evs, err := e.db.ReportEvents(ctx, clerk, r.ID)
	must(t, err)
	var names []string
	for _, ev := range evs {
		names = append(names, string(ev.Event))
	}
	if strings.Join(names, ",") != "create,review,approve,submit,publish,correct" {
		t.Fatalf("events: %v", names)
	}

	// The archive: submitted, published and corrected texts, and a legacy
	// upload; 审校 of 乙镇 compares with 甲镇's same year, not its own.
	_, err = e.db.AddArchive(ctx, clerkB, f.townB.ID, 2024, "乙镇2024年报告.docx", "乙镇2024年度法治政府建设情况报告。")
	must(t, err)
	_, err = e.db.AddArchive(ctx, clerkB, f.townA.ID, 2024, "x.txt", "x")
	wantErr(t, err, ErrNotFound, "archive in another township")
	arch, err := e.db.Archive(ctx, clerk, f.townA.ID)
	must(t, err)
	if len(arch) != 3 {
		t.Fatalf("甲镇 archive: %+v", arch)
	}
	forB, err := e.db.ArchiveFor(ctx, clerkB, f.townB.ID, 2025)
	must(t, err)
	if len(forB) != 2 || forB[0].Unit != "甲镇" || !strings.Contains(forB[0].Text, "4项") || forB[1].Year != 2024 {
		t.Fatalf("乙镇 2025 compares with: %+v", forB)
	}

	// The board and deadlines: a county override moves the submission date.
	must(t, e.db.SetSetting(ctx, f.actors["admin"], f.county.ID, "report_submit_by", "02-15"))
	err = e.db.SetSetting(ctx, f.actors["admin"], f.county.ID, "report_publish_by", "02-30")
	if !errors.As(err, &fe) || !strings.Contains(fe["report_publish_by"], "月-日") {
		t.Fatalf("02-30 as a deadline: %v", err)
	}
	board, err := e.db.ReportBoard(ctx, f.actors["inspector"], f.county.ID, 2025)
	must(t, err)
	if len(board) != 2 || board[0].Report == nil || board[1].Report != nil || board[0].SubmitBy != "2026-02-15" || board[0].PublishBy != "2026-04-01" {
		t.Fatalf("board: %+v", board)
	}
	_, err = e.db.ReportBoard(ctx, clerkB, f.townA.ID, 2025)
	wantErr(t, err, ErrNotFound, "board of another township")
	late, err := e.db.LateReports(ctx, "2026-04-02")
	must(t, err)
	if len(late) != 2 || late[0].Unit != "乙镇" {
		t.Fatalf("late: %+v", late)
	}

	// Every change audited, scoped to the report's unit.
	rows, err := e.db.SearchAudit(ctx, f.actors["inspector"], AuditQuery{UnitPath: f.townA.Path})
	must(t, err)
	n := 0
	for _, row := range rows {
		if strings.HasPrefix(row.Entry.Action, "report.") && strings.HasPrefix(row.Entry.Object, "report:") {
			n++
		}
	}
	if n != 10 { // create, save, 送审校, three 审校 runs, approve, submit, publish, correct
		t.Fatalf("report audit entries under 甲镇: %d", n)
	}
	if brk, err := e.db.VerifyAudit(ctx); err != nil || brk != nil {
		t.Fatalf("audit chain: %v %v", brk, err)
	}
}

// testReportConcurrentSaves: 50 saves from the same version at once —
// exactly one wins, the others get ErrConflict; then again from the new
// version.
func testReportConcurrentSaves(t *testing.T, e *testEnv) {
	ctx := context.Background()
	f := seed(t, e)
	r, err := e.db.CreateReport(ctx, f.actors["clerkA"], f.townA.ID, 2025, sampleReport("甲镇", 2025))
	must(t, err)
	for round, version := range []int{1, 2} {
		var wg sync.WaitGroup
		var mu sync.Mutex
		won, conflicts := 0, 0
		for i := range 50 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d := r.Doc
				d.Sections = append([]report.Section(nil), r.Doc.Sections...)
				d.Sections[1].Body = strings.Repeat("改", i+1)
				_, err := e.db.SaveReport(ctx, f.actors["clerkA"], r.ID, version, d, "")
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil:
					won++
				case errors.Is(err, ErrConflict):
					conflicts++
				default:
					t.Errorf("save: %v", err)
				}
			}()
		}
		wg.Wait()
		if won != 1 || conflicts != 49 {
			t.Fatalf("round %d: %d won, %d conflicts", round, won, conflicts)
		}
	}
	vs, err := e.db.ReportVersions(ctx, f.actors["clerkA"], r.ID)
	must(t, err)
	if len(vs) != 3 {
		t.Fatalf("versions: %d", len(vs))
	}
}
