package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

const cleanReport = `某镇2022年法治政府建设工作报告
一、2022年度推进法治政府建设的主要举措和成效
2022年，我镇共开展普法宣传活动12场次，发放宣传资料3000份。
二、存在的不足和原因
干部法治意识有待提高。
三、党政主要负责人履行推进法治建设第一责任人职责情况
镇党委书记带头学法。
四、2023年度推进法治政府建设的主要安排
继续加强学习。
五、其他需要报告的情况
无。
`

// An error-level defect: the level-1 numbering skips 三、.
var brokenReport = strings.Replace(cleanReport, "三、党政", "四、党政", 1)

func writeFile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func runCheck(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := cmdCheck(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestCmdCheck_ExitStatus(t *testing.T) {
	dir := t.TempDir()
	clean := writeFile(t, dir, "clean.txt", cleanReport)
	broken := writeFile(t, dir, "broken.txt", brokenReport)
	empty := writeFile(t, dir, "empty.txt", "")
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		inStdout string
		inStderr string
	}{
		{"clean report", []string{clean}, 0, "单位：某镇", ""},
		{"error finding", []string{broken}, 1, "broken.txt:6:1: 错误 [numbering.skip]", ""},
		{"unreadable file is named", []string{clean, filepath.Join(dir, "missing.txt")}, 2, "clean.txt", "missing.txt：无法读取"},
		{"empty file is named", []string{empty}, 2, "", "empty.txt：文件为空"},
		{"no files", nil, 2, "", "缺少要审校的文件"},
		{"bad format", []string{"--format", "xml", clean}, 2, "", "--format 只能是 text 或 json"},
		{"bad year", []string{"--year", "22", clean}, 2, "", "--year 应为四位年份"},
		{"unknown flag", []string{"--nope", clean}, 2, "", "用法"},
		{"csv without corpus", []string{"--csv", "x.csv", clean}, 2, "", "--csv 只用于 --corpus"},
		{"bad list flag", []string{"--list", "laws", clean}, 2, "", "名称=文件"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errs := runCheck(tc.args...)
			if code != tc.code || !strings.Contains(out, tc.inStdout) || !strings.Contains(errs, tc.inStderr) {
				t.Errorf("exit %d (want %d)\nstdout: %s\nstderr: %s", code, tc.code, out, errs)
			}
		})
	}
}

func TestCmdCheck_JSONShape(t *testing.T) {
	dir := t.TempDir()
	p := writeFile(t, dir, "r.txt", strings.Replace(brokenReport, "2022年，我镇", "今年以来，我镇", 1))
	code, out, errs := runCheck("--format", "json", "--year", "2022", p)
	if code != 1 {
		t.Fatalf("exit %d, stderr %s", code, errs)
	}
	var got []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != 1 {
		t.Fatalf("not a one-element JSON array: %v\n%s", err, out)
	}
	if keys := keysOf(got[0]); keys != "figures findings outline parts unit year file level" && keys != sortedKeys("file unit year level outline parts findings figures") {
		t.Errorf("report keys %s", keys)
	}
	var rep struct {
		Year     int
		Outline  []map[string]any
		Parts    []map[string]any
		Findings []map[string]any
		Figures  []map[string]any
	}
	json.Unmarshal([]byte(out[strings.Index(out, "{"):strings.LastIndex(out, "}")+1]), &rep)
	if rep.Year != 2022 || len(rep.Outline) != 5 || len(rep.Parts) != 5 || len(rep.Findings) == 0 || len(rep.Figures) != 2 {
		t.Fatalf("report %+v", rep)
	}
	check := func(what string, m map[string]any, keys string) {
		b, _ := json.Marshal(m)
		var raw map[string]json.RawMessage
		json.Unmarshal(b, &raw)
		if k := keysOf(raw); k != sortedKeys(keys) {
			t.Errorf("%s keys %s, want %s", what, k, sortedKeys(keys))
		}
	}
	check("outline", rep.Outline[0], "level number title line")
	check("part", rep.Parts[0], "part found line")
	check("finding", rep.Findings[0], "rule severity line column excerpt message suggestion")
	check("figure", rep.Figures[0], "indicator label value unit line excerpt")
	found := false
	for _, f := range rep.Findings {
		if f["rule"] == "year.relative" && f["line"] == float64(3) && f["column"] == float64(1) && f["excerpt"] == "今年以来" {
			found = true
		}
	}
	if !found {
		t.Errorf("year.relative finding at 3:1 missing: %v", rep.Findings)
	}
}

func keysOf(m map[string]json.RawMessage) string {
	var k []string
	for key := range m {
		k = append(k, key)
	}
	sort.Strings(k)
	return strings.Join(k, " ")
}

func sortedKeys(s string) string {
	k := strings.Fields(s)
	sort.Strings(k)
	return strings.Join(k, " ")
}

func TestCmdCheck_Corpus(t *testing.T) {
	dir := t.TempDir()
	shared := "我镇坚持把矛盾纠纷排查化解作为维护基层稳定的重要抓手，建立镇村两级联动排查机制，每月集中开展一次拉网式排查。"
	withShared := strings.Replace(cleanReport, "干部法治意识有待提高。", shared, 1)
	writeFile(t, dir, "a.txt", withShared)
	writeFile(t, dir, "b.txt", strings.Replace(withShared, "某镇", "另镇", 1))
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	writeFile(t, dir, "sub/c.txt", cleanReport)
	writeFile(t, dir, "notes.md", "not a report")
	writeFile(t, dir, "bad.docx", "PK\x03\x04truncated")
	csvPath := filepath.Join(t.TempDir(), "figures.csv")
	code, out, errs := runCheck("--corpus", dir, "--csv", csvPath, "--format", "json")
	if code != 2 || !strings.Contains(errs, "bad.docx") {
		t.Fatalf("exit %d (want 2 for bad.docx), stderr %s", code, errs)
	}
	var reps []struct {
		File     string
		Findings []struct{ Rule, Message, Excerpt string }
	}
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 3 {
		t.Fatalf("%v: %d reports\n%s", err, len(reps), out)
	}
	copies := map[string]int{}
	for _, r := range reps {
		for _, f := range r.Findings {
			if f.Rule == "copy.similar" && strings.Contains(f.Message, "另外1份") {
				copies[filepath.Base(r.File)]++
			}
		}
	}
	// The passage only a and b carry is reported in each, naming the other;
	// c shares only the opening sentence with both ("另外2份").
	if copies["a.txt"] != 1 || copies["b.txt"] != 1 || copies["c.txt"] != 0 {
		t.Errorf("copy findings per file %v", copies)
	}
	data, err := os.ReadFile(csvPath)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff")))).ReadAll()
	if err != nil || len(rows) != 1+3*2 || rows[0][3] != "指标" {
		t.Fatalf("csv: %v %q", err, rows)
	}
	if rows[1][3] != "publicity.events" || rows[1][5] != "12" || rows[1][7] != "场次" {
		t.Errorf("first figure row %q", rows[1])
	}
	// Text mode ends with a summary.
	_, out, _ = runCheck("--corpus", dir)
	if !strings.Contains(out, "共审校3份报告") {
		t.Errorf("summary missing:\n%s", out)
	}
}
