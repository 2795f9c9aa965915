#!/usr/bin/env bash
# System packages the tests use (and the app, for PDF fonts): installed when missing and we
# are root with apt; otherwise the tests that need them say so and skip.
set -u
want=()
command -v tmux >/dev/null 2>&1 || want+=(tmux)
command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || want+=(fonts-noto-cjk)
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${want[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}") >/dev/null 2>&1 \
    || echo "warning: could not install ${want[*]}; tests that need them will skip"
else
  echo "note: missing system packages (${want[*]}); tests that need them will skip"
fi
exit 0
