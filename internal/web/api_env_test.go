package web

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// apiEnv is a real server on a real SQLite file with the real ledger kinds
// (see newEnv for the units and users), plus a legal adviser of A with a
// grant to B and a clerk of B's village.
func apiEnv(t testing.TB) *env {
	t.Helper()
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	e := newEnv(t, reg)
	e.addAdvisers()
	return e
}

// addAdvisers adds apiEnv's legal advisers: adviserA of A, and adviserAB
// of A with an adviser's grant to B.
func (e *env) addAdvisers() {
	t := e.t
	ctx, sys := context.Background(), store.SystemActor("test")
	hash := e.users["clerkA"].PasswordHash
	for _, u := range []*access.User{
		{Username: "adviserA", Name: "甲镇法律顾问", UnitID: e.units["A"].ID, Roles: []access.Role{access.RoleAdviser}},
		{Username: "adviserAB", Name: "甲乙两镇法律顾问", UnitID: e.units["A"].ID, Roles: []access.Role{access.RoleAdviser}},
	} {
		u.PasswordHash = hash
		if err := e.db.CreateUser(ctx, sys, u); err != nil {
			t.Fatal(err)
		}
		e.users[u.Username] = u
	}
	g := access.Grant{UserID: e.users["adviserAB"].ID, UnitID: e.units["B"].ID, Roles: []access.Role{access.RoleAdviser}}
	if err := e.db.AddGrant(ctx, sys, g); err != nil {
		t.Fatal(err)
	}
}

// apiClient calls the JSON API as one user with an API token.
type apiClient struct {
	e     *env
	user  string
	token string
}

func (e *env) api(user string) *apiClient {
	e.t.Helper()
	tok, err := e.db.CreateToken(context.Background(), store.SystemActor("test"), e.users[user].ID, "test")
	if err != nil {
		e.t.Fatal(err)
	}
	return &apiClient{e: e, user: user, token: tok}
}

// call sends body (a string is sent as is, anything else as JSON) and
// returns the status and the response body.
func (c *apiClient) call(method, path string, body any) (int, []byte) {
	c.e.t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	default:
		j, err := json.Marshal(b)
		if err != nil {
			c.e.t.Fatal(err)
		}
		r = bytes.NewReader(j)
	}
	req, _ := http.NewRequest(method, c.e.ts.URL+path, r)
	if r != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	return c.send(req)
}

func (c *apiClient) send(req *http.Request) (int, []byte) {
	c.e.t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		c.e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, b
}

// must calls the API, fails the test unless the status is want, and
// decodes the body into out (if not nil).
func (c *apiClient) must(method, path string, body any, want int, out any) {
	c.e.t.Helper()
	status, b := c.call(method, path, body)
	if status != want {
		c.e.t.Fatalf("%s %s %s: status %d, want %d; body %s", c.user, method, path, status, want, b)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			c.e.t.Fatalf("%s %s: %v; body %s", method, path, err, b)
		}
	}
}

// apiErr calls the API expecting a failure with status want and returns
// the error body.
func (c *apiClient) apiErr(method, path string, body any, want int) apiError {
	c.e.t.Helper()
	var e apiError
	c.must(method, path, body, want, &e)
	if e.Message == "" {
		c.e.t.Fatalf("%s %s: error body without a message", method, path)
	}
	return e
}

// upload posts content as the multipart field "file".
func (c *apiClient) upload(path, name string, content []byte) (int, []byte) {
	c.e.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	fw, _ := mw.CreateFormFile("file", name)
	fw.Write(content)
	mw.Close()
	req, _ := http.NewRequest("POST", c.e.ts.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+c.token)
	return c.send(req)
}

// seed creates a record as the system (bypassing roles) in unit.
func (e *env) seed(kind, unit string, data ledger.Values) *ledger.Record {
	e.t.Helper()
	k := e.srv.kinds.Kind(kind)
	r, err := e.db.CreateRecord(context.Background(), store.SystemActor("test"), k, e.units[unit].ID, data)
	if err != nil {
		e.t.Fatalf("seed %s in %s: %v", kind, unit, err)
	}
	return r
}

// reviewData is a complete 合法性审查 create form (not a major decision,
// so the 7-working-day minimum does not apply).
func reviewData(title string) ledger.Values {
	return ledger.Values{"subject_type": "规范性文件", "subject_title": title, "department": "司法所",
		"reviewer_type": "审核专班", "reviewer_name": "王审核", "received_date": "2025-02-10"}
}

// decisionData is a complete 重大行政决策 create form, for a matter taken
// up outside the catalogue (the catalogue gate has its own tests).
func decisionData(title string) ledger.Values {
	return ledger.Values{"catalogue_year": "2025", "catalogue_item": "2025-01", "title": title,
		"department": "党政办", "description": "为规范农村集体资产管理，拟制定本办法。", "outside_reason": outsideReason}
}

const outsideReason = "县政府交办的紧急事项，已报请调整年度决策事项目录"

func recordPath(r *ledger.Record) string { return fmt.Sprintf("/api/v1/records/%s/%d", r.Kind, r.ID) }
