package kinds

import (
	"fmt"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// NormativeDocumentKind is the name of the normative document kind.
const NormativeDocumentKind = "normative_document"

// Settings of the normative document kind.
const (
	SettingFilingDays   = "normative_filing_days"
	SettingUnitCode     = "normative_unit_code"
	SettingDocNoPattern = "normative_doc_no_pattern"
)

// SubjectNormativeDocument is the legality review subject type of a
// normative document.
const SubjectNormativeDocument = "规范性文件"

const (
	basisComment  = "法治政府建设示范指标：规范性文件公开征求意见一般不少于7个工作日，与市场主体生产经营活动密切相关的不少于30日"
	basisReview   = "行政规范性文件未经合法性审核或者经审核不合法的，不得提交审议、不得发布"
	basisValidity = "行政规范性文件有效期一般不超过5年，暂行、试行的不超过2年，有效期届满前6个月组织评估"
	basisFiling   = "行政规范性文件自公布之日起按本省规定期限报送备案"
)

// NormativeDocument is 行政规范性文件 (reference §A8): drafted, put to public
// comment (≥7 working days, ≥30 days where it bears closely on business),
// reviewed for legality (a passed review of this very document: the gate),
// deliberated collectively, issued with a register number from the unit's
// single sequence (三统一), filed within the province's days (a setting),
// in force until 有效期至 (≤5 years, 暂行/试行 ≤2), evaluated 6 months
// before expiry, and kept, revised, repealed or lapsed in a cleanup.
func NormativeDocument() *ledger.Kind {
	drafters := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:               NormativeDocumentKind,
		Label:              "规范性文件",
		Description:        "行政规范性文件的起草、公开征求意见、合法性审核、集体审议、统一编号印发、备案、有效期评估与清理台账",
		TitleField:         "title",
		YearField:          "issue_date",
		CreateRoles:        drafters,
		EditRoles:          drafters,
		CorrectionApprover: access.RoleHead,
		Settings: []ledger.Setting{
			{Name: SettingFilingDays, Label: "规范性文件备案期限（日）", Type: ledger.SettingInt, Default: "30", Min: intp(1), Max: intp(90),
				Basis: "各省规定不一（15日、20日、30日等），按本省规定设置", Help: "自公布之日起报送备案的期限"},
			{Name: SettingUnitCode, Label: "发文代字", Type: ledger.SettingText,
				Basis: "本单位发文代字，如“云政”", Help: "用于规范性文件统一编号"},
			{Name: SettingDocNoPattern, Label: "规范性文件编号格式", Type: ledger.SettingPattern, Default: "{发文代字}规〔{年}〕{序号}号",
				Basis: "统一登记、统一编号、统一印发（三统一）"},
		},
		Fields: []ledger.Field{
			{Name: "title", Label: "文件名称", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "drafting_unit", Label: "起草单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "provisional", Label: "暂行或试行", Type: ledger.TypeBool, Required: true, Filter: true,
				Help: "标题含“暂行”“试行”的选“是”，有效期不超过2年"},
			{Name: "business_related", Label: "与市场主体生产经营活动密切相关", Type: ledger.TypeBool, Required: true,
				Help: "选“是”的，公开征求意见不少于30日"},
			{Name: "summary", Label: "主要内容", Type: ledger.TypeLongText, Required: true, Search: true},
			{Name: "review_id", Label: "合法性审核记录", Type: ledger.TypeReference, RefKind: LegalityReviewKind,
				Bind: &ledger.Binding{Back: "document_id", Match: ledger.Values{"subject_type": SubjectNormativeDocument}, Title: "subject_title"},
				Help: "关联对本文件本身的合法性审核；提交审议前，审核意见须为“合法”或“修改后合法”"},
			{Name: "attachments", Label: "附件", Type: ledger.TypeFile},

			{Name: "comment_start", Label: "征求意见开始日期", Type: ledger.TypeDate, Required: true, Step: "start_comment"},
			{Name: "comment_channel", Label: "征求意见途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "start_comment"},
			{Name: "comment_end", Label: "征求意见截止日期", Type: ledger.TypeDate, Required: true, Step: "finish_comment"},
			{Name: "comment_summary", Label: "意见收集及采纳情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "finish_comment"},
			{Name: "meeting_type", Label: "审议会议", Type: ledger.TypeEnum, Required: true, Step: "deliberate",
				Options: []string{"政府常务会议", "党政联席会议", "政府全体会议"}},
			{Name: "meeting_date", Label: "审议日期", Type: ledger.TypeDate, Required: true, Step: "deliberate"},
			{Name: "issue_date", Label: "印发日期", Type: ledger.TypeDate, Required: true, List: true, Step: "issue"},
			{Name: "validity_years", Label: "有效期（年）", Type: ledger.TypeInteger, Required: true, Min: intp(1), Max: intp(5), Step: "issue",
				Help: "一般不超过5年；暂行、试行的不超过2年"},
			{Name: "doc_no", Label: "文件编号", Type: ledger.TypeText, Register: SettingDocNoPattern, List: true, Filter: true, Search: true},
			{Name: "valid_until", Label: "有效期至", Type: ledger.TypeDate, List: true, Dates: ledger.DateRange{Future: true},
				Compute: func(r *ledger.Record) string {
					n, ok := r.Data.Int("validity_years")
					if !ok || n <= 0 {
						return ""
					}
					d, ok := r.Data.Date("issue_date")
					if !ok {
						return ""
					}
					return d.AddMonths(12 * n).AddDays(-1).String()
				}},
			{Name: "filing_date", Label: "报送备案日期", Type: ledger.TypeDate, Required: true, Step: "file"},
			{Name: "filing_body", Label: "备案机关", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "file"},
			{Name: "evaluation_date", Label: "评估日期", Type: ledger.TypeDate, Required: true, Step: "evaluate"},
			{Name: "evaluation", Label: "评估结论", Type: ledger.TypeEnum, Required: true, Step: "evaluate",
				Options: []string{"继续有效", "修改", "废止"}},
			{Name: "cleanup_round", Label: "清理批次", Type: ledger.TypeText, Required: true, MaxLen: 50, Step: "keep",
				Help: "如 2025年度规范性文件清理"},
			{Name: "cleanup_date", Label: "清理决定日期", Type: ledger.TypeDate, Required: true, Step: "keep"},
			{Name: "repeal_round", Label: "废止或修改的清理批次", Type: ledger.TypeText, Required: true, MaxLen: 50, Step: "repeal"},
			{Name: "repeal_date", Label: "废止或修改决定日期", Type: ledger.TypeDate, Required: true, Step: "repeal"},
			{Name: "repeal_result", Label: "清理结果", Type: ledger.TypeEnum, Required: true, Step: "repeal",
				Options: []string{"废止", "修改（以新文件替代）"}},
			{Name: "withdraw_reason", Label: "停止制定的理由", Type: ledger.TypeLongText, Required: true, Step: "withdraw"},
		},
		Indicators: normativeDocumentIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "起草", Editable: true},
				{Name: "consulting", Label: "公开征求意见", Editable: true},
				{Name: "reviewing", Label: "合法性审核", Editable: true},
				{Name: "deliberated", Label: "已审议"},
				{Name: "in_force", Label: "有效（待备案）", Public: true},
				{Name: "filed", Label: "有效（已备案）", Public: true},
				{Name: "expired", Label: "已失效", Final: true},
				{Name: "repealed", Label: "已废止或修改", Final: true},
				{Name: "withdrawn", Label: "停止制定", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "start_comment", Label: "公开征求意见", From: []string{"drafting"}, To: "consulting", Roles: drafters},
				{Event: "finish_comment", Label: "结束征求意见", From: []string{"consulting"}, To: "reviewing", Roles: drafters},
				{Event: "deliberate", Label: "集体审议", From: []string{"reviewing"}, To: "deliberated", Roles: roles(access.RoleHead), Guard: guardDeliberate},
				{Event: "issue", Label: "统一编号印发", From: []string{"deliberated"}, To: "in_force", Roles: drafters, Register: "doc_no", Guard: guardIssue},
				{Event: "file", Label: "报送备案", From: []string{"in_force"}, To: "filed", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "filing_date", "issue_date", "") }},
				{Event: "evaluate", Label: "有效期届满前评估", From: []string{"in_force", "filed"}, To: "filed", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error {
						if g.Record.Data["filing_date"] == "" {
							return &ledger.RuleError{Reason: "请先报送备案，再记录有效期评估"}
						}
						return dateOrder(g, "evaluation_date", "issue_date", "")
					}},
				{Event: "keep", Label: "清理：继续有效", From: []string{"filed"}, To: "filed", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "cleanup_date", "issue_date", "") }},
				{Event: "repeal", Label: "清理：废止或修改", From: []string{"in_force", "filed"}, To: "repealed", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "repeal_date", "issue_date", "") }},
				{Event: "expire", Label: "有效期届满失效", From: []string{"in_force", "filed"}, To: "expired", Roles: drafters, OnDue: "validity"},
				{Event: "withdraw", Label: "停止制定", From: []string{"drafting", "consulting", "reviewing"}, To: "withdrawn", Roles: roles(access.RoleHead)},
			},
		},
		Publish: &ledger.Publication{DateField: "issue_date",
			Fields: []string{"doc_no", "title", "drafting_unit", "issue_date", "valid_until", "summary"}},
		Periods: []ledger.Period{
			{Name: "comment_min", Label: "公开征求意见期限", Type: ledger.Minimum, StartField: "comment_start", EndField: "comment_end",
				Guards: []string{"finish_comment"}, Days: 7, Counting: calendar.WorkingDays, Basis: basisComment,
				Applies: func(r *ledger.Record) bool { return r.Data["business_related"] != "是" }},
			{Name: "comment_min_business", Label: "公开征求意见期限（涉及市场主体）", Type: ledger.Minimum, StartField: "comment_start", EndField: "comment_end",
				Guards: []string{"finish_comment"}, Days: 30, Counting: calendar.CalendarDays, Basis: basisComment,
				Applies: func(r *ledger.Record) bool { return r.Data["business_related"] == "是" }},
			{Name: "filing", Label: "备案期限", Type: ledger.Deadline, StartField: "issue_date", StopEvents: []string{"file"}, StopField: "filing_date",
				Days: 30, DaysSetting: SettingFilingDays, Counting: calendar.CalendarDays, Basis: basisFiling},
			{Name: "validity", Label: "有效期", Type: ledger.Deadline, StartField: "issue_date", UntilField: "valid_until",
				StopEvents: []string{"repeal"}, RemindMonths: 6, Counting: calendar.CalendarDays, Basis: basisValidity},
		},
	}
}

// guardDeliberate: no deliberation without a passed legality review of this
// very document, given before the meeting.
func guardDeliberate(g *ledger.GuardContext) error {
	r, err := linked(g, "review_id", "规范性文件未经合法性审核的，不得提交审议；请在「合法性审核记录」中关联对本文件的审核", basisReview)
	if err != nil {
		return err
	}
	refuse := func(why string) error {
		return &ledger.RuleError{Field: "review_id", Basis: basisReview, Reason: fmt.Sprintf("关联的合法性审核（编号 %d）%s", r.ID, why)}
	}
	switch {
	case r.Kind != LegalityReviewKind || r.Data["subject_type"] != SubjectNormativeDocument:
		return refuse("不是对规范性文件的合法性审核")
	case r.Data["document_id"] != strconv.FormatInt(g.Record.ID, 10):
		return refuse("审核的不是本文件；文件本身未经合法性审核的，不得提交审议")
	case r.State != ReviewOpined:
		return refuse("尚未出具审核意见，不得提交审议")
	case r.Data["opinion"] != OpinionLawful && r.Data["opinion"] != OpinionLawfulRevised:
		return refuse("意见为“" + r.Data["opinion"] + "”，经审核不合法的，不得提交审议")
	}
	if od, ok := r.Data.Date("opinion_date"); ok {
		if m, ok := g.Record.Data.Date("meeting_date"); ok && m.Before(od) {
			return &ledger.RuleError{Field: "meeting_date", Basis: basisReview, Reason: fmt.Sprintf(
				"「审议日期」（%s）早于合法性审核意见的出具日期（%s）", m.Chinese(), od.Chinese())}
		}
	}
	return dateOrder(g, "meeting_date", "comment_end", "")
}

// guardIssue: issued after deliberation, with a validity within the limit.
func guardIssue(g *ledger.GuardContext) error {
	if err := dateOrder(g, "issue_date", "meeting_date", ""); err != nil {
		return err
	}
	if n, _ := g.Record.Data.Int("validity_years"); g.Record.Data["provisional"] == "是" && n > 2 {
		return &ledger.RuleError{Field: "validity_years", Basis: basisValidity,
			Reason: fmt.Sprintf("暂行、试行的规范性文件有效期不超过2年；「有效期（年）」为%d，请改为1或2", n)}
	}
	return nil
}
