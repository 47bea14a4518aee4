package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// Names of the publicity kinds.
const (
	PublicityEventKind = "publicity_event"
	PublicityDutyKind  = "publicity_duty"
)

// basisWhoEnforces is the 普法责任制 (reference §A11): the responsibility
// system of 谁执法谁普法, given a statutory basis by the 法治宣传教育法 in
// force from 2025-11-01 (its article numbers are not in our reference, so
// none is cited).
const basisWhoEnforces = "中共中央办公厅、国务院办公厅《关于实行国家机关“谁执法谁普法”普法责任制的意见》；《中华人民共和国法治宣传教育法》（2025年11月1日起施行）"

// PublicityEvent is 普法活动: one publicity event — its date, theme (宪法宣传
// 周, 民法典宣传月, 6·26 禁毒 …), setting (法律“八进”: 进机关, 进校园, 进企业 …),
// and what it reached: people, materials handed out, banners, legal
// questions answered. A planned event may lie ahead; it is recorded as held
// only on or after its date, with the people reached.
func PublicityEvent() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        PublicityEventKind,
		Label:       "普法活动",
		Description: "宪法宣传周、民法典宣传月、禁毒、国家安全、反诈等主题普法活动及“八进”开展情况",
		TitleField:  "title",
		YearField:   "event_date",
		Indicators:  publicityEventIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "event_date", Label: "活动日期", Type: ledger.TypeDate, Required: true, List: true,
				Dates: ledger.DateRange{Future: true, FutureYears: 1}},
			{Name: "title", Label: "活动名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“12·4国家宪法日宪法宣传进校园”"},
			{Name: "theme", Label: "主题", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"宪法宣传周（12·4）", "民法典宣传月", "6·26国际禁毒日", "3·15消费者权益日", "4·15全民国家安全教育日",
					"反电信网络诈骗", "扫黑除恶", "防范非法集资", "安全生产", "以案释法", "习近平法治思想", "其他"}},
			{Name: "setting", Label: "普法阵地", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"进机关", "进校园", "进企业", "进军营", "进农村", "进社区", "进网络", "进宗教活动场所", "其他"}},
			{Name: "place", Label: "活动地点", Type: ledger.TypeText, MaxLen: 100, Search: true},
			{Name: "organizer", Label: "承办单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100, Filter: true, Search: true},
			{Name: "partners", Label: "协办单位", Type: ledger.TypeText, MaxLen: 200, Search: true,
				Help: "如 派出所、法庭、律师事务所"},
			{Name: "duty_id", Label: "对应的普法责任清单", Type: ledger.TypeReference, RefKind: PublicityDutyKind,
				Help: "落实本单位年度普法责任清单事项的，选择该清单"},

			{Name: "reached", Label: "受众人数", Type: ledger.TypeInteger, Required: true, Min: intp(1), Max: intp(10000000), Step: "record_held",
				Help: "线下活动的参加人数；进网络的填写阅读、观看人次"},
			{Name: "materials", Label: "发放资料（份）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(10000000), Step: "record_held"},
			{Name: "banners", Label: "悬挂横幅（条）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(100000), Step: "record_held"},
			{Name: "consultations", Label: "解答法律咨询（人次）", Type: ledger.TypeInteger, Min: intp(0), Max: intp(1000000), Step: "record_held"},
			{Name: "summary", Label: "开展情况", Type: ledger.TypeLongText, Required: true, Search: true, Step: "record_held"},
			{Name: "photos", Label: "活动照片、资料", Type: ledger.TypeFile, Step: "record_held"},
			{Name: "cancel_reason", Label: "取消理由", Type: ledger.TypeLongText, Required: true, Step: "cancel"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "planned", Label: "计划开展", Editable: true},
				{Name: "held", Label: "已开展", Editable: true},
				{Name: "confirmed", Label: "已核实", Final: true},
				{Name: "cancelled", Label: "已取消", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "record_held", Label: "登记开展情况", From: []string{"planned", "held"}, To: "held", Roles: staff,
					Guard: func(g *ledger.GuardContext) error {
						if err := notAfterToday(g, "event_date"); err != nil {
							return refuse("event_date", "", "活动日期（%s）在今天之后，尚未开展；开展后再登记开展情况，或先修改活动日期", g.Record.Data["event_date"])
						}
						return nil
					}},
				{Event: "confirm", Label: "核实", From: []string{"held"}, To: "confirmed", Roles: roles(access.RoleHead)},
				{Event: "cancel", Label: "取消活动", From: []string{"planned"}, To: "cancelled", Roles: staff},
			},
		},
	}
}

// PublicityDuty is the unit's 普法责任清单 of a year: each item (the laws to
// publicise, to whom, how, the responsible office, by when) is a row with
// its status. The list is published; at the year's end it is concluded,
// every item marked and each one not completed explained.
func PublicityDuty() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        PublicityDutyKind,
		Label:       "普法责任清单",
		Description: "本单位年度“谁执法谁普法”普法责任清单：普法内容、对象、方式、责任科室、完成时限和完成情况",
		TitleField:  "title",
		YearField:   "year",
		Indicators:  publicityDutyIndicators(),
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "year", Label: "年度", Type: ledger.TypeInteger, Required: true, Min: intp(2000), Max: intp(2100), List: true, Filter: true},
			{Name: "title", Label: "清单名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“某镇2025年度普法责任清单”"},
			{Name: "items", Label: "清单事项", Type: ledger.TypeTable, Required: true, MaxRows: 200,
				Example: example(`[{"content":"民法典","audience":"村（社区）群众","office":"司法所","status":"已完成"}]`),
				Columns: []ledger.Field{
					{Name: "content", Label: "普法内容（法律法规）", Type: ledger.TypeText, Required: true, Search: true},
					{Name: "audience", Label: "普法对象", Type: ledger.TypeText, MaxLen: 100},
					{Name: "method", Label: "普法方式", Type: ledger.TypeText, MaxLen: 100},
					{Name: "office", Label: "责任科室", Type: ledger.TypeText, Required: true, MaxLen: 100, Search: true},
					{Name: "due", Label: "完成时限", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true, FutureYears: 1}},
					{Name: "status", Label: "完成情况", Type: ledger.TypeEnum, Required: true, Options: []string{"未开始", "推进中", "已完成"}},
					{Name: "note", Label: "说明", Type: ledger.TypeText, MaxLen: 200},
				}},
			{Name: "item_count", Label: "事项数", Type: ledger.TypeInteger, List: true, Compute: count("items", "", "")},
			{Name: "done_count", Label: "已完成事项数", Type: ledger.TypeInteger, List: true, Compute: count("items", "status", "已完成")},
			{Name: "publish_date", Label: "公布日期", Type: ledger.TypeDate, Required: true, Step: "publish"},
			{Name: "publish_channel", Label: "公布途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "publish",
				Help: "如 政府网站、政务公开栏"},
			{Name: "conclude_date", Label: "年度总结日期", Type: ledger.TypeDate, Required: true, Step: "conclude"},
			{Name: "conclusion", Label: "落实情况总结", Type: ledger.TypeLongText, Required: true, Search: true, Step: "conclude"},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "制定中", Editable: true},
				{Name: "published", Label: "已公布（落实中）", Editable: true},
				{Name: "concluded", Label: "已总结", Final: true},
			},
			Transitions: []ledger.Transition{
				{Event: "publish", Label: "公布清单", From: []string{"drafting"}, To: "published", Roles: staff,
					Guard: func(g *ledger.GuardContext) error { return notAfterToday(g, "publish_date") }},
				{Event: "conclude", Label: "年度总结", From: []string{"published"}, To: "concluded", Roles: staff, Guard: guardDutyConclude},
			},
		},
	}
}

// guardDutyConclude: the summary is dated after publication and every item
// not completed says why.
func guardDutyConclude(g *ledger.GuardContext) error {
	d := g.Record.Data
	if err := dateOrder(g, "conclude_date", "publish_date", ""); err != nil {
		return err
	}
	for i, row := range d.Rows("items") {
		if row["status"] != "已完成" && row["note"] == "" {
			return refuse("items", basisWhoEnforces, "「清单事项」第%d行（%s）%s，年度总结前请在该行“说明”中写明未完成的原因和后续安排",
				i+1, row["content"], row["status"])
		}
	}
	return nil
}
