package kinds

import (
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the democracy-and-rule-of-law village kinds and their setting.
const (
	ModelVillageKind  = "model_village"
	VillageTalentKind = "village_talent"

	// SettingLegalLiterateMin is the target number of 法律明白人 per village.
	SettingLegalLiterateMin = "legal_literate_min_per_village"
)

const (
	basisModelVillage = "民主法治示范村（社区）命名和复核制度：命名后每两年复核一次，复核结果为保留、撤销或取消"
	basisLegalLitrate = "《乡村“法律明白人”培养工作规范（试行）》（2021年）：到2025年每个行政村至少培养3名“法律明白人”"
)

// ModelVillage is a 民主法治示范村（社区） title: the village, the level that
// named it (全国 / 省 / 市 / 县) and the year; the title is re-checked every
// two years (reference §A11), with a reminder three months ahead, and the
// re-check keeps, revokes or cancels it. A village named at a higher level
// is a new record.
func ModelVillage() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        ModelVillageKind,
		Label:       "民主法治示范村（社区）",
		Description: "各级民主法治示范村（社区）的命名、两年一次的复核及结果",
		TitleField:  "village",
		YearField:   "named_date",
		Indicators:  modelVillageIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "village", Label: "村（社区）名称", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Filter: true, Search: true},
			{Name: "level", Label: "命名级别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"全国", "省级", "市级", "县级"}},
			{Name: "named_date", Label: "命名日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "named_year", Label: "命名年度", Type: ledger.TypeInteger, Filter: true, Compute: func(r *ledger.Record) string {
				if d, ok := r.Data.Date("named_date"); ok {
					return strconv.Itoa(d.Year)
				}
				return ""
			}},
			{Name: "naming_body", Label: "命名机关", Type: ledger.TypeText, Required: true, MaxLen: 100, Search: true,
				Help: "如 司法部、民政部；某省司法厅、民政厅"},
			{Name: "doc_no", Label: "命名文件文号", Type: ledger.TypeText, MaxLen: 100, Search: true},
			{Name: "highlights", Label: "创建特色", Type: ledger.TypeLongText, Search: true},
			{Name: "recheck_date", Label: "复核日期", Type: ledger.TypeDate, Required: true, Step: "keep"},
			{Name: "recheck_note", Label: "复核情况", Type: ledger.TypeLongText, Required: true, Step: "keep"},
			{Name: "lose_date", Label: "撤销或取消日期", Type: ledger.TypeDate, Required: true, Step: "revoke"},
			{Name: "lose_result", Label: "复核结果", Type: ledger.TypeEnum, Required: true, List: true, Step: "revoke",
				Options: []string{"撤销", "取消"}},
			{Name: "lose_reason", Label: "撤销或取消的原因", Type: ledger.TypeLongText, Required: true, Step: "revoke"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "named", Label: "已命名", Editable: true},
				{Name: "lost", Label: "已撤销或取消", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "keep", Label: "复核保留", From: []string{"named"}, To: "named", Roles: staff, Guard: guardRecheck("recheck_date")},
				{Event: "revoke", Label: "复核撤销或取消", From: []string{"named"}, To: "lost", Roles: staff, Guard: guardRecheck("lose_date")},
			},
		},
		Periods: []ledger.Period{
			{Name: "first_recheck", Label: "复核期限", Type: ledger.Deadline, StartField: "named_date", StopEvents: []string{"keep", "revoke"},
				Years: 2, RemindMonths: 3, Counting: calendar.CalendarDays, Basis: basisModelVillage},
			{Name: "next_recheck", Label: "下次复核期限", Type: ledger.Deadline, StartField: "recheck_date", StopEvents: []string{"keep", "revoke"},
				Years: 2, RemindMonths: 3, Counting: calendar.CalendarDays, Basis: basisModelVillage},
		},
	}
}

// guardRecheck: a re-check is dated after the naming and after the last
// re-check, and not after today.
func guardRecheck(field string) func(*ledger.GuardContext) error {
	return func(g *ledger.GuardContext) error {
		if err := dateOrder(g, field, "named_date", basisModelVillage); err != nil {
			return err
		}
		if field != "recheck_date" {
			return dateOrder(g, field, "recheck_date", basisModelVillage)
		}
		return nil
	}
}

// VillageTalent is a village's rule-of-law talent of one year: its 法律明白人,
// 法治带头人 and 学法用法示范户 as rows (kind, source group, training,
// status). When it is reported to the county, a village with fewer
// 法律明白人 on the roll than the target (a setting, default 3, reference
// §A11) must say why and how the gap will be filled.
func VillageTalent() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        VillageTalentKind,
		Label:       "法治人才（法律明白人等）",
		Description: "各村（社区）法律明白人、法治带头人、学法用法示范户名册及培养情况",
		TitleField:  "village",
		YearField:   "year",
		Indicators:  villageTalentIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "year", Label: "年度", Type: ledger.TypeInteger, Required: true, Min: intp(2000), Max: intp(2100), List: true, Filter: true},
			{Name: "village", Label: "村（社区）名称", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Filter: true, Search: true},
			{Name: "talents", Label: "人员名册", Type: ledger.TypeTable, Required: true, MaxRows: 300,
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名（户主）", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
					{Name: "category", Label: "类别", Type: ledger.TypeEnum, Required: true, Options: []string{"法律明白人", "法治带头人", "学法用法示范户"}},
					{Name: "source", Label: "来源", Type: ledger.TypeEnum,
						Options: []string{"村（社区）干部", "人民调解员", "网格员", "妇联执委", "党员", "村民小组长", "退役军人", "其他"}},
					{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
					{Name: "trained_hours", Label: "本年培训学时", Type: ledger.TypeDecimal},
					{Name: "since", Label: "入选日期", Type: ledger.TypeDate},
					{Name: "status", Label: "状态", Type: ledger.TypeEnum, Required: true, Options: []string{"在册", "已调整"}},
				}},
			{Name: "literate_count", Label: "法律明白人（在册）", Type: ledger.TypeInteger, List: true, Compute: countTalent("法律明白人")},
			{Name: "leader_count", Label: "法治带头人（在册）", Type: ledger.TypeInteger, List: true, Compute: countTalent("法治带头人")},
			{Name: "household_count", Label: "学法用法示范户（在册）", Type: ledger.TypeInteger, List: true, Compute: countTalent("学法用法示范户")},
			{Name: "report_date", Label: "上报日期", Type: ledger.TypeDate, Required: true, Step: "report"},
			{Name: "shortfall_note", Label: "未达到培养目标的原因及计划", Type: ledger.TypeLongText, Step: "report",
				Help: "在册法律明白人少于本单位设置的目标（默认每村3名）时填写"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "填报中", Editable: true},
				{Name: "reported", Label: "已上报", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "report", Label: "上报", From: []string{"drafting"}, To: "reported", Roles: staff, Guard: guardTalentReport},
			},
		},
		Settings: []ledger.Setting{
			{Name: SettingLegalLiterateMin, Label: "每村法律明白人培养目标（人）", Type: ledger.SettingInt, Default: "3",
				Min: intp(0), Max: intp(100), Basis: basisLegalLitrate},
		},
	}
}

func countTalent(category string) func(r *ledger.Record) string {
	return func(r *ledger.Record) string {
		if r.Data["talents"] == "" {
			return ""
		}
		n := 0
		for _, row := range r.Data.Rows("talents") {
			if row["category"] == category && row["status"] == "在册" {
				n++
			}
		}
		return strconv.Itoa(n)
	}
}

// guardTalentReport: a village below the target explains the shortfall.
func guardTalentReport(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "report_date"); err != nil {
		return err
	}
	d := g.Record.Data
	have, _ := strconv.Atoi(countTalent("法律明白人")(g.Record))
	if want := settingInt(g, SettingLegalLiterateMin); have < want && d["shortfall_note"] == "" {
		return refuse("shortfall_note", basisLegalLitrate+"；本单位设置：每村"+strconv.Itoa(want)+"名",
			"%s在册法律明白人%d名，少于培养目标%d名；请在「未达到培养目标的原因及计划」中写明原因和培养计划", d["village"], have, want)
	}
	return nil
}
