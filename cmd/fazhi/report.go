package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/report"
	"fazhi/internal/report/docx"
	"fazhi/internal/store"
)

const reportUsage = `fazhi report draft --unit 单位 --year YYYY -o FILE [--figures FILE.json]
  按台账指标起草单位的法治政府建设年度报告（五个部分），写入 FILE：.docx（GB/T 9704 公文格式）、
  .txt（纯文本，可交 fazhi check 审校）或 .pdf（需 LibreOffice）。--figures 另把报告中每个数字
  写成 JSON：所在部分 section、指标编号 id、数值 value、文中写法 text、所在句子 sentence。
  单位 may be a unit's name or ID; --year defaults to last year.
fazhi report batch --year YYYY --under 县 -o DIR [--format docx|txt|pdf]
  为县（区）下的每个乡镇、街道起草报告，每个单位一个文件，写入目录 DIR。`

// cmdReport implements `fazhi report draft|batch`.
func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("缺少子命令 draft 或 batch\n%s", reportUsage)
	}
	switch args[0] {
	case "draft":
		return cmdReportDraft(ctx, args[1:], stdout, stderr)
	case "batch":
		return cmdReportBatch(ctx, args[1:], stdout, stderr)
	}
	return usagef("未知子命令 %q，应为 draft 或 batch\n%s", args[0], reportUsage)
}

// reportFormats are the files a report is written as, by extension.
var reportFormats = map[string]bool{".docx": true, ".txt": true, ".pdf": true}

func reportYear(year int) (int, error) {
	if year == 0 {
		year = calendar.FromTime(time.Now().In(calendar.China)).Year - 1
	}
	if year < 2000 || year > 2100 {
		return 0, usagef("--year 应为2000至2100之间的年度，如 --year 2025（收到 %d）", year)
	}
	return year, nil
}

func cmdReportDraft(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var unitRef, out, figures string
	var year int
	cfg, fs, err := parseFlags("report draft", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&unitRef, "unit", "", "单位名称或 ID")
		fs.IntVar(&year, "year", 0, "报告年度，如 2025（默认上一年）")
		fs.StringVar(&out, "o", "", "输出文件：.docx、.txt 或 .pdf")
		fs.StringVar(&figures, "figures", "", "把报告中的数字写入 JSON 文件")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 0 || unitRef == "" || out == "" {
		return usagef("缺少 --unit 或 -o\n%s", reportUsage)
	}
	if !reportFormats[strings.ToLower(filepath.Ext(out))] {
		return usagef("-o 的文件名应以 .docx、.txt 或 .pdf 结尾（收到 %q）", out)
	}
	if year, err = reportYear(year); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	u, err := a.store.UnitByRef(ctx, unitRef)
	if err != nil {
		return err
	}
	dr, err := newDrafter(ctx, a, *u, year)
	if err != nil {
		return err
	}
	d := dr.draft(*u)
	if err := writeReport(ctx, out, d); err != nil {
		return err
	}
	if figures != "" {
		if err := writeFigures(figures, d); err != nil {
			return err
		}
	}
	if !dr.res.HasData(u.ID, year) {
		fmt.Fprintf(stderr, "%s%d年度没有台账记录，报告只有提纲和填写提示\n", u.Name, year)
	}
	fmt.Fprintf(stdout, "已起草 %s\n", out)
	return nil
}

func cmdReportBatch(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var under, out, format string
	var year int
	cfg, fs, err := parseFlags("report batch", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&under, "under", "", "县（区）名称或 ID")
		fs.IntVar(&year, "year", 0, "报告年度，如 2025（默认上一年）")
		fs.StringVar(&out, "o", "", "输出目录")
		fs.StringVar(&format, "format", "docx", "docx、txt 或 pdf")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 0 || under == "" || out == "" {
		return usagef("缺少 --under 或 -o\n%s", reportUsage)
	}
	if !reportFormats["."+format] {
		return usagef("--format 应为 docx、txt 或 pdf（收到 %q）", format)
	}
	if year, err = reportYear(year); err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	county, err := a.store.UnitByRef(ctx, under)
	if err != nil {
		return err
	}
	dr, err := newDrafter(ctx, a, *county, year)
	if err != nil {
		return err
	}
	towns := townships(dr.units, *county)
	if len(towns) == 0 {
		return usagef("%s 下没有乡镇、街道", county.Name)
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return fmt.Errorf("创建目录 %s: %w", out, err)
	}
	for _, u := range towns {
		name := filepath.Join(out, fmt.Sprintf("%s%d年度法治政府建设情况报告.%s", safeName(u.Name), year, format))
		if err := writeReport(ctx, name, dr.draft(u)); err != nil {
			return fmt.Errorf("%s: %w", u.Name, err)
		}
		fmt.Fprintf(stdout, "已起草 %s\n", name)
	}
	fmt.Fprintf(stdout, "共 %d 个单位\n", len(towns))
	return nil
}

// drafter holds one evaluation of a subtree for the report year and the
// year before.
type drafter struct {
	eng      *indicator.Engine
	res      *indicator.Result
	units    []access.Unit
	byID     map[int64]access.Unit
	year     int
	sections []ledger.ReportSection
}

func newDrafter(ctx context.Context, a *app, root access.Unit, year int) (*drafter, error) {
	eng, err := indicator.NewEngine(a.kinds, nil)
	if err != nil {
		return nil, err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return nil, err
	}
	actor := store.SystemActor("命令行")
	src := store.IndicatorSource(a.store, actor)
	// The full evaluation: a one-shot process keeps no indicator.Parts
	// (see cmdIndicators' evaluation).
	res, err := eng.Compute(ctx, src, indicator.Query{UnitID: root.ID, From: year - 1, To: year, Paths: indicator.Paths(units)})
	if err != nil {
		return nil, err
	}
	dr := &drafter{eng: eng, res: res, units: units, byID: map[int64]access.Unit{}, year: year, sections: kinds.ReportSections()}
	for _, u := range units {
		dr.byID[u.ID] = u
	}
	return dr, nil
}

func (dr *drafter) draft(u access.Unit) report.Document {
	var parent *access.Unit
	if p, ok := dr.byID[u.ParentID]; ok {
		parent = &p
	}
	return report.Draft(report.NewInput(dr.res, dr.eng, u, parent, dr.year, dr.sections))
}

// townships are the open township-level units (乡镇、街道) under county, in
// tree order.
func townships(units []access.Unit, county access.Unit) []access.Unit {
	var towns []access.Unit
	for _, u := range units {
		if u.ID != county.ID && !u.Closed && u.Level == access.LevelTownship && strings.HasPrefix(u.Path, county.Path) {
			towns = append(towns, u)
		}
	}
	return towns
}

// safeName keeps a unit's name usable as a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, s)
}

// writeReport writes d to name as its extension says.
func writeReport(ctx context.Context, name string, d report.Document) error {
	var b bytes.Buffer
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt":
		b.WriteString(report.PlainText(d))
	case ".docx":
		if err := docx.Write(&b, d); err != nil {
			return err
		}
	case ".pdf":
		pdf, err := docx.PDFOf(ctx, d)
		if err != nil {
			return err
		}
		b.Write(pdf)
	}
	return os.WriteFile(name, b.Bytes(), 0o644)
}

// figureJSON is one figure of --figures.
type figureJSON struct {
	Section string `json:"section"`
	report.Figure
}

func writeFigures(name string, d report.Document) error {
	figs := []figureJSON{}
	for _, s := range d.Sections {
		for _, f := range s.Figures {
			figs = append(figs, figureJSON{Section: s.Title, Figure: f})
		}
	}
	data, err := json.MarshalIndent(figs, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(name, append(data, '\n'), 0o644)
}
