package main

import (
	"context"
	"fmt"
	"io"
)

// cmdMigrate creates or upgrades the schema (Open applies pending
// migrations, each in its own transaction).
func cmdMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, _, err := parseFlags("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, true)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "数据库已是最新版本 (schema up to date)")
	return nil
}
