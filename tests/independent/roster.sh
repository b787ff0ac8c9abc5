#!/usr/bin/env bash
# The recipient roster as the planning section keeps it: openpyxl writes the
# workbook as a person would (an instructions sheet first, a merged title,
# date cells in 和暦 format, a text 和暦 date, column widths), the real
# binary reads it on both sides of the April switch, sends the year-end
# reminders of 2027-03-31 and 2027-04-01 to aiosmtpd on loopback, and keeps
# the last good roster after openpyxl saves a broken one over it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/independent/common.bash

mkdir -p "$work/share"
start_aiosmtpd "$work/maildir"

for department in 総務部 市民生活部 建設部; do
  cp "tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_$department.xlsx" "$work/share/"
done
python3 tests/independent/check_roster.py write "$work/宛先名簿.xlsx"
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[roster]
path = "$work/宛先名簿.xlsx"
[reminders]
before_days = [5, 4]
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-05"
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
to = ["toml-shimin@city.example.jp"]
TOML

"$bin" roster check --config "$work/mokuhyo.toml" --on 2027-03-31 > "$work/check-march.txt"
"$bin" roster check --config "$work/mokuhyo.toml" --on 2027-04-01 > "$work/check-april.txt"
"$bin" remind --config "$work/mokuhyo.toml" --today 2027-03-31 > "$work/remind-march.txt"
python3 tests/independent/check_roster.py mails "$work/maildir" march
"$bin" remind --config "$work/mokuhyo.toml" --today 2027-04-01 > "$work/remind-april.txt"
python3 tests/independent/check_roster.py mails "$work/maildir" april
python3 tests/independent/check_roster.py checks "$work/check-march.txt" "$work/check-april.txt"

# A later save breaks it; the last good roster stays in force.
python3 tests/independent/check_roster.py break "$work/宛先名簿.xlsx"
status=0
"$bin" roster check --config "$work/mokuhyo.toml" --on 2027-04-01 > "$work/check-broken.txt" || status=$?
[ "$status" -eq 1 ] || { echo "roster check of a broken roster: exit $status, expected 1"; exit 1; }
"$bin" remind --config "$work/mokuhyo.toml" --dry-run --today 2027-04-02 > "$work/dry-broken.txt"
python3 tests/independent/check_roster.py broken "$work/check-broken.txt" "$work/dry-broken.txt"
echo "roster: ok"
