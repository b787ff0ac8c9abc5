#!/usr/bin/env bash
# The Windows release exe run under Wine as an administrator would run it,
# on a copy of the sample folder: config check, check, consolidate, then the
# daemon seeing a workbook saved into the folder, status --check while it
# runs, mokuhyo stop; the daemon again, stopped by Ctrl-C. Checked by exit
# codes, files and `status --json`, never by the wording of messages.
# Usage: smoke.sh EXE WORKDIR (from the repository root, WINEPREFIX set).
set -euo pipefail
# One language for both builds, whose `check` output is compared byte for
# byte: the Linux build reads the locale, Wine's exe the UI language.
export MOKUHYO__UI__LANGUAGE=ja
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
rescan_schedule = ''
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
[ -x target/release/mokuhyo ] || fail "target/release/mokuhyo (the host release build of deploy/release.sh) is missing"
for format in text json; do
  args=(check examples/shared-folder/*.xlsx)
  [ "$format" = text ] || args+=(--json)
  wine "$exe" "${args[@]}" "${config[@]}" >"$w/check.windows.$format" || fail "check ($format)"
  target/release/mokuhyo "${args[@]}" --config "$w/mokuhyo.toml" >"$w/check.linux.$format" 2>/dev/null || true
  [ -s "$w/check.windows.$format" ] || fail "check ($format) printed nothing"
  tr -d '\r' <"$w/check.windows.$format" | cmp -s - "$w/check.linux.$format" \
    || { diff <(tr -d '\r' <"$w/check.windows.$format") "$w/check.linux.$format" | head -n 20; fail "check ($format) differs from Linux"; }
done

echo "-- consolidate"
wine "$exe" consolidate "${config[@]}" || fail "consolidate"
[ -s "$w/out/全庁目標一覧_令和8年度.xlsx" ] || fail "no consolidated workbook"
grep -qF '\\?\' "$w/out/全庁目標一覧_令和8年度.json" && fail 'the JSON names a \\?\ path'

# A field of `status --json` (python3: the independent checks' reader).
status_field() { # field (daemon.running, last_scan …)
  wine "$exe" status --json "${config[@]}" 2>/dev/null | tr -d '\r' | python3 -c '
import json, sys
value = json.load(sys.stdin)
for key in sys.argv[1].split("."):
    value = value[key]
print(json.dumps(value))' "$1"
}
wait_for() { # what command...: until the command succeeds, for at most a minute
  local what=$1
  shift
  for _ in $(seq 1 300); do "$@" && return 0; sleep 0.2; done
  fail "$what"
}
running() { [ "$(status_field daemon.running)" = true ]; }
scanned_since() { [ "$(status_field last_scan)" != "$1" ]; }
saved_seen() { grep -q '"総務部"' "$w/out/全庁目標一覧_令和8年度.json"; }
stopped() { ! kill -0 "$daemon" 2>/dev/null; }

echo "-- run, a workbook saved into the watched folder (no rescan: only the watcher can see it)"
before=$(status_field last_scan)
wine "$exe" run "${config[@]}" >"$w/run.out" 2>"$w/run.err" &
daemon=$!
wait_for "the daemon did not start" running
wait_for "the daemon did not scan the folder" scanned_since "$before"
saved_seen && fail "the consolidated JSON holds the late workbook before it was saved"
cp "examples/shared-folder/$late" "$w/folder/"
wait_for "the watcher did not see the saved workbook" saved_seen

echo "-- status --check while it runs"
wine "$exe" status --check "${config[@]}" || fail "status --check"

echo "-- mokuhyo stop"
wine "$exe" stop "${config[@]}" || fail "mokuhyo stop"
wait "$daemon" || fail "the daemon did not exit cleanly after mokuhyo stop"
daemon=
running && fail "status still shows the daemon running after mokuhyo stop"
wine "$exe" consolidate "${config[@]}" || fail "consolidate after the stop (the instance lock still held?)"

echo "-- run again, stopped by Ctrl-C"
before=$(status_field last_scan)
wine "$exe" run "${config[@]}" >"$w/run2.out" 2>"$w/run2.err" &
daemon=$!
wait_for "the daemon did not start again" running
wait_for "the daemon did not scan the folder again" scanned_since "$before"
kill -INT "$daemon" # Wine delivers SIGINT as CTRL_C_EVENT
wait_for "no stop on Ctrl-C" stopped
wait "$daemon" || fail "the daemon did not exit cleanly on Ctrl-C"
daemon=
running && fail "status still shows the daemon running after Ctrl-C"
echo "-- smoke run passed"
