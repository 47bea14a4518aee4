package demo

import (
	"fmt"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// township seeds the records of township i: seven legality reviews of its
// own and six major decisions with the reviews they need.
func (s *seeder) township(i int) {
	t, town := townships[i], s.towns[i]
	s.decks = map[*string][]string{} // titles are drawn without repeats within a township
	reviews := []reviewPlan{
		{subject: "合同", title: s.draw(contractTitles), target: "opined", opinion: kinds.OpinionLawful, back: s.between(120, 300)},
		{subject: "规范性文件", title: s.draw(normativeTitles), target: "opined", opinion: kinds.OpinionLawfulRevised, back: s.between(60, 200)},
		{subject: "重大执法决定", title: s.draw(enforcementTitles), target: "opined",
			opinion: []string{kinds.OpinionUnlawful, kinds.OpinionLawful, kinds.OpinionLawful}[i], back: s.between(40, 120)},
		{subject: "其他", title: s.draw(villageTitles), target: "opined", opinion: kinds.OpinionLawful, back: s.between(30, 150), village: true},
		{subject: "合同", title: s.draw(contractTitles), target: "reviewing", back: s.between(25, 40), limit: 10}, // overdue
		[]reviewPlan{
			{subject: "规范性文件", title: s.draw(normativeTitles), target: "reviewing", back: 7, limit: 10}, // due soon
			{subject: "合同", title: s.draw(contractTitles), target: "returned", back: 20, limit: 15},
			{subject: "合同", title: s.draw(contractTitles), target: "withdrawn", back: 15},
		}[i],
		[]reviewPlan{
			{subject: "规范性文件", title: s.draw(normativeTitles), target: "returned", back: 18, limit: 15},
			{subject: "重大执法决定", title: s.draw(enforcementTitles), target: "received", back: 30, limit: 15}, // overdue
			{subject: "合同", title: s.draw(contractTitles), target: "received", back: 1, limit: 10},
		}[i],
	}
	for _, p := range reviews {
		unit := town.ID
		if p.village {
			v := s.villages[i][s.rnd.IntN(len(s.villages[i]))]
			unit, p.title = v.ID, v.Name+p.title
		} else {
			p.title = t.name + p.title
		}
		p.received = s.ago(p.back)
		s.reviewTo(i, unit, p)
	}
	targets := [][]string{
		{"archived", "published", "decided", "awaiting", "consulting", "drafting"},
		{"archived", "published", "unlawful", "evaluating", "consulting-short", "terminated"},
		{"published", "decided", "in-review", "unlinked", "evaluating", "drafting"},
	}[i]
	for n, target := range targets {
		s.decisionTo(i, n+1, target)
	}
}

type reviewPlan struct {
	subject, title, target, opinion string
	back, limit                     int
	village                         bool
	received                        calendar.Date
	opinionDate                     calendar.Date // set for reviews of decisions
	subjectID                       int64         // the decision reviewed
	department                      string
}

// reviewTo creates a legality review and takes it to p.target.
func (s *seeder) reviewTo(i int, unitID int64, p reviewPlan) *ledger.Record {
	t := townships[i]
	clerk, reviewer := t.short+".clerk", t.short+".reviewer"
	reviewerType, reviewerName, opiner := "审核专班", t.reviewer, reviewer
	if s.chance(35) {
		reviewerType, reviewerName, opiner = "法律顾问", "周明远", "adviser"
	}
	if p.department == "" {
		p.department = s.pick(townDepartments)
	}
	if p.received.After(s.latest) {
		p.received = s.latest
	}
	form := ledger.Values{
		"subject_type": p.subject, "subject_title": p.title, "department": p.department,
		"reviewer_type": reviewerType, "reviewer_name": reviewerName, "received_date": p.received.String(),
		"materials": "送审稿、起草说明、制定依据及征求意见情况。",
	}
	if p.limit > 0 {
		form["review_limit_days"] = fmt.Sprint(p.limit)
	}
	if p.subjectID != 0 {
		form["subject_id"] = fmt.Sprint(p.subjectID)
	}
	r := s.create(clerk, s.review, unitID, form)
	switch p.target {
	case "received":
		return r
	case "withdrawn":
		return s.step(clerk, s.review, r, "withdraw", ledger.Values{"withdraw_reason": "送审单位调整工作安排，撤回送审。"})
	}
	r = s.step(opiner, s.review, r, "start_review", nil)
	switch p.target {
	case "reviewing":
		return r
	case "returned":
		r = s.step(opiner, s.review, r, "return_materials", ledger.Values{"return_reason": "缺少起草说明和征求意见情况，请补充后重新送审。"})
		if p.limit > 0 {
			s.adjust(opiner, s.review, r, "review_limit", ledger.ClockAdjustment{Action: "pause", On: s.work(p.received, 3),
				Reason: "送审材料不全，退回补充材料期间审查时限中止计算", Basis: "本地合法性审查工作规则：材料不全的，补正期间不计入审查时限"})
		}
		return r
	}
	od := p.opinionDate
	if od.IsZero() {
		od = s.work(p.received, s.between(3, 9))
		if od.After(s.today) {
			od = s.today
		}
	}
	in := ledger.Values{
		"opinion": p.opinion, "opinion_date": od.String(),
		"opinion_text": map[string]string{
			kinds.OpinionLawful:        "经审查，制定主体适格，未超越法定权限，程序符合规定，内容与上位法不相抵触，同意提交。",
			kinds.OpinionLawfulRevised: "经审查，主体和程序合法；部分条款表述与上位法不一致，按审查意见修改后可以提交。",
			kinds.OpinionUnlawful:      "经审查，拟作出的决定缺少事实证据，适用依据错误，不得提交。",
		}[p.opinion],
	}
	if p.subject == kinds.SubjectMajorDecision && reviewerType != "法律顾问" {
		in["adviser_opinion"] = "法律顾问周明远：同意审查意见。"
	}
	return s.step(opiner, s.review, r, "give_opinion", in)
}

// timeline is the dates of one decision's procedures.
type timeline struct {
	start, commentEnd, expert, risk, submitted, opinion, meeting, publish, archive calendar.Date
}

// last is the latest date a decision taken to target needs.
func (tl timeline) last(target string) calendar.Date {
	switch target {
	case "archived":
		return tl.archive
	case "published":
		return tl.publish
	case "decided":
		return tl.meeting
	case "awaiting", "unlawful":
		return tl.opinion
	case "in-review", "unlinked":
		return tl.submitted
	case "evaluating":
		return tl.expert
	case "terminated":
		return tl.commentEnd
	}
	return tl.start
}

func (s *seeder) plan(start calendar.Date, commentDays int) timeline {
	tl := timeline{start: start}
	tl.commentEnd = start.AddDays(commentDays + s.between(0, 3))
	tl.expert = s.ahead(tl.commentEnd, s.between(2, 7))
	tl.risk = s.ahead(tl.commentEnd, s.between(2, 9))
	tl.submitted = s.ahead(later(tl.expert, tl.risk), s.between(1, 4))
	tl.opinion = s.ahead(tl.submitted, s.between(7, 11))
	tl.meeting = s.ahead(tl.opinion, s.between(2, 8))
	tl.publish = s.ahead(tl.meeting, s.between(1, 5))
	tl.archive = s.ahead(tl.publish, s.between(8, 20))
	return tl
}

// ahead is d plus n working days for planning: a date past today is not
// used (the plan is moved back until the dates it needs are past), so
// beyond today it only needs to stay beyond, even where the calendar ends.
func (s *seeder) ahead(d calendar.Date, n int) calendar.Date {
	if d.After(s.today) {
		return d.AddDays(n)
	}
	out, err := s.cal.Add(d, n, calendar.WorkingDays)
	if err != nil {
		return s.today.AddDays(n + 1)
	}
	return out
}

// decisionTo creates the n-th major decision of township i and takes it to
// target, with the legality review it needs.
func (s *seeder) decisionTo(i, n int, target string) {
	t, town := townships[i], s.towns[i]
	clerk, head := t.short+".clerk", t.short+".head"
	back := map[string]int{"archived": 260, "published": 140, "decided": 80, "awaiting": 70, "unlawful": 70,
		"in-review": 60, "unlinked": 60, "evaluating": 40, "terminated": 50, "consulting": 10, "consulting-short": 8}[target]
	commentDays := 30
	if target == "consulting-short" {
		commentDays = 15
	}
	start := s.ago(back + s.between(0, 20))
	tl := s.plan(start, commentDays)
	// Move the whole timeline back until its last needed date is past.
	for k := 0; k < 10 && tl.last(target).After(s.today); k++ {
		start = start.AddDays(-s.today.DaysUntil(tl.last(target)) - 1)
		tl = s.plan(start, commentDays)
	}
	title := t.name + s.draw(decisionTitles)
	dept := s.pick(townDepartments[:6])
	year := start.Year
	if target == "drafting" {
		year = s.today.Year
	}
	item := s.catalogueItem(clerk, town.ID, year, n, title, dept, start)
	r := s.create(clerk, s.decision, town.ID, ledger.Values{
		"catalogue_year": fmt.Sprint(year), "catalogue_item": fmt.Sprintf("%d-%02d", year, n), "catalogue_id": id(item),
		"title": title, "department": dept,
		"description": "为解决" + t.name + "相关领域存在的突出问题，拟定本决策草案，明确目标任务、实施步骤、资金保障和责任分工。",
	})
	if target == "drafting" {
		return
	}
	comment := ledger.Values{"comment_start": tl.start.String(), "comment_channel": t.name + "人民政府网站、村务公开栏"}
	if commentDays < 30 {
		comment["comment_days"] = fmt.Sprint(commentDays)
		comment["shorten_reason"] = "汛期临近，防洪排涝设施须在主汛期前开工，情况紧急，征求意见期限缩短为15日，已在征求意见公告中说明。"
	}
	r = s.step(clerk, s.decision, r, "start_comment", comment)
	if target == "consulting" || target == "consulting-short" {
		return
	}
	got := s.between(5, 40)
	took := got * s.between(40, 80) / 100
	r = s.step(clerk, s.decision, r, "finish_comment", ledger.Values{"comment_end": tl.commentEnd.String(),
		"comment_summary": fmt.Sprintf("共收到意见建议%d条，采纳%d条；未采纳的已向提出人说明理由。", got, took)})
	if target == "terminated" {
		s.step(head, s.decision, r, "terminate", ledger.Values{"terminate_reason": "上级政策调整，经研究将该事项调出年度决策事项目录。"})
		return
	}
	if s.chance(70) {
		r = s.step(clerk, s.decision, r, "expert_done", ledger.Values{"expert_date": tl.expert.String(),
			"expert_summary": fmt.Sprintf("组织%d名专家论证，认为方案必要、可行，建议细化资金保障措施，已采纳。", s.between(3, 7))})
	} else {
		r = s.step(clerk, s.decision, r, "expert_na", ledger.Values{"expert_na_reason": "事项专业性、技术性不强，已通过征求意见充分听取各方意见。"})
	}
	if target == "evaluating" {
		return
	}
	if s.chance(50) {
		r = s.step(clerk, s.decision, r, "risk_done", ledger.Values{"risk_date": tl.risk.String(),
			"risk_summary": "评估认为决策实施的社会稳定风险等级为低，风险可控。"})
	} else {
		r = s.step(clerk, s.decision, r, "risk_na", ledger.Values{"risk_na_reason": "决策实施不涉及征地拆迁等群众切身利益，不会对社会稳定、公共安全造成不利影响。"})
	}
	r = s.step(clerk, s.decision, r, "submit_review", ledger.Values{"review_submitted": tl.submitted.String()})
	if target == "unlinked" {
		return
	}
	rp := reviewPlan{subject: kinds.SubjectMajorDecision, title: title + "（送审稿）", department: dept,
		received: tl.submitted, opinionDate: tl.opinion, opinion: kinds.OpinionLawful, target: "opined", subjectID: r.ID}
	switch {
	case target == "in-review":
		rp.target, rp.limit = "reviewing", 15
	case target == "unlawful":
		rp.opinion = kinds.OpinionUnlawful
	case s.chance(40):
		rp.opinion = kinds.OpinionLawfulRevised
	}
	if s.chance(50) && rp.limit == 0 {
		rp.limit = 15
	}
	// Created from the decision, the review is linked both ways at once.
	rev := s.reviewTo(i, town.ID, rp)
	if r = s.reload(clerk, r); s.err == nil && rev != nil && r.Data["review_id"] != id(rev) {
		s.err = fmt.Errorf("demo: review %d not linked back to decision %d", rev.ID, r.ID)
	}
	if target == "in-review" || target == "awaiting" || target == "unlawful" {
		return
	}
	decide := ledger.Values{"meeting_type": s.pick([]string{"常务会议", "党政联席会议"}), "meeting_date": tl.meeting.String(),
		"head_last": "是", "dissent": s.pick(dissents), "head_differs": "否",
		"decision_summary": "会议原则通过，请承办单位按合法性审查意见和会议意见修改完善后公布实施。"}
	r = s.step(head, s.decision, r, "decide", decide)
	s.step(clerk, s.catalogue, s.reload(clerk, item), "mark_decided", ledger.Values{"decided_date": tl.meeting.String()})
	if target == "decided" {
		return
	}
	r = s.step(clerk, s.decision, r, "publish", ledger.Values{"publish_date": tl.publish.String(),
		"publish_channel": t.name + "人民政府网站、政务公开栏"})
	if target == "published" {
		return
	}
	s.step(clerk, s.decision, r, "archive", ledger.Values{"archive_date": tl.archive.String(),
		"archive_no": fmt.Sprintf("%s-%d-JC-%02d", t.short, year, n)})
}

// catalogueItem creates item n of township's catalogue of year for the
// decision title and publishes it, agreed by the Party committee, before
// the decision's procedure starts (or in January, for this year's drafts).
func (s *seeder) catalogueItem(clerk string, town int64, year, n int, title, dept string, start calendar.Date) *ledger.Record {
	item := s.create(clerk, s.catalogue, town, ledger.Values{"catalogue_year": fmt.Sprint(year), "catalogue_item": fmt.Sprintf("%d-%02d", year, n),
		"title": title, "department": dept, "category": s.pick(s.catalogue.Field("category").Options[:5]),
		"content": "列入本年度重大行政决策事项目录，按规定履行公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。"})
	published := calendar.Date{Year: year, Month: 1, Day: 20}
	if start.Before(published) {
		published = start.AddDays(-7)
	}
	if published.After(s.today) {
		published = s.today
	}
	return s.step(clerk, s.catalogue, item, "publish", ledger.Values{"agreed_date": published.AddDays(-5).String(),
		"publish_date": published.String(), "publish_channel": "镇政府网站、政务公开栏"})
}
