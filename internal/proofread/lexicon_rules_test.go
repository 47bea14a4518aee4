package proofread

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestDuplicate(t *testing.T) {
	tests := []struct {
		text    string
		excerpt string // "" means silent
		col     int
	}{
		{"我镇的的法治建设取得成效。", "的的", 3},
		{"要进一步进一步加强学习。", "进一步进一步", 2},
		{"做好工作工作。", "工作工作", 3},
		{"及时在政务公开栏公布相关行政行政决策。", "行政行政", 13},
		{"是是否依法行政。", "", 0}, // 是 + 是否 would be 是是否: listed boundary
		{"我们常常深入村组，人人学法，层层落实。", "", 0},
		{"家家户户都知晓，一一对应整改。", "", 0},
		{"切切实实、实实在在地解决问题。", "", 0},
		{"的的确确取得成效，达到目的的同时。", "", 0},
		{"学习习近平法治思想，转变工作作风。", "", 0},
		{"具体体现在调解解决纠纷，委员会会议通过。", "", 0},
		{"组织学习宪法法律。", "", 0},
		{"一步一步推进，一点一点落实。", "", 0},
		{"共有11人，二十二个村。", "", 0},
		{"为了了解群众需求，对情况进行了了解。", "", 0},
		{"可以以多种形式开展。", "", 0},
		{"研究研究再定。", "", 0},
		{"关键是是非观念要清楚。", "", 0},
		{"明确镇党委书记是推进法法治政府建设第一责任人。", "法法", 11},
		{"法法治建设", "法法", 1},
		{"加强建建设。", "建建", 3},
		{"开展工工作。", "工工", 3},
		{"学习宪法法律和宪法法治精神，学习行政诉讼法法律条文。", "", 0},
		{"推进行政政府职能转变，创建建设示范，员工工作有序。", "", 0},
		{"坚持依法治理，抓好骨干干部培训，做好协调调解工作。", "", 0},
		{"哈哈哈", "", 0},
		{"这项工作在在全镇推开。", "在在", 5},
	}
	for _, tt := range tests {
		fs := findingsOf(checkText(2022, tt.text), "char.duplicate")
		if tt.excerpt == "" {
			if len(fs) > 0 {
				t.Errorf("%q: want silence, got %+v", tt.text, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Excerpt != tt.excerpt || fs[0].Column != tt.col {
			t.Errorf("%q: got %+v, want %q at column %d", tt.text, fs, tt.excerpt, tt.col)
			continue
		}
		if fs[0].Severity != Error || fs[0].Suggestion != string([]rune(tt.excerpt)[:len([]rune(tt.excerpt))/2]) {
			t.Errorf("%q: severity/suggestion %+v", tt.text, fs[0])
		}
	}
}

func TestLatin(t *testing.T) {
	tests := []struct {
		text    string
		excerpt string
	}{
		{"依法规范镇级部门的行政行为 and 经营服务行为。", "and"},
		{"由XX同志负责。", "XX"},
		{"截至xxx年底完成。", "xxx"},
		{"这是the最好的办法。", "the"},
		{"利用LED电子显示屏滚动播放。", ""},
		{"推广APP、PPT和GDP统计。", ""},
		{"拨打12345热线，加QQ群。", ""},
		{"身份证号码为11010519491231002X的当事人。", ""},
		{"详见http://www.gov.cn/zhengce/xxgk.htm网页。", ""},
		{"发送至fazhi@example.gov.cn邮箱。", ""},
		{"道路长3km，面积20m²。", ""},
		{"开通5G基站，配发N95口罩，PM2.5下降。", ""},
		{"使用WiFi和iPhone办公。", ""},
		{"Word文档和app均可。", ""},
		{"This line is English text with a few 中文 words.", ""},
		{"A级景区、B超检查。", ""},
		{"使用Excel表格和Zoom会议。", ""},
		{"推进法治zhengfu建设。", "zhengfu"},
		{"拍摄普法vlog短视频。", ""},
		{"And开展活动。", "And"},
	}
	for _, tt := range tests {
		fs := findingsOf(checkText(2022, tt.text), "script.latin")
		if tt.excerpt == "" {
			if len(fs) > 0 {
				t.Errorf("%q: want silence, got %+v", tt.text, fs)
			}
			continue
		}
		if len(fs) != 1 || fs[0].Excerpt != tt.excerpt {
			t.Errorf("%q: got %+v, want %q", tt.text, fs, tt.excerpt)
			continue
		}
		if got := string([]rune(tt.text)[fs[0].Column-1 : fs[0].Column-1+len(tt.excerpt)]); got != tt.excerpt {
			t.Errorf("%q: column %d points at %q", tt.text, fs[0].Column, got)
		}
	}
}

func TestCite(t *testing.T) {
	tests := []struct {
		name    string
		year    int
		text    string
		rule    string // "" means silent
		excerpt string
		sugg    string
	}{
		{"short law titles", 2022, "学习《宪法》、《民法典》、《社区矫正法》。", "", "", ""},
		{"full titles", 2022, "学习《中华人民共和国保守国家秘密法》《中华人民共和国宪法》。", "", "", ""},
		{"regulation both ways", 2022, "落实《政府信息公开条例》和《中华人民共和国政府信息公开条例》。", "", "", ""},
		{"party regulations", 2023, "贯彻《党政主要负责人履行推进法治建设第一责任人职责规定》《中国共产党纪律处分条例》。", "", "", ""},
		{"version note", 2022, "学习《中华人民共和国行政处罚法（2021年修订）》。", "", "", ""},
		{"amendment", 2023, "学习《刑法修正案（十二）》。", "", "", ""},
		{"miswritten law", 2022, "学习《行政处法法》。", "cite.law-title", "《行政处法法》", "《行政处罚法》"},
		{"missing 政府 in regulation", 2022, "落实《中华人民共和国信息公开条例》。", "cite.law-title", "《中华人民共和国信息公开条例》", "《中华人民共和国政府信息公开条例》"},
		{"wrong character", 2022, "学习《反有组织犯罪发》", "", "", ""},
		{"miswritten long law", 2022, "学习《中华人民共和国未成年人保户法》。", "cite.law-title", "《中华人民共和国未成年人保户法》", "《中华人民共和国未成年人保护法》"},
		{"local regulation", 2022, "学习《浙江省信访条例》《广东省安全生产条例》。", "", "", ""},
		{"not laws", 2022, "制定《屏南镇2023法治建设工作要点》《普法责任制清单》《北和镇“三重一大”事项决策制度》《孙子兵法》和《某镇管理办法》。", "", "", ""},
		{"report title", 2022, "报送《关于2022年法治政府建设情况的报告》。", "", "", ""},
		{"outline right", 2021, "根据《法治政府建设实施纲要（2021-2025年）》。", "", "", ""},
		{"outline without years", 2021, "根据《法治政府建设实施纲要》。", "", "", ""},
		{"outline wrong years", 2022, "根据《法治政府建设实施纲要（2020—2025年）》。", "cite.document-title", "《法治政府建设实施纲要（2020—2025年）》", "《法治政府建设实施纲要（2021—2025年）》"},
		{"society outline wrong years", 2022, "落实《法治社会建设实施纲要（2021—2025年）》。", "cite.document-title", "《法治社会建设实施纲要（2021—2025年）》", "《法治社会建设实施纲要（2020—2025年）》"},
		{"china plan wrong years", 2022, "落实《法治中国建设规划（2021—2025年）》。", "cite.document-title", "《法治中国建设规划（2021—2025年）》", "《法治中国建设规划（2020—2025年）》"},
		{"八五 with 七五 wording", 2022, "落实《关于在公民中开展法治宣传教育的第八个五年规划（2021—2025年）》。", "cite.document-title", "《关于在公民中开展法治宣传教育的第八个五年规划（2021—2025年）》", "《中央宣传部、司法部关于开展法治宣传教育的第八个五年规划（2021—2025年）》"},
		{"outline lacking 实施", 2022, "根据《法治政府建设纲要（2021—2025年）》。", "cite.document-title", "《法治政府建设纲要（2021—2025年）》", "《法治政府建设实施纲要（2021—2025年）》"},
		{"short title near 法治中国建设规划", 2022, "制定《法治政府建设规划》。", "", "", ""},
		{"local plan is not the outline", 2022, "制定《某县法治政府建设实施方案（2021—2025年）》。", "", "", ""},
		{"八五 right", 2022, "落实《关于开展法治宣传教育的第八个五年规划（2021—2025年）》。", "", "", ""},
		{"provincial outline", 2022, "以《广东省法治政府建设实施纲要》为纲领。", "", "", ""},
		{"法治审核 in the 2018 guideline", 2022, "落实《关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》。", "", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var fs []Finding
			for _, f := range checkText(tt.year, tt.text) {
				if strings.HasPrefix(f.Rule, "cite.") {
					fs = append(fs, f)
				}
			}
			if tt.rule == "" {
				if len(fs) > 0 {
					t.Fatalf("want silence, got %+v", fs)
				}
				return
			}
			if len(fs) != 1 || fs[0].Rule != tt.rule || fs[0].Excerpt != tt.excerpt || fs[0].Suggestion != tt.sugg {
				t.Fatalf("got %+v, want %s %q → %q", fs, tt.rule, tt.excerpt, tt.sugg)
			}
			if got := string([]rune(tt.text)[fs[0].Column-1 : fs[0].Column-1+len([]rune(tt.excerpt))]); got != tt.excerpt {
				t.Errorf("column %d points at %q", fs[0].Column, got)
			}
		})
	}
}

// TestLawList_CoverageAgainstShared reads ../shared/domain/laws.tsv (titles
// in short form, reference data kept outside the repository) and logs what
// share of its laws and administrative regulations the built-in list knows;
// it fails if the built-in list misses most of the national laws.
func TestLawList_CoverageAgainstShared(t *testing.T) {
	shared := sharedDir(t)
	data, err := os.ReadFile(filepath.Join(shared, "domain", "laws.tsv"))
	if err != nil {
		t.Skip("reads ../shared/domain/laws.tsv, which is absent here")
	}
	laws, aliases, err := loadLaws(Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := newCiteRule(laws, aliases, nil)
	total := map[string]int{}
	known := map[string]int{}
	var missing []string
	for i, line := range strings.Split(string(data), "\n") {
		cols := strings.Split(line, "\t")
		if i == 0 || len(cols) < 2 || cols[1] == "" {
			continue
		}
		cat := cols[0]
		if cat != "行政法规" && cat != "部门规章" && cat != "其他" {
			cat = "法律"
		}
		total[cat]++
		if _, ok := c.laws[normTitle(strings.TrimPrefix(cols[1], cnPrefix))]; ok || strings.Contains(cols[1], "修正案") {
			known[cat]++
		} else if cat == "法律" {
			missing = append(missing, cols[1])
		}
	}
	for cat, n := range total {
		t.Logf("coverage of ../shared/domain/laws.tsv %s: %d of %d (%.0f%%)", cat, known[cat], n, 100*float64(known[cat])/float64(n))
	}
	if len(missing) > 0 {
		t.Logf("laws not in the built-in list: %s", strings.Join(missing, "、"))
	}
	if total["法律"] > 0 && float64(known["法律"]) < 0.8*float64(total["法律"]) {
		t.Errorf("built-in list knows %d of %d national laws, want at least 80%%", known["法律"], total["法律"])
	}
}

// TestLexicon_SilentOnCorrectProse runs every lexicon rule over correct
// government prose full of the traps the lists must respect (法制审核,
// 学习习近平, 劳动合同法, 农业部门, 宪法法律, 截止日期 …) for every report
// year: none may fire.
func TestLexicon_SilentOnCorrectProse(t *testing.T) {
	prose := []string{
		"坚持以习近平新时代中国特色社会主义思想为指导，深入学习习近平法治思想，转变工作作风。",
		"严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，健全政府法制机构。",
		"配合全国人大常委会法制工作委员会调研，征订《法治日报》，购买中国法制出版社图书。",
		"组织学习《宪法》《民法典》《劳动合同法》《中华人民共和国行政处罚法》《信访工作条例》等宪法法律。",
		"农业部门、文化部门联合执法，具体体现在调解解决纠纷上，村委会会议研究通过。",
		"发展全过程人民民主，保障公民权利，规范行政权力运行，明确双方权利义务。",
		"截至目前，共受理申请12件；申报截止日期为3月31日；制订工作方案，制定规范性文件。",
		"切实加强合法性审查，确实存在短板；精心部署，签订合同，统筹安排，按排查结果分类处置。",
		"依法化解矛盾纠纷，统一但不僵化；其他事项另行研究；作出决定，做好工作，发挥作用。",
		"各项工作取得明显成效，采取的了解方式多样，获得群众好评，利用LED屏和APP宣传，开通12345热线。",
		"在国家宪法日开展法治宣传教育，巩固扫黑除恶专项斗争成果，完成七五普法总结验收。",
		"党的十九大以来，法治建设取得成效；人人学法、层层落实、常常深入村组、切切实实解决问题。",
		"以《广东省法治政府建设实施纲要》为纲领，落实《法治政府建设实施纲要（2021—2025年）》。",
		"制定《某镇2023年法治建设工作要点》《普法责任制清单》，报送《关于2022年法治政府建设情况的报告》。",
		"为了了解群众需求，可以以多种形式开展活动，目的的实现需要久久为功，兢兢业业、扎扎实实。",
		"回顾社会主义法制建设的历史，社会主义民主法制建设，民主法治示范村，全镇民主法治村全覆盖。",
	}
	for year := 2018; year <= 2025; year++ {
		for _, p := range prose {
			if year < 2021 && strings.Contains(p, "2021—2025") {
				continue
			}
			for _, f := range checkText(year, p) {
				t.Errorf("%d %q: %s %q (%s)", year, p, f.Rule, f.Excerpt, f.Message)
			}
		}
	}
}
