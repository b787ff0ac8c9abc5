#!/usr/bin/env bash
# Generates workbooks with the real binary and has openpyxl check them:
# blank, carried over from the fy2026 corpus, one per department, Ogori.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/mokuhyo"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

"$bin" template --department 総務部 --fiscal-year 2027 --out-dir "$out/blank"
"$bin" template --all --fiscal-year 2027 --from tests/fixtures/corpus/fy2026 --out-dir "$out/all"
"$bin" template --department 財政課 --fiscal-year 2024 --layout ogori \
  --from tests/fixtures/corpus/ogori_action_plan_R5.xlsx -o "$out/ogori.xlsx"

python3 tests/independent/check_template.py ueda "$out"/blank/*.xlsx "$out"/all/*.xlsx
python3 tests/independent/check_template.py ogori "$out/ogori.xlsx"
