#!/usr/bin/env bash
# Goal-sheet structures in workbooks no code of ours wrote: openpyxl writes
# a long sheet whose printed pages repeat the title line and header (with
# progress by quarter) and a workbook of schedule grids, one sheet per
# fiscal year; LibreOffice saves them again as .xls and .ods. The real
# binary's `check --json` must read the exact items, deadlines, reports,
# fiscal years and departments from every copy. Needs python3-openpyxl and
# soffice (libreoffice-calc-nogui); a missing tool fails the check.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in soffice python3; do
  command -v "$tool" >/dev/null || { echo "structures check: $tool not found" >&2; exit 1; }
done

cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/mokuhyo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "structures check: $*" >&2
  exit 1
}

mkdir -p "$work/openpyxl" "$work/libreoffice"
python3 tests/independent/structures.py write "$work/openpyxl"

# LibreOffice run headless with a profile of its own; it exits 0 even when
# a file fails to convert, so each output is checked.
soffice_convert() { # FORMAT FILE
  local format="$1" file="$2" rc=0
  timeout 600 soffice "-env:UserInstallation=file://$work/profile" --headless \
    --convert-to "$format" --outdir "$work/libreoffice" "$file" >"$work/soffice.log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$work/soffice.log" >&2; fail "soffice exited with $rc"; }
  local out
  out="$work/libreoffice/$(basename "${file%.*}").$format"
  [ -s "$out" ] || { cat "$work/soffice.log" >&2; fail "$file: no $format written"; }
}

check() { # NAME FILE
  local name="$1" file="$2" json
  json="$work/$(basename "$file").json"
  "$bin" check --json "$file" >"$json" || fail "check --json $file exited with $?"
  python3 tests/independent/structures.py assert "$name" "$json"
}

for name in 業務改善取組表 工程表; do
  check "$name" "$work/openpyxl/$name.xlsx"
done
soffice_convert xls "$work/openpyxl/業務改善取組表.xlsx"
soffice_convert ods "$work/openpyxl/工程表.xlsx"
check 業務改善取組表 "$work/libreoffice/業務改善取組表.xls"
check 工程表 "$work/libreoffice/工程表.ods"
echo "structures check: ok"
