#!/usr/bin/env bash
# The README's "Deploying in a real duty room", command by command, as root.
#
# Every README command is here with its names and paths in variables whose defaults are the
# README's own (tests/e2e/test_deploy_readme.py checks that each README line is here). The
# test runs it in a scratch prefix: its own group and accounts (removed afterwards), the
# data directory, bin directory and sshd configuration under $SCRATCH, and its own sshd on
# 127.0.0.1 instead of `systemctl reload ssh`. Lines marked "not in the README" are what a
# real host already has (the officers' keys, the main sshd configuration).
set -euo pipefail

PREFIX=${PREFIX:-/opt/dutyroom}       # the venv
BIN=${BIN:-/usr/local/bin}            # where the dutyroom command is linked
DATA=${DATA:-/srv/dutyroom}           # the data directory
GROUP=${GROUP:-dutyroom}
A=${A:-zhangwei}                      # two officers
B=${B:-lina}
SSH_ETC=${SSH_ETC:-/etc/ssh}
ENVIRONMENT=${ENVIRONMENT:-/etc/environment}
WHEEL=${WHEEL:-}                      # dutyroom-*.whl; empty: link the checkout (see step 1)
KEYS=${KEYS:-$PWD}                    # where the officers' public keys are handed in
PORT=${PORT:-}                        # set: start our own sshd on 127.0.0.1:$PORT
cd "$KEYS"

# -- 1. Install once, for everyone, with the system Python.
# (apt install python3-venv fonts-noto-cjk cups-client openssh-server: the CI image has them)
/usr/bin/python3 -m venv ${PREFIX}
if [ -n "$WHEEL" ]; then
  ${PREFIX}/bin/pip install $WHEEL
else
  # not in the README: CI has no package index; the checkout and the test venv's packages
  # (the same Python version) go on the new venv's path, and the console script is pip's own
  site=$(${PREFIX}/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  printf '%s\n%s\n' "$CHECKOUT" "$DEPS" > "$site/dutyroom-checkout.pth"
  printf '#!%s\nimport sys\nfrom dutyroom.__main__ import main\nsys.exit(main())\n' \
    "${PREFIX}/bin/python" > ${PREFIX}/bin/dutyroom
  chmod 755 ${PREFIX}/bin/dutyroom
fi
ln -s ${PREFIX}/bin/dutyroom ${BIN}/dutyroom

# -- 2. A dutyroom group owns the data.
groupadd ${GROUP}
install -d -m 2770 -g ${GROUP} ${DATA}
echo "DUTYROOM_DB=${DATA}" >> ${ENVIRONMENT}
printf 'tz = "Asia/Shanghai"\n' > ${DATA}/config.toml
chgrp ${GROUP} ${DATA}/config.toml && chmod 0660 ${DATA}/config.toml

# -- 3. One account per officer, with their SSH key.
for officer in ${A} ${B}; do  # not in the README: the keys the officers hand in
  ssh-keygen -q -t ed25519 -N '' -f "${KEYS}/${officer}" -C "${officer}"
done
useradd -m -s /bin/bash -G ${GROUP} ${A}
install -d -m 700 -o ${A} -g ${A} /home/${A}/.ssh
install -m 600 -o ${A} -g ${A} ${A}.pub /home/${A}/.ssh/authorized_keys
useradd -m -s /bin/bash -G ${GROUP} ${B}
install -d -m 700 -o ${B} -g ${B} /home/${B}/.ssh
install -m 600 -o ${B} -g ${B} ${B}.pub /home/${B}/.ssh/authorized_keys

# -- 4. SSH gives them the app and nothing else.
mkdir -p ${SSH_ETC}/sshd_config.d
cat > ${SSH_ETC}/sshd_config.d/dutyroom.conf <<CONF
# /etc/ssh/sshd_config.d/dutyroom.conf
Match Group ${GROUP} User *,!admin
    ForceCommand ${BIN}/dutyroom --db ${DATA}
    AllowTcpForwarding no
    X11Forwarding no
CONF
if [ -n "$PORT" ]; then
  # not in the README: a host's own /etc/ssh/sshd_config, here one of our own on 127.0.0.1
  ssh-keygen -q -t ed25519 -N '' -f ${SSH_ETC}/host_key
  cat > ${SSH_ETC}/sshd_config <<CONF
Port ${PORT}
ListenAddress 127.0.0.1
HostKey ${SSH_ETC}/host_key
PidFile ${SSH_ETC}/sshd.pid
PasswordAuthentication no
KbdInteractiveAuthentication no
PubkeyAuthentication yes
UsePAM yes
AllowUsers ${A} ${B}
AcceptEnv LANG LC_*
PrintMotd no
Include ${SSH_ETC}/sshd_config.d/*.conf
CONF
  mkdir -p /run/sshd
  /usr/sbin/sshd -t -f ${SSH_ETC}/sshd_config && /usr/sbin/sshd -f ${SSH_ETC}/sshd_config -E ${SSH_ETC}/sshd.log
else
  sshd -t && systemctl reload ssh
fi

# -- 5. The roster, and who is who.
cat > roster.csv <<'CSV'
date,shift,role,name,phone,os_user
2026-07-29,08:00,leader,王强,13800000001,
2026-07-29,08:00,officer,张伟,13800000002,zhangwei
2026-07-29,08:00,officer,李娜,13800000003,
CSV
sed -i "s/,zhangwei\$/,${A}/" roster.csv  # not in the README: the scratch account's name
dutyroom roster import roster.csv --db ${DATA}
runuser -u ${B} -- dutyroom roster identify 李娜 --db ${DATA}

# -- 6. Check it.
dutyroom doctor --db ${DATA}
