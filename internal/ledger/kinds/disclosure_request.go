package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// DisclosureRequestKind is the name of the disclosure request kind.
const DisclosureRequestKind = "disclosure_request"

// Outcomes of a disclosure request (第三十六条, 第三十七条).
const (
	DisclosureGranted     = "予以公开"
	DisclosurePartial     = "部分公开"
	DisclosureAlreadyOpen = "已主动公开（告知获取途径）"
	DisclosureRefused     = "不予公开"
	DisclosureNone        = "信息不存在"
	DisclosureNotOurs     = "不属于本机关负责公开"
	DisclosureRepeat      = "重复申请（不予重复处理）"
	DisclosureOtherWay    = "告知通过其他途径办理"
)

// DisclosureRequest is 依申请公开 under 《政府信息公开条例》 (reference §A5):
// a request is received (the day of receipt as 第三十一条 sets it), may be
// sent back once for supplements within 7 working days (第三十条; the reply
// period then runs from the supplement), and is answered within 20 working
// days — extendable by at most 20 with the approval of the head of the
// disclosure office (第三十三条, an extension of the clock) — with one of
// the outcomes of 第三十六条 (a refusal or partial disclosure with its
// reasons, 第三十六条第三项、第三十七条; information not ours with the body
// that holds it, 第三十六条第五项). The applicant's name, ID number, phone
// and address are personal data.
func DisclosureRequest() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        DisclosureRequestKind,
		Label:       "政府信息公开申请",
		Description: "依申请公开政府信息：收到申请、补正、答复（20个工作日，经批准可延长20个工作日）及答复类型",
		TitleField:  "content",
		YearField:   "received_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "received_date", Label: "收到申请日期", Type: ledger.TypeDate, Required: true, List: true,
				Help: "当面提交的为提交之日；邮寄的为签收之日；网络提交的为双方确认之日（第三十一条）"},
			{Name: "receipt_way", Label: "申请方式", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"当面提交", "邮寄", "网络平台", "电子邮件", "传真", "其他"}},
			{Name: "applicant_type", Label: "申请人类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"公民", "法人或其他组织"}},
			{Name: "applicant_org", Label: "申请单位名称", Type: ledger.TypeText, MaxLen: 200, Search: true,
				Help: "申请人为法人或其他组织的填写"},
			{Name: "applicant_name", Label: "申请人（联系人）姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true},
			{Name: "applicant_id", Label: "申请人身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			{Name: "applicant_phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "applicant_address", Label: "通讯地址", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "content", Label: "申请公开的政府信息", Type: ledger.TypeText, Required: true, MaxLen: 300, List: true, Search: true,
				Help: "申请公开的政府信息的名称、文号或者便于检索的其他特征性描述；姓名、身份证号、电话填在个人信息栏"},
			{Name: "department", Label: "承办科室", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true, Search: true},

			{Name: "supplement_request_date", Label: "告知补正日期", Type: ledger.TypeDate, Required: true, Step: "request_supplement"},
			{Name: "supplement_items", Label: "需要补正的事项", Type: ledger.TypeLongText, Required: true, Step: "request_supplement",
				Help: "一次性告知需要补正的事项和合理的补正期限"},
			{Name: "supplement_date", Label: "收到补正申请日期", Type: ledger.TypeDate, Required: true, Step: "supplemented"},
			{Name: "lapse_date", Label: "补正期限届满日期", Type: ledger.TypeDate, Required: true, Step: "lapse"},
			{Name: "reply_date", Label: "答复日期", Type: ledger.TypeDate, Required: true, List: true, Step: "reply"},
			{Name: "outcome", Label: "答复类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "reply",
				Options: []string{DisclosureGranted, DisclosurePartial, DisclosureAlreadyOpen, DisclosureRefused, DisclosureNone,
					DisclosureNotOurs, DisclosureRepeat, DisclosureOtherWay}},
			{Name: "reply_way", Label: "答复方式", Type: ledger.TypeEnum, Required: true, Step: "reply",
				Options: []string{"书面答复", "当场答复", "电子邮件", "网络平台"}},
			{Name: "reply_text", Label: "答复内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "reply",
				Help: "已主动公开的，写明获取该政府信息的方式和途径"},
			{Name: "refuse_basis", Label: "不予公开的理由和依据", Type: ledger.TypeLongText, Step: "reply",
				Help: "不予公开或部分公开的，写明理由和所依据的条款"},
			{Name: "other_agency", Label: "负责公开的机关及联系方式", Type: ledger.TypeText, MaxLen: 200, Step: "reply",
				Help: "不属于本机关负责公开且能够确定负责机关的，写明其名称、联系方式"},
			{Name: "reply_files", Label: "答复书", Type: ledger.TypeFile, Step: "reply"},
			{Name: "withdraw_date", Label: "撤回申请日期", Type: ledger.TypeDate, Required: true, Step: "withdraw"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if r.Data["applicant_type"] == "法人或其他组织" && r.Data["applicant_org"] == "" {
				return ledger.FieldErrors{"applicant_org": "申请人为法人或其他组织的，请填写「申请单位名称」"}
			}
			if r.Data["applicant_type"] == "公民" && r.Data["applicant_org"] != "" {
				return ledger.FieldErrors{"applicant_org": "申请人为公民的，不填「申请单位名称」；请清空，或把申请人类型改为“法人或其他组织”"}
			}
			return nil
		},
		Indicators: disclosureRequestIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "received", Label: "已收到申请", Editable: true},
				{Name: "supplementing", Label: "待申请人补正", Editable: true},
				{Name: "handling", Label: "补正后办理中", Editable: true},
				{Name: "replied", Label: "已答复", Final: true},
				{Name: "lapsed", Label: "逾期未补正（视为放弃申请）", Final: true},
				{Name: "withdrawn", Label: "申请人已撤回", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "reply", Label: "答复申请人", From: []string{"received", "handling"}, To: "replied", Roles: staff, Guard: guardDisclosureReply},
				{Event: "request_supplement", Label: "一次性告知补正", From: []string{"received"}, To: "supplementing", Roles: staff,
					Guard: guardSupplementRequest},
				{Event: "supplemented", Label: "收到补正", From: []string{"supplementing"}, To: "handling", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						return dateOrder(g, "supplement_date", "supplement_request_date", regDisclosure+"第三十条")
					}},
				{Event: "lapse", Label: "逾期未补正，视为放弃申请", From: []string{"supplementing"}, To: "lapsed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						return dateOrder(g, "lapse_date", "supplement_request_date", regDisclosure+"第三十条")
					}},
				{Event: "withdraw", Label: "申请人撤回申请", From: []string{"received", "supplementing", "handling"}, To: "withdrawn", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "withdraw_date", "received_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "reply_limit", Label: "答复期限", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"reply", "request_supplement"}, StopField: "reply_date", Days: 20, Counting: calendar.WorkingDays,
				Basis:         regDisclosure + "第三十三条（需要延长的，经政府信息公开工作机构负责人同意并告知申请人，延长不超过20个工作日）",
				MaxExtendDays: 20, ExtendRoles: roles(access.RoleHead)},
			{Name: "reply_after_supplement", Label: "补正后答复期限", Type: ledger.Deadline, StartField: "supplement_date",
				StopEvents: []string{"reply"}, StopField: "reply_date", Days: 20, Counting: calendar.WorkingDays,
				Basis:         regDisclosure + "第三十条、第三十三条（答复期限自收到补正的申请之日起计算）",
				MaxExtendDays: 20, ExtendRoles: roles(access.RoleHead)},
		},
	}
}

// guardSupplementRequest: supplements are asked for once, within 7
// working days of receipt (第三十条).
func guardSupplementRequest(g *ledger.GuardContext) error {
	if err := dateOrder(g, "supplement_request_date", "received_date", ""); err != nil {
		return err
	}
	if g.Calendar == nil {
		return nil
	}
	received, _ := g.Record.Data.Date("received_date")
	at, _ := g.Record.Data.Date("supplement_request_date")
	last, err := g.Calendar.Add(received, 7, calendar.WorkingDays)
	if err != nil {
		return refuse("supplement_request_date", regDisclosure+"第三十条", "无法计算补正告知期限：%s；请管理员载入该年度节假日安排后再办理", err.Error())
	}
	if last.Before(at) {
		return refuse("supplement_request_date", regDisclosure+"第三十条",
			"申请内容不明确的，应当自收到申请之日起7个工作日内一次性告知申请人补正；本申请于%s收到，告知补正最迟应在%s，「告知补正日期」为%s，已不能要求补正，请按现有申请内容答复",
			received.Chinese(), last.Chinese(), at.Chinese())
	}
	return nil
}

// guardDisclosureReply: dated after receipt (or the supplement), and each
// outcome with what 第三十六条 and 第三十七条 require it to tell.
func guardDisclosureReply(g *ledger.GuardContext) error {
	from := "received_date"
	if g.Record.Data["supplement_date"] != "" {
		from = "supplement_date"
	}
	if err := dateOrder(g, "reply_date", from, ""); err != nil {
		return err
	}
	d := g.Record.Data
	switch d["outcome"] {
	case DisclosureRefused:
		if d["refuse_basis"] == "" {
			return refuse("refuse_basis", regDisclosure+"第三十六条第三项", "依法不予公开的，应当告知申请人不予公开并说明理由；请填写「不予公开的理由和依据」")
		}
	case DisclosurePartial:
		if d["refuse_basis"] == "" {
			return refuse("refuse_basis", regDisclosure+"第三十七条", "部分公开的，应当向申请人公开可以公开的内容，并对不予公开的内容说明理由；请填写「不予公开的理由和依据」")
		}
	case DisclosureNotOurs:
		if d["other_agency"] == "" {
			return refuse("other_agency", regDisclosure+"第三十六条第五项", "所申请公开信息不属于本机关负责公开的，应当告知申请人并说明理由，能够确定负责公开的机关的，告知其名称、联系方式；请填写「负责公开的机关及联系方式」（无法确定的写明“无法确定”）")
		}
	}
	return nil
}

// disclosureRequestIndicators are the request figures of the annual
// disclosure report, by the day of receipt or of the reply.
func disclosureRequestIndicators() []ledger.Indicator {
	replied := func(id, note string, outcomes ...string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Count, Dates: []string{"reply_date"}, Note: note,
			Where: ledger.Match{States: []string{"replied"}, Fields: map[string][]string{"outcome": outcomes}}}
	}
	return []ledger.Indicator{
		{ID: "disclosure.requests", Measure: ledger.Count, Dates: []string{"received_date"}, Dashboard: true,
			Note:   "按收到申请日期计入年度，含撤回、视为放弃的",
			Report: line("oversight", 3, "受理政府信息公开申请{n}", "收到政府信息公开申请{n}")},
		{ID: "disclosure.replied", Measure: ledger.Count, Dates: []string{"reply_date"}, Where: ledger.Match{States: []string{"replied"}},
			Note:   "按答复日期计入年度",
			Report: line("oversight", 4, "依法答复{n}", "依法作出答复{n}")},
		replied("disclosure.granted", "答复类型为予以公开或已主动公开（告知获取途径）的，按答复日期计入年度", DisclosureGranted, DisclosureAlreadyOpen),
		replied("disclosure.partial", "答复类型为部分公开的，按答复日期计入年度", DisclosurePartial),
		replied("disclosure.refused", "答复类型为不予公开的，按答复日期计入年度", DisclosureRefused),
		replied("disclosure.unavailable", "答复类型为信息不存在或不属于本机关负责公开的（无法提供），按答复日期计入年度", DisclosureNone, DisclosureNotOurs),
		replied("disclosure.not_processed", "答复类型为重复申请或告知通过其他途径办理的（不予处理），按答复日期计入年度", DisclosureRepeat, DisclosureOtherWay),
		{ID: "disclosure.pending", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"received_date"},
			Ends: []string{"reply_date", "lapse_date", "withdraw_date"},
			Note: "年末（12月31日）尚未答复的申请，结转下年度继续办理"},
	}
}
