package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestScopeMatrix_EveryKind: a record of every kind made in township B is
// read, listed and exported only by those whose scope covers B — the
// county inspector and the adviser serving both townships — and not by
// township A's users, whatever their role; the same for A's record seen
// from B's clerk.
func TestScopeMatrix_EveryKind(t *testing.T) {
	e := apiEnv(t)
	today := e.srv.today()
	want := map[string]int{"clerkA": 404, "reviewerA": 404, "adviserA": 404, "headA": 404, "adminA": 404, "inspector": 200, "adviserAB": 200}
	for _, k := range e.srv.kinds.Kinds() {
		recB := e.seed(k.Name, "B", k.ExampleForm(today))
		recA := e.seed(k.Name, "A", k.ExampleForm(today))
		for user, status := range want {
			c := e.api(user)
			got, _ := c.call("GET", recordPathOf(k.Name, recB.ID), nil)
			if got != status {
				t.Errorf("%s: %s GET township B's record: %d, want %d", k.Name, user, got, status)
			}
			_, body := c.call("GET", fmt.Sprintf("/api/v1/records/%s?per_page=200", k.Name), nil)
			listed := strings.Contains(string(body), fmt.Sprintf(`"id":%d,`, recB.ID))
			if listed != (status == 200) {
				t.Errorf("%s: %s lists township B's record: %v", k.Name, user, listed)
			}
		}
		if got, _ := e.api("clerkB").call("GET", recordPathOf(k.Name, recA.ID), nil); got != http.StatusNotFound {
			t.Errorf("%s: township B's clerk reads A's record: %d", k.Name, got)
		}
	}
}
