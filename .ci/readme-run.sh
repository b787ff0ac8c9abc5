#!/usr/bin/env bash
# The README's first command as a newcomer runs it in a fresh clone: `cargo run --release --
# run` builds mokuhyo, starts the daemon on the bundled sample folder with the built-in
# configuration, says that it is watching the folder and writes the consolidated workbook.
# Called by .ci/run with CARGO_HOME set to an empty folder. Bounded in time: the build and
# the first pass within 40 minutes. The daemon is then stopped with `mokuhyo stop`, must end
# with exit code 0, and what it wrote (out/, state/) is removed.
set -euo pipefail
cd "$(dirname "$0")/.."

bound_secs=2400
workbook=out/全庁目標一覧_令和8年度.xlsx
for written in out state; do
  [ ! -e "$written" ] || { echo "FAIL: $written/ exists before the run"; exit 1; }
done

log=$(mktemp)
cargo run --release --locked -- run >"$log" 2>&1 &
daemon=$!
cleanup() {
  if kill -0 "$daemon" 2>/dev/null; then
    [ ! -x target/release/mokuhyo ] || target/release/mokuhyo stop --wait 30 >/dev/null 2>&1 || true
    kill "$daemon" 2>/dev/null || true
  fi
  rm -rf out state "$log"
}
trap cleanup EXIT

started=$SECONDS
until grep -qE 'mokuhyo is watching|mokuhyo が .* を監視しています' "$log" && [ -s "$workbook" ]; do
  if ! kill -0 "$daemon" 2>/dev/null; then
    echo "FAIL: the daemon ended before watching the folder; its output:"
    tail -n 40 "$log"
    exit 1
  fi
  if [ $((SECONDS - started)) -ge "$bound_secs" ]; then
    echo "FAIL: not watching the folder with $workbook written after ${bound_secs} s; its output:"
    tail -n 40 "$log"
    exit 1
  fi
  sleep 2
done
echo "watching the folder, $workbook written, after $((SECONDS - started)) s (build included)"
grep -E 'mokuhyo is watching|mokuhyo が .* を監視しています' "$log"

python3 - "$workbook" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
sheets = [n for n in names if n.startswith("xl/worksheets/sheet")]
if not sheets:
    sys.exit(f"FAIL: {sys.argv[1]} holds no worksheet: {names}")
print(f"{sys.argv[1]}: {len(sheets)} sheets")
EOF

target/release/mokuhyo stop --wait 60
status=0
wait "$daemon" || status=$?
[ "$status" -eq 0 ] || { echo "FAIL: the daemon ended with exit code $status"; tail -n 40 "$log"; exit 1; }
echo "the daemon stopped with exit code 0"
