package proofread

import (
	"strings"
	"testing"
)

func TestNormalise_ChromeIsRemovedAndReportedOncePerBlock(t *testing.T) {
	raw := []string{
		"当前位置: 首页 > 政务公开",
		"",
		"某镇2022年法治政府建设工作报告",
		"索引号:0026/2023-00042 生成时间:2023-01-04 11:13:16 发布机构:某镇 点击数:",
		"原文链接:点击查看源文件",
		"2022年，我镇依法行政。",
		"附件：1.2022年普法台账",
		"联系方式:",
		"邮  编:",
	}
	lines, fs := normalise(raw, false)
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.Text)
	}
	want := []string{"某镇2022年法治政府建设工作报告", "2022年，我镇依法行政。", "附件：1.2022年普法台账"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("kept %q, want %q", texts, want)
	}
	var at []int
	for _, f := range fs {
		if f.Rule != "artifact.extraction" {
			t.Errorf("rule %s", f.Rule)
		}
		at = append(at, f.Line)
	}
	if len(at) != 3 || at[0] != 1 || at[1] != 4 || at[2] != 8 {
		t.Fatalf("chrome findings at lines %v, want [1 4 8]", at)
	}
}

func TestNormalise_LoneAttachmentLabelStays(t *testing.T) {
	lines, fs := normalise([]string{"某镇2022年法治政府建设工作报告", "正文。", "附件：", "1.普法台账"}, false)
	if len(lines) != 4 || len(fs) != 0 {
		t.Fatalf("lines %d, findings %+v: a lone 附件： is the report's own text", len(lines), fs)
	}
}

func TestNormalise_MarkersAndSpaces(t *testing.T) {
	for _, tc := range []struct {
		in, out string
		excerpt []string
	}{
		{"[bookmark: _GoBack]关于报送2021年度工作情况的报告", "关于报送2021年度工作情况的报告", []string{"[bookmark: _GoBack]"}},
		{"2021 年度法治建设工作报告", "2021年度法治建设工作报告", []string{"1 年"}},
		{"共办理 1 2 件", "共办理12件", []string{"理 1", "1 2", "2 件"}},
		{"持证率达到, 100%", "持证率达到,100%", []string{", 1"}},
		{"重点“崇尚法典精神 共筑美好生活”和 “防控疫情”", "重点“崇尚法典精神 共筑美好生活”和“防控疫情”", []string{"和 “"}},
		// must stay: spaces between Chinese words, around Latin words, leading indentation
		{"中共大柳镇委员会 大柳镇人民政府", "中共大柳镇委员会 大柳镇人民政府", nil},
		{"　　依法规范行政行为 and 经营服务行为", "依法规范行政行为 and 经营服务行为", nil},
		{"目录 _Toc12345 见后", "目录 见后", []string{"_Toc12345"}},
		{"变量 my_Toc 不是书签", "变量 my_Toc 不是书签", nil},
	} {
		lines, fs := normalise([]string{tc.in}, false)
		if len(lines) != 1 || lines[0].Text != tc.out {
			t.Errorf("%q → %v, want %q", tc.in, lines, tc.out)
		}
		var ex []string
		for _, f := range fs {
			ex = append(ex, f.Excerpt)
		}
		if strings.Join(ex, "|") != strings.Join(tc.excerpt, "|") {
			t.Errorf("%q: findings %q, want %q", tc.in, ex, tc.excerpt)
		}
	}
}

func TestNormalise_PageBreakJoinKeepsInputPositions(t *testing.T) {
	text := "某镇2021年度法治建设工作报告\n\n" +
		"一、高度重视\n\n" +
		"镇党委成立了法治建设工作领导小组，制定了年度工作计划，确保创建工作在各\n\n" +
		"行政村真正落到实处，今年以来共开展活动12次。\n"
	r := coreCheck(t, text)
	var joins []Finding
	for _, f := range coreOnly(r, "artifact.extraction") {
		joins = append(joins, f)
	}
	if len(joins) != 1 || joins[0].Line != 5 || joins[0].Excerpt != "工作在各" {
		t.Fatalf("join findings %+v", joins)
	}
	// 今年以来 sits on input line 7 after the join; its column is that line's.
	rel := coreOnly(r, "year.relative")
	if len(rel) != 1 || rel[0].Line != 7 || rel[0].Column != 11 {
		t.Fatalf("year.relative at %+v, want line 7 column 11", rel)
	}
	// A paragraph ending with 。 or followed by a heading is never joined.
	r = coreCheck(t, "某镇2021年度法治建设工作报告\n镇党委成立了法治建设工作领导小组，明确了各项工作任务。\n二、广泛宣传\n镇党委成立了法治建设工作领导小组，确保创建工作在各\n三、依法行政\n")
	if f := coreOnly(r, "artifact.extraction"); len(f) != 0 {
		t.Fatalf("unexpected joins %+v", f)
	}
}

func TestLocate_MapsColumnsThroughTrimAndRemoval(t *testing.T) {
	c, _ := NewChecker(Config{})
	d, _, err := c.Parse(t.Context(), "t.txt", []byte("标题2022年\n　　共办理 12 件，今年以来办结。\n"))
	if err != nil {
		t.Fatal(err)
	}
	// normalised "共办理12件，今年以来办结。": 今 is rune 8; in the input it is column 12.
	if line, col := d.locate(2, 8); line != 2 || col != 12 {
		t.Fatalf("locate = %d:%d, want 2:12", line, col)
	}
}

func TestNormalise_PDFLayoutLinesBecomeParagraphs(t *testing.T) {
	raw := []string{
		"        某镇2022年法治政府建设工作报告",
		"",
		"    一、主要举措和成效",
		"    我镇深入开展“八五”普法，组织“宪法宣传",
		"周”活动，全年开展普法活动12场次",
		"",
		"                    - 3 -",
		"",
		"，发放资料3000份。",
		"    今年以来，我镇依法化解矛盾纠纷",
		"56件。",
	}
	lines, fs := normalise(raw, true)
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.Text)
	}
	want := []string{"某镇2022年法治政府建设工作报告", "一、主要举措和成效",
		"我镇深入开展“八五”普法，组织“宪法宣传周”活动，全年开展普法活动12场次，发放资料3000份。",
		"今年以来，我镇依法化解矛盾纠纷56件。"}
	if strings.Join(texts, "|") != strings.Join(want, "|") {
		t.Fatalf("paragraphs\n%q\nwant\n%q", texts, want)
	}
	var msgs []string
	for _, f := range fs {
		msgs = append(msgs, f.Message)
	}
	if len(fs) != 2 || !strings.Contains(msgs[0], "页码") || !strings.Contains(msgs[1], "已将3处折行合并") {
		t.Fatalf("findings %q", msgs)
	}
	// The quote split across the layout lines is whole again: no punct.unbalanced.
	d := &Doc{Lines: lines}
	for _, l := range d.Lines {
		punctRule{}.CheckLine(d, l, func(f Finding) { t.Errorf("unexpected %+v", f) })
	}
}
