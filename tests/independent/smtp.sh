#!/usr/bin/env bash
# Sends the fy2026 reminders with the real binary to aiosmtpd, an SMTP server
# independent of ours, on loopback; Python's email package reads what arrived.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
bin="$target_dir/debug/mokuhyo"
work="$(mktemp -d)"
server=""
cleanup() {
  [ -n "$server" ] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/share"
python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$work/maildir" &
server=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.2
done

cp tests/fixtures/corpus/fy2026/*.xlsx "$work/share/"
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
[digest]
enabled = false
[mail]
from = "mokuhyo@city.example.jp"
planning = ["kikakuka@city.example.jp"]
transport = "smtp"
templates_dir = "$(pwd)/templates/mail"
[mail.smtp]
host = "127.0.0.1"
port = $port
security = "none"
timeout_secs = 20
retries = 1
backoff_secs = 1
[[departments]]
name = "市民生活部"
to = ["shimin@city.example.jp"]
[[departments]]
name = "建設部"
to = ["kensetsu@city.example.jp"]
[[departments]]
name = "総務部"
to = ["somu@city.example.jp"]
[[departments]]
name = "企画部"
to = ["kikaku@city.example.jp"]
[[departments]]
name = "健康福祉部"
to = ["fukushi@city.example.jp"]
TOML

# Seven days before the interim due date, then again the same day (nothing
# new), then after the due date (overdue notices, copied to the planning section).
"$bin" remind --config "$work/mokuhyo.toml" --today 2026-10-23
"$bin" remind --config "$work/mokuhyo.toml" --today 2026-10-23
"$bin" remind --config "$work/mokuhyo.toml" --today 2026-11-02
python3 tests/independent/check_smtp.py "$work/maildir"
