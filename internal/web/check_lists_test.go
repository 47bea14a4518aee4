package web

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A deployment's extra word list (Config.CheckLists, from --check-list)
// is used by the web check as by the CLI.
func TestAPICheck_UsesConfiguredExtraLists(t *testing.T) {
	list := filepath.Join(t.TempDir(), "local-confusables.tsv")
	// A local rule: the county's old name is wrong after its renaming.
	row := "[旧名县]司法局\t新名县\terror\t旧名县司法局组织培训。\t新名县司法局组织培训。\t-\t本地更名\n"
	if err := os.WriteFile(list, []byte(row), 0o600); err != nil {
		t.Fatal(err)
	}
	text := "甲镇2024年法治政府建设工作报告\n一、主要举措和成效\n旧名县司法局组织培训。\n"

	for _, tc := range []struct {
		name  string
		lists map[string]string
		want  bool
	}{
		{"embedded lists only", nil, false},
		{"with the local list", map[string]string{"confusables": list}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, apiEnv(t).srv.kinds, func(c *Config) { c.CheckLists = tc.lists })
			status, b := e.api("clerkA").call("POST", "/api/v1/check", map[string]any{
				"files": []map[string]string{{"name": "甲镇.txt", "text": text}},
			})
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, b)
			}
			if got := strings.Contains(string(b), "新名县"); got != tc.want {
				t.Errorf("local rule fired = %v, want %v: %s", got, tc.want, b)
			}
		})
	}
}
