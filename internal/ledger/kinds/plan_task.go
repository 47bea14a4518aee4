package kinds

import (
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// PlanTaskKind is the name of the work plan task kind.
const PlanTaskKind = "plan_task"

// taskClosed are the states in which a task no longer holds up its plan's
// year-end conclusion.
var taskClosed = []string{"done", "unfinished", "carried", "dropped"}

// PlanTask is one task of an annual 法治建设工作要点, assigned to a
// department with a due date and closed at year end as 完成 or 未完成. An
// unfinished task is carried into next year: the next year's task is
// created from it (a bound link: it names this task as carried from, and
// this task names it as its successor) and the carry-over is refused unless
// that task is of the following year, of the same unit and bound to this
// one.
func PlanTask() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        PlanTaskKind,
		Label:       "工作要点任务",
		Description: "年度法治建设工作要点分解的任务：责任科室、完成时限、完成情况，未完成的结转下一年度",
		TitleField:  "title",
		YearField:   "year",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "plan_id", Label: "所属工作要点", Type: ledger.TypeReference, RefKind: WorkPlanKind, Filter: true,
				Help: "本年度的法治建设工作要点；登记完成情况前须选定"},
			{Name: "year", Label: "年度", Type: ledger.TypeInteger, Required: true, Min: intp(2016), Max: intp(2100), List: true, Filter: true,
				Example: func(on calendar.Date) string { return itoa(on.Year) }},
			{Name: "task_no", Label: "序号", Type: ledger.TypeText, MaxLen: 20, List: true},
			{Name: "title", Label: "任务内容", Type: ledger.TypeText, Required: true, MaxLen: 300, List: true, Search: true},
			{Name: "department", Label: "责任科室", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "lead", Label: "责任领导", Type: ledger.TypeText, MaxLen: 50, Search: true},
			{Name: "due_date", Label: "完成时限", Type: ledger.TypeDate, Required: true, List: true, Dates: ledger.DateRange{Future: true, FutureYears: 2}},
			{Name: "carried_from", Label: "上年度结转的任务", Type: ledger.TypeReference, RefKind: PlanTaskKind,
				Help: "由上一年度未完成任务结转而来的，选择该任务（从该任务“结转至下一年度”登记的自动关联）"},
			{Name: "next_task_id", Label: "结转后的下一年度任务", Type: ledger.TypeReference, RefKind: PlanTaskKind,
				Bind: &ledger.Binding{Back: "carried_from", Title: "title", Copy: []string{"task_no", "department", "lead"},
					Link: "结转至下一年度（登记下一年度任务）"},
				Help: "未完成任务结转下一年度时，从本任务登记下一年度任务即自动关联"},
			{Name: "done_date", Label: "完成日期", Type: ledger.TypeDate, Required: true, List: true, Step: "complete"},
			{Name: "result", Label: "完成情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "complete"},
			{Name: "check_date", Label: "核查日期", Type: ledger.TypeDate, Required: true, Step: "mark_unfinished"},
			{Name: "unfinished_reason", Label: "未完成的原因", Type: ledger.TypeLongText, Required: true, Step: "mark_unfinished"},
			{Name: "carry_date", Label: "结转日期", Type: ledger.TypeDate, Required: true, Step: "carry_over"},
			{Name: "drop_reason", Label: "不再实施的理由", Type: ledger.TypeLongText, Required: true, Step: "drop"},
		},
		Indicators: planTaskIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "open", Label: "推进中", Editable: true},
				{Name: "done", Label: "完成", Final: true},
				{Name: "unfinished", Label: "未完成", Editable: true},
				{Name: "carried", Label: "未完成，已结转下一年度", Final: true},
				{Name: "dropped", Label: "未完成，不再实施", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "complete", Label: "登记完成", From: []string{"open", "unfinished"}, To: "done", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := taskOfPlan(g); err != nil {
							return err
						}
						return notAfterToday(g, "done_date")
					}},
				{Event: "mark_unfinished", Label: "登记未完成", From: []string{"open"}, To: "unfinished", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := taskOfPlan(g); err != nil {
							return err
						}
						return notAfterToday(g, "check_date")
					}},
				{Event: "carry_over", Label: "结转下一年度", From: []string{"unfinished"}, To: "carried", Roles: staff, Guard: guardCarryOver},
				{Event: "drop", Label: "不再实施", From: []string{"unfinished"}, To: "dropped", Roles: roles(access.RoleHead)},
			},
		},
	}
}

// taskOfPlan: the task names a work plan of its own year and unit.
func taskOfPlan(g *ledger.GuardContext) error {
	p, err := linked(g, "plan_id", "请在「所属工作要点」中选择本年度的法治建设工作要点", basisWorkPlan)
	if err != nil {
		return err
	}
	switch {
	case p.Kind != WorkPlanKind:
		return refuse("plan_id", basisWorkPlan, "「所属工作要点」所选记录（编号 %d）不是法治建设工作要点", p.ID)
	case p.UnitID != g.Record.UnitID:
		return refuse("plan_id", basisWorkPlan, "「所属工作要点」所选记录（编号 %d）是另一单位的工作要点", p.ID)
	case p.Data["year"] != g.Record.Data["year"]:
		return refuse("plan_id", basisWorkPlan, "「所属工作要点」所选记录（编号 %d）是%s年度的工作要点，本任务为%s年度", p.ID, p.Data["year"], g.Record.Data["year"])
	}
	return nil
}

// guardCarryOver: the successor is next year's task of this unit, created
// from this one (bound both ways).
func guardCarryOver(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "carry_date"); err != nil {
		return err
	}
	d := g.Record.Data
	year, _ := strconv.Atoi(d["year"])
	next, err := linked(g, "next_task_id", "结转下一年度前，请从本任务登记下一年度的任务（「结转至下一年度」），或在「结转后的下一年度任务」中关联", basisWorkPlan)
	if err != nil {
		return err
	}
	no := func(why string, a ...any) error {
		return refuse("next_task_id", basisWorkPlan, "「结转后的下一年度任务」所选记录（编号 %d）"+why, append([]any{next.ID}, a...)...)
	}
	switch {
	case next.Kind != PlanTaskKind:
		return no("不是工作要点任务")
	case next.UnitID != g.Record.UnitID:
		return no("是另一单位的任务")
	case next.Data["year"] != strconv.Itoa(year+1):
		return no("是%s年度的任务，应为%d年度", next.Data["year"], year+1)
	case next.Data["carried_from"] != strconv.FormatInt(g.Record.ID, 10):
		return no("未载明由本任务结转而来")
	}
	return nil
}

// planTaskIndicators: tasks count in their plan's year.
func planTaskIndicators() []ledger.Indicator {
	return []ledger.Indicator{
		{ID: "plan.tasks", Measure: ledger.Count,
			Note:   "年度工作要点分解的任务数（含未完成、不再实施的），按任务年度计入",
			Report: line("responsibility", 6, "制定年度法治建设工作要点，分解任务{n}", "印发年度法治建设工作要点，明确任务{n}")},
		{ID: "plan.tasks_done", Measure: ledger.Count, Where: ledger.Match{States: []string{"done"}},
			Note:   "已完成的任务数，按任务年度计入",
			Report: line("responsibility", 7, "已完成{n}", "年内完成{n}")},
		{ID: "plan.task_rate", Measure: ledger.Rate, Num: "plan.tasks_done", Den: "plan.tasks", Dashboard: true,
			Note:   "已完成任务数 ÷ 任务数",
			Report: line("responsibility", 8, "完成率{n}", "任务完成率{n}")},
		{ID: "plan.tasks_carried", Measure: ledger.Count, Where: ledger.Match{States: []string{"carried"}},
			Note: "未完成并结转下一年度的任务数，按任务年度计入"},
	}
}
