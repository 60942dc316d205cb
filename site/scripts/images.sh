#!/usr/bin/env bash
# Regenerates the landing page's screenshots (assets/img/*.webp) from the dashboard's real screenshots in
# docs/screenshots/ (written by services/dashboard-web's e2e run): the top 1440×900 of each page, as WebP at
# 1440 and 720 px wide. Needs Debian's `webp` package (cwebp). The output is committed; the build only copies it.
set -euo pipefail
cd "$(dirname "$0")/.."
SRC=../docs/screenshots
OUT=assets/img
command -v cwebp >/dev/null || { echo "cwebp missing: apt-get install webp" >&2; exit 1; }
for name in overview conversation-detail failures; do
  for w in 1440 720; do
    h=$((900 * w / 1440))
    cwebp -quiet -q 78 -m 6 -crop 0 0 1440 900 -resize "$w" "$h" "$SRC/$name.png" -o "$OUT/$name-$w.webp"
  done
done
ls -l "$OUT"
