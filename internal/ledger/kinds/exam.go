package kinds

import (
	"math/big"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// Names of the exam kind and its settings.
const (
	ExamKind = "exam"

	SettingExamPassPercent      = "exam_pass_percent"
	SettingExamExcellentPercent = "exam_excellent_percent"
	SettingExamTurnoutTarget    = "exam_turnout_target"
)

const basisExamLocal = "本地学法考试制度（“逢会必考”、年度学法用法考试“应考尽考”）"

// Exam is 考试: a 逢会必考 quiz before a meeting, the annual 学法用法考试 of
// cadres, or an enforcement qualification exam. Participants are rows with
// their scores (or 缺考); the turnout, pass and excellence rates are
// computed from the rows and the exam's own pass and excellence marks. The
// thresholds are local rules (reference §A11: no national figure), kept as
// settings: the lowest pass and excellence marks a unit may set, as a share
// of the full mark, and the turnout below which the absences must be
// explained.
func Exam() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        ExamKind,
		Label:       "学法考试",
		Description: "逢会必考、年度学法用法考试、行政执法资格考试等考试的参考人员、成绩及参考率、及格率、优秀率",
		TitleField:  "title",
		YearField:   "exam_date",
		Indicators:  examIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "exam_type", Label: "考试类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"逢会必考", "年度学法用法考试", "行政执法资格考试", "法律知识测试", "其他"}},
			{Name: "title", Label: "考试名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“2025年度镇村干部学法用法考试”"},
			{Name: "exam_date", Label: "考试日期", Type: ledger.TypeDate, Required: true, List: true,
				Dates: ledger.DateRange{Future: true, FutureYears: 1}},
			{Name: "organizer", Label: "组织单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true, Search: true},
			{Name: "laws", Label: "考试内容（法律法规）", Type: ledger.TypeLongText, Search: true,
				Help: "如 宪法、民法典、行政处罚法"},
			{Name: "form", Label: "考试形式", Type: ledger.TypeEnum, Required: true, Options: []string{"闭卷", "开卷", "线上", "口试"}},
			{Name: "full_mark", Label: "满分", Type: ledger.TypeInteger, Required: true, Min: intp(1), Max: intp(1000), Example: example("100")},
			{Name: "pass_mark", Label: "及格分数线", Type: ledger.TypeDecimal, Required: true,
				Help: "不得低于本单位设置的满分的百分比（默认60%）", Example: example("60")},
			{Name: "excellent_mark", Label: "优秀分数线", Type: ledger.TypeDecimal, Required: true,
				Help: "不得低于本单位设置的满分的百分比（默认90%）", Example: example("90")},
			{Name: "participants", Label: "参考人员", Type: ledger.TypeTable, Required: true, MaxRows: 2000,
				Example: example(`[{"name":"王一","department":"党政办","score":"92"},{"name":"李二","department":"司法所","score":"78"}]`),
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
					{Name: "department", Label: "单位（科室、村）", Type: ledger.TypeText, MaxLen: 100},
					{Name: "post", Label: "身份", Type: ledger.TypeEnum, Options: []string{"领导干部", "机关干部", "村（社区）干部", "执法人员", "其他"}},
					{Name: "absent", Label: "缺考", Type: ledger.TypeBool},
					{Name: "score", Label: "成绩", Type: ledger.TypeDecimal},
				}},
			{Name: "total", Label: "应考人数", Type: ledger.TypeInteger, List: true, Compute: count("participants", "", "")},
			{Name: "sat", Label: "实考人数", Type: ledger.TypeInteger, Compute: func(r *ledger.Record) string {
				if r.Data["participants"] == "" {
					return ""
				}
				return strconv.Itoa(len(sitters(r.Data)))
			}},
			{Name: "turnout_rate", Label: "参考率（%）", Type: ledger.TypeDecimal, List: true, Compute: func(r *ledger.Record) string {
				return percent(len(sitters(r.Data)), r.Data.CountRows("participants", "", ""))
			}},
			{Name: "pass_rate", Label: "及格率（%）", Type: ledger.TypeDecimal, List: true, Compute: func(r *ledger.Record) string {
				return percent(atLeast(r.Data, "pass_mark"), len(sitters(r.Data)))
			}},
			{Name: "excellent_rate", Label: "优秀率（%）", Type: ledger.TypeDecimal, Compute: func(r *ledger.Record) string {
				return percent(atLeast(r.Data, "excellent_mark"), len(sitters(r.Data)))
			}},
			{Name: "passed", Label: "及格人数", Type: ledger.TypeInteger, Compute: func(r *ledger.Record) string {
				return countIfSat(r, "pass_mark")
			}},
			{Name: "excellent", Label: "优秀人数", Type: ledger.TypeInteger, Compute: func(r *ledger.Record) string {
				return countIfSat(r, "excellent_mark")
			}},
			{Name: "absence_note", Label: "缺考情况说明", Type: ledger.TypeLongText, Step: "publish",
				Help: "参考率低于本单位设置的目标（默认100%，应考尽考）时，写明缺考人员及原因、补考安排"},
			{Name: "publish_date", Label: "成绩公布日期", Type: ledger.TypeDate, Required: true, Step: "publish"},
			{Name: "cancel_reason", Label: "取消理由", Type: ledger.TypeLongText, Required: true, Step: "cancel"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "planned", Label: "已安排", Editable: true},
				{Name: "scoring", Label: "成绩录入", Editable: true},
				{Name: "published", Label: "成绩已公布", Final: true},
				{Name: "cancelled", Label: "已取消", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "hold", Label: "考试结束，录入成绩", From: []string{"planned"}, To: "scoring", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return notAfterToday(g, "exam_date") }},
				{Event: "publish", Label: "公布成绩", From: []string{"scoring"}, To: "published", Roles: staff, Guard: guardExamPublish},
				{Event: "cancel", Label: "取消考试", From: []string{"planned"}, To: "cancelled", Roles: staff},
			},
		},
		Settings: []ledger.Setting{
			{Name: SettingExamPassPercent, Label: "考试及格线（满分的百分比）", Type: ledger.SettingInt, Default: "60",
				Min: intp(1), Max: intp(100), Basis: basisExamLocal, Help: "一次考试的及格分数线不得低于满分乘以此百分比"},
			{Name: SettingExamExcellentPercent, Label: "考试优秀线（满分的百分比）", Type: ledger.SettingInt, Default: "90",
				Min: intp(1), Max: intp(100), Basis: basisExamLocal, Help: "一次考试的优秀分数线不得低于满分乘以此百分比"},
			{Name: SettingExamTurnoutTarget, Label: "考试参考率目标（%）", Type: ledger.SettingInt, Default: "100",
				Min: intp(0), Max: intp(100), Basis: basisExamLocal, Help: "参考率低于此值时，公布成绩须说明缺考情况"},
		},
	}
}

// sitters are the participant rows not marked 缺考.
func sitters(d ledger.Values) []ledger.Values {
	var out []ledger.Values
	for _, row := range d.Rows("participants") {
		if row["absent"] != "是" {
			out = append(out, row)
		}
	}
	return out
}

// countIfSat is the number of sitters reaching the mark in field, "" when
// the exam has no participants yet (the passed and excellent counts the
// indicators sum).
func countIfSat(r *ledger.Record, field string) string {
	if r.Data["participants"] == "" {
		return ""
	}
	return strconv.Itoa(atLeast(r.Data, field))
}

// atLeast counts the sitters whose score reaches the mark in field.
func atLeast(d ledger.Values, field string) int {
	mark, ok := new(big.Rat).SetString(d[field])
	if !ok || d[field] == "" {
		return 0
	}
	n := 0
	for _, row := range sitters(d) {
		if s, ok := new(big.Rat).SetString(row["score"]); ok && row["score"] != "" && s.Cmp(mark) >= 0 {
			n++
		}
	}
	return n
}

// guardExamPublish: every sitter has a score within the full mark and no
// absent participant has one; the pass and excellence marks are no lower
// than the unit's thresholds; a turnout below the unit's target is
// explained.
func guardExamPublish(g *ledger.GuardContext) error {
	d := g.Record.Data
	if err := dateOrder(g, "publish_date", "exam_date", ""); err != nil {
		return err
	}
	full, _ := d.Int("full_mark")
	fullRat := new(big.Rat).SetInt64(int64(full))
	for i, row := range d.Rows("participants") {
		s, has := new(big.Rat).SetString(row["score"])
		has = has && row["score"] != ""
		switch {
		case row["absent"] == "是" && has:
			return refuse("participants", basisExamLocal, "「参考人员」第%d行（%s）标为缺考，却填写了成绩；请删除成绩或取消缺考", i+1, row["name"])
		case row["absent"] != "是" && !has:
			return refuse("participants", basisExamLocal, "「参考人员」第%d行（%s）没有成绩；请填写成绩，未参加考试的标为缺考", i+1, row["name"])
		case has && (s.Sign() < 0 || s.Cmp(fullRat) > 0):
			return refuse("participants", basisExamLocal, "「参考人员」第%d行（%s）的成绩 %s 不在0至满分%d之间", i+1, row["name"], row["score"], full)
		}
	}
	for _, m := range []struct{ field, setting, label string }{
		{"pass_mark", SettingExamPassPercent, "及格分数线"},
		{"excellent_mark", SettingExamExcellentPercent, "优秀分数线"},
	} {
		pct := settingInt(g, m.setting)
		floor := new(big.Rat).SetFrac64(int64(full*pct), 100)
		v, ok := new(big.Rat).SetString(d[m.field])
		if !ok || v.Cmp(floor) < 0 || v.Cmp(fullRat) > 0 {
			return refuse(m.field, basisExamLocal+"；本单位设置："+g.Kind.Setting(m.setting).Label+" "+strconv.Itoa(pct)+"%",
				"「%s」（%s）应在满分%d的%d%%（%s分）至满分之间", m.label, d[m.field], full, pct, floor.FloatString(1))
		}
	}
	p, ok1 := new(big.Rat).SetString(d["pass_mark"])
	e, ok2 := new(big.Rat).SetString(d["excellent_mark"])
	if ok1 && ok2 && e.Cmp(p) < 0 {
		return refuse("excellent_mark", "", "「优秀分数线」（%s）不能低于「及格分数线」（%s）", d["excellent_mark"], d["pass_mark"])
	}
	total := d.CountRows("participants", "", "")
	target := settingInt(g, SettingExamTurnoutTarget)
	if sat := len(sitters(d)); sat*100 < target*total && d["absence_note"] == "" {
		return refuse("absence_note", basisExamLocal+"；本单位设置：考试参考率目标 "+strconv.Itoa(target)+"%",
			"应考%d人、实考%d人，参考率%s%%，低于目标%d%%；请在「缺考情况说明」中写明缺考人员及原因、补考安排", total, sat, percent(sat, total), target)
	}
	return nil
}
