package kinds

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// DisclosureItemKind is the name of the proactive disclosure kind.
const DisclosureItemKind = "disclosure_item"

const regDisclosure = "《中华人民共和国政府信息公开条例》"

// DisclosureItem is 主动公开 under 《政府信息公开条例》 (reference §A5): an
// item of government information — its category (the township list of
// 第二十一条 among them), the day it was made or changed, the channel — is
// published within 20 working days of being made or changed (第二十六条);
// one published later says why. Published items are on the public pages.
func DisclosureItem() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        DisclosureItemKind,
		Label:       "政务公开（主动公开）",
		Description: "主动公开的政府信息：类别、形成日期、公开途径和公开日期（形成或变更之日起20个工作日内公开）",
		TitleField:  "title",
		YearField:   "made_date",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "title", Label: "信息名称", Type: ledger.TypeText, Required: true, List: true, Search: true,
				Help: "如“2025年城乡居民医疗保险参保缴费工作的通告”"},
			{Name: "category", Label: "公开类别", Type: ledger.TypeEnum, Required: true, List: true, Filter: true,
				Options: []string{"机构职能", "政策文件", "规划计划", "财政预决算", "重大行政决策", "行政执法", "农业农村政策落实",
					"农田水利工程建设运营", "土地承包经营权流转", "宅基地使用审核", "土地征收和房屋征收", "筹资筹劳", "社会救助",
					"工作动态", "其他"},
				Help: "乡镇重点公开事项见《政府信息公开条例》第二十一条"},
			{Name: "department", Label: "信息形成科室", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "made_date", Label: "信息形成（变更）日期", Type: ledger.TypeDate, Required: true, List: true,
				Help: "政府信息形成或者变更的日期；自该日起20个工作日内公开"},
			{Name: "channel", Label: "公开途径", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"政府网站", "政务公开栏", "政务新媒体", "政府公报", "新闻发布", "其他"}},
			{Name: "summary", Label: "主要内容", Type: ledger.TypeLongText, Search: true},

			{Name: "publish_date", Label: "公开日期", Type: ledger.TypeDate, Required: true, List: true, Step: "publish"},
			{Name: "publish_place", Label: "公开网址或位置", Type: ledger.TypeText, Required: true, MaxLen: 300, Step: "publish",
				Help: "网址，或公开栏所在位置"},
			{Name: "late_reason", Label: "未在20个工作日内公开的原因", Type: ledger.TypeLongText, Step: "publish",
				Help: "法律、法规对公开期限另有规定的，写明规定"},
			{Name: "withhold_reason", Label: "不予公开的理由及依据", Type: ledger.TypeLongText, Required: true, Step: "withhold",
				Help: "如 属于国家秘密（第十四条）、涉及个人隐私（第十五条）、内部事务或过程性信息（第十六条）"},
		},
		Indicators: []ledger.Indicator{
			{ID: "disclosure.items", Measure: ledger.Count, Dates: []string{"publish_date"}, Where: ledger.Match{States: []string{"published"}},
				Dashboard: true, Note: "主动公开的政府信息，按公开日期计入年度",
				Report: line("oversight", 2, "主动公开政府信息{n}", "通过政府网站、公开栏等主动公开政府信息{n}")},
		},
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "pending", Label: "待公开", Editable: true},
				{Name: "published", Label: "已公开", Final: true, Public: true},
				{Name: "withheld", Label: "不予公开", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "publish", Label: "公开", From: []string{"pending"}, To: "published", Roles: staff, Guard: guardProactive},
				{Event: "withhold", Label: "不予公开", From: []string{"pending"}, To: "withheld", Roles: roles(access.RoleHead)},
			},
		},
		Publish: &ledger.Publication{DateField: "publish_date", Fields: []string{"title", "category", "department", "summary", "publish_date", "publish_place"}},
		Periods: []ledger.Period{
			{Name: "publish_limit", Label: "主动公开期限", Type: ledger.Deadline, StartField: "made_date",
				StopEvents: []string{"publish"}, StopField: "publish_date", Days: 20, Counting: calendar.WorkingDays,
				Basis: regDisclosure + "第二十六条"},
		},
	}
}

// guardProactive: published on or after the day the information was made,
// not in the future, and — after the 20 working days of 第二十六条 — with the
// reason it was late.
func guardProactive(g *ledger.GuardContext) error {
	if err := dateOrder(g, "publish_date", "made_date", regDisclosure+"第二十六条"); err != nil {
		return err
	}
	if g.Record.Data["late_reason"] != "" || g.Calendar == nil {
		return nil
	}
	made, _ := g.Record.Data.Date("made_date")
	at, _ := g.Record.Data.Date("publish_date")
	due, err := g.Calendar.Add(made, 20, calendar.WorkingDays)
	if err != nil {
		return nil // a year the calendar does not know: the clock says pending
	}
	if due.Before(at) {
		return refuse("late_reason", regDisclosure+"第二十六条",
			"属于主动公开范围的政府信息，应当自形成或者变更之日起20个工作日内公开；本条信息于%s形成，应于%s前公开，「公开日期」为%s，请在「未在20个工作日内公开的原因」中说明",
			made.Chinese(), due.Chinese(), at.Chinese())
	}
	return nil
}
