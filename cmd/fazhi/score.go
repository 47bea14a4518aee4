package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/indicator"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

const scoreUsage = `fazhi score --unit 县 [--year YYYY] [--format text|json] [--scheme 方案.tsv]
  按考核方案（--scheme 或 FAZHI_SCHEME 指定的文件，默认内置方案）为该县直属乡镇的年度台账评分并排名，
  列出每个乡镇失分的项目；单位为乡镇时只评该乡镇。--year 默认今年。`

// loadScheme reads the 考核 scheme file at path ("" is the built-in
// scheme) and checks it against the registry's indicators; a bad file is
// refused naming its line and column.
func loadScheme(path string, reg *ledger.Registry) ([]indicator.Item, error) {
	if path == "" {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, usagef("考核方案文件 %s 无法读取：%v", path, err)
	}
	scheme, err := indicator.ParseScheme(string(b))
	if err == nil {
		var eng *indicator.Engine
		if eng, err = indicator.NewEngine(reg, nil); err != nil {
			return nil, err
		}
		err = eng.CheckScheme(scheme)
	}
	if err != nil {
		return nil, usagef("考核方案文件 %s：%v", path, err)
	}
	return scheme, nil
}

// cmdScore prints a county's ranking by its scheme, with each township's
// lost lines.
func cmdScore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var unitRef, format string
	var year int
	cfg, fs, err := parseFlags("score", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&unitRef, "unit", "", "县（或乡镇）的名称或 ID")
		fs.IntVar(&year, "year", 0, "年度，如 2025（默认今年）")
		fs.StringVar(&format, "format", "text", "text 或 json")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 0 || unitRef == "" {
		return usagef("%s", scoreUsage)
	}
	if format != "text" && format != "json" {
		return usagef("--format 应为 text 或 json（收到 %q）", format)
	}
	if year == 0 {
		year = calendar.FromTime(time.Now().In(calendar.China)).Year
	}
	if year < 2000 || year > 2100 {
		return usagef("--year 应为2000至2100之间的年度，如 --year 2025（收到 %d）", year)
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	scheme, err := loadScheme(cfg.Scheme, a.kinds)
	if err != nil {
		return err
	}
	if scheme == nil {
		scheme = indicator.DefaultScheme()
	}
	eng, err := indicator.NewEngine(a.kinds, nil)
	if err != nil {
		return err
	}
	u, err := a.store.UnitByRef(ctx, unitRef)
	if err != nil {
		return err
	}
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	actor := store.SystemActor("命令行")
	src := store.IndicatorSource(a.store, actor)
	// The full evaluation: a one-shot process keeps no indicator.Parts
	// (see cmdIndicators' evaluation).
	res, err := eng.Compute(ctx, src, indicator.Query{UnitID: u.ID, From: year, To: year, Paths: indicator.Paths(units)})
	if err != nil {
		return err
	}
	cards := res.ScoreUnits(scheme, indicator.Scored(units, *u, func(access.Unit) bool { return true }), year)
	if format == "json" {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		return enc.Encode(scoreJSON(u, year, cards))
	}
	fmt.Fprintf(stdout, "%s %d年度考核排名（台账计分；人工评分项不计入）\n", u.Name, year)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "名次\t单位\t得分\t满分\t失分项目")
	for _, c := range cards {
		var lost []string
		for _, l := range c.Lines {
			if !l.ByHand && l.Lost > 0 {
				lost = append(lost, fmt.Sprintf("%s %s −%s", l.ID, l.Name, indicator.Format(l.Lost)))
			}
		}
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", c.Rank, c.Unit.Name, indicator.Format(c.Total), indicator.Format(c.Max), strings.Join(lost, "；"))
	}
	return tw.Flush()
}

type scoreLineJSON struct {
	ID        string  `json:"id"`
	Name      string  `json:"name"`
	Indicator string  `json:"indicator,omitempty"`
	Rule      string  `json:"rule"`
	Value     float64 `json:"value"`
	Score     float64 `json:"score"`
	Lost      float64 `json:"lost"`
	ByHand    bool    `json:"by_hand"`
}

type scoreCardJSON struct {
	Rank  int             `json:"rank"`
	Unit  string          `json:"unit"`
	ID    int64           `json:"unit_id"`
	Total float64         `json:"total"`
	Max   float64         `json:"max"`
	Lines []scoreLineJSON `json:"lines"`
}

func scoreJSON(u *access.Unit, year int, cards []indicator.Scorecard) any {
	out := struct {
		Unit    string          `json:"unit"`
		Year    int             `json:"year"`
		Ranking []scoreCardJSON `json:"ranking"`
	}{Unit: u.Name, Year: year, Ranking: []scoreCardJSON{}}
	for _, c := range cards {
		cj := scoreCardJSON{Rank: c.Rank, Unit: c.Unit.Name, ID: c.Unit.ID, Total: c.Total, Max: c.Max}
		for _, l := range c.Lines {
			cj.Lines = append(cj.Lines, scoreLineJSON{ID: l.ID, Name: l.Name, Indicator: l.Indicator, Rule: string(l.Rule),
				Value: l.Value.Value, Score: l.Score, Lost: l.Lost, ByHand: l.ByHand})
		}
		out.Ranking = append(out.Ranking, cj)
	}
	return out
}
