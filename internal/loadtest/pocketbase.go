package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// PocketBaseSetup prepares a running PocketBase (v0.23 or later) for the
// ledger workload: a base collection shaped like fazhi's legality review
// (text, select and date fields, created/updated autodates), an index on the
// filtered fields, rules that confine every user to the records of their own
// unit (the "data scope"), and one user per unit, each signed in.
type PocketBaseSetup struct {
	BaseURL    string // loopback only
	Email      string // a superuser's
	Password   string
	Collection string // e.g. "legality_review"; dropped and recreated
	Units      int    // users to create, one per unit "u1", "u2", ...
	// Scope is the list rule: "unit" (default) confines a user to records
	// whose unit equals the user's own unit field, like fazhi's unit
	// scope; "owner" confines them to the records they created, a rule
	// PocketBase can answer from an index without joining the users table.
	Scope string
}

// Run does the setup and returns one signed-in principal per unit.
func (s PocketBaseSetup) Run(ctx context.Context) ([]Principal, error) {
	base, err := CheckLoopback(s.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &pbClient{base: base, http: newClient(1)}
	defer c.http.CloseIdleConnections()

	var auth struct{ Token string }
	if err := c.do(ctx, "POST", "/api/collections/_superusers/auth-with-password", "",
		map[string]string{"identity": s.Email, "password": s.Password}, &auth); err != nil {
		return nil, fmt.Errorf("signing in the superuser: %w", err)
	}
	su := auth.Token

	// users: add a "unit" text field, the unit the user belongs to.
	var users map[string]any
	if err := c.do(ctx, "GET", "/api/collections/users", su, nil, &users); err != nil {
		return nil, fmt.Errorf("reading the users collection: %w", err)
	}
	fields, _ := users["fields"].([]any)
	hasUnit := false
	for _, f := range fields {
		if m, _ := f.(map[string]any); m["name"] == "unit" {
			hasUnit = true
		}
	}
	if !hasUnit {
		fields = append(fields, map[string]any{"name": "unit", "type": "text"})
		if err := c.do(ctx, "PATCH", "/api/collections/users", su, map[string]any{"fields": fields}, nil); err != nil {
			return nil, fmt.Errorf("adding users.unit: %w", err)
		}
	}

	// The ledger collection, recreated so every run starts empty.
	col := url.PathEscape(s.Collection)
	_ = c.do(ctx, "DELETE", "/api/collections/"+col, su, nil, nil)
	scope := "@request.auth.id != '' && unit = @request.auth.unit"
	create := "@request.auth.id != '' && @request.body.unit = @request.auth.unit"
	lead := "unit"
	switch s.Scope {
	case "", "unit":
	case "owner":
		scope = "@request.auth.id != '' && owner = @request.auth.id"
		create = "@request.auth.id != '' && @request.body.owner = @request.auth.id"
		lead = "owner"
	default:
		return nil, fmt.Errorf("PocketBase 数据范围 %q 无效：请写 unit 或 owner", s.Scope)
	}
	def := map[string]any{
		"name": s.Collection,
		"type": "base",
		"fields": []map[string]any{
			{"name": "title", "type": "text", "required": true, "max": 200},
			{"name": "subject_type", "type": "select", "required": true, "maxSelect": 1, "values": SubjectTypes},
			{"name": "department", "type": "text", "required": true, "max": 100},
			{"name": "reviewer", "type": "select", "required": true, "maxSelect": 1, "values": Reviewers},
			{"name": "reviewer_name", "type": "text", "required": true, "max": 100},
			{"name": "received", "type": "date", "required": true},
			{"name": "unit", "type": "text", "required": true},
			{"name": "owner", "type": "text", "required": true},
			{"name": "created", "type": "autodate", "onCreate": true},
			{"name": "updated", "type": "autodate", "onCreate": true, "onUpdate": true},
		},
		"indexes": []string{
			fmt.Sprintf("CREATE INDEX idx_%s_filter ON %s (%s, subject_type, department, updated)", s.Collection, s.Collection, lead),
			fmt.Sprintf("CREATE INDEX idx_%s_updated ON %s (%s, updated)", s.Collection, s.Collection, lead),
		},
		"listRule":   scope,
		"viewRule":   scope,
		"createRule": create,
		"updateRule": scope,
	}
	if err := c.do(ctx, "POST", "/api/collections", su, def, nil); err != nil {
		return nil, fmt.Errorf("creating collection %s: %w", s.Collection, err)
	}

	var out []Principal
	for i := 1; i <= s.Units; i++ {
		unit := fmt.Sprintf("u%d", i)
		email := fmt.Sprintf("bench-%s@example.com", unit)
		pass := "Bench-pass-" + unit
		err := c.do(ctx, "POST", "/api/collections/users/records", su, map[string]any{
			"email": email, "password": pass, "passwordConfirm": pass, "unit": unit, "verified": true,
		}, nil)
		if err != nil && !strings.Contains(err.Error(), "validation_not_unique") {
			return nil, fmt.Errorf("creating user %s: %w", email, err)
		}
		var ua struct {
			Token  string
			Record struct{ ID string }
		}
		if err := c.do(ctx, "POST", "/api/collections/users/auth-with-password", "",
			map[string]string{"identity": email, "password": pass}, &ua); err != nil {
			return nil, fmt.Errorf("signing in %s: %w", email, err)
		}
		out = append(out, Principal{Token: ua.Token, Unit: unit, Owner: ua.Record.ID})
	}
	return out, nil
}

type pbClient struct {
	base *url.URL
	http *http.Client
}

// do sends a JSON request and decodes a JSON answer into out (if non-nil).
func (c *pbClient) do(ctx context.Context, method, path, token string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base.JoinPath(path).String(), body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 4<<20))
	if err != nil {
		return err
	}
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("%s %s: status %d: %s", method, path, resp.StatusCode, snippet(b))
	}
	if out != nil && len(b) > 0 {
		return json.Unmarshal(b, out)
	}
	return nil
}
