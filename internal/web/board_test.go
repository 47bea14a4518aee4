package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
)

func boardOf(t testing.TB, c *apiClient, query string) apiBoardBody {
	t.Helper()
	status, body := c.call("GET", "/api/v1/board?"+query, nil)
	if status != http.StatusOK {
		t.Fatalf("GET /api/v1/board?%s as %s: %d %s", query, c.user, status, body)
	}
	var out apiBoardBody
	if err := json.Unmarshal(body, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func boardIDs(b apiBoardBody) []int64 {
	var ids []int64
	for _, it := range b.Items {
		ids = append(ids, it.RecordID)
	}
	return ids
}

// TestBoard_OverdueFirstThenByDueDate: the county inspector sees every
// township's running deadlines, overdue first, then by due date, each with
// its basis; a township clerk sees only their own; the filters narrow.
func TestBoard_OverdueFirstThenByDueDate(t *testing.T) {
	e := apiEnv(t)
	seed := func(unit, title, received string) int64 {
		d := reviewData(title)
		d["received_date"], d["review_limit_days"] = received, "10"
		return e.seed("legality_review", unit, d).ID
	}
	later := seed("A", "甲镇晚到期", "2025-03-01")
	late := seed("B", "乙镇已逾期", "2025-02-03")
	soon := seed("A", "甲镇早到期", "2025-02-24")
	e.seed("legality_review", "A", reviewData("没有审查时限")) // no clock runs

	all := boardOf(t, e.api("inspector"), "")
	if got, want := boardIDs(all), []int64{late, soon, later}; !slices.Equal(got, want) {
		t.Fatalf("inspector's board = %v, want %v (overdue first, then by due date)", got, want)
	}
	if it := all.Items[0]; !it.Overdue || it.DaysLeft >= 0 || it.Basis == "" || it.Unit != "乙镇" || all.Overdue != 1 {
		t.Errorf("first row %+v: want 乙镇's overdue deadline with its basis", it)
	}
	if got := boardIDs(boardOf(t, e.api("clerkA"), "")); !slices.Equal(got, []int64{soon, later}) {
		t.Errorf("clerkA's board = %v, want only A's %v", got, []int64{soon, later})
	}
	unitB := strconv.FormatInt(e.units["B"].ID, 10)
	if got := boardIDs(boardOf(t, e.api("inspector"), "unit="+unitB)); !slices.Equal(got, []int64{late}) {
		t.Errorf("board ?unit=B = %v, want %v", got, []int64{late})
	}
	if got := boardOf(t, e.api("inspector"), "kind=major_decision"); got.Total != 0 {
		t.Errorf("board ?kind=major_decision has %d rows, want none", got.Total)
	}
	// Seeded by the system: no person has touched them.
	if got := boardOf(t, e.api("inspector"), "person="+strconv.FormatInt(e.users["clerkA"].ID, 10)); got.Total != 0 {
		t.Errorf("board ?person=clerkA has %d rows, want none", got.Total)
	}

	// The page and the export say the same.
	_, body := e.loggedIn("inspector").get("/board")
	for _, want := range []string{"期限看板", "乙镇已逾期", "已逾期", "本地合法性审查工作规则规定的审查时限"} {
		if !strings.Contains(body, want) {
			t.Errorf("GET /board lacks %q", want)
		}
	}
	if i, j := strings.Index(body, "乙镇已逾期"), strings.Index(body, "甲镇晚到期"); i > j {
		t.Error("GET /board lists the later deadline before the overdue one")
	}
	status, xlsx := e.api("inspector").call("GET", "/api/v1/board/export.xlsx", nil)
	if status != http.StatusOK {
		t.Fatalf("export: %d %s", status, xlsx)
	}
	rows := xlsxRows(t, xlsx)
	if rows[0][0] != "编号" || rows[1][1] != "乙镇已逾期" || rows[1][10] != "是" || len(rows) != 4 {
		t.Errorf("export rows = %v", rows)
	}
}

// TestBoard_BadFilterNamesTheField: a wrong filter answers 400 naming the
// field and the fix, on the page and in the API.
func TestBoard_BadFilterNamesTheField(t *testing.T) {
	e := apiEnv(t)
	for q, want := range map[string]string{"unit=甲": "「单位」应为正整数编号", "kind=nope": "「台账」没有这一类", "person=-1": "「经办人」应为正整数编号"} {
		status, body := e.api("clerkA").call("GET", "/api/v1/board?"+url.PathEscape(q), nil)
		if status != http.StatusBadRequest || !strings.Contains(string(body), want) {
			t.Errorf("GET /api/v1/board?%s: %d %s, want 400 %q", q, status, body, want)
		}
		resp, page := e.loggedIn("clerkA").get("/board?" + url.PathEscape(q))
		if resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, want) {
			t.Errorf("GET /board?%s: %d, want 400 %q", q, resp.StatusCode, want)
		}
	}
}

// FuzzBoardQuery: any query string is read without panic; an accepted
// filter is a known kind and positive numbers.
func FuzzBoardQuery(f *testing.F) {
	for _, s := range []string{"", "kind=legality_review", "unit=1&person=2", "unit=-1", "unit=9223372036854775808", "kind=%00", "person=１"} {
		f.Add(s)
	}
	s := apiEnv(f).srv
	f.Fuzz(func(t *testing.T, raw string) {
		v, err := url.ParseQuery(raw)
		if err != nil {
			return
		}
		q, errs := s.boardQuery(v)
		if errs != nil {
			for k, m := range errs {
				if !strings.Contains(m, "「") {
					t.Fatalf("%s: message %q does not name the field", k, m)
				}
			}
			return
		}
		if (q.Kind != "" && s.kinds.Kind(q.Kind) == nil) || q.UnitID < 0 || q.UserID < 0 {
			t.Fatalf("accepted %+v from %q", q, raw)
		}
		_ = boardQueryString(q)
	})
}

// apiBoardCell: the target's running deadline is on the caller's board.
func apiBoardCell(c *matrixCell) string {
	if slices.Contains(boardIDs(boardOf(c.t, c.api, "")), c.target.ID) {
		return "show"
	}
	return "hide"
}

// apiBoardExportCell: the target is a row of the caller's board export.
func apiBoardExportCell(c *matrixCell) string {
	status, body := c.api.call("GET", "/api/v1/board/export.xlsx", nil)
	if status != http.StatusOK {
		return code(status)
	}
	id := fmt.Sprint(c.target.ID)
	for _, r := range xlsxRows(c.t, body)[1:] {
		if r[0] == id {
			return "show"
		}
	}
	return "hide"
}
