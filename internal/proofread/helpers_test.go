package proofread

import (
	"context"
	"fazhi/internal/sharedtest"
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

// sharedDir is ../shared (the tests read its seeds and laws.tsv), or skips.
func sharedDir(tb testing.TB) string { return filepath.Dir(sharedtest.Path(tb, "seeds")) }
