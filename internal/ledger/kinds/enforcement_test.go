package kinds_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// roster is an in-memory Finder over officer records: the records a case's
// guard finds by certificate number.
type roster []*ledger.Record

func (r roster) Records(_ context.Context, kind string, filters ledger.Values, limit int) ([]ledger.Record, error) {
	var out []ledger.Record
	for _, rec := range r {
		ok := rec.Kind == kind
		for n, v := range filters {
			ok = ok && rec.Data[n] == v
		}
		if ok && len(out) < limit {
			out = append(out, *rec)
		}
	}
	return out, nil
}

func (r roster) Count(ctx context.Context, kind string, filters ledger.Values) (int, error) {
	recs, err := r.Records(ctx, kind, filters, 1000)
	return len(recs), err
}

func (roster) ByPersonal(context.Context, string, string, string) ([]ledger.Record, error) {
	return nil, nil
}

// officer drives an officer record to a valid certificate issued on issued
// and valid until until.
func officer(t *testing.T, id int64, name, no, issued, until string) *machine {
	t.Helper()
	m := newMachine(t, kinds.EnforcementOfficer(), id, ledger.Values{"name": name, "department": "综合行政执法队",
		"post_type": kinds.PostEnforcement, "entry_date": "2019-03-01"}, nil)
	m.must("issue", ledger.Values{"cert_no": no, "issuing_body": "青山省人民政府", "issue_date": issued, "valid_until": until}, issued, clerk)
	return m
}

// testRoster: 张明 and 李华 valid throughout 2025; 王强's certificate
// expired on 30 June 2025; 赵刚's was suspended from 1 September 2025;
// 孙丽's was revoked on 15 August 2025; 周敏 was renewed with a new number.
func testRoster(t *testing.T) roster {
	zhang := officer(t, 301, "张明", "ZF3301001", "2022-01-10", "2027-01-09")
	li := officer(t, 302, "李华", "ZF3301002", "2022-01-10", "2027-01-09")
	wang := officer(t, 303, "王强", "ZF3301003", "2020-07-01", "2025-06-30")
	zhao := officer(t, 304, "赵刚", "ZF3301004", "2022-01-10", "2027-01-09")
	zhao.must("suspend", ledger.Values{"suspend_date": "2025-09-01", "suspend_reason": "涉嫌违纪，暂停执法"}, "2025-09-01", clerk)
	sun := officer(t, 305, "孙丽", "ZF3301005", "2022-01-10", "2027-01-09")
	sun.must("revoke", ledger.Values{"revoke_date": "2025-08-15", "revoke_reason": "调离执法岗位"}, "2025-08-15", clerk)
	zhou := officer(t, 306, "周敏", "ZF3301006", "2020-05-01", "2025-04-30")
	zhou.must("renew", ledger.Values{"renew_date": "2025-04-20", "renew_cert_no": "ZF3301106", "renew_valid_until": "2030-04-19"}, "2025-04-20", clerk)
	return roster{zhang.r, li.r, wang.r, zhao.r, sun.r, zhou.r}
}

func officerRows(rows ...[2]string) string {
	var vs []ledger.Values
	for i, r := range rows {
		role := "协办"
		if i == 0 {
			role = "主办"
		}
		vs = append(vs, ledger.Values{"name": r[0], "cert_no": r[1], "role": role})
	}
	return ledger.EncodeRows(vs)
}

func caseForm(officers string) ledger.Values {
	return ledger.Values{"case_type": kinds.CasePenalty, "case_no": "青综执罚立〔2025〕12号", "cause": "未经批准占用耕地建房",
		"area": "自然资源", "opened_date": "2025-07-03", "party_type": "自然人", "party_name": "陈某某",
		"party_id": "11010519491231002X", "party_phone": "13800138000", "officers": officers,
		"review_case": kinds.Review58None, "land_case": "是", "land_area": "0.35"}
}

func newCase(t *testing.T, form ledger.Values, r roster) *machine {
	t.Helper()
	m := newMachine(t, kinds.EnforcementCase(), 1, form, nil)
	m.find = r
	return m
}

var (
	zhangRow = [2]string{"张明", "ZF3301001"}
	liRow    = [2]string{"李华", "ZF3301002"}
	wangRow  = [2]string{"王强", "ZF3301003"}
	zhaoRow  = [2]string{"赵刚", "ZF3301004"}
	sunRow   = [2]string{"孙丽", "ZF3301005"}
)

// 行政处罚法第四十二条: at each act at least two officers hold certificates
// valid on the act's date, as the certificate ledger records them.
func TestEnforcementCase_TwoOfficersWithValidCertificatesOnEachAct(t *testing.T) {
	r := testRoster(t)
	cases := []struct {
		name  string
		rows  string
		date  string
		wants []string // nil: allowed
	}{
		{"two valid", officerRows(zhangRow, liRow), "2025-07-10", nil},
		{"one officer listed twice", officerRows(zhangRow, zhangRow), "2025-07-10", []string{"只有1名", "第2行张明（证号 ZF3301001）与第1行是同一名执法人员", "不得少于两人", "第四十二条"}},
		{"second certificate expired on the act date", officerRows(zhangRow, wangRow), "2025-07-10",
			[]string{"第2行王强（证号 ZF3301003）执法证有效期至2025年6月30日，已过期", "第四十二条"}},
		{"the same certificate valid before it expired", officerRows(zhangRow, wangRow), "2025-06-30", nil},
		{"second certificate suspended", officerRows(zhangRow, zhaoRow), "2025-09-02", []string{"执法证自2025年9月1日起被暂扣"}},
		{"suspended only later", officerRows(zhangRow, zhaoRow), "2025-08-31", nil},
		{"second certificate revoked", officerRows(zhangRow, sunRow), "2025-08-15", []string{"执法证已于2025年8月15日注销"}},
		{"a number typed wrong", officerRows(zhangRow, [2]string{"李华", "ZF3301020"}), "2025-07-10", []string{"未找到该证号"}},
		{"someone else's number", officerRows(zhangRow, [2]string{"刘洋", "ZF3301002"}), "2025-07-10", []string{"该证号登记的持证人是李华"}},
		{"renewed under a new number", officerRows(zhangRow, [2]string{"周敏", "ZF3301106"}), "2025-07-10", nil},
		{"the old number after it lapsed", officerRows(zhangRow, [2]string{"周敏", "ZF3301006"}), "2025-07-10", nil},
		{"one valid among three", officerRows(zhangRow, wangRow, sunRow), "2025-09-02",
			[]string{"只有1名", "第2行王强", "第3行孙丽"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := caseForm(c.rows)
			f["opened_date"] = "2025-06-01"
			m := newCase(t, f, r)
			err := m.try("investigate", ledger.Values{"investigate_date": c.date, "evidence_summary": "现场勘验、询问笔录"}, "2025-09-10", clerk)
			if c.wants == nil {
				if err != nil || m.r.State != "investigating" {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			ruleErr(t, err, c.wants...)
			var re *ledger.RuleError
			if errors.As(err, &re); re.Field != "officers" {
				t.Errorf("refusal names field %q, want officers", re.Field)
			}
		})
	}
}

// The certificate is checked again at the notice and at the decision: an
// officer whose certificate lapses mid-case stops counting on that day.
func TestEnforcementCase_CertificateCheckedAtEveryAct(t *testing.T) {
	r := testRoster(t)
	f := caseForm(officerRows(zhangRow, wangRow, liRow))
	f["opened_date"] = "2025-06-02"
	m := newCase(t, f, r)
	m.must("investigate", ledger.Values{"investigate_date": "2025-06-10", "evidence_summary": "现场勘验"}, "2025-06-10", clerk)
	// 王强 expired on 30 June; 张明 and 李华 still make two.
	m.must("notify", ledger.Values{"notice_date": "2025-07-10", "notice_content": "拟罚款并责令退还土地"}, "2025-07-10", clerk)
	// Now take 李华 off the case: the decision has one valid officer.
	m.r.Data["officers"] = officerRows(zhangRow, wangRow)
	ruleErr(t, m.try("decide", decision("2025-07-20"), "2025-07-20", head), "「决定日期」（2025年7月20日）当日", "只有1名", "王强")
}

func decision(date string) ledger.Values {
	return ledger.Values{"decision_date": date, "decision_result": "给予行政处罚", "decision_no": "青综执罚决〔2025〕12号",
		"decision_summary": "责令退还非法占用的土地，罚款3500元", "fine": "3500"}
}

func legalReview(date string) ledger.Values {
	return ledger.Values{"review_date": date, "reviewer": "吴某", "reviewer_first_time": "否", "reviewer_qualified": "否",
		"review_opinion": "同意", "review_text": "事实清楚，证据确凿，适用依据正确，程序合法"}
}

// 行政处罚法第五十八条: in its four cases, legal review before the
// decision, agreed, by a qualified reviewer when it is their first.
func TestEnforcementCase_LegalReviewBeforeDecisionInTheFourCases(t *testing.T) {
	r := testRoster(t)
	toNotified := func(reviewCase string) *machine {
		f := caseForm(officerRows(zhangRow, liRow))
		f["review_case"] = reviewCase
		m := newCase(t, f, r)
		m.must("investigate", ledger.Values{"investigate_date": "2025-07-08", "evidence_summary": "现场勘验"}, "2025-07-08", clerk)
		m.must("notify", ledger.Values{"notice_date": "2025-07-15", "notice_content": "拟罚款"}, "2025-07-15", clerk)
		return m
	}
	// Not one of the four cases: decided without review.
	m := toNotified(kinds.Review58None)
	m.must("decide", decision("2025-07-25"), "2025-07-25", head)

	for _, rc := range []string{"涉及重大公共利益", "直接关系当事人或者第三人重大权益，经过听证程序",
		"案件情况疑难复杂、涉及多个法律关系", "法律、法规规定应当进行法制审核的其他情形"} {
		t.Run(rc, func(t *testing.T) {
			m := toNotified(rc)
			ruleErr(t, m.try("decide", decision("2025-07-25"), "2025-07-25", head), "应当由从事法制审核的人员进行法制审核", "第五十八条")
			m.must("legal_review", legalReview("2025-07-22"), "2025-07-22", review)
			m.must("decide", decision("2025-07-25"), "2025-07-25", head)
		})
	}
	m = toNotified("涉及重大公共利益")
	first := legalReview("2025-07-22")
	first["reviewer_first_time"] = "是"
	ruleErr(t, m.try("legal_review", first, "2025-07-22", review), "法律职业资格", "第五十八条第二款")
	first["reviewer_qualified"] = "是"
	no := legalReview("2025-07-22")
	no["review_opinion"] = "不同意"
	m.must("legal_review", no, "2025-07-22", review)
	ruleErr(t, m.try("decide", decision("2025-07-25"), "2025-07-25", head), "审核未通过的不得作出决定")
	m.must("notify", ledger.Values{"notice_date": "2025-07-23", "notice_content": "重新告知"}, "2025-07-23", clerk)
	first["review_date"] = "2025-07-24"
	m.must("legal_review", first, "2025-07-24", review)
	ruleErr(t, m.try("decide", decision("2025-07-23"), "2025-07-25", head), "早于「法制审核日期」")
	m.must("decide", decision("2025-07-24"), "2025-07-25", head)
}

// A penalty is decided only after the party was told (事先告知).
func TestEnforcementCase_PenaltyAfterNotice(t *testing.T) {
	m := newCase(t, caseForm(officerRows(zhangRow, liRow)), testRoster(t))
	m.must("investigate", ledger.Values{"investigate_date": "2025-07-08", "evidence_summary": "现场勘验"}, "2025-07-08", clerk)
	ruleErr(t, m.try("decide", decision("2025-07-25"), "2025-07-25", head), "请先“告知当事人”")
	if err := m.try("decide", decision("2025-07-25"), "2025-07-25", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk decided: %v", err)
	}
	no := decision("2025-07-25")
	no["decision_result"] = "不予行政处罚"
	m.must("decide", no, "2025-07-25", head)
}

// 行政处罚法第六十条: decided within 90 days of opening, counted across
// National Day (a period ending on a holiday ends on the next working day);
// the extension is the head's, capped.
func TestEnforcementCase_DecisionWithinNinetyDays(t *testing.T) {
	m := newCase(t, caseForm(officerRows(zhangRow, liRow)), testRoster(t))
	c := m.clock("decision_limit")
	if c == nil || c.Due != d("2025-10-09") {
		t.Fatalf("decision clock %+v, want 90 days from 3 July 2025 → 1 October, a holiday → 9 October", c)
	}
	if p := m.k.Period("decision_limit"); !strings.Contains(p.Basis, "第六十条") {
		t.Errorf("basis %q", p.Basis)
	}
	ext := ledger.ClockAdjustment{Action: "extend", Days: 30, On: d("2025-09-20"), Reason: "案情复杂", Basis: "经负责人批准"}
	if _, err := m.k.AdjustClock(*c, ext, cal, clerk); err == nil {
		t.Error("a clerk extended the decision period")
	}
	got, err := m.k.AdjustClock(*c, ext, cal, head)
	if err != nil || got.Due != d("2025-10-31") { // 1 October + 30 days
		t.Fatalf("head's extension: %+v %v", got, err)
	}
	ext.Days = 91
	if _, err := m.k.AdjustClock(*c, ext, cal, head); err == nil {
		t.Error("an extension beyond the cap accepted")
	}
	// An inspection has no 90-day clock.
	f := caseForm(officerRows(zhangRow, liRow))
	f["case_type"] = kinds.CaseInspection
	if m := newCase(t, f, testRoster(t)); m.clock("decision_limit") != nil {
		t.Error("an inspection runs the penalty decision clock")
	}
}

// 国办发〔2018〕118号: a penalty decision is disclosed within 7 working days
// (a setting) — across National Day with its make-up Sunday — others within
// 20; closing needs the disclosure or the reason it was withheld.
func TestEnforcementCase_DisclosureWithinWorkingDays(t *testing.T) {
	m := newCase(t, caseForm(officerRows(zhangRow, liRow)), testRoster(t))
	m.must("investigate", ledger.Values{"investigate_date": "2025-08-08", "evidence_summary": "现场勘验"}, "2025-08-08", clerk)
	m.must("notify", ledger.Values{"notice_date": "2025-09-15", "notice_content": "拟罚款"}, "2025-09-15", clerk)
	m.must("decide", decision("2025-09-26"), "2025-09-26", head)
	// Fri 26 Sep: Sun 28 (make-up), 29, 30, 9, 10, Sat 11 (make-up), 13 Oct.
	if c := m.clock("disclose_limit"); c == nil || c.Due != d("2025-10-13") || c.Setting != kinds.SettingDisclosePenaltyDays {
		t.Fatalf("disclosure clock %+v", c)
	}
	if m.clock("disclose_other_limit") != nil {
		t.Error("a penalty runs the 20-day clock")
	}
	ruleErr(t, m.try("close", ledger.Values{"close_date": "2025-10-20", "execution": "罚款已缴纳"}, "2025-10-20", clerk), "应当公示", "118号")
	m.must("disclose", ledger.Values{"disclose_date": "2025-10-10", "disclose_channel": "县政府网站"}, "2025-10-10", clerk)
	m.must("close", ledger.Values{"close_date": "2025-10-20", "execution": "罚款已缴纳"}, "2025-10-20", clerk)

	// A unit's setting of 5 days, and an inspection's 20.
	m = newCase(t, caseForm(officerRows(zhangRow, liRow)), testRoster(t))
	m.set = ledger.SettingValues{kinds.SettingDisclosePenaltyDays: "5"}
	m.must("investigate", ledger.Values{"investigate_date": "2025-08-08", "evidence_summary": "现场勘验"}, "2025-08-08", clerk)
	m.must("notify", ledger.Values{"notice_date": "2025-09-15", "notice_content": "拟罚款"}, "2025-09-15", clerk)
	m.must("decide", decision("2025-09-26"), "2025-09-26", head)
	if c := m.clock("disclose_limit"); c.Due != d("2025-10-10") {
		t.Errorf("5 working days: %+v", c)
	}
	f := caseForm(officerRows(zhangRow, liRow))
	f["case_type"] = kinds.CaseInspection
	m = newCase(t, f, testRoster(t))
	m.must("investigate", ledger.Values{"investigate_date": "2025-08-08", "evidence_summary": "现场检查"}, "2025-08-08", clerk)
	m.must("decide", ledger.Values{"decision_date": "2025-09-26", "decision_result": "检查完毕", "decision_summary": "未发现违法"}, "2025-09-26", head)
	if c := m.clock("disclose_other_limit"); c == nil || c.Days != 20 {
		t.Errorf("inspection disclosure clock %+v", c)
	}
}

// Land cases record the area in 亩; the party's details are personal data.
func TestEnforcementCase_LandAreaAndParty(t *testing.T) {
	k := kinds.EnforcementCase()
	f := caseForm(officerRows(zhangRow, liRow))
	delete(f, "land_area")
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["land_area"], "亩") {
		t.Errorf("land case without area: %v", errs)
	}
	f = caseForm(officerRows(zhangRow, liRow))
	f["land_case"] = "否"
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["land_area"], "只在卫片执法") {
		t.Errorf("area outside a land case: %v", errs)
	}
	f = caseForm(officerRows(zhangRow, liRow))
	f["land_area"] = "-1"
	if _, errs := k.Normalize(f, nil); errs["land_area"] == "" {
		t.Error("negative area accepted")
	}
	f = caseForm(officerRows(zhangRow))
	if _, errs := k.Normalize(f, nil); !strings.Contains(errs["officers"], "2") {
		t.Errorf("a case with one officer: %v", errs)
	}
	for _, n := range []string{"party_name", "party_id", "party_phone", "party_address"} {
		if fd := k.Field(n); fd.Type != ledger.TypePersonal || fd.Search {
			t.Errorf("%s is not protected personal data", n)
		}
	}
}

// The certificate's own workflow: reminders 90 days before expiry, expired
// by the system the day after, renewed, suspended and restored.
func TestEnforcementOfficer_ValidityRemindersAndStatus(t *testing.T) {
	m := officer(t, 301, "张明", "ZF3301001", "2021-01-10", "2026-01-09")
	c := m.clock("validity")
	if c == nil || c.Due != d("2026-01-09") || c.RemindOn != d("2025-10-11") {
		t.Fatalf("validity clock %+v", c)
	}
	if m.k.DueTransitions()["validity"] != "expire" {
		t.Fatalf("no system transition when the certificate expires: %v", m.k.DueTransitions())
	}
	if err := m.try("restore", nil, "2025-01-10", clerk); !errors.Is(err, ledger.ErrNoTransition) {
		t.Errorf("restored a certificate never suspended: %v", err)
	}
	ruleErr(t, m.try("suspend", ledger.Values{"suspend_date": "2020-12-31", "suspend_reason": "违纪"}, "2025-01-10", clerk), "不能早于「发证日期」")
	m.must("suspend", ledger.Values{"suspend_date": "2025-03-01", "suspend_reason": "违纪"}, "2025-03-01", clerk)
	m.must("restore", ledger.Values{"restore_date": "2025-04-01"}, "2025-04-01", clerk)
	for day, want := range map[string]bool{"2025-02-28": true, "2025-03-15": false, "2025-04-01": true, "2026-01-10": false, "2021-01-09": false} {
		if ok, why := kinds.CertificateValidOn(m.r, d(day)); ok != want {
			t.Errorf("valid on %s = %v (%s), want %v", day, ok, why, want)
		}
	}
	ruleErr(t, m.try("renew", ledger.Values{"renew_date": "2026-01-05", "renew_valid_until": "2026-01-05"}, "2026-01-05", clerk), "应晚于「换证日期」")
	m.must("renew", ledger.Values{"renew_date": "2026-01-05", "renew_valid_until": "2031-01-04"}, "2026-01-05", clerk)
	if c := m.clock("renewed_validity"); c == nil || c.Due != d("2031-01-04") {
		t.Fatalf("renewed clock %+v", c)
	}
	if ok, _ := kinds.CertificateValidOn(m.r, d("2026-06-01")); !ok {
		t.Error("renewed certificate not valid")
	}
	// Training rows add up; non-enforcement posts are told apart.
	k := kinds.EnforcementOfficer()
	data, errs := k.Normalize(ledger.Values{"name": "李华", "department": "党政办", "post_type": kinds.PostNonEnforcement, "entry_date": "2020-01-01",
		"training": ledger.EncodeRows([]ledger.Values{{"date": "2025-03-01", "course": "行政处罚法专题", "hours": "8"},
			{"date": "2025-06-01", "course": "执法文书制作", "hours": "4.5"}})}, nil)
	if errs != nil || data["training_hours"] != "12.5" {
		t.Fatalf("training hours %q %v", data["training_hours"], errs)
	}
}
