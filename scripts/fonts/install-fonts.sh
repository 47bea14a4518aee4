#!/usr/bin/env bash
# Installs the fonts the annual report's PDF is rendered with on Debian
# (../shared/DEPENDENCIES.md §11): Noto CJK SC for 黑体, 宋体 and the title,
# and FandolFang / FandolKai for 仿宋_GB2312 and 楷体_GB2312, taken from the
# texlive-lang-chinese package without installing TeX (apt-get download +
# dpkg -x, the Fandol .otf files kept). Run as root; the aliases mapping the
# fonts a .docx names onto these are internal/report/docx/fazhi-fonts.conf.
set -euo pipefail
dest=${FAZHI_FONT_DIR:-/usr/local/share/fonts/fazhi}
if ! fc-list | grep -q "Noto Serif CJK SC" || ! ls "$dest"/FandolFang-Regular.otf >/dev/null 2>&1; then
  apt-get update -qq >/dev/null # a fresh machine has no package lists yet
fi
if ! fc-list | grep -q "Noto Serif CJK SC"; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null
fi
if ! ls "$dest"/FandolFang-Regular.otf >/dev/null 2>&1; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  (cd "$tmp" && apt-get download -qq texlive-lang-chinese 2>/dev/null && dpkg -x texlive-lang-chinese_*.deb x)
  mkdir -p "$dest"
  find "$tmp/x" -name 'Fandol*.otf' -exec cp {} "$dest"/ \;
  fc-cache -f "$dest" >/dev/null
fi
ls "$dest"/FandolFang-Regular.otf "$dest"/FandolKai-Regular.otf >/dev/null
