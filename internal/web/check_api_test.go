package web

import (
	"bytes"
	"encoding/json"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkMultipart builds a multipart body of files and fields.
func checkMultipart(files []checkFile, fields map[string]string) (*bytes.Buffer, string) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for _, f := range files {
		fw, _ := mw.CreateFormFile("file", f.name)
		fw.Write(f.data)
	}
	mw.Close()
	return &buf, mw.FormDataContentType()
}

func (c *apiClient) checkFiles(files []checkFile, fields map[string]string) (int, []byte) {
	c.e.t.Helper()
	body, ctype := checkMultipart(files, fields)
	req, _ := http.NewRequest("POST", c.e.ts.URL+"/api/v1/check", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+c.token)
	return c.send(req)
}

func keysOf(m map[string]any) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// TestAPICheck_JSONShape: a JSON request answers the array of `fazhi check
// --format json` — one object per file with exactly the issue's keys, the
// findings at their line and column — and matches openapi.json.
func TestAPICheck_JSONShape(t *testing.T) {
	e := apiEnv(t)
	c := e.api("clerkA")
	status, b := c.call("POST", "/api/v1/check", map[string]any{
		"files": []map[string]string{{"name": "甲镇.txt", "text": checkSampleReport}, {"name": "乙镇", "text": checkOtherReport}, {"text": ""}},
	})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, b)
	}
	var got []map[string]any
	if err := json.Unmarshal(b, &got); err != nil || len(got) != 3 {
		t.Fatalf("want an array of 3 objects: %v %s", err, b)
	}
	want := []string{"figures", "file", "findings", "level", "outline", "parts", "unit", "year"}
	for i, obj := range got[:2] {
		if ks := keysOf(obj); !slices.Equal(ks, want) {
			t.Errorf("object %d has keys %v, want %v", i, ks, want)
		}
	}
	nested := map[string][]string{
		"outline":  {"level", "line", "number", "title"},
		"parts":    {"found", "line", "part"},
		"findings": {"column", "excerpt", "line", "message", "rule", "severity", "suggestion"},
		"figures":  {"excerpt", "indicator", "label", "line", "unit", "value"},
	}
	for field, keys := range nested {
		items, _ := got[0][field].([]any)
		if len(items) == 0 {
			t.Errorf("%s is empty for the sample report", field)
			continue
		}
		for _, it := range items {
			if ks := keysOf(it.(map[string]any)); !slices.Equal(ks, keys) {
				t.Errorf("%s item has keys %v, want %v", field, ks, keys)
			}
		}
	}
	if got[0]["file"] != "甲镇.txt" || got[0]["unit"] != "甲镇" || got[0]["year"] != 2023.0 || got[0]["level"] != "乡镇" {
		t.Errorf("detected %v %v %v %v", got[0]["file"], got[0]["unit"], got[0]["year"], got[0]["level"])
	}
	if got[1]["file"] != "乙镇" || got[1]["unit"] != "乙镇" {
		t.Errorf("a name without .txt is kept as given: %v, unit %v", got[1]["file"], got[1]["unit"])
	}
	var findings []string
	for _, f := range got[0]["findings"].([]any) {
		m := f.(map[string]any)
		findings = append(findings, m["rule"].(string)+"@"+jsonNum(m["line"])+":"+jsonNum(m["column"])+"="+m["excerpt"].(string))
	}
	for _, w := range []string{"word.confusable@4:1=截止", "numbering.skip@9:1=五、", "outline.missing-part@0:0="} {
		if !slices.Contains(findings, w) {
			t.Errorf("findings %v lack %s", findings, w)
		}
	}
	if ks := keysOf(got[2]); !slices.Equal(ks, []string{"error", "file"}) || got[2]["file"] != "第3份报告.txt" || !strings.Contains(got[2]["error"].(string), "文件为空") {
		t.Errorf("an empty text is reported in its place: %v", got[2])
	}

	var doc map[string]any
	json.Unmarshal(openAPIDoc, &doc)
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	var raw []any
	json.Unmarshal(b, &raw)
	matchSchema(t, schemas, "CheckResult", raw[0], map[string]any{"$ref": "#/components/schemas/CheckResult"})
	matchSchema(t, schemas, "CheckFileError", raw[2], map[string]any{"$ref": "#/components/schemas/CheckFileError"})
	req, _ := json.Marshal(apiCheckBody{Files: []apiCheckFile{{Name: "a", Text: "b"}}, Year: 2023, Corpus: true})
	var reqV any
	json.Unmarshal(req, &reqV)
	matchSchema(t, schemas, "CheckRequest", reqV, map[string]any{"$ref": "#/components/schemas/CheckRequest"})
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestAPICheck_Multipart: uploaded files are checked in order; a file that
// cannot be read is an {"file","error"} element and the rest are still
// checked; year and corpus work as form fields.
func TestAPICheck_Multipart(t *testing.T) {
	e := apiEnv(t)
	c := e.api("clerkA")
	shared := "全镇共排查矛盾纠纷一百二十件，化解一百一十八件，化解率达到百分之九十八以上，切实把矛盾纠纷化解在基层、消除在萌芽状态。"
	mine := strings.Replace(checkSampleReport, "全部依法办结。", "全部依法办结。\n"+shared, 1)
	other := strings.Replace(checkOtherReport, "评查案卷四十六卷。", "评查案卷四十六卷。\n"+shared, 1)
	status, b := c.checkFiles([]checkFile{
		{"甲镇.txt", []byte(mine)}, {"空.txt", nil}, {"坏.docx", []byte("PK\x03\x04broken")}, {"表.xlsx", []byte("x")}, {"乙镇.txt", []byte(other)},
	}, map[string]string{"year": "2023", "corpus": "true"})
	if status != http.StatusOK {
		t.Fatalf("status %d: %s", status, b)
	}
	var got []struct {
		File     string `json:"file"`
		Error    string `json:"error"`
		Year     int    `json:"year"`
		Findings []struct {
			Rule    string `json:"rule"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(b, &got); err != nil || len(got) != 5 {
		t.Fatalf("want 5 elements: %v %s", err, b)
	}
	wantErr := map[int]string{1: "空.txt：文件为空", 2: "坏.docx：", 3: "表.xlsx：不支持“.xlsx”文件"}
	for i, g := range got {
		if w, bad := wantErr[i]; bad {
			if !strings.Contains(g.Error, w) || g.Findings != nil {
				t.Errorf("element %d (%s): error %q, want %q and no result", i, g.File, g.Error, w)
			}
			continue
		}
		if g.Error != "" || g.Year != 2023 {
			t.Errorf("element %d (%s): error %q, year %d", i, g.File, g.Error, g.Year)
		}
		copied := false
		for _, f := range g.Findings {
			copied = copied || (f.Rule == "copy.similar" && strings.Contains(f.Message, map[int]string{0: "乙镇.txt", 4: "甲镇.txt"}[i]))
		}
		if !copied {
			t.Errorf("%s: corpus mode does not report the passage shared with the other report", g.File)
		}
	}

	// The year given overrides the detected one.
	status, b = c.checkFiles([]checkFile{{"甲镇.txt", []byte(checkSampleReport)}}, map[string]string{"year": "2024"})
	if status != http.StatusOK || !strings.Contains(string(b), `"year": 2024`) && !strings.Contains(string(b), `"year":2024`) {
		t.Errorf("year override: %d %s", status, b)
	}
}

// TestAPICheck_Refusals: what cannot be checked at all is a 4xx with a
// Chinese message naming the field; the endpoint needs a caller, and a
// cookie caller the CSRF header.
func TestAPICheck_Refusals(t *testing.T) {
	e := apiEnv(t)
	c := e.api("clerkA")
	tests := []struct {
		name   string
		body   any
		status int
		field  string
		want   string
	}{
		{"no files", `{"files":[]}`, 400, "files", "没有收到报告"},
		{"empty object", `{}`, 400, "files", "没有收到报告"},
		{"bad year", map[string]any{"files": []map[string]string{{"text": "x"}}, "year": 20}, 400, "year", "四位年份"},
		{"unknown field", `{"file":[]}`, 400, "file", "不认识的字段"},
		{"wrong type", `{"files":"x"}`, 400, "files", "应为数组"},
		{"not json", `files=1`, 400, "", "JSON"},
		{"too many", map[string]any{"files": make([]apiCheckFile, checkMaxFiles+1)}, 400, "files", "一次最多审校"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ae := c.apiErr("POST", "/api/v1/check", tt.body, tt.status)
			if !strings.Contains(ae.Message, tt.want) || (tt.field != "" && ae.Fields[tt.field] == "") {
				t.Errorf("error %+v, want %q about %q", ae, tt.want, tt.field)
			}
		})
	}
	t.Run("multipart without files", func(t *testing.T) {
		status, b := c.checkFiles(nil, map[string]string{"year": "2023"})
		if status != 400 || !strings.Contains(string(b), "没有收到文件") {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("50 MB", func(t *testing.T) {
		big := bytes.Repeat([]byte("法治政府建设年度报告。\n"), 50<<20/34)
		status, b := c.checkFiles([]checkFile{{"大.txt", big}}, nil)
		if status != http.StatusRequestEntityTooLarge || !strings.Contains(string(b), "上传的文件过大") {
			t.Errorf("%d %s", status, b)
		}
	})
	t.Run("anonymous", func(t *testing.T) {
		anon := &apiClient{e: e}
		anon.apiErr("POST", "/api/v1/check", `{"files":[{"text":"x"}]}`, http.StatusUnauthorized)
	})
	t.Run("cookie session needs the CSRF header", func(t *testing.T) {
		b := e.loggedIn("clerkA")
		send := func(withHeader bool) int {
			req, _ := http.NewRequest("POST", e.ts.URL+"/api/v1/check", strings.NewReader(`{"files":[{"name":"a.txt","text":"`+strings.ReplaceAll(checkSampleReport, "\n", `\n`)+`"}]}`))
			req.Header.Set("Content-Type", "application/json")
			if withHeader {
				req.Header.Set(csrfHeader, b.csrf)
			}
			resp, body := b.do(req)
			if resp.StatusCode >= 500 {
				t.Fatalf("%d %s", resp.StatusCode, body)
			}
			return resp.StatusCode
		}
		if got := send(false); got != http.StatusForbidden {
			t.Errorf("without X-CSRF-Token: %d, want 403", got)
		}
		if got := send(true); got != http.StatusOK {
			t.Errorf("with X-CSRF-Token: %d, want 200", got)
		}
	})
	t.Run("GET is 405", func(t *testing.T) {
		c.apiErr("GET", "/api/v1/check", nil, http.StatusMethodNotAllowed)
	})
}

// FuzzAPICheck posts arbitrary JSON bodies, and arbitrary files as
// multipart uploads, to POST /api/v1/check on a real server: never a 500;
// a 200 is one element per file, each a result or an error; anything else
// is a JSON error with a message.
func FuzzAPICheck(f *testing.F) {
	e := apiEnv(f)
	tok := e.api("clerkA").token
	sample, _ := json.Marshal(map[string]any{"files": []map[string]string{{"name": "甲.txt", "text": checkSampleReport}}, "corpus": true})
	for _, seed := range []struct {
		body, name string
		multi      bool
	}{
		{string(sample), "", false}, {`{}`, "", false}, {`null`, "", false}, {`[]`, "", false}, {``, "", false},
		{`{"files":[{"name":"","text":""}]}`, "", false}, {`{"files":[{"name":"../../etc/passwd","text":"一、\u0000"}],"year":-1}`, "", false},
		{`{"files":[{"text":"\ud800"}],"year":1e400}`, "", false}, {`{"files":[{}],"corpus":"yes"}`, "", false},
		{`{"files":[{"name":"a.docx","text":"PK\u0003\u0004"}]}`, "", false}, {"\xff\xfe{", "", false},
		{checkSampleReport, "甲镇.txt", true}, {"", "空.txt", true}, {"PK\x03\x04\x14\x00broken", "坏.docx", true},
		{"%PDF-1.4\n%garbage", "坏.pdf", true}, {"\x00\x01\x02\xff", "bin.txt", true}, {"x", "", true},
		{"一、\n（一）\n1.\n（1）\n三、", "x.wps.txt", true}, {string([]byte{0xb7, 0xa8, 0xd6, 0xce}), "gb.txt", true},
	} {
		f.Add(seed.body, seed.name, seed.multi)
	}
	f.Fuzz(func(t *testing.T, body, name string, multi bool) {
		var req *http.Request
		if multi {
			if strings.ContainsAny(strings.ToLower(name), "\r\n") || strings.HasSuffix(strings.ToLower(name), ".doc") || strings.HasSuffix(strings.ToLower(name), ".wps") {
				name = "x.txt" // LibreOffice conversions take seconds; they have their own tests
			}
			data := body
			if strings.HasPrefix(data, "\xD0\xCF\x11\xE0") {
				data = data[4:]
			}
			buf, ctype := checkMultipart([]checkFile{{name, []byte(data)}}, map[string]string{"year": name, "corpus": body})
			req, _ = http.NewRequest("POST", e.ts.URL+"/api/v1/check", buf)
			req.Header.Set("Content-Type", ctype)
		} else {
			req, _ = http.NewRequest("POST", e.ts.URL+"/api/v1/check", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
		}
		req.Header.Set("Authorization", "Bearer "+tok)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		switch {
		case resp.StatusCode >= 500:
			t.Fatalf("multi=%v name %q body %q: status %d: %s", multi, name, body, resp.StatusCode, b)
		case resp.StatusCode == http.StatusOK:
			var items []map[string]any
			if err := json.Unmarshal(b, &items); err != nil || len(items) == 0 {
				t.Fatalf("200 without an array of results: %v %s", err, b)
			}
			for _, it := range items {
				_, hasErr := it["error"]
				_, hasFindings := it["findings"]
				if _, ok := it["file"]; !ok || hasErr == hasFindings {
					t.Fatalf("element is neither a result nor an error: %v", it)
				}
			}
		default:
			var ae apiError
			if err := json.Unmarshal(b, &ae); err != nil || ae.Message == "" || !utf8.ValidString(ae.Message) {
				t.Fatalf("status %d without a JSON error: %s", resp.StatusCode, b)
			}
		}
	})
}

// TestAPICheck_EveryRole: checking a report reads no stored data, so every
// role of every unit may do it, and the answer does not depend on who asks.
func TestAPICheck_EveryRole(t *testing.T) {
	e := apiEnv(t)
	var first []byte
	for _, user := range append(matrixUsers, "clerkB", "admin") {
		status, b := e.api(user).call("POST", "/api/v1/check", map[string]any{"files": []apiCheckFile{{Name: "甲镇.txt", Text: checkSampleReport}}})
		if status != http.StatusOK {
			t.Errorf("%s: status %d: %s", user, status, b)
			continue
		}
		if first == nil {
			first = b
		} else if !bytes.Equal(b, first) {
			t.Errorf("%s gets a different result", user)
		}
	}
}

// TestAPICheck_JSONCorpus: JSON text is read as text whatever its name
// ends with, and copy.similar names the other report as the caller did.
func TestAPICheck_JSONCorpus(t *testing.T) {
	e := apiEnv(t)
	shared := "全镇共排查矛盾纠纷一百二十件，化解一百一十八件，化解率达到百分之九十八以上，切实把矛盾纠纷化解在基层、消除在萌芽状态。"
	var got []struct {
		File     string `json:"file"`
		Error    string `json:"error"`
		Findings []struct {
			Rule    string `json:"rule"`
			Message string `json:"message"`
		} `json:"findings"`
	}
	e.api("reviewerA").must("POST", "/api/v1/check", apiCheckBody{Corpus: true, Files: []apiCheckFile{
		{Name: "甲镇.docx", Text: strings.Replace(checkSampleReport, "全部依法办结。", "全部依法办结。\n"+shared, 1)},
		{Name: "乙镇", Text: strings.Replace(checkOtherReport, "评查案卷四十六卷。", "评查案卷四十六卷。\n"+shared, 1)},
	}}, http.StatusOK, &got)
	if len(got) != 2 {
		t.Fatalf("%d elements", len(got))
	}
	for i, other := range []string{"乙镇 第4行", "甲镇.docx 第5行"} {
		if got[i].Error != "" {
			t.Fatalf("%s: %s", got[i].File, got[i].Error)
		}
		var msgs []string
		for _, f := range got[i].Findings {
			if f.Rule == "copy.similar" {
				msgs = append(msgs, f.Message)
			}
		}
		if len(msgs) != 1 || !strings.Contains(msgs[0], other) {
			t.Errorf("%s: copy findings %q, want one naming %q", got[i].File, msgs, other)
		}
	}
}
