package report

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// The report's workflow: 起草 → 审校 → 负责人审定, then 公开 (on the public
// page) and 报送 (to the parent government), in either order, each once.
// A published or submitted report is locked: a change is a correction, a
// new version with its reason. The store keeps the state and calls these
// rules inside its transactions; the rules read no clock and no database.

// State is where a report stands before its release.
type State string

const (
	Drafting  State = "draft"    // 起草
	Reviewing State = "review"   // 审校
	Approved  State = "approved" // 负责人审定
)

// Label is the state's Chinese name.
func (s State) Label() string {
	switch s {
	case Drafting:
		return "起草"
	case Reviewing:
		return "审校"
	case Approved:
		return "负责人审定"
	}
	return string(s)
}

// Event is a step of the workflow.
type Event string

const (
	SendReview Event = "review"   // 送审校
	SendBack   Event = "back"     // 退回起草
	Approve    Event = "approve"  // 负责人审定
	Publish    Event = "publish"  // 公开
	Submit     Event = "submit"   // 报送上级
	Correct    Event = "correct"  // 更正 (after release)
	Edit       Event = "edit"     // 修改 (before release)
	Create     Event = "create"   // 生成初稿
	Withdraw   Event = "withdraw" // 撤回审定 (before release)
)

// Label is the event's Chinese name.
func (e Event) Label() string {
	switch e {
	case SendReview:
		return "送审校"
	case SendBack:
		return "退回起草"
	case Approve:
		return "负责人审定"
	case Publish:
		return "公开"
	case Submit:
		return "报送上级"
	case Correct:
		return "更正"
	case Edit:
		return "修改"
	case Create:
		return "生成初稿"
	case Withdraw:
		return "撤回审定"
	}
	return string(e)
}

// Status is the part of a report the rules decide on.
type Status struct {
	State     State
	Version   int
	Published bool
	Submitted bool
}

// Released reports whether the report left the unit (published or
// submitted): its text is then locked and changes are corrections.
func (s Status) Released() bool { return s.Published || s.Submitted }

// Label is the report's standing in one phrase, e.g. 已公开、已报送.
func (s Status) Label() string {
	switch {
	case s.Published && s.Submitted:
		return "已公开、已报送"
	case s.Published:
		return "已公开"
	case s.Submitted:
		return "已报送"
	}
	return s.State.Label()
}

// Step is one allowed step: from which states, by which roles.
type step struct {
	From  []State
	To    State // "" keeps the state
	Roles []access.Role
}

var steps = map[Event]step{
	SendReview: {From: []State{Drafting}, To: Reviewing, Roles: []access.Role{access.RoleClerk, access.RoleHead}},
	SendBack:   {From: []State{Reviewing}, To: Drafting, Roles: []access.Role{access.RoleClerk, access.RoleReviewer, access.RoleHead}},
	Approve:    {From: []State{Reviewing}, To: Approved, Roles: []access.Role{access.RoleHead}},
	Withdraw:   {From: []State{Approved}, To: Drafting, Roles: []access.Role{access.RoleHead}},
	Publish:    {From: []State{Approved}, Roles: []access.Role{access.RoleHead, access.RoleClerk}},
	Submit:     {From: []State{Approved}, Roles: []access.Role{access.RoleHead, access.RoleClerk}},
	Edit:       {From: []State{Drafting, Reviewing}, Roles: []access.Role{access.RoleClerk, access.RoleHead, access.RoleReviewer}},
	Correct:    {From: []State{Approved}, Roles: []access.Role{access.RoleClerk, access.RoleHead}},
	Create:     {Roles: []access.Role{access.RoleClerk, access.RoleHead}},
}

// StepEvents are the workflow steps a person takes on a report (the
// others are saves: Create, Edit, Correct), in the order the editor and
// the API offer them.
var StepEvents = []Event{SendReview, Approve, Submit, Publish, SendBack, Withdraw}

// IsStep reports whether e is one of StepEvents.
func IsStep(e Event) bool {
	for _, x := range StepEvents {
		if x == e {
			return true
		}
	}
	return false
}

// EditRoles are the roles that may write a report's text.
func EditRoles() []access.Role { return steps[Edit].Roles }

// Roles are the roles that may take event e.
func Roles(e Event) []access.Role { return steps[e].Roles }

// Check is a 审校 run as the approval rule needs it.
type Check struct {
	Version int // the version checked
	Errors  int // error-severity findings
}

// Approval is what the approval rule reads beside the status.
type Approval struct {
	Check *Check // the latest 审校 run, nil when none
	// Stale are the traced figures that no longer equal their indicator,
	// and Hand the figures changed by hand, each as a sentence naming the
	// section and the figure (StaleFigure.Message);
	// Acked says they were looked at and accepted by the approver.
	Stale []string
	Hand  []string
	Acked bool
}

// Take checks that event e may be taken now: the state, the release lock,
// and for approval the 审校 run and the figures. It returns the state
// after the step or a *ledger.RuleError listing every reason.
func Take(s Status, e Event, ap Approval) (State, error) {
	st, ok := steps[e]
	if !ok {
		return s.State, &ledger.RuleError{Reason: "未知的操作：" + string(e)}
	}
	switch e {
	case Edit:
		if s.Released() {
			return s.State, &ledger.RuleError{Reason: "报告已" + releasedLabel(s) + "，已锁定，不能直接修改：如需更正，请在“更正”中填写更正原因，更正将作为新版本保存并在公开页面注明。"}
		}
		if s.State == Approved {
			return s.State, &ledger.RuleError{Reason: "报告已经负责人审定，不能直接修改：如需修改，请负责人先“撤回审定”。"}
		}
	case Correct:
		if !s.Released() {
			return s.State, &ledger.RuleError{Reason: "报告尚未公开或报送，不需要更正：请直接修改各部分。"}
		}
	case Publish:
		if s.Published {
			return s.State, &ledger.RuleError{Reason: "报告已经公开，不能再次公开；如需更正，请使用“更正”。"}
		}
	case Submit:
		if s.Submitted {
			return s.State, &ledger.RuleError{Reason: "报告已经报送上级，不能再次报送；如需更正，请使用“更正”。"}
		}
	case Withdraw:
		if s.Released() {
			return s.State, &ledger.RuleError{Reason: "报告已" + releasedLabel(s) + "，不能撤回审定：如需更正，请使用“更正”。"}
		}
	}
	if st.From != nil && !contains(st.From, s.State) {
		return s.State, &ledger.RuleError{Reason: fmt.Sprintf("报告当前为“%s”，不能%s：%s", s.Label(), e.Label(), needs(e))}
	}
	if e == Approve {
		if reasons := ApprovalReasons(s, ap); len(reasons) > 0 {
			return s.State, &ledger.RuleError{Reason: "不能审定：" + strings.Join(reasons, "；")}
		}
	}
	if st.To == "" {
		return s.State, nil
	}
	return st.To, nil
}

func releasedLabel(s Status) string {
	if s.Published {
		return "公开"
	}
	return "报送"
}

func needs(e Event) string {
	switch e {
	case SendReview:
		return "只有起草中的报告可以送审校。"
	case SendBack, Approve:
		return "请先“送审校”。"
	case Publish, Submit:
		return "须先经负责人审定。"
	case Withdraw:
		return "只有已审定的报告可以撤回审定。"
	}
	return "请刷新页面查看报告当前状态。"
}

// ApprovalReasons are why a report in review may not be approved yet.
func ApprovalReasons(s Status, ap Approval) []string {
	var out []string
	switch {
	case ap.Check == nil:
		out = append(out, "尚未对报告运行审校，请先“运行审校”")
	case ap.Check.Version != s.Version:
		out = append(out, fmt.Sprintf("最近一次审校针对第%d版，报告已改为第%d版，请对当前版本重新运行审校", ap.Check.Version, s.Version))
	case ap.Check.Errors > 0:
		out = append(out, fmt.Sprintf("审校发现%d处错误，请修改后重新运行审校", ap.Check.Errors))
	}
	if !ap.Acked {
		if len(ap.Stale) > 0 {
			out = append(out, "以下数字与指标当前值不一致（起草后台账有变化），请核对后修改，或勾选“已核对”："+strings.Join(ap.Stale, " "))
		}
		if len(ap.Hand) > 0 {
			out = append(out, "以下数字为手工修改、不再跟随指标，请核对后勾选“已核对”："+strings.Join(ap.Hand, " "))
		}
	}
	return out
}

func contains(ss []State, s State) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Limits on what a save may carry: a report is some 10,000 characters; a
// section of 20,000 and a whole report of 200,000 are far beyond any real
// one and keep a form post and its diff small.
const (
	MaxSectionRunes = 20000
	MaxReportRunes  = 200000
	MaxReasonRunes  = 500
)

// CheckSize refuses a document beyond the limits, naming the section.
func CheckSize(d Document) error {
	total := 0
	for _, s := range d.Sections {
		n := utf8.RuneCountInString(s.Body)
		if n > MaxSectionRunes {
			return ledger.FieldErrors{"body_" + s.Key: fmt.Sprintf("“%s”共%d字，超过每部分%d字的上限：请删减后再保存（您的文字仍在输入框中）。", s.Title, n, MaxSectionRunes)}
		}
		total += n + utf8.RuneCountInString(s.Title)
	}
	if total > MaxReportRunes {
		return ledger.FieldErrors{"body": fmt.Sprintf("报告共%d字，超过%d字的上限：请删减后再保存（您的文字仍在输入框中）。", total, MaxReportRunes)}
	}
	return nil
}

// Settings are the report's local settings: the deadlines of the year
// after the one reported on, as month-day. They are declared here, not by
// a ledger kind, and overridden per unit like the kinds' settings.
var Settings = []ledger.Setting{
	{Name: "report_submit_by", Label: "年度报告报送期限（次年月-日）", Type: ledger.SettingMonthDay, Default: "03-01",
		Basis: "地方规定（如安徽）：县级以上部门每年3月1日前向上一级报告，乡镇党委和政府向上一级报告；《法治政府建设与责任落实督察工作规定》第二十四条"},
	{Name: "report_publish_by", Label: "年度报告公开期限（次年月-日）", Type: ledger.SettingMonthDay, Default: "04-01",
		Basis: "《法治政府建设与责任落实督察工作规定》第二十四条：每年4月1日之前通过报刊、网站等向社会公开"},
}

// Deadline is the date ("2026-03-01") a month-day setting gives for a
// report on year, or the default's date when the value is malformed.
func Deadline(monthDay string, year int, def string) string {
	if !ledger.ValidMonthDay(monthDay) {
		monthDay = def
	}
	return strconv.Itoa(year+1) + "-" + monthDay
}
