package report

import (
	"strings"
	"testing"
)

// TestStale_LedgerChangedAfterDrafting: a petition recorded after the
// draft changes the received count, its comparison with last year and the
// satisfaction rate; approval names exactly those, and hand edits.
func TestStale_LedgerChangedAfterDrafting(t *testing.T) {
	in := richInput(t)
	d := Draft(in)
	if got := Stale(d, in.Values); len(got) != 0 {
		t.Fatalf("fresh draft has stale figures: %+v", got)
	}
	now := map[string]float64{}
	for k, v := range richValues {
		now[k] = v
	}
	now["petition.received"] = 87
	now["petition.closed"] = 78 // and the rate 70/78
	cur := values(engine(t), now)
	got := Stale(d, cur)
	want := map[string]bool{"petition.received": false, "petition.received+": false, "petition.closed": false, "petition.closed+": false, "petition.satisfaction_rate": false, "petition.satisfaction_rate+": false}
	for _, sf := range got {
		key := sf.Figure.ID
		if sf.Figure.Change {
			key += "+"
		}
		if _, ok := want[key]; !ok {
			t.Errorf("not stale but named: %+v", sf)
		}
		want[key] = true
		if sf.Hand || !strings.Contains(sf.Message, "台账变更后") {
			t.Errorf("message %q", sf.Message)
		}
	}
	for k, seen := range want {
		if !seen {
			t.Errorf("%s changed but not named", k)
		}
	}
	for _, sf := range got {
		if sf.Figure.ID == "petition.received" && !sf.Figure.Change && sf.Message != "“（五）健全矛盾纠纷化解体系”中的“86”（受理信访件数）起草时为86件，台账变更后为87件，请重新起草或修改。" {
			t.Errorf("message %q", sf.Message)
		}
	}

	// A hand edit is named whatever the ledger says.
	for i, s := range d.Sections {
		if strings.Contains(s.Title, "矛盾纠纷") {
			d.Sections[i] = Reconcile(s, strings.Replace(s.Body, "依法办结77件", "依法办结80件", 1))
		}
	}
	hand := 0
	for _, sf := range Stale(d, in.Values) {
		if sf.Hand {
			hand++
			if !strings.Contains(sf.Message, "“80”") || !strings.Contains(sf.Message, "手工修改") || !strings.Contains(sf.Message, "77件") {
				t.Errorf("hand message %q", sf.Message)
			}
		}
	}
	if hand != 1 {
		t.Errorf("%d hand-edited figures named, want 1", hand)
	}

	// An indicator no longer computed.
	if got := Stale(d, nil); len(got) == 0 || !strings.Contains(got[0].Message, "已无台账计算") && !got[0].Hand {
		t.Errorf("no values: %+v", got)
	}
}

// TestDiff_Readable: an edited paragraph is one removed and one added line
// under its section; a removed section's lines are removed.
func TestDiff_Readable(t *testing.T) {
	a := Draft(richInput(t))
	b := Draft(richInput(t))
	if Changed(Diff(a, b)) {
		t.Fatal("identical versions differ")
	}
	b.Date = "2026-01-20"
	var dispute string
	for i, s := range b.Sections {
		if strings.Contains(s.Title, "矛盾纠纷") {
			dispute = s.Key
			b.Sections[i].Body = s.Body + "\n全镇未发生重大群体性事件。"
		}
		if s.Key == "2" {
			b.Sections[i].Body = "一是执法队伍力量不足。\n二是普法形式较为单一。"
		}
	}
	b.Sections = b.Sections[:len(b.Sections)-1] // part 5 removed
	var plus, minus []string
	for _, l := range Diff(a, b) {
		switch l.Op {
		case "+":
			plus = append(plus, l.Section+":"+l.Text)
		case "-":
			minus = append(minus, l.Section+":"+l.Text)
		}
	}
	wantPlus := []string{":2026年1月20日", dispute + ":全镇未发生重大群体性事件。", "2:一是执法队伍力量不足。", "2:二是普法形式较为单一。"}
	if strings.Join(plus, "|") != strings.Join(wantPlus, "|") {
		t.Errorf("added\n%q\nwant\n%q", plus, wantPlus)
	}
	if len(minus) != 2 || minus[0] != "5:五、其他需要报告的情况" || minus[1] != "5:无其他需要报告的情况。" {
		t.Errorf("removed %q", minus)
	}
}
