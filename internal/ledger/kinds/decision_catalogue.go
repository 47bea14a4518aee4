package kinds

import (
	"fmt"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// CatalogueItemKind is the name of the decision catalogue kind: one record
// per item of a unit's yearly 重大行政决策事项目录.
const CatalogueItemKind = "decision_catalogue"

// basisCatalogue is the catalogue's article: the deciding body sets its
// catalogue of decision matters, publishes it once the Party committee at
// the same level has agreed, and adjusts it as things change (第三条第三款;
// townships follow the regulation by reference, 第四十二条).
const basisCatalogue = regMajorDecision + "第三条"

// States of a catalogue item that a decision may come from.
var catalogueOpen = []string{"published", "decided"}

// DecisionCatalogue is 重大行政决策事项目录: the year's catalogue of a unit
// as a managed list, one record per item — drafted, agreed by the Party
// committee and published (on the public pages), adjusted out when the
// matter is dropped, and marked decided when its 重大行政决策 record has
// been decided. The decision is created from its item (a bound link, as a
// legality review is created from its decision), so an item serves one
// decision of its own unit and year.
func DecisionCatalogue() *ledger.Kind {
	staff := roles(access.RoleClerk, access.RoleHead)
	return &ledger.Kind{
		Name:        CatalogueItemKind,
		Label:       "重大行政决策事项目录",
		Description: "年度重大行政决策事项目录的事项：经同级党委同意后向社会公布，动态调整，年末公开完成情况",
		TitleField:  "title",
		YearField:   "catalogue_year",
		CreateRoles: staff,
		EditRoles:   staff,
		Fields: []ledger.Field{
			{Name: "catalogue_year", Label: "目录年度", Type: ledger.TypeInteger, Required: true, Min: intp(2019), Max: intp(2100),
				List: true, Filter: true, Example: func(on calendar.Date) string { return itoa(on.Year) }},
			{Name: "catalogue_item", Label: "目录事项编号", Type: ledger.TypeText, Required: true, MaxLen: 50, List: true, Filter: true,
				Help: "目录中的编号，如 2025-03", Example: func(on calendar.Date) string { return itoa(on.Year) + "-01" }},
			{Name: "title", Label: "决策事项名称", Type: ledger.TypeText, Required: true, List: true, Search: true},
			{Name: "department", Label: "承办单位（科室）", Type: ledger.TypeText, Required: true, MaxLen: 100, List: true, Filter: true, Search: true},
			{Name: "category", Label: "事项类别", Type: ledger.TypeEnum, Required: true, Filter: true,
				Options: []string{"经济社会发展规划和计划", "公共服务和社会管理重要政策", "重大公共建设项目", "生态环境保护和资源开发利用",
					"涉及群众切身利益的重大事项", "其他"}},
			{Name: "content", Label: "事项内容及依据", Type: ledger.TypeLongText, Search: true},
			{Name: "planned_date", Label: "计划完成时间", Type: ledger.TypeDate, Dates: ledger.DateRange{Future: true, FutureYears: 2}},
			{Name: "decision_id", Label: "重大行政决策记录", Type: ledger.TypeReference, RefKind: MajorDecisionKind,
				Bind: &ledger.Binding{Back: "catalogue_id", Title: "title", Copy: []string{"catalogue_year", "catalogue_item", "department"},
					Link: "按本目录事项登记重大行政决策"},
				Help: "从本事项登记重大行政决策时自动关联；一个目录事项对应一项决策"},

			{Name: "agreed_date", Label: "同级党委同意日期", Type: ledger.TypeDate, Required: true, Step: "publish"},
			{Name: "publish_date", Label: "公布日期", Type: ledger.TypeDate, Required: true, List: true, Step: "publish"},
			{Name: "publish_channel", Label: "公布途径", Type: ledger.TypeText, Required: true, MaxLen: 100, Step: "publish",
				Help: "如 镇政府网站、政务公开栏"},
			{Name: "decided_date", Label: "作出决策日期", Type: ledger.TypeDate, Required: true, Step: "mark_decided"},
			{Name: "adjust_date", Label: "调出目录日期", Type: ledger.TypeDate, Required: true, Step: "adjust_out"},
			{Name: "adjust_reason", Label: "调出目录的理由", Type: ledger.TypeLongText, Required: true, Step: "adjust_out"},
		},
		Indicators: catalogueIndicators(),
		Workflow: ledger.Workflow{
			States: []ledger.State{
				{Name: "drafting", Label: "拟列入目录", Editable: true},
				{Name: "published", Label: "已公布", Editable: true, Public: true},
				{Name: "decided", Label: "已作出决策", Final: true, Public: true},
				{Name: "adjusted_out", Label: "已调出目录", Final: true, Abandon: true},
			},
			Transitions: []ledger.Transition{
				{Event: "publish", Label: "经党委同意后公布", From: []string{"drafting"}, To: "published", Roles: staff, Guard: guardCataloguePublish},
				{Event: "mark_decided", Label: "记录已作出决策", From: []string{"published"}, To: "decided", Roles: staff, Guard: guardCatalogueDecided},
				{Event: "adjust_out", Label: "调出目录", From: []string{"drafting", "published"}, To: "adjusted_out", Roles: roles(access.RoleHead),
					Guard: func(g *ledger.GuardContext) error { return notAfterToday(g, "adjust_date") }},
			},
		},
		Publish: &ledger.Publication{DateField: "publish_date",
			Fields: []string{"catalogue_year", "catalogue_item", "title", "department", "category", "planned_date", "publish_date"}},
	}
}

// guardCataloguePublish: the catalogue is published after the Party
// committee at the same level has agreed (第三条).
func guardCataloguePublish(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "agreed_date"); err != nil {
		return err
	}
	return dateOrder(g, "publish_date", "agreed_date", basisCatalogue)
}

// guardCatalogueDecided: the item's own decision — bound to it — has been
// decided.
func guardCatalogueDecided(g *ledger.GuardContext) error {
	if err := notAfterToday(g, "decided_date"); err != nil {
		return err
	}
	r, err := linked(g, "decision_id", "请先从本目录事项登记重大行政决策，决策作出后再记录", basisCatalogue)
	if err != nil {
		return err
	}
	switch {
	case r.Kind != MajorDecisionKind || r.Data["catalogue_id"] != strconv.FormatInt(g.Record.ID, 10):
		return refuse("decision_id", basisCatalogue, "关联的记录（编号 %d）不是本目录事项的重大行政决策", r.ID)
	case r.Data["meeting_date"] == "" || r.State == "terminated":
		return refuse("decision_id", basisCatalogue, "关联的重大行政决策（编号 %d）尚未经集体讨论作出决定", r.ID)
	}
	return nil
}

// catalogueDecision is the guard of a 重大行政决策 record on its catalogue:
// it names a published item of this year's catalogue of its own unit, one
// that names it back — or says why it was taken up outside the catalogue.
func catalogueDecision(g *ledger.GuardContext) error {
	d := g.Record.Data
	if d["catalogue_id"] == "" {
		if d["outside_reason"] != "" {
			return nil
		}
		return refuse("catalogue_id", basisCatalogue,
			"重大行政决策事项应列入经同级党委同意后向社会公布的年度决策事项目录；请在「目录事项」中选择本单位%s年度目录中的事项，未列入目录的，请在「未列入目录的理由」中说明", d["catalogue_year"])
	}
	it, err := linked(g, "catalogue_id", "", basisCatalogue)
	if err != nil {
		return err
	}
	no := func(format string, a ...any) error {
		return refuse("catalogue_id", basisCatalogue, "「目录事项」所选记录（编号 %d）%s", it.ID, fmt.Sprintf(format, a...))
	}
	switch {
	case it.Kind != CatalogueItemKind:
		return no("不是重大行政决策事项目录中的事项")
	case it.UnitID != g.Record.UnitID:
		return no("是另一单位的目录事项；请选择本单位目录中的事项")
	case it.Data["catalogue_year"] != d["catalogue_year"]:
		return no("是%s年度目录的事项，本决策的「目录年度」为%s年；请选择%s年度目录中的事项，或改正「目录年度」",
			it.Data["catalogue_year"], d["catalogue_year"], d["catalogue_year"])
	case it.Data["decision_id"] != strconv.FormatInt(g.Record.ID, 10):
		of := "未载明其决策记录"
		if s := it.Data["decision_id"]; s != "" {
			of = "已用于另一决策事项（编号 " + s + "）"
		}
		return no("%s；请从该目录事项登记本决策，或选择本决策自己的目录事项", of)
	case !slices.Contains(catalogueOpen, it.State):
		return no("尚未经党委同意并公布（目前为「%s」）；目录公布后方可启动决策程序", stateLabelOf(DecisionCatalogue(), it.State))
	case d["catalogue_item"] != "" && d["catalogue_item"] != it.Data["catalogue_item"]:
		return refuse("catalogue_item", basisCatalogue, "「目录事项编号」（%s）与所选目录事项的编号（%s）不一致；请改正", d["catalogue_item"], it.Data["catalogue_item"])
	}
	return nil
}

func stateLabelOf(k *ledger.Kind, name string) string {
	if s := k.State(name); s != nil {
		return s.Label
	}
	return name
}

// catalogueIndicators: items count in their catalogue's year.
func catalogueIndicators() []ledger.Indicator {
	return []ledger.Indicator{
		{ID: "decision_catalogue.items", Measure: ledger.Count, Where: ledger.Match{States: []string{"published", "decided"}},
			Note:   "已公布的年度目录事项，按目录年度计入；已调出的不计",
			Report: line("decision", 0, "编制并公布年度重大行政决策事项目录，列入事项{n}", "公布年度重大行政决策事项目录，列入事项{n}")},
		{ID: "decision_catalogue.decided", Measure: ledger.Count, Where: ledger.Match{States: []string{"decided"}},
			Note:   "目录事项中已作出决策的，按目录年度计入",
			Report: line("decision", 20, "目录事项已完成决策{n}", "目录内已作出决策{n}")},
		{ID: "decision_catalogue.completion_rate", Measure: ledger.Rate, Num: "decision_catalogue.decided", Den: "decision_catalogue.items",
			Note: "已作出决策的目录事项数 ÷ 已公布的目录事项数"},
	}
}

// outsideCatalogueIndicator counts the decisions taken outside the
// catalogue (with their reason), in the year of their meeting.
func outsideCatalogueIndicator() ledger.Indicator {
	return ledger.Indicator{ID: "major_decision.outside_catalogue", Measure: ledger.Count, Dates: []string{"meeting_date"},
		Where: ledger.Match{Filled: []string{"meeting_date", "outside_reason"}, NotStates: []string{"terminated"}},
		Note:  "未列入年度目录、说明了理由的决策，按会议日期计入年度"}
}
