package kinds

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// RectificationKind is the 问题整改 ledger.
const RectificationKind = "rectification"

// SourceScoring is the source of a problem found in 考核 scoring.
const SourceScoring = "考核评分"

const basisRectification = "法治政府建设督察、考核问题整改“交办—整改—销号”闭环（本地考核方案、督察整改通知）"

// Rectification is a problem found in 考核 scoring or in 督察 (rule-of-law
// inspection), assigned to a unit or department, rectified with evidence,
// and struck off (销号) only once the county above has checked it: the
// township that did the work cannot strike off its own problem. A lost
// 考核 point opens one from the 考核 page (FromScore).
func Rectification() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        RectificationKind,
		Label:       "问题整改",
		Description: "考核评分、法治督察发现的问题：交办、整改（附佐证）、县级核查销号",
		TitleField:  "title",
		YearField:   "found_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "title", Label: "问题", Type: ledger.TypeText, Required: true, MaxLen: 200, List: true, Search: true},
			{Name: "source", Label: "问题来源", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{SourceScoring, "法治督察", "执法监督", "案卷评查", "其他"}},
			{Name: "found_date", Label: "发现日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "scheme_item", Label: "考核项目", Type: ledger.TypeText, MaxLen: 200, Filter: true, Search: true,
				Help: "由考核失分生成的，为考核方案中的编号和项目"},
			{Name: "indicator", Label: "指标编号", Type: ledger.TypeText, MaxLen: 100},
			{Name: "score_year", Label: "考核年度", Type: ledger.TypeInteger, Min: intp(2000), Max: intp(2100), Filter: true},
			{Name: "lost_points", Label: "失分", Type: ledger.TypeDecimal, List: true},
			{Name: "evidence_link", Label: "佐证（所计记录）", Type: ledger.TypeText, MaxLen: 500,
				Help: "考核页该项数值链接到的记录清单"},
			{Name: "description", Label: "问题描述", Type: ledger.TypeLongText, Required: true, Search: true},
			{Name: "found_files", Label: "问题材料", Type: ledger.TypeFile, Help: "督察通知、评分表等"},

			{Name: "assign_date", Label: "交办日期", Type: ledger.TypeDate, Required: true, Step: "assign"},
			{Name: "department", Label: "责任单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true, Step: "assign"},
			{Name: "owner", Label: "责任人", Type: ledger.TypeText, MaxLen: 50, Step: "assign"},
			{Name: "deadline", Label: "整改期限", Type: ledger.TypeDate, Required: true, List: true, Step: "assign",
				Dates: ledger.DateRange{Future: true}},
			{Name: "rectify_date", Label: "整改完成日期", Type: ledger.TypeDate, Required: true, Step: "rectify"},
			{Name: "measures", Label: "整改措施及成效", Type: ledger.TypeLongText, Required: true, Search: true, Step: "rectify"},
			{Name: "rectify_files", Label: "整改佐证材料", Type: ledger.TypeFile, Step: "rectify",
				Help: "先在“附件”中上传整改佐证（制度文件、会议记录、照片等），再勾选"},
			{Name: "return_date", Label: "退回日期", Type: ledger.TypeDate, Required: true, Step: "send_back"},
			{Name: "return_reason", Label: "退回重新整改的原因", Type: ledger.TypeLongText, Required: true, Step: "send_back"},
			{Name: "close_date", Label: "销号日期", Type: ledger.TypeDate, Required: true, List: true, Step: "close"},
			{Name: "check_opinion", Label: "核查意见", Type: ledger.TypeLongText, Required: true, Step: "close"},
			{Name: "cancel_reason", Label: "撤销理由", Type: ledger.TypeLongText, Required: true, Step: "cancel"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if r.Data["source"] == SourceScoring && r.Data["scheme_item"] == "" {
				return ledger.FieldErrors{"scheme_item": "问题来源为“考核评分”的，请填写「考核项目」（考核方案中的编号和项目）"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "found", Label: "待交办", Editable: true},
				{Name: "assigned", Label: "整改中", Editable: true},
				{Name: "rectified", Label: "已整改待销号"},
				{Name: "closed", Label: "已销号", Final: true},
				{Name: "cancelled", Label: "已撤销", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "assign", Label: "交办", From: []string{"found"}, To: "assigned", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "assign_date", "found_date", "") }},
				{Event: "rectify", Label: "报送整改情况", From: []string{"assigned"}, To: "rectified", Roles: staff, Guard: guardRectify},
				{Event: "send_back", Label: "退回重新整改", From: []string{"rectified"}, To: "assigned", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := countyChecks(g, "return_date", "退回"); err != nil {
							return err
						}
						return dateOrder(g, "return_date", "rectify_date", "")
					}},
				{Event: "close", Label: "核查销号", From: []string{"rectified"}, To: "closed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := countyChecks(g, "close_date", "销号"); err != nil {
							return err
						}
						return dateOrder(g, "close_date", "rectify_date", "")
					}},
				{Event: "cancel", Label: "撤销（问题不成立）", From: []string{"found"}, To: "cancelled", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return countyChecks(g, "cancel_reason", "撤销") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "deadline", Label: "整改期限", Type: ledger.Deadline, StartField: "assign_date", UntilField: "deadline",
				StopEvents: []string{"rectify"}, StopField: "rectify_date", Counting: calendar.CalendarDays, RemindDays: 7, Basis: basisRectification},
		},
		FromScore: &ledger.ScoreLink{Title: "title", Item: "scheme_item", Indicator: "indicator", Year: "score_year",
			Lost: "lost_points", Evidence: "evidence_link", Source: "source", SourceValue: SourceScoring},
		Indicators: rectificationIndicators(),
	}
}

// guardRectify: rectification is reported with its evidence attached.
func guardRectify(g *ledger.GuardContext) error {
	if g.Record.Data["rectify_files"] == "" {
		return &ledger.RuleError{Field: "rectify_files", Basis: basisRectification,
			Reason: "报送整改情况须附整改佐证材料：请先在“附件”中上传，再在「整改佐证材料」中勾选"}
	}
	return dateOrder(g, "rectify_date", "assign_date", "")
}

// countyChecks: striking off, sending back or cancelling a problem is the
// county's check of the township's work, so it is taken by a user of a
// county-level (or higher) unit above the record's unit — never by the
// unit that rectified it.
func countyChecks(g *ledger.GuardContext, field, what string) error {
	if g.Actor.AboveAtLevel(access.LevelCounty, access.LevelCity, access.LevelProvince) {
		return nil
	}
	return &ledger.RuleError{Field: field, Basis: basisRectification, Reason: fmt.Sprintf(
		"问题整改的%s由上级县（市、区）核查后办理，整改单位本身不能%s；请报县级用户核查", what, what)}
}

// rectificationIndicators: problems found, struck off and open at year
// end.
func rectificationIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "rectification.found", Measure: ledger.Count, Where: ledger.Match{NotStates: []string{"cancelled"}},
			Note: "按发现日期计入年度；已撤销的不计"},
		{ID: "rectification.closed", Measure: ledger.Count, Dates: []string{"close_date"}, Where: ledger.Match{States: []string{"closed"}},
			Note: "按销号日期计入年度"},
		{ID: "rectification.pending", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"found_date"},
			Ends: []string{"close_date"}, Where: ledger.Match{NotStates: []string{"cancelled"}},
			Note: "年末（12月31日）尚未销号的计为整改中"},
	})
}
