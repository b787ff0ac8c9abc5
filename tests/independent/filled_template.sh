#!/usr/bin/env bash
# The round trip a department makes: mokuhyo writes next year's workbooks,
# openpyxl (a writer independent of ours) fills report cells the way a person
# would while the daemon watches the folder, and the consolidated workbook,
# read back by openpyxl, shows what was written.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
target_dir="${CARGO_TARGET_DIR:-target}"
case "$target_dir" in /*) ;; *) target_dir="$(pwd)/$target_dir" ;; esac
bin="$target_dir/debug/mokuhyo"
work="$(mktemp -d)"
daemon=""
cleanup() {
  [ -n "$daemon" ] && kill -9 "$daemon" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" template --all --fiscal-year 2027 --from tests/fixtures/corpus/fy2026 --out-dir "$work/share"
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[mail]
outbox_dir = "$work/outbox"
[watch]
debounce_ms = 500
TOML
"$bin" run --config "$work/mokuhyo.toml" > "$work/daemon.log" 2>&1 &
daemon=$!
book="$work/out/全庁目標一覧_令和9年度.xlsx"

# Waits until the consolidated workbook passes `check_filled_template.py $1`.
wait_for() {
  for _ in $(seq 120); do
    if [ -f "$book" ] && python3 tests/independent/check_filled_template.py check "$book" "$1" 2>/dev/null; then
      return 0
    fi
    sleep 0.5
  done
  echo "FAIL: the consolidated workbook never showed: $1"
  python3 tests/independent/check_filled_template.py check "$book" "$1" || true
  cat "$work/daemon.log"
  exit 1
}

wait_for empty
python3 tests/independent/check_filled_template.py fill "$work/share/令和9年度重点目標管理シート_市民生活部.xlsx"
wait_for filled
kill -TERM "$daemon"
wait "$daemon"
status=$?
daemon=""
[ "$status" -eq 0 ] || { echo "FAIL: the daemon exited with $status"; exit 1; }
echo "filled template: ok"
