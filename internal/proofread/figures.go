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

func w(words ...string) []string { return words }

var (
	people   = w("人", "名", "位")
	cases    = w("件", "宗", "起", "个")
	sessions = w("次", "场", "场次", "期", "批", "堂", "节")
)

// figureRules are tried in order; the first that matches names the figure.
// The words are those townships write; keep the most specific first.
var figureRules = []figureRule{
	{id: "petition.pending", topic: w("信访"), all: [][]string{w("剩余", "未办结", "在办", "正在办理", "尚未办结")}, units: cases},
	{id: "petition.closed", topic: w("信访"), all: [][]string{w("办结", "结案", "化解", "息访")}, units: cases},
	{id: "petition.received", all: [][]string{w("信访", "来信来访", "来访")}, not: w("率"), units: append(w("人次", "批"), cases...)},
	{id: "correction.released", all: [][]string{w("解矫", "解除矫正", "解除社区矫正", "期满解除")}, units: people},
	{id: "correction.entered", all: [][]string{w("入矫", "新接收", "新入矫", "接收社区矫正")}, units: people},
	{id: "correction.current", all: [][]string{w("社区矫正")}, not: w("率"), units: people},
	{id: "aftercare.resettlement_rate", all: [][]string{w("安置率")}, units: w("%")},
	{id: "aftercare.assistance_rate", all: [][]string{w("帮教率")}, units: w("%")},
	{id: "aftercare.total", all: [][]string{w("安置帮教", "刑满释放")}, units: people},
	{id: "aftercare.resettled", topic: w("安置帮教", "刑满释放"), all: [][]string{w("安置")}, units: people},
	{id: "aftercare.assisted", topic: w("安置帮教", "刑满释放"), all: [][]string{w("帮教")}, units: people},
	{id: "enforcement.certificate_rate", all: [][]string{w("持证率")}, units: w("%")},
	{id: "enforcement.certified_staff", all: [][]string{w("执法证", "执法资格证", "执法证件")}, units: people},
	{id: "enforcement.training_hours", all: [][]string{w("培训", "学习")}, units: w("学时", "课时")},
	{id: "enforcement.recorders", all: [][]string{w("执法记录仪")}, units: w("个", "台", "部")},
	{id: "enforcement.exam_passed", all: [][]string{w("考试", "考核")}, topic: w("通过", "合格"), units: people},
	{id: "legality_review.contract", all: [][]string{w("合同")}, topic: w("合法性", "审查", "审核"), units: append(w("份"), cases...)},
	{id: "legality_review.normative_document", all: [][]string{w("规范性文件")}, topic: w("合法性", "审核", "审查"), units: append(w("份"), cases...)},
	{id: "legality_review.major_decision", all: [][]string{w("重大行政决策", "重大决策"), w("合法性")}, units: append(w("项"), cases...)},
	{id: "legality_review.total", all: [][]string{w("合法性审查", "合法性审核")}, units: append(w("项", "份"), cases...)},
	{id: "major_decision.total", all: [][]string{w("重大行政决策", "重大决策")}, units: append(w("项"), cases...)},
	{id: "normative_document.issued", all: [][]string{w("规范性文件")}, units: append(w("份"), cases...)},
	{id: "legal_adviser.opinions", all: [][]string{w("意见", "建议"), w("法律")}, units: w("次", "件", "条", "份")},
	{id: "legal_adviser.count", all: [][]string{w("法律顾问", "律师")}, units: people},
	{id: "publicity.materials", all: [][]string{w("资料", "手册", "传单", "宣传册", "宣传单", "折页", "读本", "明白纸")}, units: w("份", "册", "本", "张")},
	{id: "publicity.banners", all: [][]string{w("横幅", "标语", "展板", "海报")}, units: w("条", "幅", "块", "张", "条次")},
	{id: "publicity.consultations", all: [][]string{w("咨询")}, units: w("人次", "人", "次", "件")},
	{id: "law_literate.persons", all: [][]string{w("法律明白人")}, units: append(w("人次"), people...)},
	{id: "law_literate.leaders", all: [][]string{w("法治带头人")}, units: append(w("人次"), people...)},
	{id: "law_literate.households", all: [][]string{w("示范户")}, units: w("户")},
	{id: "model_village.national", all: [][]string{w("民主法治"), w("全国", "国家级")}, units: w("个", "村")},
	{id: "model_village.provincial", all: [][]string{w("民主法治"), w("省级")}, units: w("个", "村")},
	{id: "model_village.municipal", all: [][]string{w("民主法治"), w("市级")}, units: w("个", "村")},
	{id: "model_village.county", all: [][]string{w("民主法治"), w("县级", "区级")}, units: w("个", "村")},
	{id: "publicity.people_reached", all: [][]string{w("普及", "受众", "覆盖", "受益", "参与", "惠及", "教育")}, topic: w("宣传", "普法", "送法"), units: w("人", "人次", "余人")},
	{id: "mediation.committees", all: [][]string{w("调解委员会", "调委会")}, units: w("个")},
	{id: "mediation.full_time_mediators", all: [][]string{w("专职"), w("调解员")}, units: people},
	{id: "mediation.mediators", all: [][]string{w("调解员")}, units: people},
	{id: "grid.workers", all: [][]string{w("网格员")}, units: append(w("个"), people...)},
	{id: "dispute.screenings", all: [][]string{w("排查")}, units: w("次", "轮", "场")},
	{id: "dispute.found", all: [][]string{w("排查")}, topic: w("纠纷", "矛盾"), units: cases},
	{id: "dispute.prevented", all: [][]string{w("预防")}, topic: w("纠纷", "矛盾"), units: cases},
	{id: "dispute.resolved", all: [][]string{w("化解", "调处", "调解", "调结")}, topic: w("纠纷", "矛盾"), units: cases},
	{id: "reconsideration.cases", all: [][]string{w("行政复议", "复议")}, units: cases},
	{id: "litigation.head_appearances", all: [][]string{w("出庭")}, units: w("次", "人次")},
	{id: "litigation.cases", all: [][]string{w("行政诉讼", "行政应诉", "应诉")}, units: cases},
	{id: "disclosure.items", all: [][]string{w("公开", "公布", "发布"), w("信息", "政务", "动态", "事项")}, units: w("条", "件", "项")},
	{id: "committee.meetings", all: [][]string{w("委员会会议", "依法治镇委员会", "依法治县委员会", "依法治区委员会", "依法治乡委员会", "法治建设领导小组会议")}, units: w("次", "场")},
	{id: "committee.topics", all: [][]string{w("研究", "专题研究"), w("法治")}, units: w("次", "项")},
	{id: "publicity.events", all: [][]string{w("宣传", "普法", "送法", "以案释法", "法治讲座", "法律讲座", "进学校", "进企业", "进机关", "进军营", "进校园", "进社区", "进农村", "进乡村")}, not: w("考试"), units: append(w("场次", "次", "场", "期"), "个")},
	{id: "study.hours", all: [][]string{w("学法", "学习")}, units: w("小时", "学时")},
	{id: "study.sessions", all: [][]string{w("学习", "学法", "讲座", "培训班", "授课", "讲授", "中心组", "专题培训", "课程", "法治课")}, units: sessions},
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
	for _, l := range d.Lines {
		if !strings.ContainsAny(l.Text, "0123456789一二三四五六七八九十两") {
			continue
		}
		for _, s := range splitSentences([]rune(l.Text)) {
			for k, q := range s.qs {
				lead := s.lead(k)
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
					for _, r := range figureRules {
						if r.matches(ctx, topic+ctx, q.Unit) {
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
