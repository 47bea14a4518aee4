package proofread

// ruleNames are the rules' Chinese names, shown by the web page and the
// annotated .docx instead of the ids.
var ruleNames = map[string]string{
	"outline.missing-part":       "缺少法定部分",
	"outline.part-heading":       "部分标题不完整",
	"outline.bracket":            "序号括号残缺",
	"numbering.skip":             "序号跳号",
	"numbering.duplicate":        "序号重复",
	"numbering.level":            "序号层级跳级",
	"numbering.style":            "序号格式不一",
	"year.mismatch":              "年份矛盾",
	"year.relative":              "“今年”等相对时间",
	"year.title":                 "标题年份错误",
	"year.since":                 "“X年来”",
	"year.stale":                 "沿用往年数字",
	"year.signature":             "落款日期不当",
	"period.partial":             "数据未统计全年",
	"char.duplicate":             "字词重复",
	"script.latin":               "夹杂外文",
	"punct.halfwidth":            "半角标点",
	"punct.unbalanced":           "标点不成对",
	"punct.nested-quote":         "引号嵌套",
	"punct.enum-comma":           "并列引号书名号间顿号",
	"punct.range":                "范围号不一",
	"punct.doubled":              "标点重复",
	"word.confusable":            "易混淆词",
	"word.nonword":               "错字漏字",
	"word.de":                    "“的地得”误用",
	"word.collocation":           "搭配不当",
	"sentence.missing-verb":      "成分残缺",
	"sentence.doubled-predicate": "谓语重复",
	"sentence.repeated-subject":  "主语重复",
	"sentence.mixed":             "句式杂糅",
	"sentence.missing-particle":  "缺少介词",
	"word.unlikely-pair":         "搭配少见",
	"level.self-reference":       "自称与层级不符",
	"level.scope":                "越级表述",
	"level.party-body":           "党组织称谓不一",
	"level.unit-mismatch":        "单位名称不一致",
	"plan.in-results":            "成效中写计划",
	"plan.results-in-plan":       "安排中写成效",
	"term.outdated":              "过时提法",
	"cite.law-title":             "法律法规名称",
	"cite.law-short":             "法律名称简写不当",
	"cite.document-title":        "文件名称",
	"arith.sum":                  "合计不符",
	"arith.percent":              "百分比不符",
	"arith.frequency":            "频次与次数不符",
	"arith.numeral-style":        "数字写法不一",
	"artifact.extraction":        "提取残留",
	"copy.similar":               "雷同段落",
}

// RuleName is the Chinese name of a rule id (the id itself if unknown).
func RuleName(id string) string {
	if n, ok := ruleNames[id]; ok {
		return n
	}
	return id
}
