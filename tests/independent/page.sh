#!/usr/bin/env bash
# Consolidates the fy2026 scenario with the real binary and opens the page
# beside the workbook in Debian's chromium, headless (puppeteer-core and
# axe-core from npm): cards and counts against the JSON, no request outside
# the file, no console error, axe-core's WCAG A/AA rules, the printed PDF
# one department per page (tests/independent/check_page.mjs).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/mokuhyo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
tools="${MOKUHYO_NPM_TOOLS:-$work/npm}"
mkdir -p "$tools"
npm install --prefix "$tools" --no-save --no-audit --no-fund --silent \
  puppeteer-core@24.43.1 axe-core@4.14.1
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
"$bin" consolidate --config "$work/mokuhyo.toml" --today 2026-11-24
shots="${MOKUHYO_PAGE_SHOTS:-$work/out}"
mkdir -p "$shots"
NPM_TOOLS="$tools/node_modules" node tests/independent/check_page.mjs \
  "$work/out/全庁目標一覧_令和8年度.html" "$work/out/全庁目標一覧_令和8年度.json" "$shots"
