#!/usr/bin/env bash
# System packages the tests use (and the app, for PDF fonts): installed when missing and we
# are root with apt; otherwise the tests that need them say so and skip.
set -u
want=()
command -v tmux >/dev/null 2>&1 || want+=(tmux)
command -v pdftoppm >/dev/null 2>&1 || want+=(poppler-utils)
[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || want+=(fonts-noto-cjk)
# the e2e tests start their own OpenSSH server on 127.0.0.1 (tests/e2e/test_ssh_sessions.py)
[ -x /usr/sbin/sshd ] || want+=(openssh-server)
# the terminal tests run the app under LANG=zh_CN.UTF-8: generate that locale when missing
if ! locale -a 2>/dev/null | grep -qix 'zh_CN.utf8' && [ "$(id -u)" = 0 ]; then
  if [ ! -e /usr/share/i18n/locales/zh_CN ] && command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends locales) >/dev/null 2>&1
  fi
  localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 >/dev/null 2>&1 \
    || echo "warning: could not generate the zh_CN.UTF-8 locale; the app is tested under it anyway"
fi
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "installing system packages: ${want[*]}"
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${want[@]}") >/dev/null 2>&1 \
    || echo "warning: could not install ${want[*]}; tests that need them will skip"
else
  echo "note: missing system packages (${want[*]}); tests that need them will skip"
fi
exit 0
