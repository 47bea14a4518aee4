package kinds

import (
	"fmt"
	"math"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// Names of the enforcement officer kind and its settings.
const (
	EnforcementOfficerKind = "enforcement_officer"

	PostEnforcement    = "执法岗"
	PostNonEnforcement = "非执法岗"

	// SettingTrainingHours is the yearly training hours an officer is
	// expected to complete.
	SettingTrainingHours = "enforcement_training_hours"
)

// EnforcementOfficer is 执法人员与执法证: one member of staff with the post
// type (执法岗 / 非执法岗 — the certification rate counts enforcement posts
// only), the enforcement certificate (number, issuing body, issue date,
// valid until), its status (有效 / 暂扣 / 注销 / 过期, with the dates that
// changed it, so a case can ask whether the certificate was valid on the day
// of an act) and the training attended as rows. The validity clock reminds
// 90 days before the certificate expires and moves it to 已过期 on the day
// after; a renewal starts a new clock.
func EnforcementOfficer() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        EnforcementOfficerKind,
		Label:       "执法人员与执法证",
		Description: "行政执法人员的岗位类型、执法证件（证号、发证机关、有效期、状态）与培训学时台账",
		TitleField:  "name",
		YearField:   "entry_date",
		Indicators:  enforcementOfficerIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "name", Label: "姓名", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Search: true},
			{Name: "department", Label: "所在科室（机构）", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "post_type", Label: "岗位类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{PostEnforcement, PostNonEnforcement}, Help: "持证率只计执法岗人员"},
			{Name: "area", Label: "执法领域", Type: ledger.TypeText, MaxLen: 100, Search: true, Help: "如 综合执法、自然资源、生态环境"},
			{Name: "entry_date", Label: "登记日期", Type: ledger.TypeDate, Required: true},
			{Name: "training", Label: "培训记录", Type: ledger.TypeTable, Columns: []ledger.Field{
				{Name: "date", Label: "培训日期", Type: ledger.TypeDate, Required: true},
				{Name: "course", Label: "培训内容", Type: ledger.TypeText, Required: true, MaxLen: 100, Search: true},
				{Name: "hours", Label: "学时", Type: ledger.TypeDecimal, Required: true},
				{Name: "organizer", Label: "组织单位", Type: ledger.TypeText, MaxLen: 100},
			}},
			{Name: "training_hours", Label: "培训学时合计", Type: ledger.TypeDecimal, List: true,
				Compute: func(r *ledger.Record) string {
					if len(r.Data.Rows("training")) == 0 {
						return ""
					}
					return trimDecimal(r.Data.Sum("training", "hours"))
				}},

			{Name: "cert_no", Label: "执法证号", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Filter: true, Search: true, Step: "issue"},
			{Name: "issuing_body", Label: "发证机关", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "issue"},
			{Name: "issue_date", Label: "发证日期", Type: ledger.TypeDate, Required: true, Step: "issue"},
			{Name: "valid_until", Label: "有效期至", Type: ledger.TypeDate, Required: true, List: true, Step: "issue",
				Dates: ledger.DateRange{Future: true}},
			{Name: "renew_date", Label: "换证日期", Type: ledger.TypeDate, Required: true, Step: "renew"},
			{Name: "renew_cert_no", Label: "换发后的执法证号", Type: ledger.TypeText, MaxLen: 50, Filter: true, Step: "renew",
				Help: "证号未变的不填"},
			{Name: "renew_valid_until", Label: "换证后有效期至", Type: ledger.TypeDate, Required: true, Step: "renew",
				Dates: ledger.DateRange{Future: true}},
			{Name: "cert_expiry", Label: "执法证有效期届满日", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true},
				Help: "换发过执法证的，为换证后有效期至；否则为有效期至",
				Compute: func(r *ledger.Record) string {
					if v := r.Data["renew_valid_until"]; v != "" {
						return v
					}
					return r.Data["valid_until"]
				}},
			{Name: "suspend_date", Label: "暂扣日期", Type: ledger.TypeDate, Required: true, Step: "suspend"},
			{Name: "suspend_reason", Label: "暂扣原因", Type: ledger.TypeLongText, Required: true, Step: "suspend"},
			{Name: "restore_date", Label: "发还日期", Type: ledger.TypeDate, Required: true, Step: "restore"},
			{Name: "revoke_date", Label: "注销日期", Type: ledger.TypeDate, Required: true, Step: "revoke"},
			{Name: "revoke_reason", Label: "注销原因", Type: ledger.TypeLongText, Required: true, Step: "revoke",
				Help: "如 调离执法岗位、退休、被吊销"},
			{Name: "leave_date", Label: "调离（退休）日期", Type: ledger.TypeDate, Required: true, Step: "leave"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "uncertified", Label: "未持证", Editable: true},
				{Name: "valid", Label: "有效", Editable: true},
				{Name: "suspended", Label: "暂扣"},
				{Name: "expired", Label: "已过期", Editable: true},
				{Name: "revoked", Label: "已注销", Final: true},
				{Name: "left", Label: "已调离（退休）", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "issue", Label: "登记执法证", From: []string{"uncertified"}, To: "valid", Roles: staff, Guard: guardCertIssue},
				{Event: "renew", Label: "换发执法证", From: []string{"valid", "expired"}, To: "valid", Roles: staff, Guard: guardCertRenew},
				{Event: "suspend", Label: "暂扣执法证", From: []string{"valid"}, To: "suspended", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "suspend_date", "issue_date", "") }},
				{Event: "restore", Label: "发还执法证", From: []string{"suspended"}, To: "valid", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "restore_date", "suspend_date", "") }},
				{Event: "expire", Label: "执法证到期", From: []string{"valid", "suspended"}, To: "expired", Roles: staff, OnDue: "validity"},
				{Event: "expire_renewed", Label: "换发的执法证到期", From: []string{"valid", "suspended"}, To: "expired", Roles: staff, OnDue: "renewed_validity"},
				{Event: "revoke", Label: "注销执法证", From: []string{"valid", "suspended", "expired"}, To: "revoked", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "revoke_date", "issue_date", "") }},
				{Event: "leave", Label: "调离（退休）", From: []string{"uncertified"}, To: "left", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return dateOrder(g, "leave_date", "entry_date", "") }},
			},
		},
		Periods: []ledger.Period{
			{Name: "validity", Label: "执法证有效期", Type: ledger.Deadline, StartField: "issue_date", UntilField: "valid_until",
				StopEvents: []string{"renew", "revoke"}, RemindDays: 90, Counting: calendar.CalendarDays,
				Basis: "执法证件载明的有效期（由发证机关确定；参考资料未载全国统一期限）"},
			{Name: "renewed_validity", Label: "换发执法证有效期", Type: ledger.Deadline, StartField: "renew_date", UntilField: "renew_valid_until",
				StopEvents: []string{"revoke"}, RemindDays: 90, Counting: calendar.CalendarDays,
				Basis: "换发的执法证件载明的有效期（由发证机关确定；参考资料未载全国统一期限）"},
		},
		Settings: []ledger.Setting{
			{Name: SettingTrainingHours, Label: "执法人员年度培训学时", Type: ledger.SettingInt, Default: "60", Min: intp(0), Max: intp(500),
				Basis: "常引“每人每年不少于60学时”（出处未经确认，按本地规定设置）",
				Help:  "每名执法人员每年应完成的培训学时，用于培训达标统计"},
		},
	}
}

func guardCertIssue(g *ledger.GuardContext) error {
	if err := dateOrder(g, "issue_date", "", ""); err != nil {
		return err
	}
	return validAfter(g, "valid_until", "issue_date")
}

func guardCertRenew(g *ledger.GuardContext) error {
	if err := dateOrder(g, "renew_date", "issue_date", ""); err != nil {
		return err
	}
	return validAfter(g, "renew_valid_until", "renew_date")
}

// validAfter: a certificate's end of validity lies after its start.
func validAfter(g *ledger.GuardContext, until, from string) error {
	u, ok1 := g.Record.Data.Date(until)
	f, ok2 := g.Record.Data.Date(from)
	if ok1 && ok2 && !u.After(f) {
		return &ledger.RuleError{Field: until, Reason: fmt.Sprintf("「%s」（%s）应晚于「%s」（%s）",
			g.Kind.Field(until).Label, u.Chinese(), g.Kind.Field(from).Label, f.Chinese())}
	}
	return nil
}

// CertificateValidOn reports whether the enforcement officer record r held a
// valid certificate on day: issued and not past its validity (or within a
// renewal's), not suspended that day, not yet revoked. The reason says, in
// Chinese, why not.
func CertificateValidOn(r *ledger.Record, day calendar.Date) (bool, string) {
	d := r.Data
	issued, ok := d.Date("issue_date")
	if !ok || d["cert_no"] == "" {
		return false, "未登记执法证"
	}
	if rv, ok := d.Date("revoke_date"); ok && !day.Before(rv) {
		return false, "执法证已于" + rv.Chinese() + "注销"
	}
	if s, ok := d.Date("suspend_date"); ok && !day.Before(s) {
		if back, ok := d.Date("restore_date"); !ok || back.Before(s) || day.Before(back) {
			return false, "执法证自" + s.Chinese() + "起被暂扣"
		}
	}
	within := func(from, until string) bool {
		f, ok1 := d.Date(from)
		u, ok2 := d.Date(until)
		return ok1 && ok2 && !day.Before(f) && !day.After(u)
	}
	if within("issue_date", "valid_until") || within("renew_date", "renew_valid_until") {
		return true, ""
	}
	if day.Before(issued) {
		return false, "执法证于" + issued.Chinese() + "才发证"
	}
	end, _ := d.Date("valid_until")
	if u, ok := d.Date("renew_valid_until"); ok && u.After(end) {
		end = u
	}
	return false, "执法证有效期至" + end.Chinese() + "，已过期"
}

// trimDecimal formats x to at most two decimals without trailing zeros
// (12.50 → 12.5, 8.0 → 8).
func trimDecimal(x float64) string {
	return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64)
}
