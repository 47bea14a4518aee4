package kinds

import (
	"errors"
	"fmt"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the community correction kind and its settings.
const (
	CorrectionKind = "correction_subject"

	// SettingAbsenceOfficeDays: absences up to this many days are approved
	// by the judicial office, longer ones by the county.
	SettingAbsenceOfficeDays = "correction_absence_office_days"
	// SettingAbsenceMaxDays caps one absence.
	SettingAbsenceMaxDays = "correction_absence_max_days"
	// SettingAbsenceYearDays caps a subject's absences in a calendar year
	// (0: no cap).
	SettingAbsenceYearDays = "correction_absence_year_days"

	approverOffice = "司法所"
	approverCounty = "县级社区矫正机构"
)

const (
	regCorrection  = "《中华人民共和国社区矫正法》"
	basisAbsence   = "《社区矫正实施办法》（2012年）第十三条：七日以内由司法所批准，超过七日由县级司法行政机关批准，外出时间不超过一个月；现行实施办法或本省规定不同的，按本地设置"
	basisAbsenceYr = "本省社区矫正对象外出管理规定（如全年累计外出不超过60日）"
)

// Correction is a 社区矫正对象 under the 社区矫正法 (reference §A7), managed
// by the judicial office on the county body's commission (第九条): the
// subject's identity and address are personal data; the type (管制, 缓刑,
// 假释, 暂予监外执行) and the term come from the decision. The subject
// reports within 10 days of the judgment taking effect or of leaving
// custody (第二十一条; a late report is recorded with its handling); a
// correction group is set up, with a woman in it for a woman (第二十五条).
// Leaving the city or county needs approval (第二十七条): short absences by
// the judicial office, longer ones by the county (settings, reference §A7).
// Visits and talks are recorded. The term ends in release at its end or by
// pardon with a certificate (第四十四条), in revocation and committal to
// prison (第四十六条 to 第四十九条), or in the subject's death (第五十一条).
func Correction() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        CorrectionKind,
		Label:       "社区矫正对象",
		Description: "社区矫正对象的报到入矫、矫正小组、外出审批、走访谈话和解除矫正、收监执行情况",
		TitleField:  "case_no",
		YearField:   "effective_date",
		Indicators:  correctionIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "case_no", Label: "矫正档案编号", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Search: true,
				Help: "本所档案编号，如 JZ2025-007；姓名等个人信息填在下方"},
			{Name: "name", Label: "姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true},
			{Name: "id_number", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "address", Label: "居住地", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "sex", Label: "性别", Type: ledger.TypeEnum, Required: true, Filter: true, Options: []string{"男", "女"}},
			{Name: "correction_type", Label: "矫正类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"管制", "缓刑", "假释", "暂予监外执行"}},
			{Name: "crime", Label: "罪名", Type: ledger.TypeText, MaxLen: 100, Search: true},
			{Name: "deciding_body", Label: "决定机关", Type: ledger.TypeText, Required: true, MaxLen: 100,
				Help: "作出判决、裁定或者决定的人民法院、公安机关、监狱管理机关"},
			{Name: "effective_date", Label: "判决裁定生效（离开监所）日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "start_date", Label: "矫正期限起", Type: ledger.TypeDate, Required: true},
			{Name: "end_date", Label: "矫正期限止", Type: ledger.TypeDate, Required: true, List: true, Dates: ledger.DateRange{Future: true},
				Example: func(on calendar.Date) string { return on.AddMonths(12).String() }},
			{Name: "group", Label: "矫正小组", Type: ledger.TypeTable, MaxRows: 20,
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50},
					{Name: "sex", Label: "性别", Type: ledger.TypeEnum, Required: true, Options: []string{"男", "女"}},
					{Name: "role", Label: "身份", Type: ledger.TypeEnum, Required: true,
						Options: []string{"司法所工作人员", "村（居）民委员会人员", "监护人、家庭成员", "所在单位或者就读学校人员", "社会工作者", "志愿者"}},
				}},

			{Name: "report_date", Label: "报到日期", Type: ledger.TypeDate, Required: true, Step: "report"},
			{Name: "announced", Label: "已宣告", Type: ledger.TypeBool, Required: true, Step: "report",
				Help: "入矫时宣告判决书、裁定书、决定书的主要内容，矫正期限，应遵守的规定等（第二十二条）"},
			{Name: "late_handling", Label: "逾期报到的原因及处理", Type: ledger.TypeLongText, Step: "report",
				Help: "超过十日报到的，写明原因、是否通报决定机关及处理情况"},
			{Name: "absences", Label: "外出审批", Type: ledger.TypeTable, Required: true, MaxRows: 200, Step: "approve_absence",
				Columns: []ledger.Field{
					{Name: "from", Label: "外出开始", Type: ledger.TypeDate, Required: true, Dates: ledger.DateRange{Future: true, FutureYears: 1}},
					{Name: "to", Label: "外出结束", Type: ledger.TypeDate, Required: true, Dates: ledger.DateRange{Future: true, FutureYears: 1}},
					{Name: "destination", Label: "目的地", Type: ledger.TypeText, Required: true, MaxLen: 100},
					{Name: "reason", Label: "事由", Type: ledger.TypeText, Required: true, MaxLen: 200},
					{Name: "approver", Label: "批准机关", Type: ledger.TypeEnum, Required: true, Options: []string{approverOffice, approverCounty}},
					{Name: "returned", Label: "按期返回", Type: ledger.TypeBool},
				}},
			{Name: "visits", Label: "走访谈话", Type: ledger.TypeTable, Required: true, MaxRows: 500, Step: "record_visit",
				Columns: []ledger.Field{
					{Name: "date", Label: "日期", Type: ledger.TypeDate, Required: true},
					{Name: "way", Label: "方式", Type: ledger.TypeEnum, Required: true, Options: []string{"实地走访", "个别谈话", "电话联系", "信息化核查", "集中教育"}},
					{Name: "by", Label: "工作人员", Type: ledger.TypeText, Required: true, MaxLen: 50},
					{Name: "note", Label: "情况", Type: ledger.TypeText, MaxLen: 500},
				}},
			{Name: "release_date", Label: "解除矫正日期", Type: ledger.TypeDate, Required: true, Step: "release"},
			{Name: "release_reason", Label: "解除原因", Type: ledger.TypeEnum, Required: true, Step: "release", Options: []string{"矫正期满", "被赦免"}},
			{Name: "certificate", Label: "已发放解除社区矫正证明书", Type: ledger.TypeBool, Required: true, Step: "release"},
			{Name: "revoke_date", Label: "收监执行日期", Type: ledger.TypeDate, Required: true, Step: "revoke"},
			{Name: "revoke_type", Label: "收监类别", Type: ledger.TypeEnum, Required: true, Step: "revoke",
				Options: []string{"撤销缓刑", "撤销假释", "暂予监外执行收监执行"}},
			{Name: "revoke_basis", Label: "裁定、决定及理由", Type: ledger.TypeLongText, Required: true, Step: "revoke"},
			{Name: "death_date", Label: "死亡日期", Type: ledger.TypeDate, Required: true, Step: "terminate"},
			{Name: "death_note", Label: "情况说明", Type: ledger.TypeLongText, Required: true, Step: "terminate"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			s, ok1 := d.Date("start_date")
			e, ok2 := d.Date("end_date")
			if ok1 && ok2 && !e.After(s) {
				return ledger.FieldErrors{"end_date": "「矫正期限止」（" + e.Chinese() + "）应晚于「矫正期限起」（" + s.Chinese() + "）"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "awaiting", Label: "待报到", Editable: true},
				{Name: "in_correction", Label: "在矫", Editable: true},
				{Name: "released", Label: "解矫", Final: true},
				{Name: "committed", Label: "收监执行", Final: true},
				{Name: "ended", Label: "矫正终止（死亡）", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "report", Label: "报到入矫", From: []string{"awaiting"}, To: "in_correction", Roles: staff, Guard: guardReport},
				{Event: "approve_absence", Label: "外出审批", From: []string{"in_correction"}, To: "in_correction", Roles: staff, Guard: guardAbsences},
				{Event: "record_visit", Label: "记录走访谈话", From: []string{"in_correction"}, To: "in_correction", Roles: staff, Guard: guardVisits},
				{Event: "release", Label: "解除矫正", From: []string{"in_correction"}, To: "released", Roles: staff, Guard: guardRelease},
				{Event: "revoke", Label: "收监执行", From: []string{"in_correction"}, To: "committed", Roles: staff, Guard: guardRevoke},
				{Event: "terminate", Label: "矫正终止（死亡）", From: []string{"awaiting", "in_correction"}, To: "ended", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "death_date", "effective_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "report_limit", Label: "报到期限", Type: ledger.Deadline, StartField: "effective_date",
				StopEvents: []string{"report", "terminate"}, StopField: "report_date", Days: 10, Counting: calendar.CalendarDays,
				Basis: regCorrection + "第二十一条"},
			{Name: "term", Label: "矫正期限", Type: ledger.Deadline, StartField: "start_date", UntilField: "end_date",
				StopEvents: []string{"release", "revoke", "terminate"}, StopField: "release_date", RemindDays: 30, Counting: calendar.CalendarDays,
				Basis: regCorrection + "第四十四条（矫正期满，应当宣告解除社区矫正）"},
		},
		Settings: []ledger.Setting{
			{Name: SettingAbsenceOfficeDays, Label: "司法所可批准的外出天数（日）", Type: ledger.SettingInt, Default: "7",
				Min: intp(0), Max: intp(60), Basis: basisAbsence},
			{Name: SettingAbsenceMaxDays, Label: "单次外出最长天数（日）", Type: ledger.SettingInt, Default: "30",
				Min: intp(1), Max: intp(365), Basis: basisAbsence},
			{Name: SettingAbsenceYearDays, Label: "全年累计外出最长天数（日）", Type: ledger.SettingInt, Default: "0",
				Min: intp(0), Max: intp(366), Basis: basisAbsenceYr, Help: "0 表示不限；有本省规定的（如60日）在此设置"},
		},
	}
}

// guardReport: reported on or after the decision took effect, announced;
// a report after the 10 days records why and how it was handled; a woman
// subject's correction group has a woman.
func guardReport(g *ledger.GuardContext) error {
	d := g.Record.Data
	basis := regCorrection + "第二十一条"
	if err := dateOrder(g, "report_date", "effective_date", basis); err != nil {
		return err
	}
	if d["announced"] != "是" {
		return refuse("announced", regCorrection+"第二十二条", "社区矫正机构应当依法对社区矫正对象进行宣告；请完成入矫宣告后再登记报到")
	}
	at, _ := d.Date("report_date")
	from, _ := d.Date("effective_date")
	due := from.AddDays(10)
	if g.Calendar != nil { // a tenth day on a rest day moves to the next working day
		switch d, err := g.Calendar.Add(from, 10, calendar.CalendarDays); {
		case err == nil:
			due = d
		case !errors.Is(err, calendar.ErrUnknown):
			return fmt.Errorf("报到期限：%w", err)
		}
	}
	if late := due.DaysUntil(at); late > 0 && d["late_handling"] == "" {
		return refuse("late_handling", basis,
			"社区矫正对象应当自判决、裁定生效之日或者离开监所之日起十日内报到；本次于%s报到，超过期限%d日，请在「逾期报到的原因及处理」中写明原因及处理情况",
			at.Chinese(), late)
	}
	if d["sex"] == "女" {
		women := 0
		for _, m := range d.Rows("group") {
			if m["sex"] == "女" {
				women++
			}
		}
		if women == 0 {
			return refuse("group", regCorrection+"第二十五条", "社区矫正对象为女性的，矫正小组中应有女性成员；请在「矫正小组」中增加女性成员")
		}
	}
	return nil
}

// guardAbsences checks every absence: after the report, ends after it
// starts, no longer than the cap, approved by the county when longer than
// the judicial office may approve, and within the yearly cap.
func guardAbsences(g *ledger.GuardContext) error {
	d := g.Record.Data
	office, most, yearly := settingInt(g, SettingAbsenceOfficeDays), settingInt(g, SettingAbsenceMaxDays), settingInt(g, SettingAbsenceYearDays)
	reported, _ := d.Date("report_date")
	end, _ := d.Date("end_date")
	perYear := map[int]int{}
	for i, row := range d.Rows("absences") {
		from, _ := cellDate(row, "from")
		to, _ := cellDate(row, "to")
		n := i + 1
		switch {
		case to.Before(from):
			return refuse("absences", "", "「外出审批」第%d行的外出结束（%s）早于外出开始（%s）", n, to.Chinese(), from.Chinese())
		case !reported.IsZero() && from.Before(reported):
			return refuse("absences", "", "「外出审批」第%d行的外出开始（%s）早于报到日期（%s）", n, from.Chinese(), reported.Chinese())
		case !end.IsZero() && to.After(end):
			return refuse("absences", "", "「外出审批」第%d行的外出结束（%s）晚于矫正期限止（%s）", n, to.Chinese(), end.Chinese())
		}
		days := from.DaysUntil(to) + 1
		if days > most {
			return refuse("absences", basisAbsence+"；本单位设置：单次外出最长"+strconv.Itoa(most)+"日",
				"「外出审批」第%d行外出%d日，超过单次外出最长%d日；请分别审批或缩短外出时间", n, days, most)
		}
		if days > office && row["approver"] == approverOffice {
			return refuse("absences", basisAbsence+"；本单位设置：司法所可批准"+strconv.Itoa(office)+"日以内",
				"「外出审批」第%d行外出%d日，超过%d日，应由县级社区矫正机构批准；请将“批准机关”改为“%s”并附其批准",
				n, days, office, approverCounty)
		}
		perYear[from.Year] += days
		if yearly > 0 && perYear[from.Year] > yearly {
			return refuse("absences", basisAbsenceYr+"；本单位设置：全年累计"+strconv.Itoa(yearly)+"日",
				"%d年累计外出已达%d日（至第%d行），超过全年累计外出最长%d日", from.Year, perYear[from.Year], n, yearly)
		}
	}
	return nil
}

// guardVisits: visits are dated after the report.
func guardVisits(g *ledger.GuardContext) error {
	reported, _ := g.Record.Data.Date("report_date")
	for i, row := range g.Record.Data.Rows("visits") {
		at, _ := cellDate(row, "date") // not after today: checked with the cell
		if !reported.IsZero() && at.Before(reported) {
			return refuse("visits", "", "「走访谈话」第%d行的日期（%s）早于报到日期（%s）", i+1, at.Chinese(), reported.Chinese())
		}
	}
	return nil
}

// guardRelease is 第四十四条: released at the end of the term or on
// pardon, with the certificate.
func guardRelease(g *ledger.GuardContext) error {
	d := g.Record.Data
	basis := regCorrection + "第四十四条"
	if err := dateOrder(g, "release_date", "report_date", basis); err != nil {
		return err
	}
	at, _ := d.Date("release_date")
	end, _ := d.Date("end_date")
	if d["release_reason"] == "矫正期满" && at.Before(end) {
		return refuse("release_date", basis, "矫正期限至%s届满，「解除矫正日期」（%s）早于期满日；未被赦免的，期满后再解除矫正", end.Chinese(), at.Chinese())
	}
	if d["certificate"] != "是" {
		return refuse("certificate", basis, "社区矫正对象矫正期满或者被赦免的，社区矫正机构应当向其发放解除社区矫正证明书；请发放后勾选")
	}
	return nil
}

// guardRevoke: the committal matches the type of correction — probation
// and parole are revoked by the court (第四十六条), temporary execution
// outside prison ends in committal (第四十九条); 管制 has none.
func guardRevoke(g *ledger.GuardContext) error {
	d := g.Record.Data
	if err := dateOrder(g, "revoke_date", "report_date", ""); err != nil {
		return err
	}
	want := map[string]string{"缓刑": "撤销缓刑", "假释": "撤销假释", "暂予监外执行": "暂予监外执行收监执行"}[d["correction_type"]]
	if want == "" {
		return refuse("revoke_type", regCorrection+"第四十六条至第四十九条（撤销缓刑、假释和收监执行只适用于缓刑、假释和暂予监外执行）",
			"矫正类别为“管制”，不适用撤销缓刑、假释或收监执行；有新罪的，依法另行处理")
	}
	if d["revoke_type"] != want {
		return refuse("revoke_type", regCorrection+"第四十六条、第四十九条", "矫正类别为“%s”，收监类别应为“%s”，不能是“%s”", d["correction_type"], want, d["revoke_type"])
	}
	return nil
}
