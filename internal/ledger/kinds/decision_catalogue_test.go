package kinds_test

import (
	"errors"
	"maps"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// catalogueLinks are testLinks plus wrong-but-valid-looking items: another
// township's 2024 item, the 2023 item, an item of another decision, an
// unpublished one, one naming no decision.
func catalogueLinks() links {
	l := testLinks()
	other := catalogueItem(121, "2024", "1", "published")
	other.UnitID = 2
	l[121] = other
	l[122] = catalogueItem(122, "2023", "1", "published")
	l[123] = catalogueItem(123, "2024", "2", "published")
	l[124] = catalogueItem(124, "2024", "1", "drafting")
	l[125] = catalogueItem(125, "2024", "", "published")
	return l
}

// 第三条: a decision comes from an item of its own unit's published
// catalogue of its year, bound to it — or says why it was taken up
// outside the catalogue.
func TestMajorDecision_Article3_ComesFromItsPublishedCatalogue(t *testing.T) {
	start := ledger.Values{"comment_start": "2024-03-01", "comment_channel": "县政府网站"}
	for id, want := range map[string]string{
		"121": "是另一单位的目录事项",
		"122": "是2023年度目录的事项",
		"123": "已用于另一决策事项（编号 2）",
		"124": "尚未经党委同意并公布",
		"125": "未载明其决策记录",
		"100": "不是重大行政决策事项目录中的事项",
		"999": "不存在或您无权查看",
	} {
		t.Run(id, func(t *testing.T) {
			form := decisionForm()
			form["catalogue_id"] = id
			m := newMachine(t, kinds.MajorDecision(), 1, form, catalogueLinks())
			ruleErr(t, m.try("start_comment", start, "2024-03-01", clerk), want, "第三条")
		})
	}
	t.Run("neither item nor reason", func(t *testing.T) {
		form := decisionForm()
		delete(form, "catalogue_id")
		m := newMachine(t, kinds.MajorDecision(), 1, form, catalogueLinks())
		ruleErr(t, m.try("start_comment", start, "2024-03-01", clerk), "未列入目录的理由", "第三条")
	})
	t.Run("number differs from the item's", func(t *testing.T) {
		form := decisionForm()
		form["catalogue_item"] = "2024-07"
		m := newMachine(t, kinds.MajorDecision(), 1, form, catalogueLinks())
		ruleErr(t, m.try("start_comment", start, "2024-03-01", clerk), "与所选目录事项的编号（2024-03）不一致")
	})
	t.Run("outside the catalogue with its reason", func(t *testing.T) {
		m := newMachine(t, kinds.MajorDecision(), 1, outsideCatalogue(decisionForm()), catalogueLinks())
		m.must("start_comment", start, "2024-03-01", clerk)
	})
}

// The gate is checked again at the collective decision: an item swapped
// on the form after the procedure started is refused there.
func TestMajorDecision_Article3_CheckedAgainAtTheDecision(t *testing.T) {
	m := toReviewing(t)
	m.links = catalogueLinks()
	m.r.Data["review_id"] = "100"
	m.r.Data["catalogue_id"] = "122"
	meeting := ledger.Values{"meeting_type": "常务会议", "meeting_date": "2024-05-10", "head_last": "是", "dissent": "无", "decision_summary": "通过"}
	ruleErr(t, m.try("decide", meeting, "2024-05-10", head), "是2023年度目录的事项", "第三条")
	m.r.Data["catalogue_id"] = "120"
	m.must("decide", meeting, "2024-05-10", head)
}

func TestDecisionCatalogue_PublishedAfterThePartyAgreed(t *testing.T) {
	k := kinds.DecisionCatalogue()
	form := ledger.Values{"catalogue_year": "2025", "catalogue_item": "2025-01", "title": "甲镇集镇污水管网改造工程",
		"department": "村镇建设办", "category": "重大公共建设项目"}
	m := newMachine(t, k, 30, form, links{
		40: {ID: 40, Kind: kinds.MajorDecisionKind, State: "reviewing", Data: ledger.Values{"catalogue_id": "30"}},
		41: {ID: 41, Kind: kinds.MajorDecisionKind, State: "decided", Data: ledger.Values{"catalogue_id": "31", "meeting_date": "2025-06-10"}},
		42: {ID: 42, Kind: kinds.MajorDecisionKind, State: "decided", Data: ledger.Values{"catalogue_id": "30", "meeting_date": "2025-06-10"}},
	})
	pub := ledger.Values{"agreed_date": "2025-03-10", "publish_date": "2025-03-08", "publish_channel": "镇政府网站"}
	ruleErr(t, m.try("publish", pub, "2025-03-13", clerk), "不能早于「同级党委同意日期」", "第三条")
	pub["publish_date"] = "2025-03-13"
	m.must("publish", pub, "2025-03-13", clerk)
	if s := k.State(m.r.State); !s.Public || s.Final || !s.Editable {
		t.Fatalf("a published item is public, open to its decision and adjustable: %+v", s)
	}
	done := ledger.Values{"decided_date": "2025-06-10"}
	ruleErr(t, m.try("mark_decided", done, "2025-06-12", clerk), "请先从本目录事项登记重大行政决策")
	for id, want := range map[string]string{"40": "尚未经集体讨论作出决定", "41": "不是本目录事项的重大行政决策"} {
		m.r.Data["decision_id"] = id
		ruleErr(t, m.try("mark_decided", done, "2025-06-12", clerk), want)
	}
	m.r.Data["decision_id"] = "42"
	m.must("mark_decided", done, "2025-06-12", clerk)

	b := kinds.DecisionCatalogue().Field("decision_id").Bind
	if b == nil || b.Back != "catalogue_id" || !maps.Equal(ledger.Values{}, b.Match) && b.Match != nil {
		t.Errorf("the decision is not created from its item: %+v", b)
	}
	out := newMachine(t, k, 31, form, nil)
	if err := out.try("adjust_out", ledger.Values{"adjust_date": "2025-05-01", "adjust_reason": "上级政策调整"}, "2025-05-01", clerk); !errors.Is(err, ledger.ErrRole) {
		t.Errorf("a clerk adjusting the catalogue: %v", err)
	}
	out.must("adjust_out", ledger.Values{"adjust_date": "2025-05-01", "adjust_reason": "上级政策调整"}, "2025-05-01", head)
}
