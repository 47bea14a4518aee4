package kinds_test

import (
	"context"
	"errors"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// planLinks: plan 50 is township 1's 2025 plan, 51 its 2026 plan, 52
// another township's 2025 plan; task 60 is the 2026 task carried from
// task 1, 61 a 2026 task of its own, 62 another township's, 63 a 2027 one.
func planLinks() links {
	plan := func(id int64, year string, unit int64) *ledger.Record {
		return &ledger.Record{ID: id, Kind: kinds.WorkPlanKind, UnitID: unit, State: "issued", Data: ledger.Values{"year": year}}
	}
	task := func(id int64, year, from string, unit int64) *ledger.Record {
		return &ledger.Record{ID: id, Kind: kinds.PlanTaskKind, UnitID: unit, State: "open", Data: ledger.Values{"year": year, "carried_from": from}}
	}
	return links{50: plan(50, "2025", 1), 51: plan(51, "2026", 1), 52: plan(52, "2025", 2),
		60: task(60, "2026", "1", 1), 61: task(61, "2026", "", 1), 62: task(62, "2026", "1", 2), 63: task(63, "2027", "1", 1)}
}

func taskForm(plan string) ledger.Values {
	return ledger.Values{"plan_id": plan, "year": "2025", "task_no": "3", "title": "推进镇村两级合法性审查全覆盖",
		"department": "司法所", "lead": "分管政法党委委员", "due_date": "2025-11-30"}
}

func TestPlanTask_BelongsToItsYearsPlanOfItsUnit(t *testing.T) {
	for plan, want := range map[string]string{"": "请在「所属工作要点」中选择", "51": "2026年度的工作要点", "52": "另一单位", "60": "不是法治建设工作要点"} {
		m := newMachine(t, kinds.PlanTask(), 1, taskForm(plan), planLinks())
		m.r.UnitID = 1
		ruleErr(t, m.try("complete", ledger.Values{"done_date": "2025-11-20", "result": "完成"}, "2025-11-20", clerk), want)
	}
	m := newMachine(t, kinds.PlanTask(), 1, taskForm("50"), planLinks())
	m.r.UnitID = 1
	m.must("complete", ledger.Values{"done_date": "2025-11-20", "result": "13个村全部建立合法性审查机制"}, "2025-11-20", clerk)
}

// An unfinished task is carried into next year only to a task of the
// following year, of the same unit, created from it (bound both ways).
func TestPlanTask_CarriedIntoNextYearByItsBoundSuccessor(t *testing.T) {
	k := kinds.PlanTask()
	m := newMachine(t, k, 1, taskForm("50"), planLinks())
	m.r.UnitID = 1
	m.must("mark_unfinished", ledger.Values{"check_date": "2025-12-20", "unfinished_reason": "2个村尚未配备审查人员"}, "2025-12-20", clerk)
	carry := ledger.Values{"carry_date": "2025-12-28"}
	ruleErr(t, m.try("carry_over", carry, "2025-12-28", clerk), "请从本任务登记下一年度的任务")
	for next, want := range map[string]string{"61": "未载明由本任务结转而来", "62": "另一单位", "63": "应为2026年度", "51": "不是工作要点任务"} {
		m.r.Data["next_task_id"] = next
		ruleErr(t, m.try("carry_over", carry, "2025-12-28", clerk), want)
	}
	m.r.Data["next_task_id"] = "60"
	m.must("carry_over", carry, "2025-12-28", clerk)
	if !k.State(m.r.State).Final || k.State(m.r.State).Abandon {
		t.Errorf("carried: %s", m.r.State)
	}
	b := k.Field("next_task_id").Bind
	if b == nil || b.Back != "carried_from" || b.Title != "title" {
		t.Errorf("the successor is not created from the task: %+v", b)
	}
	d := newMachine(t, k, 2, taskForm("50"), planLinks())
	d.r.UnitID = 1
	d.must("mark_unfinished", ledger.Values{"check_date": "2025-12-20", "unfinished_reason": "上级调整部署"}, "2025-12-20", clerk)
	if err := d.try("drop", ledger.Values{"drop_reason": "上级调整部署"}, "2025-12-20", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk dropping a task: %v", err)
	}
	d.must("drop", ledger.Values{"drop_reason": "上级调整部署"}, "2025-12-20", head)
}

// tasksOf is a Finder answering a plan's tasks.
type tasksOf []ledger.Record

func (t tasksOf) Count(context.Context, string, ledger.Values) (int, error) { return len(t), nil }
func (t tasksOf) Records(_ context.Context, kind string, f ledger.Values, _ int) ([]ledger.Record, error) {
	var out []ledger.Record
	for _, r := range t {
		if r.Kind == kind && r.Data["plan_id"] == f["plan_id"] {
			out = append(out, r)
		}
	}
	return out, nil
}
func (tasksOf) ByPersonal(context.Context, string, string, string) ([]ledger.Record, error) {
	return nil, nil
}

func TestWorkPlan_ConcludedOnceEveryTaskIsClosed(t *testing.T) {
	m := newMachine(t, kinds.WorkPlan(), 50, ledger.Values{"year": "2025", "title": "甲镇2025年法治建设工作要点"}, nil)
	m.must("issue", ledger.Values{"doc_no": "甲委发〔2025〕5号", "issue_date": "2025-03-01"}, "2025-03-01", clerk)
	task := func(id int64, state string) ledger.Record {
		return ledger.Record{ID: id, Kind: kinds.PlanTaskKind, State: state, Title: "任务", Data: ledger.Values{"plan_id": "50", "department": "司法所"}}
	}
	m.find = tasksOf{task(1, "done"), task(2, "open"), task(3, "carried")}
	end := ledger.Values{"conclude_date": "2025-12-30", "conclusion": "完成18项，结转2项"}
	ruleErr(t, m.try("conclude", end, "2025-12-30", clerk), "编号 2", "尚未完成")
	m.find = tasksOf{task(1, "done"), task(2, "unfinished"), task(3, "carried")}
	ruleErr(t, m.try("conclude", ledger.Values{"conclude_date": "2025-06-30", "conclusion": "x"}, "2025-12-30", clerk), "不早于2025年11月")
	m.must("conclude", end, "2025-12-30", clerk)
}
