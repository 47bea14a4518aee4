package kinds

import (
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the legal adviser kinds.
const (
	LegalAdviserKind   = "legal_adviser"
	AdviserOpinionKind = "adviser_opinion"

	AdviserGovernment = "政府法律顾问"
	AdviserVillage    = "村（社区）法律顾问"
)

// LegalAdviser is 法律顾问: an adviser engaged by the government or for
// villages and communities (firm, licence number, term), with the villages
// (communities) served as rows — 一村（社区）一法律顾问 coverage is counted
// from those rows (villages_served, and the rows themselves per village).
// Townships may engage advisers only (reference §A11, a local rule). The
// term's clock reminds 30 days before it ends and closes the engagement the
// day after.
func LegalAdviser() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        LegalAdviserKind,
		Label:       "法律顾问",
		Description: "政府法律顾问和村（社区）法律顾问的聘用、聘期与服务村（社区）台账",
		TitleField:  "name",
		YearField:   "term_start",
		Indicators:  legalAdviserIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		// While engaged, the adviser's account acts as 法律顾问 in the
		// villages (communities) named in its rows, or — a government
		// adviser, naming none — in the engaging unit.
		Grant: &ledger.Grant{User: "user_id", Roles: roles(access.RoleAdviser), States: []string{"engaged"},
			Table: "villages", Column: "unit"},
		Fields: []ledger.Field{
			{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Search: true},
			{Name: "adviser_type", Label: "顾问类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{AdviserGovernment, AdviserVillage, "公职律师"}},
			{Name: "firm", Label: "执业机构", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true,
				Help: "律师事务所、法律服务所或公职律师所在单位"},
			{Name: "licence_no", Label: "执业证号", Type: ledger.TypeText, Required: true, MaxLen: 50, Filter: true, Search: true},
			{Name: "user_id", Label: "系统账号", Type: ledger.TypeUser,
				Help:    "顾问在本系统中出具审查意见所用的账号（须有法律顾问角色）；在聘期间，该账号可在所服务的村（社区）或本单位办理法律顾问事项",
				Example: func(calendar.Date) string { return "" }}, // an adviser's account, not any user's
			{Name: "term_start", Label: "聘期起", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "term_end", Label: "聘期至", Type: ledger.TypeDate, Required: true, List: true, Dates: ledger.DateRange{Future: true}},
			{Name: "villages", Label: "服务村（社区）", Type: ledger.TypeTable, MaxRows: 200,
				Help: "村（社区）法律顾问服务的每个村（社区）一行",
				Columns: []ledger.Field{
					{Name: "village", Label: "村（社区）", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
					{Name: "unit", Label: "所属单位", Type: ledger.TypeUnit},
					{Name: "since", Label: "签约日期", Type: ledger.TypeDate},
				}},
			{Name: "villages_served", Label: "服务村（社区）数", Type: ledger.TypeInteger, List: true,
				Compute: func(r *ledger.Record) string {
					if n := len(r.Data.Rows("villages")); n > 0 {
						return strconv.Itoa(n)
					}
					return ""
				}},
			{Name: "agreement", Label: "聘用协议", Type: ledger.TypeFile},
			{Name: "end_date", Label: "解聘日期", Type: ledger.TypeDate, Required: true, Step: "dismiss"},
			{Name: "end_reason", Label: "解聘原因", Type: ledger.TypeLongText, Required: true, Step: "dismiss"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			d := r.Data
			s, ok1 := d.Date("term_start")
			e, ok2 := d.Date("term_end")
			if ok1 && ok2 && !e.After(s) {
				return ledger.FieldErrors{"term_end": "「聘期至」应晚于「聘期起」（" + s.Chinese() + "）"}
			}
			if d["adviser_type"] == AdviserVillage && len(d.Rows("villages")) == 0 {
				return ledger.FieldErrors{"villages": "村（社区）法律顾问请在「服务村（社区）」中填写所服务的村（社区），每个一行"}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "engaged", Label: "在聘", Editable: true},
				{Name: "ended", Label: "聘期届满", Final: true},
				{Name: "dismissed", Label: "已解聘", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "expire", Label: "聘期届满", From: []string{"engaged"}, To: "ended", Roles: staff, OnDue: "term"},
				{Event: "dismiss", Label: "解聘", From: []string{"engaged"}, To: "dismissed", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "end_date", "term_start", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "term", Label: "法律顾问聘期", Type: ledger.Deadline, StartField: "term_start", UntilField: "term_end",
				StopEvents: []string{"dismiss"}, Counting: calendar.CalendarDays, RemindDays: 30, Basis: "法律顾问聘用协议约定的聘期"},
		},
	}
}

// AdviserOpinion is a legal adviser's opinion on a matter: on which record
// (a decision, contract, review, case, dispute or petition), when it was
// asked and given, and whether it was adopted — and why not when it was not.
// For a major decision the adviser's opinion is part of the legality review
// (《重大行政决策程序暂行条例》第二十八条).
func AdviserOpinion() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead, access.RoleAdviser)
	return &ledger.Kind{
		Name:        AdviserOpinionKind,
		Label:       "法律顾问意见",
		Description: "法律顾问就决策、合同、执法、复议诉讼、信访等事项出具的法律意见及其采纳情况",
		TitleField:  "matter",
		YearField:   "requested_date",
		Indicators:  adviserOpinionIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "adviser_id", Label: "法律顾问", Type: ledger.TypeReference, RefKind: LegalAdviserKind,
				Help: "提请时尚未确定顾问的可暂不填，出具意见前须选定"},
			{Name: "matter", Label: "咨询事项", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "matter_type", Label: "事项类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"重大行政决策", "规范性文件", "合同", "行政执法", "行政复议诉讼", "信访", "矛盾纠纷", "其他"}},
			{Name: "subject_id", Label: "所涉台账记录", Type: ledger.TypeReference,
				RefKinds: []string{MajorDecisionKind, ContractKind, LegalityReviewKind, EnforcementCaseKind, AdminDisputeKind, PetitionKind},
				Help:     "意见针对某一台账记录的，选择该记录"},
			{Name: "requested_date", Label: "提请日期", Type: ledger.TypeDate, Required: true, List: true},
			{Name: "question", Label: "提请的问题", Type: ledger.TypeLongText, Search: true},
			{Name: "opinion_date", Label: "出具意见日期", Type: ledger.TypeDate, Required: true, List: true, Step: "give_opinion"},
			{Name: "opinion_text", Label: "法律意见", Type: ledger.TypeLongText, Required: true, Search: true, Step: "give_opinion"},
			{Name: "opinion_files", Label: "法律意见书", Type: ledger.TypeFile, Step: "give_opinion"},
			{Name: "adoption", Label: "采纳情况", Type: ledger.TypeEnum, Required: true, List: true, Filter: true, Step: "record_adoption",
				Options: []string{"采纳", "部分采纳", "未采纳"}},
			{Name: "adoption_reason", Label: "未采纳（部分采纳）的理由", Type: ledger.TypeLongText, Step: "record_adoption"},
			{Name: "withdraw_reason", Label: "撤回理由", Type: ledger.TypeLongText, Required: true, Step: "withdraw"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "requested", Label: "已提请", Editable: true},
				{Name: "opined", Label: "已出具意见"},
				{Name: "closed", Label: "已记录采纳情况", Final: true},
				{Name: "withdrawn", Label: "已撤回", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "give_opinion", Label: "出具法律意见", From: []string{"requested"}, To: "opined",
					Roles: roles(access.RoleAdviser, access.RoleClerk),
					Guard: func(g *ledger.GuardContext) error {
						if g.Record.Data["adviser_id"] == "" {
							return &ledger.RuleError{Field: "adviser_id", Reason: "请先在「法律顾问」中选定出具意见的法律顾问"}
						}
						return dateOrder(g, "opinion_date", "requested_date", "")
					}},
				{Event: "record_adoption", Label: "记录采纳情况", From: []string{"opined"}, To: "closed", Roles: roles(access.RoleClerk, access.RoleHead),
					Guard: func(g *ledger.GuardContext) error {
						if a := g.Record.Data["adoption"]; a != "采纳" && g.Record.Data["adoption_reason"] == "" {
							return &ledger.RuleError{Field: "adoption_reason",
								Reason: "法律意见" + a + "的，请在「未采纳（部分采纳）的理由」中写明理由"}
						}
						return nil
					}},
				{Event: "withdraw", Label: "撤回提请", From: []string{"requested"}, To: "withdrawn", Roles: staff},
			},
		},
	}
}
