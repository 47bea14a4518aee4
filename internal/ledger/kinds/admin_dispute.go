package kinds

import (
	"slices"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the reconsideration and litigation kind and the values other
// kinds and indicators read.
const (
	AdminDisputeKind = "admin_dispute"

	ProceedingReconsideration = "行政复议"
	ProceedingLitigation      = "行政诉讼"

	AppearHead     = "负责人出庭"
	AppearDelegate = "委托工作人员出庭"
	AppearNone     = "未出庭"
)

const (
	lawReconsideration = "《行政复议法》"
	lawLitigation      = "《行政诉讼法》"
	interpLitigation   = "《最高人民法院关于适用〈中华人民共和国行政诉讼法〉的解释》"
)

// corrected are the outcomes in which the act was found wrong (败诉/被纠错):
// the correction rate counts them; each needs its rectification recorded.
var corrected = []string{"撤销", "变更", "确认违法", "确认无效", "责令履行"}

// AdminDispute is 行政复议与行政诉讼 with the unit as respondent or
// defendant (reference §A3, §A4): the respondent answers a reconsideration
// with its evidence and basis within 10 working days of receiving the copy
// (行政复议法第四十八条; 5 under the simplified procedure, 第五十四条; “十日”
// are working days, 第八十八条); the defendant files its evidence, basis and
// defence within 15 days of receiving the complaint (行政诉讼法第六十七条;
// a period ending on a holiday ends on the next working day). The head
// appears in court, or a staff member of the agency — never a lawyer alone
// — with a written explanation (第三条第三款; the 2018 interpretation
// 第一百二十八条至第一百三十二条); the head attends a reconsideration hearing
// or explains (行政复议法第五十一条). Outcomes that correct the act
// (撤销/变更/确认违法…) need the rectification recorded before closing.
func AdminDispute() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead, access.RoleAdviser)
	isRecon := func(r *ledger.Record) bool { return r.Data["proceeding"] == ProceedingReconsideration }
	return &ledger.Kind{
		Name:        AdminDisputeKind,
		Label:       "行政复议与行政诉讼",
		Description: "本单位作为被申请人、被告的行政复议和行政诉讼案件：答复答辩、负责人出庭应诉、结果与整改",
		TitleField:  "act",
		YearField:   "received_date",
		Indicators:  adminDisputeIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "proceeding", Label: "案件类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{ProceedingReconsideration, ProceedingLitigation}},
			{Name: "case_no", Label: "案号", Type: ledger.TypeText, MaxLen: 80, List: true, Search: true},
			{Name: "body", Label: "复议机关或受理法院", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true, Search: true},
			{Name: "act", Label: "被申请（被诉）的行政行为", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "act_type", Label: "行政行为类别", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"行政处罚", "行政强制", "行政许可", "政府信息公开", "行政协议", "不履行法定职责", "其他"}},
			{Name: "source_id", Label: "所涉执法案件或合同", Type: ledger.TypeReference, RefKinds: []string{EnforcementCaseKind, ContractKind},
				Help: "由执法案件或合同引起的，选择该台账记录"},
			{Name: "applicant_type", Label: "申请人（原告）类型", Type: ledger.TypeEnum, Required: true,
				Options: []string{"自然人", "法人或其他组织"}},
			{Name: "applicant_org", Label: "申请人（原告）单位名称", Type: ledger.TypeText, MaxLen: 200, Search: true},
			{Name: "applicant_name", Label: "申请人（原告）姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName},
			{Name: "applicant_id", Label: "申请人（原告）身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "applicant_phone", Label: "申请人（原告）联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "applicant_address", Label: "申请人（原告）住址", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "received_date", Label: "收到申请书（起诉状）副本日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "simplified", Label: "行政复议适用简易程序", Type: ledger.TypeBool,
				Help: "复议机关决定适用简易程序的选“是”，答复期限为5个工作日（行政复议法第五十四条）"},
			{Name: "lost", Label: "被纠错（败诉）", Type: ledger.TypeBool, List: true, Filter: true,
				Compute: func(r *ledger.Record) string {
					if r.Data["outcome"] == "" {
						return ""
					}
					if slices.Contains(corrected, r.Data["outcome"]) {
						return "是"
					}
					return "否"
				}},

			{Name: "reply_date", Label: "提交答复（答辩）日期", Type: ledger.TypeDate, Required: true, List: true, Step: "reply"},
			{Name: "evidence_submitted", Label: "已提交作出行政行为的证据、依据", Type: ledger.TypeBool, Required: true, Step: "reply"},
			{Name: "reply_summary", Label: "答复（答辩）要点", Type: ledger.TypeLongText, Required: true, Search: true, Step: "reply"},
			{Name: "reply_files", Label: "答复书（答辩状）及证据目录", Type: ledger.TypeFile, Step: "reply"},
			{Name: "hearing_date", Label: "开庭（听证）日期", Type: ledger.TypeDate, Required: true, Step: "hearing"},
			{Name: "appearance", Label: "出庭（参加听证）情况", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "hearing",
				Options: []string{AppearHead, AppearDelegate, AppearNone}},
			{Name: "head_name", Label: "出庭负责人姓名", Type: ledger.TypeText, MaxLen: 50, Step: "hearing"},
			{Name: "head_post", Label: "出庭负责人职务", Type: ledger.TypeText, MaxLen: 50, Step: "hearing",
				Help: "正职、副职或者其他分管负责人"},
			{Name: "delegate_name", Label: "委托出庭的工作人员", Type: ledger.TypeText, MaxLen: 100, Step: "hearing"},
			{Name: "delegate_is_staff", Label: "受委托人是本机关工作人员", Type: ledger.TypeBool, Step: "hearing",
				Help: "不得仅委托律师出庭"},
			{Name: "absence_explanation", Label: "负责人不能出庭的书面说明", Type: ledger.TypeLongText, Step: "hearing"},
			{Name: "conclude_date", Label: "结案日期", Type: ledger.TypeDate, Required: true, List: true, Step: "conclude"},
			{Name: "outcome", Label: "结果", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "conclude",
				Options: append([]string{"维持", "驳回"}, append(slices.Clone(corrected), "调解", "和解", "撤回")...)},
			{Name: "outcome_text", Label: "决定书（裁判文书）要点", Type: ledger.TypeLongText, Required: true, Search: true, Step: "conclude"},
			{Name: "rectify_date", Label: "整改完成日期", Type: ledger.TypeDate, Required: true, Step: "rectify"},
			{Name: "rectify_measures", Label: "整改措施", Type: ledger.TypeLongText, Required: true, Search: true, Step: "rectify"},
			{Name: "archive_date", Label: "归档日期", Type: ledger.TypeDate, Required: true, Step: "close"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			switch {
			case d["applicant_type"] == "自然人" && d["applicant_name"] == "":
				return ledger.FieldErrors{"applicant_name": "申请人（原告）是自然人的，请填写「申请人（原告）姓名」"}
			case d["applicant_type"] == "法人或其他组织" && d["applicant_org"] == "":
				return ledger.FieldErrors{"applicant_org": "申请人（原告）是法人或其他组织的，请填写「申请人（原告）单位名称」"}
			case d["simplified"] == "是" && d["proceeding"] != ProceedingReconsideration:
				return ledger.FieldErrors{"simplified": "「行政复议适用简易程序」只在案件类别为“行政复议”时填写"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "received", Label: "已收到副本", Editable: true},
				{Name: "replied", Label: "已答复（答辩）", Editable: true},
				{Name: "concluded", Label: "已结案"},
				{Name: "closed", Label: "已归档", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "reply", Label: "提交答复（答辩）", From: []string{"received"}, To: "replied", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "reply_date", "received_date", "") }},
				{Event: "hearing", Label: "记录开庭（听证）与出庭情况", From: []string{"replied"}, To: "replied", Roles: staff,
					Guard: guardAppearance},
				{Event: "conclude", Label: "记录结果", From: []string{"replied"}, To: "concluded", Roles: staff, Guard: guardConclude},
				{Event: "rectify", Label: "记录整改", From: []string{"concluded"}, To: "concluded", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "rectify_date", "conclude_date", "") }},
				{Event: "close", Label: "归档", From: []string{"concluded"}, To: "closed", Roles: staff, Guard: guardCloseDispute},
			},
		},
		Periods: []ledger.Period{
			{Name: "reply_limit", Label: "行政复议答复期限", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"reply"}, StopField: "reply_date", Days: 10, Counting: calendar.WorkingDays,
				Basis:   lawReconsideration + "第四十八条（“十日”为工作日，第八十八条）",
				Applies: func(r *ledger.Record) bool { return isRecon(r) && r.Data["simplified"] != "是" }},
			{Name: "reply_limit_simple", Label: "行政复议答复期限（简易程序）", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"reply"}, StopField: "reply_date", Days: 5, Counting: calendar.WorkingDays,
				Basis:   lawReconsideration + "第五十四条（“五日”为工作日，第八十八条）",
				Applies: func(r *ledger.Record) bool { return isRecon(r) && r.Data["simplified"] == "是" }},
			{Name: "defence_limit", Label: "行政诉讼答辩期限", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"reply"}, StopField: "reply_date", Days: 15, Counting: calendar.CalendarDays,
				Basis:   lawLitigation + "第六十七条（期间按第一百零一条适用民事诉讼法，期满日为节假日的顺延）",
				Applies: func(r *ledger.Record) bool { return r.Data["proceeding"] == ProceedingLitigation }},
		},
	}
}

// guardAppearance: the hearing is dated after the reply, and who appeared
// is recorded — the head with name and post; or a staff member of the
// agency (not a lawyer alone) with the written explanation; or, absent, the
// explanation.
func guardAppearance(g *ledger.GuardContext) error {
	if err := dateOrder(g, "hearing_date", "received_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	basis := lawLitigation + "第三条第三款；" + interpLitigation + "第一百二十八条至第一百三十二条"
	if d["proceeding"] == ProceedingReconsideration {
		basis = lawReconsideration + "第五十一条"
	}
	need := func(field, reason string) error {
		if d[field] == "" {
			return &ledger.RuleError{Field: field, Basis: basis, Reason: reason}
		}
		return nil
	}
	switch d["appearance"] {
	case AppearHead:
		if err := need("head_name", "负责人出庭的，请填写「出庭负责人姓名」"); err != nil {
			return err
		}
		return need("head_post", "负责人出庭的，请填写「出庭负责人职务」（正职、副职或者其他分管负责人）")
	case AppearDelegate:
		if err := need("delegate_name", "委托工作人员出庭的，请填写「委托出庭的工作人员」"); err != nil {
			return err
		}
		if d["delegate_is_staff"] != "是" {
			return &ledger.RuleError{Field: "delegate_is_staff", Basis: basis,
				Reason: "负责人不能出庭的，应当委托本机关相应的工作人员出庭，不得仅委托律师出庭；「受委托人是本机关工作人员」应为“是”"}
		}
		return need("absence_explanation", "负责人不能出庭的，应当提交书面情况说明；请填写「负责人不能出庭的书面说明」")
	default:
		return need("absence_explanation", "负责人和工作人员均未出庭的，请填写「负责人不能出庭的书面说明」，写明原因")
	}
}

// guardConclude: the outcome is dated after the reply; a lawsuit decided on
// its merits has its court appearance recorded first.
func guardConclude(g *ledger.GuardContext) error {
	if err := dateOrder(g, "conclude_date", "reply_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	if d["proceeding"] == ProceedingLitigation && d["appearance"] == "" && !slices.Contains([]string{"调解", "和解", "撤回"}, d["outcome"]) {
		return &ledger.RuleError{Field: "appearance", Basis: lawLitigation + "第三条第三款",
			Reason: "行政诉讼经开庭审理作出裁判的，请先“记录开庭（听证）与出庭情况”（负责人出庭，或委托工作人员出庭并说明），再记录结果"}
	}
	return nil
}

// guardCloseDispute: a corrected act is closed only once its rectification
// is recorded.
func guardCloseDispute(g *ledger.GuardContext) error {
	d := g.Record.Data
	if slices.Contains(corrected, d["outcome"]) && d["rectify_date"] == "" {
		return &ledger.RuleError{Field: "rectify_date", Basis: "被申请人、被告履行行政复议决定和人民法院裁判的义务（参考资料未载具体条号）",
			Reason: "结果为“" + d["outcome"] + "”的，被纠错的行政行为须整改；请先“记录整改”，再归档"}
	}
	later := "conclude_date"
	if d["rectify_date"] != "" {
		later = "rectify_date"
	}
	return dateOrder(g, "archive_date", later, "")
}
