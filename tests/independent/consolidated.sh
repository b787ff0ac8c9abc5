#!/usr/bin/env bash
# Consolidates the fy2026 scenario with the real binary and has openpyxl, a
# reader independent of ours, open the workbook and check its contents; and
# Python's csv module read the publish CSV beside it.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/mokuhyo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "tests/fixtures/corpus/fy2026"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
TOML
"$bin" consolidate --config "$work/mokuhyo.toml" --today 2026-10-23
python3 tests/independent/check_consolidated.py "$work/out/全庁目標一覧_令和8年度.xlsx"
python3 tests/independent/check_publish_csv.py "$work/out/全庁目標一覧_令和8年度_公表.csv"
