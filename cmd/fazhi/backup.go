package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"fazhi/internal/store"
)

// cmdBackup writes a consistent backup (database copy and attachments) to
// FILE while the server may keep running.
func cmdBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, fs, err := parseFlags("backup", args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("fazhi backup [--data DIR] FILE.tar.gz")
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	out := fs.Arg(0)
	tmp := out + ".partial"
	f, err := os.OpenFile(tmp, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, 0o600)
	if err != nil {
		return fmt.Errorf("创建备份文件: %w", err)
	}
	if err := a.store.Backup(ctx, f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "备份完成：%s（不含主密钥，请另行保管 %s）\n", out, cfg.keyFile())
	return nil
}

// cmdRestore unpacks a backup into an empty data directory.
func cmdRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, fs, err := parseFlags("restore", args, stderr, nil)
	if err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usagef("fazhi restore --data NEWDIR FILE.tar.gz")
	}
	if !cfg.sqlite() {
		return usagef("PostgreSQL 请使用 pg_restore 恢复数据库")
	}
	if err := store.Restore(ctx, fs.Arg(0), cfg.Data); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已恢复到 %s；请放回主密钥文件后运行 fazhi audit verify\n", cfg.Data)
	return nil
}
