package proofread

import (
	"context"
	"strings"
	"testing"
)

// TestYearTitle_WrongTitleYearIsOneFinding: a title one year early, with a
// body on its own year throughout, gives one year.title and nothing else
// about years or parts (it used to give one year.mismatch per correct year
// of the body and a spurious missing part 1).
func TestYearTitle_WrongTitleYearIsOneFinding(t *testing.T) {
	text, _ := evalDoc("title=青山镇2023年法治政府建设工作报告")
	r := coreCheck(t, text)
	if r.Year != 2024 {
		t.Errorf("report year %d, want the body's 2024", r.Year)
	}
	n := 0
	for _, f := range r.Findings {
		switch {
		case f.Rule == "year.title":
			n++
		case strings.HasPrefix(f.Rule, "year.") || f.Rule == "outline.missing-part":
			t.Errorf("unexpected %s %q: %s", f.Rule, f.Excerpt, f.Message)
		}
	}
	if n != 1 {
		t.Errorf("%d year.title findings, want 1: %+v", n, r.Findings)
	}
}

// TestYearSignature_AfterToday: with today's date given, a signature after
// it is an error; without it the engine reads no clock and says nothing.
func TestYearSignature_AfterToday(t *testing.T) {
	text, _ := evalDoc("date=2025年3月1日")
	for _, tc := range []struct {
		today string
		want  bool
	}{{"2025-02-01", true}, {"2025-03-01", false}, {"", false}} {
		c, err := NewChecker(Config{Today: tc.today})
		if err != nil {
			t.Fatal(err)
		}
		r, err := c.Check(context.Background(), "t.txt", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		if got := len(coreOnly(r, "year.signature")) > 0; got != tc.want {
			t.Errorf("today %q: year.signature %v, want %v", tc.today, got, tc.want)
		}
	}
}

// TestLevel_FromSignatureWhenTitleHasNone: a title without the unit takes
// the unit and level from the signature.
func TestLevel_FromSignatureWhenTitleHasNone(t *testing.T) {
	text, _ := evalDoc("unit=青山街道||title=2024年法治政府建设工作报告")
	r := coreCheck(t, text)
	if r.Unit != "青山街道" || r.Level != "街道" {
		t.Errorf("unit %q level %q, want 青山街道 街道", r.Unit, r.Level)
	}
}

// TestParts_BodySentenceDoesNotOpenAPart: a sentence of part 1 that
// mentions 存在的问题 does not stand for part 2; a lead announcing the part
// does.
func TestParts_BodySentenceDoesNotOpenAPart(t *testing.T) {
	for _, tc := range []struct {
		passage string
		found   bool
	}{
		{"h2=-||针对上级督察中发现存在的问题，我镇逐项制定整改措施并已全部整改到位。", false},
		{"h2=-||存在的问题和不足主要有：一是学法不够深入，二是执法力量不足。", true},
	} {
		text, _ := evalDoc(tc.passage)
		r := coreCheck(t, text)
		if r.Parts[1].Found != tc.found {
			t.Errorf("%q: part 2 found %v, want %v", tc.passage, r.Parts[1].Found, tc.found)
		}
	}
}

// TestNonword_ExplainedVariantsAreSilent: one character off a term but a
// real word there, or a particle in its place, is not a wrong character.
func TestNonword_ExplainedVariantsAreSilent(t *testing.T) {
	for _, s := range []string{"依法行使职权。", "领导干部的法治素养。", "推进依法治镇。", "行政执法人员。", "全面推进法治乡镇建设。", "普法宣传教育。"} {
		r := coreCheck(t, coreBody(s))
		if fs := coreOnly(r, "word.nonword"); len(fs) > 0 {
			t.Errorf("%q: %+v", s, fs)
		}
	}
}

// TestRuleNames_EveryRuleHasAChineseName: the page and the annotated .docx
// show names, so every rule the engine emits on the labelled set has one.
func TestRuleNames_EveryRuleHasAChineseName(t *testing.T) {
	for _, d := range readEvalDefects(t, "testdata/eval/defects.tsv") {
		if RuleName(d.rule) == d.rule {
			t.Errorf("rule %s has no Chinese name", d.rule)
		}
	}
}
