package kinds

import (
	"errors"
	"fmt"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// MajorDecisionKind is the name of the major decision kind.
const MajorDecisionKind = "major_decision"

// MajorDecision is 重大行政决策 under 《重大行政决策程序暂行条例》 (reference
// §A1; townships follow it by reference, 第四十二条): a catalogue item goes
// through public participation (a comment period of at least 30 days unless
// a shortening is explained when the call is published, 第十五条), expert
// review and risk assessment (in any order, each done or stated not to be
// needed, 第十九条、第二十二条), legality review (第二十五条), collective
// discussion (the head speaks last, dissent recorded, 第三十条),
// publication (第三十二条) and archiving (第三十三条).
//
// The gate of 第二十五条: no collective discussion unless the linked
// legality review has given the opinion 合法 or 修改后合法. The gate of
// 第三条: the procedure starts (and the decision is taken) only for an item
// of the unit's published catalogue of the same year, bound to this record,
// or with the reason it was taken up outside the catalogue.
func MajorDecision() *ledger.Kind {
	drafters := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        MajorDecisionKind,
		Label:       "重大行政决策",
		Description: "年度重大行政决策事项目录中事项的决策程序台账：公众参与、专家论证、风险评估、合法性审查、集体讨论决定、公布与归档",
		TitleField:  "title",
		YearField:   "catalogue_year",
		CreateRoles: drafters,
		EditRoles:   drafters,
		// What the meeting decided is corrected only with the head's approval.
		CorrectionApprover: access.RoleHead,
		Fields: []ledger.Field{
			{Name: "catalogue_year", Label: "目录年度", Type: ledger.TypeInteger, Required: true, Min: intp(2019), Max: intp(2100),
				List: true, Filter: true, Help: "列入哪一年度的重大行政决策事项目录"},
			{Name: "catalogue_id", Label: "目录事项", Type: ledger.TypeReference, RefKind: CatalogueItemKind,
				Help: "本单位本年度重大行政决策事项目录中的事项；从目录事项登记的自动关联"},
			{Name: "catalogue_item", Label: "目录事项编号", Type: ledger.TypeText, MaxLen: 50, List: true,
				Help: "年度目录中的编号，如 2024-03；关联目录事项的应与之一致"},
			{Name: "outside_reason", Label: "未列入目录的理由", Type: ledger.TypeLongText,
				Help: "未列入年度决策事项目录的决策事项，说明需要作出决策的理由（如 上级交办的紧急事项），并按规定报请调整目录"},
			{Name: "title", Label: "决策事项名称", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "department", Label: "承办单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100,
				List: true, Filter: true, Search: true},
			{Name: "description", Label: "决策草案说明", Type: ledger.TypeLongText, Required: true, Search: true,
				Help: "决策事项的背景、拟解决的问题和主要内容"},
			{Name: "review_id", Label: "合法性审查记录", Type: ledger.TypeReference, RefKind: LegalityReviewKind,
				Bind: &ledger.Binding{Back: "subject_id", Match: ledger.Values{"subject_type": SubjectMajorDecision}, Title: "subject_title"},
				Help: "关联对本事项本身的合法性审查台账记录；提交集体讨论前，审查意见须为“合法”或“修改后合法”"},
			{Name: "attachments", Label: "附件", Type: ledger.TypeFile},

			{Name: "comment_start", Label: "征求意见开始日期", Type: ledger.TypeDate, Required: true, Step: "start_comment"},
			{Name: "comment_channel", Label: "征求意见途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "start_comment",
				Help: "如 政府网站、政务新媒体、公告栏、座谈会"},
			{Name: "comment_days", Label: "征求意见期限（日）", Type: ledger.TypeInteger, Min: intp(1), Max: intp(365), Step: "start_comment",
				Help: "一般不少于30日；不填即为30日"},
			{Name: "shorten_reason", Label: "缩短征求意见期限的理由", Type: ledger.TypeLongText, Step: "start_comment",
				Help: "因情况紧急等原因缩短期限的，须在公开征求意见时予以说明"},
			{Name: "comment_end", Label: "征求意见截止日期", Type: ledger.TypeDate, Required: true, Step: "finish_comment"},
			{Name: "comment_summary", Label: "公众意见及采纳情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "finish_comment"},
			{Name: "expert_date", Label: "专家论证日期", Type: ledger.TypeDate, Required: true, Step: "expert_done"},
			{Name: "expert_summary", Label: "专家论证意见及采纳情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "expert_done"},
			{Name: "expert_na_reason", Label: "无需专家论证的理由", Type: ledger.TypeLongText, Required: true, Step: "expert_na"},
			{Name: "risk_date", Label: "风险评估日期", Type: ledger.TypeDate, Required: true, Step: "risk_done"},
			{Name: "risk_summary", Label: "风险评估结论", Type: ledger.TypeLongText, Required: true, Search: true, Step: "risk_done"},
			{Name: "risk_na_reason", Label: "无需风险评估的理由", Type: ledger.TypeLongText, Required: true, Step: "risk_na"},
			{Name: "review_submitted", Label: "送请合法性审查日期", Type: ledger.TypeDate, Required: true, Step: "submit_review"},
			{Name: "revise_reason", Label: "修改草案的原因", Type: ledger.TypeLongText, Required: true, Step: "revise"},
			{Name: "meeting_type", Label: "会议类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "decide",
				Options: []string{"常务会议", "全体会议", "党政联席会议"}},
			{Name: "meeting_date", Label: "会议日期", Type: ledger.TypeDate, Required: true, List: true, Step: "decide"},
			{Name: "head_last", Label: "行政首长最后发表意见", Type: ledger.TypeBool, Required: true, Step: "decide",
				Check: func(v string, _ *ledger.Record) string {
					if v != "是" {
						return "依《重大行政决策程序暂行条例》第三十条，行政首长应当最后发表意见；「行政首长最后发表意见」应为“是”"
					}
					return ""
				}},
			{Name: "dissent", Label: "不同意见", Type: ledger.TypeLongText, Required: true, Step: "decide",
				Help: "如实载明会议中的不同意见；没有不同意见的填写“无”"},
			{Name: "head_differs", Label: "行政首长的决定与多数人意见不一致", Type: ledger.TypeBool, Step: "decide"},
			{Name: "head_reason", Label: "行政首长在会上说明的理由", Type: ledger.TypeLongText, Step: "decide"},
			{Name: "decision_summary", Label: "决定内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "decide"},
			{Name: "publish_date", Label: "公布日期", Type: ledger.TypeDate, Required: true, List: true, Step: "publish"},
			{Name: "publish_channel", Label: "公布途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "publish",
				Help: "如 政府公报、政府网站、公开栏"},
			{Name: "archive_date", Label: "归档日期", Type: ledger.TypeDate, Required: true, Step: "archive"},
			{Name: "archive_no", Label: "档案号", Type: ledger.TypeText, MaxLen: 50, Step: "archive"},
			{Name: "terminate_reason", Label: "终止理由", Type: ledger.TypeLongText, Required: true, Step: "terminate"},
		},
		Indicators: append(majorDecisionIndicators(), outsideCatalogueIndicator()),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "草案起草", Editable: true},
				{Name: "consulting", Label: "公众参与", Editable: true},
				{Name: "evaluating", Label: "专家论证与风险评估", Editable: true},
				{Name: "reviewing", Label: "合法性审查", Editable: true},
				{Name: "decided", Label: "集体讨论决定"},
				{Name: "published", Label: "已公布", Public: true},
				{Name: "archived", Label: "已归档", Final: true, Public: true},
				{Name: "terminated", Label: "已终止", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "start_comment", Label: "公开征求意见", From: []string{"drafting"}, To: "consulting", Roles: drafters,
					Guard: catalogueDecision},
				{Event: "finish_comment", Label: "结束征求意见", From: []string{"consulting"}, To: "evaluating", Roles: drafters},
				{Event: "expert_done", Label: "记录专家论证", From: []string{"evaluating"}, To: "evaluating", Roles: drafters,
					Guard: exclusive("expert_na_reason", "专家论证已记录为无需论证")},
				{Event: "expert_na", Label: "无需专家论证", From: []string{"evaluating"}, To: "evaluating", Roles: drafters,
					Guard: exclusive("expert_date", "专家论证已记录为已完成")},
				{Event: "risk_done", Label: "记录风险评估", From: []string{"evaluating"}, To: "evaluating", Roles: drafters,
					Guard: exclusive("risk_na_reason", "风险评估已记录为无需评估")},
				{Event: "risk_na", Label: "无需风险评估", From: []string{"evaluating"}, To: "evaluating", Roles: drafters,
					Guard: exclusive("risk_date", "风险评估已记录为已完成")},
				{Event: "submit_review", Label: "送请合法性审查", From: []string{"evaluating"}, To: "reviewing", Roles: drafters,
					Guard: guardSubmitReview},
				{Event: "revise", Label: "修改草案后重新论证", From: []string{"reviewing"}, To: "evaluating", Roles: drafters},
				{Event: "decide", Label: "集体讨论决定", From: []string{"reviewing"}, To: "decided",
					Roles: roles(access.RoleHead), Guard: guardDecide},
				{Event: "publish", Label: "公布决策", From: []string{"decided"}, To: "published", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error {
						return dateOrder(g, "publish_date", "meeting_date", regMajorDecision+"第三十二条")
					}},
				{Event: "archive", Label: "归档", From: []string{"published"}, To: "archived", Roles: drafters,
					Guard: func(g *ledger.GuardContext) error {
						return dateOrder(g, "archive_date", "publish_date", regMajorDecision+"第三十三条")
					}},
				{Event: "terminate", Label: "终止决策", From: []string{"drafting", "consulting", "evaluating", "reviewing"},
					To: "terminated", Roles: roles(access.RoleHead)},
			},
		},
		Publish: &ledger.Publication{DateField: "publish_date",
			Fields: []string{"title", "department", "meeting_type", "meeting_date", "decision_summary", "publish_date", "publish_channel"}},
		Periods: []ledger.Period{
			{Name: "comment_period", Label: "公开征求意见期限", Type: ledger.Minimum,
				StartField: "comment_start", EndField: "comment_end", Guards: []string{"finish_comment"},
				Days: 30, Counting: calendar.CalendarDays, Basis: regMajorDecision + "第十五条",
				DaysField: "comment_days", ReasonField: "shorten_reason"},
		},
	}
}

// exclusive refuses a step when the other branch of the same procedure has
// been recorded (done versus not needed).
func exclusive(other, reason string) func(*ledger.GuardContext) error {
	return func(g *ledger.GuardContext) error {
		if g.Record.Data[other] != "" {
			return &ledger.RuleError{Reason: reason + "，不能再作相反记录；如原记录的日期或内容有误，可用「更正」改正"}
		}
		return nil
	}
}

// guardSubmitReview: expert review and risk assessment are each done or
// stated not to be needed; a linked review, if already given, must exist and
// be a legality review.
func guardSubmitReview(g *ledger.GuardContext) error {
	d := g.Record.Data
	if d["expert_date"] == "" && d["expert_na_reason"] == "" {
		return &ledger.RuleError{Basis: regMajorDecision + "第十九条",
			Reason: "送请合法性审查前，须记录专家论证情况，或说明无需专家论证的理由"}
	}
	if d["risk_date"] == "" && d["risk_na_reason"] == "" {
		return &ledger.RuleError{Basis: regMajorDecision + "第二十二条",
			Reason: "送请合法性审查前，须记录风险评估情况，或说明无需风险评估的理由"}
	}
	if err := dateOrder(g, "review_submitted", "comment_end", ""); err != nil {
		return err
	}
	if d["review_id"] == "" {
		return nil
	}
	r, err := linked(g, "review_id", "", regMajorDecision+"第二十五条")
	if err != nil {
		return err
	}
	return isReview(r)
}

func isReview(r *ledger.Record) error {
	if r.Kind != LegalityReviewKind {
		return &ledger.RuleError{Field: "review_id", Basis: regMajorDecision + "第二十五条",
			Reason: fmt.Sprintf("「合法性审查记录」关联的记录（编号 %d）不是合法性审查台账记录", r.ID)}
	}
	if r.Data["subject_type"] != SubjectMajorDecision {
		return &ledger.RuleError{Field: "review_id", Basis: regMajorDecision + "第二十五条",
			Reason: fmt.Sprintf("关联的合法性审查（编号 %d）审查的是“%s”，不是重大行政决策草案", r.ID, r.Data["subject_type"])}
	}
	return nil
}

// reviewOfThis: the review was of this very decision (bound to it), not of
// another one — a passed review of one draft unlocks no other.
func reviewOfThis(g *ledger.GuardContext, r *ledger.Record) error {
	if g.Record.ID != 0 && r.Data["subject_id"] == strconv.FormatInt(g.Record.ID, 10) {
		return nil
	}
	of := "未载明所审查的决策事项"
	if s := r.Data["subject_id"]; s != "" {
		of = "审查的是另一决策事项（编号 " + s + "）"
	}
	return &ledger.RuleError{Field: "review_id", Basis: regMajorDecision + "第二十五条", Reason: fmt.Sprintf(
		"关联的合法性审查（编号 %d）%s，不是对本决策草案的审查；决策草案本身未经合法性审查的，不得提交决策机关讨论", r.ID, of)}
}

// guardDecide is the gate of 第二十五条 plus the meeting rules of 第三十条.
func guardDecide(g *ledger.GuardContext) error {
	if err := catalogueDecision(g); err != nil {
		return err
	}
	basis25 := regMajorDecision + "第二十五条"
	r, err := linked(g, "review_id",
		"决策草案未经合法性审查的，不得提交决策机关讨论；请在「合法性审查记录」中关联审查意见为“合法”或“修改后合法”的合法性审查", basis25)
	if err != nil {
		return err
	}
	if err := isReview(r); err != nil {
		return err
	}
	if err := reviewOfThis(g, r); err != nil {
		return err
	}
	opinion := r.Data["opinion"]
	switch {
	case r.State != ReviewOpined || opinion == "":
		return &ledger.RuleError{Field: "review_id", Basis: basis25, Reason: fmt.Sprintf(
			"关联的合法性审查（编号 %d）尚未出具审查意见，决策草案未经合法性审查的，不得提交决策机关讨论", r.ID)}
	case opinion != OpinionLawful && opinion != OpinionLawfulRevised:
		return &ledger.RuleError{Field: "review_id", Basis: basis25, Reason: fmt.Sprintf(
			"关联的合法性审查（编号 %d）意见为“%s”，经审查不合法的决策草案不得提交决策机关讨论", r.ID, opinion)}
	}
	if err := reviewTimeKept(g, r); err != nil {
		return err
	}
	meeting, _ := g.Record.Data.Date("meeting_date")
	if od, ok := r.Data.Date("opinion_date"); ok && meeting.Before(od) {
		return &ledger.RuleError{Field: "meeting_date", Basis: basis25, Reason: fmt.Sprintf(
			"「会议日期」（%s）早于合法性审查意见的出具日期（%s），决策草案须经合法性审查后方可提交讨论", meeting.Chinese(), od.Chinese())}
	}
	if err := dateOrder(g, "meeting_date", "", ""); err != nil {
		return err
	}
	d := g.Record.Data
	if d["head_differs"] == "是" && d["head_reason"] == "" {
		return &ledger.RuleError{Field: "head_reason", Basis: regMajorDecision + "第三十条",
			Reason: "行政首长拟作出的决定与会议组成人员多数人的意见不一致的，应当在会上说明理由；请填写「行政首长在会上说明的理由」"}
	}
	return nil
}

// reviewTimeKept: the review behind a decision had at least 7 working days
// from receipt to opinion, or recorded why it was shorter (第二十六条). The
// review kind enforces this when its opinion is given; the gate checks it
// again because it is the last point before the decision.
func reviewTimeKept(g *ledger.GuardContext, r *ledger.Record) error {
	received, ok1 := r.Data.Date("received_date")
	opined, ok2 := r.Data.Date("opinion_date")
	if !ok1 || !ok2 || r.Data["shorten_reason"] != "" || g.Calendar == nil {
		return nil
	}
	earliest, err := g.Calendar.Add(received, 7, calendar.WorkingDays)
	var ue *calendar.UnknownError
	switch {
	case errors.As(err, &ue):
		return &ledger.RuleError{Field: "review_id", Basis: regMajorDecision + "第二十六条", Reason: fmt.Sprintf(
			"关联的合法性审查（编号 %d）自%s收到送审材料，%d年节假日安排尚未载入，无法确认审查时间是否满7个工作日；请管理员载入%d年节假日文件后再办理",
			r.ID, received.Chinese(), ue.Year, ue.Year)}
	case err != nil:
		return fmt.Errorf("review time of record %d: %w", r.ID, err)
	}
	if opined.Before(earliest) {
		return &ledger.RuleError{Field: "review_id", Basis: regMajorDecision + "第二十六条", Reason: fmt.Sprintf(
			"关联的合法性审查（编号 %d）自%s收到送审材料至%s出具意见不足7个工作日，且未记录缩短审查时间的理由",
			r.ID, received.Chinese(), opined.Chinese())}
	}
	return nil
}
