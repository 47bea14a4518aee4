package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/demo"
)

// cmdDemo loads the demo county into the database and prints the accounts.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseFlags("demo", args, stderr, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	if len(units) > 0 {
		return fmt.Errorf("数据库已有 %d 个单位：演示数据只能载入空数据库，请用新的 --data 目录", len(units))
	}
	return seedDemo(ctx, a, stdout)
}

// seedDemoIfEmpty loads the demo county and generates the records of gen
// unless the database has units; with existing data it says so and leaves
// it alone.
func seedDemoIfEmpty(ctx context.Context, a *app, gen demoGen, stdout io.Writer) error {
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	if len(units) > 0 {
		fmt.Fprintln(stdout, "数据库已有数据，未重复载入演示数据；演示账号见首次启动时的输出或数据目录中的 demo-accounts.txt（或用 fazhi user passwd 重置密码）。")
		return nil
	}
	if err := seedDemo(ctx, a, stdout); err != nil {
		return err
	}
	return generateDemo(ctx, a, gen, stdout)
}

// demoGen is what `serve --demo` generates beside the scripted county:
// --demo-years, --demo-townships and --demo-volume.
type demoGen struct {
	years, townships string
	volume           int
}

func (g *demoGen) flags(fs *flag.FlagSet) {
	fs.StringVar(&g.years, "demo-years", "2021-2025", "演示数据生成的年份（如 2021-2025，或 2024,2025）")
	fs.StringVar(&g.townships, "demo-townships", strings.Join(demo.GeneratedTownships(), ","),
		"生成记录的乡镇（逗号分隔；县内没有的乡镇新建；云溪镇留给演示脚本）")
	fs.IntVar(&g.volume, "demo-volume", 10, "生成的记录量：各类台账年度规模的百分比（0 为不生成）")
}

// spec checks the flags and makes the generation's spec.
func (g *demoGen) spec(today calendar.Date) (demo.Spec, error) {
	s := demo.Spec{Volume: g.volume, Seed: 2026, Today: today, Workers: 2}
	if g.volume < 0 || g.volume > 1000 {
		return s, usagef("--demo-volume %d 无效：须在 0 到 1000 之间", g.volume)
	}
	for _, n := range strings.Split(g.townships, ",") {
		if n = strings.TrimSpace(n); n != "" && !slices.Contains(s.Townships, n) {
			s.Townships = append(s.Townships, n)
		}
	}
	if err := demo.CheckTownships(s.Townships); err != nil {
		return s, usagef("--demo-townships: %v", err)
	}
	years, err := parseYears(g.years, today.Year)
	if err != nil {
		return s, err
	}
	s.Years = years
	return s, nil
}

// parseYears reads "2021-2025", "2024" or "2021,2023": years from 2000 to
// last (this year), so none is silently left without records.
func parseYears(v string, last int) ([]int, error) {
	bad := usagef("--demo-years %q 无效：请写作 2021-2025 或 2024,2025（2000 年至 %d 年）", v, last)
	var out []int
	for _, part := range strings.Split(v, ",") {
		lo, hi, ranged := strings.Cut(strings.TrimSpace(part), "-")
		a, err := strconv.Atoi(lo)
		if err != nil {
			return nil, bad
		}
		b := a
		if ranged {
			if b, err = strconv.Atoi(hi); err != nil {
				return nil, bad
			}
		}
		if a < 2000 || b < a || b > last {
			return nil, bad
		}
		for y := a; y <= b; y++ {
			if !slices.Contains(out, y) {
				out = append(out, y)
			}
		}
	}
	return out, nil
}

// generateDemo makes gen's records in the seeded county and says how many.
func generateDemo(ctx context.Context, a *app, gen demoGen, stdout io.Writer) error {
	spec, err := gen.spec(calendar.Today(nil))
	if err != nil || spec.Volume == 0 || len(spec.Townships) == 0 {
		return err
	}
	fmt.Fprintf(stdout, "正在生成演示数据：%s，%d—%d年，年度规模的 %d%%……\n", strings.Join(spec.Townships, "、"),
		spec.Years[0], spec.Years[len(spec.Years)-1], spec.Volume)
	st, err := demo.Generate(ctx, a.store, a.kinds, a.cal, spec)
	if err != nil {
		return fmt.Errorf("生成演示数据: %w", err)
	}
	fmt.Fprintf(stdout, "已生成台账记录 %d 条（办理步骤 %d 步），用时 %s。\n", st.Records, st.Steps, st.Elapsed.Round(time.Second))
	return nil
}

// demoAccountsFile holds the demo passwords when the output is not a
// terminal.
const demoAccountsFile = "demo-accounts.txt"

// seedDemo loads the demo county. The accounts with their passwords are
// printed when stdout is a terminal (the operator's eyes); otherwise — a
// service whose output is the server log — they go to
// DATA/demo-accounts.txt, readable by the owner only, and only that path
// is printed, so no password reaches a log.
func seedDemo(ctx context.Context, a *app, stdout io.Writer) error {
	hash := func(pw string) (string, error) { return access.HashPassword(pw, access.DefaultPasswordParams) }
	if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		return demo.Seed(ctx, a.store, a.kinds, a.cal, hash, calendar.Today(nil), stdout)
	}
	path := filepath.Join(a.cfg.Data, demoAccountsFile)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("写入演示账号文件 %s: %w", path, err)
	}
	if err := demo.Seed(ctx, a.store, a.kinds, a.cal, hash, calendar.Today(nil), f); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已装入演示数据。演示账号及密码已写入 %s（仅属主可读，查看后请删除）；输出不是终端，密码不打印到日志。\n", path)
	return nil
}
