package main

import (
	"flag"
	"io"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// config is the process configuration: flags over environment over defaults.
type config struct {
	DB            string // "" → SQLite in Data; postgres://… → PostgreSQL
	Data          string
	Addr          string
	KeyFile       string
	MasterKey     string // key material from FAZHI_MASTER_KEY (never logged)
	Holidays      string
	SecureCookies bool
	LogJSON       bool
	// CheckLists extend the 审校 word lists: name=path, from repeated
	// --check-list flags or FAZHI_CHECK_LISTS="laws=/a.tsv,confusables=/b.tsv".
	CheckLists listFlag
	// TrustedProxies are CIDRs of reverse proxies whose X-Forwarded-For
	// gives the client address (FAZHI_TRUSTED_PROXIES, comma-separated).
	TrustedProxies string
	// CheckMemoryMB is the memory budget of the 审校 checks running at
	// once (FAZHI_CHECK_MEMORY, MB; 0 is the web default, 256).
	CheckMemoryMB int
	// TokenDays is the lifetime of a new API token (FAZHI_TOKEN_DAYS,
	// default 90).
	TokenDays int
	// Scheme is the county's 考核 scheme file (TSV, see
	// internal/indicator/scheme.tsv); "" is the built-in scheme.
	Scheme string
	// Reminder channels (reminders.go).
	Reminders reminderFlags
}

// flags registers the common flags on fs with environment defaults.
func (c *config) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.DB, "db", env("FAZHI_DB", ""), "数据库 URL（空为内置 SQLite）")
	fs.StringVar(&c.Data, "data", env("FAZHI_DATA", "fazhi-data"), "数据目录")
	fs.StringVar(&c.Addr, "addr", env("FAZHI_ADDR", "127.0.0.1:8080"), "监听地址")
	fs.StringVar(&c.KeyFile, "key-file", env("FAZHI_KEY_FILE", ""), "个人信息主密钥文件（默认 数据目录旁的 数据目录名.key，如 fazhi-data.key）")
	fs.StringVar(&c.Holidays, "holidays", env("FAZHI_HOLIDAYS", ""), "追加节假日文件")
	fs.BoolVar(&c.SecureCookies, "secure-cookies", env("FAZHI_SECURE_COOKIES", "") == "1", "TLS 之后运行时设置 Secure cookie")
	fs.BoolVar(&c.LogJSON, "log-json", env("FAZHI_LOG_JSON", "") == "1", "以 JSON 输出日志")
	c.CheckLists = listFlag{}
	for _, kv := range strings.Split(os.Getenv("FAZHI_CHECK_LISTS"), ",") {
		if kv = strings.TrimSpace(kv); kv != "" {
			_ = c.CheckLists.Set(kv) // a malformed entry is reported by the flag below when repeated there
		}
	}
	fs.StringVar(&c.TrustedProxies, "trusted-proxies", env("FAZHI_TRUSTED_PROXIES", ""), "可信反向代理地址段，逗号分隔，如 10.0.0.0/8")
	fs.IntVar(&c.CheckMemoryMB, "check-memory", envInt("FAZHI_CHECK_MEMORY", 0), "同时进行的审校可用内存上限（MB，默认 256）")
	fs.IntVar(&c.TokenDays, "token-days", envInt("FAZHI_TOKEN_DAYS", 90), "新签发 API 令牌的有效天数")
	fs.Var(c.CheckLists, "check-list", "审校扩充词表：名称=文件（可重复）")
	fs.StringVar(&c.Scheme, "scheme", env("FAZHI_SCHEME", ""), "考核方案文件（TSV，8列；默认内置方案）")
	c.MasterKey = os.Getenv("FAZHI_MASTER_KEY")
	c.Reminders.flags(fs)
}

// keyFile is the key file path, defaulting into the data directory.
// keyFile is the master key's file: --key-file, else DATA.key beside the
// data directory (so a copy of the directory is not a copy of the key),
// else — for an installation made before that default — DATA/master.key
// when only it exists (serve then warns).
func (c *config) keyFile() string {
	if c.KeyFile != "" {
		return c.KeyFile
	}
	beside := filepath.Clean(c.Data) + ".key"
	inside := filepath.Join(c.Data, "master.key")
	if _, err := os.Stat(beside); err != nil {
		if _, err := os.Stat(inside); err == nil {
			return inside
		}
	}
	return beside
}

// sqlite reports whether the embedded database is used.
func (c *config) sqlite() bool {
	return !strings.HasPrefix(c.DB, "postgres://") && !strings.HasPrefix(c.DB, "postgresql://")
}

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// envInt is an integer from the environment; a malformed value is def
// (the flag's parse then reports a bad command-line value).
func envInt(name string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(name)); err == nil {
		return v
	}
	return def
}

// parseFlags parses args with the common flags plus any extra ones.
func parseFlags(name string, args []string, stderr io.Writer, extra func(*flag.FlagSet)) (*config, *flag.FlagSet, error) {
	var c config
	fs := flag.NewFlagSet("fazhi "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.flags(fs)
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return nil, nil, usagef("%v", err)
	}
	return &c, fs, nil
}

// trustedProxies parses TrustedProxies; a bare address is a /32 or /128.
func (c *config) trustedProxies() ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(c.TrustedProxies, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if !strings.Contains(f, "/") {
			a, err := netip.ParseAddr(f)
			if err != nil {
				return nil, usagef("--trusted-proxies 中的 %q 不是 IP 地址或地址段（如 10.0.0.0/8）", f)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, usagef("--trusted-proxies 中的 %q 不是 IP 地址或地址段（如 10.0.0.0/8）", f)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
