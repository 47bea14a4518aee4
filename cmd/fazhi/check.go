package main

import (
	"bufio"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"fazhi/internal/proofread"
)

const checkUsage = `用法：
  fazhi check [--format text|json] [--year YYYY] [--list 名称=文件]... FILE...
  fazhi check --corpus DIR [--csv FILE] [--format text|json] [--year YYYY]

审校年度报告（.txt UTF-8/GB18030、.docx；.pdf 需 pdftotext，.doc/.wps 需 LibreOffice）。
--corpus 审校目录中的全部报告，并找出报告之间相同或高度相似的段落；
--csv 把每份报告的数字（指标、数值、单位、行号、原句）写入 CSV 文件；
--list 用文件扩充内置词表，名称为 confusables、outdated、laws、documents、reduplications、words（词典）、terms（法治术语）。
退出码：0 无“错误”级问题；1 有“错误”级问题；2 用法错误或文件无法读取。
`

// reportExts are the files --corpus picks up.
var reportExts = map[string]bool{".txt": true, ".docx": true, ".pdf": true, ".doc": true, ".wps": true}

type listFlag map[string]string

func (l listFlag) String() string { return "" }

func (l listFlag) Set(v string) error {
	name, path, ok := strings.Cut(v, "=")
	if !ok || name == "" || path == "" {
		return fmt.Errorf("--list 应写成“名称=文件”，例如 --list laws=/etc/fazhi/laws.tsv")
	}
	l[name] = path
	return nil
}

// cmdCheck implements `fazhi check`.
func cmdCheck(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("check", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() { fmt.Fprint(stderr, checkUsage) }
	format := fset.String("format", "text", "输出格式：text 或 json")
	year := fset.Int("year", 0, "报告年度（不填则从标题识别）")
	corpus := fset.String("corpus", "", "审校目录中的全部报告并比对")
	csvPath := fset.String("csv", "", "把全部数字写入 CSV 文件")
	lists := listFlag{}
	fset.Var(lists, "list", "扩充词表：名称=文件")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(stderr, "--format 只能是 text 或 json，收到“%s”\n", *format)
		return 2
	}
	if *year != 0 && (*year < 1990 || *year > 2100) {
		fmt.Fprintf(stderr, "--year 应为四位年份（如 2023），收到“%d”\n", *year)
		return 2
	}
	files := fset.Args()
	switch {
	case *corpus == "" && len(files) == 0:
		fmt.Fprint(stderr, "缺少要审校的文件。\n"+checkUsage)
		return 2
	case *corpus != "" && len(files) > 0:
		fmt.Fprint(stderr, "--corpus 与文件名不能同时使用。\n"+checkUsage)
		return 2
	case *csvPath != "" && *corpus == "":
		fmt.Fprint(stderr, "--csv 只用于 --corpus 模式。\n"+checkUsage)
		return 2
	}
	checker, err := proofread.NewChecker(proofread.Config{Year: *year, ExtraFiles: lists, Today: time.Now().Format(time.DateOnly)})
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	ctx := context.Background()
	status := 0
	bw := bufio.NewWriterSize(stdout, 64<<10)
	defer bw.Flush()
	stdout = bw
	var results []*proofread.Result
	if *corpus != "" {
		results, status = checkCorpus(ctx, checker, *corpus, stderr)
	} else {
		for _, name := range files {
			data, err := os.ReadFile(name)
			if err != nil {
				fmt.Fprintf(stderr, "%s：无法读取：%v\n", name, err)
				status = 2
				continue
			}
			res, err := checker.Check(ctx, name, data)
			if err != nil {
				fmt.Fprintln(stderr, err)
				status = 2
				continue
			}
			results = append(results, res)
		}
	}
	if *format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if results == nil {
			results = []*proofread.Result{}
		}
		if err := enc.Encode(results); err != nil {
			fmt.Fprintf(stderr, "输出 JSON 失败：%v\n", err)
			return 2
		}
	} else {
		for _, r := range results {
			writeText(stdout, r)
		}
		if *corpus != "" {
			writeSummary(stdout, results)
		}
	}
	if *csvPath != "" {
		if err := writeFiguresCSV(*csvPath, results); err != nil {
			fmt.Fprintf(stderr, "%s：写 CSV 失败：%v\n", *csvPath, err)
			return 2
		}
	}
	if status == 0 {
		for _, r := range results {
			if r.Errors() > 0 {
				status = 1
				break
			}
		}
	}
	return status
}

// checkCorpus reads every report under dir and checks them together.
func checkCorpus(ctx context.Context, checker *proofread.Checker, dir string, stderr io.Writer) ([]*proofread.Result, int) {
	status := 0
	var names []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(stderr, "%s：无法读取：%v\n", path, err)
			status = 2
			return nil
		}
		if d.IsDir() {
			if path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasPrefix(d.Name(), ".") && reportExts[strings.ToLower(filepath.Ext(path))] {
			names = append(names, path)
		}
		return nil
	})
	if err != nil || len(names) == 0 {
		if err == nil {
			fmt.Fprintf(stderr, "%s：目录中没有 .txt、.docx、.pdf、.doc 或 .wps 文件\n", dir)
		}
		return nil, 2
	}
	sort.Strings(names)
	var inputs []proofread.Input
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			fmt.Fprintf(stderr, "%s：无法读取：%v\n", name, err)
			status = 2
			continue
		}
		inputs = append(inputs, proofread.Input{Name: name, Data: data})
	}
	var progress func()
	if f, ok := stderr.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		bar := progressbar.NewOptions(len(inputs), progressbar.OptionSetWriter(stderr),
			progressbar.OptionSetDescription("审校"), progressbar.OptionShowCount(), progressbar.OptionClearOnFinish())
		var mu sync.Mutex
		progress = func() { mu.Lock(); bar.Add(1); mu.Unlock() }
		defer bar.Finish()
	}
	results, errs := checker.CheckCorpus(ctx, inputs, progress)
	var out []*proofread.Result
	for i, r := range results {
		if errs[i] != nil {
			fmt.Fprintln(stderr, errs[i])
			status = 2
			continue
		}
		out = append(out, r)
	}
	return out, status
}

var severityName = map[proofread.Severity]string{proofread.Error: "错误", proofread.Warning: "警告", proofread.Info: "提示"}

func writeText(w io.Writer, r *proofread.Result) {
	year := "未识别"
	if r.Year > 0 {
		year = strconv.Itoa(r.Year)
	}
	fmt.Fprintf(w, "== %s  单位：%s  年度：%s  层级：%s\n", r.File, orDash(r.Unit), year, orDash(r.Level))
	for i, p := range r.Parts {
		if p.Found {
			fmt.Fprintf(w, "  第%d部分 %s：有（第%d行）\n", i+1, p.Part, p.Line)
		} else {
			fmt.Fprintf(w, "  第%d部分 %s：缺\n", i+1, p.Part)
		}
	}
	for _, f := range r.Findings {
		where := fmt.Sprintf("%s:%d:%d", r.File, f.Line, f.Column)
		if f.Line == 0 {
			where = r.File
		}
		fmt.Fprintf(w, "%s: %s [%s] %s", where, severityName[f.Severity], f.Rule, f.Message)
		if f.Excerpt != "" {
			fmt.Fprintf(w, "（原文“%s”）", f.Excerpt)
		}
		if f.Suggestion != "" {
			fmt.Fprintf(w, " 建议：%s", f.Suggestion)
		}
		fmt.Fprintln(w)
	}
	for _, g := range r.Figures {
		fmt.Fprintf(w, "  数字 %s %s = %s%s（第%d行）\n", g.Indicator, g.Label, strconv.FormatFloat(g.Value, 'f', -1, 64), g.Unit, g.Line)
	}
}

func writeSummary(w io.Writer, rs []*proofread.Result) {
	withErr, findings := 0, 0
	for _, r := range rs {
		if r.Errors() > 0 {
			withErr++
		}
		findings += len(r.Findings)
	}
	fmt.Fprintf(w, "共审校%d份报告，发现问题%d处，其中%d份报告有“错误”级问题。\n", len(rs), findings, withErr)
}

func orDash(s string) string {
	if s == "" {
		return "未识别"
	}
	return s
}

// writeFiguresCSV writes every report's figures, with a BOM so that Excel
// opens the UTF-8 file correctly.
func writeFiguresCSV(path string, rs []*proofread.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := f.WriteString("\ufeff"); err != nil {
		f.Close()
		return err
	}
	cw := csv.NewWriter(f)
	cw.Write([]string{"文件", "单位", "年度", "指标", "指标名称", "数值", "约数", "单位（计量）", "行", "原句"})
	for _, r := range rs {
		for _, g := range r.Figures {
			cw.Write([]string{r.File, r.Unit, strconv.Itoa(r.Year), g.Indicator, g.Label,
				strconv.FormatFloat(g.Value, 'f', -1, 64), g.Approx, g.Unit, strconv.Itoa(g.Line), g.Excerpt})
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
