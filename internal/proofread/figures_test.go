package proofread

import (
	"fmt"
	"strings"
	"testing"

	"fazhi/internal/indicator"
)

func TestParseQuantities(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string // value unit approx, space separated per quantity
	}{
		{"共处理化解50余起矛盾纠纷", "50起余"},
		{"发放宣传手册30000余份", "30000份余"},
		{"发放1,200份，3.25亩", "1200份 3.25亩"},
		{"培训1.2万人次", "12000人次"},
		{"共开展三场，培育两百二十户，组织十五次", "3场 220户 15次"},
		{"近200人参加，约30场", "200人近 30场约"},
		{"安置率100%，帮教率95.5％", "100% 95.5%"},
		{"不少于40小时", "40小时不少于"},
		{"全镇共有５名领导干部", "5名"},
		// not quantities
		{"2022年11月28日", ""},
		{"一村一法律顾问，三项制度，一是加强", ""},
		{"第3次会议", ""},
		{"12345热线", ""},
	} {
		var got []string
		for _, q := range parseQuantities([]rune(tc.in)) {
			got = append(got, fmt.Sprintf("%s%s%s", fmtNum(q.Value), q.Unit, q.Approx))
		}
		if strings.Join(got, " ") != tc.want {
			t.Errorf("%q: %q, want %q", tc.in, strings.Join(got, " "), tc.want)
		}
	}
}

func TestFigures(t *testing.T) {
	text := coreBody(
		"上级交办信访案件88件，我镇已办结77件，剩余11件正在积极办理中。",
		"我镇现有社区矫正对象共35人，2022年共解矫39人、入矫20人。",
		"安置帮教共146人，安置146人，安置率100%，帮教146人，帮教率100%。",
		"全镇共有5名领导干部持有行政执法证，持证率100%，行政执法人员培训96学时。",
		"开展重大行政决策事项1项，行政规范性文件合法性审核2件，政府合同合法性审查14件。",
		"政府法律顾问提供各类法律意见建议20次。",
		"开展主题宣传系列活动40余场，发放宣传手册30000余份，解答法律咨询67人次。",
		"共培育“法律明白人”24人，“法治示范户”4户。",
		"成立人民调解委员会6个，调解员35名，专职人民调解员1名。",
		"共开展矛盾纠纷排查15次，排查出矛盾纠纷86宗，预防矛盾纠纷10宗。依法化解矛盾纠纷394件。",
		"全镇31个村（居）委会共有75个专（兼）职网格员。",
		"办理行政复议案件3件，行政诉讼案件2件。",
		"今年以来公布政务动态16条。",
	)
	r := coreCheck(t, text)
	got := map[string]string{}
	for _, f := range r.Figures {
		got[f.Indicator] += fmt.Sprintf("%s%s%s;", fmtNum(f.Value), f.Unit, f.Approx)
		if f.Line == 0 || !strings.Contains(f.Excerpt, fmtNum(f.Value)) {
			t.Errorf("%s: line %d excerpt %q", f.Indicator, f.Line, f.Excerpt)
		}
	}
	want := map[string]string{
		"petition.received": "88件;", "petition.closed": "77件;", "petition.pending": "11件;",
		"correction.current": "35人;", "correction.released": "39人;", "correction.entered": "20人;",
		"aftercare.total": "146人;", "aftercare.resettled": "146人;", "aftercare.resettlement_rate": "100%;",
		"aftercare.assisted": "146人;", "aftercare.assistance_rate": "100%;",
		"enforcement.certified_staff": "5名;", "enforcement.certificate_rate": "100%;", "enforcement.training_hours": "96学时;",
		"major_decision.total": "1项;", "legality_review.normative_document": "2件;", "legality_review.contract": "14件;",
		"legal_adviser.opinions": "20次;", "publicity.events": "40场余;", "publicity.materials": "30000份余;",
		"publicity.consultations": "67人次;", "law_literate.persons": "24人;", "law_literate.households": "4户;",
		"mediation.committees": "6个;", "mediation.mediators": "35名;", "mediation.full_time_mediators": "1名;",
		"dispute.screenings": "15次;", "dispute.found": "86宗;", "dispute.prevented": "10宗;", "dispute.resolved": "394件;",
		"grid.workers": "75个;", "reconsideration.cases": "3件;", "litigation.cases": "2件;", "disclosure.items": "16条;",
	}
	for id, v := range want {
		if got[id] != v {
			t.Errorf("%s = %q, want %q", id, got[id], v)
		}
	}
	for id, v := range got {
		if _, ok := want[id]; !ok {
			t.Errorf("unexpected figure %s = %q", id, v)
		}
	}
}

func TestFigureRules_NameCatalogueIndicators(t *testing.T) {
	for _, r := range figureRules {
		in, err := indicator.Lookup(r.id)
		if err != nil {
			t.Errorf("figure rule names %s: %v", r.id, err)
			continue
		}
		if len(r.units) == 0 || len(r.all) == 0 {
			t.Errorf("%s: rule without units or words", r.id)
		}
		_ = in
	}
}

func TestFigures_PlanTargetsAreNotClaims(t *testing.T) {
	r := coreCheck(t, "某镇2022年法治政府建设工作报告\n一、主要举措和成效\n全年开展普法宣传活动12场次。\n二、2023年工作安排\n计划开展普法宣传活动20场次。\n")
	if len(r.Figures) != 1 || r.Figures[0].Value != 12 || r.Figures[0].Line != 3 {
		t.Fatalf("figures %+v, want only the 12 场次 done in 2022", r.Figures)
	}
}
