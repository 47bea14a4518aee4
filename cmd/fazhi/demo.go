package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"

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

// seedDemoIfEmpty loads the demo county unless the database has units;
// with existing data it says so and leaves it alone.
func seedDemoIfEmpty(ctx context.Context, a *app, stdout io.Writer) error {
	units, err := a.store.Units(ctx)
	if err != nil {
		return err
	}
	if len(units) > 0 {
		fmt.Fprintln(stdout, "数据库已有数据，未重复载入演示数据；演示账号见首次启动时的输出或数据目录中的 demo-accounts.txt（或用 fazhi user passwd 重置密码）。")
		return nil
	}
	return seedDemo(ctx, a, stdout)
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
