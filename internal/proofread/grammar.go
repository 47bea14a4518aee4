package proofread

import (
	"fmt"
	"strings"
)

// grammarRule checks the sentences of a line for broken constructions and
// wrong function words:
//
//   - sentence.missing-verb: an adverb of manner placed straight before the
//     authority or document it should govern through a verb ("严格区委部署要求"
//     lacks 落实);
//   - sentence.doubled-predicate: a predicate stated twice with its object
//     ("使群众法治意识明显提高了群众的法治意识");
//   - sentence.repeated-subject: the sentence's subject repeated at the head
//     of a later clause ("我镇……，我镇积极……");
//   - sentence.mixed: two constructions fused, leaving no subject
//     ("通过……，使……") or two predicates for one 为 ("为……营造……提供……保障");
//   - word.de: 的 before a verb it modifies as an adverb (扎实的开展 → 地), 的
//     before a degree complement (落实的很好 → 得), 地 before a noun
//     (显著地成效 → 的);
//   - word.collocation: a verb and an object that do not go together
//     (加强……力度 → 加大, 增强……水平 → 提高, 履行……制度, 水平化).
//
// word.de also asks the dictionary: a two-character word it tags as an
// adverbial adjective (ad: 正确, 努力, 迅速) before 的, and one it tags as a
// verb (v, not the verbal noun vn: 发展, 管理) after it, count like the words
// of the lists.
type grammarRule struct{ g *lang }

func (grammarRule) ID() string { return "grammar" }

func (r grammarRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	for _, s := range l.sentences() {
		rs := s.rs
		if len(rs) < 4 {
			continue
		}
		at := func(rule string, sev Severity, a, b int, msg, sugg string) {
			emit(Finding{Rule: rule, Severity: sev, Line: l.No, Column: s.start + a + 1, Excerpt: string(rs[a:b]),
				Message: msg, Suggestion: sugg, Specificity: 41})
		}
		cs := s.cl
		checkMissingVerb(rs, cs, at)
		checkDoubledPredicate(rs, cs, at)
		checkRepeatedSubject(d, rs, cs, at)
		checkMixed(rs, cs, at)
		checkDe(r.g, rs, at)
		checkCollocation(rs, cs, at)
	}
}

type emitAt func(rule string, sev Severity, a, b int, msg, sugg string)

// clauses returns the [start, end) of each clause of a sentence.
func clauses(rs []rune) [][2]int {
	n := 1
	for _, r := range rs {
		if isClauseEnd(r) {
			n++
		}
	}
	out := make([][2]int, 0, n)
	s := 0
	for i := 0; i <= len(rs); i++ {
		if i == len(rs) || isClauseEnd(rs[i]) {
			if i > s {
				out = append(out, [2]int{s, i})
			}
			s = i + 1
		}
	}
	return out
}

// prefixIn returns the first of words that rs has at i, or "".
func prefixIn(rs []rune, i int, words []string) string {
	for _, w := range words {
		if hasPrefixAt(rs, i, w) {
			return w
		}
	}
	return ""
}

var (
	mannerAdverbs = []string{"严格", "认真", "全面", "坚决", "切实", "深入", "扎实", "积极"}
	authorities   = []string{"党中央", "中央", "国务院", "省委", "省政府", "市委", "市政府", "县委", "县政府", "区委", "区政府",
		"州委", "州政府", "旗委", "镇党委", "乡党委", "街道党工委", "上级", "习近平", "《"}
	governedNouns = []string{"部署", "要求", "精神", "规定", "安排", "指示", "批示", "思想", "意见", "文件", "通知", "决定", "论述", "讲话", "》"}
	governingVerb = []string{"按照", "落实", "执行", "贯彻", "遵照", "依照", "对照", "遵守", "遵循", "学习", "对标", "根据", "依据", "按", "照", "听从", "服从", "领会", "把握", "宣传", "传达"}
)

func checkMissingVerb(rs []rune, cs [][2]int, at emitAt) {
	for _, c := range cs {
		for i := c[0]; i < c[1]-3; i++ {
			if !mannerFirst.has(rs[i]) {
				continue
			}
			adv := prefixIn(rs, i, mannerAdverbs)
			if adv == "" {
				continue
			}
			j := i + runeLen(adv)
			auth := prefixIn(rs, j, authorities)
			if auth == "" {
				continue
			}
			rest := string(rs[j:c[1]])
			if !containsAny(rest, governedNouns...) || containsAny(rest, governingVerb...) {
				continue
			}
			verb := "落实"
			if auth == "习近平" || auth == "《" {
				verb = "学习贯彻"
			}
			at("sentence.missing-verb", Warning, i, j+runeLen(auth),
				fmt.Sprintf("“%s”后直接接“%s……”，缺少谓语动词（成分残缺）", adv, auth),
				adv+verb+auth)
			return
		}
	}
}

var (
	predicateVerbs = []string{"提高", "提升", "增强", "加强", "改善", "完善", "推进", "促进", "强化", "规范", "健全", "深化"}
	causeMarks     = []string{"使", "让", "令", "明显", "显著", "大幅", "进一步", "有效", "不断"}
)

func checkDoubledPredicate(rs []rune, cs [][2]int, at emitAt) {
	for _, c := range cs {
		for i := c[0] + 3; i < c[1]-4; i++ {
			if rs[i+2] != '了' || !predicateFirst.has(rs[i]) {
				continue
			}
			v := prefixIn(rs, i, predicateVerbs)
			if v == "" {
				continue
			}
			after := i + runeLen(v)
			if rs[after] != '了' {
				continue
			}
			before := string(rs[c[0]:i])
			if !containsAny(before, causeMarks...) {
				continue
			}
			// compared without 的: 决策质量 … 了决策的质量
			obj := strings.ReplaceAll(string(rs[after+1:c[1]]), "的", "")
			// the object is repeated: some run of 3+ characters of the words
			// before the verb appears again after it.
			br := []rune(strings.ReplaceAll(before, "的", ""))
			for k := 0; k+3 <= len(br); k++ {
				piece := string(br[k : k+3])
				if !allHan(br[k:k+3]) || strings.Contains(piece, v) {
					continue
				}
				if strings.Contains(obj, piece) {
					at("sentence.doubled-predicate", Warning, c[0], c[1],
						fmt.Sprintf("“%s”前后两次陈述同一对象，谓语重复（句式杂糅）", v),
						"删去“"+v+"了”后的重复宾语，或删去前面的主语")
					return
				}
			}
		}
	}
}

func allHan(rs []rune) bool {
	for _, r := range rs {
		if !isHanChar(r) {
			return false
		}
	}
	return true
}

var (
	selfSubjects = []string{"我镇", "我乡", "我街道", "我县", "我区", "我市", "我局", "我委", "我办", "我所", "镇党委", "镇政府", "乡党委", "乡政府", "街道党工委", "街道办事处"}
	actionStarts = []string{"坚持", "积极", "认真", "严格", "全面", "进一步", "还", "又", "也", "将", "已", "共", "先后", "持续", "不断", "扎实", "切实", "始终", "高度",
		"大力", "深入", "通过", "按照", "结合", "围绕", "聚焦", "组织", "开展", "召开", "制定", "印发", "建立", "完善", "推进", "落实", "加强", "累计", "主动",
		"多次", "定期", "及时", "专门", "带头", "亲自", "研究", "召集"}
)

func checkRepeatedSubject(d *Doc, rs []rune, cs [][2]int, at emitAt) {
	for i := 0; i+1 < len(rs); i++ {
		if rs[i] == '一' && rs[i+1] == '是' {
			return
		}
	}
	if len(cs) < 2 {
		return
	}
	first := 0
	// a leading time phrase: "2024年，" "今年以来，"
	if c := cs[0]; c[1]-c[0] <= 8 && strings.Contains(string(rs[c[0]:c[1]]), "年") && len(cs) > 2 {
		first = 1
	}
	subj := ""
	if selfSubjectFirst.has(rs[cs[first][0]]) {
		subj = prefixIn(rs, cs[first][0], selfSubjects)
	}
	if subj == "" && d.Unit != "" && hasPrefixAt(rs, cs[first][0], d.Unit) {
		subj = d.Unit
	}
	if subj == "" {
		return
	}
	for _, c := range cs[first+1:] {
		if c[1]-c[0] <= 8 && containsAny(string(rs[c[0]:c[1]]), "年", "月", "以来", "期间") {
			return // a new time phrase starts a new topic: "……，2022年以来，我镇……"
		}
		if !hasPrefixAt(rs, c[0], subj) {
			continue
		}
		j := c[0] + runeLen(subj)
		if prefixIn(rs, j, actionStarts) == "" {
			continue
		}
		at("sentence.repeated-subject", Warning, c[0], j,
			fmt.Sprintf("同一句中主语“%s”重复出现", subj), "删去后一个“"+subj+"”")
		return
	}
}

var purposeLeads = []string{"并", "着力", "全力", "努力", "切实", "不断", "积极", "从而", "进而", "以", "旨在"}

func checkMixed(rs []rune, cs [][2]int, at emitAt) {
	// "通过……，使……": the 通过 phrase is not a subject, so the sentence has none.
	if len(cs) >= 2 {
		c0 := cs[0]
		lead := prefixIn(rs, c0[0], []string{"通过", "经过", "随着"})
		if lead != "" && c0[0] == 0 {
			for _, c := range cs[1:min(3, len(cs))] {
				if hasPrefixAt(rs, c[0], "使") || hasPrefixAt(rs, c[0], "让") {
					at("sentence.mixed", Warning, 0, runeLen(lead),
						fmt.Sprintf("“%s……，%c……”缺少主语（句式杂糅）", lead, rs[c[0]]),
						fmt.Sprintf("删去“%s”或“%c”", lead, rs[c[0]]))
					return
				}
			}
		}
	}
	// "为……营造……提供……保障": one 为 with two predicates.
	for _, c := range cs {
		i := c[0]
		if !purposeLeadFirst.has(rs[i]) && rs[i] != '为' {
			continue
		}
		if p := prefixIn(rs, i, purposeLeads); p != "" {
			i += runeLen(p)
		}
		if i >= c[1]-6 || rs[i] != '为' || rs[i+1] == '了' {
			continue
		}
		cl := string(rs[i:c[1]])
		b := strings.Index(cl, "营造")
		if b <= len("为") {
			continue
		}
		e := strings.Index(cl[b:], "提供")
		if e < 0 || strings.ContainsAny(cl[b:b+e], "、和及并") {
			continue
		}
		at("sentence.mixed", Warning, i, c[1],
			"“为……营造……提供……”一个“为”带两个谓语，句式杂糅",
			"改为“为……营造……、提供……”或“为营造……提供……”")
		return
	}
}

var (
	deAdverbs = []string{"扎扎实实", "认认真真", "积极主动", "扎实", "认真", "积极", "有效", "深入", "全面", "切实", "稳步", "有序", "大力", "广泛",
		"持续", "不断", "充分", "严格", "主动", "稳妥", "高效", "有力", "坚决", "迅速", "及时", "依法", "统筹", "精准", "耐心", "细致", "热情", "扎实有效", "规范"}
	deVerbs = []string{"开展", "推进", "落实", "实施", "推动", "执行", "组织", "完成", "解决", "化解", "处理", "宣传", "学习", "贯彻", "提升", "提高",
		"促进", "保障", "维护", "参与", "配合", "做好", "抓好", "加强", "健全", "完善", "整改", "调解", "办理", "回应", "答复", "处置", "排查",
		"引导", "解答", "接待", "审查", "发挥", "加快", "建立", "构建", "打造", "普及", "做到", "践行", "履行", "督促", "指导"}
	deNominalTail = []string{"作用", "工作", "效果", "成效", "力量", "意义", "影响", "态度", "精神", "机制", "能力", "水平", "氛围", "体系", "格局", "措施", "举措", "局面", "态势", "方式", "方法",
		"程序", "制度", "流程", "标准", "环节", "结果", "意见", "报告", "对象", "范围", "要求", "事项", "内容", "情况", "任务", "目标", "职责"}
	// a verb before the adverb makes "adverb 的 verb" its object, a noun
	// phrase: 执行严格的审查程序, 开展认真的调查研究
	deNominalLead = []string{"了", "取得", "发挥", "起到", "得到", "有", "给予", "提供", "实现", "受到", "获得", "形成", "作出", "做出", "一次", "是",
		"执行", "实行", "坚持", "建立", "完善", "进行", "开展", "经过", "通过", "接受"}
	// first characters of words ending in 得 that a slip writes with 的
	deWordsInDe = "取获显使值记觉"
	// a verb followed by one of these is a noun (积极的参与者, 广泛的参与度)
	deNominalSuffix = "者度性率面权员式型类化力点"
	degreeWords     = []string{"很", "非常", "比较", "较为", "十分", "特别", "不够", "不太", "更加", "越来越", "还不够", "不错", "扎实", "到位", "有声有色", "井井有条", "较好", "很好", "不好"}
	notDegree       = []string{"很多", "很少", "较多", "较少", "不少", "更多", "非常多", "比较多", "特别多"}
	deDoVerbs       = []string{"落实", "开展", "推进", "执行", "完成", "组织", "宣传", "配合", "处理", "做", "干", "抓", "搞", "办", "管", "学", "用"}
	diAdjs          = []string{"显著", "良好", "积极", "明显", "重要", "突出", "浓厚", "扎实", "有力", "坚实"}
	diNouns         = []string{"成效", "效果", "作用", "氛围", "成绩", "局面", "基础", "影响", "进展", "态势", "环境", "保障"}
)

func checkDe(g *lang, rs []rune, at emitAt) {
	pos := func(a, b int) string {
		if g == nil || a < 0 || b > len(rs) {
			return ""
		}
		return g.shortPos(rs[a:b])
	}
	for i := 2; i < len(rs)-2; i++ {
		switch rs[i] {
		case '的':
			// adverb + 的 + verb + object
			v := ""
			if deVerbFirst.has(rs[i+1]) {
				v = prefixIn(rs, i+1, deVerbs)
			}
			if v == "" && i+3 < len(rs) && pos(i+1, i+3) == "v" {
				v = string(rs[i+1 : i+3])
			}
			adv := ""
			if v != "" {
				if deBeforeLast.has(rs[i-1]) {
					adv = suffixIn(rs, i, deAdverbs)
				}
				if adv == "" && pos(i-2, i) == "ad" {
					adv = string(rs[i-2 : i])
				}
			}
			if adv != "" && v != "" {
				e := i + 1 + runeLen(v)
				a := i - runeLen(adv)
				lead := string(rs[max(0, a-4):a])
				if e < len(rs) && (isHanChar(rs[e]) || rs[e] == '“' || rs[e] == '《') &&
					prefixIn(rs, e, deNominalTail) == "" && !strings.ContainsRune(deNominalSuffix, rs[e]) && !containsAny(lead, deNominalLead...) {
					at("word.de", Warning, a, e, fmt.Sprintf("“%s”修饰动词“%s”，应用“地”", adv, v), adv+"地"+v)
					continue
				}
			}
			// 取的了成效 for 取得: 的 after the first character of a word
			// in 得 (取得, 获得, 显得, 使得, 值得, 记得, 觉得) that is not itself the
			// end of a word (采取的措施, 明显的变化, 书记的带头作用).
			if strings.ContainsRune(deWordsInDe, rs[i-1]) && g != nil && g.shortFreq(rs[i-2:i]) < minExplainFreq &&
				(isHanChar(rs[i+1]) || rs[i+1] == '了') {
				at("word.de", Warning, i-1, i+1, fmt.Sprintf("“%c的”应为“%c得”", rs[i-1], rs[i-1]), string(rs[i-1])+"得")
				continue
			}
			if !deBeforeLast.has(rs[i-1]) {
				continue
			}
			// verb + 的 + degree complement
			if v := suffixIn(rs, i, deDoVerbs); v != "" {
				if prefixIn(rs, i+1, notDegree) == "" {
					if dg := prefixIn(rs, i+1, degreeWords); dg != "" && !(i+1+runeLen(dg) < len(rs) && isHanChar(rs[i+1+runeLen(dg)]) && dg == "很" && prefixIn(rs, i+2, []string{"多", "少"}) != "") {
						a := i - runeLen(v)
						at("word.de", Warning, a, i+1+runeLen(dg), fmt.Sprintf("动词“%s”后接程度补语，应用“得”", v), v+"得"+dg)
						continue
					}
				}
			}
		case '地':
			if adj := suffixIn(rs, i, diAdjs); adj != "" {
				j := i + 1
				if m := prefixIn(rs, j, []string{"法治", "学法", "普法", "社会", "发展", "工作"}); m != "" {
					j += runeLen(m) // 浓厚地法治氛围
				}
				if n := prefixIn(rs, j, diNouns); n != "" {
					a := i - runeLen(adj)
					at("word.de", Warning, a, j+runeLen(n), fmt.Sprintf("“%s”修饰名词“%s”，应用“的”", adj, n), adj+"的"+string(rs[i+1:j])+n)
				}
			}
		}
	}
}

// suffixIn returns the first of words that ends just before rs[i].
func suffixIn(rs []rune, i int, words []string) string {
	for _, w := range words {
		n := runeLen(w)
		if i-n >= 0 && hasPrefixAt(rs, i-n, w) {
			return w
		}
	}
	return ""
}

// collocation: verb … head in one clause is wrong; right replaces the verb
// (or, with no verb, the head itself).
type collocation struct {
	verb, head, right, why string
	gap                    int // most runes between verb and head
}

var collocations = []collocation{
	{"加强", "力度", "加大", "“力度”与“加大”搭配", 14},
	{"提高", "力度", "加大", "“力度”与“加大”搭配", 14},
	{"扩大", "力度", "加大", "“力度”与“加大”搭配", 14},
	{"增强", "水平", "提高", "“水平”与“提高”“提升”搭配", 14},
	{"加大", "水平", "提高", "“水平”与“提高”“提升”搭配", 14},
	{"履行", "制度", "执行", "“履行”搭配“职责”“义务”，“制度”应“执行”“落实”", 14},
	{"召开", "活动", "开展", "“召开”搭配“会议”，“活动”应“开展”“举办”", 12},
	{"召开", "讲座", "举办", "“召开”搭配“会议”，“讲座”应“举办”", 12},
	{"开展", "会议", "召开", "“会议”应“召开”", 10},
	{"", "水平化", "水平", "“水平化”不成词", 0},
}

var (
	mannerFirst          = firstRunes(mannerAdverbs)
	predicateFirst       = firstRunes(predicateVerbs)
	deBeforeLast         = lastRunes(deAdverbs, deDoVerbs)
	deVerbFirst          = firstRunes(deVerbs)
	selfSubjectFirst     = firstRunes(selfSubjects)
	purposeLeadFirst     = firstRunes(purposeLeads)
	collocationHeadFirst = func() *runeSet {
		var heads []string
		for _, c := range collocations {
			heads = append(heads, c.head)
		}
		return firstRunes(heads)
	}()
)

func checkCollocation(rs []rune, cs [][2]int, at emitAt) {
	for _, c := range cs {
		cl := rs[c[0]:c[1]]
		for h := range cl {
			if !collocationHeadFirst.has(cl[h]) {
				continue
			}
			for _, co := range collocations {
				if !hasPrefixAt(cl, h, co.head) {
					continue
				}
				if co.verb == "" {
					at("word.collocation", Warning, c[0]+h, c[0]+h+runeLen(co.head), co.why, co.right)
					continue
				}
				v := lastIndexRunes(cl[:h], co.verb)
				if v < 0 || h-(v+runeLen(co.verb)) > co.gap {
					continue
				}
				between := string(cl[v+runeLen(co.verb) : h])
				if strings.Contains(between, co.right) || containsAny(between, "和", "并", "、", "及") {
					continue
				}
				end := h + runeLen(co.head)
				if co.head == "会议" && end < len(cl) && isHanChar(cl[end]) && !strings.ContainsRune("次场期等", cl[end]) {
					continue // 开展会议精神学习
				}
				if co.head == "制度" && !strings.Contains(between, "职责") && !strings.Contains(between, "义务") && end < len(cl) {
					continue
				}
				at("word.collocation", Warning, c[0]+v, c[0]+end,
					fmt.Sprintf("“%s”与“%s”搭配不当：%s", co.verb, co.head, co.why), co.right)
			}
		}
	}
}

func lastIndexRunes(rs []rune, w string) int {
	for i := len(rs) - runeLen(w); i >= 0; i-- {
		if hasPrefixAt(rs, i, w) {
			return i
		}
	}
	return -1
}
