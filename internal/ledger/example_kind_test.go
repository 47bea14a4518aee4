package ledger_test

import (
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// The engine is tested on a small kind of its own that uses every field type
// and both period types, so these tests do not depend on the real kinds.

func intp(n int) *int { return &n }

const commentBasis = "《示例条例》第十五条"

func sampleKind() *ledger.Kind {
	return &ledger.Kind{
		Name: "sample", Label: "示例台账", TitleField: "title", YearField: "received",
		CreateRoles: []access.Role{access.RoleClerk}, EditRoles: []access.Role{access.RoleClerk},
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "body", Label: "正文", Type: ledger.TypeLongText, MaxLen: 50},
			{Name: "count", Label: "人数", Type: ledger.TypeInteger, Min: intp(0), Max: intp(1000)},
			{Name: "amount", Label: "金额", Type: ledger.TypeDecimal},
			{Name: "received", Label: "收到日期", Type: ledger.TypeDate, Required: true},
			{Name: "category", Label: "类别", Type: ledger.TypeEnum, Options: []string{"甲类", "乙类"}},
			{Name: "urgent", Label: "是否紧急", Type: ledger.TypeBool},
			{Name: "unit", Label: "承办单位", Type: ledger.TypeUnit},
			{Name: "owner", Label: "经办人", Type: ledger.TypeUser},
			{Name: "other", Label: "关联记录", Type: ledger.TypeReference, RefKind: "sample"},
			{Name: "files", Label: "附件", Type: ledger.TypeFile},
			{Name: "id_no", Label: "身份证号", Type: ledger.TypePersonal, Personal: ledger.PersonalIDNumber},
			{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "limit_days", Label: "办理时限（日）", Type: ledger.TypeInteger, Min: intp(1), Max: intp(365)},
			{Name: "code", Label: "编号", Type: ledger.TypeText, Check: func(v string, _ *ledger.Record) string {
				if !strings.HasPrefix(v, "SY") {
					return "「编号」应以 SY 开头"
				}
				return ""
			}},
			// step fields
			{Name: "comment_start", Label: "征求意见开始日期", Type: ledger.TypeDate, Required: true, Step: "open"},
			{Name: "comment_days", Label: "征求意见期限（日）", Type: ledger.TypeInteger, Min: intp(1), Step: "open"},
			{Name: "shorten_reason", Label: "缩短理由", Type: ledger.TypeLongText, Step: "open"},
			{Name: "comment_end", Label: "征求意见截止日期", Type: ledger.TypeDate, Required: true, Step: "close"},
			{Name: "result", Label: "办理结果", Type: ledger.TypeEnum, Options: []string{"办结", "不予办理"}, Required: true, Step: "finish"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "new", Label: "新建", Editable: true},
				{Name: "open", Label: "征求意见中", Editable: true},
				{Name: "closed", Label: "意见已收集"},
				{Name: "done", Label: "已办结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "open", Label: "开始征求意见", From: []string{"new"}, To: "open", Roles: []access.Role{access.RoleClerk}},
				{Event: "close", Label: "结束征求意见", From: []string{"open"}, To: "closed", Roles: []access.Role{access.RoleClerk}},
				{Event: "finish", Label: "办结", From: []string{"new", "closed"}, To: "done", Roles: []access.Role{access.RoleHead},
					Guard: func(g *ledger.GuardContext) error {
						if g.Record.Data["result"] == "办结" && g.Record.Data["category"] == "" {
							return &ledger.RuleError{Field: "category", Reason: "办结前须选择类别", Basis: "《示例条例》第九条"}
						}
						return nil
					}},
			},
		},
		Periods: []ledger.Period{
			{Name: "handle", Label: "办理期限", Type: ledger.Deadline, StartField: "received", Days: 10,
				Counting: calendar.WorkingDays, Basis: "《示例条例》第二十条", StopEvents: []string{"finish"},
				DaysField: "limit_days"},
			{Name: "comment", Label: "征求意见期", Type: ledger.Minimum, StartField: "comment_start",
				Guards: []string{"close"}, Days: 30, Counting: calendar.CalendarDays, Basis: commentBasis,
				DaysField: "comment_days", ReasonField: "shorten_reason", EndField: "comment_end"},
			{Name: "decide", Label: "决定期限", Type: ledger.Deadline, StartEvent: "close", Days: 15,
				Counting: calendar.CalendarDays, Basis: "《示例条例》第二十一条", StopEvents: []string{"finish"},
				Applies: func(r *ledger.Record) bool { return r.Data["category"] != "乙类" }},
		},
	}
}

func d(s string) calendar.Date {
	dt, ok := ledger.ParseDate(s)
	if !ok {
		panic("bad test date " + s)
	}
	return dt
}
