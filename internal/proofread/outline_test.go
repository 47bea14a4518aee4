package proofread

import (
	"strings"
	"testing"
)

func TestHeadingAt(t *testing.T) {
	for _, tc := range []struct {
		line  string
		level int
		num   int
		style string
	}{
		{"一、聚焦习近平法治思想", 1, 1, "N、"},
		{"十二、其他", 1, 12, "N、"},
		{"二十一、其他", 1, 21, "N、"},
		{"一、2021年度推进法治政府建设的主要举措和成效", 1, 1, "N、"},
		{"第三部分 存在的问题", 1, 3, "第N部分"},
		{"（一）落实学法制度。坚持……", 2, 1, "（N）"},
		{"(二)强化文件审查", 2, 2, "(N)"},
		{"（三）、加强普法", 2, 3, "（N）、"},
		{"1.继续加强法制培训", 3, 1, "n."},
		{"2、在行政决策过程中", 3, 2, "n、"},
		{"１．全角序号", 3, 1, "ｎ．"},
		{"（1）细项", 4, 1, "（n）"},
		{"(12)细项", 4, 12, "(n)"},
		// not headings
		{"12.4宪法宣传日", 0, 0, ""},
		{"2022年，我镇……", 0, 0, ""},
		{"3.25亩", 0, 0, ""},
		{"一是继续加大学习", 0, 0, ""},
		{"一村一法律顾问", 0, 0, ""},
		{"（2021—2025年）", 0, 0, ""},
		{"100.项目", 0, 0, ""},
		{"一", 0, 0, ""},
		{"5、6月份开展专项整治", 0, 0, ""},
		{"1、2022年开展普法", 3, 1, "n、"},
	} {
		m := headingAt([]rune(tc.line))
		if tc.level == 0 {
			if m != nil {
				t.Errorf("%q: heading %+v, want none", tc.line, m)
			}
			continue
		}
		if m == nil || m.level != tc.level || m.num != tc.num || m.style != tc.style {
			t.Errorf("%q: %+v, want level %d num %d style %s", tc.line, m, tc.level, tc.num, tc.style)
		}
	}
}

func coreFindingsAt(fs []Finding) string {
	var s []string
	for _, f := range fs {
		s = append(s, f.Rule+"@"+coreItoa(f.Line)+":"+f.Excerpt)
	}
	return strings.Join(s, " ")
}

func TestNumbering(t *testing.T) {
	for _, tc := range []struct {
		name, text, want string
	}{
		{"clean hierarchy", "标题2022年\n一、甲\n（一）子\n1.细\n（1）更细\n（2）更细\n2.细\n（二）子\n二、乙\n", ""},
		{"skip at level 1", "标题2022年\n一、甲\n二、乙\n四、丁\n", "numbering.skip@4:四、"},
		{"skip at start", "标题2022年\n二、乙\n三、丙\n", "numbering.skip@2:二、"},
		{"duplicate", "标题2022年\n一、甲\n（一）子\n（一）子\n", "numbering.duplicate@4:（一）"},
		{"going back", "标题2022年\n一、甲\n（一）子\n（二）子\n（三）子\n（二）子\n", "numbering.duplicate@6:（二）"},
		{"restart under new parent is fine", "标题2022年\n一、甲\n（一）子\n二、乙\n（一）子\n", ""},
		{"level jump", "标题2022年\n一、甲\n1.细\n2.细\n二、乙\n（一）子\n", "numbering.level@3:1."},
		{"mixed level-3 styles flag the non-standard", "标题2022年\n一、甲\n（一）子\n1、细\n2、细\n（二）子\n1.细\n", "numbering.style@4:1、 numbering.style@5:2、"},
		{"consistent non-standard style is not mixed", "标题2022年\n一、甲\n（一）子\n1、细\n2、细\n（二）子\n1、细\n", ""},
		{"half-width brackets among full", "标题2022年\n一、甲\n（一）子\n(二)子\n（三）子\n", "numbering.style@4:(二)"},
		{"comma after bracket", "标题2022年\n一、甲\n（一）、子\n", "numbering.style@3:（一）、"},
		{"runs", "标题2022年\n一、甲\n一是学习。二是宣传。四是调解。\n", "numbering.skip@3:四是"},
		{"run repeated", "标题2022年\n一、甲\n一是学习；二是宣传；二是调解。\n", "numbering.duplicate@3:二是"},
		{"run across paragraphs", "标题2022年\n一、甲\n一是学习。\n二是宣传。\n三是调解。\n二、乙\n一是继续。\n", ""},
		{"统一是 is not a run", "标题2022年\n一、甲\n一是学习，标准统一是关键，三是调解。\n", "numbering.skip@3:三是"},
		{"第一，第二，", "标题2022年\n一、甲\n第一，学习。第三，调解。\n", "numbering.skip@3:第三，"},
		{"no headings at all", "标题2022年\n我镇依法行政。\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := coreCheck(t, tc.text)
			if got := coreFindingsAt(coreOnly(r, "numbering.")); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestParts(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		found      [5]bool
	}{
		{"mandated words", coreBody("我镇依法行政。"), [5]bool{true, true, true, true, true}},
		{"thematic sections, passage of shortcomings, plan heading",
			"某镇2022年法治政府建设工作情况报告\n一、聚焦习近平法治思想，强化组织领导\n（一）落实法治政府建设主体责任。镇党委书记履行第一责任人职责。\n二、聚焦依法治理\n我们的工作还存在一些问题和不足：一是能力不够。\n三、下步工作思路\n一是继续学习。\n",
			[5]bool{true, true, true, true, false}},
		{"problems and measures in one heading",
			"某镇2022年报告\n一、加强学习\n二、存在的问题及改进措施\n（一）存在问题\n",
			[5]bool{true, true, false, true, false}},
		{"next year by its number", "某镇2023年报告\n一、工作开展情况\n二、2024年工作打算\n", [5]bool{true, false, false, true, false}},
		{"closing paragraph is not a plan",
			"某镇2021年度法治建设工作报告\n一、高度重视\n二、广泛宣传\n法制建设工作任务十分艰巨。我们将在今后的工作中，努力开创新局面。\n",
			[5]bool{true, false, false, false, false}},
		{"no headings", "某镇2021年度报告\n2021年，我镇依法行政，成效明显。\n全年开展普法活动。\n还有不少工作要做。\n", [5]bool{true, false, false, false, false}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := coreCheck(t, tc.text)
			var missing []string
			for i, p := range r.Parts {
				if p.Found != tc.found[i] {
					t.Errorf("part %d (%s) found=%v, want %v", i+1, p.Part, p.Found, tc.found[i])
				}
				if !p.Found {
					missing = append(missing, p.Part)
				}
			}
			mp := coreOnly(r, "outline.missing-part")
			for _, f := range mp {
				if noHeadings := strings.Contains(f.Message, "没有“一、（一）1.”之类的序号标题"); noHeadings != (len(r.Outline) == 0) {
					t.Errorf("%d headings but message %q", len(r.Outline), f.Message)
				}
			}
			if len(mp) != len(missing) {
				t.Fatalf("%d missing-part findings for %d missing parts", len(mp), len(missing))
			}
			for _, f := range mp {
				want := Error
				if strings.Contains(f.Message, "其他需要报告") {
					want = Info
				}
				if f.Severity != want {
					t.Errorf("%s: severity %s, want %s", f.Message, f.Severity, want)
				}
			}
		})
	}
}

func TestDetect(t *testing.T) {
	for _, tc := range []struct {
		text, unit, level string
		year              int
	}{
		{"屏南镇2022年法治政府建设工作情况报告\n正文。", "屏南镇", "乡镇", 2022},
		{"广元市昭化区昭化镇人民政府\n关于报送2021年度法治政府建设工作情况的\n报告\n", "昭化镇", "乡镇", 2021},
		{"中共大柳镇委员会 大柳镇人民政府关于2023年法治政府建设工作报告\n", "大柳镇", "乡镇", 2023},
		{"某县城关街道2024年法治政府建设年度报告\n", "城关街道", "街道", 2024},
		{"某县司法局关于2023年度法治政府建设情况的报告\n", "某县司法局", "部门", 2023},
		{"泰顺县人民政府关于2022年度法治政府建设情况的报告\n", "泰顺县", "县", 2022},
		{"法治政府建设工作报告\n2023年，我镇坚持依法行政，取得了积极成效，现将有关情况报告如下：\n", "", "", 2023},
		{"某镇法治乡镇创建工作总结（2021-2025年）\n", "某镇", "乡镇", 0},
	} {
		r := coreCheck(t, tc.text)
		if r.Unit != tc.unit || r.Level != tc.level || r.Year != tc.year {
			t.Errorf("%q: unit %q level %q year %d, want %q %q %d", tc.text, r.Unit, r.Level, r.Year, tc.unit, tc.level, tc.year)
		}
	}
}
