package web

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"

	"fazhi/internal/store"
)

// FuzzAPICreate posts arbitrary bodies to the create endpoint of a real
// server: whatever arrives, the answer is never a 500; an error is a JSON
// body with a message, and a 201 is a record that reads back.
func FuzzAPICreate(f *testing.F) {
	e := apiEnv(f)
	tok := e.api("clerkA").token
	otherUnit := e.units["B"].ID
	valid, _ := json.Marshal(map[string]any{"data": reviewData("模糊测试")})
	for _, seed := range []string{
		string(valid), `{}`, `{"data":null}`, `null`, `[]`, `"x"`, `1`, ``, `{`, `{"data":{"a":{}}}`,
		`{"unit_id":-1,"data":{}}`, `{"unit_id":99999999999,"data":{}}`, fmt.Sprintf(`{"unit_id":%d,"data":{}}`, otherUnit),
		`{"unit_id":1e400}`, `{"data":{"received_date":"2025-02-30"}}`, `{"data":{"review_limit_days":"1e400"}}`,
		`{"data":{"review_limit_days":99999999999999999999}}`, `{"data":{"subject_title":"\u0000\ud800"}}`,
		`{"data":{"subject_type":"规范性文件","subject_title":"` + strings.Repeat("长", 300) + `"}}`,
		`{"data":{},"data":{}}`, `{"Data":{}}`, `{"data":{"opinion":"合法"}}`, "\xff\xfe{}",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, body string) {
		req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/records/legality_review", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 500:
			t.Fatalf("body %q: status %d: %s", body, resp.StatusCode, b)
		case resp.StatusCode == http.StatusCreated:
			var rec apiRecord
			if err := json.Unmarshal(b, &rec); err != nil || rec.ID == 0 {
				t.Fatalf("body %q: 201 without a record: %s", body, b)
			}
			get, _ := http.NewRequest("GET", e.ts.URL+resp.Header.Get("Location"), nil)
			get.Header.Set("Authorization", "Bearer "+tok)
			r2, err := http.DefaultClient.Do(get)
			if err != nil {
				t.Fatal(err)
			}
			r2.Body.Close()
			if r2.StatusCode != http.StatusOK {
				t.Fatalf("body %q: created record %d reads back %d", body, rec.ID, r2.StatusCode)
			}
		default:
			var ae apiError
			if err := json.Unmarshal(b, &ae); err != nil || ae.Message == "" || !utf8.ValidString(ae.Message) {
				t.Fatalf("body %q: status %d without a JSON error: %s", body, resp.StatusCode, b)
			}
		}
	})
}

// FuzzAPIListQuery sends arbitrary query strings to the list endpoint:
// never a 500.
func FuzzAPIListQuery(f *testing.F) {
	e := apiEnv(f)
	e.seed("legality_review", "A", reviewData("列表模糊测试"))
	tok := e.api("clerkA").token
	for _, seed := range []string{"", "state=received", "year=2025&unit=2", "q=模糊", "q=%00%ff", "overdue=1",
		"sort=-received_date", "sort=--x", "page=99999999999999999999", "per_page=0", "f.department=司法所",
		"f.=1", "f.opinion_text=x", "q=" + strings.Repeat("a", 200), "sort=review_id&page=2"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, query string) {
		req, err := http.NewRequest("GET", e.ts.URL+"/api/v1/records/legality_review?"+query, nil)
		if err != nil {
			t.Skip() // not a URL a client could send
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Skip()
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("query %q: status %d: %s", query, resp.StatusCode, b)
		}
		if resp.StatusCode == http.StatusOK {
			var l apiList
			if err := json.Unmarshal(b, &l); err != nil || l.Items == nil {
				t.Fatalf("query %q: 200 without a list: %s", query, b)
			}
		}
	})
}

// FuzzAPIWrite sends arbitrary bodies to the edit, transition and clock
// endpoints of a real record: never a 500, and a refused request leaves the
// record as it was.
func FuzzAPIWrite(f *testing.F) {
	e := apiEnv(f)
	data := reviewData("写入模糊测试")
	data["review_limit_days"] = "10"
	rec := e.seed("legality_review", "A", data)
	tok := e.api("reviewerA").token
	paths := []string{"", "/transitions", "/clocks/review_limit"}
	methods := []string{"PATCH", "POST", "POST"}
	v := rec.Version
	for _, seed := range []struct {
		op   uint8
		body string
	}{
		{0, fmt.Sprintf(`{"version":%d,"data":{"department":"财政所"}}`, v)},
		{0, fmt.Sprintf(`{"version":%d,"data":{"received_date":"2025-02-30"}}`, v)},
		{0, `{"version":-1,"data":{"x":"y"}}`}, {0, `{"version":"1"}`}, {0, `{}`},
		{1, fmt.Sprintf(`{"event":"give_opinion","version":%d,"data":{"opinion":"合法"}}`, v)},
		{1, fmt.Sprintf(`{"event":"withdraw","version":%d,"data":{"withdraw_reason":""}}`, v)},
		{1, `{"event":"","version":0}`}, {1, `{"event":"start_review"}`}, {1, `[]`},
		{2, `{"action":"extend","days":99999999999,"reason":"r","basis":"b"}`},
		{2, `{"action":"pause","days":-1,"reason":" ","basis":"b"}`}, {2, `{"action":"resume"}`},
	} {
		f.Add(seed.op, seed.body)
	}
	f.Fuzz(func(t *testing.T, op uint8, body string) {
		i := int(op) % len(paths)
		version := func() int {
			r, err := e.db.Record(context.Background(), store.SystemActor("test"), rec.ID)
			if err != nil {
				t.Fatal(err)
			}
			return r.Version
		}
		before := version()
		req, _ := http.NewRequest(methods[i], e.ts.URL+recordPath(rec)+paths[i], strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Fatalf("%s %s %q: status %d: %s", methods[i], paths[i], body, resp.StatusCode, b)
		}
		if resp.StatusCode >= 400 {
			var ae apiError
			if err := json.Unmarshal(b, &ae); err != nil || ae.Message == "" {
				t.Fatalf("%s %s %q: status %d without a JSON error: %s", methods[i], paths[i], body, resp.StatusCode, b)
			}
			if after := version(); after != before {
				t.Fatalf("%s %s %q: refused with %d but the record changed from version %d to %d", methods[i], paths[i], body, resp.StatusCode, before, after)
			}
		}
	})
}
