package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the legality review kind and the values other kinds read.
const (
	LegalityReviewKind = "legality_review"

	SubjectMajorDecision = "重大行政决策"
	SubjectContract      = "合同"

	OpinionLawful        = "合法"
	OpinionLawfulRevised = "修改后合法"
	OpinionUnlawful      = "不合法"

	ReviewOpined = "opined" // the state in which the opinion is given

	// SettingReviewLimitDays is the local review time limit in working days.
	SettingReviewLimitDays = "legality_review_limit_days"
)

// LegalityReview is 合法性审查: a review of a draft decision, normative
// document, contract or major enforcement decision before it is adopted
// (reference §A1, §A8, §A9). For major decisions the review takes at least
// 7 working days unless a reason is recorded (条例第二十六条), and legal
// advisers or public-sector lawyers give their opinion (第二十八条).
func LegalityReview() *ledger.Kind {
	reviewers := roles(access.RoleReviewer, access.RoleAdviser)
	return &ledger.Kind{
		Name:        LegalityReviewKind,
		Label:       "合法性审查",
		Description: "重大行政决策、规范性文件、合同、重大执法决定等事项的合法性审查台账",
		TitleField:  "subject_title",
		YearField:   "received_date",
		CreateRoles: roles(access.RoleClerk, access.RoleReviewer, access.RoleAdviser),
		EditRoles:   roles(access.RoleClerk, access.RoleReviewer, access.RoleAdviser),
		Fields: []ledger.Field{
			{Name: "subject_type", Label: "审查事项类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{SubjectMajorDecision, SubjectNormativeDocument, SubjectContract, "重大执法决定", "其他"}},
			{Name: "subject_title", Label: "送审事项名称", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "subject_id", Label: "所审查的事项", Type: ledger.TypeReference, RefKinds: []string{MajorDecisionKind, ContractKind},
				Help: "审查重大行政决策草案或合同的，选择该决策事项或合同的台账记录；本审查意见只对该事项有效"},
			{Name: "document_id", Label: "所审核的规范性文件", Type: ledger.TypeReference, RefKind: NormativeDocumentKind,
				Help: "审核规范性文件的，选择该文件的台账记录；本审核意见只对该文件有效"},
			{Name: "department", Label: "送审单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100,
				List: true, Filter: true, Search: true},
			{Name: "reviewer_type", Label: "审查主体", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"审核专班", "法律顾问"}},
			{Name: "reviewer_name", Label: "审查人员", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Search: true},
			{Name: "received_date", Label: "收到送审材料日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "review_limit_days", Label: "审查时限（工作日）", Type: ledger.TypeInteger, Min: intp(1), Max: intp(60),
				Help: "本件另定审查时限的填写，如 10；不填则按本单位「本地设置」中的审查时限（未设置的不计审查时限）"},
			{Name: "materials", Label: "送审材料说明", Type: ledger.TypeLongText, Search: true},
			{Name: "attachments", Label: "送审材料附件", Type: ledger.TypeFile},

			{Name: "return_reason", Label: "退回理由及需补充的材料", Type: ledger.TypeLongText, Required: true, Step: "return_materials"},
			{Name: "supplement_date", Label: "收到补充材料日期", Type: ledger.TypeDate, Required: true, Step: "resubmit"},
			{Name: "opinion", Label: "审查意见", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "give_opinion",
				Options: []string{OpinionLawful, OpinionLawfulRevised, OpinionUnlawful}},
			{Name: "opinion_text", Label: "审查意见内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "give_opinion",
				Help: "写明对制定主体、权限、程序和内容的审查意见；修改后合法的，写明须修改之处"},
			{Name: "opinion_date", Label: "出具意见日期", Type: ledger.TypeDate, Required: true, List: true, Step: "give_opinion"},
			{Name: "adviser_opinion", Label: "法律顾问、公职律师意见", Type: ledger.TypeLongText, Step: "give_opinion",
				Help: "重大行政决策由审核专班审查的，须填写所组织的法律顾问、公职律师的法律意见"},
			{Name: "shorten_reason", Label: "审查时间不足7个工作日的理由", Type: ledger.TypeLongText, Step: "give_opinion",
				Help: "重大行政决策的审查时间一般不少于7个工作日；确需缩短的，写明理由"},
			{Name: "opinion_files", Label: "审查意见书附件", Type: ledger.TypeFile, Step: "give_opinion"},
			{Name: "withdraw_reason", Label: "撤回理由", Type: ledger.TypeLongText, Required: true, Step: "withdraw"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if t := r.Data["subject_type"]; r.Data["subject_id"] != "" && t != SubjectMajorDecision && t != SubjectContract {
				return ledger.FieldErrors{"subject_id": "「所审查的事项」只在审查事项类型为“" + SubjectMajorDecision + "”或“" +
					SubjectContract + "”时填写；请改选审查事项类型，或清空此项"}
			}
			if r.Data["document_id"] != "" && r.Data["subject_type"] != SubjectNormativeDocument {
				return ledger.FieldErrors{"document_id": "「所审核的规范性文件」只在审查事项类型为“" + SubjectNormativeDocument +
					"”时填写；请改选审查事项类型，或清空此项"}
			}
			return nil
		},
		Indicators: legalityReviewIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "received", Label: "已受理", Editable: true},
				{Name: "reviewing", Label: "审查中", Editable: true},
				{Name: "returned", Label: "退回补充材料", Editable: true, Returned: true},
				{Name: ReviewOpined, Label: "已出具意见", Final: true},
				{Name: "withdrawn", Label: "已撤回", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "start_review", Label: "开始审查", From: []string{"received"}, To: "reviewing", Roles: reviewers},
				{Event: "return_materials", Label: "退回补充材料", From: []string{"reviewing"}, To: "returned", Roles: reviewers},
				{Event: "resubmit", Label: "补充材料后继续审查", From: []string{"returned"}, To: "reviewing",
					Roles: roles(access.RoleClerk, access.RoleReviewer, access.RoleAdviser),
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "supplement_date", "received_date", "") }},
				{Event: "give_opinion", Label: "出具审查意见", From: []string{"reviewing"}, To: ReviewOpined, Roles: reviewers,
					Guard: guardOpinion},
				{Event: "withdraw", Label: "撤回送审", From: []string{"received", "reviewing", "returned"}, To: "withdrawn",
					Roles: roles(access.RoleClerk, access.RoleHead)},
			},
		},
		Periods: []ledger.Period{
			{Name: "review_time", Label: "重大行政决策合法性审查时间", Type: ledger.Minimum,
				StartField: "received_date", EndField: "opinion_date", Guards: []string{"give_opinion"},
				Days: 7, Counting: calendar.WorkingDays, Basis: regMajorDecision + "第二十六条",
				ReasonField: "shorten_reason",
				Applies:     func(r *ledger.Record) bool { return r.Data["subject_type"] == SubjectMajorDecision }},
			{Name: "review_limit", Label: "审查时限", Type: ledger.Deadline,
				StartField: "received_date", StopEvents: []string{"give_opinion", "withdraw"}, StopField: "opinion_date",
				DaysSetting: SettingReviewLimitDays, DaysField: "review_limit_days", Counting: calendar.WorkingDays,
				Basis:         "本地合法性审查工作规则规定的审查时限",
				MaxExtendDays: 30, ExtendRoles: roles(access.RoleClerk, access.RoleReviewer, access.RoleAdviser, access.RoleHead)},
		},
		Settings: []ledger.Setting{
			{Name: SettingReviewLimitDays, Label: "合法性审查时限（工作日）", Type: ledger.SettingInt, Default: "0",
				Min: intp(0), Max: intp(60), Basis: "本地合法性审查工作规则",
				Help: "本单位合法性审查的办理时限；0 表示不计审查时限（每件仍可在「审查时限」中另定）"},
		},
	}
}

// guardOpinion: the opinion is dated between receipt and today, and a major
// decision's review includes the opinion of legal advisers or public-sector
// lawyers (第二十八条) — given directly when a legal adviser reviews.
func guardOpinion(g *ledger.GuardContext) error {
	if err := dateOrder(g, "opinion_date", "received_date", ""); err != nil {
		return err
	}
	d := g.Record.Data
	if d["subject_type"] == SubjectMajorDecision && d["reviewer_type"] != "法律顾问" && d["adviser_opinion"] == "" {
		return &ledger.RuleError{Field: "adviser_opinion", Basis: regMajorDecision + "第二十八条",
			Reason: "重大行政决策草案合法性审查过程中，应当组织法律顾问、公职律师提出法律意见；请填写「法律顾问、公职律师意见」"}
	}
	return nil
}
