package web

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// TestAdviserEngagementGrantsTheVillages: township A's clerk records the
// engagement of a lawyer (an adviser account of township B) as the adviser
// of one of A's villages. From that moment the lawyer — through the same
// API token — reads the village's legality reviews and nothing else of A;
// dismissed, they read nothing of A again. An engagement naming an account
// without the adviser role is refused, naming the field.
func TestAdviserEngagementGrantsTheVillages(t *testing.T) {
	e := apiEnv(t)
	village := addUnit(t, e, "villageA", "甲一村", "A")
	lawyer := &access.User{Username: "lawyer", Name: "丁律师", UnitID: e.units["B"].ID, Roles: []access.Role{access.RoleAdviser},
		PasswordHash: e.users["clerkA"].PasswordHash}
	if err := e.db.CreateUser(context.Background(), store.SystemActor("test"), lawyer); err != nil {
		t.Fatal(err)
	}
	e.users["lawyer"] = lawyer
	inVillage := e.seed("legality_review", "villageA", reviewData("甲一村村规民约修订"))
	inTown := e.seed("legality_review", "A", reviewData("甲镇农贸市场租赁合同"))
	law := e.api("lawyer")
	reads := func() (int, int) {
		v, _ := law.call("GET", recordPathOf("legality_review", inVillage.ID), nil)
		tw, _ := law.call("GET", recordPathOf("legality_review", inTown.ID), nil)
		return v, tw
	}
	if v, tw := reads(); v != 404 || tw != 404 {
		t.Fatalf("before any engagement the lawyer reads A's village %d, township %d", v, tw)
	}
	engagement := func(user int64) map[string]any {
		rows, _ := json.Marshal([]map[string]string{{"village": "甲一村", "unit": strconv.FormatInt(village.ID, 10), "since": "2025-01-02"}})
		return map[string]any{"unit_id": e.units["A"].ID, "data": map[string]string{"name": "丁律师", "adviser_type": "村（社区）法律顾问",
			"firm": "青山律师事务所", "licence_no": "13301202010123456", "user_id": strconv.FormatInt(user, 10),
			"term_start": "2025-01-01", "term_end": "2027-12-31", "villages": string(rows)}}
	}
	clerk := e.api("clerkA")
	status, body := clerk.call("POST", "/api/v1/records/legal_adviser", engagement(e.users["clerkB"].ID))
	if status != http.StatusUnprocessableEntity || !strings.Contains(string(body), "系统账号") || !strings.Contains(string(body), "法律顾问") {
		t.Errorf("an engagement naming a clerk's account: %d %s", status, body)
	}
	status, body = clerk.call("POST", "/api/v1/records/legal_adviser", engagement(lawyer.ID))
	if status != http.StatusCreated {
		t.Fatalf("engagement: %d %s", status, body)
	}
	var rec struct {
		ID      int64 `json:"id"`
		Version int   `json:"version"`
	}
	json.Unmarshal(body, &rec)
	if v, tw := reads(); v != 200 || tw != 404 {
		t.Errorf("while engaged the lawyer reads the village's review %d (want 200), the township's %d (want 404)", v, tw)
	}
	_, page := e.loggedIn("admin").get(fmt.Sprintf("/admin/users/%d", lawyer.ID))
	wantBody(t, page, "甲一村", fmt.Sprintf("由<a href=\"/l/legal_adviser/%d\">法律顾问第%d号</a>授予", rec.ID, rec.ID))
	status, body = clerk.call("POST", fmt.Sprintf("/api/v1/records/legal_adviser/%d/transitions", rec.ID),
		map[string]any{"event": "dismiss", "version": rec.Version, "data": map[string]string{"end_date": "2025-03-01", "end_reason": "合同约定事由解聘"}})
	if status != http.StatusOK {
		t.Fatalf("dismiss: %d %s", status, body)
	}
	if v, tw := reads(); v != 404 || tw != 404 {
		t.Errorf("after dismissal the lawyer reads A's village %d, township %d", v, tw)
	}
}
