#!/bin/sh
# mokuhyo のインストール（リリースの tar.gz を展開したフォルダーで root が実行）
# Installs mokuhyo from the unpacked release tarball (run as root, from its folder):
#   /usr/local/bin/mokuhyo, /etc/mokuhyo/mokuhyo.toml (an existing one is kept),
#   the system user and group mokuhyo, its state folder /var/lib/mokuhyo, and the systemd
#   units mokuhyo.service, mokuhyo-check.service and mokuhyo-check.timer (not started).
# Running it again updates the binary and the units and keeps the configuration.
set -eu
cd "$(dirname "$0")"
if [ "$(id -u)" -ne 0 ]; then
    echo "root で実行してください（sudo ./install.sh） / run as root" >&2
    exit 1
fi

install -m 755 mokuhyo /usr/local/bin/mokuhyo

if ! getent group mokuhyo >/dev/null; then
    groupadd --system mokuhyo
fi
if ! getent passwd mokuhyo >/dev/null; then
    useradd --system --gid mokuhyo --home-dir /var/lib/mokuhyo --no-create-home \
        --shell /usr/sbin/nologin --comment "mokuhyo daemon" mokuhyo
fi
install -d -o mokuhyo -g mokuhyo -m 750 /var/lib/mokuhyo

install -d -m 755 /etc/mokuhyo
if [ ! -e /etc/mokuhyo/mokuhyo.toml ]; then
    install -m 640 -g mokuhyo mokuhyo.toml /etc/mokuhyo/mokuhyo.toml
    echo "設定ファイルを置きました / configuration written: /etc/mokuhyo/mokuhyo.toml"
else
    echo "設定ファイルはそのままです / configuration kept: /etc/mokuhyo/mokuhyo.toml"
fi

if [ -d /etc/systemd/system ]; then
    install -m 644 systemd/mokuhyo.service systemd/mokuhyo-check.service \
        systemd/mokuhyo-check.timer /etc/systemd/system/
    if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
        systemctl daemon-reload
    fi
fi

cat <<'NEXT'
次の手順 / next steps:
  1. /etc/mokuhyo/mokuhyo.toml の folder.path・output.dir・[mail] を編集
     (共有フォルダーのマウントは README.md の「Linux」を参照)
  2. sudo -u mokuhyo MOKUHYO_CONFIG=/etc/mokuhyo/mokuhyo.toml mokuhyo config check
  3. systemctl enable --now mokuhyo mokuhyo-check.timer
  4. mokuhyo status --config /etc/mokuhyo/mokuhyo.toml
NEXT
