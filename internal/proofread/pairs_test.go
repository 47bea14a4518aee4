package proofread

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// passageFindings checks one passage inside the clean eval report and returns its
// findings of rule.
func passageFindings(t *testing.T, c *Checker, passage, rule string) []Finding {
	t.Helper()
	text, _ := evalDoc(passage)
	r, err := c.Check(context.Background(), "t.txt", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	var out []Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

func TestUnlikelyPair(t *testing.T) {
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ passage, excerpt, fix string }{
		{"镇长认真发挥法治政府建设第一责任人职责。", "发挥法治政府建设第一责任人职责", "履行"},
		{"通过普法讲座，切实加大村民的规则意识。", "加大村民的规则意识", "增强"},
		{"着力推进人人学法的浓厚氛围。", "推进人人学法的浓厚氛围", "营造"},
		{"充分履行人民调解员在纠纷化解中的作用。", "履行人民调解员在纠纷化解中的作用", "发挥"},
		{"持续落实信访积案化解力度。", "落实信访积案化解力度", "加大"},
	} {
		fs := passageFindings(t, c, tc.passage, "word.unlikely-pair")
		if len(fs) != 1 || fs[0].Excerpt != tc.excerpt || !strings.HasPrefix(fs[0].Suggestion, tc.fix) || !strings.Contains(fs[0].Message, "搭配") {
			t.Errorf("%q: %+v, want one finding on «%s» suggesting %s", tc.passage, fs, tc.excerpt, tc.fix)
		}
	}
	for _, s := range []string{
		"镇长认真履行法治政府建设第一责任人职责。",
		"切实增强村民的规则意识。",
		"进一步明确各村调解组织的职责。",
		"加强领导干部的法治意识。",                  // 加强 beside 增强: a variant, not a slip
		"严格执行规范性文件的审查程序，加大对规范性文件的审查力度。", // 规范 of 规范性文件 is no verb
		"发挥法律顾问作用和履行法定职责。",
		"组织召开法治建设推进会议。",
		"履行职责清单规定的事项。", // 职责 modifies 清单
	} {
		if fs := passageFindings(t, c, s, "word.unlikely-pair"); len(fs) > 0 {
			t.Errorf("clean %q: %+v", s, fs)
		}
	}
}

// TestUnlikelyPair_DeploymentCorpus: a deployment's corpus teaches a pair the
// built-in one lacks, and a bad corpus file is refused when the checker is
// built, with the line named.
func TestUnlikelyPair_DeploymentCorpus(t *testing.T) {
	const s = "着力推进法治文化的浓厚氛围。"
	base, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(passageFindings(t, base, s, "word.unlikely-pair")) != 1 {
		t.Fatalf("built-in corpus: want a finding on %q", s)
	}
	dir := t.TempDir()
	p := filepath.Join(dir, "corpus.txt")
	if err := os.WriteFile(p, []byte("# 本地语料\n推进浓厚氛围。\n推进良好氛围。\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	own, err := NewChecker(Config{ExtraFiles: map[string]string{"corpus": p}})
	if err != nil {
		t.Fatal(err)
	}
	if fs := passageFindings(t, own, s, "word.unlikely-pair"); len(fs) != 0 {
		t.Errorf("with the deployment's corpus: %+v", fs)
	}
	bad := filepath.Join(dir, "bad.txt")
	if err := os.WriteFile(bad, []byte("一句。\n\xff\xfe\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := NewChecker(Config{ExtraFiles: map[string]string{"corpus": bad}}); err == nil || !strings.Contains(err.Error(), "第2行") {
		t.Errorf("bad corpus: %v", err)
	}
	if _, err := NewChecker(Config{ExtraFiles: map[string]string{"corpus": filepath.Join(dir, "none.txt")}}); err == nil || !strings.Contains(err.Error(), "corpus") {
		t.Errorf("missing corpus: %v", err)
	}
}

func TestMissingParticle(t *testing.T) {
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ passage, excerpt string }{
		{"我镇坚持新时代“枫桥经验”为引领，推动矛盾纠纷就地化解。", "我镇坚持新时代“枫桥经验”为引领"},
		{"镇司法所法律明白人培养工程为抓手，提升村民自治水平。", "镇司法所法律明白人培养工程为抓手"},
		{"全面推进人民为中心的公共法律服务。", "全面推进人民为中心"},
		{"镇党委的统一领导下，各村扎实开展法治创建。", "镇党委的统一领导下"},
		{"县司法局的精心指导下，全镇调解工作规范运行。", "县司法局的精心指导下"},
	} {
		fs := passageFindings(t, c, tc.passage, "sentence.missing-particle")
		if len(fs) != 1 || fs[0].Excerpt != tc.excerpt || fs[0].Severity != Warning {
			t.Errorf("%q: %+v, want one warning on «%s»", tc.passage, fs, tc.excerpt)
		}
	}
	for _, s := range []string{
		"我镇坚持以新时代“枫桥经验”为引领，推动矛盾纠纷就地化解。",
		"在镇党委的统一领导下，各村扎实开展法治创建。",
		"经县司法局的精心指导下，全镇调解工作规范运行。",
		"把法治建设作为重点，列为年度考核内容。",
		"该村被评为重点村，获评省级民主法治示范村。",
		"以网格为单元，推动纠纷就地化解。",
		"成为全镇法治建设的核心。",
		"以案释法，以群众身边的案例为重点，讲好法治故事。",
		"全镇上下，干部群众共同努力。",
	} {
		if fs := passageFindings(t, c, s, "sentence.missing-particle"); len(fs) > 0 {
			t.Errorf("clean %q: %+v", s, fs)
		}
	}
}

// FuzzPairCorpus feeds arbitrary text to the corpus loader: it either
// refuses it with the line named or counts pairs without panicking, and the
// totals agree with the counts.
func FuzzPairCorpus(f *testing.F) {
	for _, s := range []string{"加大普法力度。\n履行法定职责，发挥作用。", "# 注释\n\n", "\xff", "和加大力度力度", strings.Repeat("法", 2001)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := newPairModel()
		if err := m.addCorpus(s, "f.txt"); err != nil {
			if !strings.Contains(err.Error(), "f.txt 第") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var all, heads uint32
		for v := range m.verbs {
			for h := range m.heads {
				all += m.count[v][h]
			}
		}
		for h := range m.heads {
			heads += m.headTotal[h]
		}
		if all != heads {
			t.Fatalf("counts %d, head totals %d", all, heads)
		}
	})
}
