package web

import (
	"context"
	"net/http"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// cheapPassword keeps argon2id fast in tests; the format is the same.
var cheapPassword = access.PasswordParams{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func withPrincipal(r *http.Request, p *Principal) context.Context {
	return context.WithValue(r.Context(), principalKey, p)
}

// testKind is a small kind exercising the form widgets, a step field, a
// deadline and a guard that cites its basis, independent of the product's
// kinds.
func testKind() *ledger.Kind {
	min, max := 0, 1000000
	return &ledger.Kind{
		Name: "case", Label: "测试案件", TitleField: "title", YearField: "received",
		Fields: []ledger.Field{
			{Name: "title", Label: "标题", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "dept", Label: "承办科室", Type: ledger.TypeText, Filter: true, List: true},
			{Name: "category", Label: "类别", Type: ledger.TypeEnum, Options: []string{"行政复议", "行政诉讼", "其他"}, Filter: true},
			{Name: "received", Label: "收件日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "amount", Label: "金额", Type: ledger.TypeInteger, Min: &min, Max: &max},
			{Name: "summary", Label: "案情摘要", Type: ledger.TypeLongText, Search: true},
			{Name: "phone", Label: "申请人电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
			{Name: "related", Label: "关联案件", Type: ledger.TypeReference, RefKind: "case"},
			{Name: "opinion", Label: "审查意见", Type: ledger.TypeEnum, Options: []string{"合法", "不合法"}, Step: "decide", Required: true},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "draft", Label: "起草", Editable: true},
				{Name: "review", Label: "审查中"},
				{Name: "done", Label: "办结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "submit", Label: "提交审查", From: []string{"draft"}, To: "review", Roles: []access.Role{access.RoleClerk},
					Guard: func(g *ledger.GuardContext) error {
						if g.Record.Data["summary"] == "" {
							return &ledger.RuleError{Field: "summary", Reason: "未填写案情摘要的，不得提交审查", Basis: "测试规则第七条"}
						}
						return nil
					}},
				{Event: "decide", Label: "出具意见", From: []string{"review"}, To: "done", Roles: []access.Role{access.RoleReviewer},
					Fields: []string{"opinion"}},
			},
		},
		Periods: []ledger.Period{
			{Name: "handle", Label: "办理期限", Type: ledger.Deadline, StartField: "received", StopEvents: []string{"decide"},
				Days: 60, Counting: calendar.CalendarDays, Basis: "测试依据第一条",
				MaxExtendDays: 60, ExtendRoles: []access.Role{access.RoleClerk, access.RoleHead}},
		},
		CreateRoles: []access.Role{access.RoleClerk},
		EditRoles:   []access.Role{access.RoleClerk},
	}
}
