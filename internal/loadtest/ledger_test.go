package loadtest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ledgerServer is a small stand-in for fazhi's records API, enough to drive
// the workload: tokens map to units, creates must name the caller's unit,
// lists see only the caller's unit and filter by f.<field>.
type ledgerServer struct {
	mu      sync.Mutex
	tokens  map[string]int64
	records []map[string]string // with "unit" and "seq" added
	titles  map[string]bool
	delay   time.Duration
}

func (s *ledgerServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	unit, ok := s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
	if !ok {
		http.Error(w, `{"error":"未登录"}`, http.StatusUnauthorized)
		return
	}
	if r.URL.Path != "/api/v1/records/legality_review" {
		http.NotFound(w, r)
		return
	}
	switch r.Method {
	case http.MethodPost:
		time.Sleep(s.delay)
		var in struct {
			UnitID int64             `json:"unit_id"`
			Data   map[string]string `json:"data"`
		}
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.UnitID != unit {
			http.Error(w, `{"error":"单位不符"}`, http.StatusForbidden)
			return
		}
		for _, f := range []string{"subject_type", "title", "department", "reviewer_type", "reviewer_name", "received_date"} {
			if in.Data[f] == "" {
				http.Error(w, `{"error":"缺少`+f+`"}`, http.StatusBadRequest)
				return
			}
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		if s.titles[in.Data["title"]] {
			http.Error(w, `{"error":"重复"}`, http.StatusConflict)
			return
		}
		s.titles[in.Data["title"]] = true
		in.Data["unit"] = strconv.FormatInt(unit, 10)
		in.Data["seq"] = strconv.Itoa(len(s.records))
		s.records = append(s.records, in.Data)
		w.WriteHeader(http.StatusCreated)
		json.NewEncoder(w).Encode(map[string]any{"id": len(s.records)})
	case http.MethodGet:
		q := r.URL.Query()
		s.mu.Lock()
		var match []map[string]string
		for _, rec := range s.records {
			if rec["unit"] != strconv.FormatInt(unit, 10) {
				continue
			}
			keep := true
			for k, v := range q {
				if f, ok := strings.CutPrefix(k, "f."); ok && rec[f] != v[0] {
					keep = false
				}
			}
			if keep {
				match = append(match, rec)
			}
		}
		s.mu.Unlock()
		sort.Slice(match, func(i, j int) bool { // -updated_at: newest first
			a, _ := strconv.Atoi(match[i]["seq"])
			b, _ := strconv.Atoi(match[j]["seq"])
			return a > b
		})
		page, _ := strconv.Atoi(q.Get("page"))
		per, _ := strconv.Atoi(q.Get("per_page"))
		lo, hi := min((page-1)*per, len(match)), min(page*per, len(match))
		json.NewEncoder(w).Encode(map[string]any{"items": match[lo:hi], "total": len(match), "page": page, "per_page": per})
	default:
		w.WriteHeader(http.StatusMethodNotAllowed)
	}
}

func newLedgerServer(t *testing.T, delay time.Duration) (*ledgerServer, string, []Principal) {
	s := &ledgerServer{tokens: map[string]int64{"ta": 11, "tb": 12, "tc": 13}, titles: map[string]bool{}, delay: delay}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL, []Principal{{Token: "ta", Unit: "11"}, {Token: "tb", Unit: "12"}, {Token: "tc", Unit: "13"}}
}

var testFields = FazhiFields{SubjectType: "subject_type", Title: "title", Department: "department",
	Reviewer: "reviewer_type", ReviewerBy: "reviewer_name", Received: "received_date"}

func TestLedgerBench_CreatesThenListsWithinEachUnit(t *testing.T) {
	s, base, who := newLedgerServer(t, 0)
	res, err := LedgerBench{
		BaseURL: base, API: FazhiAPI{Kind: "legality_review", Fields: testFields}, Principals: who,
		Clients: 6, Records: 600, CreateDuration: 30 * time.Second, ListDuration: 300 * time.Millisecond,
	}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Records != 600 || res.Create.OK != 600 || res.Seed != nil || len(s.records) != 600 {
		t.Fatalf("created %d (phase %d, seed %v), server holds %d; want 600 in the create phase",
			res.Records, res.Create.OK, res.Seed, len(s.records))
	}
	perUnit := map[string]int{}
	for _, r := range s.records {
		perUnit[r["unit"]]++
	}
	if len(perUnit) != 3 {
		t.Errorf("records spread over units %v, want all three", perUnit)
	}
	// Each list answer was checked page by page (items against total).
	if res.List.OK == 0 || res.List.Failed != 0 {
		t.Fatalf("list phase: %s; first failure %s", res.List, res.List.FirstErr)
	}
}

func TestLedgerBench_SeedsWhatTheTimedCreatePhaseDidNotReach(t *testing.T) {
	s, base, who := newLedgerServer(t, 2*time.Millisecond)
	res, err := LedgerBench{
		BaseURL: base, API: FazhiAPI{Kind: "legality_review", Fields: testFields}, Principals: who,
		Clients: 2, Records: 200, CreateDuration: 40 * time.Millisecond, ListDuration: 50 * time.Millisecond,
	}.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Create.Stopped != "time" || res.Seed == nil {
		t.Fatalf("create phase stopped by %q, seed %v; want time and a seed phase", res.Create.Stopped, res.Seed)
	}
	// Titles carry the sequence number: no record was sent twice.
	if res.Records != 200 || len(s.records) != 200 || len(s.titles) != 200 {
		t.Fatalf("records %d, server %d, distinct titles %d; want 200", res.Records, len(s.records), len(s.titles))
	}
}

func TestLedgerBench_FailingCreatesStopTheBench(t *testing.T) {
	_, base, _ := newLedgerServer(t, 0)
	_, err := LedgerBench{
		BaseURL: base, API: FazhiAPI{Kind: "legality_review", Fields: testFields},
		Principals: []Principal{{Token: "wrong-token", Unit: "11"}}, Clients: 2, Records: 1000,
		CreateDuration: 10 * time.Second, ListDuration: time.Second,
	}.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "status 401") {
		t.Fatalf("error %v, want the create phase to fail naming status 401", err)
	}
}

func TestSampleRecord_DeterministicAndValid(t *testing.T) {
	seenTypes := map[string]bool{}
	for seq := range int64(2000) {
		s := SampleRecord(seq)
		if s != SampleRecord(seq) {
			t.Fatalf("SampleRecord(%d) differs between calls", seq)
		}
		d, err := time.Parse(time.DateOnly, s.Received)
		if err != nil || d.Year() < 2024 || d.After(time.Date(2026, 6, 30, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("SampleRecord(%d).Received = %q, want a past date from 2024 to mid-2026", seq, s.Received)
		}
		if !slices.Contains(SubjectTypes, s.SubjectType) || !slices.Contains(Departments, s.Department) ||
			!slices.Contains(Reviewers, s.Reviewer) {
			t.Fatalf("SampleRecord(%d) = %+v has a value outside the lists", seq, s)
		}
		if !strings.Contains(s.Title, fmt.Sprintf("第%d号", seq+1)) {
			t.Fatalf("SampleRecord(%d).Title = %q lacks its number", seq, s.Title)
		}
		seenTypes[s.SubjectType] = true
	}
	if len(seenTypes) != len(SubjectTypes) {
		t.Errorf("2000 samples used subject types %v, want all %d", seenTypes, len(SubjectTypes))
	}
	if SampleRecord(1) == SampleRecord(2) {
		t.Error("consecutive samples are identical")
	}
}

func TestSampleFilter_PagesOneToFive(t *testing.T) {
	pages := map[int]int{}
	for seq := range int64(1000) {
		f := SampleFilter(seq)
		pages[f.Page]++
		if f.PerPage != 20 || f.Page < 1 || f.Page > 5 {
			t.Fatalf("SampleFilter(%d) = %+v", seq, f)
		}
	}
	if len(pages) != 5 {
		t.Errorf("pages drawn %v, want 1..5", pages)
	}
}

func TestPocketBaseAPI_QuotesFilterValues(t *testing.T) {
	op := PocketBaseAPI{Collection: "legality_review"}.List(Principal{Token: "t", Unit: "u1"},
		ListFilter{SubjectType: "合同", Department: `a'b\c`, Page: 2, PerPage: 20})
	want := `subject_type = '合同' && department = 'a\'b\\c'`
	if got := mustQuery(t, op.Path).Get("filter"); got != want {
		t.Errorf("filter = %s, want %s", got, want)
	}
	if q := mustQuery(t, op.Path); q.Get("sort") != "-updated" || q.Get("page") != "2" || q.Get("perPage") != "20" {
		t.Errorf("query %v", q)
	}
}

func mustQuery(t *testing.T, path string) url.Values {
	t.Helper()
	_, raw, _ := strings.Cut(path, "?")
	req := httptest.NewRequest("GET", "/?"+raw, nil)
	return req.URL.Query()
}

func TestCheckPage(t *testing.T) {
	items := func(n int) string { return "[" + strings.TrimSuffix(strings.Repeat("{},", n), ",") + "]" }
	tests := []struct {
		body       string
		page, per  int
		wantErrHas string
	}{
		{`{"items":` + items(20) + `,"total":55}`, 1, 20, ""},
		{`{"items":` + items(15) + `,"total":55}`, 3, 20, ""},
		{`{"items":[],"total":55}`, 4, 20, ""},
		{`{"items":[],"total":0}`, 1, 20, ""},
		{`{"items":` + items(3) + `,"total":55}`, 1, 20, "has 3 items"},
		{`{"items":` + items(20) + `}`, 1, 20, "no \"total\""},
		{`{"total":3}`, 1, 20, "no \"items\""},
		{`<html>`, 1, 20, "not a JSON object"},
	}
	for _, tt := range tests {
		err := checkPage("items", "total", tt.page, tt.per)([]byte(tt.body))
		if tt.wantErrHas == "" && err != nil || tt.wantErrHas != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErrHas)) {
			t.Errorf("checkPage(%s, page %d) = %v, want %q", tt.body, tt.page, err, tt.wantErrHas)
		}
	}
}

func TestPeakRSS_OfThisProcess(t *testing.T) {
	// The current size first: the peak read after it can only be as large
	// (read the other way round, memory the runtime takes in between made
	// the current size exceed the peak read before it).
	cur, err := RSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	peak, err := PeakRSS(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	if cur <= 0 || peak < cur {
		t.Fatalf("peak %d, current %d: want 0 < current ≤ peak", peak, cur)
	}
	if err := ResetPeakRSS(os.Getpid()); err != nil {
		t.Fatal(err)
	}
	if _, err := PeakRSS(1 << 30); err == nil {
		t.Error("PeakRSS of a process that does not exist gave no error")
	}
}

// TestPocketBaseSetup_LiveServer runs the setup and a small workload against
// a PocketBase the caller started (see docs/benchmarks.md); it needs
// FAZHI_PB_URL and FAZHI_PB_SUPERUSER=email:password.
func TestPocketBaseSetup_LiveServer(t *testing.T) {
	pbURL, su := os.Getenv("FAZHI_PB_URL"), os.Getenv("FAZHI_PB_SUPERUSER")
	if pbURL == "" || su == "" {
		t.Skip("no PocketBase to test against: set FAZHI_PB_URL and FAZHI_PB_SUPERUSER=email:password (docs/benchmarks.md)")
	}
	email, pass, _ := strings.Cut(su, ":")
	for _, scope := range []string{"unit", "owner"} {
		t.Run(scope, func(t *testing.T) {
			who, err := PocketBaseSetup{BaseURL: pbURL, Email: email, Password: pass, Collection: "bench_test_review",
				Units: 2, Scope: scope}.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			res, err := LedgerBench{BaseURL: pbURL, API: PocketBaseAPI{Collection: "bench_test_review"}, Principals: who,
				Clients: 4, Records: 200, CreateDuration: 30 * time.Second, ListDuration: 300 * time.Millisecond}.Run(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if res.Records != 200 || res.List.OK == 0 || res.List.Failed != 0 {
				t.Fatalf("created %d, lists %s (%s)", res.Records, res.List, res.List.FirstErr)
			}
			// The rule confines each user: the two users' totals add up
			// to what was created, and neither sees it all.
			sum := 0
			for _, p := range who {
				op := PocketBaseAPI{Collection: "bench_test_review"}.List(p, ListFilter{Page: 1, PerPage: 1})
				op.Path = "/api/collections/bench_test_review/records?perPage=1"
				total := pbTotal(t, pbURL, op)
				if total == 0 || total == 200 {
					t.Errorf("user of %s sees %d of 200 records", p.Unit, total)
				}
				sum += total
			}
			if sum != 200 {
				t.Errorf("users see %d records together, want 200", sum)
			}
		})
	}
}

func pbTotal(t *testing.T, base string, op Op) int {
	t.Helper()
	req, _ := http.NewRequest(op.Method, base+op.Path, nil)
	req.Header = op.Header
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct{ TotalItems int }
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		t.Fatal(err)
	}
	return page.TotalItems
}
