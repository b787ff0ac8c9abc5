#!/usr/bin/env bash
# SMTP faults with the real binary and aiosmtpd, an SMTP server independent of
# ours, on loopback: a server that refuses the planning section's address
# (the departments' overdue notices still arrive; `status` names the address),
# and one that stores a message but replies only after the sender was killed
# (the next run sends it again with the same Message-ID: the window README
# states). Python's email package reads what arrived.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/independent/common.bash

mkdir -p "$work/share"
# Starts a fault server storing into $1; sets $port.
start_server() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  port="$(free_port)"
  python3 tests/independent/smtp_faults_server.py "$port" "$1" kikakuka &
  server=$!
  wait_for_port "$port"
}
cp tests/fixtures/corpus/fy2026/*.xlsx "$work/share/"

# A configuration with its own state file, so that each case starts afresh.
config() {
  cat > "$work/$1.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out-$1"
[state]
database = "$work/$1.sqlite"
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
[digest]
enabled = false
[mail]
from = "mokuhyo@city.example.jp"
planning = ["kikakuka@city.example.jp", "kikaku-fuku@city.example.jp"]
transport = "smtp"
templates_dir = "$(pwd)/templates/mail"
[mail.smtp]
host = "127.0.0.1"
port = $port
security = "none"
timeout_secs = 30
retries = 0
[[departments]]
name = "市民生活部"
to = ["shimin@city.example.jp"]
[[departments]]
name = "建設部"
to = ["kensetsu@city.example.jp"]
TOML
}

echo "-- a refused copy"
start_server "$work/refused-mail"
config refused
"$bin" remind --config "$work/refused.toml" --today 2026-11-02 || true
"$bin" status --config "$work/refused.toml" \
  | python3 tests/independent/check_smtp_faults.py refused "$work/refused-mail" \
      kikakuka@city.example.jp kikaku-fuku@city.example.jp

echo "-- a reply lost after DATA"
start_server "$work/mail"
config lost
echo 5 > "$work/mail/delay"
"$bin" remind --config "$work/lost.toml" --today 2026-10-23 &
sender=$!
for _ in $(seq 300); do
  [ -e "$work/mail/001.eml" ] && break
  sleep 0.1
done
[ -e "$work/mail/001.eml" ] || { echo "the first message never arrived"; exit 1; }
kill -KILL "$sender"
wait "$sender" 2>/dev/null || true
echo 0 > "$work/mail/delay"
first="$(head -1 "$work/mail/001.rcpt")"
"$bin" remind --config "$work/lost.toml" --today 2026-10-26
python3 tests/independent/check_smtp_faults.py resent "$work/mail" "$first"
