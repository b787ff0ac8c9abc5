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

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Mailbox "$work/maildir" &
server=$!
for _ in $(seq 50); do
  python3 -c "import socket; socket.create_connection(('127.0.0.1', $port), 1)" 2>/dev/null && break
  sleep 0.2
done
python3 tests/independent/check_history_digest.py "$bin" "$work" "$port"
