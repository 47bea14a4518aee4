package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"fazhi/internal/blob"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/secure"
	"fazhi/internal/store"
)

// app is what every subcommand that touches data opens: the key ring, the
// calendar, the ledger kinds and the store.
type app struct {
	cfg   *config
	log   *slog.Logger
	keys  *secure.KeyRing
	cal   *calendar.Calendar
	kinds *ledger.Registry
	store *store.DB
}

// openApp opens the data directory. create allows generating a master key
// on first start (serve, migrate, demo); other commands refuse to run
// without the existing key, since data encrypted under it would be lost.
func openApp(ctx context.Context, cfg *config, stderr io.Writer, create bool) (_ *app, err error) {
	log := newLogger(cfg, stderr)
	if err := os.MkdirAll(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("创建数据目录 %s: %w", cfg.Data, err)
	}
	// Owner only, also when it existed before (the database, blobs and by
	// default the key live in it).
	if err := os.Chmod(cfg.Data, 0o700); err != nil {
		return nil, fmt.Errorf("数据目录 %s 无法设为仅属主可访问: %w", cfg.Data, err)
	}
	keys, err := loadKeys(cfg, log, create)
	if err != nil {
		return nil, err
	}
	cal := calendar.Builtin()
	if cfg.Holidays != "" {
		if err := cal.LoadFile(cfg.Holidays); err != nil {
			return nil, fmt.Errorf("载入节假日文件: %w", err)
		}
	}
	reg, err := kinds.Registry()
	if err != nil {
		return nil, fmt.Errorf("台账种类定义有误: %w", err)
	}
	blobs, err := blob.NewDir(filepath.Join(cfg.Data, "blobs"))
	if err != nil {
		return nil, err
	}
	st, err := store.Open(ctx, store.Config{
		URL: cfg.DB, DataDir: cfg.Data, Keys: keys, Blobs: blobs,
		Kinds: reg, Calendar: cal, Log: log, TokenTTL: time.Duration(cfg.TokenDays) * 24 * time.Hour,
	})
	if err != nil {
		return nil, err
	}
	return &app{cfg: cfg, log: log, keys: keys, cal: cal, kinds: reg, store: st}, nil
}

func (a *app) Close() error { return a.store.Close() }

// loadKeys reads the master key from FAZHI_MASTER_KEY or the key file,
// creating the file on first start when allowed.
func loadKeys(cfg *config, log *slog.Logger, create bool) (*secure.KeyRing, error) {
	if cfg.MasterKey != "" {
		return secure.LoadKeyRing("env:FAZHI_MASTER_KEY")
	}
	path := cfg.keyFile()
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		if !create {
			return nil, fmt.Errorf("找不到个人信息主密钥文件 %s：请用 --key-file 指定，或先运行 fazhi serve/migrate 创建", path)
		}
		if err := secure.GenerateKeyFile(path); err != nil {
			return nil, fmt.Errorf("创建主密钥文件: %w", err)
		}
		log.Warn("created a new personal-data master key; back it up separately from the data", slog.String("path", path))
	}
	return secure.LoadKeyRing("file:" + path)
}

func newLogger(cfg *config, w io.Writer) *slog.Logger {
	if cfg.LogJSON {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}
