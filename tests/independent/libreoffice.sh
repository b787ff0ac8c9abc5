#!/usr/bin/env bash
# Opens the workbooks the real binary writes with LibreOffice, a spreadsheet
# program independent of ours: department workbooks (blank, carried over
# from the fy2026 corpus, Ogori layout) and the consolidated fy2026
# workbook are converted to PDF (a failed or empty conversion fails the
# check) and their text is read back with pdftotext; the consolidated
# workbook is also saved again as .xlsx by LibreOffice and read with
# openpyxl. Needs soffice (libreoffice-calc-nogui), pdftotext, pdfinfo and
# pdffonts (poppler-utils), Japanese fonts (fonts-noto-cjk), Carlito
# (fonts-crosextra-carlito) and python3-openpyxl; a missing tool fails the check.
# The sample folder's workbook is also checked as printed, page by page
# (check_printed_pages.py).
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in soffice pdftotext pdfinfo pdffonts python3 fc-list; do
  command -v "$tool" >/dev/null || { echo "libreoffice check: $tool not found" >&2; exit 1; }
done

cargo build --quiet
bin="${CARGO_TARGET_DIR:-target}/debug/mokuhyo"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
  echo "libreoffice check: $*" >&2
  exit 1
}

# LibreOffice run headless with a profile of its own, so that runs never
# share (or wait on) a user's profile; it exits 0 even when a file fails to
# load or convert, so the outputs are checked one by one.
soffice_convert() { # FORMAT OUTDIR FILE...
  local format="$1" outdir="$2"
  shift 2
  local rc=0
  timeout 600 soffice "-env:UserInstallation=file://${lo_profile:-$work/profile}" --headless \
    --convert-to "$format" --outdir "$outdir" "$@" >"$work/soffice.log" 2>&1 || rc=$?
  [ "$rc" -eq 0 ] || { cat "$work/soffice.log" >&2; fail "soffice exited with $rc"; }
  local ext="${format%%:*}" file out
  for file in "$@"; do
    out="$outdir/$(basename "${file%.*}").$ext"
    [ -s "$out" ] || { cat "$work/soffice.log" >&2; fail "$file: no $ext written"; }
  done
}

# A PDF of at least one page, set in a CJK font, whose text holds every one
# of the words.
pdf_has() { # PDF WORD...
  local pdf="$1"
  shift
  local pages
  pages="$(pdfinfo "$pdf" | awk '/^Pages:/ {print $2}')"
  [ "${pages:-0}" -ge 1 ] || fail "$pdf has no pages"
  # The Japanese text was set in a Japanese font, not in boxes.
  pdffonts "$pdf" | grep -q "CJK" || fail "$(basename "$pdf"): no CJK font embedded"
  pdftotext -layout "$pdf" "$pdf.txt"
  local word
  for word in "$@"; do
    grep -qF -- "$word" "$pdf.txt" || fail "$(basename "$pdf"): '$word' not in its text"
  done
}

echo "-- department workbooks"
"$bin" template --department 総務部 --fiscal-year 2027 --out-dir "$work/blank"
"$bin" template --all --fiscal-year 2027 --from tests/fixtures/corpus/fy2026 --out-dir "$work/all"
"$bin" template --department 財政課 --fiscal-year 2024 --layout ogori \
  --from tests/fixtures/corpus/ogori_action_plan_R5.xlsx -o "$work/ogori/財政課.xlsx"

soffice_convert pdf "$work/pdf/blank" "$work"/blank/*.xlsx
pdf_has "$work/pdf/blank/令和9年度重点目標管理シート_総務部.pdf" \
  令和9年度 総務部 重点目標 優先順位 重点目標管理シート 中間報告 期末報告

shopt -s nullglob
all=("$work"/all/*.xlsx)
[ "${#all[@]}" -eq 5 ] || fail "template --all wrote ${#all[@]} workbooks, expected 5"
soffice_convert pdf "$work/pdf/all" "${all[@]}"
for department in 総務部 企画部 市民生活部 健康福祉部 建設部; do
  pdf_has "$work/pdf/all/令和9年度重点目標管理シート_$department.pdf" \
    令和9年度 "$department" 重点目標 重点目標管理シート 中間報告 期末報告
done
# Goals and items carried over from the corpus.
pdf_has "$work/pdf/all/令和9年度重点目標管理シート_総務部.pdf" \
  地域防災力の向上 ○総合防災訓練の実施
pdf_has "$work/pdf/all/令和9年度重点目標管理シート_企画部.pdf" 移住・定住の促進

soffice_convert pdf "$work/pdf/ogori" "$work/ogori/財政課.xlsx"
pdf_has "$work/pdf/ogori/財政課.pdf" 財政課 歳出の抑制 適切な普通建設事業の展開
# Page breaks fall between item blocks: every page holds whole blocks, from
# their first row (項目番号) to their last (R7年度計画).
pages="$(pdfinfo "$work/pdf/ogori/財政課.pdf" | awk '/^Pages:/ {print $2}')"
for page in $(seq 1 "$pages"); do
  text="$(pdftotext -layout -f "$page" -l "$page" "$work/pdf/ogori/財政課.pdf" -)"
  first="$(grep -c 項目番号 <<<"$text" || true)"
  last="$(grep -c R7年度計画 <<<"$text" || true)"
  [ "$first" -ge 1 ] && [ "$first" -eq "$last" ] \
    || fail "財政課.pdf page $page: $first block start(s), $last block end(s)"
done

echo "-- consolidated workbook"
mkdir -p "$work/share"
cp tests/fixtures/corpus/fy2026/*.xlsx "$work/share/"
cat > "$work/mokuhyo.toml" <<TOML
[folder]
path = "$work/share"
[output]
dir = "$work/out"
[state]
database = "$work/state.sqlite"
[reminders.overrides.2026]
interim = "2026-10-30"
year_end = "2027-04-30"
TOML
"$bin" consolidate --config "$work/mokuhyo.toml" --today 2026-10-23
consolidated="$work/out/全庁目標一覧_令和8年度.xlsx"
soffice_convert pdf "$work/pdf/consolidated" "$consolidated"
pdf_has "$work/pdf/consolidated/全庁目標一覧_令和8年度.pdf" \
  全庁集約 部局別の状況 部局別 報告提出率 達成度の分布 全庁一覧 期限一覧 未提出 \
  総務部 企画部 市民生活部 健康福祉部 建設部 \
  ○市民意識調査の実施・分析 第3次総合計画後期基本計画の 期限超過

echo "-- the sample folder's consolidated workbook as printed, after the interim due date"
# Column widths are counted in the digits of the workbook's own font (游ゴシック,
# its Normal style), which no renderer here has: each substitutes its own. The
# pages must hold every list's columns with each font set a city PC may have:
# Noto CJK alone (fontconfig told to reject every other font), the machine's
# fonts without Carlito (DejaVu Sans takes the Latin digits) and with Carlito.
fc-list | grep Carlito >/dev/null || fail "the Carlito font (fonts-crosextra-carlito) is not installed"
fc-list | grep "Noto Sans CJK JP" >/dev/null || fail "Noto Sans CJK JP (fonts-noto-cjk) is not installed"
mkdir -p "$work/sample" "$work/fonts"
cp examples/shared-folder/*.xlsx "$work/sample/"
cat > "$work/sample.toml" <<TOML
[folder]
path = "$work/sample"
[output]
dir = "$work/sample-out"
[state]
database = "$work/sample.sqlite"
TOML
"$bin" consolidate --config "$work/sample.toml" --today 2026-11-24
font_config() { # NAME REJECT-GLOB...: a fontconfig file rejecting the fonts the globs match
  local name="$1" glob
  shift
  {
    echo '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
    echo '<include ignore_missing="yes">/etc/fonts/fonts.conf</include><selectfont><rejectfont>'
    for glob in "$@"; do echo "<glob>$glob</glob>"; done
    echo '</rejectfont></selectfont></fontconfig>'
  } > "$work/fonts/$name.conf"
}
# Noto CJK alone: every font outside fonts-noto-cjk's folder rejected, LibreOffice's own too.
noto_dir="$(dirname "$(fc-match -f '%{file}' 'Noto Sans CJK JP')")"
font_config noto-only '/usr/share/fonts/truetype/*' '/usr/lib/libreoffice/*' '/usr/share/fonts/type1/*' '/usr/local/share/fonts/*'
font_config no-carlito '*Carlito*'
font_config all
for fonts in noto-only no-carlito all; do
  FONTCONFIG_FILE="$work/fonts/$fonts.conf" fc-list : family | grep -q . \
    || fail "fontconfig $fonts: no font left"
  if [ "$fonts" = noto-only ]; then
    others="$(FONTCONFIG_FILE="$work/fonts/$fonts.conf" fc-list : file | grep -v "^$noto_dir/" || true)"
    [ -z "$others" ] || fail "fontconfig noto-only keeps other fonts: $others"
  fi
  out="$work/pdf/sample-$fonts"
  # A profile of its own per font set: LibreOffice keeps what it learnt of the fonts there.
  FONTCONFIG_FILE="$work/fonts/$fonts.conf" lo_profile="$work/profile-$fonts" \
    soffice_convert pdf "$out" "$work/sample-out/全庁目標一覧_令和8年度.xlsx"
  pdf_has "$out/全庁目標一覧_令和8年度.pdf" \
    "中間報告 提出遅れ 9件（提出期限 2026/10/15、40 日経過）" 凡例 （記入欄なし） 報告待ち
  echo "printed with fonts $fonts: $(pdfinfo "$out/全庁目標一覧_令和8年度.pdf" | awk '/^Pages:/ {print $2}') pages"
  python3 tests/independent/check_printed_pages.py "$out/全庁目標一覧_令和8年度.pdf" \
    企画部 健康福祉部 市民生活部 建設部 教育部 総務部 部局不明
done

# Saved again by LibreOffice: it must have read every cell.
soffice_convert xlsx "$work/resaved" "$consolidated"
python3 tests/independent/check_libreoffice_resave.py "$consolidated" \
  "$work/resaved/全庁目標一覧_令和8年度.xlsx"
echo "libreoffice check: ok"
