package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"fazhi/internal/ledger"
	"fazhi/internal/ledger/importer"
	"fazhi/internal/store"
)

const importUsage = `fazhi import --kind NAME --unit NAME_OR_ID --as USER [--dry-run] [--valid-only] FILE.xlsx
fazhi import undo [--as USER] BATCH_ID`

// importMaxFile bounds the workbook the command reads, as the server's
// upload limit bounds an upload.
const importMaxFile = 64 << 20

// cmdImport imports a kind's records from an Excel workbook as a user
// (every row checked, then written as one batch), or undoes a batch.
func cmdImport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	undo := len(args) > 0 && args[0] == "undo"
	if undo {
		args = args[1:]
	}
	var kind, unit, as string
	var dryRun, validOnly bool
	cfg, fs, err := parseFlags("import", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&kind, "kind", "", "台账类型标识，如 legality_review")
		fs.StringVar(&unit, "unit", "", "导入到的单位（名称或编号）")
		fs.StringVar(&as, "as", "", "以该用户的身份导入（其角色与数据范围适用）")
		fs.BoolVar(&dryRun, "dry-run", false, "只检查，不导入")
		fs.BoolVar(&validOnly, "valid-only", false, "只导入无误的行")
	})
	if err != nil {
		return err
	}
	if fs.NArg() != 1 || (!undo && (kind == "" || unit == "" || as == "")) {
		return usagef("%s", importUsage)
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	actor := store.SystemActor("命令行")
	if as != "" {
		u, err := a.store.UserByUsername(ctx, as)
		if errors.Is(err, store.ErrNotFound) {
			return usagef("没有用户 %q", as)
		}
		if err != nil {
			return err
		}
		if actor, err = a.store.ActorFor(ctx, u, "命令行"); err != nil {
			return err
		}
	}
	if undo {
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil || id <= 0 {
			return usagef("批次编号应为正整数：%q", fs.Arg(0))
		}
		b, err := a.store.UndoImport(ctx, actor, id)
		var re *ledger.RuleError
		if errors.As(err, &re) {
			return errors.New(re.Reason)
		}
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已撤销第 %d 批导入（%s）：删除了 %d 条记录，删除已记入审计日志。\n", b.ID, b.FileName, b.Imported)
		return nil
	}

	k := a.kinds.Kind(kind)
	if k == nil {
		return usagef("没有台账类型 %q", kind)
	}
	unitID, err := cliUnit(ctx, a.store, unit)
	if err != nil {
		return err
	}
	path := fs.Arg(0)
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if st, err := f.Stat(); err == nil && st.Size() > importMaxFile {
		return fmt.Errorf("文件 %s 超过 %d MB，请拆分后分批导入", path, importMaxFile>>20)
	}
	imp := a.store.Import(actor, k, unitID, filepath.Base(path))
	rep, err := importer.Run(ctx, io.LimitReader(f, importMaxFile+1), k, imp, imp, importer.Options{
		Unit: unitID, DryRun: dryRun, ValidOnly: validOnly, UnzipLimit: 16 * importMaxFile})
	if err != nil {
		return err
	}
	for _, p := range rep.Problems {
		fmt.Fprintln(stdout, p.String())
	}
	if n := rep.Total - len(rep.Problems); n > 0 {
		fmt.Fprintf(stdout, "另有 %d 处问题未列出。\n", n)
	}
	switch {
	case rep.Aborted:
		return fmt.Errorf("导入过程中有记录被拒绝，已撤回本次导入的全部记录")
	case dryRun:
		fmt.Fprintf(stdout, "检查完毕：共 %d 行，%d 行无误，%d 行有问题（共 %d 处）；未导入。\n", rep.Rows, rep.Valid, rep.Bad, rep.Total)
	case rep.Imported > 0:
		fmt.Fprintf(stdout, "已导入 %d 条记录（第 %d 批；撤销：fazhi import undo %d）", rep.Imported, rep.Batch, rep.Batch)
		if rep.Bad > 0 {
			fmt.Fprintf(stdout, "；%d 行有问题未导入", rep.Bad)
		}
		fmt.Fprintln(stdout, "。")
	case rep.Rows == 0 && rep.Total == 0:
		return errors.New("文件中没有数据行")
	default:
		return fmt.Errorf("文件有 %d 处问题（%d 行），未导入任何记录；修改后重新导入，或加 --valid-only 只导入无误的行", rep.Total, rep.Bad)
	}
	return nil
}

// cliUnit resolves a unit by id or exact name.
func cliUnit(ctx context.Context, db *store.DB, s string) (int64, error) {
	us, err := db.Units(ctx)
	if err != nil {
		return 0, err
	}
	id, byID := importer.ParseID(s)
	var found []int64
	for _, u := range us {
		if (byID && u.ID == id) || u.Name == s {
			found = append(found, u.ID)
		}
	}
	switch len(found) {
	case 0:
		return 0, usagef("没有单位 %q：请填写单位名称或编号", s)
	case 1:
		return found[0], nil
	}
	return 0, usagef("有多个名为 %q 的单位：请改用单位编号", s)
}
