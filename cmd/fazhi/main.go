// Command fazhi is the whole product in one binary: the web UI and API
// (serve), database set-up (migrate), demo data (demo), user administration
// (unit, user), Excel import (import), the audit chain check (audit verify),
// backup and restore, the annual report's draft (report), the 审校 report
// check (check) and the API benchmark (bench).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

const usage = `fazhi — 法治政府建设台账、年度报告与审校平台

用法 (usage):
  fazhi serve   [--demo] [flags]   启动网页与 API 服务 (start the web UI and API)
  fazhi migrate [flags]            创建或升级数据库 (create or upgrade the database)
  fazhi demo    [flags]            写入演示数据并打印演示账号 (load demo data, print demo accounts)
  fazhi unit    add|list|rename|move|close|import|template ...   单位管理 (units)
  fazhi user    add|passwd|lock|unlock|token|tokens|revoke-token|list ...   用户管理 (users)
  fazhi audit   verify [--anchor CP] | anchor   校验审计日志 / 打印检查点 (verify the audit log, print a checkpoint)
  fazhi backup  FILE               在线备份数据库与附件 (consistent backup while serving)
  fazhi restore FILE               从备份恢复到数据目录 (restore into the data directory)
  fazhi keys    rotate             轮换个人信息加密密钥 (rotate the personal-data key)
  fazhi import  --kind K --unit U --as USER [--dry-run] [--valid-only] FILE.xlsx   从 Excel 导入台账 (import records)
  fazhi import  undo ID            整批撤销一次导入 (undo an import batch)
  fazhi indicators --unit 单位 [--year YYYY] [--format json|csv|xlsx]   单位年度指标 (a unit-year's indicators)
  fazhi score   --unit 县 [--year YYYY] [--format text|json]   按考核方案评分并排名 (score and rank the townships)
  fazhi report  draft --unit 单位 --year YYYY -o FILE.docx|.txt|.pdf [--figures FILE.json]   按指标起草年度报告 (draft the annual report)
  fazhi report  batch --year YYYY --under 县 -o DIR [--format docx|txt|pdf]   为县下每个乡镇起草 (draft every township's)
  fazhi check   [--format text|json] [--year YYYY] FILE...   审校年度报告 (review reports)
  fazhi check   --corpus DIR       审校目录中的全部报告并比对相互抄袭
  fazhi bench   [flags]            台账 API 压测 (API load benchmark)
  fazhi version                    版本 (version)

Common flags and environment (flag overrides environment):
  --db URL        FAZHI_DB          数据库：空为内置 SQLite (DATA/fazhi.db)；postgres://… 使用 PostgreSQL
  --data DIR      FAZHI_DATA        数据目录 (default ./fazhi-data)
  --addr ADDR     FAZHI_ADDR        监听地址 (default 127.0.0.1:8080)
  --key-file F    FAZHI_KEY_FILE    个人信息主密钥文件 (default DATA.key beside the data directory, created on first start)
                  FAZHI_MASTER_KEY  主密钥内容 (instead of a file: "1:hex…")
  --holidays F    FAZHI_HOLIDAYS    追加节假日文件 (extra holiday file for later years)
  --secure-cookies FAZHI_SECURE_COOKIES=1  在 TLS 之后运行时设置 Secure cookie
  --trusted-proxies CIDRS FAZHI_TRUSTED_PROXIES  可信反向代理（其 X-Forwarded-For 视为客户端地址）
  --check-list NAME=FILE  FAZHI_CHECK_LISTS   审校扩充词表 (confusables, outdated, laws, documents, reduplications)
  --scheme FILE   FAZHI_SCHEME      考核方案文件 (the county's 考核 scheme, TSV; default the built-in one)
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches a subcommand and returns the process exit status:
// 0 success, 1 failure, 2 bad usage.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	cmd, rest := args[0], args[1:]
	var err error
	switch cmd {
	case "serve":
		err = cmdServe(ctx, rest, stdout, stderr)
	case "migrate":
		err = cmdMigrate(ctx, rest, stdout, stderr)
	case "demo":
		err = cmdDemo(ctx, rest, stdout, stderr)
	case "unit":
		err = cmdUnit(ctx, rest, stdout, stderr)
	case "user":
		err = cmdUser(ctx, rest, stdout, stderr)
	case "audit":
		err = cmdAudit(ctx, rest, stdout, stderr)
	case "backup":
		err = cmdBackup(ctx, rest, stdout, stderr)
	case "restore":
		err = cmdRestore(ctx, rest, stdout, stderr)
	case "keys":
		err = cmdKeys(ctx, rest, stdout, stderr)
	case "import":
		err = cmdImport(ctx, rest, stdout, stderr)
	case "indicators":
		err = cmdIndicators(ctx, rest, stdout, stderr)
	case "score":
		err = cmdScore(ctx, rest, stdout, stderr)
	case "report":
		err = cmdReport(ctx, rest, stdout, stderr)
	case "check":
		return cmdCheck(rest, stdout, stderr)
	case "bench":
		return cmdBench(rest, stdout, stderr)
	case "version", "--version", "-v":
		fmt.Fprintln(stdout, "fazhi", version)
		return 0
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "未知命令 %q (unknown command)\n\n%s", cmd, usage)
		return 2
	}
	if err != nil {
		var ue usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "用法错误:", ue.msg)
			return 2
		}
		if msg, ok := domainMessage(err); ok {
			fmt.Fprintln(stderr, "未完成:", msg)
			return 1
		}
		slog.New(slog.NewTextHandler(stderr, nil)).Error("fazhi "+cmd+" failed", slog.Any("err", err))
		return 1
	}
	return 0
}

// usageError is bad usage: exit status 2 with the message.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }
