package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// MediationCommitteeKind is the name of the people's mediation committee kind.
const MediationCommitteeKind = "mediation_committee"

const regMediation = "《中华人民共和国人民调解法》"

// Positions on a committee's roster. 聘任调解员 are mediators the committee
// appoints who are not members (第十三条); the others are members (第八条).
const (
	PositionChair     = "主任"
	PositionViceChair = "副主任"
	PositionMember    = "委员"
	PositionAppointed = "聘任调解员"

	// ExampleMediator is the mediator of the declared examples: the chair of
	// the example committee and the mediator of the example dispute.
	ExampleMediator = "王调解"
)

// MediationCommittee is a 人民调解委员会 under the 人民调解法 (reference §A7):
// three to nine members, one chair, women among them (第八条), elected for
// three-year terms and re-electable (第九条); its mediators are its members
// and the people it appoints (第十三条), each 专职 or 兼职. The roster is a
// table; the composition is checked when the committee is constituted, at
// every re-election and at every change of the roster while it serves.
// The term runs three years from its start, with a reminder three months
// before it ends.
func MediationCommittee() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        MediationCommitteeKind,
		Label:       "人民调解委员会",
		Description: "人民调解委员会的组成、任期、换届和人民调解员（专职、兼职）名册",
		TitleField:  "name",
		YearField:   "founded_date",
		Indicators:  mediationCommitteeIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "name", Label: "委员会名称", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Search: true,
				Help: "如“某镇某村人民调解委员会”"},
			{Name: "committee_type", Label: "类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"村（居）民委员会人民调解委员会", "乡镇（街道）人民调解委员会", "企业事业单位人民调解委员会", "行业性、专业性人民调解委员会"}},
			{Name: "founded_date", Label: "设立日期", Type: ledger.TypeDate, Required: true},
			{Name: "office", Label: "调解室地址", Type: ledger.TypeText, MaxLen: 200},
			{Name: "members", Label: "组成人员和调解员", Type: ledger.TypeTable, Required: true, MaxRows: 100,
				Example: example(`[{"name":"` + ExampleMediator + `","sex":"女","position":"主任","mediator":"专职"},` +
					`{"name":"陈委员","sex":"男","position":"委员","mediator":"兼职"},{"name":"林委员","sex":"男","position":"委员","mediator":"兼职"}]`),
				Columns: []ledger.Field{
					{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
					{Name: "sex", Label: "性别", Type: ledger.TypeEnum, Required: true, Options: []string{"男", "女"}},
					{Name: "position", Label: "职务", Type: ledger.TypeEnum, Required: true,
						Options: []string{PositionChair, PositionViceChair, PositionMember, PositionAppointed}},
					{Name: "mediator", Label: "调解员类别", Type: ledger.TypeEnum, Required: true, Options: []string{"专职", "兼职"}},
					{Name: "phone", Label: "联系电话", Type: ledger.TypePersonal, Personal: ledger.PersonalPhone},
					{Name: "since", Label: "任职日期", Type: ledger.TypeDate},
				}},
			{Name: "member_count", Label: "委员人数", Type: ledger.TypeInteger, List: true, Compute: func(r *ledger.Record) string {
				if r.Data["members"] == "" {
					return ""
				}
				return itoa(len(committeeMembers(r.Data)))
			}},
			{Name: "fulltime_count", Label: "专职调解员人数", Type: ledger.TypeInteger, List: true, Compute: count("members", "mediator", "专职")},
			{Name: "mediator_count", Label: "调解员总数", Type: ledger.TypeInteger, Compute: count("members", "", "")},
			{Name: "term_start", Label: "本届任期开始日期", Type: ledger.TypeDate, Required: true, Step: "constitute"},
			{Name: "reelect_date", Label: "换届日期", Type: ledger.TypeDate, Required: true, Step: "re_elect"},
			{Name: "term_end", Label: "本届任期届满日期", Type: ledger.TypeDate, List: true, Dates: ledger.DateRange{Future: true},
				Compute: func(r *ledger.Record) string {
					if r.Data["reelect_date"] != "" {
						return ledger.AddYears(r, "reelect_date", 3)
					}
					return ledger.AddYears(r, "term_start", 3)
				}},
			{Name: "dissolve_date", Label: "撤销日期", Type: ledger.TypeDate, Required: true, Step: "dissolve"},
			{Name: "dissolve_reason", Label: "撤销原因", Type: ledger.TypeLongText, Required: true, Step: "dissolve"},
		},
		Validate: func(r *ledger.Record) ledger.FieldErrors {
			if r.State != "active" {
				return nil
			}
			if err := composition(r.Data); err != nil {
				return ledger.FieldErrors{"members": err.Error()}
			}
			return nil
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "forming", Label: "筹建中", Editable: true},
				{Name: "active", Label: "履职中", Editable: true},
				{Name: "dissolved", Label: "已撤销", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "constitute", Label: "推选产生（组成）", From: []string{"forming"}, To: "active", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := dateOrder(g, "term_start", "founded_date", ""); err != nil {
							return err
						}
						return composition(g.Record.Data)
					}},
				{Event: "re_elect", Label: "换届", From: []string{"active"}, To: "active", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := dateOrder(g, "reelect_date", "term_start", regMediation+"第九条"); err != nil {
							return err
						}
						return composition(g.Record.Data)
					}},
				{Event: "dissolve", Label: "撤销", From: []string{"forming", "active"}, To: "dissolved", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "dissolve_date", "founded_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "term", Label: "委员任期", Type: ledger.Deadline, StartField: "term_start", StopEvents: []string{"re_elect", "dissolve"},
				Years: 3, RemindMonths: 3, Counting: calendar.CalendarDays, Basis: regMediation + "第九条"},
			{Name: "next_term", Label: "换届后委员任期", Type: ledger.Deadline, StartField: "reelect_date", StopEvents: []string{"re_elect", "dissolve"},
				Years: 3, RemindMonths: 3, Counting: calendar.CalendarDays, Basis: regMediation + "第九条"},
		},
	}
}

// committeeMembers are the roster rows that are members (not appointed
// mediators).
func committeeMembers(d ledger.Values) []ledger.Values {
	var out []ledger.Values
	for _, row := range d.Rows("members") {
		if row["position"] != PositionAppointed {
			out = append(out, row)
		}
	}
	return out
}

// composition is 第八条: three to nine members, one chair, a woman among
// them.
func composition(d ledger.Values) error {
	ms := committeeMembers(d)
	chairs, women := 0, 0
	for _, m := range ms {
		if m["position"] == PositionChair {
			chairs++
		}
		if m["sex"] == "女" {
			women++
		}
	}
	basis := regMediation + "第八条"
	switch {
	case len(ms) < 3 || len(ms) > 9:
		return refuse("members", basis, "人民调解委员会由委员三至九人组成；「组成人员和调解员」中委员（主任、副主任、委员）现为%d人，请调整（聘任调解员不计入委员）", len(ms))
	case chairs != 1:
		return refuse("members", basis, "人民调解委员会设主任一人；「组成人员和调解员」中主任现为%d人", chairs)
	case women == 0:
		return refuse("members", basis, "人民调解委员会应当有妇女成员；「组成人员和调解员」的委员中没有女性，请补选")
	}
	return nil
}
