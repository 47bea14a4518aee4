#!/usr/bin/env bash
# Runs every test of fazhi. On a fresh Debian machine it first installs what
# the suite needs (chromium for the end-to-end tests, firefox-esr for the
# same pages in Firefox, poppler-utils for PDF ingest, libreoffice-writer-nogui
# to open the annotated .docx and convert the annual report to PDF, and the
# report's fonts through scripts/fonts/install-fonts.sh) when run as root; otherwise it stops and says
# what to install.
#
# PostgreSQL: the store suite also runs on PostgreSQL when one is reachable at
# $FAZHI_TEST_POSTGRES (default postgres://postgres@127.0.0.1:5432/test).
# With FAZHI_REQUIRE_POSTGRES=1 (set by .ci/run) an unreachable server fails
# the suite instead of skipping that half.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v go >/dev/null || { echo "需要 Go 1.26 或更新版本 (install Go 1.26+: https://go.dev/dl/)" >&2; exit 1; }
command -v chromium >/dev/null || need+=(chromium)
command -v firefox-esr >/dev/null || need+=(firefox-esr)
command -v pdftotext >/dev/null || need+=(poppler-utils)
command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: ${need[*]}"
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "缺少测试所需软件，请先安装 (missing, please install): sudo apt-get install ${need[*]}" >&2
    exit 1
  fi
fi

# The annual report's PDF test renders with FandolFang/FandolKai and Noto CJK
# (../shared/DEPENDENCIES.md §11).
if ! fc-list 2>/dev/null | grep -q FandolFang || ! fc-list 2>/dev/null | grep -q "Noto Serif CJK SC"; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing: fonts-noto-cjk, FandolFang/FandolKai (from texlive-lang-chinese)"
    scripts/fonts/install-fonts.sh
  else
    echo "缺少报告 PDF 所需字体，请以 root 运行 (missing fonts, run as root): scripts/fonts/install-fonts.sh" >&2
    exit 1
  fi
fi

export FAZHI_TEST_POSTGRES="${FAZHI_TEST_POSTGRES:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
export FAZHI_REQUIRE_BROWSER=1
export FAZHI_REQUIRE_FIREFOX=1
export FAZHI_REQUIRE_LIBREOFFICE=1

go vet ./...
# The binary must build without cgo for the platforms users run (信创 machines included).
for arch in amd64 arm64 loong64; do
  CGO_ENABLED=0 GOOS=linux GOARCH=$arch go build -o /dev/null ./cmd/fazhi
done
echo "CGO_ENABLED=0 builds: linux/amd64, linux/arm64, linux/loong64 ok"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
go test -count=1 -timeout 15m ./... -v >"$log" 2>&1
status=$?
set -e
# Package results, then every failure with its output.
grep -E '^(ok|FAIL|panic|#)|^[^ ]+\.go:[0-9]+:[0-9]+: ' "$log" || true
if grep -qE '^\s*--- FAIL|^panic' "$log"; then
  echo
  echo "failures:"
  awk '/^=== RUN/ {buf=""} {buf=buf $0 "\n"} /^\s*--- FAIL|^panic/ {printf "%s", buf; buf=""}' "$log"
fi
echo
echo "skipped tests (with reasons):"
# go test -v prints a skip's reason just before its "--- SKIP" line.
grep -B1 -E '^\s*--- SKIP' "$log" | grep -v -- '^--$' || echo "  none"
passed=$(grep -cE '^\s*--- PASS' "$log" || true)
failed=$(grep -cE '^\s*--- FAIL' "$log" || true)
skipped=$(grep -cE '^\s*--- SKIP' "$log" || true)
echo
echo "$passed passed, $failed failed, $skipped skipped"
exit $status
