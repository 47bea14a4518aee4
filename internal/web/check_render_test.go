package web

import "fazhi/internal/proofread"

// checkRenderCases are the 报告审校 pages for TestEveryTemplateRenders,
// filled so that every branch of the templates has something to show.
func checkRenderCases(base Base) map[string]any {
	f := []proofread.Finding{
		{Rule: "word.confusable", Severity: proofread.Error, Line: 2, Column: 1, Excerpt: "截止", Message: "“截止”应为“截至”", Suggestion: "截至"},
		{Rule: "outline.missing-part", Severity: proofread.Info, Message: "缺少第5部分"},
		{Rule: "copy.similar", Severity: proofread.Warning, Line: 3, Column: 1, Excerpt: "不在文中", Message: "本段与另外1份报告相同：乙.txt 第3行"},
	}
	lines := []proofread.Line{{No: 1, Text: "甲镇2023年法治政府建设年度报告"}, {No: 2, Text: "截止12月底，<b>值</b>"}, {No: 3, Text: "第三行"}}
	return map[string]any{
		"check.html": &CheckFormPage{Base: base, Year: "20x", YearError: checkYearMessage, Corpus: true, Text: "<b>值</b>",
			Errors: []string{"a.txt：文件为空"}, Accept: ".txt,.docx", Exts: ".txt .docx", MaxUpload: "20 MB", MaxBytes: 20 << 20, MaxFiles: 100},
		"check_summary.html": &CheckSummaryPage{Base: base, ID: "x", Corpus: true, Findings: 3, XLSXURL: "/check/x/findings.xlsx",
			Rows: []CheckSummaryRow{{URL: "/check/x/1", DocxURL: "/check/x/1/annotated.docx", Name: "甲.txt", Unit: "甲镇", Year: "2023", Level: "乡镇",
				Missing: []string{"存在的不足和原因", "下一年度主要安排"}, Counts: CheckCounts{1, 2, 3}}, {Name: "乙.txt"}},
			Failed: []CheckFailed{{Name: "坏.docx", Reason: "坏.docx：不是有效的 .docx 文件"}}},
		"check_report.html": &CheckReportPage{Base: base, SummaryURL: "/check/x", Multi: true, Name: "甲.txt", Unit: "甲镇", Year: "2023", Level: "乡镇",
			Parts:    partViews([]proofread.Part{{Part: "主要举措和成效", Found: true, Line: 3}, {Part: "存在的不足和原因"}, {Part: "其他需要报告的情况"}}),
			Outline:  []proofread.Heading{{Level: 1, Number: "一、", Title: "主要举措", Line: 3}, {Level: 2, Number: "（一）", Title: "x", Line: 4}},
			Counts:   countFindings(f),
			Filter:   CheckFilter{Action: "/check/x/1"},
			Findings: withHidden(buildCheckFindings(lines, f, "", "")),
			Figures:  figureViews([]proofread.Figure{{Indicator: "petitions.received", Label: "信访受理", Value: 12, Unit: "件", Line: 2, Excerpt: "受理信访12件", Approx: "余"}}),
			Copies:   []CheckFindingView{findingView(2, f[2])},
			XLSXURL:  "/check/x/1/findings.xlsx", AllXLSXURL: "/check/x/findings.xlsx", DocxURL: "/check/x/1/annotated.docx"},
	}
}

func withHidden(f CheckFindings) CheckFindings {
	f.HiddenLines, f.HiddenItems = 10, 20
	return f
}
