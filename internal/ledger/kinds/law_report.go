package kinds

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// LawReportKind is the name of the leaders' 述法 kind.
const LawReportKind = "law_report"

const basisLawReport = "《党政主要负责人履行推进法治建设第一责任人职责规定》（年终述职报告述法，乡镇参照执行）"

// lawReportDone are the states of a 述法 that has been given.
var lawReportDone = []string{"reported", "evaluated"}

// LawReport is 述法: each leader of the unit reports once a year on how they
// performed their duty to advance the rule of law and on their own study
// and use of law, usually in the year-end duty report (reference §A11: a
// local rule, with 9 items for principals in Liaoning). One leader gives
// one 述法 a year: a second for the same leader and year is refused.
func LawReport() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        LawReportKind,
		Label:       "领导干部述法",
		Description: "党政主要负责人和班子成员年度述法（履行推进法治建设职责、学法用法情况）及测评",
		TitleField:  "leader",
		YearField:   "year",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "year", Label: "述法年度", Type: ledger.TypeInteger, Required: true, Min: intp(2016), Max: intp(2100), List: true, Filter: true,
				Example: func(on calendar.Date) string { return itoa(on.Year) }},
			{Name: "leader", Label: "述法人", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Filter: true, Search: true,
				Help: "领导干部的姓名（履行公职，不作个人信息处理）"},
			{Name: "post", Label: "职务", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Search: true,
				Help: "如 党委书记、镇长、分管政法工作的党委委员"},
			{Name: "principal", Label: "党政主要负责人", Type: ledger.TypeBool, Filter: true},
			{Name: "form", Label: "述法形式", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"年终述职中述法", "专题述法会议", "书面述法"}},
			{Name: "report_date", Label: "述法日期", Type: ledger.TypeDate, Required: true, List: true, Step: "report"},
			{Name: "report_summary", Label: "述法内容摘要", Type: ledger.TypeLongText, Required: true, Search: true, Step: "report",
				Help: "履行推进法治建设职责、学法用法、依法决策、推动解决法治建设重大问题等情况"},
			{Name: "report_files", Label: "述法报告", Type: ledger.TypeFile, Step: "report"},
			{Name: "rating", Label: "测评结果", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "evaluate",
				Options: []string{"好", "较好", "一般", "差"}},
			{Name: "evaluate_date", Label: "测评日期", Type: ledger.TypeDate, Required: true, Step: "evaluate"},
			{Name: "void_reason", Label: "作废理由", Type: ledger.TypeLongText, Required: true, Step: "void"},
		},
		Indicators: []ledger.Indicator{
			{ID: "law_report.done", Measure: ledger.Count, Where: ledger.Match{States: lawReportDone},
				Note:   "已述法的领导干部人数，按述法年度计入（每人每年一次）",
				Report: line("accountability", 2, "组织领导干部述法{n}", "领导干部年终述法{n}")},
			{ID: "law_report.principals", Measure: ledger.Count,
				Where:  ledger.Match{States: lawReportDone, Fields: map[string][]string{"principal": {"是"}}},
				Note:   "已述法的党政主要负责人人数，按述法年度计入",
				Report: line("accountability", 1, "党政主要负责人述法{n}", "党政主要负责人专题述法{n}")},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "planned", Label: "待述法", Editable: true},
				{Name: "reported", Label: "已述法", Editable: true},
				{Name: "evaluated", Label: "已测评", Final: true},
				{Name: "void", Label: "已作废", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "report", Label: "登记述法", From: []string{"planned"}, To: "reported", Roles: staff, Guard: guardLawReport},
				{Event: "evaluate", Label: "登记测评结果", From: []string{"reported"}, To: "evaluated", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "evaluate_date", "report_date", "") }},
				{Event: "void", Label: "作废（重复或误登记）", From: []string{"planned"}, To: "void", Roles: staff},
			},
		},
	}
}

// guardLawReport: dated in or after its year (a year-end report may be
// given in January), and the only 述法 given by that leader for that year.
func guardLawReport(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "report_date"); err != nil {
		return err
	}
	d := g.Record.Data
	at, _ := d.Date("report_date")
	if y, _ := strconv.Atoi(d["year"]); at.Year < y {
		return refuse("report_date", basisLawReport, "%s年度的述法不能早于该年度；「述法日期」为%s", d["year"], at.Chinese())
	}
	if g.Find == nil {
		return nil
	}
	same, err := g.Find.Records(g.Ctx, LawReportKind, ledger.Values{"year": d["year"], "leader": d["leader"]}, 200)
	if err != nil {
		return fmt.Errorf("find 述法 of %s %s: %w", d["leader"], d["year"], err)
	}
	for _, r := range same {
		if r.ID != g.Record.ID && r.UnitID == g.Record.UnitID && r.Data["leader"] == d["leader"] && slices.Contains(lawReportDone, r.State) {
			return refuse("leader", basisLawReport, "%s已登记%s年度述法（编号 %d）；每名领导干部每年述法一次，本条请作废，或改正「述法人」「述法年度」",
				d["leader"], d["year"], r.ID)
		}
	}
	return nil
}
