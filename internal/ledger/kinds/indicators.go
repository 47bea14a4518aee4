package kinds

import "fazhi/internal/ledger"

// The figures each kind feeds (ledger.Indicator): names and units are in
// internal/indicator/catalogue.tsv under the same ids. A new kind declares
// its figures here (or in its own file) and lists them in its Kind.

// legalityReviewIndicators: a matter counts as reviewed in the year its
// opinion is dated, as received in the year its materials arrived.
func legalityReviewIndicators() []ledger.Indicator {
	opined := func(id, subject string) ledger.Indicator {
		in := ledger.Indicator{ID: id, Measure: ledger.Count, Dates: []string{"opinion_date"},
			Where: ledger.Match{States: []string{ReviewOpined}}, Note: "按出具意见日期计入年度"}
		if subject != "" {
			in.Where.Fields = map[string][]string{"subject_type": {subject}}
		}
		return in
	}
	return []ledger.Indicator{
		inReport(dashboard(opined("legality_review.total", "")), "decision", 10, "开展合法性审查{n}", "经合法性审查的事项{n}", "出具合法性审查意见{n}"),
		inReport(opined("legality_review.normative_document", "规范性文件"), "system", 20, "对{n}行政规范性文件开展合法性审核", "合法性审核规范性文件{n}"),
		inReport(opined("legality_review.major_decision", SubjectMajorDecision), "decision", 11, "涉及重大行政决策的{n}", "其中重大行政决策{n}"),
		inReport(opined("legality_review.contract", "合同"), "decision", 12, "审查合同{n}", "对{n}合同进行合法性审查"),
		inReport(opined("legality_review.enforcement_decision", "重大执法决定"), "enforcement", 30, "对{n}重大执法决定进行法制审核", "重大执法决定法制审核{n}"),
		{ID: "legality_review.received", Measure: ledger.Count, Dates: []string{"received_date"},
			Note:   "按收到送审材料日期计入年度，含已撤回的",
			Report: line("decision", 5, "收到合法性审查送审材料{n}", "受理合法性审查事项{n}")},
		{ID: "legality_review.pending", Measure: ledger.Count, Dashboard: true, OpenAtYearEnd: true,
			Dates: []string{"received_date"}, Ends: []string{"opinion_date"},
			Where:  ledger.Match{NotStates: []string{"withdrawn"}},
			Note:   "年末（12月31日）尚未出具审查意见的计为在审；已撤回的不计",
			Report: line("decision", 13, "年末尚有{n}正在审查", "截至年底仍有{n}在审")},
		{ID: "legality_review.unlawful", Measure: ledger.Count, Dates: []string{"opinion_date"},
			Where:  ledger.Match{States: []string{ReviewOpined}, Fields: map[string][]string{"opinion": {OpinionUnlawful}}},
			Note:   "按出具意见日期计入年度",
			Report: line("decision", 14, "对{n}事项提出不合法的审查意见", "经审查认定不合法的{n}")},
	}
}

// majorDecisionIndicators: a decision counts in the year of its meeting.
func majorDecisionIndicators() []ledger.Indicator {
	decided := ledger.Match{Filled: []string{"meeting_date"}, NotStates: []string{"terminated"}}
	return []ledger.Indicator{
		{ID: "major_decision.total", Measure: ledger.Count, Dashboard: true, Dates: []string{"meeting_date"}, Where: decided,
			Note:   "按集体讨论决定的会议日期计入年度；已终止的不计",
			Report: line("decision", 1, "作出重大行政决策{n}", "集体讨论决定重大行政决策事项{n}", "研究决定重大行政决策事项{n}")},
		{ID: "major_decision.reviewed", Measure: ledger.Count, Dates: []string{"meeting_date"},
			Where:  ledger.Match{Filled: []string{"meeting_date", "review_id"}, NotStates: []string{"terminated"}},
			Note:   "已作出决定且关联了合法性审查记录的，按会议日期计入年度",
			Report: line("decision", 2, "其中经合法性审查{n}", "经合法性审查的{n}")},
		{ID: "major_decision.review_rate", Measure: ledger.Rate, Num: "major_decision.reviewed", Den: "major_decision.total",
			Note:   "经合法性审查的决定数 ÷ 决定数",
			Report: line("decision", 3, "合法性审查率{n}", "审查率达{n}")},
		{ID: "major_decision.published", Measure: ledger.Count, Dates: []string{"publish_date"},
			Where: ledger.Match{Filled: []string{"publish_date"}}, Note: "按公布日期计入年度",
			Report: line("oversight", 1, "向社会公布重大行政决策{n}", "公开重大行政决策事项{n}")},
	}
}

// petitionIndicators: a petition counts as received in the year it
// arrived and as closed in the year it closed; one open on 31 December
// counts as in progress for that year.
func petitionIndicators() []ledger.Indicator {
	closedDates := []string{"close_date", "recheck_date"}
	return []ledger.Indicator{
		{ID: "petition.received", Measure: ledger.Count, Dashboard: true, Dates: []string{"received_date"},
			Note:   "按收到日期计入年度，含转送、不予受理的",
			Report: line("dispute", 1, "受理信访事项{n}", "接收群众信访事项{n}", "登记信访事项{n}")},
		{ID: "petition.closed", Measure: ledger.Count, Dashboard: true, Dates: closedDates, Where: ledger.Match{States: []string{"closed"}},
			Note:   "按办结日期（复核办结的按复核意见日期）计入年度",
			Report: line("dispute", 2, "办结{n}", "依法办结{n}")},
		{ID: "petition.pending", Measure: ledger.Count, Dashboard: true, OpenAtYearEnd: true, Dates: []string{"received_date"},
			Ends:   []string{"close_date", "recheck_date", "route_date", "reject_date"},
			Note:   "年末（12月31日）尚未办结、转送或不予受理的计为在办",
			Report: line("dispute", 5, "年末在办{n}", "截至年底尚有{n}正在办理")},
		{ID: "petition.satisfied", Measure: ledger.Count, Dates: closedDates,
			Where:  ledger.Match{States: []string{"closed"}, Fields: map[string][]string{"satisfaction": {"满意", "基本满意"}}},
			Note:   "办结时信访人评价为满意或基本满意的，按办结日期计入年度",
			Report: line("dispute", 3, "信访人评价满意或基本满意的{n}", "群众满意和基本满意{n}")},
		{ID: "petition.satisfaction_rate", Measure: ledger.Rate, Num: "petition.satisfied", Den: "petition.closed",
			Note:   "满意和基本满意件数 ÷ 办结件数",
			Report: line("dispute", 4, "满意率{n}", "群众满意率达{n}")},
		{ID: "petition.persons", Measure: ledger.Persons, Field: "petitioner_id", Dates: []string{"received_date"},
			Note:   "按身份证号（密钥散列）去重；未登记身份证号的每件计1人",
			Report: line("dispute", 6, "涉及信访群众{n}", "涉及信访人{n}")},
		{ID: "petition.visitors", Measure: ledger.Sum, Field: "visitors", Dates: []string{"received_date"},
			Where: ledger.Match{Fields: map[string][]string{"channel": {"来访"}}}, Note: "来访信访的来访人数之和，按收到日期计入年度",
			Report: line("dispute", 7, "接待来访群众{n}", "接待群众来访{n}")},
	}
}

// normativeDocumentIndicators: a document counts in the year it was issued
// and in the year it was filed.
func normativeDocumentIndicators() []ledger.Indicator {
	return []ledger.Indicator{
		{ID: "normative_document.issued", Measure: ledger.Count, Dates: []string{"issue_date"}, Dashboard: true,
			Where: ledger.Match{Filled: []string{"issue_date"}}, Note: "按印发日期计入年度",
			Report: line("system", 10, "印发行政规范性文件{n}", "制发行政规范性文件{n}")},
		{ID: "normative_document.filed", Measure: ledger.Count, Dates: []string{"filing_date"},
			Where: ledger.Match{Filled: []string{"filing_date"}}, Note: "按报送备案日期计入年度",
			Report: line("system", 11, "按规定报送备案{n}", "报送备案{n}")},
	}
}

// lawStudyIndicators: a session counts in the year it was held, once held;
// an attendee without hours of their own earned the session's hours (as
// the kind's tally counts them).
func lawStudyIndicators() []ledger.Indicator {
	held := ledger.Match{States: []string{"held", "confirmed"}}
	return []ledger.Indicator{
		{ID: "study.sessions", Measure: ledger.Count, Dates: []string{"study_date"}, Where: held, Dashboard: true,
			Note:   "已举办的学法活动，按学习日期计入年度",
			Report: line("study", 1, "组织理论学习中心组学法、专题讲座等学法活动{n}", "开展领导干部和工作人员学法活动{n}")},
		{ID: "study.hours", Measure: ledger.SumRows, Field: "attendees", Column: "hours", Default: "hours",
			Dates: []string{"study_date"}, Where: held,
			Note:   "已举办的学法活动中每位参加人员的学时之和（未填个人学时的按该次学时计）",
			Report: line("study", 2, "参学人员累计学法{n}", "累计学法{n}")},
	}
}

// line places an indicator in section of the report with the given
// phrases ("{n}" is the figure with its unit); order sorts a section's lines.
func line(section string, order int, phrases ...string) *ledger.ReportLine {
	return &ledger.ReportLine{Section: section, Order: order, Phrases: phrases}
}

func dashboard(in ledger.Indicator) ledger.Indicator { in.Dashboard = true; return in }
