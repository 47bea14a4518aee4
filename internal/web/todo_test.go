package web

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

func todoOf(t *testing.T, c *apiClient) apiTodoBody {
	t.Helper()
	status, body := c.call("GET", "/api/v1/todo", nil)
	if status != http.StatusOK {
		t.Fatalf("GET /api/v1/todo as %s: %d %s", c.user, status, body)
	}
	var out apiTodoBody
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// todoFind returns the group and item of record id in the list.
func todoFind(b apiTodoBody, id int64) (string, *apiTodoItem) {
	for _, g := range b.Groups {
		for i := range g.Items {
			if g.Items[i].RecordID == id {
				return g.Name, &g.Items[i]
			}
		}
	}
	return "", nil
}

// TestTodo_WaitsForTheRoleThatMayAct: a received 合法性审查 waits for the
// reviewers (开始审查) of its unit; the clerk who may only withdraw it is not
// asked to do anything, the inspector changes nothing, another township's
// reviewer does not see it.
func TestTodo_WaitsForTheRoleThatMayAct(t *testing.T) {
	e := apiEnv(t)
	plain := e.seed("legality_review", "A", reviewData("甲镇待审事项"))
	data := reviewData("甲镇逾期事项")
	data["review_limit_days"] = "10" // from 2025-02-10: past due on 2025-03-03
	late := e.seed("legality_review", "A", data)
	data = reviewData("甲镇临期事项")
	data["received_date"], data["review_limit_days"] = "2025-02-24", "10" // due 2025-03-10
	soon := e.seed("legality_review", "A", data)
	other := e.seed("legality_review", "B", reviewData("乙镇待审事项"))

	rev := todoOf(t, e.api("reviewerA"))
	cases := []struct {
		rec   *ledger.Record
		group string
	}{{plain, todoWaiting}, {late, todoOverdue}, {soon, todoDueSoon}}
	for _, tc := range cases {
		g, it := todoFind(rev, tc.rec.ID)
		if it == nil {
			t.Fatalf("reviewerA's to-do list lacks %q", tc.rec.Title)
		}
		if g != tc.group {
			t.Errorf("%q is in group %s, want %s", tc.rec.Title, g, tc.group)
		}
		if !slices.ContainsFunc(it.Steps, func(s apiTodoStep) bool { return s.Label == "开始审查" }) {
			t.Errorf("%q: steps %v, want 开始审查", tc.rec.Title, it.Steps)
		}
	}
	if _, it := todoFind(rev, late.ID); it.Due == "" || it.Basis == "" || !it.Overdue || it.DaysLeft >= 0 {
		t.Errorf("overdue item: due %q basis %q overdue %v days %d, want a past due date with its basis", it.Due, it.Basis, it.Overdue, it.DaysLeft)
	}
	if g, _ := todoFind(rev, other.ID); g != "" {
		t.Errorf("reviewerA sees township B's record in %s", g)
	}
	if g, _ := todoFind(todoOf(t, e.api("adviserAB")), other.ID); g != todoWaiting {
		t.Errorf("the adviser granted B: B's record in %q, want waiting", g)
	}
	for _, u := range []string{"clerkA", "inspector", "adminA"} {
		if b := todoOf(t, e.api(u)); b.Total != 0 {
			t.Errorf("%s has %d to-do items, want none (nothing they may do but withdraw)", u, b.Total)
		}
	}
}

// TestTodo_ReturnedToTheClerk: a review sent back for more materials is
// 退回给我 for the clerk who may resubmit it, on the page and in the API.
func TestTodo_ReturnedToTheClerk(t *testing.T) {
	e := apiEnv(t)
	rec := e.seed("legality_review", "A", reviewData("退回补正事项"))
	ctx, sys := context.Background(), store.SystemActor("test")
	k := e.srv.kinds.Kind("legality_review")
	r, err := e.db.Transition(ctx, sys, k, rec.ID, rec.Version, "start_review", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.Transition(ctx, sys, k, r.ID, r.Version, "return_materials", ledger.Values{"return_reason": "缺少起草说明"}); err != nil {
		t.Fatal(err)
	}
	g, it := todoFind(todoOf(t, e.api("clerkA")), rec.ID)
	if g != todoReturned || it.Steps[0].Label != "补充材料后继续审查" {
		t.Fatalf("clerkA: group %q item %+v, want returned with 补充材料后继续审查", g, it)
	}
	_, body := e.loggedIn("clerkA").get("/todo")
	for _, want := range []string{"待办事项", "退回给我", "退回补正事项", "补充材料后继续审查"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /todo lacks %q", want)
		}
	}
}

// TestTodo_IsTheLandingPage: logging in without a next page lands on the
// to-do list; / is still the dashboard, and a next page is kept.
func TestTodo_IsTheLandingPage(t *testing.T) {
	e := apiEnv(t)
	c := e.client()
	resp, _ := c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}})
	if loc := resp.Header.Get("Location"); loc != "/todo" {
		t.Errorf("login redirects to %q, want /todo", loc)
	}
	if resp, body := c.get("/"); resp.StatusCode != http.StatusOK || !strings.Contains(body, "工作台") {
		t.Errorf("GET / after login: %d, want the dashboard", resp.StatusCode)
	}
	c = e.client()
	resp, _ = c.post("/login", url.Values{"username": {"clerkA"}, "password": {testPassword}, "next": {"/l/legality_review"}})
	if loc := resp.Header.Get("Location"); loc != "/l/legality_review" {
		t.Errorf("login with next redirects to %q", loc)
	}
}
