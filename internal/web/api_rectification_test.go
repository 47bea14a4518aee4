package web

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

// rectifyEnv is apiEnv with a clerk of the county (above both townships).
func rectifyEnv(t *testing.T) *env {
	e := apiEnv(t)
	u := &access.User{Username: "clerkCounty", Name: "县司法局录入员", UnitID: e.units["county"].ID,
		Roles: []access.Role{access.RoleClerk}, PasswordHash: e.users["clerkA"].PasswordHash}
	if err := e.db.CreateUser(context.Background(), store.SystemActor("test"), u); err != nil {
		t.Fatal(err)
	}
	e.users[u.Username] = u
	// The county's 司法局, a department of the county, with a clerk
	// granted the townships' ledgers.
	ctx, sys := context.Background(), store.SystemActor("test")
	dept := access.Unit{ParentID: e.units["county"].ID, Name: "县司法局", Level: access.LevelDepartment}
	if err := e.db.CreateUnit(ctx, sys, &dept); err != nil {
		t.Fatal(err)
	}
	j := &access.User{Username: "clerkJustice", Name: "司法局录入员", UnitID: dept.ID,
		Roles: []access.Role{access.RoleClerk}, PasswordHash: u.PasswordHash}
	if err := e.db.CreateUser(ctx, sys, j); err != nil {
		t.Fatal(err)
	}
	e.users[j.Username] = j
	if err := e.db.AddGrant(ctx, sys, access.Grant{UserID: j.ID, UnitID: e.units["A"].ID, Roles: []access.Role{access.RoleClerk}}); err != nil {
		t.Fatal(err)
	}
	return e
}

var rectifyLinkRE = regexp.MustCompile(`<a href="(/l/rectification/new\?[^"]+)" class="rectify">整改</a>`)

// A township's lost 考核 point becomes a 问题整改 record from the 考核 page,
// filled from the line; the township rectifies it with evidence; only the
// county strikes it off or sends it back. Every transition, and every
// refusal, through the API.
func TestAPI_Rectification_FromALostPointToTheCountysStrikeOff(t *testing.T) {
	e := rectifyEnv(t)
	setToday(e, "2025-12-01")
	county, clerk, head := e.api("clerkCounty"), e.api("clerkA"), e.api("headA")
	a := e.units["A"]

	// The 考核 page: 甲镇 has no legality reviews, so K03 loses its 10 points.
	_, page := e.loggedIn("clerkCounty").get("/indicators/assessment?unit=" + strconv.FormatInt(e.units["county"].ID, 10) + "&year=2025")
	var link string
	for _, m := range rectifyLinkRE.FindAllStringSubmatch(page, -1) {
		if u := html.UnescapeString(m[1]); strings.Contains(u, "unit_id="+strconv.FormatInt(a.ID, 10)) && strings.Contains(u, url.QueryEscape("K03")) {
			link = u
		}
	}
	if link == "" {
		t.Fatalf("no 整改 link on 甲镇's K03 line:\n%.3000s", page)
	}
	_, form := e.loggedIn("clerkCounty").get(link)
	wantBody(t, form, "K03 合法性审查工作量", "legality_review.total", "考核评分", "/indicators/legality_review.total/records")
	u, _ := url.Parse(link)
	data := map[string]string{"found_date": "2025-11-20", "description": "年度合法性审查件数未达目标"}
	for k, v := range u.Query() {
		if k != "unit_id" {
			data[k] = v[0]
		}
	}
	if data["lost_points"] != "10" || data["score_year"] != "2025" || !strings.HasPrefix(data["evidence_link"], "/indicators/legality_review.total/records?") {
		t.Fatalf("filled from the line: %v", data)
	}
	w := &walk{t: t}
	county.must("POST", "/api/v1/records/rectification", map[string]any{"unit_id": a.ID, "data": data}, http.StatusCreated, &w.rec)
	if w.rec.UnitID != a.ID || w.rec.State != "found" {
		t.Fatalf("created %+v", w.rec)
	}
	e.api("clerkB").must("GET", w.path(), nil, http.StatusNotFound, nil)
	// The line now links to its record instead of opening a second one.
	scorePage := "/indicators/assessment?unit=" + strconv.FormatInt(e.units["county"].ID, 10) + "&year=2025"
	tracked := func(state string) {
		t.Helper()
		_, page := e.loggedIn("clerkCounty").get(scorePage)
		if !strings.Contains(page, `<a href="`+recordURL("rectification", w.rec.ID)+`" class="tracked">`+state+`</a>`) {
			t.Errorf("the 考核 page does not link K03 of 甲镇 to its record in 「%s」", state)
		}
		for _, m := range rectifyLinkRE.FindAllStringSubmatch(page, -1) {
			if u := html.UnescapeString(m[1]); strings.Contains(u, "unit_id="+strconv.FormatInt(a.ID, 10)) && strings.Contains(u, url.QueryEscape("K03")) {
				t.Errorf("a second 整改 link for a tracked line: %s", u)
			}
		}
	}
	tracked("待交办")

	w.refused(clerk, "rectify", map[string]string{"rectify_date": "2025-11-25", "measures": "x"}, http.StatusConflict)
	w.refused(clerk, "assign", map[string]string{"assign_date": "2025-11-19", "department": "党政办", "deadline": "2025-12-31"},
		http.StatusUnprocessableEntity, "不能早于「发现日期」")
	w.step(clerk, "assign", map[string]string{"assign_date": "2025-11-21", "department": "党政办", "owner": "王某", "deadline": "2025-12-31"})
	if c := w.clock(clerk, "deadline"); c.Due != "2025-12-31" {
		t.Errorf("deadline clock %+v", c)
	}
	w.refused(clerk, "rectify", map[string]string{"rectify_date": "2025-11-28", "measures": "建立合法性审查台账"},
		http.StatusUnprocessableEntity, "须附整改佐证材料", "rectify_files")
	evidence := []byte("%PDF-1.4 合法性审查工作制度")
	if status, body := clerk.upload(w.path()+"/attachments", "制度.pdf", evidence); status != http.StatusCreated {
		t.Fatalf("upload: %d %s", status, body)
	}
	sum := sha256.Sum256(evidence)
	sha := hex.EncodeToString(sum[:])
	w.refused(clerk, "rectify", map[string]string{"rectify_date": "2025-11-28", "measures": "建立制度", "rectify_files": strings.Repeat("0", 64)},
		http.StatusUnprocessableEntity, "rectify_files")
	w.step(clerk, "rectify", map[string]string{"rectify_date": "2025-11-28", "measures": "建立合法性审查工作制度", "rectify_files": sha})

	// The township cannot strike off, or send back, its own problem.
	closing := map[string]string{"close_date": "2025-11-30", "check_opinion": "经核查，制度已建立，予以销号"}
	for _, c := range []*apiClient{clerk, head} {
		w.refused(c, "close", closing, http.StatusUnprocessableEntity, "由上级县（市、区）核查后办理")
		w.refused(c, "send_back", map[string]string{"return_date": "2025-11-30", "return_reason": "x"}, http.StatusUnprocessableEntity, "不能退回")
	}
	e.api("inspector").apiErr("POST", w.path()+"/transitions", map[string]any{"event": "close", "version": w.rec.Version, "data": closing}, http.StatusForbidden)
	w.refused(county, "close", map[string]string{"close_date": "2025-11-27", "check_opinion": "同意"}, http.StatusUnprocessableEntity, "不能早于「整改完成日期」")
	w.step(county, "send_back", map[string]string{"return_date": "2025-11-29", "return_reason": "尚未按制度开展审查"})
	if w.rec.State != "assigned" {
		t.Fatalf("sent back to %s", w.rec.State)
	}
	w.step(clerk, "rectify", map[string]string{"rectify_date": "2025-11-30", "measures": "按制度审查合同2件", "rectify_files": sha})
	w.step(county, "close", closing)
	if w.rec.State != "closed" {
		t.Fatalf("struck off: %s", w.rec.State)
	}
	tracked("已销号")
	w.refused(county, "send_back", map[string]string{"return_date": "2025-12-01", "return_reason": "x"}, http.StatusConflict)

	// A problem that does not stand is cancelled by the county (here its
	// 司法局, a department acting as the county), not by the township.
	c := &walk{t: t}
	county.must("POST", "/api/v1/records/rectification", map[string]any{"unit_id": a.ID, "data": map[string]string{
		"title": "督察发现：公示不及时", "source": "法治督察", "found_date": "2025-11-20", "description": "执法决定未按期公示"}}, http.StatusCreated, &c.rec)
	c.refused(clerk, "cancel", map[string]string{"cancel_reason": "已公示"}, http.StatusUnprocessableEntity, "不能撤销")
	c.step(e.api("clerkJustice"), "cancel", map[string]string{"cancel_reason": "经核实已按期公示，问题不成立"})
}
