#!/usr/bin/env bash
# The history of report cells when openpyxl, not mokuhyo's own test writer,
# edits and saves a department workbook the way a person would: one cell
# filled then cleared, a row inserted above, a goal renamed, a corrupt save
# between two good ones; `mokuhyo history --json` is checked after each read
# by `mokuhyo consolidate`, and the 変更履歴 sheet read back with openpyxl.
# Then the planning digest goes to aiosmtpd on loopback, and Python's email
# package reads its section on the changes since the last digest.
set -euo pipefail
cd "$(dirname "$0")/../.."
source tests/independent/common.bash
mkdir -p "$work/share"
cp "tests/fixtures/corpus/fy2026/令和8年度重点目標管理シート_建設部.xlsx" "$work/share/建設部.xlsx"
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[reminders]
enabled = false
[digest]
enabled = false
TOML
python3 tests/independent/check_history.py "$bin" "$work/mokuhyo.toml" "$work/share/建設部.xlsx" "$work/out"

start_aiosmtpd "$work/maildir"
python3 tests/independent/check_history_digest.py "$bin" "$work" "$port"
