#!/usr/bin/env bash
# Sends the fy2026 reminders with the real binary to aiosmtpd, an SMTP server
# independent of ours, on loopback; Python's email package reads what arrived.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/independent/common.bash

mkdir -p "$work/share"
start_aiosmtpd "$work/maildir"

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
