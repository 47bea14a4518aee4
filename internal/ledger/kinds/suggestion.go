package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// SuggestionKind is the name of the deputies' suggestions and CPPCC
// proposals kind.
const SuggestionKind = "suggestion"

// Settings of the suggestion kind: the reply periods in months.
const (
	SettingSuggestionMonths        = "suggestion_reply_months"
	SettingSuggestionComplexMonths = "suggestion_complex_reply_months"
)

const basisDeputies = "《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》第五十一条"

// Suggestion is 人大代表建议与政协提案 (reference §A11): a deputy's
// suggestion (or a CPPCC member's proposal handed to the unit) is received
// and assigned to a department, answered within 3 months of assignment —
// 6 for a matter declared complex (代表法第五十一条; both are settings, as
// local rules on proposals differ) — the proposer's satisfaction recorded,
// handled again when they are not satisfied, and the handling published.
// The deputy or member is named as text: they act in a public office.
func Suggestion() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	reply := ledger.Period{Label: "答复期限", Type: ledger.Deadline, StartField: "assigned_date",
		StopEvents: []string{"reply"}, StopField: "reply_date", Counting: calendar.CalendarDays,
		Basis: basisDeputies + "（自交办之日起三个月内答复）"}
	complex := reply
	reply.Name, reply.MonthsSetting = "reply_limit", SettingSuggestionMonths
	reply.Applies = func(r *ledger.Record) bool { return r.Data["complex"] != "是" }
	complex.Name, complex.Label, complex.MonthsSetting = "reply_limit_complex", "答复期限（情况复杂）", SettingSuggestionComplexMonths
	complex.Basis = basisDeputies + "（涉及面广、处理难度大的，应当在六个月内答复）"
	complex.Applies = func(r *ledger.Record) bool { return r.Data["complex"] == "是" }
	return &ledger.Kind{
		Name:        SuggestionKind,
		Label:       "代表建议与政协提案",
		Description: "人大代表建议、政协委员提案的交办、答复（三个月，情况复杂的六个月）、满意度和办理结果公开",
		TitleField:  "title",
		YearField:   "assigned_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Settings: []ledger.Setting{
			{Name: SettingSuggestionMonths, Label: "代表建议、提案答复期限（月）", Type: ledger.SettingInt, Default: "3", Min: intp(1), Max: intp(12),
				Basis: basisDeputies, Help: "自交办之日起答复的月数"},
			{Name: SettingSuggestionComplexMonths, Label: "情况复杂的代表建议、提案答复期限（月）", Type: ledger.SettingInt, Default: "6",
				Min: intp(1), Max: intp(12), Basis: basisDeputies, Help: "涉及面广、处理难度大的建议、提案答复的月数"},
		},
		Fields: []ledger.Field{
			{Name: "source", Label: "类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"人大代表建议", "政协委员提案"}},
			{Name: "number", Label: "建议（提案）编号", Type: ledger.TypeText, MaxLen: 50, List: true, Search: true},
			{Name: "title", Label: "建议（提案）标题", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "proposer", Label: "提出人", Type: ledger.TypeText, Required: true, MaxLen: 200, List: true, Search: true,
				Help: "代表、委员的姓名；联名提出的写领衔人及联名人数，如“王某某等5名代表”"},
			{Name: "session", Label: "会议届次", Type: ledger.TypeText, MaxLen: 100, Search: true,
				Help: "如 镇第十八届人民代表大会第三次会议"},
			{Name: "content", Label: "主要内容", Type: ledger.TypeLongText, Search: true},
			{Name: "received_date", Label: "收到日期", Type: ledger.TypeDate, Required: true},
			{Name: "assigned_date", Label: "交办日期", Type: ledger.TypeDate, Required: true, List: true,
				Help: "人大主席团（常委会）或政协交办之日，答复期限自此起算"},
			{Name: "department", Label: "承办科室", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "complex", Label: "情况复杂", Type: ledger.TypeBool, Filter: true,
				Help: "涉及面广、处理难度大的，答复期限为六个月"},
			{Name: "complex_reason", Label: "情况复杂的说明", Type: ledger.TypeLongText},

			{Name: "reply_date", Label: "答复日期", Type: ledger.TypeDate, Required: true, List: true, Step: "reply"},
			{Name: "result", Label: "办理结果", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "reply",
				Options: []string{"已解决或采纳", "列入计划逐步解决", "因条件限制暂不能解决", "留作参考"}},
			{Name: "reply_text", Label: "答复内容", Type: ledger.TypeLongText, Required: true, Search: true, Step: "reply"},
			{Name: "reply_files", Label: "答复函", Type: ledger.TypeFile, Step: "reply"},
			{Name: "satisfaction", Label: "提出人意见", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "evaluate",
				Options: []string{"满意", "基本满意", "不满意"}},
			{Name: "evaluate_date", Label: "征询意见日期", Type: ledger.TypeDate, Required: true, Step: "evaluate"},
			{Name: "rehandle_reason", Label: "再次办理的要求", Type: ledger.TypeLongText, Required: true, Step: "rehandle"},
			{Name: "publish_date", Label: "办理结果公开日期", Type: ledger.TypeDate, Required: true, Step: "publish"},
			{Name: "publish_channel", Label: "公开途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "publish",
				Help: "如 政府网站、人大代表联络站公示栏"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if r.Data["complex"] == "是" && r.Data["complex_reason"] == "" {
				return ledger.FieldErrors{"complex_reason": "情况复杂、按六个月答复的，请在「情况复杂的说明」中写明理由"}
			}
			return nil
		},
		Indicators: suggestionIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "handling", Label: "办理中", Editable: true},
				{Name: "replied", Label: "已答复"},
				{Name: "evaluated", Label: "已征询意见"},
				{Name: "published", Label: "办理结果已公开", Final: true, Public: true},
			},
			Transitions: []ledger.Transition{
				{Event: "reply", Label: "答复提出人", From: []string{"handling"}, To: "replied", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "reply_date", "assigned_date", "") }},
				{Event: "evaluate", Label: "记录提出人意见", From: []string{"replied"}, To: "evaluated", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "evaluate_date", "reply_date", "") }},
				{Event: "rehandle", Label: "不满意，再次办理", From: []string{"evaluated"}, To: "handling", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if g.Record.Data["satisfaction"] != "不满意" {
							return refuse("satisfaction", basisDeputies, "提出人意见为“%s”，无需再次办理", g.Record.Data["satisfaction"])
						}
						return nil
					}},
				{Event: "publish", Label: "公开办理结果", From: []string{"evaluated"}, To: "published", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "publish_date", "reply_date", basisDeputies) }},
			},
		},
		Publish: &ledger.Publication{DateField: "publish_date",
			Fields: []string{"source", "number", "title", "proposer", "department", "result", "reply_text", "publish_date"}},
		Periods: []ledger.Period{reply, complex},
	}
}

// suggestionIndicators: a suggestion counts in the year it was assigned.
func suggestionIndicators() []ledger.Indicator {
	deputies := map[string][]string{"source": {"人大代表建议"}}
	proposals := map[string][]string{"source": {"政协委员提案"}}
	answered := []string{"replied", "evaluated", "published"}
	return []ledger.Indicator{
		{ID: "suggestion.deputies", Measure: ledger.Count, Where: ledger.Match{Fields: deputies}, Dashboard: true,
			Note: "按交办日期计入年度", Report: line("oversight", 5, "办理人大代表建议{n}", "承办人大代表建议{n}")},
		{ID: "suggestion.proposals", Measure: ledger.Count, Where: ledger.Match{Fields: proposals},
			Note: "按交办日期计入年度", Report: line("oversight", 6, "办理政协委员提案{n}", "承办政协委员提案{n}")},
		{ID: "suggestion.total", Measure: ledger.Count, Note: "人大代表建议和政协委员提案，按交办日期计入年度"},
		{ID: "suggestion.replied", Measure: ledger.Count, Where: ledger.Match{States: answered},
			Note: "已答复的，按交办日期计入年度"},
		{ID: "suggestion.reply_rate", Measure: ledger.Rate, Num: "suggestion.replied", Den: "suggestion.total",
			Note:   "已答复件数 ÷ 交办件数",
			Report: line("oversight", 7, "答复率{n}", "建议提案答复率{n}")},
		{ID: "suggestion.satisfied", Measure: ledger.Count,
			Where: ledger.Match{States: []string{"evaluated", "published"}, Fields: map[string][]string{"satisfaction": {"满意", "基本满意"}}},
			Note:  "提出人对答复满意或基本满意的，按交办日期计入年度"},
		{ID: "suggestion.satisfaction_rate", Measure: ledger.Rate, Num: "suggestion.satisfied", Den: "suggestion.replied",
			Note:   "满意和基本满意件数 ÷ 已答复件数",
			Report: line("oversight", 8, "代表委员满意率{n}", "提出人满意率{n}")},
	}
}
