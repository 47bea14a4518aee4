package kinds

import (
	"fmt"
	"regexp"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// DisputeZeroKind is the name of the monthly zero report kind.
const DisputeZeroKind = "dispute_zero_report"

const basisZeroReport = "人民调解工作统计报送制度（当月无矛盾纠纷的实行“零上报”）"

var monthRE = regexp.MustCompile(`^(20\d\d)-(0[1-9]|1[0-2])$`)

// DisputeZero is the monthly 零上报 of a mediation organisation: the entry
// that says no dispute was taken up in a month, so a month without cases is
// told apart from a month nobody reported. It is refused for a month that
// has not begun, for a month with disputes registered (by the committee
// chosen, or else anywhere in the reporter's units), and a second time for
// the same organisation and month.
func DisputeZero() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        DisputeZeroKind,
		Label:       "矛盾纠纷零上报",
		Description: "当月未受理矛盾纠纷的“零上报”记录",
		TitleField:  "month",
		YearField:   "year",
		Indicators:  disputeZeroIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "month", Label: "月份", Type: ledger.TypeText, Required: true, MaxLen: 7, List: true, Filter: true,
				Help: "如 2025-03", Example: func(on calendar.Date) string { return on.String()[:7] },
				Check: func(v string, _ *ledger.Record) string {
					if !monthRE.MatchString(v) {
						return "「月份」应写作“年-月”，如 2025-03"
					}
					return ""
				}},
			{Name: "year", Label: "年度", Type: ledger.TypeInteger, Filter: true, Compute: func(r *ledger.Record) string {
				if m := monthRE.FindStringSubmatch(r.Data["month"]); m != nil {
					return m[1]
				}
				return ""
			}},
			{Name: "organisation", Label: "报送组织", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true,
				Help: "如 某镇人民调解委员会"},
			{Name: "committee_id", Label: "人民调解委员会", Type: ledger.TypeReference, RefKind: MediationCommitteeKind,
				Help: "报送组织是人民调解委员会的，选择该委员会：只核对它受理的纠纷；不选则核对本单位（含下级）登记的全部纠纷"},
			{Name: "note", Label: "说明", Type: ledger.TypeLongText},
			{Name: "report_date", Label: "上报日期", Type: ledger.TypeDate, Required: true, List: true, Step: "submit"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "待上报", Editable: true},
				{Name: "submitted", Label: "已上报", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "submit", Label: "上报", From: []string{"drafting"}, To: "submitted", Roles: staff, Guard: guardZeroReport},
			},
		},
	}
}

func guardZeroReport(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "report_date"); err != nil {
		return err
	}
	month := g.Record.Data["month"]
	if at, ok := g.Record.Data.Date("report_date"); ok && at.String()[:7] < month {
		return refuse("report_date", basisZeroReport, "%s尚未开始，不能零上报；「上报日期」（%s）应在该月内或之后", month, at.Chinese())
	}
	if g.Find == nil {
		return nil
	}
	cases := ledger.Values{"month": month}
	if c := g.Record.Data["committee_id"]; c != "" {
		cases["committee_id"] = c
	}
	n, err := g.Find.Count(g.Ctx, DisputeCaseKind, cases)
	if err != nil {
		return fmt.Errorf("count disputes of %s: %w", month, err)
	}
	if n > 0 {
		return refuse("month", basisZeroReport, "%s已登记矛盾纠纷调解%d件（%s），不能零上报；请按实际受理的纠纷上报", month, n, scopeOf(cases))
	}
	org := g.Record.Data["organisation"]
	if n, err = g.Find.Count(g.Ctx, DisputeZeroKind, ledger.Values{"month": month, "organisation": org}); err != nil {
		return fmt.Errorf("count zero reports of %s: %w", month, err)
	}
	if n > 1 {
		return refuse("month", basisZeroReport, "%s已有%s的零上报记录（共%s条），同一组织同一月份只上报一次；请核对本记录的「月份」", month, org, strconv.Itoa(n))
	}
	return nil
}

func scopeOf(cases ledger.Values) string {
	if cases["committee_id"] != "" {
		return "所选人民调解委员会受理的"
	}
	return "本单位及下级单位登记的"
}
