package web

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

// walk is one record driven through the API: each step updates it, each
// refusal checks it was left as it was.
type walk struct {
	t   *testing.T
	rec apiRecord
}

func (w *walk) path() string { return recordPathOf(w.rec.Kind, w.rec.ID) }

func create(t *testing.T, c *apiClient, kind string, data map[string]string) *walk {
	t.Helper()
	w := &walk{t: t}
	c.must("POST", "/api/v1/records/"+kind, map[string]any{"data": data}, http.StatusCreated, &w.rec)
	return w
}

func (w *walk) step(c *apiClient, event string, data map[string]string) {
	w.t.Helper()
	c.must("POST", w.path()+"/transitions", map[string]any{"event": event, "version": w.rec.Version, "data": data}, http.StatusOK, &w.rec)
}

// refused takes event expecting status, and checks the error names every
// want (in its message, basis or fields) and that the record is unchanged.
func (w *walk) refused(c *apiClient, event string, data map[string]string, status int, wants ...string) apiError {
	w.t.Helper()
	e := c.apiErr("POST", w.path()+"/transitions", map[string]any{"event": event, "version": w.rec.Version, "data": data}, status)
	text := e.Message + "|" + e.Basis + "|" + fmt.Sprint(e.Fields)
	for _, s := range wants {
		if !strings.Contains(text, s) {
			w.t.Errorf("%s refused without %q: %s", event, s, text)
		}
	}
	var cur apiRecord
	c.must("GET", w.path(), nil, http.StatusOK, &cur)
	if cur.Version != w.rec.Version || cur.State != w.rec.State {
		w.t.Fatalf("refused %s changed the record: v%d %s → v%d %s", event, w.rec.Version, w.rec.State, cur.Version, cur.State)
	}
	return e
}

func (w *walk) edit(c *apiClient, data map[string]string) {
	w.t.Helper()
	c.must("PATCH", w.path(), map[string]any{"version": w.rec.Version, "data": data}, http.StatusOK, &w.rec)
}

func (w *walk) clock(c *apiClient, period string) apiClock {
	w.t.Helper()
	var cs []apiClock
	c.must("GET", w.path()+"/clocks", nil, http.StatusOK, &cs)
	for _, x := range cs {
		if x.Period == period {
			return x
		}
	}
	w.t.Fatalf("no clock %s on %s %d: %+v", period, w.rec.Kind, w.rec.ID, cs)
	return apiClock{}
}

func setToday(e *env, day string) {
	dt, _ := calendar.ParseDate(day)
	e.clock.mu.Lock()
	e.clock.t = time.Date(dt.Year, time.Month(dt.Month), dt.Day, 9, 0, 0, 0, calendar.China)
	e.clock.mu.Unlock()
}

// 合同 through the API: a review of contract A unlocks A only; a review
// typed as a major decision's cannot name a contract; every transition, and
// each refusal, leaves what was saved.
func TestAPI_Contract_SigningGateAndEveryTransition(t *testing.T) {
	e := apiEnv(t)
	setToday(e, "2025-12-01")
	clerk, adviser := e.api("clerkA"), e.api("adviserA")
	contract := func(title string) *walk {
		return create(t, clerk, "contract", map[string]string{"title": title, "category": "委托服务", "department": "党政办",
			"counterparty": "青山县洁美环境服务有限公司", "counterparty_type": "法人", "amount": "286000",
			"content": "集镇道路保洁、垃圾清运", "draft_date": "2025-03-03", "term_end": "2026-03-31"})
	}
	a, b := contract("甲镇集镇保洁服务合同"), contract("甲镇办公楼物业服务合同")

	// A review typed as a major decision's cannot name contract A.
	bad := adviser.apiErr("POST", "/api/v1/records/legality_review", map[string]any{"data": map[string]string{
		"subject_type": "重大行政决策", "subject_id": fmt.Sprint(a.rec.ID), "subject_title": "保洁服务合同",
		"department": "党政办", "reviewer_type": "法律顾问", "reviewer_name": "刘律师", "received_date": "2025-03-05"}}, http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Fields["subject_id"], "是合同台账记录") {
		t.Fatalf("a major decision's review naming a contract: %+v", bad)
	}
	// The adviser reviews A; A is linked back.
	r := create(t, adviser, "legality_review", map[string]string{"subject_type": "合同", "subject_id": fmt.Sprint(a.rec.ID),
		"subject_title": "甲镇集镇保洁服务合同", "department": "党政办", "reviewer_type": "法律顾问", "reviewer_name": "刘律师",
		"received_date": "2025-03-05"})
	r.step(adviser, "start_review", nil)
	r.step(adviser, "give_opinion", map[string]string{"opinion": "修改后合法", "opinion_text": "第十条违约责任条款须修改", "opinion_date": "2025-03-12"})
	clerk.must("GET", a.path(), nil, http.StatusOK, &a.rec)
	if a.rec.Data["review_id"] != fmt.Sprint(r.rec.ID) {
		t.Fatalf("contract A does not name its review: %v", a.rec.Data)
	}

	// B cannot cite A's review, nor be signed without its own.
	refused := clerk.apiErr("PATCH", b.path(), map[string]any{"version": b.rec.Version, "data": map[string]string{"review_id": fmt.Sprint(r.rec.ID)}},
		http.StatusUnprocessableEntity)
	if !strings.Contains(refused.Fields["review_id"], fmt.Sprintf("已用于另一事项（编号 %d）", a.rec.ID)) {
		t.Fatalf("B citing A's review: %+v", refused)
	}
	b.refused(clerk, "sign", map[string]string{"sign_date": "2025-03-20", "signatory": "镇长"}, http.StatusUnprocessableEntity,
		"合同签订前须经合法性审查", "合法性审查全覆盖")
	b.step(clerk, "abandon", map[string]string{"abandon_reason": "项目取消"})

	// A: submitted, sent back, resubmitted, signed — not before the opinion.
	a.step(clerk, "submit_review", map[string]string{"review_submitted": "2025-03-05"})
	a.step(clerk, "revise", map[string]string{"revise_reason": "按审查意见修改第十条"})
	a.step(clerk, "submit_review", map[string]string{"review_submitted": "2025-03-10"})
	a.refused(clerk, "sign", map[string]string{"sign_date": "2025-03-11", "signatory": "镇长"}, http.StatusUnprocessableEntity, "早于合法性审查意见的出具日期")
	a.refused(e.api("reviewerA"), "sign", map[string]string{"sign_date": "2025-03-20", "signatory": "镇长"}, http.StatusForbidden)
	a.step(clerk, "sign", map[string]string{"sign_date": "2025-03-20", "signatory": "镇长"})
	if c := a.clock(clerk, "performance"); c.Due != "2026-03-31" || c.Basis == "" {
		t.Errorf("performance clock %+v", c)
	}
	a.step(clerk, "change", map[string]string{"change_date": "2025-04-01", "change_content": "增加保洁面积"})
	a.step(clerk, "dispute", map[string]string{"dispute_date": "2025-06-03", "dispute_way": "诉讼", "dispute_summary": "对方未按约履行"})
	suit := create(t, clerk, "admin_dispute", map[string]string{"proceeding": "行政诉讼", "body": "青山县人民法院", "act": "解除行政协议",
		"act_type": "行政协议", "source_id": fmt.Sprint(a.rec.ID), "applicant_type": "法人或其他组织",
		"applicant_org": "青山县洁美环境服务有限公司", "received_date": "2025-06-10"})
	a.edit(clerk, map[string]string{"dispute_case_id": fmt.Sprint(suit.rec.ID)})
	a.step(clerk, "settle", map[string]string{"settle_date": "2025-07-15", "settle_result": "调解结案，继续履行"})
	a.step(clerk, "terminate", map[string]string{"terminate_date": "2025-11-20", "terminate_reason": "双方协商一致解除"})
	if a.rec.State != "terminated" {
		t.Fatalf("A state %s", a.rec.State)
	}
	c := contract("甲镇会议室租赁合同")
	c.refused(clerk, "perform", map[string]string{"perform_date": "2025-05-01"}, http.StatusConflict)
	rc := create(t, adviser, "legality_review", map[string]string{"subject_type": "合同", "subject_id": fmt.Sprint(c.rec.ID),
		"subject_title": "甲镇会议室租赁合同", "department": "党政办", "reviewer_type": "法律顾问", "reviewer_name": "刘律师",
		"received_date": "2025-03-05"})
	rc.step(adviser, "start_review", nil)
	rc.step(adviser, "give_opinion", map[string]string{"opinion": "合法", "opinion_text": "合法", "opinion_date": "2025-03-12"})
	clerk.must("GET", c.path(), nil, http.StatusOK, &c.rec)
	c.step(clerk, "sign", map[string]string{"sign_date": "2025-03-20", "signatory": "镇长"})
	c.step(clerk, "perform", map[string]string{"perform_date": "2025-11-30"})
}

func officerRowsJSON(rows ...[2]string) string {
	var vs []ledger.Values
	for _, r := range rows {
		vs = append(vs, ledger.Values{"name": r[0], "cert_no": r[1]})
	}
	return ledger.EncodeRows(vs)
}

// 执法人员与执法证 and 行政执法案件 through the API: the case's
// 第四十二条 gate reads the certificate ledger in the caller's scope (an
// expired certificate, another township's officers), 第五十八条's review,
// the 90-day clock's extension by the head, disclosure before closing.
func TestAPI_EnforcementCase_CertificatesOnEachActAndEveryTransition(t *testing.T) {
	e := apiEnv(t)
	setToday(e, "2025-12-01")
	clerk, head, reviewer, clerkB := e.api("clerkA"), e.api("headA"), e.api("reviewerA"), e.api("clerkB")
	officer := func(c *apiClient, name, no, issued, until string) *walk {
		w := create(t, c, "enforcement_officer", map[string]string{"name": name, "department": "综合行政执法队",
			"post_type": "执法岗", "entry_date": "2019-03-01"})
		w.step(c, "issue", map[string]string{"cert_no": no, "issuing_body": "青山省人民政府", "issue_date": issued, "valid_until": until})
		return w
	}
	officer(clerk, "张明", "ZF3301001", "2022-01-10", "2027-01-09")
	li := officer(clerk, "李华", "ZF3301002", "2022-01-10", "2027-01-09")
	wang := officer(clerk, "王强", "ZF3301003", "2020-07-01", "2025-06-30")
	officer(clerkB, "乙镇执法员", "ZF3302001", "2022-01-10", "2027-01-09")

	// The certificate's own transitions.
	if n, err := e.db.RunDueTransitions(context.Background()); err != nil || n != 1 {
		t.Fatalf("due transitions: %d %v", n, err)
	}
	clerk.must("GET", wang.path(), nil, http.StatusOK, &wang.rec)
	if wang.rec.State != "expired" {
		t.Fatalf("王强's certificate, past 30 June, is %s", wang.rec.State)
	}
	wang.refused(clerk, "renew", map[string]string{"renew_date": "2025-07-05", "renew_valid_until": "2025-07-01"}, http.StatusUnprocessableEntity, "应晚于「换证日期」")
	li.step(clerk, "suspend", map[string]string{"suspend_date": "2025-11-01", "suspend_reason": "涉嫌违纪"})
	li.step(clerk, "restore", map[string]string{"restore_date": "2025-11-10"})
	staff := create(t, clerk, "enforcement_officer", map[string]string{"name": "钱文", "department": "党政办", "post_type": "非执法岗", "entry_date": "2021-05-01"})
	staff.step(clerk, "leave", map[string]string{"leave_date": "2025-10-01"})
	gone := officer(clerk, "孙丽", "ZF3301005", "2022-01-10", "2027-01-09")
	gone.step(clerk, "renew", map[string]string{"renew_date": "2025-01-05", "renew_cert_no": "ZF3301105", "renew_valid_until": "2030-01-04"})
	gone.step(clerk, "revoke", map[string]string{"revoke_date": "2025-08-15", "revoke_reason": "调离执法岗位"})

	// The case: 张明 with 王强, whose certificate expired on 30 June.
	k := create(t, clerk, "enforcement_case", map[string]string{"case_type": "行政处罚", "cause": "未经批准占用耕地建房",
		"opened_date": "2025-07-03", "party_type": "自然人", "party_name": "陈某某", "party_id": "11010519491231002X",
		"officers":    officerRowsJSON([2]string{"张明", "ZF3301001"}, [2]string{"王强", "ZF3301003"}),
		"review_case": "涉及重大公共利益", "land_case": "是", "land_area": "0.35"})
	if c := k.clock(clerk, "decision_limit"); c.Due != "2025-10-09" || !strings.Contains(c.Basis, "第六十条") {
		t.Errorf("decision clock %+v", c)
	}
	inv := map[string]string{"investigate_date": "2025-07-10", "evidence_summary": "现场勘验、询问笔录"}
	k.refused(clerk, "investigate", inv, http.StatusUnprocessableEntity, "第2行王强", "已过期", "第四十二条")
	// Township B's officer is out of A's scope: not found.
	k.edit(clerk, map[string]string{"officers": officerRowsJSON([2]string{"张明", "ZF3301001"}, [2]string{"乙镇执法员", "ZF3302001"})})
	k.refused(clerk, "investigate", inv, http.StatusUnprocessableEntity, "未找到该证号")
	k.edit(clerk, map[string]string{"officers": officerRowsJSON([2]string{"张明", "ZF3301001"}, [2]string{"李华", "ZF3301002"})})
	k.step(clerk, "investigate", inv)

	// The head extends the decision period; a clerk may not.
	ext := map[string]any{"action": "extend", "days": 30, "reason": "案情复杂，需补充鉴定", "basis": "经行政机关负责人批准"}
	clerk.apiErr("POST", k.path()+"/clocks/decision_limit", ext, http.StatusForbidden)
	head.must("POST", k.path()+"/clocks/decision_limit", ext, http.StatusOK, nil)
	if c := k.clock(clerk, "decision_limit"); c.Due != "2025-10-31" || len(c.Adjustments) != 1 {
		t.Errorf("extended decision clock %+v", c)
	}
	clerk.must("GET", k.path(), nil, http.StatusOK, &k.rec)

	k.step(clerk, "notify", map[string]string{"notice_date": "2025-08-01", "notice_content": "拟责令退还土地并处罚款"})
	decision := map[string]string{"decision_date": "2025-08-20", "decision_result": "给予行政处罚",
		"decision_summary": "责令退还非法占用的土地，罚款3500元", "fine": "3500"}
	k.refused(head, "decide", decision, http.StatusUnprocessableEntity, "进行法制审核", "第五十八条")
	review := map[string]string{"review_date": "2025-08-15", "reviewer": "吴某", "reviewer_first_time": "是", "reviewer_qualified": "否",
		"review_opinion": "同意", "review_text": "事实清楚，证据确凿"}
	k.refused(reviewer, "legal_review", review, http.StatusUnprocessableEntity, "法律职业资格", "第五十八条第二款")
	review["reviewer_qualified"] = "是"
	k.step(reviewer, "legal_review", review)
	k.refused(clerk, "decide", decision, http.StatusForbidden)
	k.step(head, "decide", decision)
	if c := k.clock(clerk, "disclose_limit"); c.Due != "2025-08-29" || !strings.Contains(c.Basis, "118号") {
		t.Errorf("disclosure clock %+v", c) // 7 working days from Wed 20 August
	}
	closing := map[string]string{"close_date": "2025-09-30", "execution": "已退还土地，罚款已缴纳"}
	k.refused(clerk, "close", closing, http.StatusUnprocessableEntity, "应当公示")
	k.step(clerk, "disclose", map[string]string{"disclose_date": "2025-08-27", "disclose_channel": "县政府网站"})
	k.step(clerk, "close", closing)
	if k.rec.State != "closed" {
		t.Fatalf("case state %s", k.rec.State)
	}
	var seen apiRecord
	e.api("inspector").must("GET", k.path(), nil, http.StatusOK, &seen)
	if seen.Data["party_id"] == "11010519491231002X" || seen.Data["party_name"] == "陈某某" {
		t.Errorf("the inspector reads the party in clear: %v", seen.Data)
	}
}

// 行政复议与行政诉讼 through the API: the reply clock in working days, the
// appearance rules, outcome, rectification, archive.
func TestAPI_AdminDispute_EveryTransition(t *testing.T) {
	e := apiEnv(t)
	setToday(e, "2025-12-01")
	clerk, adviser := e.api("clerkA"), e.api("adviserA")
	w := create(t, clerk, "admin_dispute", map[string]string{"proceeding": "行政复议", "body": "青山县人民政府", "act": "责令限期拆除决定",
		"act_type": "行政强制", "applicant_type": "自然人", "applicant_name": "陈某某", "applicant_id": "11010519491231002X",
		"applicant_phone": "13800138000", "received_date": "2025-09-30"})
	if c := w.clock(clerk, "reply_limit"); c.Due != "2025-10-21" || !strings.Contains(c.Basis, "第四十八条") {
		t.Errorf("reply clock %+v", c)
	}
	w.refused(clerk, "conclude", map[string]string{"conclude_date": "2025-11-01", "outcome": "维持", "outcome_text": "维持"}, http.StatusConflict)
	w.refused(clerk, "reply", map[string]string{"reply_date": "2025-09-29", "evidence_submitted": "是", "reply_summary": "合法"},
		http.StatusUnprocessableEntity, "不能早于")
	w.step(adviser, "reply", map[string]string{"reply_date": "2025-10-20", "evidence_submitted": "是", "reply_summary": "事实清楚、程序合法"})
	if c := w.clock(clerk, "reply_limit"); c.Status != "stopped" || c.Overdue || c.Late != "" {
		t.Errorf("reply met in time: %+v", c)
	}
	w.refused(clerk, "hearing", map[string]string{"hearing_date": "2025-10-28", "appearance": "委托工作人员出庭",
		"delegate_name": "某律师事务所张律师", "delegate_is_staff": "否", "absence_explanation": "外出"}, http.StatusUnprocessableEntity,
		"不得仅委托律师出庭", "第五十一条")
	w.step(clerk, "hearing", map[string]string{"hearing_date": "2025-10-28", "appearance": "负责人出庭", "head_name": "王某", "head_post": "镇长"})
	w.step(clerk, "conclude", map[string]string{"conclude_date": "2025-11-10", "outcome": "确认违法", "outcome_text": "确认程序违法"})
	if w.rec.Data["lost"] != "是" {
		t.Errorf("确认违法 not counted as corrected: %v", w.rec.Data["lost"])
	}
	w.refused(clerk, "close", map[string]string{"archive_date": "2025-11-20"}, http.StatusUnprocessableEntity, "须整改")
	w.step(clerk, "rectify", map[string]string{"rectify_date": "2025-11-18", "rectify_measures": "完善告知程序"})
	w.step(clerk, "close", map[string]string{"archive_date": "2025-11-20"})
	// The ID number is masked for a user who may not see personal data.
	var seen apiRecord
	e.api("inspector").must("GET", w.path(), nil, http.StatusOK, &seen)
	if seen.Data["applicant_id"] == "11010519491231002X" {
		t.Error("the inspector reads the applicant's ID number in clear")
	}
	l := create(t, clerk, "admin_dispute", map[string]string{"proceeding": "行政诉讼", "body": "青山县人民法院", "act": "罚款决定",
		"act_type": "行政处罚", "applicant_type": "法人或其他组织", "applicant_org": "某建材公司", "received_date": "2025-09-16"})
	if c := l.clock(clerk, "defence_limit"); c.Due != "2025-10-09" || !strings.Contains(c.Basis, "第六十七条") {
		t.Errorf("defence clock %+v", c)
	}
}

// 法律顾问 and their opinions through the API.
func TestAPI_LegalAdviser_EveryTransition(t *testing.T) {
	e := apiEnv(t)
	setToday(e, "2025-12-01")
	clerk, adviser := e.api("clerkA"), e.api("adviserA")
	villages := ledger.EncodeRows([]ledger.Values{{"village": "东山村"}, {"village": "西岭村"}})
	a := create(t, clerk, "legal_adviser", map[string]string{"name": "刘律师", "adviser_type": "村（社区）法律顾问",
		"firm": "青山县正平律师事务所", "licence_no": "13301201810123456", "term_start": "2025-01-01", "term_end": "2025-12-31",
		"villages": villages})
	if a.rec.Data["villages_served"] != "2" {
		t.Errorf("villages served %q", a.rec.Data["villages_served"])
	}
	bad := clerk.apiErr("POST", "/api/v1/records/legal_adviser", map[string]any{"data": map[string]string{"name": "赵律师",
		"adviser_type": "村（社区）法律顾问", "firm": "某所", "licence_no": "1", "term_start": "2025-01-01", "term_end": "2025-12-31"}},
		http.StatusUnprocessableEntity)
	if !strings.Contains(bad.Fields["villages"], "服务村（社区）") {
		t.Errorf("village adviser without villages: %+v", bad)
	}
	o := create(t, clerk, "adviser_opinion", map[string]string{"adviser_id": fmt.Sprint(a.rec.ID), "matter": "集镇停车管理办法（草案）",
		"matter_type": "规范性文件", "requested_date": "2025-04-01"})
	o.refused(clerk, "record_adoption", map[string]string{"adoption": "采纳"}, http.StatusConflict)
	o.step(adviser, "give_opinion", map[string]string{"opinion_date": "2025-04-08", "opinion_text": "建议删除第八条"})
	o.refused(clerk, "record_adoption", map[string]string{"adoption": "未采纳"}, http.StatusUnprocessableEntity, "写明理由")
	o.step(clerk, "record_adoption", map[string]string{"adoption": "未采纳", "adoption_reason": "第八条有上位法依据"})
	x := create(t, clerk, "adviser_opinion", map[string]string{"adviser_id": fmt.Sprint(a.rec.ID), "matter": "撤回的咨询",
		"matter_type": "其他", "requested_date": "2025-04-01"})
	x.step(clerk, "withdraw", map[string]string{"withdraw_reason": "事项取消"})
	a.refused(clerk, "dismiss", map[string]string{"end_date": "2024-12-01", "end_reason": "不再续聘"}, http.StatusUnprocessableEntity, "不能早于「聘期起」")
	a.step(clerk, "dismiss", map[string]string{"end_date": "2025-11-30", "end_reason": "本人申请"})
}

// The planted-value check over the new kinds with personal data: an ID
// number, a phone and an address typed into a contract's natural-person
// counterparty, an enforcement case's party and a reconsideration's
// applicant are in clear neither in the database file nor its WAL nor the
// server's logs, and a search for them finds nothing.
func TestAPI_NewKinds_PlantedPersonalDataNowhereInClear(t *testing.T) {
	e := apiEnv(t)
	setToday(e, "2025-12-01")
	clerk := e.api("clerkA")
	const address = "青山县甲镇东山村七组88号"
	forms := map[string]map[string]string{
		"contract": {"title": "东山村鱼塘租赁合同", "category": "租赁", "department": "党政办", "counterparty": "自然人",
			"counterparty_type": "自然人", "person_name": "陈某某", "person_id": plantedID, "person_phone": plantedPhone,
			"amount": "12000", "content": "鱼塘租赁三年", "draft_date": "2025-03-03"},
		"enforcement_case": {"case_type": "行政处罚", "cause": "东山村违法占地建房", "opened_date": "2025-07-03", "party_type": "自然人",
			"party_name": "陈某某", "party_id": plantedID, "party_phone": plantedPhone, "party_address": address,
			"officers": officerRowsJSON([2]string{"张明", "ZF3301001"}, [2]string{"李华", "ZF3301002"}), "review_case": "不属于法制审核情形"},
		"admin_dispute": {"proceeding": "行政复议", "body": "青山县人民政府", "act": "东山村拆除决定", "act_type": "行政强制",
			"applicant_type": "自然人", "applicant_name": "陈某某", "applicant_id": plantedID, "applicant_phone": plantedPhone,
			"applicant_address": address, "received_date": "2025-09-30"},
	}
	dates := map[string]string{"contract": "draft_date", "enforcement_case": "opened_date", "admin_dispute": "received_date"}
	for kind, data := range forms {
		w := create(t, clerk, kind, data)
		// A refused edit carrying the values goes through the logs' path too.
		again := map[string]string{dates[kind]: "2025-02-30"}
		for n, v := range data {
			if f := e.srv.kinds.Kind(kind).Field(n); f != nil && f.Type == ledger.TypePersonal {
				again[n] = v
			}
		}
		bad := clerk.apiErr("PATCH", w.path(), map[string]any{"version": w.rec.Version, "data": again}, http.StatusUnprocessableEntity)
		if len(bad.Fields) == 0 {
			t.Errorf("%s: bad date accepted: %+v", kind, bad)
		}
		for _, q := range []string{plantedID, plantedPhone, "东山村七组88号"} {
			var list struct {
				Total int `json:"total"`
			}
			clerk.must("GET", "/api/v1/records/"+kind+"?q="+url.QueryEscape(q), nil, http.StatusOK, &list)
			if list.Total != 0 {
				t.Errorf("%s: a search for %s finds %d records", kind, q, list.Total)
			}
		}
	}
	dbFiles, err := filepath.Glob(filepath.Join(filepath.Dir(t.TempDir()), "*", "fazhi.db"))
	if err != nil || len(dbFiles) != 1 {
		t.Fatalf("database file of the env: %v, %v", dbFiles, err)
	}
	sources := map[string][]byte{"server logs": e.logs.Bytes()}
	var disk []byte
	for _, name := range []string{dbFiles[0], dbFiles[0] + "-wal"} {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("read %s: %v", name, err)
		}
		sources[filepath.Base(name)] = b
		disk = append(disk, b...)
	}
	if !bytes.Contains(disk, []byte("东山村鱼塘租赁合同")) {
		t.Fatal("the database file and WAL do not hold the contract's title; the grep is not reading the database")
	}
	for name, b := range sources {
		for _, planted := range []string{plantedID, plantedPhone, address} {
			if bytes.Contains(b, []byte(planted)) {
				t.Errorf("%s holds the planted %s in clear", name, planted)
			}
		}
	}
}
