package kinds

import "fazhi/internal/ledger"

// The figures of the kinds that came after the first five (contracts,
// advisers, enforcement, administrative disputes, exams, publicity,
// villages, mediation and disputes, correction and aftercare): names and
// units in internal/indicator/catalogue.tsv under the same ids.

func contractIndicators() []ledger.Indicator {
	signed := ledger.Match{Filled: []string{"sign_date"}}
	return placed([]ledger.Indicator{
		{ID: "contract.signed", Measure: ledger.Count, Dates: []string{"sign_date"}, Where: signed, Dashboard: true,
			Note: "按签订日期计入年度"},
		{ID: "contract.reviewed", Measure: ledger.Count, Dates: []string{"sign_date"},
			Where: ledger.Match{Filled: []string{"sign_date", "review_id"}},
			Note:  "已签订且关联了合法性审查记录的，按签订日期计入年度"},
		{ID: "contract.review_rate", Measure: ledger.Rate, Num: "contract.reviewed", Den: "contract.signed",
			Note: "经合法性审查后签订的合同数 ÷ 签订的合同数"},
		{ID: "contract.amount", Measure: ledger.Sum, Field: "amount", Dates: []string{"sign_date"}, Where: signed,
			Note: "已签订合同的金额之和，按签订日期计入年度"},
		{ID: "contract.disputes", Measure: ledger.Count, Dates: []string{"dispute_date"}, Where: ledger.Match{Filled: []string{"dispute_date"}},
			Note: "按发生纠纷日期计入年度"},
		{ID: "contract.performing", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"sign_date"},
			Ends: []string{"perform_date", "terminate_date"},
			Note: "年末（12月31日）已签订、尚未履行完毕或解除的计为履行中"},
	})
}

func legalAdviserIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "legal_adviser.count", Measure: ledger.Count, During: true, Dates: []string{"term_start"},
			Ends: []string{"end_date"}, Through: []string{"term_end"},
			Note: "年度内任何时候在聘的（聘期与年度有交集且未在年度开始前解聘）"},
	})
}

func adviserOpinionIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "legal_adviser.opinions", Measure: ledger.Count, Dates: []string{"opinion_date"}, Dashboard: true,
			Where: ledger.Match{Filled: []string{"opinion_date"}}, Note: "按出具意见日期计入年度"},
		{ID: "legal_adviser.recorded", Measure: ledger.Count, Dates: []string{"opinion_date"},
			Where: ledger.Match{States: []string{"closed"}}, Note: "已记录采纳情况的，按出具意见日期计入年度"},
		{ID: "legal_adviser.adopted", Measure: ledger.Count, Dates: []string{"opinion_date"},
			Where: ledger.Match{States: []string{"closed"}, Fields: map[string][]string{"adoption": {"采纳", "部分采纳"}}},
			Note:  "采纳或部分采纳的，按出具意见日期计入年度"},
		{ID: "legal_adviser.adoption_rate", Measure: ledger.Rate, Num: "legal_adviser.adopted", Den: "legal_adviser.recorded",
			Note: "采纳和部分采纳的意见数 ÷ 已记录采纳情况的意见数"},
	})
}

// enforcementOfficerIndicators: an officer holds a certificate on 31
// December from its issue until it is revoked or its validity (the
// renewed one when renewed) ends before that day.
func enforcementOfficerIndicators() []ledger.Indicator {
	post := map[string][]string{"post_type": {PostEnforcement}}
	certified := func(id string, where ledger.Match, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"issue_date"},
			Ends: []string{"revoke_date", "leave_date"}, Through: []string{"cert_expiry"}, Where: where, Note: note}
	}
	return placed([]ledger.Indicator{
		dashboard(certified("enforcement.certified_staff", ledger.Match{},
			"年末（12月31日）执法证已发、未注销且仍在有效期内的；换发过的按换证后有效期；暂扣的仍计")),
		certified("enforcement.certified_posts", ledger.Match{Fields: post}, "执法岗人员中年末持有有效执法证的"),
		{ID: "enforcement.posts", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"entry_date"},
			Ends: []string{"leave_date", "revoke_date"}, Where: ledger.Match{Fields: post},
			Note: "年末在册的执法岗人员（已调离、退休或注销执法证的不计）"},
		{ID: "enforcement.certificate_rate", Measure: ledger.Rate, Num: "enforcement.certified_posts", Den: "enforcement.posts",
			Note: "年末持证的执法岗人员数 ÷ 年末在册的执法岗人员数"},
		{ID: "enforcement.training_hours", Measure: ledger.SumRows, Field: "training", Column: "hours", RowDate: "date",
			Note: "培训记录中培训日期在本年度的学时之和"},
	})
}

func enforcementCaseIndicators() []ledger.Indicator {
	decided := ledger.Match{Filled: []string{"decision_date"}}
	review := ledger.Match{Filled: []string{"decision_date"}, Fields: map[string][]string{"review_case": review58Cases}}
	reviewed := review
	reviewed.Filled = []string{"decision_date", "review_date"}
	return placed([]ledger.Indicator{
		{ID: "enforcement.cases", Measure: ledger.Count, Dashboard: true, Note: "按立案日期计入年度"},
		{ID: "enforcement.penalty_cases", Measure: ledger.Count, Where: ledger.Match{Fields: map[string][]string{"case_type": {CasePenalty}}},
			Note: "案件类型为行政处罚的，按立案日期计入年度"},
		{ID: "enforcement.decided", Measure: ledger.Count, Dates: []string{"decision_date"}, Where: decided, Note: "按决定日期计入年度"},
		{ID: "enforcement.review_required", Measure: ledger.Count, Dates: []string{"decision_date"}, Where: review,
			Note: "属于《行政处罚法》第五十八条法制审核情形且已作出决定的，按决定日期计入年度"},
		{ID: "enforcement.review_done", Measure: ledger.Count, Dates: []string{"decision_date"}, Where: reviewed,
			Note: "其中决定前经法制审核的"},
		{ID: "enforcement.review_rate", Measure: ledger.Rate, Num: "enforcement.review_done", Den: "enforcement.review_required",
			Note: "经法制审核的决定数 ÷ 应当法制审核的决定数"},
		{ID: "enforcement.disclosed", Measure: ledger.Count, Dates: []string{"decision_date"},
			Where: ledger.Match{Filled: []string{"decision_date", "disclose_date"}}, Note: "已公示的决定，按决定日期计入年度"},
		{ID: "enforcement.disclosure_rate", Measure: ledger.Rate, Num: "enforcement.disclosed", Den: "enforcement.decided",
			Note: "已公示的决定数 ÷ 作出的决定数（依法不公示的也在分母中，见各案“未公示的理由”）"},
		{ID: "enforcement.fines", Measure: ledger.Sum, Field: "fine", Dates: []string{"decision_date"}, Where: decided,
			Note: "罚没金额之和，按决定日期计入年度"},
		{ID: "enforcement.land_area", Measure: ledger.Sum, Field: "land_area", Where: ledger.Match{Fields: map[string][]string{"land_case": {"是"}}},
			Note: "卫片执法（土地）案件涉及的土地面积之和，按立案日期计入年度"},
		{ID: "enforcement.pending", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"opened_date"}, Ends: []string{"close_date"},
			Note: "年末（12月31日）尚未结案的计为在办"},
	})
}

// adminDisputeIndicators: a case counts as received in the year its copy
// arrived, as heard in the year of its hearing, as concluded (and lost)
// in the year of its result.
func adminDisputeIndicators() []ledger.Indicator {
	of := func(p string) map[string][]string { return map[string][]string{"proceeding": {p}} }
	concluded := func(p string) ledger.Match { return ledger.Match{Filled: []string{"conclude_date"}, Fields: of(p)} }
	lost := func(p string) ledger.Match {
		m := concluded(p)
		m.Fields = map[string][]string{"proceeding": {p}, "lost": {"是"}}
		return m
	}
	return placed([]ledger.Indicator{
		{ID: "reconsideration.cases", Measure: ledger.Count, Dashboard: true, Where: ledger.Match{Fields: of(ProceedingReconsideration)},
			Note: "按收到申请书副本日期计入年度"},
		{ID: "litigation.cases", Measure: ledger.Count, Dashboard: true, Where: ledger.Match{Fields: of(ProceedingLitigation)},
			Note: "按收到起诉状副本日期计入年度"},
		{ID: "litigation.hearings", Measure: ledger.Count, Dates: []string{"hearing_date"},
			Where: ledger.Match{Filled: []string{"appearance"}, Fields: of(ProceedingLitigation)},
			Note:  "记录了出庭情况的行政诉讼，按开庭日期计入年度"},
		{ID: "litigation.head_appearances", Measure: ledger.Count, Dates: []string{"hearing_date"},
			Where: ledger.Match{Fields: map[string][]string{"proceeding": {ProceedingLitigation}, "appearance": {AppearHead}}},
			Note:  "负责人出庭的行政诉讼，按开庭日期计入年度"},
		{ID: "litigation.appearance_rate", Measure: ledger.Rate, Num: "litigation.head_appearances", Den: "litigation.hearings",
			Note: "负责人出庭应诉的案件数 ÷ 开庭审理的案件数"},
		{ID: "reconsideration.concluded", Measure: ledger.Count, Dates: []string{"conclude_date"}, Where: concluded(ProceedingReconsideration),
			Note: "按结案日期计入年度"},
		{ID: "reconsideration.corrected", Measure: ledger.Count, Dates: []string{"conclude_date"}, Where: lost(ProceedingReconsideration),
			Note: "结果为撤销、变更、确认违法、确认无效或责令履行的，按结案日期计入年度"},
		{ID: "reconsideration.correction_rate", Measure: ledger.Rate, Num: "reconsideration.corrected", Den: "reconsideration.concluded",
			Note: "被纠错的行政复议案件数 ÷ 结案的行政复议案件数"},
		{ID: "litigation.concluded", Measure: ledger.Count, Dates: []string{"conclude_date"}, Where: concluded(ProceedingLitigation),
			Note: "按结案日期计入年度"},
		{ID: "litigation.lost", Measure: ledger.Count, Dates: []string{"conclude_date"}, Where: lost(ProceedingLitigation),
			Note: "判决撤销、变更、确认违法、确认无效或责令履行的，按结案日期计入年度"},
		{ID: "litigation.loss_rate", Measure: ledger.Rate, Num: "litigation.lost", Den: "litigation.concluded",
			Note: "败诉的行政诉讼案件数 ÷ 结案的行政诉讼案件数"},
	})
}

// examIndicators: published exams in the year of the exam; rates are
// recomputed from the summed counts (never the mean of the exams' rates);
// the pass and excellence lines are each exam's own marks, which the
// unit's settings bound.
func examIndicators() []ledger.Indicator {
	published := ledger.Match{States: []string{"published"}}
	sum := func(id, field, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Sum, Field: field, Where: published, Note: note}
	}
	return placed([]ledger.Indicator{
		{ID: "exam.count", Measure: ledger.Count, Where: published, Note: "已公布成绩的考试，按考试日期计入年度"},
		sum("exam.expected", "total", "已公布成绩的考试的应考人数之和（人次）"),
		sum("exam.sat", "sat", "实考人数之和（人次）"),
		sum("enforcement.exam_passed", "passed", "成绩达到该场及格分数线的人数之和（人次；同一人考多场的计多次）"),
		sum("exam.excellent", "excellent", "成绩达到该场优秀分数线的人数之和（人次）"),
		{ID: "exam.turnout_rate", Measure: ledger.Rate, Num: "exam.sat", Den: "exam.expected", Note: "实考人次 ÷ 应考人次"},
		{ID: "exam.pass_rate", Measure: ledger.Rate, Num: "enforcement.exam_passed", Den: "exam.sat", Note: "及格人次 ÷ 实考人次"},
		{ID: "exam.excellent_rate", Measure: ledger.Rate, Num: "exam.excellent", Den: "exam.sat", Note: "优秀人次 ÷ 实考人次"},
	})
}

// publicityEventIndicators: events held (or confirmed), in the year of the
// event.
func publicityEventIndicators() []ledger.Indicator {
	held := ledger.Match{States: []string{"held", "confirmed"}}
	sum := func(id, field string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Sum, Field: field, Where: held, Note: "已开展活动的登记数之和，按活动日期计入年度"}
	}
	at := func(id, setting string) ledger.Indicator {
		w := held
		w.Fields = map[string][]string{"setting": {setting}}
		return ledger.Indicator{ID: id, Measure: ledger.Count, Where: w, Note: "普法阵地为“" + setting + "”的已开展活动，按活动日期计入年度"}
	}
	return placed([]ledger.Indicator{
		{ID: "publicity.events", Measure: ledger.Count, Where: held, Dashboard: true, Note: "已开展的普法活动，按活动日期计入年度"},
		sum("publicity.materials", "materials"), sum("publicity.banners", "banners"),
		sum("publicity.people_reached", "reached"), sum("publicity.consultations", "consultations"),
		at("publicity.to_agencies", "进机关"), at("publicity.to_schools", "进校园"), at("publicity.to_enterprises", "进企业"),
		at("publicity.to_army", "进军营"), at("publicity.to_villages", "进农村"), at("publicity.to_communities", "进社区"),
	})
}

func publicityDutyIndicators() []ledger.Indicator {
	public := ledger.Match{NotStates: []string{"drafting"}}
	return placed([]ledger.Indicator{
		{ID: "publicity.duty_items", Measure: ledger.Sum, Field: "item_count", Where: public, Note: "已公布的普法责任清单的事项数之和，按清单年度"},
		{ID: "publicity.duty_done", Measure: ledger.Sum, Field: "done_count", Where: public, Note: "其中已完成的事项数"},
		{ID: "publicity.duty_rate", Measure: ledger.Rate, Num: "publicity.duty_done", Den: "publicity.duty_items",
			Note: "已完成事项数 ÷ 清单事项数"},
	})
}

// modelVillageIndicators: a village holds its title on 31 December from
// its naming until it is revoked or cancelled.
func modelVillageIndicators() []ledger.Indicator {
	at := func(id, level string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"named_date"}, Ends: []string{"lose_date"},
			Where: ledger.Match{Fields: map[string][]string{"level": {level}}},
			Note:  "年末（12月31日）保有" + level + "命名的（已撤销或取消的不计）"}
	}
	return placed([]ledger.Indicator{at("model_village.national", "全国"), at("model_village.provincial", "省级"),
		at("model_village.municipal", "市级"), at("model_village.county", "县级")})
}

// villageTalentIndicators: the reported rosters of the year, one a
// village; a village is covered with at least three 法律明白人 on its
// roster (the 2021 work norm: 每个行政村不少于3名 by 2025).
func villageTalentIndicators() []ledger.Indicator {
	reported := ledger.Match{States: []string{"reported"}}
	sum := func(id, field, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Sum, Field: field, Where: reported, Note: note}
	}
	covered := reported
	covered.AtLeast = map[string]float64{"literate_count": 3}
	return placed([]ledger.Indicator{
		dashboard(sum("law_literate.persons", "literate_count", "已上报名册中在册的法律明白人人数之和，按名册年度")),
		sum("law_literate.leaders", "leader_count", "已上报名册中在册的法治带头人人数之和，按名册年度"),
		sum("law_literate.households", "household_count", "已上报名册中在册的学法用法示范户户数之和，按名册年度"),
		{ID: "law_literate.villages", Measure: ledger.Count, Where: reported, Note: "上报了名册的村（社区）数，每村每年一份名册"},
		{ID: "law_literate.covered_villages", Measure: ledger.Count, Where: covered, Note: "名册中在册法律明白人不少于3人的村（社区）数（《乡村“法律明白人”培养工作规范（试行）》每村不少于3名）"},
		{ID: "law_literate.coverage", Measure: ledger.Rate, Num: "law_literate.covered_villages", Den: "law_literate.villages",
			Note: "法律明白人达到3名的村（社区）数 ÷ 上报名册的村（社区）数"},
	})
}

func mediationCommitteeIndicators() []ledger.Indicator {
	active := func(id string, m ledger.Measure, field, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: m, Field: field, OpenAtYearEnd: true, Dates: []string{"founded_date"},
			Ends: []string{"dissolve_date"}, Where: ledger.Match{NotStates: []string{"forming"}}, Note: note}
	}
	return placed([]ledger.Indicator{
		active("mediation.committees", ledger.Count, "", "年末（12月31日）已组成、未撤销的人民调解委员会"),
		active("mediation.mediators", ledger.Sum, "mediator_count", "年末存续的调解委员会的调解员总数之和（按各委员会当前名册）"),
		active("mediation.full_time_mediators", ledger.Sum, "fulltime_count", "年末存续的调解委员会的专职调解员人数之和（按各委员会当前名册）"),
	})
}

// disputeCaseIndicators: a dispute counts as received in the year of its
// intake, as resolved in the year its agreement was reached, as ended in
// the year of its agreement or other result.
func disputeCaseIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "dispute.cases", Measure: ledger.Count, Dashboard: true, Note: "按受理日期计入年度"},
		{ID: "dispute.resolved", Measure: ledger.Count, Dashboard: true, Dates: []string{"agreement_date"},
			Where: ledger.Match{Filled: []string{"agreement_date"}}, Note: "达成调解协议的，按达成协议日期计入年度"},
		{ID: "dispute.ended", Measure: ledger.Count, Dates: []string{"agreement_date", "conclude_date"},
			Note: "调解结束（达成协议或记录其他结果）的，按达成协议日期或结果日期计入年度"},
		{ID: "dispute.success_rate", Measure: ledger.Rate, Num: "dispute.resolved", Den: "dispute.ended",
			Note: "调解成功件数 ÷ 调解结束件数"},
		{ID: "dispute.pending", Measure: ledger.Count, OpenAtYearEnd: true, Dates: []string{"intake_date"},
			Ends: []string{"agreement_date", "conclude_date"}, Note: "年末（12月31日）尚未达成协议也未记录其他结果的计为在调"},
	})
}

func disputeScreeningIndicators() []ledger.Indicator {
	sum := func(id, field, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Sum, Field: field, Note: note}
	}
	return placed([]ledger.Indicator{
		{ID: "dispute.screenings", Measure: ledger.Count, Note: "按排查日期计入年度"},
		sum("dispute.found", "found", "排查出的矛盾纠纷件数之和，按排查日期计入年度"),
		sum("dispute.prevented", "prevented", "排查中预防化解的件数之和"),
		sum("dispute.resolved_on_site", "resolved", "排查中当场化解的件数之和"),
	})
}

func disputeZeroIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "dispute.zero_reports", Measure: ledger.Count, Where: ledger.Match{States: []string{"submitted"}},
			Note: "已上报的零上报记录，按所报月份的年度"},
	})
}

// correctionIndicators: a subject is on the roll from reporting until
// released, committed or deceased; the same person (by ID number) moving
// between townships counts once above them.
func correctionIndicators() []ledger.Indicator {
	return placed([]ledger.Indicator{
		{ID: "correction.current", Measure: ledger.Persons, Field: "id_number", Dashboard: true, OpenAtYearEnd: true,
			Dates: []string{"report_date"}, Ends: []string{"release_date", "revoke_date", "death_date"},
			Note: "年末（12月31日）已报到、尚未解矫、收监或终止的人数，按身份证号（密钥散列）去重"},
		{ID: "correction.entered", Measure: ledger.Count, Dates: []string{"report_date"}, Note: "按报到日期计入年度"},
		{ID: "correction.released", Measure: ledger.Count, Dates: []string{"release_date"},
			Where: ledger.Match{States: []string{"released"}}, Note: "按解除矫正日期计入年度"},
		{ID: "correction.committed", Measure: ledger.Count, Dates: []string{"revoke_date"},
			Where: ledger.Match{States: []string{"committed"}}, Note: "按收监执行日期计入年度"},
	})
}

// aftercareIndicators: a person is under aftercare from the hand-over
// until the period ends, they reoffend or move away; resettled and
// assisted are read as the record says now.
func aftercareIndicators() []ledger.Indicator {
	on := func(id string, fields map[string][]string, note string) ledger.Indicator {
		return ledger.Indicator{ID: id, Measure: ledger.Persons, Field: "id_number", OpenAtYearEnd: true,
			Dates: []string{"handover_date"}, Ends: []string{"reoffend_date", "move_date"}, Through: []string{"aftercare_until"},
			Where: ledger.Match{Fields: fields}, Note: note}
	}
	return placed([]ledger.Indicator{
		dashboard(on("aftercare.total", nil, "年末（12月31日）已衔接、帮教期未满、未重新犯罪或迁出的人数，按身份证号去重")),
		on("aftercare.resettled", map[string][]string{"resettled": {"是"}}, "其中已安置的（按记录当前的“已安置”）"),
		on("aftercare.assisted", map[string][]string{"helped": {"是"}}, "其中已落实帮教的（按记录当前的“已落实帮教”）"),
		{ID: "aftercare.resettlement_rate", Measure: ledger.Rate, Num: "aftercare.resettled", Den: "aftercare.total",
			Note: "已安置人数 ÷ 安置帮教对象人数"},
		{ID: "aftercare.assistance_rate", Measure: ledger.Rate, Num: "aftercare.assisted", Den: "aftercare.total",
			Note: "已帮教人数 ÷ 安置帮教对象人数"},
		{ID: "aftercare.reoffended", Measure: ledger.Count, Dates: []string{"reoffend_date"},
			Where: ledger.Match{States: []string{"reoffended"}}, Note: "按重新犯罪日期计入年度"},
	})
}

// reportLines place this file's figures in the annual report
// (ledger.ReportLine): section, order within it, and ways of saying it.
var reportLines = map[string]*ledger.ReportLine{
	"contract.signed":        line("decision", 30, "签订机关合同{n}", "审核签订各类合同{n}"),
	"contract.reviewed":      line("decision", 31, "经合法性审查后签订{n}", "签订前经合法性审查的{n}"),
	"contract.review_rate":   line("decision", 32, "合同合法性审查率{n}", "合同审查率达{n}"),
	"legal_adviser.count":    line("decision", 40, "聘请法律顾问{n}", "聘任政府法律顾问{n}"),
	"legal_adviser.opinions": line("decision", 41, "法律顾问出具法律意见{n}", "法律顾问提供法律意见建议{n}"),

	"enforcement.certified_staff":  line("enforcement", 1, "持有行政执法证件人员{n}", "取得行政执法证件{n}"),
	"enforcement.certificate_rate": line("enforcement", 2, "执法岗位人员持证率{n}", "执法人员持证率达{n}"),
	"enforcement.training_hours":   line("enforcement", 3, "组织执法人员培训{n}", "执法人员参加业务培训{n}"),
	"enforcement.cases":            line("enforcement", 4, "办理行政执法案件{n}", "依法办理执法案件{n}"),
	"enforcement.penalty_cases":    line("enforcement", 5, "其中行政处罚案件{n}", "办理行政处罚案件{n}"),
	"enforcement.review_rate":      line("enforcement", 6, "重大执法决定法制审核率{n}", "重大执法决定法制审核率达{n}"),
	"enforcement.disclosure_rate":  line("enforcement", 7, "执法决定公示率{n}", "行政执法决定公示率达{n}"),
	"enforcement.land_area":        line("enforcement", 8, "卫片执法涉及土地{n}", "查处卫片执法违法用地{n}"),

	"reconsideration.cases":      line("oversight", 10, "办理行政复议案件{n}", "依法参加行政复议{n}"),
	"litigation.cases":           line("oversight", 11, "应诉行政诉讼案件{n}", "依法应诉行政诉讼{n}"),
	"litigation.appearance_rate": line("oversight", 12, "行政机关负责人出庭应诉率{n}", "负责人出庭应诉率达{n}"),

	"exam.count":              line("study", 10, "组织学法考试{n}", "开展学法用法考试{n}"),
	"enforcement.exam_passed": line("study", 11, "考试合格{n}", "学法考试合格{n}"),
	"exam.turnout_rate":       line("study", 12, "参考率{n}", "学法考试参考率{n}"),

	"publicity.events":         line("publicity", 1, "开展普法宣传活动{n}", "举办法治宣传活动{n}"),
	"publicity.materials":      line("publicity", 2, "发放宣传资料{n}", "发放普法资料{n}"),
	"publicity.banners":        line("publicity", 3, "悬挂宣传横幅{n}", "悬挂普法横幅{n}"),
	"publicity.consultations":  line("publicity", 4, "解答法律咨询{n}", "现场解答群众法律咨询{n}"),
	"publicity.people_reached": line("publicity", 5, "覆盖群众{n}", "受教育群众{n}"),
	"law_literate.persons":     line("publicity", 6, "培育“法律明白人”{n}", "培养“法律明白人”{n}"),
	"law_literate.households":  line("publicity", 7, "培育学法用法示范户{n}", "培育法治示范户{n}"),

	"mediation.committees":        line("dispute", 10, "建立人民调解委员会{n}", "设立人民调解组织{n}"),
	"mediation.mediators":         line("dispute", 11, "配备人民调解员{n}", "有人民调解员{n}"),
	"dispute.screenings":          line("dispute", 12, "开展矛盾纠纷排查{n}", "组织矛盾纠纷排查{n}"),
	"dispute.found":               line("dispute", 13, "排查出矛盾纠纷{n}", "排查发现矛盾纠纷{n}"),
	"dispute.resolved":            line("dispute", 14, "调解化解矛盾纠纷{n}", "成功调解矛盾纠纷{n}"),
	"dispute.success_rate":        line("dispute", 15, "调解成功率{n}", "调解成功率达{n}"),
	"correction.current":          line("dispute", 20, "在册社区矫正对象{n}", "在册管理社区矫正对象{n}"),
	"correction.entered":          line("dispute", 21, "新接收社区矫正对象{n}", "接收入矫{n}"),
	"correction.released":         line("dispute", 22, "依法解除矫正{n}", "解除社区矫正{n}"),
	"aftercare.total":             line("dispute", 23, "安置帮教刑满释放人员{n}", "列管安置帮教对象{n}"),
	"aftercare.resettlement_rate": line("dispute", 24, "安置率{n}", "安置率达{n}"),
	"aftercare.assistance_rate":   line("dispute", 25, "帮教率{n}", "帮教率达{n}"),

	"rectification.closed": line("responsibility", 10, "督察考核发现的问题整改销号{n}", "完成问题整改销号{n}"),
}

// placed sets the report line of each of ins that reportLines names.
func placed(ins []ledger.Indicator) []ledger.Indicator {
	for i := range ins {
		if l, ok := reportLines[ins[i].ID]; ok && ins[i].Report == nil {
			ins[i].Report = l
		}
	}
	return ins
}
