package main

import (
	"context"
	"fmt"
	"io"

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
		fmt.Fprintln(stdout, "数据库已有数据，未重复载入演示数据；演示账号见首次启动时的输出（或用 fazhi user passwd 重置密码）。")
		return nil
	}
	return seedDemo(ctx, a, stdout)
}

func seedDemo(ctx context.Context, a *app, stdout io.Writer) error {
	hash := func(pw string) (string, error) { return access.HashPassword(pw, access.DefaultPasswordParams) }
	return demo.Seed(ctx, a.store, a.kinds, a.cal, hash, calendar.Today(nil), stdout)
}
