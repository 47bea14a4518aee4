package kinds

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// WorkPlanKind is the name of the annual rule-of-law work plan kind.
const WorkPlanKind = "work_plan"

const basisWorkPlan = "本单位年度法治建设工作要点（任务分解到科室，明确责任和时限，年末逐项总结）"

// WorkPlan is the annual 法治建设工作要点: drafted, issued (文号, date), and
// concluded at year end once every one of its tasks (plan_task records,
// each assigned to a department with its due date) has been closed as done,
// unfinished-and-carried into next year, or dropped.
func WorkPlan() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        WorkPlanKind,
		Label:       "法治建设工作要点",
		Description: "年度法治建设工作要点的制定、印发和年末总结",
		TitleField:  "title",
		YearField:   "year",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "year", Label: "年度", Type: ledger.TypeInteger, Required: true, Min: intp(2016), Max: intp(2100), List: true, Filter: true,
				Example: func(on calendar.Date) string { return itoa(on.Year) }},
			{Name: "title", Label: "名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如《某镇2025年法治建设工作要点》"},
			{Name: "summary", Label: "主要内容", Type: ledger.TypeLongText, Search: true},
			{Name: "doc_no", Label: "印发文号", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Step: "issue"},
			{Name: "issue_date", Label: "印发日期", Type: ledger.TypeDate, Required: true, List: true, Step: "issue"},
			{Name: "plan_files", Label: "工作要点文本", Type: ledger.TypeFile, Step: "issue"},
			{Name: "conclude_date", Label: "总结日期", Type: ledger.TypeDate, Required: true, Step: "conclude"},
			{Name: "conclusion", Label: "年度落实情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "conclude"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "起草中", Editable: true},
				{Name: "issued", Label: "已印发", Editable: true},
				{Name: "concluded", Label: "已总结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "issue", Label: "印发", From: []string{"drafting"}, To: "issued", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return notAfterToday(g, "issue_date") }},
				{Event: "conclude", Label: "年末总结", From: []string{"issued"}, To: "concluded", Roles: staff, Guard: guardConcludePlan},
			},
		},
	}
}

// guardConcludePlan: a plan is concluded after its tasks are closed, and
// not before November of its year (年末总结).
func guardConcludePlan(g *ledger.GuardContext) error {
	if err := dateOrder(g, "conclude_date", "issue_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	at, _ := d.Date("conclude_date")
	if y, _ := strconv.Atoi(d["year"]); at.Year < y || at.Year == y && at.Month < 11 {
		return refuse("conclude_date", basisWorkPlan, "%s年度工作要点的年末总结不早于%s年11月；「总结日期」为%s", d["year"], d["year"], at.Chinese())
	}
	if g.Find == nil {
		return nil
	}
	tasks, err := g.Find.Records(g.Ctx, PlanTaskKind, ledger.Values{"plan_id": strconv.FormatInt(g.Record.ID, 10)}, 200)
	if err != nil {
		return fmt.Errorf("tasks of plan %d: %w", g.Record.ID, err)
	}
	for _, t := range tasks {
		if !slices.Contains(taskClosed, t.State) {
			return refuse("", basisWorkPlan, "任务“%s”（编号 %d，%s）尚未完成，也未登记为未完成；请先逐项登记任务的完成情况", t.Title, t.ID, t.Data["department"])
		}
	}
	return nil
}
