package kinds

import "fazhi/internal/ledger"

// ReportSections are the places of the annual report that the kinds'
// figures go to (ledger.ReportLine.Section): the sub-sections of part 1,
// named after the chapters of 《法治政府建设实施纲要（2021—2025年）》 that
// township reports follow, and the paragraphs of part 3 on the principals'
// duties as first responsible persons. A section no figure of a unit
// reaches is left out of that unit's draft. "{单位}" in a lead is the
// reporting unit's short name (云溪镇).
func ReportSections() []ledger.ReportSection {
	return []ledger.ReportSection{
		{Key: "duties", Part: 1, Title: "依法全面履行政府职能",
			Leads: []string{"坚持法定职责必须为、法无授权不可为，", "持续推进政府职能转变，"}},
		{Key: "system", Part: 1, Title: "完善依法行政制度体系",
			Leads: []string{"严格规范性文件制定和监督管理，", "加强行政规范性文件管理，", "坚持依法制发规范性文件，"}},
		{Key: "decision", Part: 1, Title: "推进行政决策科学化民主化法治化",
			Leads: []string{"严格落实重大行政决策程序，", "坚持科学决策、民主决策、依法决策，", "把合法性审查作为决策的必经程序，"}},
		{Key: "enforcement", Part: 1, Title: "推进严格规范公正文明执法",
			Leads: []string{"全面落实行政执法三项制度，", "规范行政执法行为，"}},
		{Key: "oversight", Part: 1, Title: "强化行政权力制约和监督",
			Leads: []string{"深入推进政务公开，", "自觉接受各方面监督，"}},
		{Key: "dispute", Part: 1, Title: "健全矛盾纠纷化解体系",
			Leads: []string{"坚持和发展新时代“枫桥经验”，", "把矛盾纠纷化解在基层，", "畅通群众诉求表达渠道，"}},
		{Key: "publicity", Part: 1, Title: "加强法治宣传教育",
			Leads: []string{"深入落实“谁执法谁普法”普法责任制，", "广泛开展法治宣传教育，"}},
		{Key: "responsibility", Part: 3, Leads: []string{
			"{单位}党委、政府主要负责人认真履行推进法治建设第一责任人职责，",
			"{单位}党政主要负责人切实扛起推进法治建设第一责任人职责，"}},
		{Key: "study", Part: 3, Leads: []string{"坚持领导干部带头学法，", "抓住领导干部这个“关键少数”，"}},
		{Key: "accountability", Part: 3, Leads: []string{"落实年终述法制度，", "把述法作为年终述职的重要内容，"}},
	}
}

// inReport places an indicator in section of the report with the given
// phrases ("{n}" is the figure with its unit); order sorts a section's lines.
func inReport(in ledger.Indicator, section string, order int, phrases ...string) ledger.Indicator {
	in.Report = line(section, order, phrases...)
	return in
}
