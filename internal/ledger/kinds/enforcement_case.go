package kinds

import (
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the enforcement case kind and its settings.
const (
	EnforcementCaseKind = "enforcement_case"

	CasePenalty    = "行政处罚"
	CaseCoercion   = "行政强制"
	CaseInspection = "行政检查"
	CaseLicence    = "行政许可"

	// Art. 58's four cases, and the answer that none applies.
	Review58None = "不属于法制审核情形"

	SettingDisclosePenaltyDays = "enforcement_disclose_penalty_days"
	SettingDiscloseOtherDays   = "enforcement_disclose_other_days"
)

const (
	lawPenalty = "《行政处罚法》"
	doc118     = "国办发〔2018〕118号（行政执法公示制度）"
)

var review58Cases = []string{
	"涉及重大公共利益",
	"直接关系当事人或者第三人重大权益，经过听证程序",
	"案件情况疑难复杂、涉及多个法律关系",
	"法律、法规规定应当进行法制审核的其他情形",
}

// EnforcementCase is 行政执法案件 (reference §A2): the officers acting are
// rows, and at each act — investigation, notice, decision — at least two of
// them must hold enforcement certificates valid on that day, checked
// against the 执法人员与执法证 ledger (行政处罚法第四十二条); whole-process
// records are attached (第四十七条); in the four cases of 第五十八条 the
// legal review (法制审核) comes before the decision, by a reviewer with the
// legal professional qualification when reviewing for the first time; a
// penalty is decided within 90 days of opening (第六十条; an extension is a
// clock adjustment approved by the head); licence and penalty decisions are
// disclosed within 7 working days and others within 20 (国办发〔2018〕118号,
// both settings). Land cases (卫片执法) record the area in 亩.
func EnforcementCase() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	penaltyOrLicence := func(r *ledger.Record) bool {
		t := r.Data["case_type"]
		return (t == CasePenalty || t == CaseLicence) && r.Data["decision_result"] != "撤销立案"
	}
	return &ledger.Kind{
		Name:        EnforcementCaseKind,
		Label:       "行政执法案件",
		Description: "行政处罚、强制、检查、许可等执法案件：立案、调查取证、告知、法制审核、决定、公示、结案",
		TitleField:  "cause",
		YearField:   "opened_date",
		Indicators:  enforcementCaseIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "case_type", Label: "案件类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{CasePenalty, CaseCoercion, CaseInspection, CaseLicence, "其他"}},
			{Name: "case_no", Label: "案号", Type: ledger.TypeText, MaxLen: 80, List: true, Search: true},
			{Name: "cause", Label: "案由", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“未经批准占用耕地建房”；当事人姓名等个人信息填在下方个人信息栏"},
			{Name: "area", Label: "执法领域", Type: ledger.TypeText, MaxLen: 100, Filter: true, Search: true},
			{Name: "opened_date", Label: "立案日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "party_type", Label: "当事人类型", Type: ledger.TypeEnum, Required: true, Options: []string{"自然人", "法人或其他组织"}},
			{Name: "party_org", Label: "当事人单位名称", Type: ledger.TypeText, MaxLen: 200, Search: true},
			{Name: "party_name", Label: "当事人姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName},
			{Name: "party_id", Label: "当事人身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "party_phone", Label: "当事人联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "party_address", Label: "当事人住址", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "officers", Label: "执法人员", Type: ledger.TypeTable, Required: true, MinRows: 2, MaxRows: 20,
				Help: "承办本案的执法人员，每人一行；每次执法行为当日须至少两名持有效执法证（行政处罚法第四十二条）",
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
					{Name: "cert_no", Label: "执法证号", Type: ledger.TypeText, Required: true, MaxLen: 50},
					{Name: "role", Label: "分工", Type: ledger.TypeEnum, Options: []string{"主办", "协办"}},
				}},
			{Name: "review_case", Label: "法制审核情形", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: append([]string{Review58None}, review58Cases...),
				Help:    "行政处罚案件属于《行政处罚法》第五十八条规定情形的，作出决定前须经法制审核"},
			{Name: "land_case", Label: "卫片执法（土地）案件", Type: ledger.TypeBool, Filter: true},
			{Name: "land_area", Label: "涉及土地面积（亩）", Type: ledger.TypeDecimal, List: true},
			{Name: "record_files", Label: "全过程记录（文字、音像）", Type: ledger.TypeFile,
				Help: "立案、调查取证、审核、决定、送达、执行全过程的文字和音像记录（行政处罚法第四十七条）"},

			{Name: "investigate_date", Label: "调查取证日期", Type: ledger.TypeDate, Required: true, Step: "investigate"},
			{Name: "evidence_summary", Label: "调查取证情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "investigate"},
			{Name: "notice_date", Label: "告知日期", Type: ledger.TypeDate, Required: true, Step: "notify"},
			{Name: "notice_content", Label: "告知内容", Type: ledger.TypeLongText, Required: true, Step: "notify",
				Help: "拟作出的处理内容及事实、理由、依据，以及陈述、申辩、要求听证等权利"},
			{Name: "hearing_requested", Label: "当事人要求听证", Type: ledger.TypeBool, Step: "notify"},
			{Name: "review_date", Label: "法制审核日期", Type: ledger.TypeDate, Required: true, Step: "legal_review"},
			{Name: "reviewer", Label: "法制审核人员", Type: ledger.TypeText, Required: true, MaxLen: 50, Step: "legal_review"},
			{Name: "reviewer_first_time", Label: "审核人员初次从事法制审核", Type: ledger.TypeBool, Required: true, Step: "legal_review"},
			{Name: "reviewer_qualified", Label: "审核人员取得法律职业资格", Type: ledger.TypeBool, Required: true, Step: "legal_review"},
			{Name: "review_opinion", Label: "法制审核意见", Type: ledger.TypeEnum, Required: true, Filter: true, Step: "legal_review",
				Options: []string{"同意", "修改后同意", "不同意"}},
			{Name: "review_text", Label: "法制审核意见内容", Type: ledger.TypeLongText, Required: true, Step: "legal_review"},
			{Name: "decision_date", Label: "决定日期", Type: ledger.TypeDate, Required: true, List: true, Step: "decide"},
			{Name: "decision_result", Label: "处理结果", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "decide",
				Options: []string{"给予行政处罚", "不予行政处罚", "采取强制措施", "准予许可", "不予许可", "检查完毕", "移送", "撤销立案"}},
			{Name: "decision_no", Label: "决定书文号", Type: ledger.TypeText, MaxLen: 80, Step: "decide"},
			{Name: "decision_summary", Label: "决定内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "decide"},
			{Name: "fine", Label: "罚没金额（元）", Type: ledger.TypeDecimal, Step: "decide"},
			{Name: "disclose_date", Label: "公示日期", Type: ledger.TypeDate, Required: true, Step: "disclose"},
			{Name: "disclose_channel", Label: "公示途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "disclose",
				Help: "如 政府网站、执法公示平台"},
			{Name: "close_date", Label: "结案日期", Type: ledger.TypeDate, Required: true, Step: "close"},
			{Name: "execution", Label: "执行情况", Type: ledger.TypeLongText, Required: true, Step: "close"},
			{Name: "no_disclose_reason", Label: "未公示的理由", Type: ledger.TypeLongText, Step: "close",
				Help: "依法不予公开的，写明理由"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			switch {
			case d["land_area"] != "" && d["land_case"] != "是":
				return ledger.FieldErrors{"land_area": "「涉及土地面积（亩）」只在卫片执法（土地）案件中填写；请选“是”或清空面积"}
			case d["land_case"] == "是" && d["land_area"] == "":
				return ledger.FieldErrors{"land_area": "卫片执法（土地）案件请填写「涉及土地面积（亩）」，如 0.35"}
			case strings.HasPrefix(d["land_area"], "-"):
				return ledger.FieldErrors{"land_area": "「涉及土地面积（亩）」不能为负数"}
			case d["party_type"] == "自然人" && d["party_name"] == "":
				return ledger.FieldErrors{"party_name": "当事人是自然人的，请填写「当事人姓名」"}
			case d["party_type"] == "法人或其他组织" && d["party_org"] == "":
				return ledger.FieldErrors{"party_org": "当事人是法人或其他组织的，请填写「当事人单位名称」"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "opened", Label: "已立案", Editable: true},
				{Name: "investigating", Label: "调查取证", Editable: true},
				{Name: "notified", Label: "已告知", Editable: true},
				{Name: "reviewed", Label: "已法制审核", Editable: true},
				{Name: "decided", Label: "已决定"},
				{Name: "closed", Label: "已结案", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "investigate", Label: "调查取证", From: []string{"opened"}, To: "investigating", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return actBy(g, "investigate_date", "opened_date") }},
				{Event: "notify", Label: "告知当事人", From: []string{"investigating", "reviewed"}, To: "notified", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return actBy(g, "notice_date", "investigate_date") }},
				{Event: "legal_review", Label: "法制审核", From: []string{"investigating", "notified"}, To: "reviewed",
					Roles: roles(access.RoleReviewer, access.RoleHead, access.RoleClerk), Guard: guardLegalReview},
				{Event: "decide", Label: "作出决定", From: []string{"investigating", "notified", "reviewed"}, To: "decided",
					Roles: roles(access.RoleHead), Guard: guardCaseDecision},
				{Event: "disclose", Label: "公示决定", From: []string{"decided"}, To: "decided", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "disclose_date", "decision_date", doc118) }},
				{Event: "close", Label: "结案", From: []string{"decided"}, To: "closed", Roles: staff, Guard: guardCaseClose},
			},
		},
		Periods: []ledger.Period{
			{Name: "decision_limit", Label: "行政处罚决定期限", Type: ledger.Deadline, StartField: "opened_date",
				StopEvents: []string{"decide"}, StopField: "decision_date", Days: 90, Counting: calendar.CalendarDays,
				Basis:         lawPenalty + "第六十条（法律、法规、规章另有规定的从其规定；延长须经行政机关负责人批准，本系统延长合计不超过90日）",
				MaxExtendDays: 90, ExtendRoles: roles(access.RoleHead),
				Applies: func(r *ledger.Record) bool { return r.Data["case_type"] == CasePenalty }},
			{Name: "disclose_limit", Label: "行政许可、行政处罚决定公示期限", Type: ledger.Deadline, StartField: "decision_date",
				StopEvents: []string{"disclose"}, StopField: "disclose_date", DaysSetting: SettingDisclosePenaltyDays,
				Counting: calendar.WorkingDays, Basis: doc118, Applies: penaltyOrLicence},
			{Name: "disclose_other_limit", Label: "其他行政执法决定公示期限", Type: ledger.Deadline, StartField: "decision_date",
				StopEvents: []string{"disclose"}, StopField: "disclose_date", DaysSetting: SettingDiscloseOtherDays,
				Counting: calendar.WorkingDays, Basis: doc118,
				Applies: func(r *ledger.Record) bool {
					return !penaltyOrLicence(r) && r.Data["decision_result"] != "撤销立案"
				}},
		},
		Settings: []ledger.Setting{
			{Name: SettingDisclosePenaltyDays, Label: "行政许可、行政处罚决定公示期限（工作日）", Type: ledger.SettingInt, Default: "7",
				Min: intp(1), Max: intp(60), Basis: doc118 + "：自作出决定之日起7个工作日内公开"},
			{Name: SettingDiscloseOtherDays, Label: "其他行政执法决定公示期限（工作日）", Type: ledger.SettingInt, Default: "20",
				Min: intp(1), Max: intp(60), Basis: doc118 + "：其他行政执法决定20个工作日内公开"},
		},
	}
}

// basis42 is the article behind the two-officer rule for the case's type.
func basis42(r *ledger.Record) string {
	if r.Data["case_type"] == CasePenalty {
		return lawPenalty + "第四十二条"
	}
	return lawPenalty + "第四十二条（行政处罚之外的执法行为由执法人员持证实施，两人以上的要求见各单行法，参考资料未载其条号）"
}

// actBy: the act's date is in order, and at least two of the case's officers
// held a valid certificate that day.
func actBy(g *ledger.GuardContext, field, after string) error {
	if err := dateOrder(g, field, after, ""); err != nil {
		return err
	}
	return officersValidOn(g, field)
}

// officersValidOn is the gate of 行政处罚法第四十二条: on the date in field,
// at least two officer rows name a certificate — by its number in the
// 执法人员与执法证 ledger, held by the person of that row — that was valid
// that day. The refusal lists each row that does not count and why.
func officersValidOn(g *ledger.GuardContext, field string) error {
	day, ok := g.Record.Data.Date(field)
	if !ok {
		return nil
	}
	if g.Find == nil {
		return fmt.Errorf("kinds: no Finder for the officers of %s", field)
	}
	valid := 0
	var why []string
	seen := map[int64]int{} // officer record → its first row
	for i, row := range g.Record.Data.Rows("officers") {
		id, reason, err := officerValid(g, row, day)
		if err != nil {
			return err
		}
		if first, dup := seen[id]; dup && id != 0 {
			reason = fmt.Sprintf("与第%d行是同一名执法人员", first)
		} else if id != 0 {
			seen[id] = i + 1
			valid++
			continue
		}
		why = append(why, fmt.Sprintf("第%d行%s（证号 %s）%s", i+1, row["name"], row["cert_no"], reason))
	}
	if valid >= 2 {
		return nil
	}
	detail := ""
	if len(why) > 0 {
		detail = "：" + strings.Join(why, "；")
	}
	return &ledger.RuleError{Field: "officers", Basis: basis42(g.Record), Reason: fmt.Sprintf(
		"「%s」（%s）当日持有有效执法证的执法人员只有%d名，执法人员不得少于两人%s；请在「执法人员」中补充当日持有有效执法证的人员，或核对执法证号",
		g.Kind.Field(field).Label, day.Chinese(), valid, detail)}
}

// officerValid looks the row's certificate up by number (as first issued or
// as renewed) and checks its holder and validity on day: it returns the
// officer record's id when valid, else 0 and why not.
func officerValid(g *ledger.GuardContext, row ledger.Values, day calendar.Date) (int64, string, error) {
	no := strings.TrimSpace(row["cert_no"])
	var found []ledger.Record
	for _, f := range []string{"cert_no", "renew_cert_no"} {
		recs, err := g.Find.Records(g.Ctx, EnforcementOfficerKind, ledger.Values{f: no}, 5)
		if err != nil {
			return 0, "", fmt.Errorf("find certificate %s: %w", no, err)
		}
		found = append(found, recs...)
	}
	if len(found) == 0 {
		return 0, "在执法人员与执法证台账中未找到该证号", nil
	}
	reason := ""
	for i := range found {
		r := &found[i]
		if r.Data["name"] != strings.TrimSpace(row["name"]) {
			reason = "该证号登记的持证人是" + r.Data["name"]
			continue
		}
		ok, why := CertificateValidOn(r, day)
		if ok {
			return r.ID, "", nil
		}
		reason = why
	}
	return 0, reason, nil
}

// guardLegalReview: the review follows the investigation, and a reviewer
// doing it for the first time holds the legal professional qualification
// (第五十八条第二款).
func guardLegalReview(g *ledger.GuardContext) error {
	if err := dateOrder(g, "review_date", "investigate_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	if d["reviewer_first_time"] == "是" && d["reviewer_qualified"] != "是" {
		return &ledger.RuleError{Field: "reviewer_qualified", Basis: lawPenalty + "第五十八条第二款",
			Reason: "行政机关中初次从事行政处罚决定法制审核的人员，应当通过国家统一法律职业资格考试取得法律职业资格；请改由具备资格的人员审核"}
	}
	return nil
}

// guardCaseDecision: officers at the decision (第四十二条); for a penalty,
// the party told first (第四十四条), and in the four cases of 第五十八条 a
// legal review that agreed, dated no later than the decision.
func guardCaseDecision(g *ledger.GuardContext) error {
	if err := actBy(g, "decision_date", "investigate_date"); err != nil {
		return err
	}
	d := g.Record.Data
	if d["case_type"] != CasePenalty {
		return nil
	}
	decided, _ := d.Date("decision_date")
	if d["decision_result"] == "给予行政处罚" {
		if nd, ok := d.Date("notice_date"); !ok || decided.Before(nd) {
			return &ledger.RuleError{Field: "notice_date", Basis: lawPenalty + "第四十四条（参考资料未载此条，条号待核对）",
				Reason: "作出行政处罚决定之前，应当告知当事人拟作出的处罚内容及事实、理由、依据和陈述、申辩、要求听证的权利；请先“告知当事人”"}
		}
	}
	if !slices.Contains(review58Cases, d["review_case"]) || d["decision_result"] == "撤销立案" {
		return nil
	}
	basis := lawPenalty + "第五十八条"
	rd, ok := d.Date("review_date")
	switch {
	case !ok:
		return &ledger.RuleError{Field: "review_date", Basis: basis, Reason: fmt.Sprintf(
			"本案属于“%s”，作出行政处罚决定之前，应当由从事法制审核的人员进行法制审核；未经法制审核或者审核未通过的，不得作出决定", d["review_case"])}
	case d["review_opinion"] == "不同意":
		return &ledger.RuleError{Field: "review_opinion", Basis: basis,
			Reason: "法制审核意见为“不同意”，审核未通过的不得作出决定；请按审核意见补正后重新审核"}
	case decided.Before(rd):
		return &ledger.RuleError{Field: "decision_date", Basis: basis, Reason: fmt.Sprintf(
			"「决定日期」（%s）早于「法制审核日期」（%s）；法制审核应在作出决定之前", decided.Chinese(), rd.Chinese())}
	}
	return nil
}

// guardCaseClose: closed after the decision; a licence or penalty decision
// is disclosed, or the reason it is not is recorded (国办发〔2018〕118号).
func guardCaseClose(g *ledger.GuardContext) error {
	later := "decision_date"
	if g.Record.Data["disclose_date"] != "" {
		later = "disclose_date"
	}
	if err := dateOrder(g, "close_date", later, ""); err != nil {
		return err
	}
	d := g.Record.Data
	res := d["decision_result"]
	if (res == "给予行政处罚" || res == "准予许可" || res == "不予许可") && d["disclose_date"] == "" && d["no_disclose_reason"] == "" {
		return &ledger.RuleError{Field: "no_disclose_reason", Basis: doc118,
			Reason: "行政许可、行政处罚决定应当公示；请先“公示决定”，依法不予公开的请填写「未公示的理由」"}
	}
	return nil
}
