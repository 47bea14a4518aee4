package web

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"fazhi/internal/ledger"
)

// TestLate_ShownOnRecordListAPIAndExport: a deadline met after its due date
// reads 逾期N日办结 wherever the record is shown.
func TestLate_ShownOnRecordListAPIAndExport(t *testing.T) {
	e := caseEnv(t)
	ctx := context.Background()
	k := e.srv.kinds.Kind("case")
	clerk, reviewer := e.actor("clerkA"), e.actor("reviewerA")
	// Received 2024-12-20: 60 days end on 2025-02-18; decided on 2025-03-03.
	rec, err := e.db.CreateRecord(ctx, clerk, k, e.units["A"].ID, ledger.Values{"title": "迟办", "received": "2024-12-20", "summary": "s"})
	if err != nil {
		t.Fatal(err)
	}
	rec, err = e.db.Transition(ctx, clerk, k, rec.ID, rec.Version, "submit", nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = e.db.Transition(ctx, reviewer, k, rec.ID, rec.Version, "decide", ledger.Values{"opinion": "合法"}); err != nil {
		t.Fatal(err)
	}
	onTime, err := e.db.CreateRecord(ctx, clerk, k, e.units["A"].ID, ledger.Values{"title": "按期", "received": "2025-03-01"})
	if err != nil {
		t.Fatal(err)
	}
	const want = "逾期13日办结"
	c := e.loggedIn("clerkA")
	_, body := c.get(fmt.Sprintf("/l/case/%d", rec.ID))
	wantBody(t, body, want)
	_, body = c.get("/l/case")
	wantBody(t, body, want)
	if strings.Count(body, "日办结") != 1 {
		t.Errorf("list marks %d records late, want 1", strings.Count(body, "日办结"))
	}
	resp, body := c.get(fmt.Sprintf("/api/v1/records/case/%d/clocks", rec.ID))
	wantStatus(t, resp, body, http.StatusOK)
	var clocks struct {
		Clocks []apiClock `json:"clocks"`
	}
	if err := json.Unmarshal([]byte(body), &clocks); err != nil {
		var bare []apiClock
		if err2 := json.Unmarshal([]byte(body), &bare); err2 != nil {
			t.Fatalf("clocks body %s: %v", body, err)
		}
		clocks.Clocks = bare
	}
	if len(clocks.Clocks) != 1 || clocks.Clocks[0].Late != want || clocks.Clocks[0].LateDays != 13 {
		t.Fatalf("API clocks = %s", body)
	}
	wb, _ := c.export(t, "")
	col := slices.Index(wb.rows[0], "逾期办结")
	if col < 0 {
		t.Fatalf("no 逾期办结 column: %v", wb.rows[0])
	}
	for _, row := range wb.rows[1:] {
		if len(row) == 0 {
			continue
		}
		id := row[0]
		got := ""
		if col < len(row) {
			got = row[col]
		}
		switch id {
		case fmt.Sprint(rec.ID):
			if got != want {
				t.Errorf("export late = %q", got)
			}
		case fmt.Sprint(onTime.ID):
			if got != "" {
				t.Errorf("on-time record exported as %q", got)
			}
		}
	}
}

// TestAPICheckFormFields_DerivedRefused: a computed field or a register
// number sent by a client is refused with a Chinese message naming it.
func TestAPICheckFormFields_DerivedRefused(t *testing.T) {
	k := &ledger.Kind{Name: "d", Label: "文件", Fields: []ledger.Field{
		{Name: "title", Label: "标题", Type: ledger.TypeText},
		{Name: "until", Label: "有效期至", Type: ledger.TypeDate, Compute: func(*ledger.Record) string { return "" }},
		{Name: "no", Label: "文件编号", Type: ledger.TypeText, Register: "p"},
	}}
	err := apiCheckFormFields(k, map[string]string{"title": "x", "until": "2030-01-01", "no": "1"})
	var ae *apiError
	if !errors.As(err, &ae) || !strings.Contains(ae.Fields["until"], "自动计算") || !strings.Contains(ae.Fields["no"], "自动编号") {
		t.Fatalf("derived input: %v", err)
	}
	for _, f := range editFields(k) {
		if f.Derived() {
			t.Errorf("form offers derived field %s", f.Name)
		}
	}
}
