"""The consolidated workbook as LibreOffice prints it (a PDF made by
`soffice --convert-to pdf`), read page by page with pdftotext:

- no page is blank: every page holds more than its page header and footer;
- no page holds only the right-hand columns of a list (every list page
  carries its whole header row: the columns fit the page width), 未提出's
  with 記入するセル and ファイル;
- no cell prints `###` (a number or date wider than its column), and no
  header is cut: 概要's `エラーの` / `あるファイル` and 取込エラー's
  `前回データ使用` print whole;
- 全庁一覧 and 未提出: each department starts a new page, and a page holds
  one department;
- 概要: the two charts' titles, the chart legend and the 凡例 are printed.

Usage: check_printed_pages.py PDF DEPARTMENT...
"""

import subprocess
import sys

pdf = sys.argv[1]
departments = sys.argv[2:]


def fail(message):
    print(f"printed pages: {message}", file=sys.stderr)
    sys.exit(1)


pages = int(
    next(
        line.split()[1]
        for line in subprocess.run(
            ["pdfinfo", pdf], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        if line.startswith("Pages:")
    )
)


def page_text(number):
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(number), "-l", str(number), pdf, "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


# (sheet, lines between the page header and the footer) of every page.
printed = []
for number in range(1, pages + 1):
    lines = [line for line in page_text(number).splitlines() if line.strip()]
    if len(lines) < 3:
        fail(f"page {number} is blank: {lines}")
    header, body, footer = lines[0], lines[1:-1], lines[-1]
    if f"{number} / {pages}" not in footer:
        fail(f"page {number}: footer {footer!r}")
    if "集計日" not in header:
        fail(f"page {number}: header {header!r}")
    sheet = header.split("集計日")[0].split()[-1]
    printed.append((sheet, body))

sheets = [sheet for sheet, _ in printed]
for sheet in ["全庁集約", "全庁一覧", "期限一覧", "未提出", "取込エラー", "変更履歴"]:
    if sheet not in sheets:
        fail(f"no page of {sheet}: {sheets}")

for number, (sheet, body) in enumerate(printed, start=1):
    if any("###" in line for line in body):
        fail(f"page {number} ({sheet}) prints ###: {[l for l in body if '###' in l][:3]}")

overview = "\n".join(printed[0][1])
for word in ["エラーの", "あるファイル", "最終更新", "報告待ち"]:
    if word not in overview:
        fail(f"概要's header {word!r} is cut or missing")
for word in ["部局別 報告提出率", "達成度の分布", "中間報告", "期末報告", "凡例", "期限超過", "提出遅れ", "（記入欄なし）"]:
    if word not in overview:
        fail(f"概要 lacks {word!r}")


def first_column(line):
    """The text of column A on a line, when the line starts there."""
    if len(line) - len(line.lstrip()) > 2:
        return None
    return line.split()[0]


def pages_of(sheet, last_header, is_heading):
    """The departments each page of `sheet` holds, in page order; every
    page must carry the header row up to `last_header`."""
    found = []
    for number, (name, body) in enumerate(printed, start=1):
        if name != sheet:
            continue
        header = next((line for line in body if "部局" in line), "")
        if last_header not in header:
            fail(f"{sheet} page {number} lacks its whole header row ({last_header}): {body[:3]}")
        held = []
        for line in body:
            word = first_column(line)
            if word is None:
                continue
            for department in departments:
                if is_heading(word, department) and department not in held:
                    held.append(department)
        found.append((number, held))
    return found


def one_department_per_page(sheet, found):
    order = []
    for number, held in found:
        if len(held) > 1:
            fail(f"{sheet} page {number} holds {held}")
        if held and (not order or order[-1] != held[0]):
            if held[0] in order:
                fail(f"{sheet}: {held[0]} again on page {number} after {order}")
            order.append(held[0])
    return order


items = one_department_per_page(
    "全庁一覧", pages_of("全庁一覧", "自己評価", lambda word, d: word == d)
)
if items != departments:
    fail(f"全庁一覧 departments {items}, expected {departments}")

# 未提出: a department's heading (`建設部（4件）`) starts its pages; a page
# holds one heading at most, and a section (提出遅れ, then 未提出) starts a
# page of its own.
late = pages_of("未提出", "ファイル", lambda word, d: word.startswith(f"{d}（"))
for number, held in late:
    if len(held) > 1:
        fail(f"未提出 page {number} holds {held}")
for number, (sheet, body) in enumerate(printed, start=1):
    if sheet == "未提出" and "記入するセル" not in "\n".join(body):
        fail(f"未提出 page {number} lacks 記入するセル")

# The other lists print their whole header row on every page, each header
# on one line (a header cut in two prints as two pieces).
for sheet, last in [("期限一覧", "期末報告"), ("取込エラー", "前回データ使用"), ("変更履歴", "保存者")]:
    for number, (name, body) in enumerate(printed, start=1):
        if name == sheet and not any(last in line for line in body[:4]):
            fail(f"{sheet} page {number} lacks its whole header ({last}): {body[:4]}")
print(f"printed pages: ok ({pages} pages)")
