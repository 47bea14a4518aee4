package proofread

import (
	"strings"
	"testing"
)

// ruleCase: the paragraph is checked inside a complete report (body) and
// the findings of rules with the prefix are compared as "rule:excerpt".
type ruleCase struct {
	name, para string
	want       []string
}

func runRuleCases(t *testing.T, prefix string, cases []ruleCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := coreCheck(t, coreBody(tc.para))
			var got []string
			for _, f := range coreOnly(r, prefix) {
				got = append(got, f.Rule+":"+f.Excerpt)
			}
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
				t.Errorf("%s\n got  %q\n want %q", tc.para, got, tc.want)
			}
		})
	}
}

func TestPunctPairs(t *testing.T) {
	runRuleCases(t, "punct.", []ruleCase{
		{"balanced", "开展“以案释法”活动，学习《宪法》（2018年修正）。", nil},
		{"missing closing quote", "深入抓好“八五普法。", []string{"punct.unbalanced:“"}},
		{"missing opening bracket", "学习宪法）等法律。", []string{"punct.unbalanced:）"}},
		{"unclosed book title", "学习《民法典等法律。", []string{"punct.unbalanced:《"}},
		{"closing quote typed as opening", "落实行政执法”三项制度”。", []string{"punct.unbalanced:”三项制度”"}},
		{"nested double quotes", "以“民法入课堂、宣传声“入耳””三招法推进。", []string{"punct.nested-quote:“入耳”"}},
		{"single quotes inside double are right", "他说“要做到‘有备必审’”。", nil},
		{"single quotes at top level", "使其成为基层治理的‘多面手’。", []string{"punct.nested-quote:‘多面手’"}},
		{"enum comma between titles", "学习《宪法》、《民法典》等。", []string{"punct.enum-comma:、"}},
		{"enum comma between quotes", "推广“粤省事”、“粤政易”。", []string{"punct.enum-comma:、"}},
		{"no comma between titles is right", "学习《宪法》《民法典》等。", nil},
		{"bracketed note between titles", "学习《民法典》（2020年）、《宪法》等。", nil},
		{"comma between plain words", "学习宪法、民法典等。", nil},
	})
}

func TestPunctHalfwidth(t *testing.T) {
	runRuleCases(t, "punct.halfwidth", []ruleCase{
		{"one comma", "深入推进法治宣传教育,带头做好系统内普法。", []string{"punct.halfwidth:,"}},
		{"bracket pair once", "村(社区)法律顾问为补充。", []string{"punct.halfwidth:(社区)"}},
		{"colon", "主要表现在:一是不足。", []string{"punct.halfwidth::"}},
		{"numbers keep their marks", "发放1,000份，时间11:30，型号ABC(2)。", nil},
		{"Latin text keeps its marks", "使用 LED (light) 屏。", nil},
		{"full-width is right", "深入推进法治宣传教育，带头做好（社区）普法：一是。", nil},
	})
	// A text with half-width marks throughout gets one finding.
	var paras []string
	for i := 0; i < 10; i++ {
		paras = append(paras, "2022年,我镇依法行政,成效明显:一是学习;二是宣传。")
	}
	r := coreCheck(t, strings.ReplaceAll(coreBody(strings.Join(paras, "\n")), "，", ","))
	hw := coreOnly(r, "punct.halfwidth")
	if len(hw) != 1 || !strings.Contains(hw[0].Message, "全文使用半角") {
		t.Fatalf("half-width throughout: %d findings %+v", len(hw), hw)
	}
}

func TestPunctRange(t *testing.T) {
	runRuleCases(t, "punct.range", []ruleCase{
		{"mixed year ranges", "贯彻《纲要（2021—2025年）》和《规划（2021-2025年）》。", []string{"punct.range:2021-2025"}},
		{"consistent", "贯彻《纲要（2021—2025年）》和《规划（2021—2025年）》。", nil},
		{"years and values apart", "贯彻《纲要（2021—2025年）》，每人25～30学时。", nil},
		{"mixed value ranges", "每人25～30学时，每村3-5人。", []string{"punct.range:3-5"}},
		{"dates and phones are not ranges", "电话0571-88888888，日期2023-01-04，纲要（2021—2025年）。", nil},
	})
}

func TestYearRelative(t *testing.T) {
	runRuleCases(t, "year.relative", []ruleCase{
		{"今年以来", "今年以来，共开展普法活动12次。", []string{"year.relative:今年以来"}},
		{"今年来", "今年来，共处理化解50余起矛盾纠纷。", []string{"year.relative:今年来"}},
		{"今年 and 明年", "今年我镇有78人通过考试，明年继续。", []string{"year.relative:今年", "year.relative:明年"}},
		{"explicit year", "2022年以来，共开展普法活动12次。", nil},
		{"一年来 is fine", "一年来，全镇各级党组织坚持依法行政。", nil},
	})
	r := coreCheck(t, coreBody("今年以来，共开展普法活动12次。"))
	if f := coreOnly(r, "year.relative"); len(f) != 1 || f[0].Suggestion != "2022年以来" {
		t.Fatalf("suggestion: %+v", f)
	}
}

func TestYearMismatch(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"consistent",
			"某镇2022年法治政府建设工作报告\n2022年，我镇依法行政。现将我镇2022年法治政府建设情况报告如下：\n一、2022年度主要举措和成效\n2022年，开展普法12次。2021年以来累计开展30次。\n二、存在的不足和原因\n能力不足。\n三、2023年工作安排\n2023年，我镇将继续加强学习。\n",
			nil},
		{"plan heading dated this year",
			"某镇2022年法治政府建设工作报告\n一、2022年度主要举措和成效\n开展普法。\n二、2022年工作安排\n继续学习。\n",
			[]string{"year.mismatch@4:2022年"}},
		{"work heading dated last year",
			"某镇2022年法治政府建设工作报告\n一、2021年度主要举措和成效\n开展普法。\n",
			[]string{"year.mismatch@2:2021年"}},
		{"opening paragraph with another year",
			"某镇2022年法治政府建设工作报告\n2021年，我镇坚持依法行政，取得成效。现将有关情况报告如下：\n",
			[]string{"year.mismatch@2:2021年"}},
		{"work dated after the report year",
			"某镇2022年法治政府建设工作报告\n一、主要举措和成效\n开展普法。2023年，开展普法活动12次。\n",
			[]string{"year.mismatch@3:2023年"}},
		{"plan sentence dated this year",
			"某镇2022年法治政府建设工作报告\n一、主要举措和成效\n开展普法。\n二、下一步工作打算\n2022年，我镇将继续加强学习。\n",
			[]string{"year.mismatch@5:2022年"}},
		{"future intention in the work part is fine",
			"某镇2022年法治政府建设工作报告\n一、主要举措和成效\n开展普法。2023年我们将继续动员参考。\n",
			nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := coreCheck(t, tc.text)
			var got []string
			for _, f := range coreOnly(r, "year.mismatch") {
				got = append(got, f.Rule+"@"+coreItoa(f.Line)+":"+f.Excerpt)
			}
			if strings.Join(got, " ") != strings.Join(tc.want, " ") {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestArith(t *testing.T) {
	runRuleCases(t, "arith.", []ruleCase{
		{"balance holds", "上级交办信访案件88件，我镇已办结77件，剩余11件正在积极办理中。", nil},
		{"balance broken", "收到信访件88件，办结77件，剩余12件。", []string{"arith.sum:88件，办结77件，剩余12件"}},
		{"approximate totals are not checked", "收到信访件80余件，办结77件，剩余12件。", nil},
		{"breakdown within total", "共开展52次法制宣传活动，其中进学校8次、进企业10次。", nil},
		{"breakdown exceeds total", "共开展12次法制宣传活动，其中进学校8次、进企业10次。", []string{"arith.sum:12次法制宣传活动，其中进学校8次、进企业10次"}},
		{"分别 must add up", "共培训30人，其中分别为领导干部10人、执法人员15人。", []string{"arith.sum:30人，其中分别为领导干部10人、执法人员15人"}},
		{"other units do not count", "共开展12次活动，其中发放资料500份、进学校8次。", nil},
		{"rate holds", "安置帮教共146人，安置146人，安置率100%，帮教140人，帮教率95.9%。", nil},
		{"rate broken", "安置帮教共146人，安置120人，安置率100%。", []string{"arith.percent:100%"}},
		{"rate without its count is not checked", "全镇干部编制28人，已取得执法证21人，持证率100%。", nil},
	})
}

func TestOneFindingPerSpan(t *testing.T) {
	// "(二)" is both a half-width bracket pair and a heading of the wrong
	// form: the heading rule, more specific, reports it alone.
	r := coreCheck(t, "某镇2022年报告\n一、主要举措和成效\n（一）学法。\n(二)普法。\n（三）用法。\n")
	var at []string
	for _, f := range r.Findings {
		if f.Line == 4 && f.Column == 1 {
			at = append(at, f.Rule)
		}
	}
	if strings.Join(at, ",") != "numbering.style" {
		t.Errorf("findings on (二): %v, want only numbering.style", at)
	}
	// A clause-long arithmetic finding is not hidden by a short one inside it.
	f := dedupe([]Finding{
		{Rule: "arith.sum", Line: 3, Column: 1, Excerpt: "88件，办结77件，剩余12件"},
		{Rule: "word.confusable", Line: 3, Column: 5, Excerpt: "办结"},
		{Rule: "punct.halfwidth", Line: 3, Column: 5, Excerpt: "办"},
	})
	var rules []string
	for _, x := range f {
		rules = append(rules, x.Rule)
	}
	if strings.Join(rules, ",") != "arith.sum,word.confusable" {
		t.Errorf("dedupe kept %v", rules)
	}
}
