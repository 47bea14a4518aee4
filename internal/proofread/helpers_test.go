package proofread

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check runs the full engine on a text report.
func coreCheck(t testing.TB, text string) *Result {
	t.Helper()
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := c.Check(context.Background(), "t.txt", []byte(text))
	if err != nil {
		t.Fatalf("Check: %v", err)
	}
	return r
}

// only returns the findings of rules whose id starts with prefix.
func coreOnly(r *Result, prefix string) []Finding {
	var out []Finding
	for _, f := range r.Findings {
		if strings.HasPrefix(f.Rule, prefix) {
			out = append(out, f)
		}
	}
	return out
}

// sharedDir locates ../shared beside the module root, or skips the test:
// the seeds and reference data live outside the repository.
func sharedDir(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("go.mod not found above the test directory")
		}
		dir = parent
	}
	shared := filepath.Join(dir, "..", "shared")
	if _, err := os.Stat(filepath.Join(shared, "seeds")); err != nil {
		t.Skip("../shared/seeds is absent: the seed reports live outside the repository")
	}
	return shared
}

// body wraps paragraphs in a minimal report with all five parts, so that
// a rule test sees only what it constructs.
func coreBody(paras ...string) string {
	return "某某镇2022年法治政府建设工作报告\n" +
		"一、2022年度推进法治政府建设的主要举措和成效\n" + strings.Join(paras, "\n") + "\n" +
		"二、存在的不足和原因\n干部法治意识有待提高。\n" +
		"三、党政主要负责人履行推进法治建设第一责任人职责情况\n镇党委书记带头学法。\n" +
		"四、2023年度推进法治政府建设的主要安排\n继续加强学习。\n" +
		"五、其他需要报告的情况\n无。\n"
}
