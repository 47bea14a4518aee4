package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
)

type sheetJSON struct {
	Unit struct {
		ID   int64  `json:"id"`
		Name string `json:"name"`
	} `json:"unit"`
	Year       int    `json:"year"`
	HasData    bool   `json:"has_data"`
	Message    string `json:"message"`
	Indicators []struct {
		ID          string   `json:"id"`
		Name        string   `json:"name"`
		Unit        string   `json:"unit"`
		Value       float64  `json:"value"`
		Numerator   *float64 `json:"numerator"`
		Denominator *float64 `json:"denominator"`
		Measured    bool     `json:"measured"`
	} `json:"indicators"`
}

// The county's indicators on the demo data from the command line, as JSON,
// CSV and Excel; a year without records says so; the API answers the same
// JSON; and every value's drill-down lists as many records as it counts.
func TestCLI_IndicatorsMatchAPIAndDrillDown(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	if code, out := fazhi(t, "demo", "--data", data); code != 0 {
		t.Fatalf("demo: %d %s", code, out)
	}
	year := strconv.Itoa(calendar.FromTime(time.Now().In(calendar.China)).Year)
	var out, errb bytes.Buffer
	if code := run([]string{"indicators", "--data", data, "--unit", "青山县", "--year", year}, &out, &errb); code != 0 {
		t.Fatalf("indicators: %d %s", code, errb.String())
	}
	cliJSON := bytes.Clone(out.Bytes())
	var sheet sheetJSON
	if err := json.Unmarshal(cliJSON, &sheet); err != nil {
		t.Fatalf("CLI output is not JSON: %v\n%s", err, cliJSON)
	}
	if !sheet.HasData || sheet.Unit.Name != "青山县" || len(sheet.Indicators) != len(indicator.All()) {
		t.Fatalf("county sheet: has_data %v, unit %q, %d indicators (catalogue %d)", sheet.HasData, sheet.Unit.Name, len(sheet.Indicators), len(indicator.All()))
	}
	var received float64
	for _, v := range sheet.Indicators {
		if v.ID == "legality_review.received" {
			received = v.Value
		}
		if v.Unit == "%" && v.Measured && (v.Numerator == nil || v.Denominator == nil) {
			t.Errorf("%s: a rate without numerator and denominator", v.ID)
		}
	}
	if received == 0 {
		t.Error("the demo county received no legality reviews this year")
	}

	if code, o := fazhi(t, "indicators", "--data", data, "--unit", "青山县", "--year", year, "--format", "csv"); code != 0 ||
		!strings.HasPrefix(o, "\uFEFF编号,名称,单位,数值,分子,分母") || !strings.Contains(o, "legality_review.received,受理合法性审查件数,件,"+indicator.Format(received)+",") {
		t.Errorf("csv: %d %.300s", code, o)
	}
	out.Reset()
	if code := run([]string{"indicators", "--data", data, "--unit", "青山县", "--year", year, "--format", "xlsx"}, &out, io.Discard); code != 0 || !bytes.HasPrefix(out.Bytes(), []byte("PK")) {
		t.Errorf("xlsx: %d, %d bytes", code, out.Len())
	}
	code, o := fazhi(t, "indicators", "--data", data, "--unit", "云溪镇", "--year", "2001")
	var empty sheetJSON
	json.NewDecoder(strings.NewReader(o)).Decode(&empty)
	if code != 0 || empty.HasData || !strings.Contains(empty.Message, "云溪镇2001年度没有台账记录") || len(empty.Indicators) != len(sheet.Indicators) {
		t.Errorf("a year without records: %d has_data %v message %q, %d indicators", code, empty.HasData, empty.Message, len(empty.Indicators))
	}
	for _, v := range empty.Indicators {
		if v.Value != 0 {
			t.Errorf("2001 %s = %v", v.ID, v.Value)
		}
	}
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"indicators", "--data", data}, 2, "--unit"},
		{[]string{"indicators", "--data", data, "--unit", "无此镇"}, 1, "无此镇"},
		{[]string{"indicators", "--data", data, "--unit", "青山县", "--format", "pdf"}, 2, "--format 应为"},
		{[]string{"indicators", "--data", data, "--unit", "青山县", "--year", "99"}, 2, "--year 应为"},
	} {
		if code, o := fazhi(t, c.args...); code != c.code || !strings.Contains(o, c.want) {
			t.Errorf("fazhi %v: %d %s; want %d and %q", c.args[3:], code, o, c.code, c.want)
		}
	}

	// The API, as the county inspector.
	tok, err := func() (string, error) {
		var b bytes.Buffer
		if code := run([]string{"user", "token", "--data", data, "inspector"}, &b, io.Discard); code != 0 {
			t.Fatalf("token: %d", code)
		}
		return strings.TrimSpace(b.String()), nil
	}()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	a, err := openApp(ctx, &config{Data: data}, os.Stderr, false)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- serve(ctx, a, ln, nil, &bytes.Buffer{}) }()
	defer func() { cancel(); <-done; a.Close() }()
	base := "http://" + ln.Addr().String()
	waitHTTP(t, base+"/login")
	get := func(path string, v any) int {
		t.Helper()
		req, _ := http.NewRequest("GET", base+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if v != nil && resp.StatusCode == 200 {
			if err := json.Unmarshal(b, v); err != nil {
				t.Fatalf("%s: %v", path, err)
			}
		}
		return resp.StatusCode
	}
	var api, cli any
	json.Unmarshal(cliJSON, &cli)
	if code := get("/api/v1/indicators?unit="+url.QueryEscape("青山县")+"&year="+year, &api); code != 200 || !reflect.DeepEqual(api, cli) {
		t.Errorf("API %d differs from the CLI:\nAPI %v\nCLI %v", code, api, cli)
	}
	for _, v := range sheet.Indicators {
		if !v.Measured {
			continue
		}
		parts := map[string]float64{"": v.Value}
		if v.Numerator != nil {
			parts = map[string]float64{"numerator": *v.Numerator, "denominator": *v.Denominator}
		}
		for part, want := range parts {
			var d struct {
				Count   int `json:"count"`
				Records []struct {
					Amount *float64 `json:"amount"`
				} `json:"records"`
			}
			if code := get("/api/v1/indicators/"+v.ID+"/records?unit="+strconv.FormatInt(sheet.Unit.ID, 10)+"&year="+year+"&part="+part, &d); code != 200 {
				t.Fatalf("%s drill-down: %d", v.ID, code)
			}
			got := float64(d.Count)
			if v.Unit == "人" { // distinct persons: a person may have several records
				if got < want {
					t.Errorf("%s: %d records for %v persons", v.ID, d.Count, want)
				}
				continue
			}
			if len(d.Records) > 0 && d.Records[0].Amount != nil { // a sum: the records' parts add up to it
				got = 0
				for _, r := range d.Records {
					got += *r.Amount
				}
				got = math.Round(got*100) / 100
			}
			if got != want || len(d.Records) != d.Count {
				t.Errorf("%s %s: drill-down %v (%d listed of %d), value %v", v.ID, part, got, len(d.Records), d.Count, want)
			}
		}
	}
}
