package web

import (
	"fazhi/internal/sharedtest"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestCheckPage_MarksFindingsInPlace: a report with a numbering skip and
// 截止 for 截至 comes back with what was detected, the missing part, and
// each defect marked on its own line, linked to its entry in the list.
func TestCheckPage_MarksFindingsInPlace(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")

	resp, body := c.get("/check")
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, `enctype="multipart/form-data"`, `name="file" multiple`, "与本单位往年报告及本次所有报告比对", `href="/check" class="active">报告审校`)

	loc := c.checkSubmit([]checkFile{{"甲镇2023年报告.txt", []byte(checkSampleReport)}}, nil)
	if !regexp.MustCompile(`^/check/[\w-]+/1$`).MatchString(loc) {
		t.Fatalf("a single report redirects to its own page, got %q", loc)
	}
	resp, body = c.get(loc)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "单位：<b>甲镇</b>", "年度：<b>2023</b>", "层级：<b>乡镇</b>",
		"错误 1", "警告 1", "提示 1")

	// The outline against the five parts: 1–4 present with their line, 5 missing.
	parts := regexp.MustCompile(`(?s)<ol class="check-parts">(.*?)</ol>`).FindStringSubmatch(body)
	if parts == nil {
		t.Fatal("no parts list")
	}
	for _, want := range []string{`主要举措和成效</span>
    <a href="#l3">有，第 3 行</a>`, `下一年度主要安排</span>
    <a href="#l9">有，第 9 行</a>`, `<li class="missing-info">
    <span class="part-name">其他需要报告的情况</span>`} {
		if !strings.Contains(parts[1], want) {
			t.Errorf("parts lack %q:\n%s", want, parts[1])
		}
	}

	lines := checkLines(body)
	if len(lines) != 10 {
		t.Fatalf("%d lines shown, want the report's 10", len(lines))
	}
	tests := []struct {
		line, text, severity, rule, hover string
	}{
		{"4", "截止", "warning", "易混淆词", "截至"},
		{"9", "五、", "error", "序号跳号", "缺少“四、”"},
	}
	for _, tt := range tests {
		marks := checkMarks(lines[tt.line])
		if len(marks) != 1 {
			t.Errorf("line %s: %d marks, want 1: %s", tt.line, len(marks), lines[tt.line])
			continue
		}
		m := marks[0]
		if m.text != tt.text || m.severity != tt.severity || !strings.Contains(m.title, tt.hover) {
			t.Errorf("line %s: mark %+v, want %q (%s) with %q on hover", tt.line, m, tt.text, tt.severity, tt.hover)
		}
		item := checkItem(body, m.target)
		if !strings.Contains(item, "<b>"+tt.rule+"</b>") || !strings.Contains(item, `<a href="#m`+m.target+`">第 `+tt.line+` 行</a>`) {
			t.Errorf("line %s: the mark links to f%s, which is not the %s finding of that line: %s", tt.line, m.target, tt.rule, item)
		}
		if !strings.Contains(lines[tt.line], `<span id="m`+m.target+`"></span>`) {
			t.Errorf("line %s: no anchor for the list to link back to", tt.line)
		}
	}
	for _, clean := range []string{"1", "2", "6", "10"} {
		if strings.Contains(lines[clean], "<mark") {
			t.Errorf("line %s has no defect but is marked: %s", clean, lines[clean])
		}
	}
	// The missing part is about the whole report: listed, not marked.
	wantBody(t, body, "<span class=\"muted\">全文</span>", "缺少第5部分")

	// Figures with their line and sentence.
	wantBody(t, body, "<td>行政复议案件数</td>", `<td class="num">3</td><td>件</td><td><a href="#l4">4</a></td>`)
}

// TestCheckPage_Filter: filtering by rule or severity shows only those
// findings, marked and listed; htmx gets only the fragment, and a value
// that names nothing present shows everything.
func TestCheckPage_Filter(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	loc := c.checkSubmit([]checkFile{{"甲镇.txt", []byte(checkSampleReport)}}, nil)

	tests := []struct {
		query      string
		marked     []string // line → marked text
		unmarked   []string
		shown      string
		rulePreset string
	}{
		{"", []string{"4:截止", "9:五、"}, nil, "显示 3 / 3", ""},
		{"?rule=numbering.skip", []string{"9:五、"}, []string{"4"}, "显示 1 / 3", "numbering.skip"},
		{"?severity=warning", []string{"4:截止"}, []string{"9"}, "显示 1 / 3", ""},
		{"?rule=word.confusable&severity=error", nil, []string{"4", "9"}, "显示 0 / 3", "word.confusable"},
		{"?rule=no.such&severity=bogus", []string{"4:截止", "9:五、"}, nil, "显示 3 / 3", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			for _, htmx := range []bool{false, true} {
				var hdr []string
				if htmx {
					hdr = []string{"HX-Request", "true"}
				}
				resp, body := c.get(loc+tt.query, hdr...)
				wantStatus(t, resp, body, http.StatusOK)
				if htmx && (!strings.HasPrefix(body, `<div id="findings"`) || strings.Contains(body, "<html")) {
					t.Fatalf("htmx gets more than the findings fragment: %.200s", body)
				}
				if !htmx && tt.rulePreset != "" && !strings.Contains(body, `<option value="`+tt.rulePreset+`" selected>`) {
					t.Errorf("the filter form does not show rule %s selected", tt.rulePreset)
				}
				wantBody(t, body, tt.shown)
				lines := checkLines(body)
				for _, lm := range tt.marked {
					no, text, _ := strings.Cut(lm, ":")
					marks := checkMarks(lines[no])
					if len(marks) != 1 || marks[0].text != text {
						t.Errorf("htmx=%v: line %s marks %+v, want %q", htmx, no, marks, text)
					}
				}
				for _, no := range tt.unmarked {
					if strings.Contains(lines[no], "<mark") {
						t.Errorf("htmx=%v: line %s is marked though filtered out", htmx, no)
					}
				}
			}
		})
	}
}

// TestCheckPage_SeveralReportsAndCorpus: several uploads plus pasted text
// give a summary row each; in corpus mode a passage two reports share is
// reported on both with the other's place.
func TestCheckPage_SeveralReportsAndCorpus(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	shared := "全镇共排查矛盾纠纷一百二十件，化解一百一十八件，化解率达到百分之九十八以上，切实把矛盾纠纷化解在基层、消除在萌芽状态。"
	mine := strings.Replace(checkSampleReport, "全部依法办结。", "全部依法办结。\n"+shared+"镇司法所组织开展了专项调解行动。", 1)
	other := strings.Replace(checkOtherReport, "评查案卷四十六卷。", "评查案卷四十六卷。\n"+shared, 1)
	loc := c.checkSubmit([]checkFile{{"甲镇.txt", []byte(mine)}, {"空.txt", nil}},
		map[string]string{"text": other, "corpus": "1", "year": "2023"})
	resp, body := c.get(loc)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, `<a href="`+loc+`/1">甲镇.txt</a>`, `<a href="`+loc+`/3">粘贴的文本.txt</a>`, "已相互比对雷同段落",
		"以下 1 个文件未能审校", "空.txt：文件为空")

	_, body = c.get(loc + "/1")
	wantBody(t, body, "雷同段落（1 处）", "粘贴的文本.txt 第4行")
	_, body = c.get(loc + "/3?rule=copy.similar")
	wantBody(t, body, "雷同段落（1 处）", "甲镇.txt 第5行", "显示 1 / ")
	if marks := checkMarks(checkLines(body)["4"]); len(marks) != 1 || !strings.Contains(marks[0].text, "化解率") {
		t.Errorf("the shared passage is not marked on line 4: %+v", marks)
	}
	// Without corpus mode nothing is compared.
	loc = c.checkSubmit([]checkFile{{"甲镇.txt", []byte(mine)}, {"乙镇.txt", []byte(other)}}, nil)
	_, body = c.get(loc + "/1")
	wantBody(t, body, "雷同段落（0 处）")
}

// TestCheckPage_BadInput: every bad upload gets the form back with a
// Chinese message naming the problem, never a 500.
func TestCheckPage_BadInput(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	binary := make([]byte, 4096)
	for i := range binary {
		binary[i] = byte(i * 7)
	}
	tests := []struct {
		name   string
		files  []checkFile
		fields map[string]string
		status int
		want   string
	}{
		{"nothing", nil, nil, http.StatusBadRequest, "没有收到报告"},
		{"blank paste", nil, map[string]string{"text": " \n\t "}, http.StatusBadRequest, "没有收到报告"},
		{"empty file", []checkFile{{"空.txt", nil}}, nil, http.StatusUnprocessableEntity, "空.txt：文件为空"},
		{"binary", []checkFile{{"乱码.txt", binary}}, nil, http.StatusUnprocessableEntity, "乱码.txt："},
		{"malformed docx", []checkFile{{"坏.docx", []byte("PK\x03\x04 truncated")}}, nil, http.StatusUnprocessableEntity, "坏.docx："},
		{"docx that is text", []checkFile{{"假.docx", []byte(checkSampleReport)}}, nil, http.StatusUnprocessableEntity, "假.docx："},
		{"wrong type", []checkFile{{"表.xlsx", []byte("x")}}, nil, http.StatusUnprocessableEntity, "不支持“.xlsx”文件"},
		{"bad year", []checkFile{{"甲.txt", []byte(checkSampleReport)}}, map[string]string{"year": "23"}, http.StatusBadRequest, "报告年度应为四位年份"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp, body := c.checkUpload(tt.files, tt.fields)
			wantStatus(t, resp, body, tt.status)
			wantBody(t, body, tt.want, `<form class="panel check-form"`)
		})
	}
	// The values typed are kept.
	_, body := c.checkUpload(nil, map[string]string{"year": "二〇二三", "text": "甲镇报告<b>", "corpus": "1"})
	wantBody(t, body, `value="二〇二三"`, "甲镇报告&lt;b&gt;</textarea>", `value="1" checked`)

	// A report with no headings is checked: every part is missing.
	loc := c.checkSubmit(nil, map[string]string{"text": "今年我镇法治建设取得一定成效。"})
	_, body = c.get(loc)
	wantBody(t, body, "未识别到带序号的标题", `<li class="missing">`, "year.relative")
}

// TestCheckPage_TooLarge: a 50 MB upload gets the size message (413), not
// a 500, and the server stays up.
func TestCheckPage_TooLarge(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	big := []byte(strings.Repeat("法治政府建设年度报告。\n", 50<<20/34))
	// As htmx or a script sends it: the CSRF token in the header, so the
	// handler is the first to read the body.
	resp, body := c.checkUpload([]checkFile{{"大.txt", big}}, nil, csrfHeader, c.csrf)
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	wantBody(t, body, "上传的文件过大", "20 MB")
	resp, body = c.get("/check")
	wantStatus(t, resp, body, http.StatusOK)

	// Just over the per-file limit but within the request: refused by name.
	e2 := caseEnv(t, func(cfg *Config) { cfg.MaxUpload = 1 << 20 })
	c2 := e2.loggedIn("clerkA")
	resp, body = c2.checkUpload([]checkFile{{"略大.txt", []byte(strings.Repeat("报", 1<<20/3+10))}}, nil)
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantBody(t, body, "略大.txt：文件过大", "不得超过 1 MB")
}

// TestCheckPage_ResultsBelongToTheSession: results are the session's own,
// gone for another user and after 30 minutes, with a message saying so.
func TestCheckPage_ResultsBelongToTheSession(t *testing.T) {
	e := caseEnv(t)
	a := e.loggedIn("clerkA")
	loc := a.checkSubmit([]checkFile{{"甲镇.txt", []byte(checkSampleReport)}}, nil)
	for _, path := range []string{loc, loc + "/findings.xlsx", loc + "/annotated.docx", strings.TrimSuffix(loc, "/1")} {
		resp, body := e.loggedIn("clerkB").get(path)
		wantStatus(t, resp, body, http.StatusNotFound)
		wantBody(t, body, "审校结果已过期或不存在")
	}
	for _, bad := range []string{loc[:len(loc)-1] + "2", loc[:len(loc)-1] + "x", "/check/nosuchid/1"} {
		resp, body := a.get(bad)
		wantStatus(t, resp, body, http.StatusNotFound)
	}
	resp, body := a.get(loc)
	wantStatus(t, resp, body, http.StatusOK)

	e.clock.Add(29 * time.Minute) // the session stays alive; the result expires
	a.get("/")
	e.clock.Add(2 * time.Minute)
	resp, body = a.get(loc)
	wantStatus(t, resp, body, http.StatusNotFound)
	wantBody(t, body, "请重新上传报告")

	// Logged out: the login page.
	resp, _ = e.client().get(loc)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/login") {
		t.Errorf("anonymous GET %s: %d %s, want the login page", loc, resp.StatusCode, resp.Header.Get("Location"))
	}
}

// TestCheckPage_Seeds reads ../shared/seeds: the five real reports,
// uploaded together in corpus mode, each show their unit, their year,
// figures, and marked findings.
func TestCheckPage_Seeds(t *testing.T) {
	dir := sharedtest.Path(t, "seeds")
	names, _ := filepath.Glob(filepath.Join(dir, "*.txt"))
	if len(names) < 5 {
		t.Skipf("reads ../shared/seeds: %d reports found in %s, want 5", len(names), dir)
	}
	var files []checkFile
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, checkFile{filepath.Base(n), b})
	}
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	loc := c.checkSubmit(files, map[string]string{"corpus": "1"})
	resp, body := c.get(loc)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, fmt.Sprintf("共 %d 份报告审校完成", len(files)))
	if strings.Contains(body, "未能审校") {
		t.Errorf("a seed could not be checked: %s", body)
	}
	figures := regexp.MustCompile(`报告中的数字（(\d+) 项）`)
	for i, f := range files {
		_, body := c.get(fmt.Sprintf("%s/%d", loc, i+1))
		if strings.Contains(body, "单位：<b>未识别</b>") || strings.Contains(body, "年度：<b>未识别</b>") {
			t.Errorf("%s: unit or year not detected", f.name)
		}
		if m := figures.FindStringSubmatch(body); m == nil || m[1] == "0" {
			t.Errorf("%s: no figures extracted", f.name)
		}
		if !strings.Contains(body, "<mark class=") {
			t.Errorf("%s: no finding marked in the text", f.name)
		}
	}
}

// TestCheckPage_LongUpload: a pathological upload shows the first 5000
// lines and says how many are left out and where to find them all.
func TestCheckPage_LongUpload(t *testing.T) {
	e := caseEnv(t)
	c := e.loggedIn("clerkA")
	var b strings.Builder
	for i := range 6000 {
		fmt.Fprintf(&b, "第%d段：截止年底全镇共办理行政复议案件%d件。\n", i+1, i%7)
	}
	loc := c.checkSubmit([]checkFile{{"长.txt", []byte(b.String())}}, nil)
	resp, body := c.get(loc)
	wantStatus(t, resp, body, http.StatusOK)
	wantBody(t, body, "另有 1000 行未显示")
	if n := len(checkLines(body)); n != 5000 {
		t.Errorf("%d lines shown, want 5000", n)
	}
	// Each line has a 截止 finding: 6000 and more, of which 3000 are listed.
	if n := strings.Count(body, `<li id="f`); n != 3000 {
		t.Errorf("%d findings listed, want 3000", n)
	}
	if m := regexp.MustCompile(`另有 (\d+) 处问题未列出`).FindStringSubmatch(body); m == nil || len(m[1]) < 4 || m[1][0] < '3' {
		t.Errorf("the page does not say that over 3000 findings are not listed: %v", m)
	}
}
