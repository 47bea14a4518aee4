package kinds

import (
	"fmt"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the contract kind and its settings.
const (
	ContractKind = "contract"

	// SettingContractReviewMinAmount is the amount (元) from which a
	// contract is reviewed before signing; 0 means every contract.
	SettingContractReviewMinAmount = "contract_review_min_amount"
)

// basisContractReview is what the signing gate rests on. No national
// statute sets the legality review of an agency's contracts: reference §A9
// cites the central requirement of legality review of every township
// decision matter and local standards (e.g. Nantong) that list agency
// contracts in its scope. The basis says so rather than cite an article.
const basisContractReview = "《关于进一步加强市县法治建设的意见》（乡镇（街道）合法性审查全覆盖）及本地合法性审查工作规范（机关合同签订前须经合法性审查；无全国性条文）"

// Contract is 合同: an agency contract (procurement, works, lease, service,
// cooperation) from draft through legality review, signing, performance,
// change, termination or dispute. The signing gate: a contract at or above
// the local amount (a setting, 0 = every contract) is signed only after a
// legality review of this very contract — bound to it — has found it 合法
// or 修改后合法, dated no later than the signing. A dispute links the
// 行政复议与行政诉讼 record it went to.
func Contract() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        ContractKind,
		Label:       "合同",
		Description: "机关合同的起草、合法性审查、签订、履行、变更、解除与纠纷台账",
		TitleField:  "title",
		YearField:   "draft_date",
		Indicators:  contractIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "title", Label: "合同名称", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "contract_no", Label: "合同编号", Type: ledger.TypeText, MaxLen: 50, Search: true},
			{Name: "category", Label: "合同类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"政府采购", "建设工程", "租赁", "委托服务", "合作协议", "国有资产处置", "其他"}},
			{Name: "department", Label: "承办科室", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "counterparty", Label: "合同相对方", Type: ledger.TypeText, Required: true, MaxLen: 200, List: true, Search: true,
				Help: "单位全称；相对方为自然人的填写“自然人”，姓名、身份证号、电话填在下方个人信息栏"},
			{Name: "counterparty_type", Label: "相对方类型", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"法人", "非法人组织", "自然人"}},
			{Name: "person_name", Label: "自然人相对方姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName},
			{Name: "person_id", Label: "自然人相对方身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			{Name: "person_phone", Label: "相对方联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "amount", Label: "合同金额（元）", Type: ledger.TypeDecimal, Required: true, List: true,
				Help: "无金额的合同填 0"},
			{Name: "content", Label: "合同标的及主要条款", Type: ledger.TypeLongText, Required: true, Search: true},
			{Name: "draft_date", Label: "起草日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "term_end", Label: "履行期限至", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true},
				Help: "合同约定的履行期限届满日；签订后到期前30日提醒"},
			{Name: "review_id", Label: "合法性审查记录", Type: ledger.TypeReference, RefKind: LegalityReviewKind,
				Bind: &ledger.Binding{Back: "subject_id", Match: ledger.Values{"subject_type": SubjectContract}, Title: "subject_title"},
				Help: "关联对本合同的合法性审查台账记录；签订前，审查意见须为“合法”或“修改后合法”"},
			{Name: "attachments", Label: "合同文本及附件", Type: ledger.TypeFile},

			{Name: "review_submitted", Label: "送请合法性审查日期", Type: ledger.TypeDate, Required: true, Step: "submit_review"},
			{Name: "revise_reason", Label: "退回修改的原因", Type: ledger.TypeLongText, Required: true, Step: "revise"},
			{Name: "sign_date", Label: "签订日期", Type: ledger.TypeDate, Required: true, List: true, Step: "sign"},
			{Name: "signatory", Label: "签订人", Type: ledger.TypeText, Required: true, MaxLen: 50, Step: "sign",
				Help: "法定代表人或经授权的签订人"},
			{Name: "change_date", Label: "变更日期", Type: ledger.TypeDate, Required: true, Step: "change"},
			{Name: "change_content", Label: "变更内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "change"},
			{Name: "dispute_date", Label: "发生纠纷日期", Type: ledger.TypeDate, Required: true, Step: "dispute"},
			{Name: "dispute_way", Label: "纠纷解决方式", Type: ledger.TypeEnum, Required: true, Filter: true, Step: "dispute",
				Options: []string{"协商", "调解", "仲裁", "诉讼"}},
			{Name: "dispute_summary", Label: "纠纷情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "dispute"},
			{Name: "dispute_case_id", Label: "诉讼或复议案件记录", Type: ledger.TypeReference, RefKind: AdminDisputeKind,
				Help: "纠纷进入诉讼的，关联行政复议与行政诉讼台账中的案件记录"},
			{Name: "settle_date", Label: "纠纷解决日期", Type: ledger.TypeDate, Required: true, Step: "settle"},
			{Name: "settle_result", Label: "纠纷解决结果", Type: ledger.TypeLongText, Required: true, Step: "settle"},
			{Name: "perform_date", Label: "履行完毕日期", Type: ledger.TypeDate, Required: true, Step: "perform"},
			{Name: "terminate_date", Label: "解除（终止）日期", Type: ledger.TypeDate, Required: true, Step: "terminate"},
			{Name: "terminate_reason", Label: "解除（终止）原因", Type: ledger.TypeLongText, Required: true, Step: "terminate"},
			{Name: "abandon_reason", Label: "不再签订的原因", Type: ledger.TypeLongText, Required: true, Step: "abandon"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			if d["counterparty_type"] == "自然人" && d["person_name"] == "" {
				return ledger.FieldErrors{"person_name": "相对方为自然人的，请填写「自然人相对方姓名」"}
			}
			if d["counterparty_type"] != "自然人" {
				errs := ledger.FieldErrors{}
				for n, label := range map[string]string{"person_name": "自然人相对方姓名", "person_id": "自然人相对方身份证号"} {
					if d[n] != "" {
						errs[n] = "相对方不是自然人的，不填「" + label + "」；请清空，或把相对方类型改为“自然人”"
					}
				}
				if len(errs) > 0 {
					return errs
				}
			}
			if a, err := strconv.ParseFloat(d["amount"], 64); err == nil && a < 0 {
				return ledger.FieldErrors{"amount": "「合同金额（元）」不能为负数；无金额的合同填 0"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "起草中", Editable: true},
				{Name: "reviewing", Label: "合法性审查中", Editable: true},
				{Name: "signed", Label: "已签订（履行中）", Editable: true},
				{Name: "disputed", Label: "纠纷处理中", Editable: true},
				{Name: "performed", Label: "履行完毕", Final: true},
				{Name: "terminated", Label: "已解除（终止）", Final: true},
				{Name: "abandoned", Label: "未签订", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "submit_review", Label: "送请合法性审查", From: []string{"drafting"}, To: "reviewing", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "review_submitted", "draft_date", "") }},
				{Event: "revise", Label: "退回修改", From: []string{"reviewing"}, To: "drafting", Roles: staff},
				{Event: "sign", Label: "签订合同", From: []string{"drafting", "reviewing"}, To: "signed", Roles: staff, Guard: guardSign},
				{Event: "change", Label: "变更合同", From: []string{"signed"}, To: "signed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "change_date", "sign_date", "") }},
				{Event: "dispute", Label: "发生纠纷", From: []string{"signed"}, To: "disputed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "dispute_date", "sign_date", "") }},
				{Event: "settle", Label: "纠纷解决，继续履行", From: []string{"disputed"}, To: "signed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "settle_date", "dispute_date", "") }},
				{Event: "perform", Label: "履行完毕", From: []string{"signed"}, To: "performed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "perform_date", "sign_date", "") }},
				{Event: "terminate", Label: "解除（终止）合同", From: []string{"signed", "disputed"}, To: "terminated", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "terminate_date", "sign_date", "") }},
				{Event: "abandon", Label: "不再签订", From: []string{"drafting", "reviewing"}, To: "abandoned", Roles: staff},
			},
		},
		Periods: []ledger.Period{
			{Name: "performance", Label: "合同履行期限", Type: ledger.Deadline, StartField: "sign_date", UntilField: "term_end",
				StopEvents: []string{"perform", "terminate"}, Counting: calendar.CalendarDays, RemindDays: 30, Basis: "合同约定的履行期限"},
		},
		Settings: []ledger.Setting{
			{Name: SettingContractReviewMinAmount, Label: "签订前须经合法性审查的合同金额下限（元）", Type: ledger.SettingInt,
				Default: "0", Min: intp(0), Max: intp(1000000000), Basis: "本地合法性审查工作规范",
				Help: "合同金额达到此数的，签订前须经合法性审查；0 表示所有合同均须审查"},
		},
	}
}

// guardSign is the signing gate: dates in order, and — at or above the
// local amount — a passed legality review of this very contract.
func guardSign(g *ledger.GuardContext) error {
	if err := dateOrder(g, "sign_date", "draft_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	min, _ := strconv.ParseFloat(g.Setting(SettingContractReviewMinAmount), 64)
	amount, _ := strconv.ParseFloat(d["amount"], 64)
	if min > 0 && amount < min {
		return nil
	}
	r, err := linked(g, "review_id", "合同签订前须经合法性审查；请在「合法性审查记录」中关联对本合同的、意见为“合法”或“修改后合法”的合法性审查", basisContractReview)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return &ledger.RuleError{Field: "review_id", Basis: basisContractReview,
			Reason: fmt.Sprintf("关联的记录（编号 %d）%s；合同未经合法性审查或者经审查不合法的，不得签订", r.ID, why)}
	}
	switch {
	case r.Kind != LegalityReviewKind:
		return refuse("不是合法性审查台账记录")
	case r.Data["subject_type"] != SubjectContract:
		return refuse("审查的是“" + r.Data["subject_type"] + "”，不是合同")
	case g.Record.ID == 0 || r.Data["subject_id"] != strconv.FormatInt(g.Record.ID, 10):
		of := "未载明所审查的合同"
		if s := r.Data["subject_id"]; s != "" {
			of = "审查的是另一合同（编号 " + s + "）"
		}
		return refuse(of + "，不是对本合同的审查")
	case r.State != ReviewOpined || r.Data["opinion"] == "":
		return refuse("尚未出具审查意见")
	case r.Data["opinion"] != OpinionLawful && r.Data["opinion"] != OpinionLawfulRevised:
		return refuse("审查意见为“" + r.Data["opinion"] + "”")
	}
	sign, _ := d.Date("sign_date")
	if od, ok := r.Data.Date("opinion_date"); ok && sign.Before(od) {
		return &ledger.RuleError{Field: "sign_date", Basis: basisContractReview, Reason: fmt.Sprintf(
			"「签订日期」（%s）早于合法性审查意见的出具日期（%s）；合同须经审查后方可签订", sign.Chinese(), od.Chinese())}
	}
	return nil
}
