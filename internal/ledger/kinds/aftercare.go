package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// AftercareKind is the name of the resettlement and aftercare kind.
const AftercareKind = "aftercare_person"

// Settings of the aftercare kind: the years of aftercare by release type,
// which some provinces set differently.
const (
	SettingAftercarePrisonYears     = "aftercare_prison_years"
	SettingAftercareCorrectionYears = "aftercare_correction_years"
)

const (
	releasedFromPrison   = "刑满释放"
	releasedByCorrection = "缓刑考验期满"
	basisAftercare       = "安置帮教工作有关规定：刑满释放人员帮教期一般为释放后五年，缓刑考验期满（解除社区矫正）人员为三年；本省帮教对象范围不同的，按本省规定"
)

// Aftercare is an 安置帮教对象 (reference §A7): a person released from prison
// (aftercare for five years) or whose suspended sentence has run out with
// community correction (three years; both are settings);
// identity, phone and address are personal data. The judicial office takes
// the person over (衔接), sets up help (帮教) and resettlement (安置), and
// the aftercare ends by itself when its years are over; it also ends if
// the person commits a new crime or moves away (handed over to the new
// place).
func Aftercare() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        AftercareKind,
		Label:       "安置帮教对象",
		Description: "刑满释放人员和解除社区矫正人员的衔接、安置、帮教及帮教期满情况",
		TitleField:  "file_no",
		YearField:   "release_date",
		Indicators:  aftercareIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Settings: []ledger.Setting{
			{Name: SettingAftercarePrisonYears, Label: "刑满释放人员帮教期（年）", Type: ledger.SettingInt, Default: "5", Min: intp(1), Max: intp(10),
				Basis: basisAftercare, Help: "自释放之日起的帮教年数；已登记的对象按登记（最近一次修改）时的设置计算"},
			{Name: SettingAftercareCorrectionYears, Label: "解除社区矫正人员帮教期（年）", Type: ledger.SettingInt, Default: "3", Min: intp(1), Max: intp(10),
				Basis: basisAftercare, Help: "自缓刑考验期满（解除矫正）之日起的帮教年数；已登记的对象按登记（最近一次修改）时的设置计算"},
		},
		Fields: []ledger.Field{
			{Name: "file_no", Label: "帮教档案编号", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Search: true},
			{Name: "name", Label: "姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true},
			{Name: "id_number", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "address", Label: "居住地", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "sex", Label: "性别", Type: ledger.TypeEnum, Required: true, Filter: true, Options: []string{"男", "女"}},
			{Name: "release_type", Label: "释放类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{releasedFromPrison, releasedByCorrection}},
			{Name: "release_date", Label: "释放（解矫）日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "released_by", Label: "释放单位", Type: ledger.TypeText, MaxLen: 100, Help: "监狱、看守所或社区矫正机构"},
			{Name: "crime", Label: "原罪名", Type: ledger.TypeText, MaxLen: 100, Search: true},
			{Name: "handover_date", Label: "衔接日期", Type: ledger.TypeDate, Required: true},
			{Name: "resettled", Label: "已安置", Type: ledger.TypeBool, List: true, Filter: true},
			{Name: "resettle_way", Label: "安置方式", Type: ledger.TypeEnum,
				Options: []string{"就业", "自主创业", "务农", "纳入社会救助", "家庭接纳", "其他"}},
			{Name: "helped", Label: "已落实帮教", Type: ledger.TypeBool, List: true, Filter: true},
			{Name: "helpers", Label: "帮教小组", Type: ledger.TypeText, MaxLen: 200,
				Help: "帮教责任人姓名及身份，如 司法所工作人员、村干部、家属"},
			{Name: "help_record", Label: "帮教情况", Type: ledger.TypeLongText, Search: true},
			{Name: "aftercare_until", Label: "帮教期满日期", Type: ledger.TypeDate, List: true, Dates: ledger.DateRange{Future: true},
				ComputeIn: func(r *ledger.Record, s ledger.SettingValues) string {
					setting := map[string]string{releasedFromPrison: SettingAftercarePrisonYears,
						releasedByCorrection: SettingAftercareCorrectionYears}[r.Data["release_type"]]
					if years, ok := s.Int(setting); ok {
						return ledger.AddYears(r, "release_date", years)
					}
					return ""
				}},
			{Name: "start_date", Label: "列管帮教日期", Type: ledger.TypeDate, Required: true, Step: "start"},
			{Name: "reoffend_date", Label: "重新犯罪日期", Type: ledger.TypeDate, Required: true, Step: "reoffend"},
			{Name: "reoffend_note", Label: "情况说明", Type: ledger.TypeLongText, Required: true, Step: "reoffend"},
			{Name: "move_date", Label: "迁出日期", Type: ledger.TypeDate, Required: true, Step: "move_out"},
			{Name: "moved_to", Label: "迁往地及接收司法所", Type: ledger.TypeText, Required: true, MaxLen: 200, Step: "move_out"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			if d["resettle_way"] != "" && d["resettled"] != "是" {
				return ledger.FieldErrors{"resettle_way": "填写了「安置方式」的，「已安置」应为“是”"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "handed_over", Label: "已衔接", Editable: true},
				{Name: "in_aftercare", Label: "帮教中", Editable: true},
				{Name: "completed", Label: "帮教期满", Final: true},
				{Name: "reoffended", Label: "重新犯罪", Final: true},
				{Name: "moved", Label: "已迁出", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "start", Label: "列管帮教", From: []string{"handed_over"}, To: "in_aftercare", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "start_date", "release_date", basisAftercare) }},
				{Event: "complete", Label: "帮教期满", From: []string{"handed_over", "in_aftercare"}, To: "completed", Roles: staff,
					OnDue: "aftercare", Guard: guardAftercareOver},
				{Event: "reoffend", Label: "重新犯罪", From: []string{"in_aftercare"}, To: "reoffended", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "reoffend_date", "release_date", "") }},
				{Event: "move_out", Label: "迁出移交", From: []string{"handed_over", "in_aftercare"}, To: "moved", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "move_date", "release_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "aftercare", Label: "帮教期", Type: ledger.Deadline, StartField: "release_date", UntilField: "aftercare_until",
				StopEvents: []string{"complete", "reoffend", "move_out"}, Counting: calendar.CalendarDays, Basis: basisAftercare},
		},
	}
}

// guardAftercareOver: aftercare ends when its years are over, not before.
func guardAftercareOver(g *ledger.GuardContext) error {
	until, ok := g.Record.Data.Date("aftercare_until")
	if ok && !g.Today.IsZero() && g.Today.Before(until) {
		return refuse("", basisAftercare, "帮教期至%s届满，尚未期满；提前结束的，按重新犯罪或迁出移交登记", until.Chinese())
	}
	return nil
}
