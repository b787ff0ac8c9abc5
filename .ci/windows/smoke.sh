#!/usr/bin/env bash
# The Windows release exe run under Wine as an administrator would run it,
# on a copy of the sample folder: config check, check, consolidate, then the
# daemon seeing a workbook saved into the folder, status --check while it
# runs, mokuhyo stop; the daemon again, stopped by Ctrl-C.
# Usage: smoke.sh EXE WORKDIR (from the repository root, WINEPREFIX set).
set -euo pipefail
exe=$1
w=$2
mkdir -p "$w/folder"
daemon=
trap '[ -z "$daemon" ] || kill -KILL "$daemon" 2>/dev/null || true' EXIT

fail() {
  echo "FAIL: $*"
  for log in "$w"/run*.err; do [ -e "$log" ] && { echo "-- $log"; cat "$log"; }; done
  exit 1
}

# /tmp/x/y as Windows sees it: Z:\tmp\x\y.
windows_path() { printf 'Z:%s' "${1//\//\\}"; }

# Configuration as an administrator writes it: Windows paths in single quotes.
cat >"$w/mokuhyo.toml" <<EOF
[folder]
path = '$(windows_path "$w/folder")'
[output]
dir = '$(windows_path "$w/out")'
[state]
database = '$(windows_path "$w/state/mokuhyo.sqlite")'
[mail]
outbox_dir = '$(windows_path "$w/outbox")'
[watch]
debounce_ms = 300
EOF
config=(--config "$(windows_path "$w/mokuhyo.toml")")

late=令和8年度重点目標管理シート_総務部.xlsx
for file in examples/shared-folder/*.xlsx; do
  [ "$(basename "$file")" = "$late" ] || cp "$file" "$w/folder/"
done

echo "-- mokuhyo --version"
wine "$exe" --version

echo "-- config check"
wine "$exe" config check "${config[@]}" >"$w/config.out" || fail "config check"
grep -q "$(windows_path "$w/folder" | sed 's/\\/\\\\/g')" "$w/config.out" \
  || fail "config check does not show the folder as written"

echo "-- check, byte for byte what the Linux build prints"
[ -x target/debug/mokuhyo ] || fail "target/debug/mokuhyo (the host build of cargo test) is missing"
for format in text json; do
  args=(check examples/shared-folder/*.xlsx)
  [ "$format" = text ] || args+=(--json)
  wine "$exe" "${args[@]}" "${config[@]}" >"$w/check.windows.$format" || fail "check ($format)"
  target/debug/mokuhyo "${args[@]}" --config "$w/mokuhyo.toml" >"$w/check.linux.$format" 2>/dev/null || true
  [ -s "$w/check.windows.$format" ] || fail "check ($format) printed nothing"
  tr -d '\r' <"$w/check.windows.$format" | cmp -s - "$w/check.linux.$format" \
    || { diff <(tr -d '\r' <"$w/check.windows.$format") "$w/check.linux.$format" | head -n 20; fail "check ($format) differs from Linux"; }
done

echo "-- consolidate"
wine "$exe" consolidate "${config[@]}" || fail "consolidate"
[ -s "$w/out/全庁目標一覧_令和8年度.xlsx" ] || fail "no consolidated workbook"
grep -qF '\\?\' "$w/out/全庁目標一覧_令和8年度.json" && fail 'the JSON names a \\?\ path'

echo "-- run, a workbook saved into the watched folder"
wine "$exe" run "${config[@]}" >"$w/run.out" 2>"$w/run.err" &
daemon=$!
wait_for() { # pattern file what
  for _ in $(seq 1 300); do grep -q "$1" "$2" 2>/dev/null && return 0; sleep 0.2; done
  fail "$3"
}
wait_for 'folder scanned' "$w/run.err" "the daemon did not scan the folder"
cp "examples/shared-folder/$late" "$w/folder/"
wait_for "workbook read.*総務部" "$w/run.err" "the watcher did not see the saved workbook"
wait_for '"総務部"' "$w/out/全庁目標一覧_令和8年度.json" "the consolidated JSON lacks the saved workbook"

echo "-- status --check while it runs"
wine "$exe" status --check "${config[@]}" || fail "status --check"

echo "-- mokuhyo stop"
wine "$exe" stop "${config[@]}" || fail "mokuhyo stop"
wait "$daemon" || fail "the daemon did not exit cleanly after mokuhyo stop"
daemon=
grep -q 'mokuhyo stopped' "$w/run.err" || fail "no clean stop after mokuhyo stop"

echo "-- run again, stopped by Ctrl-C"
wine "$exe" run "${config[@]}" >"$w/run2.out" 2>"$w/run2.err" &
daemon=$!
wait_for 'folder scanned' "$w/run2.err" "the daemon did not start again"
kill -INT "$daemon" # Wine delivers SIGINT as CTRL_C_EVENT
for _ in $(seq 1 300); do kill -0 "$daemon" 2>/dev/null || break; sleep 0.1; done
kill -0 "$daemon" 2>/dev/null && fail "no stop on Ctrl-C"
wait "$daemon" || fail "the daemon did not exit cleanly on Ctrl-C"
daemon=
grep -q 'mokuhyo stopped' "$w/run2.err" || fail "no clean stop on Ctrl-C"
echo "-- smoke run passed"
