package kinds

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// LawStudyKind is the name of the law study and training kind.
const LawStudyKind = "law_study"

// Settings of the law study kind: yearly study-hour minimums per post.
const (
	SettingStudyHoursLeader      = "study_hours_leader"
	SettingStudyHoursEnforcement = "study_hours_enforcement"
)

// Groups of attendees for the hour minimums.
const (
	GroupLeader      = "领导干部"
	GroupEnforcement = "执法人员"
	GroupOther       = "其他工作人员"
)

// LawStudy is 学法培训 (reference §A11): sessions of the theory study
// group, pre-meeting study, lectures, training courses and online study,
// with their attendees as rows (a user, or a named person without an
// account) and the hours each earned; each person's hours per year are
// held against the minimum for their post (settings: no national figure
// exists for leaders; enforcement staff are commonly held to 60 hours).
func LawStudy() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	zero, most := 0, 200 // a training course may run for days
	return &ledger.Kind{
		Name:        LawStudyKind,
		Label:       "学法培训",
		Description: "理论中心组学法、会前学法、专题讲座、培训班、网上学法的场次、参加人员和学时台账",
		TitleField:  "topic",
		YearField:   "study_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Settings: []ledger.Setting{
			{Name: SettingStudyHoursLeader, Label: "领导干部年度学法学时", Type: ledger.SettingInt, Default: "40", Min: intp(0), Max: intp(500),
				Basis: "本地规定（国家未规定统一学时）", Help: "0 表示不考核"},
			{Name: SettingStudyHoursEnforcement, Label: "执法人员年度培训学时", Type: ledger.SettingInt, Default: "60", Min: intp(0), Max: intp(500),
				Basis: "执法人员每人每年不少于60学时（通行要求，按本地规定设置）", Help: "0 表示不考核"},
		},
		Fields: []ledger.Field{
			{Name: "session_type", Label: "学法形式", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"理论中心组学法", "会前学法", "专题讲座", "培训班", "网上学法"}},
			{Name: "study_date", Label: "学习日期", Type: ledger.TypeDate, Required: true, List: true, Dates: ledger.DateRange{Future: true, FutureYears: 1},
				Help: "计划中的场次可填将来的日期；办理“举办”时须为已到的日期"},
			{Name: "topic", Label: "学习内容", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如 学习《中华人民共和国行政复议法》"},
			{Name: "speaker", Label: "主讲人", Type: ledger.TypeText, MaxLen: 100, Search: true},
			{Name: "organizer", Label: "组织科室", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true},
			{Name: "hours", Label: "学时", Type: ledger.TypeDecimal, Required: true, Min: &zero, Max: &most, List: true,
				Help: "本场的学时；参加人员的学时不填即按本场学时计"},
			{Name: "attendees", Label: "参加人员", Type: ledger.TypeTable, MaxRows: 500,
				Columns: []ledger.Field{
					{Name: "user", Label: "人员（系统用户）", Type: ledger.TypeUser},
					{Name: "name", Label: "姓名（非系统用户）", Type: ledger.TypeText, MaxLen: 50, Search: true},
					{Name: "group", Label: "人员类别", Type: ledger.TypeEnum, Required: true, Options: []string{GroupLeader, GroupEnforcement, GroupOther}},
					{Name: "hours", Label: "学时", Type: ledger.TypeDecimal, Min: &zero, Max: &most},
				}},
			{Name: "materials", Label: "学习材料、签到表、照片", Type: ledger.TypeFile},
			{Name: "held_note", Label: "举办情况", Type: ledger.TypeLongText, Step: "hold"},
			{Name: "cancel_reason", Label: "取消理由", Type: ledger.TypeLongText, Required: true, Step: "cancel"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			for i, row := range r.Data.Rows("attendees") {
				if row["user"] == "" && row["name"] == "" {
					return ledger.FieldErrors{"attendees": fmt.Sprintf("「参加人员」第%d行：请选择「人员（系统用户）」或填写「姓名（非系统用户）」", i+1)}
				}
				if row["user"] != "" && row["name"] != "" {
					return ledger.FieldErrors{"attendees": fmt.Sprintf("「参加人员」第%d行：系统用户无需再填姓名，请只保留一项", i+1)}
				}
			}
			return nil
		},
		Indicators: lawStudyIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "planned", Label: "计划", Editable: true},
				{Name: "held", Label: "已举办", Editable: true},
				{Name: "confirmed", Label: "学时已确认", Final: true},
				{Name: "cancelled", Label: "已取消", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "hold", Label: "举办", From: []string{"planned"}, To: "held", Roles: staff, Guard: guardHeld},
				{Event: "confirm", Label: "确认学时", From: []string{"held"}, To: "confirmed", Roles: roles(access.RoleHead), Guard: guardHeld},
				{Event: "cancel", Label: "取消", From: []string{"planned"}, To: "cancelled", Roles: staff},
			},
		},
		Tallies: []ledger.Tally{{
			Name: "study_hours", Label: "年度学法学时", Table: "attendees", Key: []string{"user", "name"},
			Sum: "hours", Default: "hours", Group: "group", Unit: "学时",
			Minimums: map[string]string{GroupLeader: SettingStudyHoursLeader, GroupEnforcement: SettingStudyHoursEnforcement},
			Basis:    "领导干部学法、执法人员培训学时要求（本地设置）",
		}},
	}
}

// guardHeld: a session is recorded as held on a day that has come, with
// its attendees.
func guardHeld(g *ledger.GuardContext) error {
	d, _ := g.Record.Data.Date("study_date")
	if !g.Today.IsZero() && d.After(g.Today) {
		return &ledger.RuleError{Field: "study_date", Reason: fmt.Sprintf("「学习日期」（%s）尚未到来，举办后再办理", d.Chinese())}
	}
	if len(g.Record.Data.Rows("attendees")) == 0 {
		return &ledger.RuleError{Field: "attendees", Reason: "请在「参加人员」中登记参加学习的人员及类别"}
	}
	return nil
}
