package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/store"
	"fazhi/internal/unitsheet"
)

const unitUsage = `fazhi unit add [--parent 上级] --level 层级 [--code 统一社会信用代码] 名称   新建单位
fazhi unit list                                  以树形列出单位（含已撤销）
fazhi unit rename 单位 新名称                      改名
fazhi unit move --parent 新上级 单位               移到另一上级之下（其下级与记录随之移动）
fazhi unit close 单位                             撤销：保留其记录（只读），不再出现在选择列表中
fazhi unit import 文件.xlsx                        从 Excel 导入单位树（先逐行检查，全部无误才写入）
fazhi unit template 文件.xlsx                      写出导入模板
单位、上级 may be a unit's name (unique among open units) or its ID.
层级: county 县/区, township 乡镇/街道, village 村/社区, department 部门/科室 (also province, city)
The first unit of an empty database is the root (no --parent): e.g. fazhi unit add --level county 某某县`

// cmdUnit administers the unit tree from the command line; every change
// is audited with the command line as the actor.
func cmdUnit(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("%s", unitUsage)
	}
	sub := args[0]
	var parent, level, code string
	cfg, fs, err := parseFlags("unit "+sub, args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&parent, "parent", "", "上级单位名称或 ID")
		fs.StringVar(&level, "level", "", "层级")
		fs.StringVar(&code, "code", "", "统一社会信用代码（可选）")
	})
	if err != nil {
		return err
	}
	want := map[string]int{"add": 1, "list": 0, "rename": 2, "move": 1, "close": 1, "import": 1, "template": 1}
	n, ok := want[sub]
	if sub == "move" && parent == "" {
		n = 2 // fazhi unit move 单位 新上级
	}
	if !ok || fs.NArg() != n {
		return usagef("%s", unitUsage)
	}
	if sub == "template" {
		b, err := unitsheet.Template()
		if err != nil {
			return err
		}
		if err := os.WriteFile(fs.Arg(0), b, 0o644); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已写出导入模板 %s\n", fs.Arg(0))
		return nil
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	actor := store.SystemActor("命令行")
	st := a.store

	switch sub {
	case "add":
		lv, err := access.ParseLevel(level)
		if level == "" {
			return usagef("请用 --level 指定层级：county（县/区）、township（乡镇/街道）、village（村/社区）或 department（部门/科室）")
		}
		if err != nil {
			return err
		}
		u := &access.Unit{Name: fs.Arg(0), Level: lv, CreditCode: code}
		if parent != "" {
			p, err := st.UnitByRef(ctx, parent)
			if err != nil {
				return err
			}
			u.ParentID = p.ID
		}
		if err := st.CreateUnit(ctx, actor, u); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已新建单位 %s（ID %d，%s）\n", u.Name, u.ID, u.Level.Label())
	case "list":
		units, err := st.Units(ctx)
		if err != nil {
			return err
		}
		if len(units) == 0 {
			fmt.Fprintln(stdout, "还没有任何单位：请先用 fazhi unit add --level county 某某县 建立最上级单位")
		}
		writeTree(stdout, units)
	case "rename":
		u, err := st.UnitByRef(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		var cp *string
		if code != "" {
			cp = &code
		}
		if err := st.RenameUnit(ctx, actor, u.ID, fs.Arg(1), cp); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已将 %s（ID %d）改名为 %s\n", u.Name, u.ID, strings.TrimSpace(fs.Arg(1)))
	case "move":
		if parent == "" {
			parent = fs.Arg(1)
		}
		u, err := st.UnitByRef(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		p, err := st.UnitByRef(ctx, parent)
		if err != nil {
			return err
		}
		if err := st.MoveUnit(ctx, actor, u.ID, p.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已将 %s（ID %d）及其下级移到 %s 之下\n", u.Name, u.ID, p.Name)
	case "close":
		u, err := st.UnitByRef(ctx, fs.Arg(0))
		if err != nil {
			return err
		}
		if err := st.CloseUnit(ctx, actor, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已撤销 %s（ID %d）：其记录保留、只读\n", u.Name, u.ID)
	case "import":
		f, err := os.Open(fs.Arg(0))
		if err != nil {
			return fmt.Errorf("打开 %s: %w", fs.Arg(0), err)
		}
		defer f.Close()
		rows, err := unitsheet.Read(f)
		if err != nil {
			return err
		}
		units, err := st.Units(ctx)
		if err != nil {
			return err
		}
		plan, errs := access.PlanImport(units, rows)
		if errs != nil {
			return errs
		}
		if err := st.ImportUnits(ctx, actor, plan); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已导入 %d 个单位\n", len(plan))
	}
	return nil
}

// writeTree prints units (ordered by path) indented by depth.
func writeTree(w io.Writer, units []access.Unit) {
	for _, u := range units {
		closed := ""
		if u.Closed {
			closed = "［已撤销］"
		}
		fmt.Fprintf(w, "%s%s（%s，ID %d）%s\n", strings.Repeat("  ", u.Depth()-1), u.Name, u.Level.Label(), u.ID, closed)
	}
}

// domainMessage returns the Chinese message of a refusal the command line
// shows as it is (not logged as a failure of the program).
func domainMessage(err error) (string, bool) {
	var ue *access.UnitError
	var ie access.ImportErrors
	switch {
	case errors.As(err, &ue):
		return ue.Msg, true
	case errors.As(err, &ie):
		return ie.Error(), true
	case errors.Is(err, store.ErrForbidden):
		return "无权进行此操作", true
	}
	return "", false
}
