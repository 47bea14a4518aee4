package report

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// disputeSection is the rich draft's section on disputes:
// "…共接收群众信访事项86件，比上年减少9件，依法办结77件，…"
func disputeSection(t testing.TB) Section {
	return sectionTitled(t, Draft(richInput(t)), "矛盾纠纷")
}

func figure(s Section, id string, change bool) (Figure, bool) {
	for _, f := range s.Figures {
		if f.ID == id && f.Change == change {
			return f, true
		}
	}
	return Figure{}, false
}

// TestReconcile_RealisticEdits: what a 党政办 editor does to a drafted
// section, and what becomes of the figures.
func TestReconcile_RealisticEdits(t *testing.T) {
	s := disputeSection(t)
	if !strings.Contains(s.Body, "86件") || !strings.Contains(s.Body, "77件") {
		t.Fatalf("fixture changed: %s", s.Body)
	}
	t.Run("unchanged", func(t *testing.T) {
		r := Reconcile(s, s.Body)
		if len(r.Figures) != len(s.Figures) {
			t.Fatalf("figures %d → %d", len(s.Figures), len(r.Figures))
		}
		for i := range r.Figures {
			if r.Figures[i] != s.Figures[i] {
				t.Errorf("figure changed: %+v → %+v", s.Figures[i], r.Figures[i])
			}
		}
	})
	t.Run("reworded around the figures", func(t *testing.T) {
		body := strings.Replace(s.Body, "依法办结77件", "目前已全部依法办结77件", 1)
		body = "镇党委高度重视信访工作，每周二为群众接待日。" + body
		r := Reconcile(s, body)
		f, ok := figure(r, "petition.closed", false)
		if !ok || f.Hand || f.Text != "77" || !strings.Contains(f.Sentence, "全部依法办结77件") {
			t.Errorf("reworded figure should stay traced with its new sentence: %+v", f)
		}
		if len(r.Figures) != len(s.Figures) {
			t.Errorf("figures %d → %d", len(s.Figures), len(r.Figures))
		}
	})
	t.Run("number changed by hand", func(t *testing.T) {
		r := Reconcile(s, strings.Replace(s.Body, "依法办结77件", "依法办结79件", 1))
		f, ok := figure(r, "petition.closed", false)
		if !ok || !f.Hand || f.Text != "79" || f.Value != 77 {
			t.Errorf("hand-edited figure: %+v", f)
		}
		if g, _ := figure(r, "petition.received", false); g.Hand || g.Text != "86" {
			t.Errorf("the other figure of the sentence stays traced: %+v", g)
		}
	})
	t.Run("large count rewritten in full", func(t *testing.T) {
		r := Reconcile(s, strings.Replace(s.Body, "1.25万人次", "12500人次", 1))
		if f, _ := figure(r, "petition.visitors", false); !f.Hand || f.Text != "12500" {
			t.Errorf("%+v", f)
		}
	})
	t.Run("clause deleted", func(t *testing.T) {
		body := strings.Replace(s.Body, "，依法办结77件，比上年减少3件", "", 1)
		r := Reconcile(s, body)
		if f, ok := figure(r, "petition.closed", false); ok {
			t.Errorf("figure of a deleted clause kept: %+v", f)
		}
		if f, ok := figure(r, "petition.received", false); !ok || f.Hand {
			t.Errorf("figure of the kept clause: %+v %v", f, ok)
		}
		for _, f := range r.Figures {
			if f.Hand {
				t.Errorf("deleting a clause made %s %q hand-edited", f.ID, f.Text)
			}
		}
	})
	t.Run("sentence deleted", func(t *testing.T) {
		sents := splitSentences(s.Body)
		last := sents[len(sents)-1] // "另外，涉及信访人64人，接待来访群众1.25万人次。"
		r := Reconcile(s, strings.Replace(s.Body, last, "", 1))
		for _, id := range []string{"petition.persons", "petition.visitors"} {
			if _, ok := figure(r, id, false); ok {
				t.Errorf("%s kept though its sentence is gone", id)
			}
		}
		if len(r.Figures) != len(s.Figures)-2 {
			t.Errorf("figures %d → %d", len(s.Figures), len(r.Figures))
		}
	})
	t.Run("everything replaced", func(t *testing.T) {
		r := Reconcile(s, "本年度信访工作平稳有序。")
		if len(r.Figures) != 0 || r.Body != "本年度信访工作平稳有序。" {
			t.Errorf("%+v", r)
		}
	})
	t.Run("paragraph split", func(t *testing.T) {
		r := Reconcile(s, strings.Replace(s.Body, "。", "。\n", -1))
		if len(r.Figures) != len(s.Figures) {
			t.Errorf("figures %d → %d", len(s.Figures), len(r.Figures))
		}
	})
}

// FuzzReconcile: any edit leaves figures that are in the new body, each
// with its text among its sentence's numbers.
func FuzzReconcile(f *testing.F) {
	s := disputeSection(f)
	f.Add(s.Body)
	f.Add(strings.Replace(s.Body, "86", "88", 1))
	f.Add("")
	f.Add("。。；\n\n1.2万%")
	f.Add(strings.Repeat("受理信访事项86件，", 50))
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			return
		}
		r := Reconcile(s, body)
		if r.Body != body {
			t.Fatal("body not kept")
		}
		if len(r.Figures) > len(s.Figures) {
			t.Fatalf("figures %d → %d", len(s.Figures), len(r.Figures))
		}
		for _, g := range r.Figures {
			if !strings.Contains(body, g.Sentence) || !hasNumber(numbers(g.Sentence), g.Text) {
				t.Fatalf("figure %+v not in the body %q", g, body)
			}
		}
	})
}

// TestReconcile_SameNumberTwice: three figures printed "3" in one
// sentence; the editor changes the second. Only it is hand-edited.
func TestReconcile_SameNumberTwice(t *testing.T) {
	s := sectionTitled(t, Draft(richInput(t)), "制度体系")
	if strings.Count(s.Body, "3件") != 3 || !strings.Contains(s.Body, "报送备案3件") {
		t.Fatalf("fixture changed: %s", s.Body)
	}
	r := Reconcile(s, strings.Replace(s.Body, "报送备案3件", "报送备案4件", 1))
	if len(r.Figures) != 3 {
		t.Fatalf("figures %+v", r.Figures)
	}
	for _, f := range r.Figures {
		hand := f.ID == "normative_document.filed"
		if f.Hand != hand || hand && f.Text != "4" || !hand && f.Text != "3" {
			t.Errorf("%s: hand %v text %q", f.ID, f.Hand, f.Text)
		}
	}
}

// hasNumber: text is one of the numbers (whole, not part of a larger one).
func hasNumber(nums []numToken, text string) bool { return indexOf(nums, text) >= 0 }

func indexOf(nums []numToken, text string) int {
	for i, n := range nums {
		if n.text == text {
			return i
		}
	}
	return -1
}
