"""Edits a department workbook with openpyxl between reads by `mokuhyo
consolidate` and checks `mokuhyo history --json` after each: exactly the
cell edited, nothing for a row inserted above or a restart, one entry for a
renamed goal, nothing for a corrupt save, and the next good save compared
with the last good one."""
import json
import subprocess
import sys

import openpyxl

binary, config, book, out = sys.argv[1:5]
AUTHOR = "建設課 openpyxl"


def mokuhyo(*args):
    done = subprocess.run([binary, "--config", config, *args], capture_output=True, text=True)
    assert done.returncode == 0, f"mokuhyo {args}: {done.stderr}"
    return done.stdout


def history():
    return json.loads(mokuhyo("history", "--json"))


def read_new(before):
    """Consolidates and returns the entries that read added (newest first)."""
    mokuhyo("consolidate")
    entries = history()
    return entries[: len(entries) - before]


def save(edit):
    wb = openpyxl.load_workbook(book)
    edit(wb)
    wb.properties.lastModifiedBy = AUTHOR
    wb.save(book)


def summary(entries):
    return [(e["cell"], e["field"], e["change"], e["before"], e["after"]) for e in entries]


def cell_of(ref):
    sheet, a1 = ref.rsplit("!", 1)
    return sheet, a1


def insert_row_above(ws, row):
    """Inserts a row above `row` as Excel does: cells and merged ranges move down."""
    merged = [r.coord for r in ws.merged_cells.ranges]
    for coord in merged:
        ws.unmerge_cells(coord)
    ws.insert_rows(row)
    for coord in merged:
        rng = openpyxl.worksheet.cell_range.CellRange(coord)
        if rng.min_row >= row:
            rng.shift(row_shift=1)
        ws.merge_cells(rng.coord)


mokuhyo("consolidate")
first = history()
assert [(e["field"], e["change"]) for e in first] == [("file", "first_seen")], first
seen = len(first)

parsed = json.loads(mokuhyo("check", "--json", book))["files"][0]["sheets"]
empty = next(i for s in parsed for g in s["goals"] for i in g["items"] if i["interim"]["status"] == "empty")
sheet, a1 = cell_of(empty["cells"]["interim"])

# Fill one report cell.
save(lambda wb: wb[sheet].__setitem__(a1, "測量設計を完了した。"))
new = read_new(seen)
assert summary(new) == [(f"{sheet}!{a1}", "interim", "filled", None, "測量設計を完了した。")], new
assert new[0]["modified_by"] == AUTHOR, new[0]
assert new[0]["item"] == empty["title"], new[0]
seen += len(new)

# A restart of the reader with nothing saved: nothing.
assert read_new(seen) == []

# Insert a row above everything on that sheet: the cell moves, nothing changed.
save(lambda wb: insert_row_above(wb[sheet], 1))
new = read_new(seen)
assert new == [], new
moved = f"{a1[0]}{int(a1[1:]) + 1}"

# Clear it: one `cleared`, at its new place.
save(lambda wb: wb[sheet].__setitem__(moved, None))
new = read_new(seen)
assert summary(new) == [(f"{sheet}!{moved}", "interim", "cleared", "測量設計を完了した。", None)], new
seen += len(new)

# Rename the first goal: one change of the goal.
goal = parsed[0]["goals"][0]
goal_sheet, goal_a1 = cell_of(goal["cell"])
goal_a1 = f"{goal_a1[0]}{int(goal_a1[1:]) + (1 if goal_sheet == sheet else 0)}"
renamed = goal["title"] + "（改）"
save(lambda wb: wb[goal_sheet].__setitem__(goal_a1, renamed))
new = read_new(seen)
assert summary(new) == [(f"{goal_sheet}!{goal_a1}", "goal", "changed", goal["title"], renamed)], new
seen += len(new)

# A corrupt save: nothing recorded.
with open(book, "rb") as f:
    good = f.read()
with open(book, "wb") as f:
    f.write(good[: len(good) // 2])
assert read_new(seen) == []

# The next good save: compared with the last good parse (one cell filled).
with open(book, "wb") as f:
    f.write(good)
save(lambda wb: wb[sheet].__setitem__(moved, "用地交渉中。"))
new = read_new(seen)
assert summary(new) == [(f"{sheet}!{moved}", "interim", "filled", None, "用地交渉中。")], new
seen += len(new)

print(f"{book}: ok ({seen} history entries)")

# The consolidated workbook's 変更履歴, read with openpyxl: newest first, the
# last fill on top with its cell and author, each report change linked to its
# item's row on 全庁一覧.
consolidated = openpyxl.load_workbook(f"{out}/全庁目標一覧_令和8年度.xlsx")
assert "変更履歴" in consolidated.sheetnames, consolidated.sheetnames
changes = consolidated["変更履歴"]
header = [c.value for c in changes[1]]
col = {name: i for i, name in enumerate(header)}
rows = list(changes.iter_rows(min_row=2))
listed = [(r[col["項目"]].value, r[col["変更"]].value) for r in rows]
assert listed == [
    ("中間報告", "記入"),
    ("目標", "変更"),
    ("中間報告", "削除(空欄化)"),
    ("中間報告", "記入"),
    ("ファイル", "初回読込"),
], listed
top = rows[0]
assert top[col["セル"]].value == f"{sheet}!{moved}", top[col["セル"]].value
assert top[col["変更後"]].value == "用地交渉中。"
assert top[col["保存者"]].value == AUTHOR
assert top[col["取組項目"]].value == empty["title"]
link = top[col["全庁一覧"]].hyperlink
assert link is not None and link.location, link
target_sheet, target_cell = link.location.rsplit("!", 1)
assert target_sheet.strip("'") == "全庁一覧", link.location
items = consolidated["全庁一覧"]
title_col = [c.value for c in items[1]].index("取組項目") + 1
target_title = items.cell(row=int(target_cell.lstrip("A")), column=title_col).value
# 全庁一覧 shows the title, then the item's text on the lines below.
assert target_title.splitlines()[0] == empty["title"], (link.location, target_title, empty["title"])
overview = [c.value for row in consolidated["概要"].iter_rows() for c in row if c.value]
assert "直近7日間：報告の記入 2件、期限の変更 0件" in overview, overview

print(f"{out}: 変更履歴 ok ({len(rows)} rows)")
