package kinds

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the dispute kinds and the outcomes other code reads.
const (
	DisputeCaseKind      = "dispute_case"
	DisputeScreeningKind = "dispute_screening"

	OutcomeMediated    = "调解成功"
	OutcomeFailed      = "调解未成功"
	OutcomeLitigation  = "转诉讼"
	OutcomePetition    = "转信访"
	OutcomePrevented   = "预防化解"
	OutcomeToCriminal  = "民转刑"
	agreementWritten   = "书面协议"
	agreementOral      = "口头协议"
	basisMediationTime = "《人民调解工作若干规定》（司法部令第75号）第三十三条"
)

// DisputeCase is 矛盾纠纷调解: a dispute taken up by a people's mediation
// committee (reference §A7). The parties are rows of personal data. The
// mediator is on the committee's roster (人民调解法第十三条), and the
// committee is constituted (第八条). Mediation is generally concluded within
// one month (《人民调解工作若干规定》第三十三条; the head may extend it).
// It ends in an agreement (调解成功: written, signed by the parties and the
// mediator and sealed, 第二十九条, or oral and recorded, 第二十八条) or in
// another outcome: 调解未成功 (the parties told of the other ways to
// their rights, 第二十六条), 转诉讼, 转信访, 预防化解, 民转刑. After a
// written agreement the parties may jointly apply for judicial confirmation
// within 30 days of its taking effect (第三十三条).
func DisputeCase() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        DisputeCaseKind,
		Label:       "矛盾纠纷调解",
		Description: "人民调解委员会受理、调解矛盾纠纷的登记、调解过程、调解协议、司法确认和结果",
		TitleField:  "summary",
		YearField:   "intake_date",
		Indicators:  disputeCaseIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "intake_date", Label: "受理日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "month", Label: "受理月份", Type: ledger.TypeText, Filter: true, Compute: func(r *ledger.Record) string {
				if d, ok := r.Data.Date("intake_date"); ok {
					return d.String()[:7]
				}
				return ""
			}},
			{Name: "source", Label: "纠纷来源", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"当事人申请", "主动调解", "排查发现", "上级交办", "法院委派", "公安移送", "信访转来", "其他"}},
			{Name: "dispute_type", Label: "纠纷类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"婚姻家庭", "邻里", "房屋宅基地", "山林土地", "损害赔偿", "合同", "劳动争议", "征地拆迁", "物业",
					"医疗", "道路交通事故", "其他"}},
			{Name: "summary", Label: "纠纷名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "概括纠纷，如“某村两户宅基地边界纠纷”；当事人姓名、身份证号、电话填在“当事人”表中"},
			{Name: "details", Label: "纠纷简要情况", Type: ledger.TypeLongText, Required: true, Search: true},
			{Name: "parties", Label: "当事人", Type: ledger.TypeTable, Required: true, MinRows: 2, MaxRows: 200,
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名或名称", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true},
					{Name: "side", Label: "身份", Type: ledger.TypeEnum, Required: true, Options: []string{"申请人", "被申请人", "当事人"}},
					{Name: "id_number", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
					{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
					{Name: "address", Label: "住址", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
				}},
			{Name: "people", Label: "涉及人数", Type: ledger.TypeInteger, Min: intp(2), Max: intp(100000)},
			{Name: "amount", Label: "涉及金额（元）", Type: ledger.TypeDecimal},
			{Name: "committee_id", Label: "人民调解委员会", Type: ledger.TypeReference, RefKind: MediationCommitteeKind, Filter: true,
				Help: "受理本纠纷的人民调解委员会；开始调解前须选择"},
			{Name: "mediator", Label: "调解员", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Search: true,
				Help: "调解委员会名册中的调解员姓名", Example: example(ExampleMediator)},
			{Name: "screening_id", Label: "发现该纠纷的排查", Type: ledger.TypeReference, RefKind: DisputeScreeningKind},

			{Name: "mediation_date", Label: "开始调解日期", Type: ledger.TypeDate, Required: true, Step: "mediate"},
			{Name: "agreement_date", Label: "达成协议日期", Type: ledger.TypeDate, Required: true, Step: "succeed"},
			{Name: "agreement_form", Label: "协议形式", Type: ledger.TypeEnum, Required: true, Step: "succeed",
				Options: []string{agreementWritten, agreementOral}},
			{Name: "agreement_signed", Label: "各方当事人签名、调解员签名并加盖调解委员会印章", Type: ledger.TypeBool, Step: "succeed",
				Help: "书面调解协议填写；协议自各方签名、盖章之日起生效"},
			{Name: "agreement", Label: "协议内容（口头协议的记录）", Type: ledger.TypeLongText, Required: true, Search: true, Step: "succeed"},
			{Name: "agreement_files", Label: "调解协议书", Type: ledger.TypeFile, Step: "succeed"},
			{Name: "confirm_apply_date", Label: "申请司法确认日期", Type: ledger.TypeDate, Required: true, Step: "apply_confirmation"},
			{Name: "court", Label: "受理的人民法院", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "apply_confirmation"},
			{Name: "confirm_date", Label: "司法确认裁定日期", Type: ledger.TypeDate, Required: true, Step: "record_confirmation"},
			{Name: "confirm_result", Label: "司法确认结果", Type: ledger.TypeEnum, Required: true, Step: "record_confirmation",
				Options: []string{"确认有效", "确认无效", "驳回申请"}},
			{Name: "close_date", Label: "回访结案日期", Type: ledger.TypeDate, Required: true, Step: "close"},
			{Name: "performance", Label: "协议履行情况", Type: ledger.TypeEnum, Required: true, Filter: true, Step: "close",
				Options: []string{"已履行", "部分履行", "未履行"}},
			{Name: "conclude_date", Label: "结果日期", Type: ledger.TypeDate, Required: true, Step: "conclude"},
			{Name: "conclusion", Label: "调解结果", Type: ledger.TypeEnum, Required: true, Step: "conclude",
				Options: []string{OutcomeFailed, OutcomeLitigation, OutcomePetition, OutcomePrevented, OutcomeToCriminal}},
			{Name: "rights_told", Label: "已告知当事人可依法通过仲裁、行政、司法等途径维护权利", Type: ledger.TypeBool, Step: "conclude"},
			{Name: "conclude_note", Label: "结果说明", Type: ledger.TypeLongText, Required: true, Search: true, Step: "conclude",
				Help: "转诉讼、转信访的写明受理机关；民转刑的写明案件情况和移交公安机关的日期"},
			{Name: "result", Label: "结果", Type: ledger.TypeText, List: true, Filter: true, Compute: func(r *ledger.Record) string {
				if r.Data["agreement_date"] != "" {
					return OutcomeMediated
				}
				return r.Data["conclusion"]
			}},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "accepted", Label: "已受理", Editable: true},
				{Name: "mediating", Label: "调解中", Editable: true},
				{Name: "agreed", Label: "调解成功"},
				{Name: "confirming", Label: "司法确认中"},
				{Name: "closed", Label: "已结案", Final: true},
				{Name: "concluded", Label: "已终结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "mediate", Label: "开始调解", From: []string{"accepted"}, To: "mediating", Roles: staff, Guard: guardMediate},
				{Event: "succeed", Label: "达成调解协议", From: []string{"mediating"}, To: "agreed", Roles: staff, Guard: guardAgreement},
				{Event: "apply_confirmation", Label: "当事人申请司法确认", From: []string{"agreed"}, To: "confirming", Roles: staff,
					Guard: guardConfirmApply},
				{Event: "record_confirmation", Label: "记录司法确认结果", From: []string{"confirming"}, To: "closed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "confirm_date", "confirm_apply_date", "") }},
				{Event: "close", Label: "回访结案", From: []string{"agreed"}, To: "closed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "close_date", "agreement_date", "") }},
				{Event: "conclude", Label: "记录其他结果", From: []string{"accepted", "mediating"}, To: "concluded", Roles: staff,
					Guard: guardDisputeConclude},
			},
		},
		Periods: []ledger.Period{
			{Name: "mediation_time", Label: "调解期限", Type: ledger.Deadline, StartField: "intake_date",
				StopEvents: []string{"succeed", "conclude"}, Months: 1, Counting: calendar.CalendarDays,
				Basis:         basisMediationTime + "（一般在一个月内调结）",
				MaxExtendDays: 30, ExtendRoles: roles(access.RoleHead)},
		},
	}
}

// guardMediate: mediation starts after intake, by a mediator on the roster
// of a constituted committee.
func guardMediate(g *ledger.GuardContext) error {
	if err := dateOrder(g, "mediation_date", "intake_date", ""); err != nil {
		return err
	}
	c, err := linked(g, "committee_id", "请选择受理本纠纷的人民调解委员会", regMediation+"第八条")
	if err != nil {
		return err
	}
	if c.Kind != MediationCommitteeKind {
		return refuse("committee_id", "", "「人民调解委员会」所选记录（编号 %d）不是人民调解委员会", c.ID)
	}
	if c.State != "active" {
		return refuse("committee_id", regMediation+"第八条", "所选人民调解委员会（%s）尚未推选产生或已撤销，不能主持调解；请先在“人民调解委员会”中登记其组成", c.Data["name"])
	}
	name := g.Record.Data["mediator"]
	for _, m := range c.Data.Rows("members") {
		if m["name"] == name {
			return nil
		}
	}
	return refuse("mediator", regMediation+"第十三条",
		"人民调解员由人民调解委员会委员和人民调解委员会聘任的人员担任；「调解员」%s不在%s的名册中，请核对姓名或先将其列入名册", name, c.Data["name"])
}

// guardAgreement: a written agreement takes effect when signed by the
// parties and the mediator and sealed (第二十九条).
func guardAgreement(g *ledger.GuardContext) error {
	if err := dateOrder(g, "agreement_date", "mediation_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	if d["agreement_form"] == agreementWritten && d["agreement_signed"] != "是" {
		return refuse("agreement_signed", regMediation+"第二十九条",
			"调解协议书自各方当事人签名、盖章或者按指印，人民调解员签名并加盖人民调解委员会印章之日起生效；未签名盖章的，请完成后再登记")
	}
	return nil
}

// guardConfirmApply: only a written agreement is confirmed, on a joint
// application within 30 days of its taking effect (第三十三条).
func guardConfirmApply(g *ledger.GuardContext) error {
	d := g.Record.Data
	basis := regMediation + "第三十三条"
	if d["agreement_form"] != agreementWritten {
		return refuse("agreement_form", basis, "口头调解协议不能申请司法确认；需要司法确认的，请先签订书面调解协议（更正协议形式）")
	}
	if err := dateOrder(g, "confirm_apply_date", "agreement_date", basis); err != nil {
		return err
	}
	at, ok1 := d.Date("confirm_apply_date")
	from, ok2 := d.Date("agreement_date")
	if ok1 && ok2 && from.AddDays(30).Before(at) {
		return refuse("confirm_apply_date", basis,
			"双方当事人可以自调解协议生效之日起三十日内共同向人民法院申请司法确认；「申请司法确认日期」（%s）已超过协议生效（%s）后30日，请核对日期，逾期的不再登记为司法确认",
			at.Chinese(), from.Chinese())
	}
	return nil
}

// guardDisputeConclude: 调解未成功 needs a mediation held and the parties told of
// the other ways to their rights (第二十六条).
func guardDisputeConclude(g *ledger.GuardContext) error {
	d := g.Record.Data
	earlier := "intake_date"
	if d["mediation_date"] != "" {
		earlier = "mediation_date"
	}
	if err := dateOrder(g, "conclude_date", earlier, ""); err != nil {
		return err
	}
	if d["conclusion"] == OutcomeFailed {
		if g.Record.State != "mediating" {
			return refuse("conclusion", "", "尚未开始调解，不能登记为“调解未成功”；请先“开始调解”，或选择其他结果")
		}
		if d["rights_told"] != "是" {
			return refuse("rights_told", regMediation+"第二十六条",
				"调解不成的，应当终止调解，并告知当事人可以依法通过仲裁、行政、司法等途径维护自己的权利；请告知后勾选「已告知当事人…」")
		}
	}
	return nil
}

// DisputeScreening is one round of 矛盾纠纷排查 (regular, special, before a
// holiday or a sensitive period): the date, the area covered and the
// disputes found, resolved on the spot, prevented and handed to mediation.
func DisputeScreening() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        DisputeScreeningKind,
		Label:       "矛盾纠纷排查",
		Description: "定期、专项及节前、敏感时期矛盾纠纷排查：范围、排查出的纠纷及化解、预防和移交调解情况",
		TitleField:  "title",
		YearField:   "screening_date",
		Indicators:  disputeScreeningIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "screening_date", Label: "排查日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "title", Label: "排查名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“2025年3月矛盾纠纷定期排查”"},
			{Name: "round", Label: "排查类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"定期排查", "专项排查", "节前排查", "敏感时期排查"}},
			{Name: "scope", Label: "排查范围", Type: ledger.TypeText, Required: true, MaxLen: 200, Search: true,
				Help: "如 全镇31个村（社区）"},
			{Name: "organizer", Label: "组织单位", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true},
			{Name: "found", Label: "排查出矛盾纠纷（件）", Type: ledger.TypeInteger, Required: true, Min: intp(0), Max: intp(100000), List: true,
				Example: example("10")},
			{Name: "resolved", Label: "当场化解（件）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(100000)},
			{Name: "prevented", Label: "预防化解（件）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(100000)},
			{Name: "to_mediation", Label: "移交调解（件）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(100000)},
			{Name: "risks", Label: "重点风险隐患及稳控措施", Type: ledger.TypeLongText, Search: true},
			{Name: "confirm_date", Label: "审核日期", Type: ledger.TypeDate, Required: true, Step: "confirm"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			found, _ := d.Int("found")
			a, _ := d.Int("resolved")
			b, _ := d.Int("prevented")
			c, _ := d.Int("to_mediation")
			if a+b+c > found {
				return ledger.FieldErrors{"found": fmt.Sprintf("当场化解、预防化解、移交调解共%d件，多于「排查出矛盾纠纷」%d件；请核对", a+b+c, found)}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "recorded", Label: "已登记", Editable: true},
				{Name: "confirmed", Label: "已审核", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "confirm", Label: "审核", From: []string{"recorded"}, To: "confirmed", Roles: roles(access.RoleHead),
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "confirm_date", "screening_date", "") }},
			},
		},
	}
}
