package proofread

import (
	"strings"

	"fazhi/internal/indicator"
)

// Figure is a quantity the report claims, named by its indicator.
type Figure struct {
	Indicator string  `json:"indicator"` // id in the indicator catalogue
	Label     string  `json:"label"`     // the indicator's Chinese name
	Value     float64 `json:"value"`
	Unit      string  `json:"unit"`
	Line      int     `json:"line"`
	Excerpt   string  `json:"excerpt"` // the sentence that claims it

	Approx string `json:"-"` // 余, 多, 近 … when the report gives no exact count
	Column int    `json:"-"`
}

// figureRule names a quantity: every word group must be matched (a group is
// matched by any of its words) in the clause, or in the sentence for topic.
type figureRule struct {
	id    string
	all   [][]string // each group: any of these words in the clause
	topic []string   // any of these in the sentence before the quantity
	not   []string   // none of these in the words leading to the quantity
	units []string
}

func words(words ...string) []string { return words }

var (
	unitsPeople   = words("人", "名", "位")
	unitsCases    = words("件", "宗", "起", "个")
	unitsSessions = words("次", "场", "场次", "期", "批", "堂", "节")
)

// figureRules are tried in order; the first that matches names the figure.
// The words are those townships write; keep the most specific first.
var figureRules = []figureRule{
	{id: "petition.pending", topic: words("信访"), all: [][]string{words("剩余", "未办结", "在办", "正在办理", "尚未办结")}, units: unitsCases},
	{id: "petition.closed", topic: words("信访"), all: [][]string{words("办结", "结案", "化解", "息访")}, units: unitsCases},
	{id: "petition.received", all: [][]string{words("信访", "来信来访", "来访")}, not: words("率"), units: append(words("人次", "批"), unitsCases...)},
	{id: "correction.released", all: [][]string{words("解矫", "解除矫正", "解除社区矫正", "期满解除")}, units: unitsPeople},
	{id: "correction.entered", all: [][]string{words("入矫", "新接收", "新入矫", "接收社区矫正")}, units: unitsPeople},
	{id: "correction.current", all: [][]string{words("社区矫正")}, not: words("率"), units: unitsPeople},
	{id: "aftercare.resettlement_rate", all: [][]string{words("安置率")}, units: words("%")},
	{id: "aftercare.assistance_rate", all: [][]string{words("帮教率")}, units: words("%")},
	{id: "aftercare.total", all: [][]string{words("安置帮教", "刑满释放")}, units: unitsPeople},
	{id: "aftercare.resettled", topic: words("安置帮教", "刑满释放"), all: [][]string{words("安置")}, units: unitsPeople},
	{id: "aftercare.assisted", topic: words("安置帮教", "刑满释放"), all: [][]string{words("帮教")}, units: unitsPeople},
	{id: "enforcement.certificate_rate", all: [][]string{words("持证率")}, units: words("%")},
	{id: "enforcement.certified_staff", all: [][]string{words("执法证", "执法资格证", "执法证件", "持证")}, not: words("率"), units: unitsPeople},
	{id: "enforcement.penalty_cases", all: [][]string{words("行政处罚")}, topic: words("办理", "作出", "查处", "立案"), not: words("率"), units: unitsCases},
	{id: "enforcement.training_hours", all: [][]string{words("培训", "学习")}, units: words("学时", "课时")},
	{id: "enforcement.recorders", all: [][]string{words("执法记录仪")}, units: words("个", "台", "部")},
	{id: "enforcement.exam_passed", all: [][]string{words("考试", "考核")}, topic: words("通过", "合格"), units: unitsPeople},
	{id: "legality_review.contract", all: [][]string{words("合同")}, topic: words("合法性", "审查", "审核"), units: append(words("份"), unitsCases...)},
	{id: "legality_review.normative_document", all: [][]string{words("规范性文件")}, topic: words("合法性", "审核", "审查"), units: append(words("份"), unitsCases...)},
	{id: "legality_review.major_decision", all: [][]string{words("重大行政决策", "重大决策"), words("合法性")}, units: append(words("项"), unitsCases...)},
	{id: "legality_review.total", all: [][]string{words("合法性审查", "合法性审核")}, units: append(words("项", "份"), unitsCases...)},
	{id: "major_decision.total", all: [][]string{words("重大行政决策", "重大决策")}, units: append(words("项"), unitsCases...)},
	{id: "normative_document.issued", all: [][]string{words("规范性文件")}, units: append(words("份"), unitsCases...)},
	{id: "legal_adviser.opinions", all: [][]string{words("意见", "建议"), words("法律")}, units: words("次", "件", "条", "份")},
	{id: "legal_adviser.count", all: [][]string{words("法律顾问", "律师")}, units: unitsPeople},
	{id: "publicity.materials", all: [][]string{words("资料", "手册", "传单", "宣传册", "宣传单", "折页", "读本", "明白纸")}, units: words("份", "册", "本", "张")},
	{id: "publicity.banners", all: [][]string{words("横幅", "标语", "展板", "海报")}, units: words("条", "幅", "块", "张", "条次")},
	{id: "publicity.consultations", all: [][]string{words("咨询")}, units: words("人次", "人", "次", "件")},
	{id: "law_literate.persons", all: [][]string{words("法律明白人")}, units: append(words("人次"), unitsPeople...)},
	{id: "law_literate.leaders", all: [][]string{words("法治带头人")}, units: append(words("人次"), unitsPeople...)},
	{id: "law_literate.households", all: [][]string{words("示范户")}, units: words("户")},
	{id: "model_village.national", all: [][]string{words("民主法治"), words("全国", "国家级")}, units: words("个", "村")},
	{id: "model_village.provincial", all: [][]string{words("民主法治"), words("省级")}, units: words("个", "村")},
	{id: "model_village.municipal", all: [][]string{words("民主法治"), words("市级")}, units: words("个", "村")},
	{id: "model_village.county", all: [][]string{words("民主法治"), words("县级", "区级")}, units: words("个", "村")},
	{id: "publicity.people_reached", all: [][]string{words("普及", "受众", "覆盖", "受益", "参与", "惠及", "教育")}, topic: words("宣传", "普法", "送法"), units: words("人", "人次", "余人")},
	{id: "mediation.committees", all: [][]string{words("调解委员会", "调委会")}, units: words("个")},
	{id: "mediation.full_time_mediators", all: [][]string{words("专职"), words("调解员")}, units: unitsPeople},
	{id: "mediation.mediators", all: [][]string{words("调解员")}, units: unitsPeople},
	{id: "grid.workers", all: [][]string{words("网格员")}, units: append(words("个"), unitsPeople...)},
	{id: "dispute.screenings", all: [][]string{words("排查")}, units: words("次", "轮", "场")},
	{id: "dispute.found", all: [][]string{words("排查")}, topic: words("纠纷", "矛盾"), units: unitsCases},
	{id: "dispute.prevented", all: [][]string{words("预防")}, topic: words("纠纷", "矛盾"), units: unitsCases},
	{id: "dispute.resolved", all: [][]string{words("化解", "调处", "调解", "调结")}, topic: words("纠纷", "矛盾"), units: unitsCases},
	{id: "reconsideration.cases", all: [][]string{words("行政复议", "复议")}, units: unitsCases},
	{id: "litigation.head_appearances", all: [][]string{words("出庭")}, units: words("次", "人次")},
	{id: "litigation.cases", all: [][]string{words("行政诉讼", "行政应诉", "应诉")}, units: unitsCases},
	{id: "disclosure.items", all: [][]string{words("公开", "公布", "发布"), words("信息", "政务", "动态", "事项")}, units: words("条", "件", "项")},
	{id: "committee.meetings", all: [][]string{words("委员会会议", "依法治镇委员会", "依法治县委员会", "依法治区委员会", "依法治乡委员会", "法治建设领导小组会议")}, units: words("次", "场")},
	{id: "committee.topics", all: [][]string{words("研究", "专题研究"), words("法治")}, units: words("次", "项")},
	{id: "publicity.events", all: [][]string{words("宣传", "普法", "送法", "以案释法", "法治讲座", "法律讲座", "进学校", "进企业", "进机关", "进军营", "进校园", "进社区", "进农村", "进乡村")}, not: words("考试"), units: append(words("场次", "次", "场", "期"), "个")},
	{id: "study.hours", all: [][]string{words("学法", "学习")}, units: words("小时", "学时")},
	{id: "study.sessions", all: [][]string{words("学习", "学法", "讲座", "培训班", "授课", "讲授", "中心组", "专题培训", "课程", "法治课")}, units: unitsSessions},
}

func (r figureRule) matches(ctx, topic, unit string) bool {
	ok := false
	for _, u := range r.units {
		if u == unit {
			ok = true
			break
		}
	}
	if !ok {
		return false
	}
	for _, g := range r.all {
		if !containsAny(ctx, g...) {
			return false
		}
	}
	if len(r.topic) > 0 && !containsAny(topic, r.topic...) {
		return false
	}
	return len(r.not) == 0 || !containsAny(ctx, r.not...)
}

// extractFigures names every quantity it can. The words leading to the
// number decide first ("已办结77件"); when they say nothing, the whole clause
// ("5名领导干部持有行政执法证").
func extractFigures(d *Doc) []Figure {
	var out []Figure
	plan := planLines(d)
	for _, l := range d.Lines {
		if plan[l.No] {
			continue // next year's plan states targets, not what was done
		}
		if !strings.ContainsAny(l.Text, "0123456789一二三四五六七八九十两") {
			continue
		}
		for _, s := range l.sentences() {
			for k, q := range s.qs {
				lead := s.lead(k)
				if strings.Contains(lead, "每") {
					continue // a frequency ("每月开展一次"), not a count
				}
				// The words after the number up to the next number or clause
				// end: "5名领导干部持有行政执法证".
				end := q.End
				for end < len(s.rs) && !isClauseEnd(s.rs[end]) && (k+1 >= len(s.qs) || end < s.qs[k+1].Start) {
					end++
				}
				clause := lead + string(s.rs[q.Start:end])
				topic := string(s.rs[:q.Start])
				id := ""
				for _, ctx := range []string{lead, clause} {
					tc := topic + ctx
					for _, r := range figureRules {
						if r.matches(ctx, tc, q.Unit) {
							id = r.id
							break
						}
					}
					if id != "" {
						break
					}
				}
				if id == "" {
					continue
				}
				in, err := indicator.Lookup(id)
				if err != nil {
					continue // a rule naming an id the catalogue lacks is caught by a test
				}
				line, col := d.locate(l.No, s.start+q.Start+1)
				out = append(out, Figure{Indicator: id, Label: in.Name, Value: q.Value, Unit: q.Unit,
					Line: line, Excerpt: strings.TrimSpace(string(s.rs)), Approx: q.Approx, Column: col})
			}
		}
	}
	return out
}

// planLines marks the lines of the next-year plan section (part 4).
func planLines(d *Doc) map[int]bool {
	starts := map[int]bool{}
	for _, h := range d.outline {
		if h.Level == 1 {
			starts[h.Line] = d.headingPart(h.Title) == 3
		}
	}
	out := map[int]bool{}
	in := false
	for _, l := range d.Lines {
		if p, ok := starts[l.No]; ok {
			in = p
		}
		if in {
			out[l.No] = true
		}
	}
	return out
}
