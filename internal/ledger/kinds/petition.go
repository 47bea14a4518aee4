package kinds

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// PetitionKind is the name of the petition kind.
const PetitionKind = "petition"

const regPetition = "《信访工作条例》"

// Petition is 信访 under 《信访工作条例》 (reference §A6): a letter, visit,
// call or online petition is registered and, within 15 days, accepted,
// routed to the competent body or refused (第二十二条); the petitioner is
// told in writing within 15 days (第二十三条); an accepted matter is
// answered with a written opinion within 60 days (第三十四条; extension by
// the head, up to 30 days, is recorded as a clock adjustment); the
// petitioner may request a first review (复查) and a second review (复核)
// within 30 days of each answer, each decided within 30 days (第三十五条、
// 第三十六条). Petitioner name, ID number, phone and address are personal
// data; the records of one petitioner are found by the ID number's keyed
// hash.
func Petition() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        PetitionKind,
		Label:       "信访",
		Description: "来信、来访、网上、电话信访事项的登记、受理、告知、办理答复、复查复核台账",
		TitleField:  "matter",
		YearField:   "received_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "received_date", Label: "收到日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "channel", Label: "信访形式", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"来信", "来访", "网上", "电话", "领导信箱"}},
			{Name: "source", Label: "来源", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"本级受理", "上级交办"}},
			{Name: "category", Label: "诉求类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"建议意见", "检举控告", "申诉求决", "其他"}},
			{Name: "matter", Label: "信访事项", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "概括信访事项，如“反映某村道路硬化工程质量问题”；姓名、身份证号、电话请填在下方个人信息栏"},
			{Name: "content", Label: "主要诉求", Type: ledger.TypeLongText, Required: true, Search: true},
			{Name: "petitioner_name", Label: "信访人姓名", Type: ledger.TypePersonal, Personal: ledger.PersonalName, Required: true},
			{Name: "petitioner_id", Label: "信访人身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber, SamePerson: true},
			{Name: "petitioner_phone", Label: "信访人联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "petitioner_address", Label: "信访人住址", Type: ledger.TypePersonal, Personal: ledger.PersonalAddress},
			{Name: "visitors", Label: "来访人数", Type: ledger.TypeInteger, Min: intp(1), Max: intp(10000),
				Help: "来访的填写；多人来访的，应推选不超过5名代表"},
			{Name: "representatives", Label: "推选代表人数", Type: ledger.TypeInteger, Min: intp(1), Max: intp(5),
				Help: "多人来访推选的代表人数，不超过5人（《信访工作条例》第二十条）"},
			{Name: "handling_unit", Label: "承办单位", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},

			{Name: "accept_date", Label: "受理日期", Type: ledger.TypeDate, Required: true, Step: "accept"},
			{Name: "route_date", Label: "转送交办日期", Type: ledger.TypeDate, Required: true, Step: "route"},
			{Name: "route_to", Label: "转送至", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "route",
				Help: "有权处理的机关、单位"},
			{Name: "reject_date", Label: "不予受理日期", Type: ledger.TypeDate, Required: true, Step: "reject"},
			{Name: "reject_reason", Label: "不予受理的理由", Type: ledger.TypeLongText, Required: true, Step: "reject",
				Help: "如 已经或者依法应当通过诉讼、仲裁、行政复议等法定途径解决的，写明途径"},
			{Name: "notify_date", Label: "书面告知日期", Type: ledger.TypeDate, Required: true, Step: "notify"},
			{Name: "notify_way", Label: "告知方式", Type: ledger.TypeEnum, Required: true, Step: "notify",
				Options: []string{"书面告知书", "信访信息系统", "短信", "当面送达"}},
			{Name: "reply_date", Label: "出具处理意见书日期", Type: ledger.TypeDate, Required: true, Step: "reply"},
			{Name: "reply_outcome", Label: "处理结果", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "reply",
				Options: []string{"予以支持", "部分支持", "不予支持", "已解释说明"}},
			{Name: "reply_opinion", Label: "处理意见", Type: ledger.TypeLongText, Required: true, Search: true, Step: "reply"},
			{Name: "reply_files", Label: "处理意见书附件", Type: ledger.TypeFile, Step: "reply"},
			{Name: "satisfaction", Label: "信访人评价", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "close",
				Options: []string{"满意", "基本满意", "不满意", "未评价"}},
			{Name: "close_date", Label: "办结日期", Type: ledger.TypeDate, Required: true, Step: "close"},
			{Name: "review_request_date", Label: "申请复查日期", Type: ledger.TypeDate, Required: true, Step: "request_review"},
			{Name: "review_date", Label: "复查意见日期", Type: ledger.TypeDate, Required: true, Step: "review_decide"},
			{Name: "review_result", Label: "复查意见", Type: ledger.TypeLongText, Required: true, Step: "review_decide"},
			{Name: "recheck_request_date", Label: "申请复核日期", Type: ledger.TypeDate, Required: true, Step: "request_recheck"},
			{Name: "recheck_date", Label: "复核意见日期", Type: ledger.TypeDate, Required: true, Step: "recheck_decide"},
			{Name: "recheck_result", Label: "复核意见", Type: ledger.TypeLongText, Required: true, Step: "recheck_decide"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			if d["representatives"] != "" && d["channel"] != "来访" {
				return ledger.FieldErrors{"representatives": "「推选代表人数」只在信访形式为“来访”时填写"}
			}
			return nil
		},
		Indicators: petitionIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "registered", Label: "已登记", Editable: true},
				{Name: "handling", Label: "办理中", Editable: true},
				{Name: "replied", Label: "已答复"},
				{Name: "reviewing", Label: "复查中"},
				{Name: "reviewed", Label: "已复查"},
				{Name: "rechecking", Label: "复核中"},
				{Name: "closed", Label: "已办结", Final: true},
				{Name: "routed", Label: "已转送", Final: true},
				{Name: "rejected", Label: "不予受理", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "accept", Label: "受理", From: []string{"registered"}, To: "handling", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "accept_date", "received_date", "") }},
				{Event: "route", Label: "转送交办", From: []string{"registered"}, To: "routed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "route_date", "received_date", "") }},
				{Event: "reject", Label: "不予受理", From: []string{"registered"}, To: "rejected", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "reject_date", "received_date", "") }},
				{Event: "notify", Label: "书面告知信访人", From: []string{"handling"}, To: "handling", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "notify_date", "received_date", "") }},
				{Event: "reply", Label: "出具处理意见书", From: []string{"handling"}, To: "replied", Roles: staff, Guard: guardReply},
				{Event: "close", Label: "办结", From: []string{"replied", "reviewed"}, To: "closed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						later := "reply_date"
						if g.Record.Data["review_date"] != "" {
							later = "review_date"
						}
						return dateOrder(g, "close_date", later, "")
					}},
				{Event: "request_review", Label: "信访人申请复查", From: []string{"replied"}, To: "reviewing", Roles: staff,
					Guard: withinDays("review_request_date", "reply_date", 30, "信访人对处理意见不服的，可以自收到书面答复之日起30日内请求复查", "第三十五条")},
				{Event: "review_decide", Label: "出具复查意见", From: []string{"reviewing"}, To: "reviewed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "review_date", "review_request_date", "") }},
				{Event: "request_recheck", Label: "信访人申请复核", From: []string{"reviewed"}, To: "rechecking", Roles: staff,
					Guard: withinDays("recheck_request_date", "review_date", 30, "信访人对复查意见不服的，可以自收到书面意见之日起30日内请求复核", "第三十六条")},
				{Event: "recheck_decide", Label: "出具复核意见", From: []string{"rechecking"}, To: "closed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "recheck_date", "recheck_request_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "register_limit", Label: "登记受理期限", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"accept", "route", "reject"}, Days: 15, Counting: calendar.CalendarDays,
				Basis: regPetition + "第二十二条"},
			{Name: "notify_limit", Label: "书面告知期限", Type: ledger.Deadline, StartField: "received_date",
				StopEvents: []string{"notify"}, StopField: "notify_date", Days: 15, Counting: calendar.CalendarDays,
				Basis: regPetition + "第二十三条"},
			{Name: "handle_limit", Label: "办理期限", Type: ledger.Deadline, StartField: "accept_date",
				StopEvents: []string{"reply"}, StopField: "reply_date", Days: 60, Counting: calendar.CalendarDays,
				Basis:         regPetition + "第三十四条（经本机关负责人批准可延长，延长不超过30日）",
				MaxExtendDays: 30, ExtendRoles: roles(access.RoleHead)},
			{Name: "review_limit", Label: "复查期限", Type: ledger.Deadline, StartField: "review_request_date",
				StopEvents: []string{"review_decide"}, StopField: "review_date", Days: 30, Counting: calendar.CalendarDays,
				Basis: regPetition + "第三十五条"},
			{Name: "recheck_limit", Label: "复核期限", Type: ledger.Deadline, StartField: "recheck_request_date",
				StopEvents: []string{"recheck_decide"}, StopField: "recheck_date", Days: 30, Counting: calendar.CalendarDays,
				Basis: regPetition + "第三十六条"},
		},
	}
}

// guardReply: the written opinion is dated between acceptance and today,
// and the petitioner has been told in writing first (第二十三条).
func guardReply(g *ledger.GuardContext) error {
	if g.Record.Data["notify_date"] == "" {
		return &ledger.RuleError{Basis: regPetition + "第二十三条",
			Reason: "受理后应当书面告知信访人；请先办理“书面告知信访人”，再出具处理意见书"}
	}
	return dateOrder(g, "reply_date", "accept_date", "")
}

// withinDays: the date in field is not before the date in from, and at
// most days calendar days after it.
func withinDays(field, from string, days int, rule, article string) func(*ledger.GuardContext) error {
	return func(g *ledger.GuardContext) error {
		if err := dateOrder(g, field, from, ""); err != nil {
			return err
		}
		at, ok1 := g.Record.Data.Date(field)
		start, ok2 := g.Record.Data.Date(from)
		if ok1 && ok2 && start.AddDays(days).Before(at) {
			return &ledger.RuleError{Field: field, Basis: regPetition + article, Reason: fmt.Sprintf(
				"%s；「%s」（%s）已超过「%s」（%s）后%d日，不再受理该请求",
				rule, g.Kind.Field(field).Label, at.Chinese(), g.Kind.Field(from).Label, start.Chinese(), days)}
		}
		return nil
	}
}
