package main

import (
	"context"
	"fmt"
	"io"

	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// cmdKeys rotates the personal-data key: a new version is appended to the
// key file and every record is re-encrypted under it. Audit history is not
// rewritten (it holds no personal plaintext).
func cmdKeys(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "rotate" {
		return usagef("fazhi keys rotate [--data DIR] [--key-file F]")
	}
	cfg, _, err := parseFlags("keys rotate", args[1:], stderr, nil)
	if err != nil {
		return err
	}
	if cfg.MasterKey != "" {
		return usagef("密钥来自环境变量 FAZHI_MASTER_KEY：请在环境中追加新版本密钥后再运行，或改用 --key-file")
	}
	v, err := secure.Rotate(cfg.keyFile())
	if err != nil {
		return err
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	n, err := a.store.RotateKeys(ctx, store.SystemActor("命令行"))
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "已启用第 %d 版密钥，重新加密 %d 条记录\n", v, n)
	return nil
}
