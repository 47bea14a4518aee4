package kinds

import (
	"fmt"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// MeetingKind is the name of the rule-of-law meetings kind.
const MeetingKind = "law_meeting"

// Meeting types counted apart in the annual report's part on the first
// responsible persons.
const (
	MeetingCommittee   = "全面依法治镇委员会会议"
	MeetingLeading     = "法治建设领导小组会议"
	MeetingExecutive   = "政府常务会议"
	MeetingParty       = "党委会议"
	MeetingJoint       = "党政联席会议"
	MeetingStudyGroup  = "党委理论学习中心组学习"
	TopicLawBuilding   = "研究法治建设"
	TopicLawStudy      = "会前学法"
	basisFirstDuty     = "《党政主要负责人履行推进法治建设第一责任人职责规定》（乡镇参照执行）"
	basisMeetingRecord = "本地会议纪要制度（会议议题、决定事项如实记录）"
)

// Meeting is a meeting that studies law or decides on rule-of-law work:
// the 全面依法治镇委员会, the 法治建设领导小组, the government's executive
// meeting, the Party committee's meeting and study group. Its topics —
// each a study of law, a rule-of-law matter or another matter — and what
// was decided on each are rows inside the record; the annual report counts
// the meetings by type, those that studied law and the rule-of-law topics
// (reference §A10 part 3, §A11).
func Meeting() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        MeetingKind,
		Label:       "法治建设会议",
		Description: "依法治镇委员会、法治建设领导小组、政府常务会议、党委会议等研究法治建设和会前学法的会议及其议题、决定事项",
		TitleField:  "title",
		YearField:   "meeting_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "meeting_type", Label: "会议类型", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{MeetingCommittee, MeetingLeading, MeetingExecutive, MeetingParty, MeetingJoint, MeetingStudyGroup, "其他会议"}},
			{Name: "title", Label: "会议名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“2025年第一次全面依法治镇委员会会议”"},
			{Name: "meeting_date", Label: "会议日期", Type: ledger.TypeDate, Required: true, List: true,
				Dates: ledger.DateRange{Future: true, FutureYears: 1}, Help: "计划召开的会议可填将来的日期；登记召开时须为已到的日期"},
			{Name: "chair", Label: "主持人", Type: ledger.TypeText, Required: true, MaxLen: 50, Search: true},
			{Name: "place", Label: "会议地点", Type: ledger.TypeText, MaxLen: 100},
			{Name: "attendance", Label: "参会人数", Type: ledger.TypeInteger, Min: intp(1), Max: intp(1000)},
			{Name: "topics", Label: "会议议题", Type: ledger.TypeTable, MaxRows: 50,
				Columns: []ledger.Field{
					{Name: "topic", Label: "议题", Type: ledger.TypeText, Required: true, MaxLen: 200, Search: true},
					{Name: "category", Label: "议题类别", Type: ledger.TypeEnum, Required: true, Options: []string{TopicLawBuilding, TopicLawStudy, "其他"}},
					{Name: "decision", Label: "决定事项", Type: ledger.TypeLongText, MaxLen: 1000, Search: true},
					{Name: "department", Label: "责任科室", Type: ledger.TypeText, MaxLen: 100},
				},
				Help: "每个议题一行；会前学法的写明学习的法律法规"},
			{Name: "law_topics", Label: "研究法治建设议题数", Type: ledger.TypeInteger, List: true, Compute: count("topics", "category", TopicLawBuilding)},
			{Name: "law_studies", Label: "学法议题数", Type: ledger.TypeInteger, Compute: count("topics", "category", TopicLawStudy)},
			{Name: "studied_law", Label: "会前学法", Type: ledger.TypeBool, Filter: true, Compute: func(r *ledger.Record) string {
				if r.Data["topics"] == "" {
					return ""
				}
				if r.Data.CountRows("topics", "category", TopicLawStudy) > 0 {
					return "是"
				}
				return "否"
			}},
			{Name: "minutes", Label: "会议纪要、签到表", Type: ledger.TypeFile},
			{Name: "held_note", Label: "召开情况", Type: ledger.TypeLongText, Step: "hold"},
			{Name: "minutes_no", Label: "会议纪要编号", Type: ledger.TypeText, Required: true, MaxLen: 50, Step: "archive"},
			{Name: "archive_date", Label: "纪要印发日期", Type: ledger.TypeDate, Required: true, Step: "archive"},
			{Name: "cancel_reason", Label: "取消理由", Type: ledger.TypeLongText, Required: true, Step: "cancel"},
		},
		Indicators: meetingIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "planned", Label: "计划召开", Editable: true},
				{Name: "held", Label: "已召开", Editable: true},
				{Name: "archived", Label: "纪要已归档", Final: true},
				{Name: "cancelled", Label: "已取消", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "hold", Label: "登记召开", From: []string{"planned"}, To: "held", Roles: staff, Guard: guardMeetingHeld},
				{Event: "archive", Label: "印发纪要并归档", From: []string{"held"}, To: "archived", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := guardMeetingHeld(g); err != nil {
							return err
						}
						return dateOrder(g, "archive_date", "meeting_date", basisMeetingRecord)
					}},
				{Event: "cancel", Label: "取消会议", From: []string{"planned"}, To: "cancelled", Roles: staff},
			},
		},
	}
}

// guardMeetingHeld: a meeting is recorded as held on a day that has come,
// with its topics; a rule-of-law committee or leading group meeting has a
// rule-of-law topic, and every rule-of-law topic says what was decided.
func guardMeetingHeld(g *ledger.GuardContext) error {
	d := g.Record.Data
	at, _ := d.Date("meeting_date")
	if !g.Today.IsZero() && at.After(g.Today) {
		return refuse("meeting_date", "", "「会议日期」（%s）尚未到来，会议召开后再登记", at.Chinese())
	}
	rows := d.Rows("topics")
	if len(rows) == 0 {
		return refuse("topics", basisMeetingRecord, "请在「会议议题」中登记会议的议题（每个议题一行）")
	}
	if t := d["meeting_type"]; (t == MeetingCommittee || t == MeetingLeading) && d.CountRows("topics", "category", TopicLawBuilding) == 0 {
		return refuse("topics", basisFirstDuty, "%s应研究法治建设重要问题；请在「会议议题」中登记类别为“%s”的议题", t, TopicLawBuilding)
	}
	for i, row := range rows {
		if row["category"] == TopicLawBuilding && row["decision"] == "" {
			return refuse("topics", basisMeetingRecord, "「会议议题」第%d行（%s）是研究法治建设的议题，请填写「决定事项」", i+1, row["topic"])
		}
	}
	return nil
}

// meetingIndicators: a meeting counts in the year it was held.
func meetingIndicators() []ledger.Indicator {
	held := []string{"held", "archived"}
	of := func(id, note string, types ...string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Count, Note: note,
			Where: ledger.Match{States: held, Fields: map[string][]string{"meeting_type": types}}}
	}
	return []ledger.Indicator{
		dashboard(of("committee.meetings", "已召开的全面依法治镇委员会会议和法治建设领导小组会议，按会议日期计入年度", MeetingCommittee, MeetingLeading)),
		inReport(of("meeting.committee", "已召开的全面依法治镇委员会会议，按会议日期计入年度", MeetingCommittee),
			"responsibility", 1, "召开全面依法治镇委员会会议{n}", "主持召开全面依法治镇委员会会议{n}"),
		inReport(of("meeting.leading_group", "已召开的法治建设领导小组会议，按会议日期计入年度", MeetingLeading),
			"responsibility", 2, "召开法治建设领导小组会议{n}", "组织召开法治政府建设领导小组会议{n}"),
		inReport(of("meeting.executive", "已召开的政府常务会议，按会议日期计入年度", MeetingExecutive),
			"responsibility", 4, "政府常务会议研究法治政府建设工作{n}", "在政府常务会议上专题研究法治工作{n}"),
		inReport(of("meeting.party", "已召开的党委会议、党政联席会议和党委理论学习中心组学习，按会议日期计入年度", MeetingParty, MeetingJoint, MeetingStudyGroup),
			"responsibility", 3, "党委会议专题研究法治建设{n}", "党委会议研究部署法治建设工作{n}"),
		{ID: "meeting.total", Measure: ledger.Count, Where: ledger.Match{States: held}, Note: "已召开的各类法治建设会议，按会议日期计入年度"},
		{ID: "meeting.law_study", Measure: ledger.Count, Where: ledger.Match{States: held, Fields: map[string][]string{"studied_law": {"是"}}},
			Note:   "议题中有会前学法的已召开会议，按会议日期计入年度",
			Report: line("study", 0, "落实会前学法制度，开展会前学法{n}", "坚持会前学法，全年会前学法{n}")},
		{ID: "committee.topics", Measure: ledger.Sum, Field: "law_topics", Where: ledger.Match{States: held},
			Note:   fmt.Sprintf("已召开会议中类别为“%s”的议题数之和，按会议日期计入年度", TopicLawBuilding),
			Report: line("responsibility", 5, "研究法治建设议题{n}", "听取和研究法治建设议题{n}")},
	}
}
